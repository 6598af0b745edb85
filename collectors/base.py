"""The collection loop, written once.

A platform collector supplies how to ask and how to parse, and yields ``Page`` objects
(records plus the bookmarks that hold once they are stored). This module supplies the rest:

- ``HttpStats`` and ``make_http_session``: a ``requests.Session`` with a timeout, a base URL
  that can point at a local server, and a hook that counts requests and keeps rate-limit
  headers;
- ``Retry`` / ``Fatal`` and ``call_with_retries``: each platform sorts a failure into
  retriable (with the server's wait, if it gave one) or fatal in one ``classify`` function;
  one piece of code sleeps and retries with jittered exponential backoff, capped;
- ``Pager``: follows one stream's pages to their end whatever the paging style (cursors,
  ``next`` URLs, next tokens) and stops a stream that no longer advances (a repeated cursor
  or URL, a page with nothing new, the page limit), with a warning;
- ``Findings`` and ``Schema``: the check at the edge of a collector; a missing required
  field is a one-line finding and a skipped item, a missing optional one is "not
  available", and both end up, counted, in the run's warnings;
- ``Collector`` and ``State``: what a collector offers the runner (``pulso.jobs.runner``),
  which stores its pages, holds the lease and records the run, and what it reads back.

No database and no platform knowledge here.
"""

from __future__ import annotations

import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

import requests

from pulso.errors import CollectionError
from pulso.i18n import Message, t
from pulso.i18n.stored import stored, stored_text
from pulso.records import Page

log = logging.getLogger(__name__)

T = TypeVar("T")


# --------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------


@dataclass
class HttpStats:
    """What a run cost in HTTP terms, and the last rate-limit headers seen."""

    requests: int = 0
    retries: int = 0
    last_headers: dict[str, str] = field(default_factory=dict)
    watched_headers: tuple[str, ...] = ()

    def hook(self, response: requests.Response, *args, **kwargs) -> None:
        self.requests += 1
        for name in self.watched_headers:
            if name in response.headers:
                self.last_headers[name.lower()] = response.headers[name]


class _TimeoutSession(requests.Session):
    """A session that applies a default timeout and can rewrite one host to another."""

    def __init__(self, timeout: float, rewrite: tuple[str, str] | None) -> None:
        super().__init__()
        self._timeout = timeout
        self._rewrite = rewrite

    def request(self, method, url, **kwargs):  # type: ignore[override]
        kwargs.setdefault("timeout", self._timeout)
        if self._rewrite and url.startswith(self._rewrite[0]):
            url = self._rewrite[1] + url[len(self._rewrite[0]) :]
        return super().request(method, url, **kwargs)


def make_http_session(
    *,
    timeout: float,
    stats: HttpStats,
    rewrite_from: str | None = None,
    rewrite_to: str | None = None,
    pool_size: int = 10,
) -> requests.Session:
    """A ``requests.Session`` with a timeout, connection pooling and the stats hook.

    ``rewrite_from``/``rewrite_to`` redirect a hard-coded API host (tweepy's
    ``https://api.twitter.com``) to a configured base URL such as a local fake server.
    """
    rewrite = None
    if rewrite_from and rewrite_to and _origin(rewrite_from) != _origin(rewrite_to):
        rewrite = (rewrite_from.rstrip("/"), rewrite_to.rstrip("/"))
    session = _TimeoutSession(timeout, rewrite)
    adapter = requests.adapters.HTTPAdapter(pool_connections=pool_size, pool_maxsize=pool_size)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.hooks["response"].append(stats.hook)
    return session


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


# --------------------------------------------------------------------------------------
# Retry policy
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Retry:
    """Try again; ``after`` is the server's own wait in seconds, if it gave one.
    ``Retry.of(key, after=..., **values)`` for a reason in the catalogue
    (``collect.retry.*``), shown in the reader's language if the retries run out."""

    reason: str
    after: float | None = None
    key: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, key: str, *, after: float | None = None, **values: Any) -> Retry:
        return cls(t(key, "en", **values), after, key, values)

    def why(self) -> object:
        """The reason as a message value (``Message``) when keyed, else its text."""
        return Message(self.key, self.values) if self.key is not None else self.reason


@dataclass(frozen=True)
class Fatal:
    """Stop the run with this message (e.g. an invalid token): ``Fatal.of(key, **values)``
    for a catalogue message (``pulso.i18n.collection``), shown in the reader's language."""

    message: str
    key: str | None = None
    values: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, key: str, **values: Any) -> Fatal:
        return cls(t(key, "en", **values), key, values)

    def error(self) -> CollectionError:
        if self.key is None:
            return CollectionError(self.message)
        return CollectionError.of(self.key, **self.values)


