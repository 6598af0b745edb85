"""Users of the web service and their API tokens. Functions take ``session=`` and never commit."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.consultation.catalog import get_institution
from pulso.db.models import Role, User
from pulso.errors import InputError, NotFound
from pulso.web.security import MIN_PASSWORD_LENGTH, hash_password, new_api_token, token_hash

USERNAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{1,99}$")


def add_user(
    *,
    session: Session,
    username: str,
    password: str,
    role: Role | str,
    institution_slug: str | None = None,
) -> User:
    """Create a user, or reset an existing one's password, role and institution."""
    role = Role(role)
    if not USERNAME_RE.match(username):
        raise InputError.of("err.user.username", field="username")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError.of("err.user.password_short", field="password", count=MIN_PASSWORD_LENGTH)
    institution = None
    if role is Role.INSTITUTION:
        if not institution_slug:
            raise InputError.of("err.user.institution_needed", field="institution")
        institution = get_institution(session=session, slug=institution_slug)
    elif institution_slug:
        raise InputError.of("err.user.institution_only", field="institution")
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username)
        session.add(user)
    user.password_hash = hash_password(password)
    user.role = role
    user.institution_id = institution.id if institution else None
    user.is_active = True
    session.flush()
    return user


def get_user(*, session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound.of("err.no_user", username=username)
    return user


def list_users(*, session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def issue_token(*, session: Session, username: str) -> str:
    """A new API token for the user (replacing any previous one). Only its hash is stored."""
    user = get_user(session=session, username=username)
    token = new_api_token()
    user.api_token_hash = token_hash(token)
    session.flush()
    return token


def user_for_token(*, session: Session, token: str) -> User | None:
    if not token:
        return None
    user = session.scalar(select(User).where(User.api_token_hash == token_hash(token)))
    return user if user is not None and user.is_active else None
