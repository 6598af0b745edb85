"""Learning from every review: measuring a model on labelled rows, the learning curve of
a labelled file, and re-training after every N reviewer decisions.

A new version trains when ``PULSO_EXTRACT_RETRAIN_EVERY`` decisions (default 25) were made
since the active version was trained. It is compared with the active one on exactly those
decisions, which the active version has not seen: the candidate's scores on them come from
cross-fitting (each third of them scored by a candidate trained on the seed, the earlier
decisions and the other two thirds), so it is not graded on rows it learned. Each model is
judged at its own thresholds: the active version at the ones stored with it, each
cross-fitted candidate at the ones it chose from its own training rows. The candidate is
activated only when it is not worse (F1 of proposals, and of abuse when there are abusive
decisions); otherwise it is kept, inactive, with the comparison in its metrics and the audit
trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.analytics.extraction import (
    ExtractionModel,
    Row,
    ThemeInfo,
    load_seed,
    read_labelled_csv,
)
from pulso.analytics.extraction.encoder import encode_cached
from pulso.analytics.extraction.evaluation import binary_report, evaluate, learning_split
from pulso.analytics.extraction.thresholds import LABELS
from pulso.analytics.extraction.training import fit
from pulso.consultation.scoring import (
    activate,
    active_version,
    default_artifact,
    default_consultation_id,
    encoder,
    ensure_model,
    fit_model,
    latest_decision,
    load_model,
    reviewed_rows,
    store_version,
    theme_infos,
    theme_means,
    theme_texts,
    theme_vectors_for,
    vectors_for,
)
from pulso.db.models import Comment, ModelVersion, ReviewStatus
from pulso.i18n import format_date, t

FOLDS = 3


# ``Evaluation.version`` of the model that ships with Pulso, trained on the seed set alone.
SEED_ONLY = "seed-only"


@dataclass
class Evaluation:
    version: str
    reports: dict


def evaluate_file(
    *,
    session: Session,
    rows: Sequence[Row],
    version: str | None = None,
    consultation: str | None = None,
    threshold: float | None = None,
    tier: str = "full",
) -> Evaluation:
    """The model (default: the active one, the shipped default on a fresh database) on
    labelled rows, at its own thresholds unless ``threshold`` is given; their vectors are
    computed but not kept."""
    if version is None:
        model, name = ensure_model(session=session, actor="pulso extract evaluate")
    else:
        model, name = load_model(session=session, version=version)
    themes: list[ThemeInfo] = []
    if consultation:
        cid = default_consultation_id(session=session, slug=consultation)
        themes = theme_infos(session=session, consultation_id=cid)
    if any(r.theme for r in rows) and not themes:
        themes = _known_themes(model)
    vectors = theme_vectors = None
    if tier == "full" and model.uses_vectors:
        enc = encoder()
        vectors = vectors_for(
            session=session, texts=[r.text for r in rows], encoder=enc, store=False
        )
        if themes:
            theme_vectors = theme_vectors_for(session=session, themes=themes, encoder=enc)
    reports = evaluate(
        model, rows, themes, vectors=vectors, theme_vectors=theme_vectors, threshold=threshold
    )
    return Evaluation(name, reports)


def _known_themes(model: ExtractionModel) -> list[ThemeInfo]:
    """Without a consultation, the themes are the ones the model has examples of."""
    known = sorted(set(model.prototypes) | set(model.centroids))
    return [ThemeInfo(slug, slug.replace("-", " ")) for slug in known]


def evaluate_default(*, rows: Sequence[Row], threshold: float | None = None, tier: str = "full"):
    """The model that ships with Pulso on labelled rows (at its own thresholds unless
    ``threshold`` is given), with no database: vectors are encoded in memory."""
    model = ExtractionModel.from_artifact(default_artifact())
    themes = _known_themes(model) if any(r.theme for r in rows) else []
    vectors = theme_vectors = None
    if tier == "full" and model.uses_vectors:
        enc = encoder()
        vectors, _ = encode_cached([r.text for r in rows], enc)
        if themes:
            texts = [theme_texts(th) for th in themes]
            flat, _ = encode_cached([x for group in texts for x in group], enc)
            theme_vectors = theme_means(texts, flat)
    reports = evaluate(
        model, rows, themes, vectors=vectors, theme_vectors=theme_vectors, threshold=threshold
    )
    return Evaluation(SEED_ONLY, reports)


def learning_curve(
    *, session: Session, path: str | Path, threshold: float | None = None, steps=None
) -> list[dict]:
    """Simulated reviewers: for each k, a model fitted on the seed plus the first k rows of
    the file's training pool, measured on the same held-out rows at its own thresholds,
    which it chose (as every trained version does) from the cross-validated scores of the
    seed and those k rows, never from the held-out ones; or at ``threshold`` when given."""
    from pulso.analytics.extraction.evaluation import LEARNING_STEPS

    steps = tuple(steps or LEARNING_STEPS)
    rows = [
        Row(r.text, r.is_proposal, r.theme, r.abusive, r.sentiment, source="file")
        for r in read_labelled_csv(path)
    ]
    pool, held_out = learning_split(rows, steps)
    seed = load_seed()
    enc = encoder()
    texts = [r.text for r in seed + pool + held_out]
    vectors = vectors_for(session=session, texts=texts, encoder=enc, store=False)
    seed_v, pool_v = vectors[: len(seed)], vectors[len(seed) : len(seed) + len(pool)]
    held_v = vectors[len(seed) + len(pool) :]
    points = []
    for k in steps:
        if k > len(pool):
            break
        train_rows = seed + pool[:k]
        train_v = np.vstack([seed_v, pool_v[:k]])
        model = fit(train_rows, vectors=train_v, encoder=enc.name)
        reports = evaluate(model, held_out, vectors=held_v, threshold=threshold)
        points.append({"k": k, "reports": reports})
    return points


# --------------------------------------------------------------------------------------
# Re-training after N decisions
# --------------------------------------------------------------------------------------


@dataclass
class Retrained:
    version: str
    activated: bool
    candidate: dict
    active: dict
    decisions: int


def _decided_since(session: Session, since: dt.datetime | None) -> set[int]:
    query = select(Comment.id).where(Comment.review_status != ReviewStatus.PENDING)
    if since is not None:
        query = query.where(Comment.reviewed_at > since)
    return set(session.scalars(query))


def _since(row: ModelVersion | None) -> dt.datetime | None:
    until = (row.metrics or {}).get("reviewed_until") if row is not None else None
    if until is None:
        return None
    moment = dt.datetime.fromisoformat(until)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def decisions_pending(*, session: Session) -> int:
    """Reviewer decisions made since the active version was trained."""
    return len(_decided_since(session, _since(active_version(session=session))))


def _f1s(rows: Sequence[Row], scores: dict[str, np.ndarray], cuts: dict[str, np.ndarray]):
    """F1 of each label's positive class, a row counting as positive when its score reaches
    its cut (the threshold of the model that scored it)."""
    out = {}
    for label, attr in LABELS.items():
        truth = [getattr(r, attr) for r in rows]
        if sum(truth) == 0 and attr == "abusive":
            continue
        predicted = (scores[label] >= cuts[label]).astype(int).tolist()
        report = binary_report(truth, predicted, attr=attr)
        positive = "proposal" if attr == "is_proposal" else "abusive"
        out[attr] = report["per_label"][positive]["f1"]
    return out


def retrain_if_due(
    *, session: Session, every: int, actor: str = "pulso:learning"
) -> Retrained | None:
    """Train, compare and maybe activate a new version when ``every`` decisions were made
    since the active one was trained (nothing to do: None)."""
    if every <= 0:
        return None
    active_row = active_version(session=session)
    if active_row is None:
        ensure_model(session=session, actor=actor)
        active_row = active_version(session=session)
    new_ids = _decided_since(session, _since(active_row))
    if len(new_ids) < every:
        return None
    seed, reviewed = load_seed(), reviewed_rows(session=session)
    fresh = [r for r in reviewed if int(r.source.split(":")[1]) in new_ids]
    older = [r for r in reviewed if int(r.source.split(":")[1]) not in new_ids]
    enc = encoder()
    all_rows = seed + older + fresh
    vectors = vectors_for(session=session, texts=[r.text for r in all_rows], encoder=enc)
    base_n = len(seed) + len(older)
    fresh_v = vectors[base_n:]
    # The active version on the decisions it has not seen, at its own thresholds.
    active_model, _ = load_model(session=session)
    texts = [r.text for r in fresh]
    n = len(fresh)
    active_scores = _f1s(
        fresh,
        {
            "proposal": active_model.proposal_proba(texts, fresh_v),
            "abuse": active_model.abuse_proba(texts, fresh_v),
        },
        {label: np.full(n, active_model.thresholds.of(label)) for label in LABELS},
    )
    # The candidate on the same decisions, each fold scored by a model that did not see it,
    # at the thresholds that model chose from its own training rows.
    scores = {label: np.zeros(n) for label in LABELS}
    cuts = {label: np.zeros(n) for label in LABELS}
    folds = np.arange(n) % FOLDS
    for f in range(FOLDS):
        test = np.flatnonzero(folds == f)
        train = np.flatnonzero(folds != f)
        rows = seed + older + [fresh[k] for k in train]
        v = np.vstack([vectors[:base_n], fresh_v[train]])
        model = fit(rows, vectors=v, encoder=enc.name)
        scores["proposal"][test] = model.proposal_proba([texts[k] for k in test], fresh_v[test])
        scores["abuse"][test] = model.abuse_proba([texts[k] for k in test], fresh_v[test])
        for label in LABELS:
            cuts[label][test] = model.thresholds.of(label)
    candidate_scores = _f1s(fresh, scores, cuts)
    not_worse = all(candidate_scores[k] >= active_scores.get(k, 0.0) for k in candidate_scores)
    final = fit_model(session=session, rows=all_rows)
    until = latest_decision(session=session)
    row = store_version(
        session=session,
        model=final,
        actor=actor,
        metrics={
            "seed_rows": len(seed),
            "reviewed_rows": len(reviewed),
            "reviewed_until": until.isoformat() if until else None,
            "compared_on": len(fresh),
            "candidate_f1": candidate_scores,
            "active_f1": active_scores,
            "active_thresholds": {label: active_model.thresholds.of(label) for label in LABELS},
            "replaced": active_row.version if not_worse else None,
        },
        training_rows=len(all_rows),
        reason=f"{len(fresh)} new decisions: candidate {candidate_scores} vs active "
        f"{active_scores}",
    )
    if not_worse:
        activate(session=session, version=row.version, actor=actor)
    return Retrained(row.version, not_worse, candidate_scores, active_scores, len(fresh))


def version_label(version: str, lang: str = "es") -> str:
    """A model version as a reviewer reads it: a plain name and the day it was trained
    ("modelo por defecto, 4 de diciembre de 2026", "modelo del equipo n.º 3, ...")."""
    parts = version.split("-")
    stamp = next((p for p in parts if len(p) == 14 and p.isdigit()), None)
    if not (parts[0].startswith("v") and parts[0][1:].isdigit() and stamp):
        return version
    day = dt.datetime.strptime(stamp, "%Y%m%d%H%M%S").date()
    key = "model_default" if parts[1].startswith("default") else "model_team"
    return t(key, lang, n=parts[0][1:], date=format_date(day, lang))
