"""Named locks in the ``job_lock`` table that work across processes on SQLite and PostgreSQL.

Used by the web scheduler (one copy of a job at a time) and by every collection run (one run
at a time per platform account, whether it came from the CLI, cron or ``pulso serve``).

Acquiring is one atomic statement, each in its own short transaction so other processes see
it at once:

1. ``INSERT ... ON CONFLICT (name) DO NOTHING`` takes a free lock;
2. otherwise ``UPDATE ... WHERE name = :name AND expires_at <= :now`` steals an expired one
   (a holder that crashed). Both databases serialise the two writers on the row, so exactly
   one of two contenders sees ``rowcount == 1``;
3. otherwise, if the holder is a process of this very machine that no longer exists (killed
   with SIGKILL, out of memory), ``UPDATE ... WHERE name = :name AND holder = :dead`` takes
   it over at once instead of waiting for the expiry.

Expiry means a lock is a lease: a job longer than the TTL must ``renew`` it. ``Lease`` does
that from a background thread, and ``Lease.confirm`` renews and checks it inside the
caller's own transaction, so a holder whose lease was lost (a process frozen for longer than
the TTL) cannot commit another write after someone else took over.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from pulso.db.models import JobLock
from pulso.db.types import utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LockInfo:
    """Who holds a lock, since when, and until when unless renewed."""

    name: str
    holder: str
    acquired_at: dt.datetime
    expires_at: dt.datetime

    def who(self) -> str:
        """``host pid 123`` (or the raw holder)."""
        parts = self.holder.split(":")
        if len(parts) >= 2 and parts[1].isdigit():
            return f"{parts[0]} pid {parts[1]}"
        return self.holder

    def since(self) -> str:
        return self.acquired_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

    def describe(self) -> str:
        """``host pid 123, since 2026-01-05 10:00:00 UTC`` (or the raw holder)."""
        return f"{self.who()}, since {self.since()}"


@functools.cache
def _pid_space() -> str:
    """This machine's boot and PID namespace: two holders with the same value see the same
    processes, so one can tell whether the other's process still exists. Empty when unknown
    (then a dead holder is only ever replaced once its lease expires)."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text("ascii").strip()
        namespace = os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return ""
    return f"{boot.replace('-', '')[:16]}.{namespace}"


def _host() -> str:
    return socket.gethostname()[:64].replace(":", "_") or "host"


def holder_id() -> str:
    """Who holds a lock: host, process, a random suffix (two holders in one process) and
    the process's PID space (see ``holder_is_gone``)."""
    return f"{_host()}:{os.getpid()}:{uuid.uuid4().hex[:8]}:{_pid_space()}"


def holder_is_gone(holder: str) -> bool:
    """True only when ``holder`` is provably dead: a process of this machine (same boot,
    same PID namespace) that no longer exists. Anything uncertain (another machine, an
    older holder format, a PID reused by another process) counts as alive."""
    parts = holder.split(":")
    if len(parts) != 4:
        return False
    host, pid, _suffix, space = parts
    if not space or space != _pid_space() or host != _host() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, but belongs to another user
        return False
    return False


def _insert(engine: Engine):
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(JobLock)


def acquire(
    engine: Engine, name: str, holder: str, *, ttl_seconds: float, now: dt.datetime | None = None
) -> bool:
    """Take lock ``name`` for ``holder`` until now + ttl. True when taken."""
    now = now or utcnow()
    expires = now + dt.timedelta(seconds=ttl_seconds)
    values = {"holder": holder, "acquired_at": now, "expires_at": expires}
    with engine.begin() as conn:
        # RETURNING, not rowcount: psycopg reports -1 for INSERT .. ON CONFLICT DO NOTHING.
        inserted = conn.execute(
            _insert(engine)
            .values(name=name, **values)
            .on_conflict_do_nothing()
            .returning(JobLock.name)
        ).first()
        if inserted is not None:
            return True
    with engine.begin() as conn:
        stolen = conn.execute(
            update(JobLock).where(JobLock.name == name, JobLock.expires_at <= now).values(**values)
        )
        if stolen.rowcount == 1:
            return True
    current = held_by(engine, name)
    if current is None or current.holder == holder or not holder_is_gone(current.holder):
        return False
    with engine.begin() as conn:
        taken = conn.execute(
            update(JobLock)
            .where(JobLock.name == name, JobLock.holder == current.holder)
            .values(**values)
        )
    if taken.rowcount == 1:
        log.warning("lock %s: took over from %s, whose process is gone", name, current.holder)
        return True
    return False


def renew(
    engine: Engine, name: str, holder: str, *, ttl_seconds: float, now: dt.datetime | None = None
) -> bool:
    """Extend a lock still held by ``holder``; False when it was lost (expired and taken)."""
    with engine.begin() as conn:
        return confirm(conn, [name], holder, ttl_seconds=ttl_seconds, now=now)


