"""Duplicate suggestions: counted proposals that say the same thing (see
``analytics.similarity`` for the method and how it was measured).

Suggestions are computed on demand, never stored: a merge (``db.store_workflow``) is the
team's decision and is what gets recorded and audited.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.analytics.similarity import DEFAULT_THRESHOLD, similar_pairs
from pulso.db.models import Proposal, ProposalStatus

NOT_COUNTED = (ProposalStatus.MERGED, ProposalStatus.NOT_A_PROPOSAL)


# How far a proposal went: the further one is kept when two are merged, so a merge never
# folds an answered or routed proposal into one still waiting.
PROGRESS = {
    ProposalStatus.ACCEPTED: 3,
    ProposalStatus.REJECTED: 3,
    ProposalStatus.SENT_TO_INSTITUTION: 2,
    ProposalStatus.IN_REVIEW: 1,
}


@dataclass(frozen=True)
class DuplicateSuggestion:
    keep_id: int  # the merge's target: the one further along, else the one received first
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
    """Pairs of counted proposals at least ``threshold`` similar, most similar first, each
    one a merge that can be carried out as suggested.

    The one kept is the further along (answered, then routed, then in review), then the one
    that already holds merged items, then the one received first. A pair whose other
    proposal also holds merged items is left out: merging it would first need those undone
    (``merge_proposals`` refuses), which is the team's call, not a suggestion."""
    query = select(
        Proposal.id,
        Proposal.title,
        Proposal.text,
        Proposal.theme_id,
        Proposal.channel,
        Proposal.status,
    ).where(Proposal.consultation_id == consultation_id, Proposal.status.not_in(NOT_COUNTED))
    if theme_id is not None:
        query = query.where(Proposal.theme_id == theme_id)
    rows = session.execute(query.order_by(Proposal.received_at, Proposal.id)).all()
    texts = {r.id: " ".join(part for part in (r.title, r.text) if part) for r in rows}
    info = {r.id: r for r in rows}
    groups = {r.id: r.theme_id for r in rows} if same_theme else None
    holders = set(
        session.scalars(
            select(Proposal.merged_into_id)
            .where(Proposal.merged_into_id.in_(list(info)))
            .distinct()
        )
    )
    order = {r.id: n for n, r in enumerate(rows)}  # in order received

    def rank(proposal_id: int) -> tuple:
        status = ProposalStatus(info[proposal_id].status)
        return (PROGRESS.get(status, 0), proposal_id in holders, -order[proposal_id])

    suggestions = []
    for pair in similar_pairs(texts, threshold=threshold, groups=groups):
        keep, merge = sorted((pair.a, pair.b), key=rank, reverse=True)
        if merge in holders:
            continue
        suggestions.append(
            DuplicateSuggestion(
                keep, merge, pair.score, str(info[keep].channel), str(info[merge].channel)
            )
        )
    return suggestions
