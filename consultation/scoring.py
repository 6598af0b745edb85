"""Extraction models in the database: versions, training, and scoring comments.

A trained model is stored whole in ``model_version.artifact`` (portable JSON), so any
version can be restored and re-activated; versions are never deleted and exactly one is
active. Scoring writes one ``Suggestion`` per comment and model version.

Functions take the session as a keyword argument and never commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pulso.analytics.extraction import ExtractionModel, Row, ThemeInfo, fit, load_seed
from pulso.analytics.extraction.evaluation import binary_report
from pulso.consultation.intake import record_audit
from pulso.db.keys import insert_missing
from pulso.db.models import (
    Account,
    Campaign,
    Comment,
    Consultation,
    ModelVersion,
    Post,
    Proposal,
    ReviewStatus,
    Suggestion,
    Theme,
)
from pulso.db.types import utcnow
from pulso.errors import NotFound

BATCH_SIZE = 1000
_CACHE: dict[str, ExtractionModel] = {}


# --------------------------------------------------------------------------------------
# Versions
# --------------------------------------------------------------------------------------


def active_version(*, session: Session) -> ModelVersion | None:
    return session.scalar(select(ModelVersion).where(ModelVersion.is_active.is_(True)))


def list_versions(*, session: Session) -> Sequence[ModelVersion]:
    return session.scalars(select(ModelVersion).order_by(ModelVersion.id)).all()


def load_model(*, session: Session, version: str | None = None) -> tuple[ExtractionModel, str]:
    """The model of ``version`` (default: the active one), restored from its artifact."""
    row = (
        session.scalar(select(ModelVersion).where(ModelVersion.version == version))
        if version
        else active_version(session=session)
    )
    if row is None:
        raise NotFound(
            f"no extraction model version {version!r}"
            if version
            else "no active extraction model: run `pulso extract train`"
        )
    if row.version not in _CACHE:
        _CACHE[row.version] = ExtractionModel.from_artifact(row.artifact, row.metrics)
    return _CACHE[row.version], row.version


def activate(*, session: Session, version: str, actor: str) -> ModelVersion:
    """Make ``version`` the active model (a rollback is activating an older one)."""
    row = session.scalar(select(ModelVersion).where(ModelVersion.version == version))
    if row is None:
        raise NotFound(f"no extraction model version {version!r}")
    previous = active_version(session=session)
    session.execute(update(ModelVersion).values(is_active=False))
    session.execute(update(ModelVersion).where(ModelVersion.id == row.id).values(is_active=True))
    session.flush()
    session.expire_all()
    record_audit(
        session=session,
        actor=actor,
        entity="model_version",
        entity_id=row.id,
        action="activate",
        from_value=previous.version if previous else None,
        to_value=row.version,
        model_version=row.version,
    )
    return row


def reviewed_rows(*, session: Session) -> list[Row]:
    """The team's own decisions as training rows.

    confirmed -> a proposal (with the theme the reviewer chose); rejected -> not a
    proposal; abusive -> not a proposal, abusive.
    """
    query = (
        select(Comment.id, Comment.text, Comment.review_status, Theme.slug)
        .outerjoin(Proposal, Proposal.source_comment_id == Comment.id)
        .outerjoin(Theme, Theme.id == Proposal.theme_id)
        .where(Comment.review_status != ReviewStatus.PENDING)
        .order_by(Comment.id)
    )
    rows: dict[int, Row] = {}
    for comment_id, text, status, theme in session.execute(query):
        if not (text or "").strip() or comment_id in rows:
            continue
        confirmed = status == ReviewStatus.CONFIRMED
        rows[comment_id] = Row(
            text=text,
            is_proposal=int(confirmed),
            theme=theme if confirmed else None,
            abusive=int(status == ReviewStatus.ABUSIVE),
            source=f"comment:{comment_id}",
        )
    return list(rows.values())


def train(*, session: Session, actor: str, now: dt.datetime | None = None) -> ModelVersion:
    """Fit on the seed set plus every reviewed comment; store and activate a new version."""
    now = now or utcnow()
    seed, reviewed = load_seed(), reviewed_rows(session=session)
    rows = seed + reviewed
    model = fit(rows)
    number = (session.scalar(select(func.count()).select_from(ModelVersion)) or 0) + 1
    artifact = model.to_artifact()
    digest = hashlib.sha256(json.dumps(artifact, sort_keys=True).encode()).hexdigest()[:8]
    version = f"v{number}-{now:%Y%m%d%H%M%S}-{digest}"
    metrics = {"seed_rows": len(seed), "reviewed_rows": len(reviewed)}
    labelled = [r for r in rows if r.is_proposal is not None]
    probs = model.proposal_proba([r.text for r in labelled])
    metrics["training_fit"] = binary_report(
        [r.is_proposal for r in labelled], [int(p >= 0.5) for p in probs]
    )["per_label"]["proposal"]
    row = ModelVersion(
        version=version,
        created_at=now,
        is_active=False,
        training_rows=len(rows),
        metrics=metrics,
        artifact=artifact,
    )
    session.add(row)
    session.flush()
    _CACHE[version] = model
    record_audit(
        session=session,
        actor=actor,
        entity="model_version",
        entity_id=row.id,
        action="train",
        to_value=version,
        reason=f"{len(seed)} seed rows + {len(reviewed)} reviewed comments",
        model_version=version,
    )
    return activate(session=session, version=version, actor=actor)


def ensure_model(*, session: Session, actor: str) -> tuple[ExtractionModel, str]:
    """The active model; the first time, one trained on the seed set."""
    if active_version(session=session) is None:
        train(session=session, actor=actor)
    return load_model(session=session)


# --------------------------------------------------------------------------------------
# Which consultation a comment belongs to, and its themes
# --------------------------------------------------------------------------------------


def consultation_column():
    """SQL expression: the consultation of a comment, through its post's campaign/account."""
    return func.coalesce(Campaign.consultation_id, Account.consultation_id)


