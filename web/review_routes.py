"""Review actions on the queue: confirm (with theme and optional summary), reject, mark
abusive, one comment at a time or in bulk. Each POST checks the form's CSRF token and calls
``db.review``; the decision and the model version are audited there."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from pulso.consultation import review as review_db
from pulso.errors import PulsoError
from pulso.web.deps import (
    REVIEWERS,
    Id,
    IdPath,
    Viewer,
    csrf_protected,
    db_session,
    page_viewer,
)
from pulso.web.render import error_text, redirect_with_flash

router = APIRouter(include_in_schema=False)


def _back(page: str | None, **flash) -> RedirectResponse:
    if page and page.isdigit() and page != "1":
        flash["page"] = page
    return redirect_with_flash("/review", **flash)


@router.post("/review/bulk")
def review_bulk(
    request: Request,
    comment_ids: Annotated[list[Id], Form(default_factory=list)],
    action: str = Form(""),
    theme: str = Form(""),
    page: str = Form("1"),
    viewer: Viewer = Depends(page_viewer(REVIEWERS)),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    """The same decision for every selected comment, all or nothing."""
    if not comment_ids:
        return _back(page, error="none_selected")
    try:
        for comment_id in dict.fromkeys(comment_ids):
            review_db.decide(
                session,
                comment_id=comment_id,
                action=action,
                reviewer=viewer.username,
                theme=theme,
            )
    except PulsoError as exc:
        session.rollback()
        return _back(page, error="failed", detail=error_text(request, exc))
    session.commit()
    request.app.state.learner.nudge()
    return _back(page, done=action, n=len(set(comment_ids)))


@router.post("/review/{comment_id}")
def review_one(
    request: Request,
    comment_id: IdPath,
    action: str = Form(""),
    theme: str = Form(""),
    summary: str = Form(""),
    consultation: str = Form(""),
    page: str = Form("1"),
    viewer: Viewer = Depends(page_viewer(REVIEWERS)),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    try:
        decision = review_db.decide(
            session,
            comment_id=comment_id,
            action=action,
            reviewer=viewer.username,
            theme=theme,
            summary=summary,
            consultation=consultation,
        )
    except PulsoError as exc:
        session.rollback()
        return _back(page, error="failed", detail=error_text(request, exc))
    session.commit()
    request.app.state.learner.nudge()
    return _back(page, done=action, n=1, proposal=decision.proposal_id)
