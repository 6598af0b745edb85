"""The collection runner, written once for every platform.

``collect(platform, settings, engine=...)`` builds the platform's collector from the settings
(``COLLECTORS``) and the writer its records need (``writer_for``), then ``run_collection``:
takes the collection lock of the run's accounts, opens a ``CollectionRun``, stores each page
and its bookmarks in one transaction, and records requests, retries, rows and the outcome.
``pulso collect <platform>``, ``pulso collect all``, the scheduled jobs and the demo all run
through here.

One run at a time per account: a collector's bookmarks are its own view of where it got
to, so two runs of the same account at once would each write theirs and the last one to
commit could leave a cursor behind what the other stored. ``run_collection`` therefore holds
a lease (``db.locks``) on ``collect:<platform>:<account>`` for every account of the run;
a second run waits for it up to ``LockPolicy.wait_seconds`` and otherwise does not start
(``CollectionBusy``). Each page's transaction renews and checks the lease, so a run that
lost it (frozen past the TTL) cannot write a bookmark after its successor started. A run
killed outright frees its accounts at once on the same machine, else when the lease expires.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from pulso.collectors.base import ALL_ACCOUNTS, Collector
from pulso.collectors.disqus.collector import DisqusCollector
from pulso.collectors.facebook.collector import FacebookCollector
from pulso.collectors.x.collector import XCollector
from pulso.consultation.disqus import ConsultationWriter
from pulso.db.engine import transaction
from pulso.db.locks import Lease, LockInfo
from pulso.db.runs import RunStatus, finish_run, start_run
from pulso.db.state import purge_expired_author_names, read_bookmark, read_bookmarks
from pulso.db.writer import Writer, WriteStats
from pulso.errors import CollectionBusy, CollectionError, PulsoError
from pulso.i18n import Message, t
from pulso.i18n.stored import as_message, stored, stored_text
from pulso.records import Page
from pulso.settings import Settings

log = logging.getLogger(__name__)

# Each platform's collector, built from the settings and the command's options.
COLLECTORS: dict[str, Callable[..., Collector]] = {
    "facebook": FacebookCollector.from_settings,
    "x": XCollector.from_settings,
    "disqus": DisqusCollector.from_settings,
}


def writer_for(platform: str, settings: Settings) -> Writer:
    """The writer a platform's records go through. Disqus comments of a thread mapped to a
    theme become proposals as they are stored (``ConsultationWriter``), and the moderators
    named in ``PULSO_DISQUS_TEAM_AUTHORS`` are the team's own."""
    options = {
        "author_secret": settings.require_secret("author_key_secret"),
        "name_retention_days": settings.author_name_retention_days,
    }
    if platform == "disqus":
        return ConsultationWriter(**options, team_authors={"disqus": settings.disqus_team_authors})
    return Writer(**options)


def collect(
    platform: str,
    settings: Settings,
    *,
    engine: Engine,
    on_page: Callable[[Page, WriteStats], None] | None = None,
    lock: LockPolicy | None = None,
    collector: Collector | None = None,
    **options: Any,
) -> RunSummary:
    """One collection run of ``platform`` for its configured (or given) accounts.

    ``options`` go to the collector's ``from_settings`` (``page_ids``, ``accounts``,
    ``forum``, ``threads``, ``since``, ``client``...); a ``collector`` built by the caller
    (a test's, pointed at a fake) is run as it is."""
    collector = collector or COLLECTORS[platform](settings, **options)
    return run_collection(
        collector,
        engine=engine,
        writer=writer_for(platform, settings),
        on_page=on_page,
        lock=lock or LockPolicy.from_settings(settings),
    )


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