def with_consultation(query):
    return (
        query.outerjoin(Post, Post.id == Comment.post_id)
        .outerjoin(Campaign, Campaign.id == Post.campaign_id)
        .outerjoin(Account, Account.id == Post.account_id)
    )


def default_consultation_id(*, session: Session, slug: str | None = None) -> int | None:
    """The consultation given by slug; else the only one there is; else None."""
    if slug:
        row = session.scalar(select(Consultation).where(Consultation.slug == slug))
        if row is None:
            raise NotFound(f"no consultation {slug!r}")
        return row.id
    ids = session.scalars(select(Consultation.id).limit(2)).all()
    return ids[0] if len(ids) == 1 else None


def theme_infos(*, session: Session, consultation_id: int | None) -> list[ThemeInfo]:
    if consultation_id is None:
        return []
    themes = session.scalars(
        select(Theme).where(Theme.consultation_id == consultation_id).order_by(Theme.position)
    ).all()
    return [
        ThemeInfo(t.slug, t.name_es, t.name_en, t.description_es, t.description_en) for t in themes
    ]


# --------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------


@dataclass
class ScoreResult:
    version: str
    scored: int = 0


def score_pending(
    *,
    session: Session,
    model: ExtractionModel | None = None,
    version: str | None = None,
    consultation: str | None = None,
    batch_size: int = BATCH_SIZE,
) -> ScoreResult:
    """Store a suggestion of the model for every comment it has not scored yet.

    ``model``/``version`` default to the active model. With ``consultation`` (a slug) only
    that consultation's comments are scored (plus comments whose consultation cannot be
    told from their post, e.g. Disqus replies, which are taken to belong to it).
    Re-running is idempotent: one suggestion per comment and version.
    """
    if model is None:
        model, version = load_model(session=session, version=version)
    elif version is None:
        raise ValueError("a model passed in needs its version string")
    default_id = default_consultation_id(session=session, slug=consultation)
    result = ScoreResult(version=version)
    scored = select(Suggestion.comment_id).where(Suggestion.model_version == version)
    cons = consultation_column()
    last_id = 0
    themes_cache: dict[int | None, list[ThemeInfo]] = {}
    while True:
        query = with_consultation(select(Comment.id, Comment.text, cons)).where(
            Comment.id > last_id, Comment.is_deleted.is_(False), Comment.id.not_in(scored)
        )
        if consultation:
            query = query.where((cons == default_id) | cons.is_(None))
        batch = session.execute(query.order_by(Comment.id).limit(batch_size)).all()
        if not batch:
            break
        last_id = batch[-1][0]
        groups: dict[int | None, list] = {}
        for comment_id, text, consultation_id in batch:
            groups.setdefault(consultation_id or default_id, []).append((comment_id, text))
        rows = []
        for consultation_id, items in groups.items():
            if consultation_id not in themes_cache:
                themes_cache[consultation_id] = theme_infos(
                    session=session, consultation_id=consultation_id
                )
            scores = model.score([t or "" for _, t in items], themes_cache[consultation_id])
            now = utcnow()
            rows.extend(
                {
                    "comment_id": comment_id,
                    "model_version": version,
                    "proposal_score": s.proposal,
                    "evidence": s.evidence,
                    "themes": {"themes": s.themes, "consultation_id": consultation_id},
                    "abuse_score": s.abuse,
                    "sentiment": s.sentiment,
                    "created_at": now,
                }
                for (comment_id, _), s in zip(items, scores, strict=True)
            )
        insert_missing(Suggestion, rows, session=session, key=("comment_id", "model_version"))
        result.scored += len(rows)
    session.flush()
    return result
