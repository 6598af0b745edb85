"""Consultations, their themes and the institutions competent for them.

Functions take the session as a keyword argument and never commit. Creating something that
already exists (same slug) updates it, so loading a consultation file twice is harmless.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pulso.db.models import Account, Campaign, Consultation, Institution, Post, Theme
from pulso.db.upsert import upsert
from pulso.errors import InputError, NotFound
from pulso.i18n import Label, Message


def _date(value: str | dt.date | None, *, field: str, path: str | None = None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except (ValueError, TypeError):
        raise InputError.of("err.catalog.iso_date", path=path, field=field, value=value) from None


def upsert_consultation(
    *,
    session: Session,
    slug: str,
    name: str,
    description: str | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    timezone: str = "America/El_Salvador",
) -> Consultation:
    if starts_on and ends_on and ends_on < starts_on:
        raise InputError.of("err.consultation.ends_before_start", field="ends_on", slug=slug)
    upsert(
        Consultation,
        [
            {
                "slug": slug,
                "name": name,
                "description": description,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "timezone": timezone,
                "created_at": dt.datetime.now(dt.UTC),
            }
        ],
        session=session,
        key=("slug",),
        update=("name", "description", "starts_on", "ends_on", "timezone"),
    )
    return get_consultation(session=session, slug=slug)


def get_consultation(*, session: Session, slug: str) -> Consultation:
    consultation = session.scalar(
        select(Consultation)
        .where(Consultation.slug == slug)
        .options(selectinload(Consultation.themes))
        .execution_options(populate_existing=True)
    )
    if consultation is None:
        raise NotFound.of("err.no_consultation", slug=slug)
    return consultation


def list_consultations(*, session: Session) -> Sequence[Consultation]:
    return session.scalars(
        select(Consultation).order_by(Consultation.starts_on, Consultation.slug)
    ).all()


def upsert_theme(
    *,
    session: Session,
    consultation: Consultation,
    slug: str,
    name_es: str,
    name_en: str | None = None,
    description_es: str | None = None,
    description_en: str | None = None,
    position: int | None = None,
) -> Theme:
    if position is None:
        existing = session.scalars(
            select(Theme.position).where(Theme.consultation_id == consultation.id)
        ).all()
        position = max(existing, default=0) + 1
    upsert(
        Theme,
        [
            {
                "consultation_id": consultation.id,
                "slug": slug,
                "name_es": name_es,
                "name_en": name_en,
                "description_es": description_es,
                "description_en": description_en,
                "position": position,
            }
        ],
        session=session,
        key=("consultation_id", "slug"),
    )
    return get_theme(session=session, consultation=consultation, slug=slug)


def get_theme(*, session: Session, consultation: Consultation, slug: str) -> Theme:
    theme = session.scalar(
        select(Theme)
        .where(Theme.consultation_id == consultation.id, Theme.slug == slug)
        .execution_options(populate_existing=True)
    )
    if theme is None:
        raise NotFound.of("err.no_theme", slug=slug, consultation=consultation.slug)
    return theme


def list_themes(*, session: Session, consultation: Consultation) -> Sequence[Theme]:
    return session.scalars(
        select(Theme)
        .where(Theme.consultation_id == consultation.id)
        .order_by(Theme.position, Theme.slug)
    ).all()


def upsert_institution(
    *,
    session: Session,
    slug: str,
    name: str,
    acronym: str | None = None,
    contact: str | None = None,
    themes: Sequence[Theme] = (),
) -> Institution:
    upsert(
        Institution,
        [{"slug": slug, "name": name, "acronym": acronym, "contact": contact}],
        session=session,
        key=("slug",),
    )
    institution = get_institution(session=session, slug=slug)
    for theme in themes:
        if theme not in institution.themes:
            institution.themes.append(theme)
    session.flush()
    return institution


def get_institution(*, session: Session, slug: str) -> Institution:
    institution = session.scalar(
        select(Institution)
        .where(Institution.slug == slug)
        .options(selectinload(Institution.themes))
        .execution_options(populate_existing=True)
    )
    if institution is None:
        raise NotFound.of("err.no_institution_slug", slug=slug)
    return institution


def list_institutions(*, session: Session) -> Sequence[Institution]:
    return session.scalars(
        select(Institution).options(selectinload(Institution.themes)).order_by(Institution.slug)
    ).all()


def upsert_campaign(
    *,
    session: Session,
    slug: str,
    name: str,
    consultation: Consultation | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    planned_posts_per_day: float | None = None,
    planned_platform: str | None = None,
    budget_amount: float | None = None,
    budget_currency: str | None = None,
) -> Campaign:
    upsert(
        Campaign,
        [
            {
                "slug": slug,
                "name": name,
                "consultation_id": consultation.id if consultation else None,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "planned_posts_per_day": planned_posts_per_day,
                "planned_platform": planned_platform,
                "budget_amount": budget_amount,
                "budget_currency": budget_currency,
            }
        ],
        session=session,
        key=("slug",),
    )
    campaign = session.scalar(
        select(Campaign).where(Campaign.slug == slug).execution_options(populate_existing=True)
    )
    assert campaign is not None
    return campaign


def attach_account(
    *, session: Session, campaign: Campaign, platform: str, account_external_id: str
) -> int:
    """Put an account and its posts in ``campaign`` (and the account in its consultation),
    so that reports of the consultation include them. Posts already in another campaign
    are left there. Returns how many posts were attached; idempotent."""
    account = session.scalar(
        select(Account).where(
            Account.platform == platform, Account.external_id == account_external_id
        )
    )
    if account is None:
        raise NotFound.of("err.no_account", platform=platform, account=account_external_id)
    if campaign.consultation_id is not None and account.consultation_id is None:
        account.consultation_id = campaign.consultation_id
    posts = session.scalars(
        select(Post).where(Post.account_id == account.id, Post.campaign_id.is_(None))
    ).all()
    for post in posts:
        post.campaign_id = campaign.id
    session.flush()
    return len(posts)


def label_posts(*, session: Session, platform: str, labels: dict[str, str]) -> int:
    """Give posts (by platform id) the names the team uses for them, e.g. "arte 3"."""
    changed = 0
    for post in session.scalars(
        select(Post).where(Post.platform == platform, Post.external_id.in_(list(labels)))
    ):
        if post.label != labels[post.external_id]:
            post.label = labels[post.external_id]
            changed += 1
    session.flush()
    return changed


@dataclass(frozen=True)
class LoadedFile:
    consultation: Consultation
    theme_slugs: list[str]  # the themes the file held; a stored theme it omits is kept


def load_consultation_file(path: str | Path, *, session: Session) -> LoadedFile:
    """Create or update a consultation, its themes and institutions from a JSON file.

    The file's shape is that of ``sandbox/data/consultation_2018.json``.
    """
    path = Path(path)
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError.of("err.input.cannot_read", path=str(path), problem=exc) from None
    except json.JSONDecodeError as exc:
        raise InputError.of(
            "err.catalog.not_json", path=str(path), line=exc.lineno, problem=exc.msg
        ) from None
    _check_shape(data, path)
    if data.get("starts_on") and data.get("ends_on"):
        starts = _date(data["starts_on"], field="starts_on", path=str(path))
        if _date(data["ends_on"], field="ends_on", path=str(path)) < starts:
            raise InputError.of("err.catalog.ends_before_start", path=str(path), field="ends_on")
    consultation = upsert_consultation(
        session=session,
        slug=data["slug"],
        name=data["name"],
        description=data.get("description"),
        starts_on=_date(data.get("starts_on"), field="starts_on", path=str(path)),
        ends_on=_date(data.get("ends_on"), field="ends_on", path=str(path)),
        timezone=data.get("timezone", "America/El_Salvador"),
    )
    themes: dict[str, Theme] = {}
    for position, item in enumerate(data.get("themes", []), start=1):
        themes[item["slug"]] = upsert_theme(
            session=session,
            consultation=consultation,
            slug=item["slug"],
            name_es=item["name_es"],
            name_en=item.get("name_en"),
            description_es=item.get("description_es"),
            description_en=item.get("description_en"),
            position=position,
        )
    for index, item in enumerate(data.get("institutions", []), start=1):
        unknown = [slug for slug in item.get("themes", []) if slug not in themes]
        if unknown:
            raise InputError.of(
                "err.catalog.unknown_theme",
                slug=unknown[0],
                path=str(path),
                field=f"institutions[{index}].themes",
            )
        upsert_institution(
            session=session,
            slug=item["slug"],
            name=item["name"],
            acronym=item.get("acronym"),
            contact=item.get("contact"),
            themes=[themes[slug] for slug in item.get("themes", [])],
        )
    if data.get("disqus_threads"):
        _load_thread_mapping(data["disqus_threads"], consultation, themes, path, session)
    return LoadedFile(get_consultation(session=session, slug=consultation.slug), list(themes))


# key -> (expected JSON type, required); nested lists of objects are checked item by item.
_TOP = {"slug": (str, True), "name": (str, True), "description": (str, False),
        "starts_on": (str, False), "ends_on": (str, False), "timezone": (str, False),
        "themes": (list, False), "institutions": (list, False),
        "disqus_threads": (list, False)}  # fmt: skip
_ITEMS = {
    "themes": {"slug": (str, True), "name_es": (str, True), "name_en": (str, False),
               "description_es": (str, False), "description_en": (str, False)},
    "institutions": {"slug": (str, True), "name": (str, True), "acronym": (str, False),
                     "contact": (str, False), "themes": (list, False)},
    "disqus_threads": {"theme": (str, True), "link": (str, False), "title": (str, False)},
}  # fmt: skip


def _json_kind(value: Any) -> Message:
    """What a JSON value is, as an error says it (in the error's language)."""
    if value is None:
        return Message.of("err.json.null")
    if isinstance(value, bool):
        return Message.of("err.json.boolean", value=str(value).lower())
    if isinstance(value, int | float):
        return Message.of("err.json.number", value=value)
    if isinstance(value, str):
        if value.strip():
            return Message.of("err.json.text", value=value[:40])
        return Message.of("err.json.empty_text")
    return Message.of("err.json.a_list" if isinstance(value, list) else "err.json.an_object")


def _check_fields(data: dict, spec: dict, path: Path, prefix: str = "") -> None:
    for key, (kind, required) in spec.items():
        where = f"{prefix}{key}"
        if key not in data or data[key] is None:
            if required:
                raise InputError.of(
                    "err.catalog.missing",
                    expected=Label("err.json.a_text" if kind is str else "err.json.a_list"),
                    path=str(path),
                    field=where,
                )
            continue
        value = data[key]
        expected = Label("err.json.a_text" if kind is str else "err.json.a_list_of_objects")
        if not isinstance(value, kind) or (kind is str and required and not value.strip()):
            raise InputError.of(
                "err.catalog.found_expected",
                path=str(path),
                field=where,
                found=_json_kind(value),
                expected=expected,
            )
        if kind is str and (bad := _CONTROL.search(value)):
            raise InputError.of(
                "err.catalog.control",
                code=f"U+{ord(bad.group()):04X}",
                path=str(path),
                field=where,
            )


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _check_shape(data: Any, path: Path) -> None:
    """Refuse a file whose structure is not a consultation, naming the first bad key and
    saying what was found there and what was expected."""
    if not isinstance(data, dict):
        raise InputError.of(
            "err.catalog.found_expected",
            path=str(path),
            line=1,
            found=_json_kind(data),
            expected=Label("err.json.a_json_object"),
        )
    _check_fields(data, _TOP, path)
    for key, spec in _ITEMS.items():
        for index, item in enumerate(data.get(key) or [], start=1):
            where = f"{key}[{index}]"
            if not isinstance(item, dict):
                raise InputError.of(
                    "err.catalog.found_expected",
                    path=str(path),
                    field=where,
                    found=_json_kind(item),
                    expected=Label("err.json.an_object"),
                )
            _check_fields(item, spec, path, prefix=f"{where}.")
            if key == "institutions":
                for n, slug in enumerate(item.get("themes") or [], start=1):
                    if not isinstance(slug, str):
                        raise InputError.of(
                            "err.catalog.found_expected",
                            found=_json_kind(slug),
                            expected=Label("err.json.a_theme_slug"),
                            path=str(path),
                            field=f"{where}.themes[{n}]",
                        )
    timezone = data.get("timezone", "America/El_Salvador")
    try:
        ZoneInfo(timezone)
    except (ValueError, TypeError, ZoneInfoNotFoundError):
        raise InputError.of(
            "err.catalog.timezone",
            value=timezone,
            path=str(path),
            field="timezone",
        ) from None


def _load_thread_mapping(items, consultation, themes, path: Path, session: Session) -> None:
    """``"disqus_threads": [{"theme": slug, "link": url}, {"theme": slug, "title": t}]``."""
    from pulso.consultation.disqus import (  # the store builds on this
        map_thread,
        promote_disqus_posts,
    )

    for index, item in enumerate(items, start=1):
        where = f"disqus_threads[{index}]"
        if item.get("theme") not in themes:
            raise InputError.of(
                "err.catalog.unknown_theme",
                path=str(path),
                field=f"{where}.theme",
                slug=item.get("theme"),
            )
        if bool(item.get("link")) == bool(item.get("title")):
            raise InputError.of("err.catalog.link_or_title", path=str(path), field=where)
        map_thread(
            session=session,
            consultation=consultation,
            theme=themes[item["theme"]],
            link=item.get("link"),
            title=item.get("title"),
        )
    promote_disqus_posts(session=session)


@dataclass(frozen=True)
class Scope:
    """The consultation a command works on, and the theme and institution it names."""

    consultation: Consultation
    theme: Theme | None = None
    institution: Institution | None = None


def resolve_scope(
    *,
    session: Session,
    consultation: str | None = None,
    theme: str | None = None,
    institution: str | None = None,
) -> Scope:
    """The consultation by slug (or the only one there is), its theme and an institution by
    slug; ``NotFound`` names what is missing."""
    if consultation:
        found = get_consultation(session=session, slug=consultation)
    else:
        rows = list_consultations(session=session)
        if len(rows) != 1:
            raise NotFound.of("err.say_which_consultation")
        found = get_consultation(session=session, slug=rows[0].slug)
    return Scope(
        found,
        get_theme(session=session, consultation=found, slug=theme) if theme else None,
        get_institution(session=session, slug=institution) if institution else None,
    )
