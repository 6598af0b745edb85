"""A named lock in the ``job_lock`` table that works across processes on SQLite and PostgreSQL.

Acquiring is one atomic statement, each in its own short transaction so other processes see
it at once:

1. ``INSERT ... ON CONFLICT (name) DO NOTHING`` takes a free lock;
2. otherwise ``UPDATE ... WHERE name = :name AND expires_at <= :now`` steals an expired one
   (a holder that crashed). Both databases serialise the two writers on the row, so exactly
   one of two contenders sees ``rowcount == 1``.

Expiry means a lock is a lease: a job longer than the TTL must ``renew`` it.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid

from sqlalchemy import Engine, delete, update
from sqlalchemy.dialects import postgresql, sqlite

from db.models import JobLock
from db.types import utcnow


def holder_id() -> str:
    """Who holds a lock: host, process and a random suffix (two schedulers in one process)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _insert(engine: Engine):
    dialect = postgresql if engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(JobLock)


def acquire(
    engine: Engine, name: str, holder: str, *, ttl_seconds: int, now: dt.datetime | None = None
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
        return stolen.rowcount == 1


def renew(
    engine: Engine, name: str, holder: str, *, ttl_seconds: int, now: dt.datetime | None = None
) -> bool:
    """Extend a lock still held by ``holder``; False when it was lost (expired and taken)."""
    now = now or utcnow()
    with engine.begin() as conn:
        result = conn.execute(
            update(JobLock)
            .where(JobLock.name == name, JobLock.holder == holder)
            .values(expires_at=now + dt.timedelta(seconds=ttl_seconds))
        )
        return result.rowcount == 1


def release(engine: Engine, name: str, holder: str) -> bool:
    """Give the lock back; only its holder can (a stolen lock is left to its new holder)."""
    with engine.begin() as conn:
        result = conn.execute(delete(JobLock).where(JobLock.name == name, JobLock.holder == holder))
        return result.rowcount == 1
