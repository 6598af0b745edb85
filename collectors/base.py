"""The collection loop, written once.

A platform collector supplies how to ask and how to parse, and yields ``Page`` objects
(records plus the bookmarks that hold once they are stored). This module supplies the rest:

- ``HttpStats`` and ``make_http_session``: a ``requests.Session`` with a timeout, a base URL
  that can point at a local server, and a hook that counts requests and keeps rate-limit
  headers;
- ``Retry`` / ``Fatal`` and ``call_with_retries``: each platform sorts a failure into
  retriable (with the server's wait, if it gave one) or fatal in one ``classify`` function;
  one piece of code sleeps and retries with jittered exponential backoff, capped;
- ``Collector`` and ``State``: what a collector offers the runner (``pulso.jobs.runner``),
  which stores its pages, holds the lease and records the run, and what it reads back.

No database and no platform knowledge here.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit, urlunsplit

import requests

from pulso.errors import CollectionError
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
    """Try again; ``after`` is the server's own wait in seconds, if it gave one."""

    reason: str
    after: float | None = None


@dataclass(frozen=True)
class Fatal:
    """Stop the run with this message (e.g. an invalid token)."""

    message: str


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
                raise CollectionError(verdict.message) from None
            if attempt >= policy.max_retries:
                raise CollectionError(
                    f"{what} failed after {attempt + 1} attempts: {verdict.reason}"
                ) from None
            wait = policy.delay(attempt, verdict.after)
            log.warning("%s: %s; retrying in %.1fs", what, verdict.reason, wait)
            if stats is not None:
                stats.retries += 1
            policy.sleep(wait)
            attempt += 1


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
