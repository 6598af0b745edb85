"""Answers to routed proposals: accepted with a SMART commitment (every field required) or
rejected with a justification, and the overdue list with the working days each is late.
Functions take the session as a keyword argument and never commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pulso.consultation.intake import Reason, record_audit
from pulso.consultation.workflow import (
    ANSWERED,
    NOT_COUNTED,
    change_status,
    get_proposal,
    status_label,
)
from pulso.db.models import Commitment, Proposal, ProposalStatus
from pulso.db.types import utcnow
from pulso.errors import WorkflowError
from pulso.i18n import Label
from pulso.workdays import working_days_late

S = ProposalStatus


@dataclass
class CommitmentIn:
    """A SMART commitment: every field is required."""

    action: str
    indicator: str
    baseline: str
    target: str
    responsible: str
    starts_on: dt.date
    ends_on: dt.date
    milestones: str

    def problems(self) -> list[str]:
        """Names of the fields that are missing or wrong (empty list: valid)."""
        missing = [
            f.name
            for f in fields(self)
            if getattr(self, f.name) is None
            or (isinstance(getattr(self, f.name), str) and not getattr(self, f.name).strip())
        ]
        if not missing and self.ends_on < self.starts_on:
            missing.append("ends_on")
        return missing


def answer_proposal(
    *,
    session: Session,
    proposal_id: int,
    decision: ProposalStatus | str,
    actor: str,
    justification: str | None = None,
    commitment: CommitmentIn | None = None,
    decided_at: dt.datetime | None = None,
) -> Proposal:
    """Record an institution's answer: accepted with a SMART commitment, or rejected with a
    non-empty justification. Anything else is refused with ``WorkflowError``."""
    decision = ProposalStatus(decision)
    if decision not in ANSWERED:
        raise WorkflowError.of("err.answer_decision", decision=decision.value)
    proposal = get_proposal(session=session, proposal_id=proposal_id)
    if proposal.status in NOT_COUNTED:
        raise WorkflowError.of(
            "err.answer_uncounted", id=proposal.id, status=status_label(proposal.status)
        )
    justification = (justification or "").strip() or None
    if decision == S.REJECTED and not justification:
        raise WorkflowError.of("err.rejection_needs_justification", id=proposal.id)
    if decision == S.ACCEPTED:
        if commitment is None:
            raise WorkflowError.of("err.acceptance_needs_commitment", id=proposal.id)
        problems = commitment.problems()
        if problems:
            key = (
                "err.commitment_ends_before_start"
                if problems == ["ends_on"]
                else "err.commitment_incomplete"
            )
            fields_ = [Label(f"field.{name}") for name in problems]
            raise WorkflowError.of(key, id=proposal.id, fields=fields_)
    decided_at = decided_at or utcnow()
    proposal.justification = justification
    proposal.decided_at = decided_at
    existing = session.scalar(select(Commitment).where(Commitment.proposal_id == proposal.id))
    if decision == S.ACCEPTED:
        values = {f.name: getattr(commitment, f.name) for f in fields(CommitmentIn)}
        values = {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}
        if existing is None:
            session.add(Commitment(proposal_id=proposal.id, **values))
        else:
            for key, value in values.items():
                setattr(existing, key, value)
    elif existing is not None:
        session.delete(existing)
    reason = (
        justification
        if decision == S.REJECTED
        else Reason(
            "audit_reason_commitment",
            f"commitment: {commitment.action}",
            {"action": commitment.action},
        )
    )
    if not change_status(
        proposal, decision, session=session, actor=actor, reason=reason, at=decided_at
    ):
        record_audit(
            session=session,
            actor=actor,
            entity="proposal",
            entity_id=proposal.id,
            action="answer",
            from_value=decision.value,
            to_value=decision.value,
            reason=Reason(
                "audit_reason_revised",
                f"answer revised: {getattr(reason, 'text', reason)}",
                {"reason": getattr(reason, "values", {}).get("action", reason)},
            ),
            at=decided_at,
        )
    session.flush()
    return proposal


# --------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------


def overdue_proposals(
    *, session: Session, today: dt.date, consultation_id: int | None = None
) -> Sequence[Proposal]:
    """Counted proposals whose answer deadline passed without an answer, oldest first."""
    query = (
        select(Proposal)
        .options(selectinload(Proposal.institution), selectinload(Proposal.theme))
        .where(
            Proposal.status.not_in(NOT_COUNTED + ANSWERED),
            Proposal.answer_due_on.is_not(None),
            Proposal.answer_due_on < today,
        )
        .order_by(Proposal.answer_due_on, Proposal.id)
    )
    if consultation_id is not None:
        query = query.where(Proposal.consultation_id == consultation_id)
    return session.scalars(query).all()


def overdue_with_lateness(
    *,
    session: Session,
    today: dt.date,
    consultation_id: int | None = None,
    holidays: Iterable[dt.date] = (),
) -> list[tuple[Proposal, int]]:
    """``overdue_proposals`` with the working days each answer is late as of ``today``."""
    holidays = tuple(holidays)
    return [
        (p, working_days_late(p.answer_due_on, today, holidays))
        for p in overdue_proposals(session=session, today=today, consultation_id=consultation_id)
    ]
