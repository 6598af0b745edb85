"""The write path: stores the records that collectors and importers yield.

``write_page`` stores one ``Page`` (records and bookmarks) inside the caller's transaction.
Re-writing the same page changes nothing: every table is matched on its natural key, and
metric observations are appended only when a value changed (so a re-run, or a resumed run,
never duplicates history; ``metric_latest`` keeps each series' newest value alongside).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.orm import Session

from pulso.db.comment_writer import OWN_ACCOUNT_REVIEWER, CommentWriter
from pulso.db.keys import dedupe, id_map
from pulso.db.locks import serialise_writers
from pulso.db.models import (
    Account,
    AudienceRow,
    Comment,
    Post,
    PostThumbnail,
    Promotion,
)
from pulso.db.observations import record_observations
from pulso.db.state import post_ids, write_bookmarks
from pulso.db.types import utcnow
from pulso.db.upsert import upsert
from pulso.metrics import is_unique_metric
from pulso.privacy import author_key
from pulso.records import (
    AccountRecord,
    CommentRecord,
    ObservationRecord,
    Page,
    PostImageRecord,
    PostRecord,
    PromotionRecord,
)


@dataclass
class WriteStats:
    """Rows stored. ``accounts``, ``posts`` and ``comments`` count the rows a page added or
    changed (a record that matched its stored row exactly is not counted); ``new`` and
    ``updated`` split them per table. Observations are appended only when a value changed,
    so they are all new."""

    accounts: int = 0
    posts: int = 0
    observations: int = 0
    comments: int = 0
    promotions: int = 0
    audience_rows: int = 0
    bookmarks: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    new: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, other: WriteStats) -> None:
        for name in ("accounts", "posts", "observations", "comments", "promotions"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.audience_rows += other.audience_rows
        self.bookmarks += other.bookmarks
        for mine, theirs in ((self.new, other.new), (self.updated, other.updated)):
            for table, count in theirs.items():
                mine[table] = mine.get(table, 0) + count

    def stored(self) -> dict[str, dict[str, int]]:
        """{table: {"new": n, "updated": m}} for the run record and the summaries."""
        tables = sorted(set(self.new) | set(self.updated))
        return {t: {"new": self.new.get(t, 0), "updated": self.updated.get(t, 0)} for t in tables}

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


class Writer(CommentWriter):
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
        accounts = groups.pop(AccountRecord, [])
        stats.accounts = _count(
            stats, "accounts", session, Account, accounts, ACCOUNT_FIELDS, self.write_accounts
        )
        posts = groups.pop(PostRecord, [])
        stats.posts = _count(stats, "posts", session, Post, posts, POST_FIELDS, self.write_posts)
        images, thumbnails = self.write_post_images(
            groups.pop(PostImageRecord, []), session=session
        )
        if images:
            stats.updated["post_images"] = images
        if thumbnails:
            stats.new["thumbnails"] = thumbnails
        stats.observations = self.write_observations(
            groups.pop(ObservationRecord, []), session=session
        )
        if stats.observations:
            stats.new["observations"] = stats.observations
        comments = groups.pop(CommentRecord, [])
        stats.comments = _count(
            stats, "comments", session, Comment, comments, COMMENT_FIELDS, self.write_comments
        )
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
        rows = dedupe(
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
        rows = dedupe(
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

    def write_post_images(
        self, records: Sequence[PostImageRecord], *, session: Session
    ) -> tuple[int, int]:
        """Each post's newest picture address, and the thumbnails that came with them (one
        per post: a new one replaces the stored one). Returns (addresses changed,
        thumbnails stored)."""
        if not records:
            return 0, 0
        posts = post_ids(session, records)
        latest: dict[int, PostImageRecord] = {}  # the newest address of each post
        fetched: dict[int, PostImageRecord] = {}  # the newest thumbnail of each post
        for r in records:
            post_id = posts.get((r.platform, r.post_external_id))
            if post_id is None:
                raise LookupError(f"picture of unknown post {r.platform}:{r.post_external_id}")
            latest[post_id] = r
            if r.thumbnail is not None:
                fetched[post_id] = r
        changed = 0
        for post_id, r in latest.items():
            result = session.execute(
                update(Post)
                .where(
                    Post.id == post_id,
                    or_(Post.image_url.is_(None), Post.image_url != r.image_url),
                )
                .values(image_url=r.image_url)
            )
            changed += result.rowcount or 0
        rows = [
            {
                "post_id": post_id,
                "source_url": r.image_url,
                "content_type": r.content_type or "image/jpeg",
                "width": r.width,
                "height": r.height,
                "data": r.thumbnail,
                "fetched_at": r.fetched_at or self._now(),
            }
            for post_id, r in fetched.items()
        ]
        if rows:
            session.execute(
                delete(PostThumbnail).where(PostThumbnail.post_id.in_([r["post_id"] for r in rows]))
            )
            session.execute(insert(PostThumbnail), rows)
        return changed, len(rows)

    def write_observations(self, records: Sequence[ObservationRecord], *, session: Session) -> int:
        if not records:
            return 0
        posts = post_ids(session, records)
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

    def write_promotions(
        self, records: Sequence[PromotionRecord], *, session: Session
    ) -> tuple[int, int]:
        if not records:
            return 0, 0
        posts = post_ids(session, records)
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
            dedupe(rows),
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
            dedupe(audience),
            session=session,
            key=("promotion_id", "metric", "dimension", "bucket"),
        )
        return count, audience_count


# What a record may change in its stored row (``None`` in a record changes nothing: those
# columns keep their stored value, see the upserts' ``coalesce``).
ACCOUNT_FIELDS = ("handle", "name")
POST_FIELDS = ("kind", "permalink", "text", "is_deleted", "is_boosted")
COMMENT_FIELDS = (
    "text",
    "parent_external_id",
    "like_count",
    "reply_count",
    "is_hidden",
    "is_deleted",
    "permalink",
)


def _count(stats: WriteStats, table: str, session: Session, model, records, fields, write) -> int:
    """Write ``records`` and count the rows they added or changed (new, updated)."""
    if not records:
        write(records, session=session)
        return 0
    latest = {(r.platform, r.external_id): r for r in records}
    before = _stored(session, model, latest, fields)
    write(records, session=session)
    new = updated = 0
    for key, record in latest.items():
        row = before.get(key)
        if row is None:
            new += 1
        elif any(
            getattr(record, name) is not None
            and getattr(record, name) != row[name]
            and not (name == "kind" and getattr(record, name) == "other")
            and not (name == "is_boosted" and row[name])
            for name in fields
        ):
            updated += 1
    if new:
        stats.new[table] = new
    if updated:
        stats.updated[table] = updated
    return new + updated


def _stored(session: Session, model, keys, fields, chunk: int = 500) -> dict:
    """The stored ``fields`` of the rows with these (platform, external_id) keys."""
    by_platform: dict[str, list[str]] = defaultdict(list)
    for platform, external_id in keys:
        by_platform[platform].append(external_id)
    columns = [getattr(model, name) for name in fields]
    found = {}
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), chunk):
            query = select(model.external_id, *columns).where(
                model.platform == platform, model.external_id.in_(ids[start : start + chunk])
            )
            for row in session.execute(query):
                found[(platform, row[0])] = dict(zip(fields, row[1:], strict=True))
    return found


__all__ = ["OWN_ACCOUNT_REVIEWER", "Writer", "WriteStats"]
