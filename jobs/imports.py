"""File imports, written once: ``pulso import facebook-export`` and ``pulso import
x-export`` call these.

Every file is read as a stream and written in pages of a bounded number of rows, all in the
caller's one transaction: memory stays flat however large the file (a 100,000-post Meta
export, a million-row X export), and a bad row anywhere, in any of the files, raises
``InputError`` so that the transaction writes nothing at all. Re-importing changes nothing
(the writer's upserts and observation keys are idempotent).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pulso.collectors.facebook.export import export_pages as facebook_export_pages
from pulso.collectors.x.export import PLATFORM as X
from pulso.collectors.x.export import ExportRow, export_page, scan_export
from pulso.db.models import Account
from pulso.db.state import stored_posts
from pulso.db.writer import Writer, WriteStats
from pulso.records import PostRecord

CHUNK = 2000  # X rows per written page


@dataclass
class ImportSummary:
    files: int = 0
    rows: int = 0
    written: WriteStats = field(default_factory=WriteStats)


def import_x_exports(
    paths: Sequence[str | Path],
    *,
    session: Session,
    writer: Writer,
    observed_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    chunk: int = CHUNK,
) -> ImportSummary:
    """X Analytics exports, in the caller's transaction."""
    # Every header first: a file that is not an export stops the import before any write.
    scans = [scan_export(path, observed_at=observed_at, now=now) for path in paths]
    summary = ImportSummary(files=len(scans))
    for export, rows in scans:
        for batch in _batches(rows, chunk):
            known = stored_posts(X, (row.post_id for row in batch), session=session)
            accounts = _x_accounts({r.handle for r in batch if r.handle}, session=session)
            page = export_page(
                dataclasses.replace(export, rows=batch), known_posts=known, accounts=accounts
            )
            summary.rows += len(batch)
            summary.written.add(writer.write_page(page, session=session))
    return summary


def _batches(rows: Iterable[ExportRow], size: int) -> Iterator[list[ExportRow]]:
    batch: list[ExportRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _x_accounts(handles: set[str], *, session: Session) -> dict[str, str]:
    """Lower-cased handle -> the stored X account's id, the API's (numeric) one first."""
    if not handles:
        return {}
    rows = session.execute(
        select(Account.handle, Account.external_id).where(
            Account.platform == X, func.lower(Account.handle).in_({h.lower() for h in handles})
        )
    ).all()
    found: dict[str, str] = {}
    for handle, external_id in sorted(rows, key=lambda r: not r[1].isdigit()):
        found.setdefault(handle.lower(), external_id)
    return found


def import_facebook_exports(
    paths: Sequence[str | Path],
    *,
    session: Session,
    writer: Writer,
    timezone: str,
    observed_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> ImportSummary:
    """Meta Business Suite post exports, in the caller's transaction."""
    summary = ImportSummary(files=len(paths))
    for path in paths:
        for page in facebook_export_pages(
            path, timezone=timezone, observed_at=observed_at, now=now
        ):
            summary.rows += sum(isinstance(r, PostRecord) for r in page.records)
            summary.written.add(writer.write_page(page, session=session))
    return summary
