"""Figures of the consultation store: proposals and distinct people per theme and channel,
the reconciliation from items received to proposals counted, and the state of answers.

Definitions:
- *received*: every item stored (any status), whatever its channel;
- *not a proposal*: items a reviewer marked ``not_a_proposal``;
- *merged*: items folded into another (``merged``); their sources and submitters count for
  the surviving proposal;
- *counted*: received − not a proposal − merged (the seed's 141);
- *structured*: counted proposals that came in the official template (the seed's 9);
- *people*: distinct ``Person`` rows among the submitters of the counted proposals and of
  the items merged into them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from pulso.db.models import Proposal, ProposalStatus, Theme, proposal_submitter

NOT_COUNTED = (ProposalStatus.NOT_A_PROPOSAL, ProposalStatus.MERGED)
ANSWERED = (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED)


@dataclass(frozen=True)
class ThemeRow:
    theme_id: int | None
    slug: str | None
    name_es: str | None
    name_en: str | None
    proposals: int
    people: int

    def name(self, lang: str = "es") -> str:
        if self.slug is None:
            return "Sin temática" if lang == "es" else "No theme"
        return (self.name_en if lang == "en" and self.name_en else None) or self.name_es or ""


@dataclass(frozen=True)
class Reconciliation:
    received: int
    not_proposals: int
    merged: int
    counted: int
    structured: int
    by_channel: dict[str, int] = field(default_factory=dict)  # counted, per channel


@dataclass(frozen=True)
class AnswerSummary:
    counted: int
    routed: int
    answered: int
    accepted: int
    rejected: int
    pending: int
    overdue: int


def _counted(consultation_id: int):
    return and_(Proposal.consultation_id == consultation_id, Proposal.status.not_in(NOT_COUNTED))


def proposals_by_theme(
    *, session: Session, consultation_id: int, channel: str | None = None
) -> list[ThemeRow]:
    """Counted proposals and distinct people per theme, in the themes' order.

    Every theme of the consultation appears (with zeros when it received nothing); counted
    proposals without a theme appear last as a row with ``slug=None``.
    """
    condition = _counted(consultation_id)
    if channel is not None:
        condition = and_(condition, Proposal.channel == channel)
    proposals = dict(
        session.execute(
            select(Proposal.theme_id, func.count()).where(condition).group_by(Proposal.theme_id)
        ).all()
    )
    # People: submitters of the counted proposal, or of items merged into it.
    merged = aliased(Proposal)
    owner = func.coalesce(merged.merged_into_id, merged.id)
    counted = aliased(Proposal)
    people_condition = and_(
        counted.consultation_id == consultation_id, counted.status.not_in(NOT_COUNTED)
    )
    if channel is not None:
        people_condition = and_(people_condition, counted.channel == channel)
    people = dict(
        session.execute(
            select(counted.theme_id, func.count(func.distinct(proposal_submitter.c.person_id)))
            .select_from(merged)
            .join(proposal_submitter, proposal_submitter.c.proposal_id == merged.id)
            .join(counted, counted.id == owner)
            .where(people_condition)
            .group_by(counted.theme_id)
        ).all()
    )
    rows = [
        ThemeRow(t.id, t.slug, t.name_es, t.name_en, proposals.get(t.id, 0), people.get(t.id, 0))
        for t in session.scalars(
            select(Theme).where(Theme.consultation_id == consultation_id).order_by(Theme.position)
        )
    ]
    if proposals.get(None):
        rows.append(ThemeRow(None, None, None, None, proposals[None], people.get(None, 0)))
    return rows


def distinct_people(*, session: Session, consultation_id: int) -> int:
    """People who submitted a counted proposal or an item merged into one, each once
    (the per-theme figure of ``analytics.consultation.proposals_by_theme``, without
    counting twice someone who proposed in two themes)."""
    merged = aliased(Proposal)
    counted = aliased(Proposal)
    owner = func.coalesce(merged.merged_into_id, merged.id)
    return (
        session.scalar(
            select(func.count(func.distinct(proposal_submitter.c.person_id)))
            .select_from(merged)
            .join(proposal_submitter, proposal_submitter.c.proposal_id == merged.id)
            .join(counted, counted.id == owner)
            .where(counted.consultation_id == consultation_id, counted.status.not_in(NOT_COUNTED))
        )
        or 0
    )


def reconciliation(*, session: Session, consultation_id: int) -> Reconciliation:
    """From items received to proposals counted (see the module's definitions)."""
    status_counts = dict(
        session.execute(
            select(Proposal.status, func.count())
            .where(Proposal.consultation_id == consultation_id)
            .group_by(Proposal.status)
        ).all()
    )
    received = sum(status_counts.values())
    not_proposals = status_counts.get(ProposalStatus.NOT_A_PROPOSAL, 0)
    merged = status_counts.get(ProposalStatus.MERGED, 0)
    structured = session.scalar(
        select(func.count()).where(_counted(consultation_id), Proposal.in_template.is_(True))
    )
    by_channel = {
        str(channel): n
        for channel, n in session.execute(
            select(Proposal.channel, func.count())
            .where(_counted(consultation_id))
            .group_by(Proposal.channel)
            .order_by(Proposal.channel)
        ).all()
    }
    return Reconciliation(
        received=received,
        not_proposals=not_proposals,
        merged=merged,
        counted=received - not_proposals - merged,
        structured=structured or 0,
        by_channel=by_channel,
    )


def answer_summary(
    *, session: Session, consultation_id: int, today: dt.date | None = None
) -> AnswerSummary:
    """How many counted proposals were routed, answered, accepted, rejected, and overdue."""
    today = today or dt.date.today()
    row = session.execute(
        select(
            func.count(),
            func.count(Proposal.institution_id),
            func.sum(case((Proposal.status.in_(ANSWERED), 1), else_=0)),
            func.sum(case((Proposal.status == ProposalStatus.ACCEPTED, 1), else_=0)),
            func.sum(case((Proposal.status == ProposalStatus.REJECTED, 1), else_=0)),
            func.sum(
                case(
                    (
                        and_(
                            Proposal.status.not_in(ANSWERED),
                            Proposal.answer_due_on.is_not(None),
                            Proposal.answer_due_on < today,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
        ).where(_counted(consultation_id))
    ).one()
    counted, routed, answered, accepted, rejected, overdue = (int(v or 0) for v in row)
    return AnswerSummary(
        counted=counted,
        routed=routed,
        answered=answered,
        accepted=accepted,
        rejected=rejected,
        pending=counted - answered,
        overdue=overdue,
    )
