"""Storing parsed spreadsheets: proposals (``collectors.proposals_file.read_proposals``) and
institutions' answers (``read_answers``).

Everything is checked before anything is written, and the caller runs the whole import in
one transaction, so a bad row leaves the database as it was. Re-importing the same file
adds nothing: a proposal's source key is the file name plus the row's ``id`` column, or the
file name plus the row number when the file has no ``id`` column.

A proposal received outside its consultation's dates (local days, ``starts_on`` to
``ends_on``) is refused with its row, unless the import allows it
(``allow_out_of_range``, ``pulso import proposals --allow-out-of-range``): then it is
stored, and the rows are flagged in the import's audit reason and returned to the caller,
which says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.collectors.proposals_file import AnswersFile, ProposalsFile
from pulso.collectors.tabular import normalise_header
from pulso.consultation.answers import CommitmentIn, answer_proposal
from pulso.consultation.intake import (
    IntakeResult,
    ProposalIn,
    Reason,
    add_proposals,
    person_for_identity,
)
from pulso.consultation.workflow import NOT_COUNTED, list_proposals, status_label
from pulso.db.models import (
    Commitment,
    Consultation,
    Institution,
    Proposal,
    ProposalStatus,
    Theme,
)
from pulso.errors import WorkflowError


def theme_lookup(*, session: Session, consultation: Consultation) -> dict[str, Theme]:
    """Every way a theme may be written (slug, Spanish or English name) -> theme."""
    lookup: dict[str, Theme] = {}
    themes = session.scalars(select(Theme).where(Theme.consultation_id == consultation.id)).all()
    for theme in themes:
        for name in (theme.slug, theme.slug.replace("-", " "), theme.name_es, theme.name_en):
            if name:
                lookup.setdefault(normalise_header(name), theme)
    return lookup


def out_of_range_rows(parsed: ProposalsFile, *, consultation: Consultation) -> list[int]:
    """Row numbers of proposals received outside the consultation's dates (local days)."""
    zone = ZoneInfo(consultation.timezone)
    rows = []
    for item in parsed.rows:
        day = item.received_at.astimezone(zone).date()
        if (consultation.starts_on and day < consultation.starts_on) or (
            consultation.ends_on and day > consultation.ends_on
        ):
            rows.append(item.row.number)
    return rows


def store_proposals_file(
    parsed: ProposalsFile,
    *,
    session: Session,
    consultation: Consultation,
    secret: str,
    actor: str,
    allow_out_of_range: bool = False,
) -> IntakeResult:
    """Add the file's proposals to ``consultation`` (idempotent; see the module docstring)."""
    themes = theme_lookup(session=session, consultation=consultation)
    table = parsed.table
    outside = out_of_range_rows(parsed, consultation=consultation)
    if outside and not allow_out_of_range:
        item = next(i for i in parsed.rows if i.row.number == outside[0])
        day = item.received_at.astimezone(ZoneInfo(consultation.timezone)).date()
        raise table.error(
            "err.proposals.out_of_range",
            item.row,
            "date",
            day=day.isoformat(),
            starts=_day(consultation.starts_on),
            ends=_day(consultation.ends_on),
        )
    resolved = []
    for item in parsed.rows:
        theme = None
        if item.theme:
            theme = themes.get(normalise_header(item.theme))
            if theme is None:
                known = ", ".join(sorted(t.slug for t in set(themes.values())))
                raise table.error(
                    "err.proposals.unknown_theme", item.row, "theme", theme=item.theme, known=known
                )
        resolved.append((item, theme))
    items = []
    for item, theme in resolved:
        identity = item.submitter or item.organisation
        submitters = []
        if identity:
            person = person_for_identity(
                session=session,
                secret=secret,
                channel=item.channel,
                identity=identity,
                organisation=item.organisation,
            )
            submitters.append(person.id)
        where = f"id:{item.row_key}" if item.row_key else f"row:{item.row.number}"
        items.append(
            ProposalIn(
                consultation_id=consultation.id,
                channel=item.channel,
                source_key=f"file:{parsed.name}:{where}",
                text=item.text,
                received_at=item.received_at,
                theme_id=theme.id if theme else None,
                title=item.title,
                organisation=item.organisation,
                in_template=item.in_template,
                template_fields=item.template_fields,
                source_file=parsed.name,
                source_row=item.row.number,
                submitter_ids=submitters,
            )
        )
    # Rows outside the consultation's dates (accepted by allow_out_of_range) are stored
    # with their own audit reason, so each such proposal carries the flag in its history.
    flagged = set(outside)
    result = IntakeResult()
    for reason, group in (
        (
            Reason("audit_reason_import", f"import of {parsed.name}", {"file": parsed.name}),
            [i for i in items if i.source_row not in flagged],
        ),
        (
            Reason(
                "audit_reason_import_out_of_range",
                f"import of {parsed.name}, received outside the consultation's dates",
                {"file": parsed.name},
            ),
            [i for i in items if i.source_row in flagged],
        ),
    ):
        if group:
            part = add_proposals(group, session=session, actor=actor, reason=reason)
            result.received += part.received
            result.created += part.created
            result.already_present += part.already_present
            result.created_ids += part.created_ids
    return result


