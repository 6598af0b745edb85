"""Incremental state (``sync_state`` bookmarks) and the stored facts a run or an import
reads back; the erasure of commenters' display names past their retention."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pulso.db.keys import dedupe, id_map
from pulso.db.models import (
    Comment,
    Post,
    SyncState,
)
from pulso.db.types import utcnow
from pulso.db.upsert import upsert
from pulso.records import (
    Bookmark,
)


def write_bookmarks(bookmarks: Iterable[Bookmark], *, session: Session) -> int:
    now = utcnow()
    rows = dedupe(
        {
            "platform": b.platform,
            "account": b.account,
            "stream": b.stream,
            "partition": b.partition,
            "cursor": b.cursor,
            "updated_at": now,
        }
        for b in bookmarks
    )
    return upsert(
        SyncState,
        rows,
        session=session,
        key=("platform", "account", "stream", "partition"),
        update=("cursor", "updated_at"),
    )


def read_bookmark(
    *, session: Session, platform: str, account: str, stream: str, partition: str = ""
) -> dict[str, Any] | None:
    return session.scalar(
        select(SyncState.cursor).where(
            SyncState.platform == platform,
            SyncState.account == account,
            SyncState.stream == stream,
            SyncState.partition == partition,
        )
    )


def read_bookmarks(
    *, session: Session, platform: str, account: str, stream: str
) -> dict[str, dict[str, Any] | None]:
    """Every partition's cursor of one stream: {partition: cursor}."""
    rows = session.execute(
        select(SyncState.partition, SyncState.cursor).where(
            SyncState.platform == platform,
            SyncState.account == account,
            SyncState.stream == stream,
        )
    )
    return {partition: cursor for partition, cursor in rows}


def stored_posts(platform: str, external_ids: Iterable[str], *, session: Session) -> set[str]:
    """Which of ``external_ids`` are stored posts of ``platform`` (an importer that only
    adds figures to posts collected before uses it to skip the others)."""
    keys = {(platform, external_id) for external_id in external_ids}
    found = id_map(Post, keys, session=session, key=("platform", "external_id"))
    return {external_id for _platform, external_id in found}


def purge_expired_author_names(*, session: Session, now: dt.datetime | None = None) -> int:
    """Erase commenters' display names whose retention has expired (every collection run
    ends with it; ``pulso db purge-names`` runs it alone). Returns how many were erased."""
    now = now or utcnow()
    result = session.execute(
        update(Comment)
        .where(Comment.author_name_expires_at.is_not(None), Comment.author_name_expires_at < now)
        .values(author_name=None, author_name_expires_at=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


def post_ids(session: Session, records: Iterable[Any]) -> dict[tuple[str, str], int]:
    return id_map(
        Post,
        {(r.platform, r.post_external_id) for r in records},
        session=session,
        key=("platform", "external_id"),
    )
