"""Where a Graph API page's next page is, whatever the paging style.

Graph API "Paginated Results": cursor-based edges answer ``paging.cursors.{before,after}``
with ``paging.next``; time-based ones (a Page's feed and posts) answer only
``paging.next``/``previous`` links with ``since``/``until`` (and ``__paging_token``); offset
ones a ``next`` link with ``offset``. In every style, no ``next`` means the last page, and a
page may be empty yet carry a ``next``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit


def next_page_of(body: Any) -> dict[str, str]:
    """Where the page after ``body`` is: ``{"after": cursor}`` when Graph gave a cursor,
    ``{"next": url}`` when it gave only a ``paging.next`` link (time-based paging with
    ``until``/``__paging_token``, offset paging), ``{}`` at the end (no ``next``: Graph API
    "Paginated Results")."""
    if not isinstance(body, dict):
        return {}
    paging = body.get("paging") if isinstance(body.get("paging"), dict) else {}
    link = paging.get("next")
    if not link:
        return {}
    cursors = paging.get("cursors") if isinstance(paging.get("cursors"), dict) else {}
    if cursors.get("after"):
        return {"after": str(cursors["after"])}
    return {"next": _without_token(str(link))}


def where_in(bookmark: dict) -> dict[str, str]:
    """The ``next_page_of`` a bookmark kept (an interrupted stream resumes there)."""
    return {k: str(bookmark[k]) for k in ("after", "next") if bookmark.get(k)}


def page_token(where: dict[str, str]) -> str | None:
    return where.get("after") or where.get("next") or None


def _without_token(url: str) -> str:
    """A next link without the access token it may carry (bookmarks and logs keep it)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = [(k, v) for k, v in query if k != "access_token"]
    return urlunsplit(parts._replace(query=urlencode(query)))
