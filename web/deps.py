"""Request dependencies: the database session, who is asking, and what they may see.

Pages and the API authenticate differently (a signed session cookie vs. a Bearer token) but
check roles the same way: every route names the roles it admits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Form, HTTPException, Path, Query, Request
from pydantic import AfterValidator, Field
from sqlalchemy.orm import Session

from pulso.analytics.periods import Period
from pulso.db.models import Role, User
from pulso.errors import InputError, PulsoError
from pulso.i18n import t
from pulso.web.security import csrf_matches
from pulso.web.users import user_for_token

SESSION_COOKIE = "pulso_session"
LANG_COOKIE = "pulso_lang"

ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.ADMIN, Role.ANALYST, Role.REVIEWER})
ANALYSTS = frozenset({Role.ADMIN, Role.ANALYST})
REVIEWERS = frozenset({Role.ADMIN, Role.REVIEWER})


# --------------------------------------------------------------------------------------
# What a request may carry: every integer, date and text a route takes is bounded here,
# so no input reaches the database unbounded (a 20-digit id is a 422 or a 404, not an
# OverflowError from SQLite; a NUL byte a 400, not a 500 from PostgreSQL). Routes declare
# their parameters with these types; tests/test_hostile_inputs.py checks that every
# integer parameter of every route is bounded.
# --------------------------------------------------------------------------------------

# Ids are 32-bit integers on PostgreSQL (and SQLite refuses past 64 bits).
MAX_ID = 2**31 - 1
MAX_PAGE = 1_000_000
# Days a page or an endpoint accepts: wide enough for any campaign, and far enough from
# the ends of ``datetime.date`` that adding a week or a time zone never overflows.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2999, 12, 31)

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdForm = Annotated[int, Form(ge=1, le=MAX_ID)]
PageQuery = Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")]
Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]


def _within_days(moment: dt.datetime) -> dt.datetime:
    if not FIRST_DAY <= moment.date() <= LAST_DAY:
        raise ValueError(f"must be between {FIRST_DAY} and {LAST_DAY}")
    return moment


Moment = Annotated[dt.datetime, AfterValidator(_within_days)]

_ID_TEXT = re.compile(r"[0-9]{1,10}")


def optional_id(value: str | None) -> int | None:
    """An id written in a free text parameter (a filter's select), or None when it is not
    one: empty, not ASCII digits, or out of range."""
    if value and _ID_TEXT.fullmatch(value):
        number = int(value)
        return number if 1 <= number <= MAX_ID else None
    return None


class BadRequest(HTTPException):
    """A 400 whose reason a page shows in the viewer's language; the API's ``detail`` is the
    English text. ``BadRequest.of(key, **values)`` for a catalogue message,
    ``BadRequest.of_error(error)`` for a keyed ``PulsoError`` (an ``InputError``)."""

    def __init__(self, text_in: Callable[[str], str]) -> None:
        super().__init__(400, text_in("en"))
        self.text_in = text_in

    @classmethod
    def of(cls, key: str, **values: object) -> BadRequest:
        return cls(lambda lang: t(key, lang, **values))

    @classmethod
    def of_error(cls, error: PulsoError) -> BadRequest:
        return cls(error.localized)


def week_of(value: str | None) -> dt.date | None:
    """The Monday of the week of a day written ``2018-06-25`` (a 400 otherwise)."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise BadRequest.of("err.web.week", value=value)
    return day - dt.timedelta(days=day.weekday())


# A chosen period is at most this many days (ten years): enough for any campaign, and a
# bound on what one page sums.
MAX_PERIOD_DAYS = 3660


def period_of(week: dt.date | None, first: str | None, last: str | None, zone) -> Period | None:
    """The days a page shows: ``from``/``to`` (ISO dates; one alone is one day), else the
    week, else ``None`` (the whole campaign). A 400 for a date that is not one, a period
    that ends before it starts or one longer than ``MAX_PERIOD_DAYS``."""
    tz = str(zone)
    try:
        period = Period.parse(first, last, tz)
    except InputError as error:
        raise BadRequest.of_error(error) from None
    if period is None:
        return Period.of_week(week, tz) if week is not None else None
    if not (period.first >= FIRST_DAY and period.last <= LAST_DAY):
        raise BadRequest.of("err.web.period_years")
    if period.days > MAX_PERIOD_DAYS:
        raise BadRequest.of("err.web.period_too_long", days=f"{MAX_PERIOD_DAYS:,}")
    return period


_NUL_IN_BODY = re.compile(rb"\x00|(?<!\\)\\u0000|%00", re.IGNORECASE)


async def no_nul_bytes(request: Request) -> None:
    """PostgreSQL text cannot hold NUL: a path, query string or body carrying one is a 400,
    not a 500. Bodies are checked raw (a NUL byte, a JSON ``\\u0000`` escape, a form
    ``%00``); a form FastAPI has already read is checked field by field."""
    if "\x00" in request.url.path or any(
        "\x00" in key or "\x00" in value for key, value in request.query_params.multi_items()
    ):
        raise HTTPException(400, "NUL bytes are not allowed in parameters")
    if request.method not in ("POST", "PUT", "PATCH"):
        return
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # parsed once: FastAPI reuses it
        if any(
            isinstance(value, str) and "\x00" in key + value for key, value in form.multi_items()
        ):
            raise HTTPException(400, "NUL bytes are not allowed in the request body")
    elif _NUL_IN_BODY.search(await request.body()):
        raise HTTPException(400, "NUL bytes are not allowed in the request body")


@dataclass(frozen=True)
class Viewer:
    """The signed-in user as a page or endpoint sees it (no password hash, no token)."""

    id: int
    username: str
    role: Role
    institution_id: int | None
    institution_name: str | None
    csrf: str

    def can(self, roles: frozenset[Role]) -> bool:
        return self.role in roles


class LoginRequired(Exception):
    """Raised by page dependencies; the app answers with a redirect to the login page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


class PageForbidden(Exception):
    """A signed-in user without the role: a 403 page."""


class CsrfRejected(Exception):
    """A form whose CSRF token does not match the session's: a 403 page (the login page
    again, with its message, for the login form)."""


def csrf_protected(request: Request, csrf_token: str = Form("")) -> None:
    """The one CSRF check of every form POST: the form's ``csrf_token`` must match the token
    in the signed session cookie. Declared after the viewer, so a signed-out user is sent to
    the login page first."""
    if not csrf_matches(read_cookie(request).get("csrf"), csrf_token):
        raise CsrfRejected()


READ_METHODS = frozenset({"GET", "HEAD"})


def db_session(request: Request) -> Iterator[Session]:
    """The request's session. GET and HEAD handlers only read (they never commit), so theirs
    begins without taking SQLite's write lock; other methods get a writer's session."""
    state = request.app.state
    maker = state.read_sessionmaker if request.method in READ_METHODS else state.sessionmaker
    with maker() as session:
        yield session


def password_fingerprint(user: User) -> str:
    # Stored in the cookie so that changing a password ends the user's other sessions.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:12]


def read_cookie(request: Request) -> dict:
    payload = request.app.state.signer.loads(request.cookies.get(SESSION_COOKIE))
    return payload or {}


def language(request: Request) -> str:
    lang = request.cookies.get(LANG_COOKIE)
    return lang if lang in ("es", "en") else request.app.state.settings.language


def current_viewer(request: Request, session: Session) -> Viewer | None:
    payload = read_cookie(request)
    uid = payload.get("uid")
    if not isinstance(uid, int):
        return None
    user = session.get(User, uid)
    if user is None or not user.is_active or payload.get("pw") != password_fingerprint(user):
        return None
    return Viewer(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        institution_id=user.institution_id,
        institution_name=user.institution.name if user.institution else None,
        csrf=str(payload.get("csrf", "")),
    )


def page_viewer(roles: frozenset[Role] = ALL_ROLES):
    """A page dependency: the viewer, or a redirect to log in, or a 403 page."""

    def dependency(request: Request, session: Session = Depends(db_session)) -> Viewer:
        viewer = current_viewer(request, session)
        if viewer is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise LoginRequired(quote(target, safe="/"))
        if not viewer.can(roles):
            raise PageForbidden()
        return viewer

    return dependency


def api_user(roles: frozenset[Role] = ALL_ROLES):
    """An API dependency: the token's user, or 401 (no/invalid token) or 403 (role)."""

    def dependency(request: Request, session: Session = Depends(db_session)) -> User:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        user = None
        if scheme.lower() == "bearer" and token.strip():
            user = user_for_token(session=session, token=token.strip())
        if user is None:
            raise HTTPException(
                status_code=401,
                detail="a valid API token is required (Authorization: Bearer <token>)",
                headers={"WWW-Authenticate": "Bearer"},
            )
        if Role(user.role) not in roles:
            raise HTTPException(status_code=403, detail="your role does not allow this")
        return user

    return dependency


def as_of_day(request: Request):
    """The day deadlines are counted at on the pages (``analytics.consultation.AsOf``): the
    setting ``as_of`` (a date or "today"; "closing" is per consultation, so today here)."""
    from pulso.analytics.consultation import resolve_as_of

    today = dt.datetime.now(request.app.state.zone).date()
    return resolve_as_of(request.app.state.settings.as_of, today=today)
