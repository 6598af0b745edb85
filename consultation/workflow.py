"""The consultation workflow on stored proposals: status changes, merging, routing to the
competent institution with an answer deadline, answers (accepted with a SMART commitment or
rejected with a justification) and the overdue list.

Every status change goes through ``change_status`` and leaves an audit event (who, when,
from, to, why). Rules broken by the caller raise ``WorkflowError`` with a message meant for
the user (a ``pulso.i18n`` key: English on the command line, the page's language on the
web); the database also refuses a rejection without justification (CHECK constraint).

Functions take the session as a keyword argument and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pulso.consultation.intake import Reason, record_audit
from pulso.db.models import (
    AuditEvent,
    Consultation,
    Institution,
    Proposal,
    ProposalStatus,
    Theme,
)
from pulso.db.types import utcnow
from pulso.errors import NotFound, WorkflowError
from pulso.i18n import Label
from pulso.workdays import add_working_days

S = ProposalStatus
NOT_COUNTED = (S.MERGED, S.NOT_A_PROPOSAL)
ANSWERED = (S.ACCEPTED, S.REJECTED)
# Statuses a reviewer may set by hand; merged/accepted/rejected/sent have their own verbs.
MANUAL_STATUSES = (S.RECEIVED, S.IN_REVIEW, S.NOT_A_PROPOSAL)


def status_label(status: ProposalStatus) -> Label:
    return Label(f"proposal_{status.value}")


def get_proposal(*, session: Session, proposal_id: int) -> Proposal:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound.of("err.no_proposal", id=proposal_id)
    return proposal


def change_status(
    proposal: Proposal,
    to: ProposalStatus | str,
    *,
    session: Session,
    actor: str,
    reason: str | Reason | None = None,
    at: dt.datetime | None = None,
) -> bool:
    """Set the status and audit it; returns False (and records nothing) if unchanged."""
    to = ProposalStatus(to)
    before = ProposalStatus(proposal.status)
    if before == to:
        return False
    proposal.status = to
    record_audit(
        session=session,
        actor=actor,
        entity="proposal",
        entity_id=proposal.id,
        action="status",
        from_value=before.value,
        to_value=to.value,
        reason=reason,
        at=at,
    )
    return True


def set_status(
    *,
    session: Session,
    proposal_ids: Sequence[int],
    status: ProposalStatus | str,
    actor: str,
    reason: str | None = None,
) -> int:
    """A reviewer's manual status (received, in review, not a proposal); returns changes."""
    status = ProposalStatus(status)
    if status not in MANUAL_STATUSES:
        allowed = ", ".join(s.value for s in MANUAL_STATUSES)
        raise WorkflowError.of("err.status_by_command", status=status.value, allowed=allowed)
    if status == S.NOT_A_PROPOSAL and not (reason or "").strip():
        raise WorkflowError.of("err.reason_needed")
    changed = 0
    for proposal_id in proposal_ids:
        proposal = get_proposal(session=session, proposal_id=proposal_id)
        if proposal.status == S.MERGED:
            raise WorkflowError.of("err.merged_unmerge_first", id=proposal.id)
        changed += change_status(proposal, status, session=session, actor=actor, reason=reason)
    session.flush()
    return changed


