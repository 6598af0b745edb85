"""Extraction models in the database: versions, training, and scoring comments.

A trained model is stored whole in ``model_version.artifact`` (portable JSON), so any
version can be restored and re-activated; versions are never deleted and exactly one is
active. A fresh database gets the default model that ships with Pulso (trained on the seed
set, ``analytics/extraction/default_model.json.gz``) the first time one is needed. Scoring
writes one ``Suggestion`` per comment and model version; each comment's sentence vector is
computed once, in batches, and kept (``text_embedding``) for every later training and
scoring.

Functions take the session as a keyword argument and never commit.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from pulso.analytics.extraction import ExtractionModel, Row, ThemeInfo, fit, load_seed
from pulso.analytics.extraction.encoder import (
    SentenceEncoder,
    digest,
    encode_cached,
    shared_encoder,
)
from pulso.consultation.intake import record_audit
from pulso.db.embeddings import load_vectors, store_vectors
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
DEFAULT_ARTIFACT = "default_model.json.gz"
_CACHE: dict[str, ExtractionModel] = {}


# --------------------------------------------------------------------------------------
# Sentence vectors
# --------------------------------------------------------------------------------------


def encoder(threads: int = 0) -> SentenceEncoder:
    """The process's sentence encoder, on ``threads`` cores (0: all of them)."""
    return shared_encoder(threads or os.cpu_count() or 1)


def vectors_for(
    *, session: Session, texts: Sequence[str], encoder: SentenceEncoder, store: bool = True
) -> np.ndarray:
    """The sentence vectors of ``texts``: stored ones read back, the others encoded now (in
    batches) and stored (unless ``store`` is false: texts that are not the consultation's,
    such as an evaluation file), so no text is encoded twice."""
    stored = load_vectors(session=session, encoder=encoder.name, keys=(digest(t) for t in texts))
    matrix, fresh = encode_cached(list(texts), encoder, stored)
    if store:
        store_vectors(session=session, encoder=encoder.name, vectors=fresh)
    return matrix


def theme_vectors_for(
    *, session: Session, themes: Sequence[ThemeInfo], encoder: SentenceEncoder
) -> np.ndarray:
    """One vector per theme: the mean of its texts' vectors (``theme_texts``)."""
    texts = [theme_texts(theme) for theme in themes]
    flat = [t for group in texts for t in group]
    vectors = vectors_for(session=session, texts=flat, encoder=encoder)
    return theme_means(texts, vectors)


def theme_texts(theme: ThemeInfo) -> list[str]:
    """The texts a theme is recognised by: its English name and description when it has them
    (they matched best with USE-m3), else its Spanish ones, else its slug's words."""
    english = [x for x in (theme.name_en, theme.description_en) if x]
    spanish = [x for x in (theme.name_es, theme.description_es) if x]
    return english or spanish or [theme.slug.replace("-", " ")]


def theme_means(texts: Sequence[Sequence[str]], vectors: np.ndarray) -> np.ndarray:
    """Per theme, the unit mean of its texts' vectors (``vectors`` in the order of the
    flattened ``texts``)."""
    out, start = [], 0
    for group in texts:
        mean = vectors[start : start + len(group)].mean(axis=0)
        out.append(mean / (np.linalg.norm(mean) or 1.0))
        start += len(group)
    return np.vstack(out) if out else np.zeros((0, vectors.shape[1]), dtype=np.float32)


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
            f"no extraction model version {version!r}" if version else "no active extraction model"
        )
    if row.version not in _CACHE:
        _CACHE[row.version] = ExtractionModel.from_artifact(row.artifact, row.metrics)
    return _CACHE[row.version], row.version


def activate(*, session: Session, version: str, actor: str) -> ModelVersion:
    """Make ``version`` the active model (a rollback is activating an older one)."""
    row = session.scalar(select(ModelVersion).where(ModelVersion.version == version))
    if row is None:
        raise NotFound.of("err.no_model_version", version=version)
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


def fit_model(*, session: Session, rows: Sequence[Row], threads: int = 0) -> ExtractionModel:
    """Both tiers fitted on ``rows``, their sentence vectors read from the cache."""
    enc = encoder(threads)
    vectors = vectors_for(session=session, texts=[r.text for r in rows], encoder=enc)
    return fit(rows, vectors=vectors, encoder=enc.name)


