"""The write path: stores the records that collectors and importers yield.

``write_page`` stores one ``Page`` (records and bookmarks) inside the caller's transaction.
Re-writing the same page changes nothing: every table is matched on its natural key, and
metric observations are appended only when a value changed (so a re-run, or a resumed run,
never duplicates history; ``metric_latest`` keeps each series' newest value alongside).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from pulso.db.models import (
    Account,
    AudienceRow,
    Comment,
    MetricLatest,
    MetricObservation,
    Post,
    Promotion,
    ReviewStatus,
    SyncState,
)
from pulso.db.types import utcnow
from pulso.db.upsert import id_map, upsert, upsert_columns
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


# Who "reviewed" a comment the team itself wrote from one of its accounts.
OWN_ACCOUNT_REVIEWER = "pulso:own-account"


class Writer:
    """Writes pages of records. Holds no connection: every call takes the session."""

    def __init__(
        self,
        *,
        author_secret: str | None,
        name_retention_days: int = 90,
        now=utcnow,
        team_authors: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        """``team_authors``: per platform, identities the team writes from that are not
        accounts Pulso collects (Disqus moderators, ``PULSO_DISQUS_TEAM_AUTHORS``)."""
        self._secret = author_secret
        self._retention = dt.timedelta(days=name_retention_days)
        self._now = now
        self.team_authors = {
            platform: frozenset(ids) for platform, ids in (team_authors or {}).items() if ids
        }
        # Their keyed hashes, as stored on their comments (the same for every page).
        self._team_keys = {
            platform: frozenset(author_key(author_secret, platform, identity) for identity in ids)
            for platform, ids in self.team_authors.items()
            if author_secret is not None
        }

    def is_team_author(self, platform: str, identity: str | None) -> bool:
        """Whether ``identity`` is one of the team's ``team_authors`` on ``platform``
        (compared as stored: normalised and keyed, so 'Moderacion ' is 'moderacion')."""
        keys = self._team_keys.get(platform)
        return bool(keys and identity and author_key(self._secret, platform, identity) in keys)

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
        # Every page, even one without comments: a run with nothing new still marks what the
        # team wrote before its authors were named.
        self._set_aside_team_comments(session, self._now())
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
        post_keys = list(map(_POST_KEY, records))
        posts = id_map(
            Post,
            {key for key in post_keys if key[1]},
            session=session,
            key=("platform", "external_id"),
        )
        post_ids = list(map(posts.get, post_keys))
        if post_ids.count(None) > sum(1 for _, post in post_keys if post is None):
            platform, post = next(
                key
                for key, post_id in zip(post_keys, post_ids, strict=True)
                if post_id is None and key[1] is not None
            )
            raise LookupError(f"comment on unknown post {platform}:{post}")
        # Last write wins within one batch (ON CONFLICT cannot touch a row twice).
        latest = {(r.platform, r.external_id): i for i, r in enumerate(records)}
        if len(latest) != len(records):
            records = [records[i] for i in latest.values()]
            post_ids = [post_ids[i] for i in latest.values()]
        # Parents before their replies, so every reply can be stored with its parent_id.
        # On PostgreSQL, where drawing an id costs a sequence call, only the batch's parents
        # (whose ids their replies need) draw theirs in advance, and are written first. On
        # SQLite every row gets its id in advance (one query for the largest) and the
        # batch keeps its order, which keeps its index inserts together: writing the
        # parents first was 20% slower there.
        drawn = session.get_bind().dialect.name == "postgresql"
        order, parents = _write_order(records, parents_first=drawn)
        if order is not None:
            records = [records[i] for i in order]
            post_ids = [post_ids[i] for i in order]
        # Built column by column (one sequence per column, no dictionary per row).
        (
            platforms,
            external_ids,
            thread_keys,
            parent_external_ids,
            identities,
            names,
            texts,
            created,
            likes,
            replies,
            hidden,
            deleted,
            languages,
            permalinks,
        ) = zip(*map(_COMMENT_FIELDS, records), strict=True)
        now = self._now()
        count = len(records)
        keep_names = self._retention > dt.timedelta(0)
        if keep_names:
            expires_at = now + self._retention
            expiries = [expires_at if name else None for name in names]
        else:
            names = expiries = (None,) * count
        columns = {
            "platform": platforms,
            "external_id": external_ids,
            "post_id": post_ids,
            "thread_key": thread_keys,
            "parent_external_id": parent_external_ids,
            "author_key": self._author_keys(platforms, identities),
            "author_name": names,
            "author_name_expires_at": expiries,
            "text": texts,
            "created_at": created,
            "like_count": likes,
            "reply_count": replies,
            "is_hidden": hidden,
            "is_deleted": deleted,
            "language": languages,
            "permalink": permalinks,
            "first_seen_at": (now,) * count,
            "last_seen_at": (now,) * count,
        }
        parent_row_ids, columns["parent_id"] = _ids_and_parent_ids(
            session, platforms, external_ids, parent_external_ids, parents
        )
        # The parents are written with the ids their replies were given; every other row
        # takes the database's next id (or keeps its stored one).
        written = 0
        for rows, ids in ((slice(0, parents), parent_row_ids), (slice(parents, count), None)):
            if rows.start == rows.stop:
                continue
            part = {name: values[rows] for name, values in columns.items()}
            if ids is not None:
                part["id"] = ids
            written += self._upsert_comments(part, keep_names, session)
        _link_parents(session, platforms, external_ids, parent_external_ids, columns["parent_id"])
        _set_aside_own_replies(
            session,
            platforms,
            external_ids,
            identities,
            columns["author_key"],
            self._team_keys,
            now,
        )
        # A platform written without a list of team authors forgets its last search
        # (``_set_aside_team_comments``): when a list comes back, what its authors wrote
        # meanwhile is searched for again.
        unlisted = set(platforms) - self._team_keys.keys()
        if unlisted:
            session.execute(
                delete(SyncState).where(
                    SyncState.platform.in_(unlisted),
                    SyncState.account == "",
                    SyncState.stream == TEAM_AUTHORS_STREAM,
                )
            )
        return written

    @staticmethod
    def _upsert_comments(
        columns: Mapping[str, Sequence[Any]], keep_names: bool, session: Session
    ) -> int:
        return upsert_columns(
            Comment,
            columns,
            session=session,
            key=("platform", "external_id"),
            update=(
                "post_id",
                "parent_id",
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
            # A deleted comment's text and author are not wiped from what was collected. A
            # stored display name kept because a page lacks it keeps its own expiry too, so
            # the purge still erases it; with no retention at all, names are overwritten.
            coalesce=(
                ("post_id", "author_key", "permalink", "text")
                + (("author_name", "author_name_expires_at") if keep_names else ())
            ),
            # A stored reply keeps its link; one still waiting for its parent gets it.
            keep=("parent_id",),
        )

    def _set_aside_team_comments(self, session: Session, now: dt.datetime) -> None:
        """Pending comments by ``team_authors`` stored before the setting named them are the
        team's own too: the first page written after the list of a platform's team authors
        changed finds them by their keyed hash, and records (a ``sync_state`` row, in the same
        transaction) the list it applied, so later pages do not look again. The comments
        a page brings are marked as it is written (``write_comments``); a page written for
        the platform without a list erases that record, so the next list searches again.

        That one search reads the comments of the platform (``author_key`` has no index:
        keeping one cost every comment written about 40% of the write's time, for a lookup
        made once per change of a setting)."""
        for platform, keys in self._team_keys.items():
            applied = {"digest": _digest(keys)}
            if (
                read_bookmark(
                    session=session, platform=platform, account="", stream=TEAM_AUTHORS_STREAM
                )
                == applied
            ):
                continue
            _mark_own(session, (Comment.platform == platform, Comment.author_key.in_(keys)), now)
            write_bookmarks([Bookmark(platform, "", TEAM_AUTHORS_STREAM, applied)], session=session)

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

    def _author_keys(
        self, channels: Sequence[str], identities: Sequence[str | None]
    ) -> list[str | None]:
        """The keyed hash of each identity, computed once per distinct (channel, identity)."""
        pairs = list(zip(channels, identities, strict=True))
        keys = dict.fromkeys(pairs)
        secret = self._secret
        for channel, identity in keys:
            if identity:
                if not secret:
                    raise ValueError("storing an author needs PULSO_AUTHOR_KEY_SECRET")
                keys[channel, identity] = author_key(secret, channel, identity)
        return list(map(keys.__getitem__, pairs))


_POST_KEY = attrgetter("platform", "post_external_id")
# A comment record's stored fields, in the order write_comments unpacks them.
_COMMENT_FIELDS = attrgetter(
    "platform",
    "external_id",
    "thread_key",
    "parent_external_id",
    "author_identity",
    "author_name",
    "text",
    "created_at",
    "like_count",
    "reply_count",
    "is_hidden",
    "is_deleted",
    "language",
    "permalink",
)


# The sync_state stream recording, per platform, which team authors' stored comments
# were set aside (a digest of their keyed hashes; ``Writer._set_aside_team_comments``).
TEAM_AUTHORS_STREAM = "team_authors"


def _digest(keys: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(sorted(keys)).encode()).hexdigest()


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


# The parent's id, looked up by the reply's platform and parent_external_id.
_PARENT_ID = (
    "(SELECT p.id FROM comment AS p"
    " WHERE p.platform = comment.platform AND p.external_id = comment.parent_external_id)"
)
# SQLite: {ids} is a JSON array of external ids. Its planner looks each one up through the
# index the condition names (the first statement's WHERE clause does not imply the partial
# index's, so that index, which holds every reply still waiting, is not used there).
_SQLITE_LINK = (
    f"UPDATE comment SET parent_id = {_PARENT_ID}"
    " WHERE platform = :platform AND parent_id IS NULL AND external_id IN"
    f" (SELECT value FROM json_each(:ids)) AND EXISTS {_PARENT_ID}",
    f"UPDATE comment SET parent_id = {_PARENT_ID}"
    " WHERE platform = :platform AND parent_id IS NULL AND parent_external_id IS NOT NULL"
    " AND parent_external_id IN (SELECT value FROM json_each(:ids))",
)
# PostgreSQL: the rows are found by one index probe per external id (a LATERAL subquery
# behind OFFSET 0, which the planner cannot turn into a hash join over every row of the
# platform: it does so with statistics older than the table's growth, and the partial
# index then also yields the entries of every reply linked since the last vacuum), and
# updated by primary key.
_PG_PROBE = (
    "UPDATE comment SET parent_id = {parent} WHERE parent_id IS NULL AND id = ANY(ARRAY("
    "SELECT found.id FROM json_array_elements_text(CAST(:ids AS JSON)) AS wanted(external_id)"
    " CROSS JOIN LATERAL (SELECT c.id FROM comment AS c"
    " WHERE c.platform = :platform AND c.parent_id IS NULL AND {match} OFFSET 0) AS found))"
)
_PG_LINK = (
    _PG_PROBE.format(parent=_PARENT_ID, match="c.external_id = wanted.external_id")
    + f" AND EXISTS {_PARENT_ID}",
    _PG_PROBE.format(
        parent=_PARENT_ID,
        match="c.parent_external_id IS NOT NULL AND c.parent_external_id = wanted.external_id",
    ),
)
_LINK_SQL = {
    "sqlite": tuple(text(sql) for sql in _SQLITE_LINK),
    "postgresql": tuple(text(sql) for sql in _PG_LINK),
}


def _set_aside_own_replies(
    session: Session,
    platforms: Sequence[str],
    external_ids: Sequence[str],
    identities: Sequence[str | None],
    author_keys: Sequence[str | None],
    team_keys: Mapping[str, frozenset[str]],
    now: dt.datetime,
) -> None:
    """The team's own comments (written as one of its accounts, or by one of its
    ``team_authors``, whose keyed hashes are ``team_keys``) are not citizens' proposals:
    still-pending ones among these comments, new or stored before, are marked reviewed as
    not proposals by ``OWN_ACCOUNT_REVIEWER``; a reviewer's decision is never overwritten."""
    accounts = {
        (str(platform), external_id)
        for platform, external_id in session.execute(
            select(Account.platform, Account.external_id).where(
                Account.platform.in_(set(platforms))
            )
        )
    }  # a handful of rows
    mine: dict[str, list[str]] = defaultdict(list)
    for platform, external_id, identity, key in zip(
        platforms, external_ids, identities, author_keys, strict=True
    ):
        if (platform, identity) in accounts or key in team_keys.get(platform, ()):
            mine[platform].append(external_id)
    for platform, comments in mine.items():
        _mark_own(session, (Comment.platform == platform, Comment.external_id.in_(comments)), now)