def set_theme(
    *,
    session: Session,
    proposal_id: int,
    theme: Theme | None,
    actor: str,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> bool:
    """Correct a proposal's theme (audited); returns False (and records nothing) if unchanged.

    A theme of another consultation is refused.
    """
    proposal = get_proposal(session=session, proposal_id=proposal_id)
    if theme is not None and theme.consultation_id != proposal.consultation_id:
        raise WorkflowError.of("err.theme_of_other_consultation", theme=theme.slug, id=proposal.id)
    new_id = theme.id if theme is not None else None
    if proposal.theme_id == new_id:
        return False
    before = proposal.theme.slug if proposal.theme is not None else None
    proposal.theme_id = new_id
    record_audit(
        session=session,
        actor=actor,
        entity="proposal",
        entity_id=proposal.id,
        action="theme",
        from_value=before,
        to_value=theme.slug if theme is not None else None,
        reason=reason,
        at=at,
    )
    session.flush()
    session.expire(proposal, ["theme"])
    return True


# --------------------------------------------------------------------------------------
# Merging
# --------------------------------------------------------------------------------------


def merge_proposals(
    *,
    session: Session,
    target_id: int,
    source_ids: Sequence[int],
    actor: str,
    reason: str | None = None,
    score: float | None = None,
) -> list[int]:
    """Fold ``source_ids`` into ``target_id``: each becomes ``merged`` and points at it.

    Nothing is deleted: the merged items keep their source, text and submitters, and the
    figures count their submitters for the target (``analytics.consultation``). Merging is
    one level deep, so that ``unmerge_proposal`` can always restore exactly what was there.
    """
    target = get_proposal(session=session, proposal_id=target_id)
    if target.status in NOT_COUNTED:
        raise WorkflowError.of(
            "err.merge_into_uncounted", id=target.id, status=status_label(target.status)
        )
    merged = []
    for source_id in dict.fromkeys(source_ids):
        if source_id == target.id:
            raise WorkflowError.of("err.merge_into_itself", id=source_id)
        source = get_proposal(session=session, proposal_id=source_id)
        if source.consultation_id != target.consultation_id:
            raise WorkflowError.of(
                "err.merge_across_consultations", source=source.id, target=target.id
            )
        if source.status == S.MERGED:
            raise WorkflowError.of("err.already_merged", id=source.id, into=source.merged_into_id)
        children = session.scalars(
            select(Proposal.id).where(Proposal.merged_into_id == source.id)
        ).all()
        if children:
            raise WorkflowError.of(
                "err.merge_children_first" if len(children) > 1 else "err.merge_child_first",
                children=list(children), source=source.id,
                target=target.id,
            )  # fmt: skip
        why = reason or (
            Reason(
                "audit_reason_duplicate",
                f"duplicate (similarity {score:.2f})",
                {"score": f"{score:.2f}"},
            )
            if score is not None
            else None
        )
        before = ProposalStatus(source.status)
        change_status(source, S.MERGED, session=session, actor=actor, reason=why)
        source.merged_into_id = target.id
        record_audit(
            session=session,
            actor=actor,
            entity="proposal",
            entity_id=source.id,
            action="merge",
            from_value=before.value,  # restored by unmerge
            to_value=target.id,
            reason=why,
        )
        merged.append(source.id)
    session.flush()
    return merged


def unmerge_proposal(
    *, session: Session, proposal_id: int, actor: str, reason: str | None = None
) -> Proposal:
    """Undo a merge: the item is counted again with the status it had before."""
    proposal = get_proposal(session=session, proposal_id=proposal_id)
    if proposal.status != S.MERGED:
        raise WorkflowError.of("err.not_merged", id=proposal.id)
    last_merge = session.scalar(
        select(AuditEvent)
        .where(
            AuditEvent.entity == "proposal",
            AuditEvent.entity_id == proposal.id,
            AuditEvent.action == "merge",
        )
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    )
    previous = S.RECEIVED
    if last_merge is not None and last_merge.from_value in {s.value for s in ProposalStatus}:
        previous = ProposalStatus(last_merge.from_value)
    target_id = proposal.merged_into_id
    proposal.merged_into_id = None
    change_status(proposal, previous, session=session, actor=actor, reason=reason or "un-merged")
    record_audit(
        session=session,
        actor=actor,
        entity="proposal",
        entity_id=proposal.id,
        action="unmerge",
        from_value=target_id,
        to_value=previous.value,
        reason=reason,
    )
    session.flush()
    return proposal


# --------------------------------------------------------------------------------------
# Routing
# --------------------------------------------------------------------------------------


@dataclass
class RouteResult:
    routed: list[int]
    skipped_answered: list[int]
    institution: str
    due_on: dt.date


def route_proposals(
    *,
    session: Session,
    consultation: Consultation,
    actor: str,
    working_days: int,
    institution: Institution | None = None,
    theme: Theme | None = None,
    proposal_ids: Sequence[int] = (),
    holidays: Iterable[dt.date] = (),
    force: bool = False,
    now: dt.datetime | None = None,
    reason: str | None = None,
) -> RouteResult:
    """Send the counted proposals of ``theme`` (or the chosen ones) to an institution.

    Records the routing time and an answer deadline ``working_days`` working days later
    (counted in the consultation's time zone). Without ``institution``, the theme's only
    competent institution is used. An institution that is not competent for a proposal's
    theme is refused unless ``force``. Proposals already answered are left alone.
    """
    if theme is None and not proposal_ids:
        raise WorkflowError.of("err.route_what")
    query = select(Proposal).where(
        Proposal.consultation_id == consultation.id, Proposal.status.not_in(NOT_COUNTED)
    )
    if theme is not None:
        query = query.where(Proposal.theme_id == theme.id)
    if proposal_ids:
        query = query.where(Proposal.id.in_(proposal_ids))
    proposals = session.scalars(query.order_by(Proposal.id)).all()
    if proposal_ids:
        missing = set(proposal_ids) - {p.id for p in proposals}
        if missing:
            raise WorkflowError.of(
                "err.route_uncounted", ids=sorted(missing), consultation=consultation.slug
            )
    if institution is None:
        if theme is None or len(theme.institutions) != 1:
            options = ", ".join(i.slug for i in theme.institutions) if theme else ""
            if options:
                raise WorkflowError.of(
                    "err.route_which_competent_institution", theme=theme.slug, options=options
                )
            raise WorkflowError.of("err.route_which_institution")
        institution = theme.institutions[0]
    if not force:
        competent = {t.id for t in institution.themes}
        for proposal in proposals:
            if proposal.theme_id is not None and proposal.theme_id not in competent:
                raise WorkflowError.of(
                    "err.not_competent", institution=institution.slug, id=proposal.id
                )
    now = now or utcnow()
    local_day = now.astimezone(ZoneInfo(consultation.timezone)).date()
    due_on = add_working_days(local_day, working_days, holidays)
    result = RouteResult([], [], institution.slug, due_on)
    for proposal in proposals:
        if proposal.status in ANSWERED:
            result.skipped_answered.append(proposal.id)
            continue
        previous = proposal.institution.slug if proposal.institution else None
        proposal.institution_id = institution.id
        proposal.routed_at = now
        proposal.answer_due_on = due_on
        change_status(
            proposal, S.SENT_TO_INSTITUTION, session=session, actor=actor, reason=reason, at=now
        )
        record_audit(
            session=session,
            actor=actor,
            entity="proposal",
            entity_id=proposal.id,
            action="route",
            from_value=previous,
            to_value=institution.slug,
            reason=reason
            or Reason(
                "audit_reason_due",
                f"answer due on {due_on.isoformat()}",
                {"date": due_on.isoformat()},
            ),
            at=now,
        )
        result.routed.append(proposal.id)
    session.flush()
    return result


def list_proposals(
    *,
    session: Session,
    consultation_id: int,
    theme_id: int | None = None,
    status: str | None = None,
    channel: str | None = None,
    institution_id: int | None = None,
    limit: int | None = None,
) -> Sequence[Proposal]:
    query = (
        select(Proposal)
        .options(
            selectinload(Proposal.theme),
            selectinload(Proposal.institution),
            selectinload(Proposal.submitters),
        )
        .where(Proposal.consultation_id == consultation_id)
        .order_by(Proposal.id)
    )
    if theme_id is not None:
        query = query.where(Proposal.theme_id == theme_id)
    if status is not None:
        query = query.where(Proposal.status == ProposalStatus(status))
    if channel is not None:
        query = query.where(Proposal.channel == channel)
    if institution_id is not None:
        query = query.where(Proposal.institution_id == institution_id)
    if limit is not None:
        query = query.limit(limit)
    return session.scalars(query).all()
