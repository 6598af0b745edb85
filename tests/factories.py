"""Small factories for test data. Each takes the session as a keyword and flushes."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from pulso.consultation.catalog import upsert_consultation, upsert_institution, upsert_theme
from pulso.db.models import Consultation, Institution, Post, Theme

_counter = itertools.count(1)

UTC = dt.UTC


def when(day: int = 1, hour: int = 12, month: int = 6, year: int = 2018) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


def make_consultation(*, session: Session, slug: str | None = None, **kw) -> Consultation:
    return upsert_consultation(
        session=session,
        slug=slug or f"consulta-{next(_counter)}",
        name=kw.pop("name", "Consulta de prueba"),
        starts_on=kw.pop("starts_on", dt.date(2018, 6, 18)),
        ends_on=kw.pop("ends_on", dt.date(2018, 7, 16)),
        **kw,
    )


def make_theme(
    *, session: Session, consultation: Consultation, slug: str | None = None, **kw
) -> Theme:
    slug = slug or f"tema-{next(_counter)}"
    return upsert_theme(
        session=session,
        consultation=consultation,
        slug=slug,
        name_es=kw.pop("name_es", slug.replace("-", " ").capitalize()),
        **kw,
    )


def make_institution(*, session: Session, slug: str | None = None, **kw) -> Institution:
    slug = slug or f"inst-{next(_counter)}"
    return upsert_institution(session=session, slug=slug, name=kw.pop("name", slug.upper()), **kw)


def make_post(*, session: Session, platform: str = "facebook", **kw) -> Post:
    post = Post(
        platform=platform,
        external_id=kw.pop("external_id", f"p{next(_counter)}"),
        published_at=kw.pop("published_at", when()),
        kind=kw.pop("kind", "image"),
        **kw,
    )
    session.add(post)
    session.flush()
    return post