def _mark_own(session: Session, where: tuple, now: dt.datetime) -> None:
    """Still-pending comments matching ``where`` become "not a proposal" by
    ``OWN_ACCOUNT_REVIEWER``; a reviewer's decision is never overwritten."""
    session.execute(
        update(Comment)
        .where(*where, Comment.review_status == ReviewStatus.PENDING)
        .values(
            review_status=ReviewStatus.REJECTED, reviewed_by=OWN_ACCOUNT_REVIEWER, reviewed_at=now
        )  # fmt: skip
        .execution_options(synchronize_session=False)
    )


def _write_order(
    records: Sequence[CommentRecord], *, parents_first: bool
) -> tuple[list[int] | None, int]:
    """The order in which to write the batch, and how many rows come first to be given
    their ids in advance: with ``parents_first``, the parents of other rows of the batch;
    otherwise all of them.

    Every reply comes after its parent when that parent is in the batch; with
    ``parents_first`` the batch's parents come before every other row; otherwise the
    batch's order is kept. The order is None when it is the batch's own.

    A cycle (bad data, or a comment replying to itself) is cut where the walk closes it:
    that row comes first, and is linked to its parent after the batch is written.
    """
    position = {(r.platform, r.external_id): i for i, r in enumerate(records)}
    parent_row = [
        None if r.parent_external_id is None else position.get((r.platform, r.parent_external_id))
        for r in records
    ]
    if all(row is None or row < i for i, row in enumerate(parent_row)):
        order: Sequence[int] = range(len(records))
    else:
        order = _parents_first(parent_row)
    if not parents_first:
        return (None if isinstance(order, range) else order), len(records)
    is_parent = [False] * len(records)
    for row in parent_row:
        if row is not None:
            is_parent[row] = True
    parents = [row for row in order if is_parent[row]]
    ordered = parents + [row for row in order if not is_parent[row]]
    return (None if ordered == list(range(len(records))) else ordered), len(parents)


