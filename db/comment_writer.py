"""The comments' part of the write path (``Writer`` inherits it): keyed author hashes,
parents linked by id whatever order replies arrive in, and the team's own comments set aside
as not proposals."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from operator import attrgetter
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from pulso.db.comment_parents import ids_and_parent_ids, link_parents, write_order
from pulso.db.keys import id_map
from pulso.db.models import (
    Account,
    Comment,
    Post,
    ReviewStatus,
    SyncState,
)
from pulso.db.state import read_bookmark, write_bookmarks
from pulso.db.upsert import upsert_columns
from pulso.privacy import author_key, scrub_contact_data, scrub_optional
from pulso.records import (
    Bookmark,
    CommentRecord,
)

# Who "reviewed" a comment the team itself wrote from one of its accounts.
OWN_ACCOUNT_REVIEWER = "pulso:own-account"


class CommentWriter:
    """How ``Writer`` stores comments."""

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
        order, parents = write_order(records, parents_first=drawn)
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
        # Whatever a platform or a file brings, contact data written inside a citizen's
        # text or display name is never stored (``pulso.privacy.scrub_contact_data``).
        texts = tuple(map(scrub_contact_data, texts))
        now = self._now()
        count = len(records)
        keep_names = self._retention > dt.timedelta(0)
        if keep_names:
            expires_at = now + self._retention
            names = tuple(map(scrub_optional, names))
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
        parent_row_ids, columns["parent_id"] = ids_and_parent_ids(
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
        link_parents(session, platforms, external_ids, parent_external_ids, columns["parent_id"])
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
