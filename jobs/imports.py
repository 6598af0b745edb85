"""File imports, written once: every export file is parsed first (a bad one stops
everything before a row is written), then all of them are written in one transaction by
``pulso.db``'s writer. ``pulso import facebook-export`` and ``pulso import x-export`` call
these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from pulso.collectors.facebook.export import read_export as read_facebook_export
from pulso.collectors.x.export import PLATFORM as X
from pulso.collectors.x.export import export_page
from pulso.collectors.x.export import read_export as read_x_export
from pulso.db.state import stored_posts
from pulso.db.writer import Writer, WriteStats


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
) -> ImportSummary:
    """X Analytics exports, in the caller's transaction."""
    exports = [read_x_export(path, observed_at=observed_at) for path in paths]
    summary = ImportSummary(files=len(exports))
    for export in exports:
        known = stored_posts(X, (row.post_id for row in export.rows), session=session)
        summary.rows += len(export.rows)
        summary.written.add(
            writer.write_page(export_page(export, known_posts=known), session=session)
        )
    return summary


def import_facebook_exports(
    paths: Sequence[str | Path],
    *,
    session: Session,
    writer: Writer,
    timezone: str,
    observed_at: dt.datetime | None = None,
) -> ImportSummary:
    """Meta Business Suite post exports, in the caller's transaction."""
    pages = [
        read_facebook_export(path, timezone=timezone, observed_at=observed_at) for path in paths
    ]
    summary = ImportSummary(files=len(pages))
    for page in pages:
        summary.rows += len(page.records)
        summary.written.add(writer.write_page(page, session=session))
    return summary