def store_version(
    *,
    session: Session,
    model: ExtractionModel,
    actor: str,
    metrics: dict,
    training_rows: int,
    reason: str,
    now: dt.datetime | None = None,
    name: str | None = None,
) -> ModelVersion:
    """Store ``model`` as a new (inactive) version. Its decision thresholds (in the
    artifact) are copied into ``metrics["thresholds"]``, where ``analytics.decision`` reads
    them without loading the artifact."""
    now = now or utcnow()
    metrics = {**metrics, "thresholds": model.thresholds.to_json()}
    number = (session.scalar(select(func.count()).select_from(ModelVersion)) or 0) + 1
    artifact = model.to_artifact()
    digest_ = hashlib.sha256(json.dumps(artifact, sort_keys=True).encode()).hexdigest()[:8]
    version = f"v{number}-{name or 'team'}-{now:%Y%m%d%H%M%S}-{digest_}"
    row = ModelVersion(
        version=version,
        created_at=now,
        is_active=False,
        training_rows=training_rows,
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
        reason=reason,
        model_version=version,
    )
    return row


def latest_decision(*, session: Session) -> dt.datetime | None:
    return session.scalar(
        select(func.max(Comment.reviewed_at)).where(Comment.review_status != ReviewStatus.PENDING)
    )


def train(*, session: Session, actor: str, now: dt.datetime | None = None) -> ModelVersion:
    """Fit on the seed set plus every reviewed comment; store and activate a new version."""
    seed, reviewed = load_seed(), reviewed_rows(session=session)
    rows = seed + reviewed
    model = fit_model(session=session, rows=rows)
    until = latest_decision(session=session)
    metrics = {
        "seed_rows": len(seed),
        "reviewed_rows": len(reviewed),
        "reviewed_until": until.isoformat() if until else None,
    }
    row = store_version(
        session=session,
        model=model,
        actor=actor,
        metrics=metrics,
        training_rows=len(rows),
        reason=f"{len(seed)} seed rows + {len(reviewed)} reviewed comments",
        now=now,
    )
    return activate(session=session, version=row.version, actor=actor)


def default_artifact() -> dict:
    """The model that ships with Pulso, trained on the seed set (``pulso extract
    build-default`` rebuilds it after the seed changes)."""
    data = resources.files("pulso.analytics.extraction").joinpath(DEFAULT_ARTIFACT).read_bytes()
    return json.loads(gzip.decompress(data))


def install_default(*, session: Session, actor: str) -> ModelVersion:
    """Store the shipped default model as a version and activate it: a fresh database scores
    without a training step."""
    artifact = default_artifact()
    model = ExtractionModel.from_artifact(artifact)
    built = artifact.get("built") or "default"
    row = store_version(
        session=session,
        model=model,
        actor=actor,
        metrics={"seed_rows": artifact.get("seed_rows"), "reviewed_rows": 0, "default": True},
        training_rows=int(artifact.get("seed_rows") or 0),
        reason="the default model that ships with Pulso (seed set)",
        name=f"default{built.replace('-', '')[:8]}",
    )
    return activate(session=session, version=row.version, actor=actor)


def ensure_model(*, session: Session, actor: str) -> tuple[ExtractionModel, str]:
    """The active model; the first time, the default one that ships with Pulso."""
    if active_version(session=session) is None:
        install_default(session=session, actor=actor)
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
            raise NotFound.of("err.no_consultation", slug=slug)
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
    tier: str = "full",
    threads: int = 0,
) -> ScoreResult:
    """Store a suggestion of the model for every comment it has not scored yet.

    ``model``/``version`` default to the active model. With ``consultation`` (a slug) only
    that consultation's comments are scored (plus comments whose consultation cannot be
    told from their post, e.g. Disqus replies, which are taken to belong to it).
    Re-running is idempotent: one suggestion per comment and version. ``tier="lexical"``
    scores with the fast first tier alone (no sentence vectors).
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
    theme_vectors: dict[int | None, np.ndarray | None] = {}
    sentence = tier == "full" and model.uses_vectors
    enc = encoder(threads) if sentence else None
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
            texts = [t or "" for _, t in items]
            themes = themes_cache[consultation_id]
            vectors = None
            if enc is not None:
                vectors = vectors_for(session=session, texts=texts, encoder=enc)
                if consultation_id not in theme_vectors:
                    theme_vectors[consultation_id] = (
                        theme_vectors_for(session=session, themes=themes, encoder=enc)
                        if themes
                        else None
                    )
            scores = model.score(texts, themes, vectors, theme_vectors.get(consultation_id))
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
