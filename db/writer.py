"""The write path: stores the records that collectors and importers yield.

``write_page`` stores one ``Page`` (records and bookmarks) inside the caller's transaction.
Re-writing the same page changes nothing: every table is matched on its natural key, and
metric observations are appended only when a value changed (so a re-run, or a resumed run,
never duplicates history; ``metric_latest`` keeps each series' newest value alongside).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlalchemy.orm import Session, aliased

from db.models import (
    Account,
    AudienceRow,
    Comment,
    MetricLatest,
    MetricObservation,
    Post,
    Promotion,
    SyncState,
)
from db.types import utcnow
from db.upsert import id_map, upsert
from pulso.metrics import is_unique_metric
from pulso.privacy import author_key
from pulso.records import (
    AccountRecord,
    Bookmark,
    CommentRecord,
    ObservationRecord,
    Page,
    PostRecord,
    PromotionRecord,
)


@dataclass
class WriteStats:
    accounts: int = 0
    posts: int = 0
    observations: int = 0
    comments: int = 0
    promotions: int = 0
    audience_rows: int = 0
    bookmarks: int = 0
    by_type: dict[str, int] = field(default_factory=dict)

    def add(self, other: WriteStats) -> None:
        for name in ("accounts", "posts", "observations", "comments", "promotions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.audience_rows += other.audience_rows
        self.bookmarks += other.bookmarks

    @property
    def rows(self) -> int:
        return (
            self.accounts
            + self.posts
            + self.observations
            + self.comments
            + self.promotions
            + self.audience_rows
        )


class Writer:
    """Writes pages of records. Holds no connection: every call takes the session."""

    def __init__(
        self,
        *,
        author_secret: str | None,
        name_retention_days: int = 90,
        now=utcnow,
    ) -> None:
        self._secret = author_secret
        self._retention = dt.timedelta(days=name_retention_days)
        self._now = now

    # -- entry point -------------------------------------------------------------------

    def write_page(self, page: Page, *, session: Session) -> WriteStats:
        serialise_writers(session=session)
        groups: dict[type, list[Any]] = defaultdict(list)
        for record in page.records:
            groups[type(record)].append(record)
        stats = WriteStats()
        stats.accounts = self.write_accounts(groups.pop(AccountRecord, []), session=session)
        stats.posts = self.write_posts(groups.pop(PostRecord, []), session=session)
        stats.observations = self.write_observations(
            groups.pop(ObservationRecord, []), session=session
        )
        stats.comments = self.write_comments(groups.pop(CommentRecord, []), session=session)
        promotions = groups.pop(PromotionRecord, [])
        stats.promotions, stats.audience_rows = self.write_promotions(promotions, session=session)
        if groups:
            names = ", ".join(sorted(t.__name__ for t in groups))
            raise TypeError(f"the writer does not know how to store {names}")
        stats.bookmarks = write_bookmarks(page.bookmarks, session=session)
        return stats

    # -- records -----------------------------------------------------------------------

    def write_accounts(self, records: Sequence[AccountRecord], *, session: Session) -> int:
        rows = _dedupe(
            {
                "platform": r.platform,
                "external_id": r.external_id,
                "handle": r.handle,
                "name": r.name,
            }
            for r in records
        )
        return upsert(
            Account,
            rows,
            session=session,
            key=("platform", "external_id"),
            coalesce=("handle", "name"),
        )

    def write_posts(self, records: Sequence[PostRecord], *, session: Session) -> int:
        if not records:
            return 0
        accounts = id_map(
            Account,
            {(r.platform, r.account_external_id) for r in records if r.account_external_id},
            session=session,
            key=("platform", "external_id"),
        )
        missing = {
            (r.platform, r.account_external_id)
            for r in records
            if r.account_external_id and (r.platform, r.account_external_id) not in accounts
        }
        if missing:
            self.write_accounts(
                [AccountRecord(platform=p, external_id=e) for p, e in missing], session=session
            )
            accounts.update(
                id_map(Account, missing, session=session, key=("platform", "external_id"))
            )
        now = self._now()
        rows = _dedupe(
            {
                "platform": r.platform,
                "external_id": r.external_id,
                "account_id": accounts.get((r.platform, r.account_external_id)),
                "kind": r.kind,
                "permalink": r.permalink,
                "published_at": r.published_at,
                "text": r.text,
                "label": r.label,
                "is_boosted": r.is_boosted,
                "is_deleted": r.is_deleted,
                "first_seen_at": now,
                "last_seen_at": now,
            }
            for r in records
        )
        return upsert(
            Post,
            rows,
            session=session,
            key=("platform", "external_id"),
            update=(
                "account_id",
                "kind",
                "permalink",
                "published_at",
                "text",
                "label",
                "is_boosted",
                "is_deleted",
                "last_seen_at",
            ),
            # A team-set label or account is not erased by a source that lacks it; a post
            # once known as boosted stays boosted.
            coalesce=("account_id", "permalink", "text", "label"),
            sticky_true=("is_boosted",),
            weak={"kind": "other"},
        )

    def write_observations(self, records: Sequence[ObservationRecord], *, session: Session) -> int:
        if not records:
            return 0
        posts = _post_ids(session, records)
        rows = []
        for r in records:
            post_id = posts.get((r.platform, r.post_external_id))
            if post_id is None:
                raise LookupError(f"observation for unknown post {r.platform}:{r.post_external_id}")
            rows.append(
                {
                    "post_id": post_id,
                    "observed_at": r.observed_at,
                    "metric": r.metric,
                    "value": float(r.value),
                    "scope": r.scope,
                    "is_unique": is_unique_metric(r.metric) if r.is_unique is None else r.is_unique,
                    "source": r.source,
                }
            )
        return record_observations(rows, session=session)

    def write_comments(self, records: Sequence[CommentRecord], *, session: Session) -> int:
        if not records:
            return 0
        posts = _post_ids(session, [r for r in records if r.post_external_id])
        now = self._now()
        keep_names = self._retention > dt.timedelta(0)
        rows = []
        for r in records:
            post_id = None
            if r.post_external_id is not None:
                post_id = posts.get((r.platform, r.post_external_id))
                if post_id is None:
                    raise LookupError(f"comment on unknown post {r.platform}:{r.post_external_id}")
            rows.append(
                {
                    "platform": r.platform,
                    "external_id": r.external_id,
                    "post_id": post_id,
                    "thread_key": r.thread_key,
                    "parent_external_id": r.parent_external_id,
                    "author_key": self._author_key(r.platform, r.author_identity),
                    "author_name": r.author_name if keep_names else None,
                    "author_name_expires_at": now + self._retention
                    if keep_names and r.author_name
                    else None,
                    "text": r.text,
                    "created_at": r.created_at,
                    "like_count": r.like_count,
                    "reply_count": r.reply_count,
                    "is_hidden": r.is_hidden,
                    "is_deleted": r.is_deleted,
                    "language": r.language,
                    "permalink": r.permalink,
                    "first_seen_at": now,
                    "last_seen_at": now,
                }
            )
        rows = _dedupe(rows)
        written = upsert(
            Comment,
            rows,
            session=session,
            key=("platform", "external_id"),
            update=(
                "post_id",
                "thread_key",
                "parent_external_id",
                "author_key",
                "author_name",
                "author_name_expires_at",
                "text",
                "like_count",
                "reply_count",
                "is_hidden",
                "is_deleted",
                "language",
                "permalink",
                "last_seen_at",
            ),
            # A deleted comment's text and author are not wiped from what was collected.
            coalesce=("post_id", "author_key", "author_name", "permalink", "text"),
        )
        _link_parents(session, rows)
        return written

    def write_promotions(
        self, records: Sequence[PromotionRecord], *, session: Session
    ) -> tuple[int, int]:
        if not records:
            return 0, 0
        posts = _post_ids(session, records)
        rows = []
        for r in records:
            post_id = posts.get((r.platform, r.post_external_id))
            if post_id is None:
                raise LookupError(f"promotion of unknown post {r.platform}:{r.post_external_id}")
            rows.append(
                {
                    "post_id": post_id,
                    "external_id": r.external_id,
                    "spend": r.spend,
                    "currency": r.currency,
                    "starts_at": r.starts_at,
                    "ends_at": r.ends_at,
                    "targeting": r.targeting,
                    "objective": r.objective,
                    "updated_at": self._now(),
                }
            )
        count = upsert(
            Promotion,
            _dedupe(rows),
            session=session,
            key=("post_id", "external_id"),
            coalesce=("spend", "currency", "starts_at", "ends_at", "targeting", "objective"),
        )
        session.execute(
            update(Post)
            .where(Post.id.in_({row["post_id"] for row in rows}))
            .values(is_boosted=True)
        )
        promotion_ids = id_map(
            Promotion,
            {(row["post_id"], row["external_id"]) for row in rows},
            session=session,
            key=("post_id", "external_id"),
        )
        audience = []
        for r in records:
            promotion_id = promotion_ids[(posts[(r.platform, r.post_external_id)], r.external_id)]
            for a in r.audience:
                audience.append(
                    {
                        "promotion_id": promotion_id,
                        "metric": a.metric,
                        "dimension": a.dimension,
                        "bucket": a.bucket,
                        "value": a.value,
                        "share": a.share,
                    }
                )
        audience_count = upsert(
            AudienceRow,
            _dedupe(audience),
            session=session,
            key=("promotion_id", "metric", "dimension", "bucket"),
        )
        return count, audience_count

    def _author_key(self, channel: str, identity: str | None) -> str | None:
        if not identity:
            return None
        if not self._secret:
            raise ValueError("storing an author needs PULSO_AUTHOR_KEY_SECRET")
        return author_key(self._secret, channel, identity)


# -- functions shared with other writers ----------------------------------------------

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


def record_observations(rows: Sequence[dict[str, Any]], *, session: Session) -> int:
    """Append observations whose value changed since the latest one; returns rows added.

    An observation older than the latest one (a backfill from an old export, or a slower
    concurrent collector) is kept only if it changes the history: its value differs from
    the value in effect at its time and from the next stored value. Otherwise it adds
    nothing a reader could see but a redundant row.

    ``metric_latest`` follows in the same transaction: a series whose newest observation
    moved gets its new value; two sources at the same instant are settled from the stored
    observations (the larger value), as ``rebuild_latest`` does.
    """
    if not rows:
        return 0
    serialise_writers(session=session)
    rows = sorted(rows, key=lambda row: row["observed_at"])
    latest = _latest_values(session, {row["post_id"] for row in rows})
    to_insert = []
    moved: dict[tuple[int, str, str], dict[str, Any]] = {}
    ties: set[tuple[int, str, str]] = set()
    for row in rows:
        series = (row["post_id"], row["metric"], str(row["scope"]))
        previous = latest.get(series)
        if previous is not None:
            previous_at, previous_value = previous
            if row["observed_at"] >= previous_at and row["value"] == previous_value:
                continue
            if row["observed_at"] < previous_at:
                if _changes_history(session, row):
                    to_insert.append(row)
                continue
            if row["observed_at"] == previous_at:
                ties.add(series)
        latest[series] = (row["observed_at"], row["value"])
        moved[series] = row
        to_insert.append(row)
    if not to_insert:
        return 0
    added = upsert(
        MetricObservation,
        to_insert,
        session=session,
        key=("post_id", "metric", "scope", "observed_at", "source"),
        update=(),
    )
    upsert(
        MetricLatest,
        [
            {
                "post_id": row["post_id"],
                "metric": row["metric"],
                "scope": row["scope"],
                "observed_at": row["observed_at"],
                "value": row["value"],
            }
            for series, row in moved.items()
            if series not in ties
        ],
        session=session,
        key=("post_id", "metric", "scope"),
        update=("observed_at", "value"),
    )
    if ties:
        rebuild_latest(session=session, post_ids={post_id for post_id, _, _ in ties})
    return added


def rebuild_latest(*, session: Session, post_ids: Iterable[int] | None = None) -> None:
    """Recompute ``metric_latest`` from the observations (of ``post_ids``, default all).

    The writer keeps the table current; this is for rows that reached
    ``metric_observation`` another way (a bulk load, a repair) and for ties between sources.
    """
    o = MetricObservation
    latest = MetricLatest.__table__
    chunks: list[list[int] | None]
    if post_ids is None:
        chunks = [None]
    else:
        ids = sorted(set(post_ids))
        chunks = [ids[start : start + 500] for start in range(0, len(ids), 500)]
    for chunk in chunks:
        where = [] if chunk is None else [o.post_id.in_(chunk)]
        newest = (
            select(o.post_id, o.metric, o.scope, func.max(o.observed_at).label("at"))
            .where(*where)
            .group_by(o.post_id, o.metric, o.scope)
            .subquery()
        )
        values = (
            select(o.post_id, o.metric, o.scope, o.observed_at, func.max(o.value))
            .join(
                newest,
                and_(
                    o.post_id == newest.c.post_id,
                    o.metric == newest.c.metric,
                    o.scope == newest.c.scope,
                    o.observed_at == newest.c.at,
                ),
            )
            .group_by(o.post_id, o.metric, o.scope, o.observed_at)
        )
        delete_where = [] if chunk is None else [latest.c.post_id.in_(chunk)]
        session.execute(delete(latest).where(*delete_where))
        session.execute(
            insert(latest).from_select(
                ["post_id", "metric", "scope", "observed_at", "value"], values
            )
        )


def write_bookmarks(bookmarks: Iterable[Bookmark], *, session: Session) -> int:
    now = utcnow()
    rows = _dedupe(
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


def purge_expired_author_names(*, session: Session, now: dt.datetime | None = None) -> int:
    """Erase commenters' display names whose retention has expired."""
    now = now or utcnow()
    result = session.execute(
        update(Comment)
        .where(Comment.author_name_expires_at.is_not(None), Comment.author_name_expires_at < now)
        .values(author_name=None, author_name_expires_at=None)
    )
    return result.rowcount or 0


