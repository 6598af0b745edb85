"""Public results, without login: ``/public/{slug}`` (the page, with filters), its open data
(``.json``, ``.csv``, ``.atom``, and ``/public/schema.json``), and ``/p/{public_id}``, each
proposal's permanent link. An unpublished or unknown consultation is a 404.

Whoever asks (signed in or not, any role) gets the same page: nothing here reads the
viewer. What is shown comes from ``consultation.publication.public_results`` (only safe
content; the metrics layer's figures), cached per process until the data changes
(``PublicCache``).
"""

from __future__ import annotations

import math
import threading

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy.orm import Session

from pulso.consultation.publication import (
    PublicResults,
    freshness,
    parse_public_id,
    public_results,
)
from pulso.i18n import t
from pulso.web import public_data
from pulso.web.deps import db_session, language
from pulso.web.queries import FreshCache
from pulso.web.render import option_tags, render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
# Public content may be stored by browsers and proxies, but asked again each time (the
# server answers from its own cache): the language is a cookie, so one URL has two texts.
PUBLIC_CACHE = {"Cache-Control": "public, no-cache", "Vary": "Cookie"}
FILTERS = ("theme", "status", "channel", "institution")


class PublicCache:
    """Per process: each consultation's ``PublicResults`` and its rendered answers, kept
    while ``publication.freshness`` (the publication time, the newest proposal, audit event,
    commitment and progress update) is unchanged, and for at most ``ttl_seconds`` (a change
    that adds no such row: a theme or an institution renamed). Building the results of
    20,000 proposals takes seconds (every text is scrubbed): one thread builds them while
    the others asking for the same consultation wait for it instead of building too."""

    def __init__(self, ttl_seconds: float = 300.0) -> None:
        self.results = FreshCache(ttl_seconds, size=16)
        self.rendered = FreshCache(ttl_seconds, size=512)
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, session: Session, slug: str) -> tuple[PublicResults, tuple]:
        version = freshness(session=session, slug=slug)
        if version is None:
            raise HTTPException(404)
        with self._guard:
            lock = self._locks.setdefault(slug, threading.Lock())
        with lock:
            results = self.results.get(
                slug, version, lambda: public_results(session=session, slug=slug)
            )
        if results is None:
            raise HTTPException(404)
        return results, version


def _cache(request: Request) -> PublicCache:
    state = request.app.state
    cache = getattr(state, "public", None)
    if cache is None:
        cache = state.public = PublicCache()
    return cache


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.get("/public/schema.json")
def public_schema():
    return Response(
        public_data.schema_text(),
        media_type="application/schema+json",
        headers=PUBLIC_CACHE,
    )


@router.get("/public/{slug}.json")
def public_json(request: Request, slug: str, session: Session = Depends(db_session)):
    cache = _cache(request)
    results, version = cache.get(session, slug)
    base = _base_url(request)
    body = cache.rendered.get(
        ("json", slug, base), version, lambda: public_data.as_json(results, base)
    )
    return JSONResponse(body, headers=PUBLIC_CACHE)


@router.get("/public/{slug}.csv")
def public_csv(request: Request, slug: str, session: Session = Depends(db_session)):
    cache = _cache(request)
    results, version = cache.get(session, slug)
    base = _base_url(request)
    body = cache.rendered.get(
        ("csv", slug, base), version, lambda: public_data.as_csv(results, base)
    )
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={
            **PUBLIC_CACHE,
            "Content-Disposition": f'attachment; filename="{slug}-propuestas.csv"',
        },
    )


