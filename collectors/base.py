"""The collection loop, written once.

A platform collector supplies how to ask and how to parse, and yields ``Page`` objects
(records plus the bookmarks that hold once they are stored). This module supplies the rest:

- ``HttpStats`` and ``make_http_session``: a ``requests.Session`` with a timeout, a base URL
  that can point at a local server, and a hook that counts requests and keeps rate-limit
  headers;
- ``Retry`` / ``Fatal`` and ``call_with_retries``: each platform sorts a failure into
  retriable (with the server's wait, if it gave one) or fatal in one ``classify`` function;
  one piece of code sleeps and retries with jittered exponential backoff, capped;
- ``run_collection``: takes the collection lock of the run's accounts, opens a
  ``CollectionRun``, stores each page and its bookmarks in one transaction, and records
  requests, retries, rows and the outcome.

One run at a time per account: a collector's bookmarks are its own view of where it got
to, so two runs of the same account at once would each write theirs and the last one to
commit could leave a cursor behind what the other stored. ``run_collection`` therefore holds
a lease (``db.locks``) on ``collect:<platform>:<account>`` for every account of the run;
a second run waits for it up to ``LockPolicy.wait_seconds`` and otherwise does not start
(``CollectionBusy``). Each page's transaction renews and checks the lease, so a run that
lost it (frozen past the TTL) cannot write a bookmark after its successor started. A run
killed outright frees its accounts at once on the same machine, else when the lease expires.

No SQL here beyond calling ``db``; no platform knowledge.
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
from sqlalchemy import Engine

from pulso.db.engine import transaction
from pulso.db.locks import Lease, LockInfo
from pulso.db.runs import RunStatus, finish_run, start_run
from pulso.db.writer import (
    Writer,
    WriteStats,
    purge_expired_author_names,
    read_bookmark,
    read_bookmarks,
)
from pulso.errors import CollectionBusy, CollectionError
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
# The run
# --------------------------------------------------------------------------------------


class StateReader:
    """Read-only access to bookmarks for a collector (the runner owns the database)."""

    def __init__(self, engine: Engine, platform: str) -> None:
        self._engine = engine
        self._platform = platform

    def get(self, account: str, stream: str, partition: str = "") -> dict[str, Any] | None:
        with transaction(self._engine) as session:
            return read_bookmark(
                session=session,
                platform=self._platform,
                account=account,
                stream=stream,
                partition=partition,
            )

    def all(self, account: str, stream: str) -> dict[str, dict[str, Any] | None]:
        with transaction(self._engine) as session:
            return read_bookmarks(
                session=session, platform=self._platform, account=account, stream=stream
            )


class Collector(Protocol):
    platform: str
    stats: HttpStats

    def pages(self, state: StateReader) -> Iterator[Page]: ...

    def lock_scope(self) -> list[str]:
        """The accounts whose bookmarks the run writes (``sync_state.account``): no two runs
        collect one at the same time. ``["*"]`` (the default for a collector without this
        method) means the whole platform."""
        ...

    def details(self) -> dict[str, Any]:
        """Platform figures for the run record (post reads, cost, metrics dropped...)."""
        ...


@dataclass
class RunSummary:
    run_id: int
    status: str
    pages: int
    written: WriteStats
    requests: int
    retries: int
    details: dict[str, Any]
    message: str | None = None


ALL_ACCOUNTS = "*"
DEFAULT_LOCK_TTL_SECONDS = 600.0


@dataclass(frozen=True)
class LockPolicy:
    """How a run waits for its accounts' collection lock.

    ``wait_seconds`` 0: a run that finds another one collecting the same account does not
    start. ``ttl_seconds``: how long the lease lasts unless renewed (it is renewed every
    third of that while the run lives). ``on_wait`` gets one line when a run starts to wait.
    """

    wait_seconds: float = 0.0
    ttl_seconds: float = DEFAULT_LOCK_TTL_SECONDS
    on_wait: Callable[[str], None] | None = None

    @classmethod
    def from_settings(
        cls, settings, *, wait_seconds: float | None = None, on_wait=None
    ) -> LockPolicy:
        return cls(
            wait_seconds=settings.collect_lock_wait_seconds
            if wait_seconds is None
            else wait_seconds,
            ttl_seconds=settings.collect_lock_ttl_seconds,
            on_wait=on_wait,
        )


def lock_names(collector: Collector) -> list[str]:
    """``collect:<platform>:<account>`` for each account the run collects."""
    scope = getattr(collector, "lock_scope", None)
    accounts = scope() if scope is not None else [ALL_ACCOUNTS]
    return sorted({f"collect:{collector.platform}:{account}"[:100] for account in accounts})


def _holder_line(platform: str, info: LockInfo) -> str:
    account = info.name.split(":", 2)[-1]
    which = "every account" if account == ALL_ACCOUNTS else account
    return f"another {platform} collection is running for {which} ({info.describe()})"


def run_collection(
    collector: Collector,
    *,
    engine: Engine,
    writer: Writer,
    on_page: Callable[[Page, WriteStats], None] | None = None,
    lock: LockPolicy | None = None,
) -> RunSummary:
    """Run ``collector`` to the end, committing each page with its bookmarks.

    The run first takes its accounts' collection lock (``LockPolicy``); when another run
    holds it past the wait, nothing starts and ``CollectionBusy`` says who holds it.
    A ``StopCollection`` (budget reached, rate limit deferred) ends the run as ``stopped``
    and returns normally with its message; any other error ends it as ``failed`` after
    everything before it was stored, and is re-raised for the CLI.
    """
    lock = lock or LockPolicy()
    platform = collector.platform
    lease = Lease(engine, lock_names(collector), ttl_seconds=lock.ttl_seconds)
    busy = lease.acquire(
        wait_seconds=lock.wait_seconds,
        on_wait=(lambda info: lock.on_wait(f"waiting: {_holder_line(platform, info)}"))
        if lock.on_wait is not None
        else None,
    )
    if busy is not None:
        log.info("%s: not started", _holder_line(platform, busy))
        raise CollectionBusy(f"{_holder_line(platform, busy)}; this run did not start")
    try:
        return _run(collector, engine=engine, writer=writer, on_page=on_page, lease=lease)
    finally:
        lease.release()


def _run(
    collector: Collector,
    *,
    engine: Engine,
    writer: Writer,
    on_page: Callable[[Page, WriteStats], None] | None,
    lease: Lease,
) -> RunSummary:
    platform = collector.platform
    with transaction(engine) as session:
        run_id = start_run(platform, session=session)
    written = WriteStats()
    pages = 0
    status, message, error = RunStatus.SUCCEEDED, None, None
    try:
        for page in collector.pages(StateReader(engine, platform)):
            with transaction(engine) as session:
                if not lease.confirm(session):
                    raise CollectionError(
                        f"this run's lease on {', '.join(lease.names)} expired and another "
                        "run took it over; stopped before writing anything more"
                    )
                stats = writer.write_page(page, session=session)
            written.add(stats)
            pages += 1
            if on_page is not None:
                on_page(page, stats)
    except CollectionError as exc:
        status = RunStatus.STOPPED if getattr(exc, "resumable", False) else RunStatus.FAILED
        message, error = str(exc), exc
    except BaseException as exc:
        status, message, error = RunStatus.FAILED, f"{type(exc).__name__}: {exc}", exc
    details = collector.details()
    writer_details = getattr(writer, "details", None)
    if writer_details is not None:  # what the writer did beyond rows (e.g. new proposals)
        details = {**details, **writer_details()}
    with transaction(engine) as session:
        finish_run(
            run_id,
            session=session,
            status=status,
            requests=collector.stats.requests,
            retries=collector.stats.retries,
            rows_written=written.rows,
            message=message,
            details=details,
        )
        # Display names past their retention are erased by every run, whatever its outcome.
        erased = purge_expired_author_names(session=session)
    if erased:
        log.info("%s: erased %d commenters' display names past their retention", platform, erased)
    if error is not None and status != RunStatus.STOPPED:
        raise error
    return RunSummary(
        run_id=run_id,
        status=status.value,
        pages=pages,
        written=written,
        requests=collector.stats.requests,
        retries=collector.stats.retries,
        details=details,
        message=message,
    )
