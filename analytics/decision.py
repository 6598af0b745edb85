"""When a model's score counts: the decision thresholds of stored model versions.

The one answer to "from which score on is a comment a suggested proposal, or abusive?" for
every figure and screen (comment figures, the review queue, ``pulso extract``, the web): the
thresholds of the model version that scored it, chosen when that version was trained
(``analytics.extraction.thresholds``) and stored with it (``model_version.metrics``
``thresholds``, a copy of the artifact's, written by ``consultation.scoring.store_version``).
A version trained before thresholds were stored, or a version the database does not know,
answers ``DEFAULT`` (0.5) for both labels.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.analytics.extraction.thresholds import DEFAULT, Thresholds
from pulso.db.models import ModelVersion

__all__ = ["DEFAULT", "active_thresholds", "threshold", "thresholds_by_version"]


def thresholds_by_version(*, session: Session, versions: Iterable[str]) -> dict[str, Thresholds]:
    """Each of ``versions`` (names) with its thresholds; unknown names get ``DEFAULT``."""
    wanted = {v for v in versions if v}
    out = {v: Thresholds.from_json(None) for v in wanted}
    if not wanted:
        return out
    query = select(ModelVersion.version, ModelVersion.metrics).where(
        ModelVersion.version.in_(sorted(wanted))
    )
    for version, metrics in session.execute(query):
        out[version] = Thresholds.from_json((metrics or {}).get("thresholds"))
    return out


def active_thresholds(*, session: Session) -> tuple[str | None, Thresholds]:
    """The active version's name and thresholds (no active version: None and ``DEFAULT``)."""
    row = session.execute(
        select(ModelVersion.version, ModelVersion.metrics).where(ModelVersion.is_active.is_(True))
    ).first()
    if row is None:
        return None, Thresholds()
    return row.version, Thresholds.from_json((row.metrics or {}).get("thresholds"))


def threshold(*, session: Session, label: str, version: str | None = None) -> float:
    """The threshold of ``label`` ("proposal" or "abuse") of ``version`` (default: the
    active model)."""
    if version is None:
        return active_thresholds(session=session)[1].of(label)
    return thresholds_by_version(session=session, versions=[version])[version].of(label)
