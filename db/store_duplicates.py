"""Duplicate suggestions: counted proposals that say the same thing (see
``analytics.similarity`` for the method and how it was measured).

Suggestions are computed on demand, never stored: a merge (``db.store_workflow``) is the
team's decision and is what gets recorded and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analytics.similarity import DEFAULT_THRESHOLD, similar_pairs
from db.models import Proposal, ProposalStatus

NOT_COUNTED = (ProposalStatus.MERGED, ProposalStatus.NOT_A_PROPOSAL)


@dataclass(frozen=True)
class DuplicateSuggestion:
    keep_id: int  # the older of the two: the natural target of a merge
    merge_id: int
    score: float
    keep_channel: str
    merge_channel: str


def suggest_duplicates(
    *,
    session: Session,
    consultation_id: int,
    threshold: float = DEFAULT_THRESHOLD,
    same_theme: bool = True,
    theme_id: int | None = None,
) -> list[DuplicateSuggestion]:
    """Pairs of counted proposals at least ``threshold`` similar, most similar first."""
    query = select(
        Proposal.id, Proposal.title, Proposal.text, Proposal.theme_id, Proposal.channel
    ).where(Proposal.consultation_id == consultation_id, Proposal.status.not_in(NOT_COUNTED))
    if theme_id is not None:
        query = query.where(Proposal.theme_id == theme_id)
    rows = session.execute(query.order_by(Proposal.received_at, Proposal.id)).all()
    texts = {r.id: " ".join(part for part in (r.title, r.text) if part) for r in rows}
    info = {r.id: r for r in rows}
    groups = {r.id: r.theme_id for r in rows} if same_theme else None
    suggestions = []
    for pair in similar_pairs(texts, threshold=threshold, groups=groups):
        keep, merge = pair.a, pair.b  # rows are in order received: a came first
        suggestions.append(
            DuplicateSuggestion(
                keep, merge, pair.score, str(info[keep].channel), str(info[merge].channel)
            )
        )
    return suggestions
