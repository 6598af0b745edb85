"""Publishing a consultation's public results (admin) and recording the progress of a
commitment (its institution, or an admin on its behalf). Both audited by
``consultation.publication``; every POST checks the CSRF token."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.consultation.publication import record_progress, set_published
from pulso.db.models import Consultation, Proposal, ProposalStatus, Role
from pulso.errors import PulsoError
from pulso.web.deps import IdPath, Viewer, csrf_protected, db_session, page_viewer
from pulso.web.render import error_text, redirect_with_flash, render

router = APIRouter(include_in_schema=False)

ADMIN = frozenset({Role.ADMIN})


@router.get("/admin/publication")
def publication_page(
    request: Request,
    viewer: Viewer = Depends(page_viewer(ADMIN)),
    session: Session = Depends(db_session),
):
    consultations = list(session.scalars(select(Consultation).order_by(Consultation.id)))
    flash = {k: request.query_params.get(k) for k in ("done", "n", "error", "detail")}
    return render(request, "publication.html", viewer, consultations=consultations, flash=flash)


@router.post("/admin/publication/{slug}")
def publication_change(
    request: Request,
    slug: str,
    publish: str = Form(""),
    viewer: Viewer = Depends(page_viewer(ADMIN)),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    wanted = publish == "true"
    try:
        set_published(session=session, slug=slug, published=wanted, actor=viewer.username)
    except PulsoError as exc:
        session.rollback()
        return redirect_with_flash(
            "/admin/publication", error="failed", detail=error_text(request, exc)
        )
    session.commit()
    return redirect_with_flash("/admin/publication", done="published" if wanted else "unpublished")


@router.post("/proposals/{proposal_id}/progress")
def progress(
    request: Request,
    proposal_id: IdPath,
    percent: str = Form(""),
    note: str = Form(""),
    recorded_on: str = Form(""),
    viewer: Viewer = Depends(page_viewer(frozenset({Role.INSTITUTION, Role.ADMIN}))),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    proposal = session.get(Proposal, proposal_id)
    # An institution records progress only on what was routed to it; anything else does
    # not exist for it.
    if proposal is None or (
        viewer.role is Role.INSTITUTION and proposal.institution_id != viewer.institution_id
    ):
        raise HTTPException(404)
    target = f"/proposals/{proposal.id}"
    if proposal.status != ProposalStatus.ACCEPTED:
        raise HTTPException(404)
    value = percent.strip()
    if not value.isdigit() or not 0 <= int(value) <= 100:
        return redirect_with_flash(target, error="percent")
    day = None
    if recorded_on.strip():
        try:
            day = dt.date.fromisoformat(recorded_on.strip())
        except ValueError:
            return redirect_with_flash(target, error="date")
    try:
        record_progress(
            session=session,
            proposal_id=proposal.id,
            percent=int(value),
            note=note,
            actor=viewer.username,
            recorded_on=day,
        )
    except PulsoError as exc:
        session.rollback()
        return redirect_with_flash(target, error="failed", detail=error_text(request, exc))
    session.commit()
    return redirect_with_flash(target, done="progress", n=1)
