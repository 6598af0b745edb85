"""The consultation workflow in the browser: merge suggestions (merge, un-merge), routing to
institutions with an answer deadline in working days, overdue answers, and institutions'
answers (accepted with a SMART commitment, or rejected with a justification).

Every POST checks the CSRF token and calls ``db.store_workflow``, which audits the change.
Staff (admin, analyst, reviewer) merge and route; an institution answers what was routed to
it (an admin may record an answer on its behalf, e.g. one received by e-mail).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.consultation.answers import CommitmentIn, answer_proposal, overdue_proposals
from pulso.consultation.duplicates import suggest_duplicates
from pulso.consultation.intake import audit_trail
from pulso.consultation.workflow import (
    ANSWERED,
    NOT_COUNTED,
    merge_proposals,
    route_proposals,
    unmerge_proposal,
)
from pulso.db.models import Consultation, Institution, Proposal, ProposalStatus, Role
from pulso.errors import PulsoError
from pulso.i18n import t
from pulso.reports import audit
from pulso.web import listings
from pulso.web.auth_routes import safe_next
from pulso.web.deps import (
    ALL_ROLES,
    STAFF,
    Id,
    IdForm,
    IdPath,
    Viewer,
    as_of_day,
    csrf_protected,
    db_session,
    language,
    page_viewer,
)
from pulso.web.render import error_text, redirect_with_flash, render
from pulso.workdays import working_days_late

router = APIRouter(include_in_schema=False)

SMART_FIELDS = (
    "action",
    "indicator",
    "baseline",
    "target",
    "responsible",
    "starts_on",
    "ends_on",
    "milestones",
)


def _today(request: Request) -> dt.date:
    """The day deadlines are counted at (``web.deps.as_of_day``)."""
    return as_of_day(request).day


def _forbidden(request: Request, viewer: Viewer):
    return render(request, "error.html", viewer, status_code=403, code=403)


def _consultations(session: Session) -> list[Consultation]:
    return list(session.scalars(select(Consultation).order_by(Consultation.id)))


def _flash(request: Request) -> dict:
    return {k: request.query_params.get(k) for k in ("done", "n", "error", "detail")}


# --------------------------------------------------------------------------------------
# Merge suggestions, overdue answers
# --------------------------------------------------------------------------------------


@router.get("/proposals/duplicates")
def duplicates(
    request: Request,
    consultation: str | None = None,
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
):
    consultations = _consultations(session)
    chosen = next((c for c in consultations if c.slug == consultation), None)
    chosen = chosen or (consultations[0] if consultations else None)
    pairs = suggest_duplicates(session=session, consultation_id=chosen.id) if chosen else []
    ids = {p.keep_id for p in pairs} | {p.merge_id for p in pairs}
    by_id = {
        p.id: p for p in session.scalars(listings.proposals_query().where(Proposal.id.in_(ids)))
    }
    merged = (
        session.scalars(
            listings.proposals_query(status=ProposalStatus.MERGED.value).where(
                Proposal.consultation_id == chosen.id
            )
        ).all()
        if chosen
        else []
    )
    return render(
        request,
        "duplicates.html",
        viewer,
        pairs=pairs,
        by_id=by_id,
        merged=merged,
        consultations=consultations,
        chosen=chosen,
        flash=_flash(request),
    )


@router.get("/proposals/overdue")
def overdue(
    request: Request,
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
):
    today = _today(request)
    items = overdue_proposals(session=session, today=today)
    # Late by working days, as the deadline was counted.
    late = {p.id: working_days_late(p.answer_due_on, today) for p in items}
    return render(
        request,
        "overdue.html",
        viewer,
        items=items,
        today=today,
        late=late,
        as_of=as_of_day(request),
    )


@router.post("/proposals/merge")
def merge(
    request: Request,
    target_id: IdForm,
    source_ids: Annotated[list[Id], Form()],
    score: Annotated[float | None, Form(ge=0, le=1, allow_inf_nan=False)] = None,
    next: str = Form("/proposals/duplicates"),
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    try:
        done = merge_proposals(session=session, target_id=target_id, source_ids=source_ids,
                               actor=viewer.username, score=score)  # fmt: skip
    except PulsoError as exc:
        session.rollback()
        return redirect_with_flash(safe_next(next), error="failed", detail=error_text(request, exc))
    session.commit()
    return redirect_with_flash(safe_next(next), done="merged", n=len(done))


@router.post("/proposals/{proposal_id}/unmerge")
def unmerge(
    request: Request,
    proposal_id: IdPath,
    next: str = Form(""),
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    target = safe_next(next or f"/proposals/{proposal_id}")
    try:
        unmerge_proposal(session=session, proposal_id=proposal_id, actor=viewer.username)
    except PulsoError as exc:
        session.rollback()
        return redirect_with_flash(target, error="failed", detail=error_text(request, exc))
    session.commit()
    return redirect_with_flash(target, done="unmerged", n=1)


# --------------------------------------------------------------------------------------
# Routing
# --------------------------------------------------------------------------------------


@router.post("/proposals/route")
def route(
    request: Request,
    institution_id: IdForm,
    proposal_ids: Annotated[list[Id], Form(default_factory=list)],
    # 0 (or nothing): the configured deadline.
    working_days: Annotated[int | None, Form(ge=0, le=3650)] = None,
    force: bool = Form(False),
    next: str = Form("/proposals"),
    viewer: Viewer = Depends(page_viewer(STAFF)),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    """Route the chosen proposals; the deadline is counted in working days from today."""
    target = safe_next(next)
    if not proposal_ids:
        return redirect_with_flash(target, error="none_selected")
    institution = session.get(Institution, institution_id)
    if institution is None:
        detail = t("err.no_institution", language(request), id=institution_id)
        return redirect_with_flash(target, error="failed", detail=detail)
    days = working_days if working_days and working_days > 0 else None
    days = days or request.app.state.settings.answer_deadline_working_days
    routed = 0
    try:
        proposals = session.scalars(select(Proposal).where(Proposal.id.in_(proposal_ids))).all()
        for consultation_id in sorted({p.consultation_id for p in proposals}):
            result = route_proposals(
                session=session,
                consultation=session.get(Consultation, consultation_id),
                actor=viewer.username,
                working_days=days,
                institution=institution,
                proposal_ids=[p.id for p in proposals if p.consultation_id == consultation_id],
                force=force,
            )
            routed += len(result.routed)
        if len(proposals) != len(set(proposal_ids)):
            raise PulsoError.of("err.some_proposals_missing")
    except PulsoError as exc:
        session.rollback()
        return redirect_with_flash(target, error="failed", detail=error_text(request, exc))
    session.commit()
    return redirect_with_flash(target, done="routed", n=routed)


# --------------------------------------------------------------------------------------
# Proposal page and answers
# --------------------------------------------------------------------------------------


def _visible_proposal(session: Session, viewer: Viewer, proposal_id: int) -> Proposal:
    proposal = session.scalar(listings.proposals_query().where(Proposal.id == proposal_id))
    # An institution sees only what was routed to it; anything else does not exist for it.
    if proposal is None or (
        viewer.role is Role.INSTITUTION and proposal.institution_id != viewer.institution_id
    ):
        raise HTTPException(404)
    return proposal


def can_answer(viewer: Viewer, proposal: Proposal) -> bool:
    if proposal.status in NOT_COUNTED or proposal.institution_id is None:
        return False
    if viewer.role is Role.ADMIN:
        return True
    return viewer.role is Role.INSTITUTION and proposal.institution_id == viewer.institution_id


def proposal_page(
    request: Request,
    viewer: Viewer,
    session: Session,
    proposal: Proposal,
    *,
    errors: dict | None = None,
    values: dict | None = None,
    status_code: int = 200,
):
    staff = viewer.role in STAFF
    children = (
        session.scalars(listings.proposals_query().where(Proposal.merged_into_id == proposal.id))
        .unique()
        .all()
    )
    competent = [i for i in proposal.theme.institutions] if proposal.theme else []
    institutions = list(session.scalars(select(Institution).order_by(Institution.name)))
    lang = language(request)
    # The people behind it: its own submitters and those of the items merged into it, each
    # once (as the overview and the reports count them).
    own = {person.id for person in proposal.submitters}
    people = own | {person.id for child in children for person in child.submitters}
    return render(
        request,
        "proposal_detail.html",
        viewer,
        status_code=status_code,
        proposal=proposal,
        today=_today(request),
        staff=staff,
        children=children,
        people=len(people),
        people_from_merged=len(people - own),
        institutions=institutions,
        competent={i.id for i in competent},
        can_answer=can_answer(viewer, proposal),
        answered=proposal.status in ANSWERED,
        errors=errors or {},
        values=values or {},
        trail=audit.describe(
            audit_trail(session=session, entity="proposal", entity_id=proposal.id),
            lang,
            institutions={i.slug: i.acronym or i.name for i in institutions},
            themes={th.slug: th.name(lang) for th in listings.all_themes(session=session)},
        )
        if staff
        else [],
        default_days=request.app.state.settings.answer_deadline_working_days,
        flash=_flash(request),
    )


@router.get("/proposals/{proposal_id}")
def proposal_detail(
    request: Request,
    proposal_id: IdPath,
    viewer: Viewer = Depends(page_viewer(ALL_ROLES)),
    session: Session = Depends(db_session),
):
    return proposal_page(request, viewer, session, _visible_proposal(session, viewer, proposal_id))


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


@router.post("/proposals/{proposal_id}/answer")
def answer(
    request: Request,
    proposal_id: IdPath,
    decision: str = Form(""),
    action: str = Form(""),
    indicator: str = Form(""),
    baseline: str = Form(""),
    target: str = Form(""),
    responsible: str = Form(""),
    starts_on: str = Form(""),
    ends_on: str = Form(""),
    milestones: str = Form(""),
    justification: str = Form(""),
    viewer: Viewer = Depends(page_viewer(frozenset({Role.INSTITUTION, Role.ADMIN}))),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    # A plain (threaded) route: the database work must not block the event loop.
    values = {
        "decision": decision,
        "action": action,
        "indicator": indicator,
        "baseline": baseline,
        "target": target,
        "responsible": responsible,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "milestones": milestones,
        "justification": justification,
    }
    proposal = _visible_proposal(session, viewer, proposal_id)
    if not can_answer(viewer, proposal):
        return _forbidden(request, viewer)
    errors: dict[str, str] = {}
    commitment = None
    if decision == ProposalStatus.ACCEPTED.value:
        for name in SMART_FIELDS:
            if not values[name].strip():
                errors[name] = "error_required"
        dates = {name: _date(values[name]) for name in ("starts_on", "ends_on")}
        for name, day in dates.items():
            if values[name].strip() and day is None:
                errors[name] = "error_date"
        if not errors and dates["ends_on"] < dates["starts_on"]:
            errors["ends_on"] = "error_end_before_start"
        if not errors:
            commitment = CommitmentIn(
                **{n: values[n] for n in SMART_FIELDS if n not in dates}, **dates
            )
    elif decision == ProposalStatus.REJECTED.value:
        if not values["justification"].strip():
            errors["justification"] = "error_required"
    else:
        errors["decision"] = "error_decision"
    if not errors:
        try:
            answer_proposal(
                session=session,
                proposal_id=proposal.id,
                decision=decision,
                actor=viewer.username,
                justification=values["justification"] if decision == "rejected" else None,
                commitment=commitment,
            )
        except PulsoError as exc:
            session.rollback()
            errors["form"] = error_text(request, exc)
    if errors:
        proposal = _visible_proposal(session, viewer, proposal_id)
        return proposal_page(request, viewer, session, proposal, errors=errors, values=values,
                             status_code=422)  # fmt: skip
    session.commit()
    return redirect_with_flash(f"/proposals/{proposal.id}", done="answered", n=1)
