"""Review actions on the queue: confirm (with theme and optional summary), reject, mark
abusive, one comment at a time or in bulk. Each POST checks the form's CSRF token and calls
``db.review``; the decision and the model version are audited there."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from pulso.consultation import review as review_db
from pulso.errors import PulsoError
from pulso.web.auth_routes import check_csrf
from pulso.web.deps import REVIEWERS, Viewer, db_session, page_viewer
from pulso.web.render import error_text, render

router = APIRouter(include_in_schema=False)

ACTIONS = ("confirm", "reject", "abusive")


def _back(page: str | None, **flash) -> RedirectResponse:
    params = {k: v for k, v in flash.items() if v not in (None, "")}
    if page and page.isdigit() and page != "1":
        params["page"] = page
    return RedirectResponse("/review" + ("?" + urlencode(params) if params else ""), 303)


def decide(
    session: Session,
    *,
    comment_id: int,
    action: str,
    reviewer: str,
    theme: str | None = None,
    summary: str | None = None,
    consultation: str | None = None,
) -> review_db.Decision:
    """One reviewer decision (raises ``PulsoError`` for the user to fix)."""
    if action == "confirm":
        return review_db.confirm(
            session=session,
            comment_id=comment_id,
            reviewer=reviewer,
            theme=theme or None,
            summary=(summary or "").strip() or None,
            consultation=consultation or None,
        )
    if action == "reject":
        return review_db.reject(session=session, comment_id=comment_id, reviewer=reviewer)
    if action == "abusive":
        return review_db.mark_abusive(session=session, comment_id=comment_id, reviewer=reviewer)
    raise PulsoError.of("err.review_action", action=action)


def _forbidden(request: Request, viewer: Viewer):
    return render(request, "error.html", viewer, status_code=403, code=403)


@router.post("/review/bulk")
def review_bulk(
    request: Request,
    csrf_token: str = Form(""),
    action: str = Form(""),
    theme: str = Form(""),
    comment_ids: list[int] = Form(default_factory=list),
    page: str = Form("1"),
    viewer: Viewer = Depends(page_viewer(REVIEWERS)),
    session: Session = Depends(db_session),
):
    """The same decision for every selected comment, all or nothing."""
    if not check_csrf(request, csrf_token):
        return _forbidden(request, viewer)
    if not comment_ids:
        return _back(page, error="none_selected")
    try:
        for comment_id in dict.fromkeys(comment_ids):
            decide(session, comment_id=comment_id, action=action, reviewer=viewer.username,
                   theme=theme)  # fmt: skip
    except PulsoError as exc:
        session.rollback()
        return _back(page, error="failed", detail=error_text(request, exc))
    session.commit()
    return _back(page, done=action, n=len(set(comment_ids)))


@router.post("/review/{comment_id}")
def review_one(
    request: Request,
    comment_id: int,
    csrf_token: str = Form(""),
    action: str = Form(""),
    theme: str = Form(""),
    summary: str = Form(""),
    consultation: str = Form(""),
    page: str = Form("1"),
    viewer: Viewer = Depends(page_viewer(REVIEWERS)),
    session: Session = Depends(db_session),
):
    if not check_csrf(request, csrf_token):
        return _forbidden(request, viewer)
    try:
        decision = decide(
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
    return _back(page, done=action, n=1, proposal=decision.proposal_id)