# -- private helpers -------------------------------------------------------------------


def _dedupe(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Last write wins within one batch (ON CONFLICT cannot touch a row twice)."""
    rows = list(rows)
    if rows and "platform" in rows[0] and "external_id" in rows[0]:
        unique = {(row["platform"], row["external_id"]): row for row in rows}
    else:
        unique = {_row_key(row): row for row in rows}
    return rows if len(unique) == len(rows) else list(unique.values())


def _row_key(row: dict[str, Any]) -> tuple:
    for keys in (
        ("platform", "external_id"),
        ("post_id", "external_id"),
        ("promotion_id", "metric", "dimension", "bucket"),
        ("platform", "account", "stream", "partition"),
    ):
        if all(k in row for k in keys):
            return tuple(row[k] for k in keys)
    return tuple(sorted(row.items()))


def _post_ids(session: Session, records: Iterable[Any]) -> dict[tuple[str, str], int]:
    return id_map(
        Post,
        {(r.platform, r.post_external_id) for r in records},
        session=session,
        key=("platform", "external_id"),
    )


def _latest_values(
    session: Session, post_ids: set[int]
) -> dict[tuple[int, str, str], tuple[dt.datetime, float]]:
    latest: dict[tuple[int, str, str], tuple[dt.datetime, float]] = {}
    ids = sorted(post_ids)
    m = MetricLatest
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(m.post_id, m.metric, m.scope, m.observed_at, m.value).where(
            m.post_id.in_(chunk)
        )
        for post_id, metric, scope, at, value in session.execute(query):
            latest[(post_id, metric, str(scope))] = (at, value)
    return latest


def _changes_history(session: Session, row: dict[str, Any]) -> bool:
    series = (
        MetricObservation.post_id == row["post_id"],
        MetricObservation.metric == row["metric"],
        MetricObservation.scope == row["scope"],
    )
    before = session.scalar(
        select(MetricObservation.value)
        .where(*series, MetricObservation.observed_at <= row["observed_at"])
        .order_by(MetricObservation.observed_at.desc())
        .limit(1)
    )
    after = session.scalar(
        select(MetricObservation.value)
        .where(*series, MetricObservation.observed_at > row["observed_at"])
        .order_by(MetricObservation.observed_at)
        .limit(1)
    )
    return row["value"] != before and row["value"] != after


def _link_parents(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Give every stored reply whose parent is now known its ``parent_id``.

    Pages do not always come in thread order (a reply may arrive before its parent), so
    this resolves all orphans of the batch's platforms, not only the batch's own replies.
    The partial index ``ix_comment_orphans`` keeps it proportional to the orphans' number.
    """
    parent = aliased(Comment)
    parent_id = (
        select(parent.id)
        .where(
            parent.platform == Comment.platform,
            parent.external_id == Comment.parent_external_id,
        )
        .scalar_subquery()
    )
    for platform in sorted({row["platform"] for row in rows}):
        session.execute(
            update(Comment)
            .where(
                Comment.platform == platform,
                Comment.parent_id.is_(None),
                Comment.parent_external_id.is_not(None),
                parent_id.is_not(None),
            )
            .values(parent_id=parent_id)
            .execution_options(synchronize_session=False)
        )


__all__ = [
    "Writer",
    "WriteStats",
    "record_observations",
    "rebuild_latest",
    "write_bookmarks",
    "read_bookmark",
    "read_bookmarks",
    "purge_expired_author_names",
]
