"""Engines and sessions.

SQLite gets WAL mode, a busy timeout and foreign keys, and real transactions: the pysqlite
driver's legacy transaction handling is switched off so that BEGIN is emitted by SQLAlchemy
and SAVEPOINTs work (SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional
DDL" for pysqlite).

Transactions begin IMMEDIATE (they take the write lock at once) except on a
``read_only(engine)``: there they begin DEFERRED, so in WAL mode readers neither wait for
each other nor for a writer. The web service reads through it for GET requests, which never
commit; without it every page view queued on the one write lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker


def normalise_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


# Execution option marking a read-only engine (``read_only``).
READ_ONLY = "pulso_read_only"
# Per SQLite connection: page cache (negative = KiB) and memory-mapped I/O, so hot index pages
# are read without a system call. mmap is address space, not resident memory. The default
# cache, 2 MiB, is smaller than the comment table's indexes after a few tens of thousands
# of comments, and inserting into an index that no longer fits costs a read for most rows.
# Pages are only cached as used.
SQLITE_CACHE_KIB = 16 * 1024
SQLITE_MMAP_BYTES = 1024**3


def make_engine(url: str, **kwargs) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {})
        kwargs["connect_args"].setdefault("timeout", 30)
        if make_url(url).database not in (None, "", ":memory:"):
            # A web worker's threads (anyio runs up to 40) each hold a connection while they
            # serve; SQLite connections are cheap, waiting for the default 5 + 10 is not.
            kwargs.setdefault("pool_size", 20)
            kwargs.setdefault("max_overflow", 30)
        engine = create_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _configure_sqlite(engine: Engine) -> None:
    in_memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get(READ_ONLY):
            conn.exec_driver_sql("BEGIN")
            return
        # IMMEDIATE takes the write lock at once, so two writers queue on the busy timeout
        # instead of failing with "database is locked" when a reader upgrades to a writer.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def read_only(engine: Engine) -> Engine:
    """The same engine (same pool) for transactions that only read: on SQLite they begin
    DEFERRED and take no write lock. Writing through it is a mistake: a deferred transaction
    that must upgrade to a writer fails at once when another writer committed meanwhile."""
    return engine.execution_options(**{READ_ONLY: True})


def make_sessionmaker(engine: Engine, *, reads_only: bool = False) -> sessionmaker[Session]:
    """Sessions on ``engine``; ``reads_only``: on ``read_only(engine)``."""
    return sessionmaker(bind=read_only(engine) if reads_only else engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: commits on success, rolls back everything on any error."""
    with make_sessionmaker(engine)() as session, session.begin():
        yield session