Classification = Retry | Fatal | None  # None: not ours to judge, re-raise as is


@dataclass
class RetryPolicy:
    max_retries: int = 5
    base_seconds: float = 1.0
    cap_seconds: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int, server_wait: float | None) -> float:
        """Full-jitter exponential backoff, or the server's wait plus jitter; both capped."""
        if server_wait is not None:
            return min(self.cap_seconds, server_wait + self.rng.uniform(0, self.base_seconds))
        return min(self.cap_seconds, self.rng.uniform(0, self.base_seconds * 2**attempt))


def call_with_retries(
    fn: Callable[[], T],
    *,
    classify: Callable[[BaseException], Classification],
    policy: RetryPolicy,
    stats: HttpStats | None = None,
    what: str = "request",
) -> T:
    """Call ``fn``; retry what ``classify`` calls retriable; raise ``CollectionError`` on fatal."""
    attempt = 0
    while True:
        try:
            return fn()
        except Exception as exc:  # noqa: BLE001 - classify decides
            verdict = classify(exc)
            if verdict is None:
                raise
            if isinstance(verdict, Fatal):
                raise verdict.error() from None
            if attempt >= policy.max_retries:
                raise CollectionError.of(
                    "err.collect.retries_exhausted",
                    what=what,
                    attempts=attempt + 1,
                    reason=verdict.why(),
                ) from None
            wait = policy.delay(attempt, verdict.after)
            log.warning("%s: %s; retrying in %.1fs", what, verdict.reason, wait)
            if stats is not None:
                stats.retries += 1
            policy.sleep(wait)
            attempt += 1


# --------------------------------------------------------------------------------------
# What came back: findings, schemas and paging
# --------------------------------------------------------------------------------------

DEFAULT_MAX_PAGES = 2000  # per stream and run: 200,000 items at 100 a page


class Findings:
    """What a run asked for and did not get, counted, for the run record's warnings.

    ``missing`` logs one line per item (platform, endpoint, object id, field) and counts it
    per endpoint and field; ``warn(key, **values)`` records a warning from the catalogue
    (``collect.warn.*``: a stopped stream, a fallback tried). The run record keeps them as
    keys with values (``pulso.i18n.stored``), so the CLI, ``/runs`` and the API show each in
    its reader's language; ``lines(lang)`` is that text.
    """

    def __init__(self, platform: str) -> None:
        self.platform = platform
        self.warnings: list[dict[str, Any]] = []
        self.skipped: Counter[tuple[str, str]] = Counter()  # (endpoint, field) -> items
        self.unavailable: Counter[tuple[str, str]] = Counter()  # (endpoint, field) -> values
        self._examples: dict[tuple[str, str], str] = {}

    def missing(self, endpoint: str, object_id: Any, name: str, *, required: bool) -> None:
        key = (endpoint, name)
        what = "item skipped" if required else "recorded as not available"
        log.warning(
            "%s %s: %s has no '%s'; %s", self.platform, endpoint, object_id or "?", name, what
        )
        (self.skipped if required else self.unavailable)[key] += 1
        self._examples.setdefault(key, str(object_id or "?"))

    def warn(self, key: str, **values: Any) -> None:
        entry = stored(key, **values)
        log.warning("%s: %s", self.platform, entry["text"])
        if entry not in self.warnings:
            self.warnings.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        """Every warning of the run as stored entries, counts included."""
        out = list(self.warnings)
        for counter, key in (
            (self.skipped, "collect.warn.skipped"),
            (self.unavailable, "collect.warn.not_delivered"),
        ):
            for (endpoint, name), count in sorted(counter.items()):
                out.append(
                    stored(
                        key,
                        platform=self.platform,
                        endpoint=endpoint,
                        name=name,
                        count=count,
                        example=self._examples[(endpoint, name)],
                    )
                )
        return out

    def lines(self, lang: str = "en") -> list[str]:
        """Every warning of the run, one line each in ``lang``, counts included."""
        return [stored_text(entry, lang) for entry in self.entries()]

    def details(self) -> dict[str, Any]:
        return {
            "warnings": self.entries(),
            "skipped_items": _by_field(self.skipped),
            "not_available": _by_field(self.unavailable),
        }


def _by_field(counter: Counter[tuple[str, str]]) -> dict[str, int]:
    """{"endpoint: field": count}, as the run record keeps the counts."""
    return {f"{endpoint}: {name}": n for (endpoint, name), n in sorted(counter.items())}


def absent(item: Any, name: str) -> bool:
    """Whether ``name`` (dotted for a nested field: ``public_metrics.reply_count``) is
    missing or null in ``item``."""
    value = item
    for part in name.split("."):
        if not isinstance(value, dict) or value.get(part) is None:
            return True
        value = value[part]
    return False