def _parents_first(parent_row: list[int | None]) -> list[int]:
    """Rows ordered so each comes after its parent row; cuts cycles in ``parent_row``."""
    order: list[int] = []
    placed = [False] * len(parent_row)
    for start in range(len(parent_row)):
        while True:  # walk up to a placed row or a root; cut a cycle and walk again
            path: list[int] = []
            on_path: set[int] = set()
            row = start
            while row is not None and not placed[row] and row not in on_path:
                path.append(row)
                on_path.add(row)
                row = parent_row[row]
            if row is None or placed[row]:
                break
            parent_row[row] = None
        for row in reversed(path):
            placed[row] = True
            order.append(row)
    return order


def _ids_and_parent_ids(
    session: Session,
    platforms: Sequence[str],
    external_ids: Sequence[str],
    parent_external_ids: Sequence[str | None],
    parents: int,
) -> tuple[list[int], list[int | None]]:
    """The ids of the first ``parents`` rows (``_write_order``: the batch's parents, or
    every row), and each row's parent id when the parent is stored or comes earlier in the
    batch.

    Storing replies with their parent_id saves rewriting each of them afterwards (on
    PostgreSQL a new row version and an entry in every index). Page writers take turns
    (serialise_writers), so the ids the database would give the new parents are known: the
    next ones after the largest on SQLite (whose rowids are exactly that), the sequence's
    next values on PostgreSQL. The other rows take the database's ids after them. A
    concurrent writer that did not take its turn would make the insert fail on a key, never
    store a wrong link.

    Only the parents named in the batch are looked up. Any other row given an id that is
    stored already keeps its stored id (the upsert does not update ids), and the id given
    is never used. (Looking up every row cost 15% of writing a batch of new comments.)
    """
    keys = list(zip(platforms, external_ids, strict=True))
    position = {key: i for i, key in enumerate(keys)}
    replies = [
        (i, (platform, parent))
        for i, (platform, parent) in enumerate(zip(platforms, parent_external_ids, strict=True))
        if parent is not None
    ]
    wanted = {parent for _, parent in replies}
    stored = id_map(Comment, wanted, session=session, key=("platform", "external_id"))
    parent_keys = keys[:parents]
    fresh = iter(_next_comment_ids(session, sum(key not in stored for key in parent_keys)))
    ids = [stored[key] if key in stored else next(fresh) for key in parent_keys]
    parent_ids: list[int | None] = [None] * len(keys)
    for i, parent in replies:
        row = position.get(parent)
        if row is None:
            parent_ids[i] = stored.get(parent)
        elif row < i:
            # A reply after its parent, which is one of the first rows. (A link cut from a
            # cycle points to a later row: it is made once the batch is written.)
            parent_ids[i] = ids[row]
    return ids, parent_ids


