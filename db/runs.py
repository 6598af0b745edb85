"""The record of collection runs (``collection_run``): one row opened when a run starts
and closed, whatever its outcome, with its counts and message when it ends."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from pulso.db.models import CollectionRun, RunStatus
from pulso.db.types import utcnow

__all__ = ["RunStatus", "finish_run", "start_run"]


def start_run(platform: str, *, session: Session) -> int:
    """Open a run of ``platform``'s collection; returns its id."""
    run = CollectionRun(platform=platform, started_at=utcnow())
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    run_id: int,
    *,
    session: Session,
    status: RunStatus,
    requests: int,
    retries: int,
    rows_written: int,
    message: str | None,
    details: dict[str, Any],
) -> None:
    """Close run ``run_id`` with its outcome."""
    run = session.get(CollectionRun, run_id)
    run.finished_at = utcnow()
    run.status = status
    run.requests = requests
    run.retries = retries
    run.rows_written = rows_written
    run.errors = 0 if status == RunStatus.SUCCEEDED else 1
    run.message = message
    run.details = details