@router.get("/public/{slug}.atom")
def public_atom(request: Request, slug: str, session: Session = Depends(db_session)):
    cache = _cache(request)
    results, version = cache.get(session, slug)
    base = _base_url(request)
    lang = language(request)
    body = cache.rendered.get(
        ("atom", slug, base, lang), version, lambda: public_data.as_atom(results, base, lang)
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8", headers=PUBLIC_CACHE)


def _selected(request: Request) -> dict[str, str]:
    return {
        name: value
        for name in FILTERS
        if (value := request.query_params.get(name, "").strip()) and len(value) <= 300
    }


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < len(raw) < 7 and int(raw) > 0 else 1


def _matches(results: PublicResults, selected: dict[str, str]) -> list:
    theme = selected.get("theme")
    status = selected.get("status")
    channel = selected.get("channel")
    institution = selected.get("institution")
    if theme == "none":
        theme = None
        want_theme = True
    else:
        want_theme = theme is not None
    return [
        p
        for p in results.proposals
        if (not want_theme or p.theme_slug == theme)
        and (status is None or p.status == status)
        and (channel is None or p.channel == channel)
        and (institution is None or p.institution == institution)
    ]


def _render_page(request: Request, results: PublicResults, lang: str) -> HTMLResponse:
    selected = _selected(request)
    matching = _matches(results, selected)
    pages = max(1, math.ceil(len(matching) / PAGE_SIZE))
    page = min(_page_number(request), pages)
    shown = matching[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    themes = {row.slug: row.name(lang) for row in results.themes}
    statuses = sorted({p.status for p in results.proposals}, key=_STATUS_ORDER.index)
    filters = {
        "theme": option_tags(
            [
                ("", t("pub_all_themes", lang)),
                *((row.slug or "none", row.name(lang)) for row in results.themes),
            ],
            selected.get("theme", ""),
        ),
        "status": option_tags(
            [("", t("pub_all_statuses", lang)), *((s, t(f"proposal_{s}", lang)) for s in statuses)],
            selected.get("status", ""),
        ),
        "channel": option_tags(
            [
                ("", t("pub_all_channels", lang)),
                *((c, t(f"channel_{c}", lang)) for c in results.channels),
            ],
            selected.get("channel", ""),
        ),
        "institution": option_tags(
            [("", t("pub_all_institutions", lang)), *((i, i) for i in results.institutions)],
            selected.get("institution", ""),
        ),
    }
    return render(
        request,
        "public.html",
        None,
        results=results,
        proposals=shown,
        matching=len(matching),
        page=page,
        pages=pages,
        filters=filters,
        selected=selected,
        theme_names=themes,
        single=False,
    )


_STATUS_ORDER = ["received", "in_review", "sent_to_institution", "accepted", "rejected"]


@router.get("/public/{slug}")
def public_page(request: Request, slug: str, session: Session = Depends(db_session)):
    cache = _cache(request)
    results, version = cache.get(session, slug)
    lang = language(request)
    # Keyed by what changes the page (filters, page, language): other query parameters
    # cannot fill the cache.
    selected = tuple(sorted(_selected(request).items()))
    place = ("page", slug, lang, selected, _page_number(request))

    body = cache.rendered.get(place, version, lambda: _render_page(request, results, lang).body)
    return Response(body, media_type="text/html; charset=utf-8", headers=PUBLIC_CACHE)


@router.get("/p/{public_id}")
def public_proposal(request: Request, public_id: str, session: Session = Depends(db_session)):
    parsed = parse_public_id(public_id)
    if parsed is None:
        raise HTTPException(404)
    slug, _ = parsed
    cache = _cache(request)
    results, version = cache.get(session, slug)
    # An item merged into another is shown under the proposal it joined.
    proposal = results.by_public_id(public_id)
    if proposal is None:
        raise HTTPException(404)
    lang = language(request)

    def build() -> bytes:
        return render(
            request,
            "public.html",
            None,
            results=results,
            proposals=[proposal],
            matching=1,
            page=1,
            pages=1,
            filters={},
            selected={},
            theme_names={row.slug: row.name(lang) for row in results.themes},
            single=True,
            highlight=public_id,
        ).body

    body = cache.rendered.get(("proposal", public_id, lang), version, build)
    return Response(body, media_type="text/html; charset=utf-8", headers=PUBLIC_CACHE)