def confirm(connection, names: Iterable[str], holder: str, *, ttl_seconds: float, now=None) -> bool:
    """Extend every lock of ``names`` held by ``holder``, inside the caller's transaction
    (a ``Connection`` or a ``Session``); False unless ``holder`` still holds them all.

    The row locks this takes last until that transaction ends, so nobody can steal the
    locks in between: a write committed in the same transaction was made by the holder."""
    names = sorted(set(names))
    now = now or utcnow()
    result = connection.execute(
        update(JobLock)
        .where(JobLock.name.in_(names), JobLock.holder == holder)
        .values(expires_at=now + dt.timedelta(seconds=ttl_seconds))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == len(names)


def release(engine: Engine, name: str, holder: str) -> bool:
    """Give the lock back; only its holder can (a stolen lock is left to its new holder)."""
    with engine.begin() as conn:
        result = conn.execute(delete(JobLock).where(JobLock.name == name, JobLock.holder == holder))
        return result.rowcount == 1


def held_by(engine: Engine, name: str) -> LockInfo | None:
    """The lock's current holder, or None when it is free."""
    with engine.begin() as conn:
        row = conn.execute(
            select(JobLock.holder, JobLock.acquired_at, JobLock.expires_at).where(
                JobLock.name == name
            )
        ).first()
    return None if row is None else LockInfo(name, *row)


class Lease:
    """Several named locks held together by one job, renewed in the background.

    ``acquire`` takes all of them or none (in name order; a busy one releases those already
    taken), so two jobs wanting overlapping sets never hold one each and wait on the other.
    While held, a daemon thread renews them every third of the TTL; a process that dies
    stops renewing, and its locks expire (or are taken over at once on the same machine).
    """

    def __init__(
        self,
        engine: Engine,
        names: Iterable[str],
        *,
        ttl_seconds: float,
        holder: str | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.engine = engine
        self.names = sorted(set(names))
        self.ttl_seconds = ttl_seconds
        self.holder = holder or holder_id()
        self.clock = clock
        self.held = False
        self.lost = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def try_acquire(self) -> LockInfo | None:
        """Take every lock now: None when taken, else who holds the first busy one."""
        taken: list[str] = []
        for name in self.names:
            if acquire(self.engine, name, self.holder, ttl_seconds=self.ttl_seconds,
                       now=self.clock()):  # fmt: skip
                taken.append(name)
                continue
            for done in reversed(taken):
                release(self.engine, done, self.holder)
            busy = held_by(self.engine, name)
            # Freed in between: report it as held just now; the caller tries again.
            return busy or LockInfo(name, "?", self.clock(), self.clock())
        self.held = True
        self._start_heartbeat()
        return None

    def acquire(
        self,
        *,
        wait_seconds: float = 0.0,
        on_wait: Callable[[LockInfo], None] | None = None,
        poll_seconds: float = 0.5,
        sleep: Callable[[float], None] = time.sleep,
    ) -> LockInfo | None:
        """Take every lock, waiting up to ``wait_seconds`` for busy ones (``on_wait`` is
        told once who is being waited for). None when taken, else the busy lock."""
        deadline = time.monotonic() + max(0.0, wait_seconds)
        told = False
        while True:
            busy = self.try_acquire()
            if busy is None:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                return busy
            if on_wait is not None and not told:
                on_wait(busy)
                told = True
            sleep(min(poll_seconds, left))

    def confirm(self, connection) -> bool:
        """Renew and check every lock inside the caller's transaction (see ``confirm``)."""
        held = confirm(connection, self.names, self.holder, ttl_seconds=self.ttl_seconds,
                       now=self.clock())  # fmt: skip
        if not held:
            self.lost = True
        return held

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)
            self._thread = None
        if self.held:
            for name in reversed(self.names):
                release(self.engine, name, self.holder)
            self.held = False

    def _start_heartbeat(self) -> None:
        # Each thread of an in-memory SQLite engine has a database of its own: there, nobody
        # else can see the lock anyway, and the page transactions renew it.
        if self.engine.dialect.name == "sqlite" and self.engine.url.database in (
            None,
            "",
            ":memory:",
        ):
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._beat, name=f"lease {self.names[0]}", daemon=True
        )
        self._thread.start()

    def _beat(self) -> None:
        interval = self.ttl_seconds / 3
        while not self._stop.wait(interval):
            try:
                with self.engine.begin() as conn:
                    held = self.confirm(conn)
            except Exception:  # a database hiccup: the next beat tries again
                log.warning("could not renew %s", ", ".join(self.names), exc_info=True)
                continue
            if not held:
                log.error("lost %s to another holder", ", ".join(self.names))
                return

    def __enter__(self) -> Lease:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


# pg_advisory_xact_lock key: "pulso" in ASCII, the one lock all page writers share.
_WRITER_LOCK_KEY = 0x70756C736F


def serialise_writers(*, session: Session) -> None:
    """Make concurrent page writers take turns until their transaction ends.

    Appending an observation depends on the latest stored value (read, then insert), so two
    collectors writing the same post at once could both append it. SQLite already
    serialises writers (``BEGIN IMMEDIATE``); PostgreSQL takes a transaction-scoped
    advisory lock. Pages are small, so waiting is short.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_WRITER_LOCK_KEY)))