@dataclass(frozen=True)
class Schema:
    """What one endpoint must answer: the items' required fields (without one an item is
    unusable: skipped and counted) and the optional ones that were asked for (without one,
    that value is "not available" for the item, never a zero)."""

    platform: str
    endpoint: str
    required: tuple[str, ...] = ("id",)
    optional: tuple[str, ...] = ()
    list_key: str = "data"

    def items(self, body: Any, findings: Findings) -> list[Any]:
        """The answer's list of items; an answer without one stops the run in one line."""
        items = body.get(self.list_key) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise CollectionError.of(
                "err.collect.no_list",
                platform=self.platform,
                endpoint=self.endpoint,
                list_key=self.list_key,
                kind=type(body).__name__,
            )
        return items

    def valid(self, item: Any, findings: Findings, object_id: Any = None) -> bool:
        """Check one item; report what it lacks. False: skip it."""
        if not isinstance(item, dict):
            findings.missing(self.endpoint, object_id, "(object)", required=True)
            return False
        oid = object_id or item.get("id")
        usable = True
        for name in self.required:
            if absent(item, name):
                findings.missing(self.endpoint, oid, name, required=True)
                usable = False
        if usable:
            for name in self.optional:
                if absent(item, name):
                    findings.missing(self.endpoint, oid, name, required=False)
        return usable


class Pager:
    """Follows one stream's pages to their end, whatever the paging style.

    Feed it each page's items (``fresh`` keeps those not seen before in this stream) and
    then where the next page is (``follow``: a cursor, a ``next`` URL, a next token; None
    at the end). It answers whether to go on, and stops the stream with a warning when the
    server repeats a cursor or URL it gave before, when a page brings no new item but
    promises another, or at ``max_pages``: no loop can run away.
    """

    def __init__(
        self,
        stream: str,
        findings: Findings,
        *,
        max_pages: int = DEFAULT_MAX_PAGES,
        start: Hashable | None = None,
    ) -> None:
        self.stream = stream
        self.findings = findings
        self.max_pages = max_pages
        self.pages = 0
        self.stopped: str | None = None
        self._tokens: set[Hashable] = {start} if start else set()
        self._seen: set[Hashable] = set()
        self._new = 0

    def fresh(self, items: Iterable[T], key: Callable[[T], Hashable | None]) -> list[T]:
        """The items not seen before in this stream (an item without a key counts as new:
        validation reports it)."""
        out = []
        for item in items:
            k = key(item)
            if k is not None:
                if k in self._seen:
                    continue
                self._seen.add(k)
            out.append(item)
        self._new += len(out)
        return out

    def follow(self, token: Hashable | None) -> bool:
        """After a page: whether to ask for the page at ``token``."""
        self.pages += 1
        new, self._new = self._new, 0
        if not token:
            return False
        if token in self._tokens:
            reason = "repeated"  # the server gave a next page it had already given
        elif not new:
            reason = "no_new"  # a page brought no new item but promised another
        elif self.pages >= self.max_pages:
            reason = "limit"  # the limit of pages per stream was reached
        else:
            self._tokens.add(token)
            return True
        self.stopped = reason
        self.findings.warn(
            f"collect.warn.paging.{reason}",
            stream=self.stream,
            pages=f"{self.pages:,}",
            limit=f"{self.max_pages:,}",
        )
        return False


# --------------------------------------------------------------------------------------
# What a collector offers the runner
# --------------------------------------------------------------------------------------


ALL_ACCOUNTS = "*"  # a lock scope that covers every account of the platform


class State(Protocol):
    """Read-only access to a collector's bookmarks (``sync_state``); the runner owns the
    database and hands the collector this."""

    def get(self, account: str, stream: str, partition: str = "") -> dict[str, Any] | None: ...

    def all(self, account: str, stream: str) -> dict[str, dict[str, Any] | None]: ...


class Collector(Protocol):
    """A platform's collector: pages of records with the bookmarks that hold once they are
    stored, newest state read through ``State``; ``pulso.jobs.runner`` does the rest."""

    platform: str
    stats: HttpStats

    def pages(self, state: State) -> Iterator[Page]: ...

    def lock_scope(self) -> list[str]:
        """The accounts whose bookmarks the run writes (``sync_state.account``): no two runs
        collect one at the same time. ``["*"]`` (the default for a collector without this
        method) means the whole platform."""
        ...

    def details(self) -> dict[str, Any]:
        """Platform figures for the run record (post reads, cost, metrics dropped...)."""
        ...
