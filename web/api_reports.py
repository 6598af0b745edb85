"""``/api/v1/reports``: list, generate and download reports (admin and analyst tokens)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from pulso.errors import NotFound, PulsoError
from pulso.reports import files as report_files
from pulso.web.deps import ANALYSTS, api_user, db_session

router = APIRouter(prefix="/api/v1", tags=["v1"])


class ReportFileOut(BaseModel):
    name: str
    kind: str
    scope: str
    lang: str
    format: str
    size: int
    modified_at: dt.datetime
    url: str


class ReportRequest(BaseModel):
    kind: Literal["weekly", "consultation"]
    week: str | None = Field(None, description="ISO week like 2018-W26 (weekly; default: last)")
    consultation: str | None = Field(None, description="Consultation slug")
    formats: list[Literal["html", "pdf", "xlsx", "csv", "json"]] = ["html"]
    lang: Literal["es", "en"] = "es"


class ReportMade(BaseModel):
    files: list[ReportFileOut]


def _out(item: report_files.ReportFile) -> ReportFileOut:
    return ReportFileOut(**vars(item), url=f"/api/v1/reports/{item.name}")


@router.get("/reports", response_model=list[ReportFileOut])
def list_reports(request: Request, user=Depends(api_user(ANALYSTS))):
    """Every generated report file, newest first."""
    return [_out(f) for f in report_files.list_reports(request.app.state.settings)]


@router.post("/reports", response_model=ReportMade, status_code=201)
def generate_report(
    request: Request,
    body: ReportRequest,
    user=Depends(api_user(ANALYSTS)),
    session: Session = Depends(db_session),
):
    """Generate a weekly or consultation report; answers the files written."""
    settings = request.app.state.settings
    try:
        if body.kind == "weekly":
            _, paths = report_files.make_weekly(session=session, settings=settings,
                week=body.week, consultation=body.consultation, formats=list(body.formats),
                lang=body.lang)  # fmt: skip
        else:
            _, paths = report_files.make_consultation(session=session, settings=settings,
                consultation=body.consultation or "", formats=list(body.formats),
                lang=body.lang)  # fmt: skip
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except PulsoError as exc:
        raise HTTPException(422, str(exc)) from None
    names = {p.name for p in paths}
    return ReportMade(
        files=[_out(f) for f in report_files.list_reports(settings) if f.name in names]
    )


@router.get("/reports/{name}", response_class=FileResponse)
def download_report(request: Request, name: str, user=Depends(api_user(ANALYSTS))):
    """One report file (as listed)."""
    path = report_files.find_report(request.app.state.settings, name)
    if path is None:
        raise HTTPException(404, f"no report {name!r}")
    media = report_files.MEDIA_TYPES[path.suffix.lstrip(".")]
    return FileResponse(path, media_type=media, filename=path.name)