@dataclass
class RunSummary:
    """One run's outcome; ``written`` counts the rows stored (added or changed),
    ``details["warnings"]`` what was asked for and not delivered, ``details["reason"]`` why
    it stopped (both as stored catalogue entries, ``pulso.i18n.stored``); ``message`` is
    that reason's English text, as in the run's record."""

    run_id: int
    status: str
    pages: int
    written: WriteStats
    requests: int
    retries: int
    details: dict[str, Any]
    message: str | None = None

    @property
    def warnings(self) -> list[str]:
        """The warnings' English texts (the logs')."""
        return self.warning_lines("en")

    def warning_lines(self, lang: str) -> list[str]:
        """The warnings, one line each in ``lang``."""
        return [stored_text(entry, lang) for entry in self.details.get("warnings") or []]

    def reason(self) -> object:
        """Why the run stopped, as a message value (``Message``) to put inside another
        message, or its English text when it has no catalogue key; None when it did not."""
        if self.message is None:
            return None
        return as_message(self.details.get("reason") or self.message)

    def message_in(self, lang: str) -> str | None:
        """Why the run stopped, in ``lang``; None when it did not."""
        if self.message is None:
            return None
        return stored_text(self.details.get("reason") or self.message, lang)


DEFAULT_LOCK_TTL_SECONDS = 600.0


@dataclass(frozen=True)
class LockPolicy:
    """How a run waits for its accounts' collection lock.

    ``wait_seconds`` 0: a run that finds another one collecting the same account does not
    start. ``ttl_seconds``: how long the lease lasts unless renewed (it is renewed every
    third of that while the run lives). ``on_wait`` gets one line, in ``lang``, when a run
    starts to wait.
    """

    wait_seconds: float = 0.0
    ttl_seconds: float = DEFAULT_LOCK_TTL_SECONDS
    on_wait: Callable[[str], None] | None = None
    lang: str = "en"

    @classmethod
    def from_settings(
        cls, settings, *, wait_seconds: float | None = None, on_wait=None, lang: str = "en"
    ) -> LockPolicy:
        return cls(
            wait_seconds=settings.collect_lock_wait_seconds
            if wait_seconds is None
            else wait_seconds,
            ttl_seconds=settings.collect_lock_ttl_seconds,
            on_wait=on_wait,
            lang=lang,
        )


def lock_names(collector: Collector) -> list[str]:
    """``collect:<platform>:<account>`` for each account the run collects."""
    scope = getattr(collector, "lock_scope", None)
    accounts = scope() if scope is not None else [ALL_ACCOUNTS]
    return sorted({f"collect:{collector.platform}:{account}"[:100] for account in accounts})


def _holder(platform: str, info: LockInfo) -> Message:
    """Who is collecting: a catalogue message (the log's line is its English text)."""
    account = info.name.split(":", 2)[-1]
    which = Message.of("err.collection.every_account") if account == ALL_ACCOUNTS else account
    return Message.of(
        "err.collection.holder", platform=platform, which=which, who=info.who(), since=info.since()
    )


def _holder_line(platform: str, info: LockInfo, lang: str = "en") -> str:
    holder = _holder(platform, info)
    return t(holder.key, lang, **holder.values)


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
        on_wait=(
            lambda info: lock.on_wait(
                t("err.collection.waiting", lock.lang, holder=_holder(platform, info))
            )
        )
        if lock.on_wait is not None
        else None,
    )
    if busy is not None:
        log.info("%s: not started", _holder_line(platform, busy))
        raise CollectionBusy.of("err.collection.busy", holder=_holder(platform, busy))
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
                    raise CollectionError.of("err.collect.lease_lost", names=", ".join(lease.names))
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
    if getattr(collector, "findings", None) is not None:
        # A platform collector (``collectors.base.Findings``) has its warnings in its
        # details: what was asked for and not delivered, streams stopped early. Beside
        # them, what was stored (rows added or changed per table), not what was read.
        details = {**details, "stored": written.stored()}
    if isinstance(error, PulsoError) and error.key is not None:
        # Why it stopped, in every reader's language (``message`` keeps the English text).
        details = {**details, "reason": stored(error.key, **error.values)}
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
