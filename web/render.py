"""Template rendering: Jinja2 with the viewer's language and Pulso's number/date formats."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, urlencode

from fastapi import Request, Response
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from pulso import i18n, metrics
from pulso.errors import PulsoError
from pulso.settings import Settings
from pulso.web.deps import language


def make_templates(directory: Path, settings: Settings) -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(directory))
    templates.env.globals["app_name"] = "Pulso"
    return templates


@lru_cache(maxsize=4096)
def _week_label(monday: dt.date, lang: str) -> str:
    """ "Semana del 18 de junio de 2018": the same few hundred weeks on every page."""
    return i18n.t("week_of", lang, day=i18n.format_date(monday, lang))


def option_tags(choices: Iterable[tuple[str, str]], selected: str | None) -> Markup:
    """``<option>``s of (value, label) pairs, ``selected`` selected, built in Python: a
    select of many choices repeated on a page costs more as a template loop than the rest
    of the page (170 weeks of a three-year campaign; a theme selector per comment)."""
    return Markup(
        "".join(
            f'<option value="{escape(value)}"{" selected" if value == selected else ""}>'
            f"{escape(label)}</option>"
            for value, label in choices
        )
    )


def change_text(comparison: dict | None, lang: str) -> str:
    """A figure's change against the previous period (``analytics.periods.compare``): a
    percentage, or the difference where the previous value is too small for one."""
    if not comparison or comparison.get("how") is None:
        return i18n.t("change_unknown", lang)
    amount = comparison["change"]
    if amount == 0:
        return i18n.t("no_change", lang)
    sign = "+" if amount > 0 else "−"
    if comparison["how"] == "ratio":
        return sign + i18n.format_percent(abs(amount), lang)
    return sign + i18n.format_number(abs(amount), lang)


def _context(request: Request, viewer, extra: dict) -> dict:
    lang = language(request)
    zone = request.app.state.zone

    def local(value: dt.datetime | None, with_time: bool = True) -> str:
        if value is None:
            return "—"
        value = value.astimezone(zone)
        text = i18n.format_date(value, lang)
        return f"{text}, {value:%H:%M}" if with_time else text

    def week_options(weeks: list[dt.date], selected: dt.date | None) -> Markup:
        return option_tags(
            ((w.isoformat(), _week_label(w, lang)) for w in weeks),
            selected.isoformat() if selected else None,
        )

    def query(**changes) -> str:
        """The current query string with ``changes`` applied (None removes a key)."""
        params = dict(request.query_params)
        for key, value in changes.items():
            if value is None or value == "":
                params.pop(key, None)
            else:
                params[key] = str(value)
        return "?" + urlencode(params) if params else request.url.path

    return {
        "request": request,
        "viewer": viewer,
        "lang": lang,
        "_": lambda key, **kw: i18n.t(key, lang, **kw),
        "num": lambda v, d=0: i18n.format_number(v, lang, d),
        # A post's figure by Pulso's name, or the platform's own (X replies are comments).
        "figure": metrics.figure,
        # Several messages at once, for a template's loop: {% set L = labels('a', 'b') %},
        # then L.a. Attributes, not dict keys: Jinja reads ``L.a`` as an attribute first, and
        # a dict fails that lookup with an exception every time (a small saving measured:
        # 12.0 -> 11.5 ms for the review queue in-process).
        "labels": lambda *keys: SimpleNamespace(**{key: i18n.t(key, lang) for key in keys}),
        # A page's total: counting stops at pulso.db.paging.COUNT_LIMIT ("more than 1,000").
        "total_of": lambda page: (
            i18n.format_number(page.total, lang)
            if page.total_exact
            else i18n.t("more_than", lang, n=i18n.format_number(page.total, lang))
        ),
        "money": lambda v, c="USD": i18n.format_money(v, c, lang),
        "pct": lambda v: "—" if v is None else i18n.format_percent(v, lang),
        "date": lambda v: i18n.format_date(v, lang),
        "change": lambda c: change_text(c, lang),
        "when": local,
        "query": query,
        "week_options": week_options,
        "path": request.url.path,
        # Where a language switch comes back to (path and query, URL-encoded).
        "next_here": quote(
            request.url.path + (f"?{request.url.query}" if request.url.query else ""), safe="/"
        ),
        **extra,
    }


def error_text(request: Request, error: PulsoError) -> str:
    """A user error's message in the page's language (``PulsoError.localized``)."""
    return error.localized(language(request))


def render(request: Request, template: str, viewer=None, *, status_code: int = 200, **extra):
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, template, _context(request, viewer, extra), status_code=status_code
    )


# A client keeps a thumbnail a day; pages and the API name it with a version (``?v=``), so a
# new picture is a new address. "private": it is behind the login, no shared cache keeps it.
THUMBNAIL_CACHE = "private, max-age=86400"


def thumbnail_response(request: Request, thumbnail) -> Response:
    """A stored ``PostThumbnail``'s bytes with an ETag (304 when the client has them)."""
    etag = '"' + hashlib.sha256(thumbnail.data).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": THUMBNAIL_CACHE}
    asked = request.headers.get("if-none-match", "")
    if etag in {tag.strip() for tag in asked.split(",")} or asked.strip() == "*":
        return Response(status_code=304, headers=headers)
    return Response(thumbnail.data, media_type=thumbnail.content_type, headers=headers)


def render_error(request: Request, status_code: int, reason: str | None = None):
    from pulso.web.deps import current_viewer

    viewer = None
    try:
        with request.app.state.read_sessionmaker() as session:
            viewer = current_viewer(request, session)
    except Exception:  # an error page must render even when the database is down
        viewer = None
    return render(
        request, "error.html", viewer, status_code=status_code, code=status_code, reason=reason
    )


def redirect_with_flash(target: str, **flash) -> RedirectResponse:
    """303 to ``target`` carrying the non-empty flash values (done, n, error, detail...) as
    query parameters, added to any the target already has."""
    params = {k: v for k, v in flash.items() if v not in (None, "")}
    glue = "&" if "?" in target else "?"
    return RedirectResponse(target + (glue + urlencode(params) if params else ""), 303)