def _day(day) -> str:
    return day.isoformat() if day else "..."


@dataclass
class AnswersResult:
    accepted: int = 0
    rejected: int = 0
    unchanged: int = 0
    proposal_ids: list[int] = field(default_factory=list)


def store_answers_file(
    parsed: AnswersFile, *, session: Session, consultation: Consultation, actor: str
) -> AnswersResult:
    """Record the answers of the sheet; an answer identical to the stored one is skipped."""
    table = parsed.table
    proposals = {
        p.id: p
        for p in session.scalars(
            select(Proposal).where(
                Proposal.consultation_id == consultation.id,
                Proposal.id.in_([a.proposal_id for a in parsed.rows]),
            )
        )
    }
    for answer in parsed.rows:
        proposal = proposals.get(answer.proposal_id)
        if proposal is None:
            raise table.error(
                "err.answers.no_proposal",
                answer.row,
                "proposal",
                id=answer.proposal_id,
                consultation=consultation.slug,
            )
        if proposal.status in NOT_COUNTED:
            raise table.error(
                "err.answers.uncounted",
                answer.row,
                "proposal",
                id=proposal.id,
                status=status_label(proposal.status),
            )
    result = AnswersResult()
    for answer in parsed.rows:
        proposal = proposals[answer.proposal_id]
        commitment = CommitmentIn(**answer.commitment) if answer.commitment else None
        if _same_answer(session, proposal, answer.decision, answer.justification, commitment):
            result.unchanged += 1
            continue
        try:
            answer_proposal(
                session=session,
                proposal_id=proposal.id,
                decision=answer.decision,
                justification=answer.justification,
                commitment=commitment,
                actor=actor,
            )
        except WorkflowError as exc:
            raise table.refused(exc, answer.row, "decision") from None
        setattr(result, answer.decision, getattr(result, answer.decision) + 1)
        result.proposal_ids.append(proposal.id)
    return result


def _same_answer(session, proposal, decision, justification, commitment) -> bool:
    if proposal.status != ProposalStatus(decision) or (proposal.justification or None) != (
        justification or None
    ):
        return False
    if commitment is None:
        return True
    stored = session.scalar(select(Commitment).where(Commitment.proposal_id == proposal.id))
    return stored is not None and all(
        getattr(stored, name) == (value.strip() if isinstance(value, str) else value)
        for name, value in vars(commitment).items()
    )


def answer_sheet_rows(
    *, session: Session, consultation: Consultation, institution: Institution
) -> list[dict]:
    """What an institution's answer sheet lists: its routed, unanswered proposals."""
    return [
        {"id": p.id, "theme": p.theme.name_es if p.theme else None, "title": p.title,
         "text": p.text, "due_on": p.answer_due_on}
        for p in list_proposals(session=session, consultation_id=consultation.id,
                                status="sent_to_institution", institution_id=institution.id)
    ]  # fmt: skip
