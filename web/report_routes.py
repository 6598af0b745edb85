"""The reports page: generate the weekly report (choose the week) or the consultation
report in any format and language, and download what was generated (also by the weekly
job). Admins and analysts only: reports carry the whole campaign's figures."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.db.models import Consultation
from pulso.errors import PulsoError
from pulso.reports import files as report_files
from pulso.web.deps import ANALYSTS, Viewer, csrf_protected, db_session, page_viewer
from pulso.web.render import error_text, redirect_with_flash, render

router = APIRouter(include_in_schema=False)


def _back(**flash) -> RedirectResponse:
    return redirect_with_flash("/reports", **flash)


@router.get("/reports")
def reports_page(
    request: Request,
    consultation: str | None = None,
    viewer: Viewer = Depends(page_viewer(ANALYSTS)),
    session: Session = Depends(db_session),
):
    from pulso.reports import FORMATS, report_weeks

    settings = request.app.state.settings
    consultations = list(session.scalars(select(Consultation).order_by(Consultation.id)))
    chosen = next((c for c in consultations if c.slug == consultation), None)
    chosen = chosen or (consultations[0] if consultations else None)
    weeks = (
        list(reversed(report_weeks(session=session, consultation=chosen.slug))) if chosen else []
    )
    made = request.query_params.getlist("made")
    # "2018-W26" with its Monday, so the list reads as dates.
    weeks = [(w, dt.date.fromisocalendar(int(w[:4]), int(w[6:]), 1)) for w in weeks]
    return render(
        request,
        "reports.html",
        viewer,
        consultations=consultations,
        chosen=chosen,
        weeks=weeks,
        formats=FORMATS,
        files=report_files.list_reports(settings),
        groups=report_files.group_reports(report_files.list_reports(settings)),
        consultation_names={c.slug: c.name for c in consultations},
        made=set(made),
        error=request.query_params.get("error"),
    )


def _generate(request: Request, make) -> RedirectResponse:
    try:
        _, files = make()
    except PulsoError as exc:
        return _back(error=error_text(request, exc))
    return RedirectResponse(
        "/reports?" + urlencode([("made", p.name) for p in files]), status_code=303
    )


@router.post("/reports/weekly")
def generate_weekly(
    request: Request,
    week: str = Form(""),
    consultation: str = Form(""),
    formats: list[str] = Form(default_factory=list),
    lang: str = Form("es"),
    viewer: Viewer = Depends(page_viewer(ANALYSTS)),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    settings = request.app.state.settings
    return _generate(request, lambda: report_files.make_weekly(
        session=session, settings=settings, week=week, consultation=consultation,
        formats=formats, lang=lang))  # fmt: skip


@router.post("/reports/consultation")
def generate_consultation(
    request: Request,
    consultation: str = Form(""),
    formats: list[str] = Form(default_factory=list),
    lang: str = Form("es"),
    viewer: Viewer = Depends(page_viewer(ANALYSTS)),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    settings = request.app.state.settings
    return _generate(request, lambda: report_files.make_consultation(
        session=session, settings=settings, consultation=consultation, formats=formats,
        lang=lang))  # fmt: skip


@router.get("/reports/files/{name}")
def download(request: Request, name: str, viewer: Viewer = Depends(page_viewer(ANALYSTS))):
    path = report_files.find_report(request.app.state.settings, name)
    if path is None:
        raise HTTPException(404)
    ext = path.suffix.lstrip(".")
    return FileResponse(path, media_type=report_files.MEDIA_TYPES[ext], filename=path.name)
