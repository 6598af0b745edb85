"""Log in, log out, switch language.

The login form carries a CSRF token bound to an anonymous signed cookie; a successful login
issues a fresh cookie (new CSRF token) so a token seen before login is useless after it.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.db.models import Role, User
from pulso.web.deps import (
    LANG_COOKIE,
    SESSION_COOKIE,
    csrf_protected,
    current_viewer,
    db_session,
    password_fingerprint,
    read_cookie,
)
from pulso.web.render import render
from pulso.web.security import new_csrf_token, verify_password

log = logging.getLogger("pulso.web.auth")
router = APIRouter(include_in_schema=False)


def _secure(request: Request) -> bool:
    setting = request.app.state.settings.web_secure_cookies
    return setting if setting is not None else request.url.scheme == "https"


def set_session_cookie(request: Request, response: Response, payload: dict) -> None:
    signer = request.app.state.signer
    response.set_cookie(
        SESSION_COOKIE,
        signer.dumps(payload),
        max_age=signer.max_age_seconds,
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )


def safe_next(target: str | None) -> str:
    """Only a local path: never redirect to another site after login."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def home_for(role: Role) -> str:
    return "/inbox" if role is Role.INSTITUTION else "/"


def login_page(request: Request, *, error: str | None, status_code: int = 200, next_url="/"):
    payload = read_cookie(request)
    if not payload.get("csrf"):
        payload = {"csrf": new_csrf_token()}
    response = render(
        request,
        "login.html",
        None,
        status_code=status_code,
        csrf=payload["csrf"],
        error=error,
        next_url=safe_next(next_url),
    )
    set_session_cookie(request, response, {"csrf": payload["csrf"]})
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/", session: Session = Depends(db_session)):
    viewer = current_viewer(request, session)
    if viewer is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return login_page(request, error=None, next_url=next)


@router.post("/login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    session: Session = Depends(db_session),
    _csrf: None = Depends(csrf_protected),
):
    throttle = request.app.state.throttle
    client = request.client.host if request.client else "unknown"
    keys = (f"user:{username.strip().lower()}", f"addr:{client}")
    # A name that did not log in may be a password typed in the wrong field: the log gets
    # its keyed hash only.
    tag = request.app.state.signer.log_tag(keys[0])
    if throttle.blocked(*keys):
        log.warning("login throttled for user %s from %s", tag, client)
        return login_page(request, error="error_throttled", status_code=429, next_url=next)
    user = session.scalar(select(User).where(User.username == username.strip()))
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        throttle.failed(*keys)
        log.info("failed login for user %s from %s", tag, client)
        return login_page(request, error="error_login", status_code=401, next_url=next)
    throttle.succeeded(keys[0])
    log.info("user %r logged in from %s", user.username, client)
    target = safe_next(next)
    if target == "/":
        target = home_for(Role(user.role))
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(
        request,
        response,
        {"uid": user.id, "pw": password_fingerprint(user), "csrf": new_csrf_token()},
    )
    return response


@router.post("/logout")
def logout(request: Request, _csrf: None = Depends(csrf_protected)):
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/lang/{code}")
def switch_language(request: Request, code: str, next: str = "/"):
    """Switching language changes nothing on the server, so a plain link is enough."""
    response = RedirectResponse(safe_next(next), status_code=303)
    if code in ("es", "en"):
        response.set_cookie(
            LANG_COOKIE,
            code,
            max_age=365 * 86400,
            httponly=True,
            samesite="lax",
            secure=_secure(request),
        )
    return response