def _next_comment_ids(session: Session, count: int) -> list[int]:
    if not count:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return sorted(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence('comment', 'id'))"
                    " FROM generate_series(1, :count)"
                ),
                {"count": count},
            )
        )
    largest = session.scalar(select(func.max(Comment.id))) or 0
    return list(range(largest + 1, largest + 1 + count))


def _link_parents(
    session: Session,
    platforms: Sequence[str],
    external_ids: Sequence[str],
    parent_external_ids: Sequence[str | None],
    parent_ids: Sequence[int | None],
) -> None:
    """Link what writing the batch could not: its replies written without a parent_id
    (their parent is not stored yet, or they close a cycle), and the stored replies
    waiting for one of the batch's comments (a reply may arrive before its parent).

    Both updates are proportional to the batch, not to the table or to its unresolved
    replies: the first finds the batch's unlinked replies by their natural key, the second
    finds the replies waiting for one of the batch's comments through the partial index
    ``ix_comment_orphans``.
    """
    dialect = session.get_bind().dialect.name
    link_replies, link_waiting = _LINK_SQL[dialect]
    # The ids go as one JSON array on both dialects: psycopg's array dumper checks every
    # string with a regular expression, json.dumps does its work in C.
    as_list = json.dumps
    unlinked = [
        (platform, external_id)
        for platform, external_id, parent, parent_id in zip(
            platforms, external_ids, parent_external_ids, parent_ids, strict=True
        )
        if parent is not None and parent_id is None
    ]
    batch_platforms = sorted(set(platforms))
    for platform in batch_platforms:
        if len(batch_platforms) == 1:
            ids = list(external_ids)
        else:
            ids = [e for p, e in zip(platforms, external_ids, strict=True) if p == platform]
        waiting = [e for p, e in unlinked if p == platform]
        if waiting:
            session.execute(link_replies, {"platform": platform, "ids": as_list(waiting)})
        session.execute(link_waiting, {"platform": platform, "ids": as_list(ids)})


__all__ = [
    "Writer",
    "WriteStats",
    "record_observations",
    "rebuild_latest",
    "write_bookmarks",
    "read_bookmark",
    "read_bookmarks",
    "purge_expired_author_names",
    "stored_posts",
]
