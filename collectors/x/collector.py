"""The X collector: the accounts' posts, their metrics over time and their replies.

Per account, three phases, each yielding pages that ``pulso.jobs.runner`` commits together
with their bookmarks (so an interrupted run resumes where it stopped):

1. **Timeline** (``GET /2/users/:id/tweets``), incremental by ``since_id``. A first sync
   pages backwards; X only reaches the newest 3,200 posts, and we say so when a backfill
   ends at that wall. New posts arrive with their public metrics, so they count as
   refreshed today.
2. **Metrics refresh** (``GET /2/tweets?ids=``, 100 ids a call) of the posts the schedule
   says are due (``REFRESH_SCHEDULE``); never a post already read this UTC day. Private
   metrics (non-public, organic, promoted) are asked for with user context, only for the
   account's own posts under 30 days old (X's rule).
3. **Replies** through ``conversation_id:`` search (recent: 7 days; full archive when
   enabled), only for conversations whose reply count grew since the last search, with a
   bookmark per conversation.

A read budget (per run and per UTC month) is checked before every request that returns
posts; reaching it raises ``StopCollection`` naming what was left. Reads are counted as X
bills them: a post read again within the same UTC day is not charged again.

State (all in ``sync_state``, platform "x"): ``(account, "timeline", "")``,
``(account, "posts", <post id>)`` (published, kind, last refresh day, reply count,
deleted), ``(account, "replies", <conversation id>)`` and ``("app", "reads", <YYYY-MM>)``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pulso.clock import utcnow
from pulso.collectors.base import ALL_ACCOUNTS, DEFAULT_MAX_PAGES, Findings, Pager, Schema, State
from pulso.collectors.thumbnails import CURSOR_KEYS, ThumbnailFetcher, Thumbnails
from pulso.collectors.x.adapter import XClient, XPage
from pulso.collectors.x.parse import (
    PLATFORM,
    _kind,
    _observations,
    _picture,
    _post_id,
)
from pulso.collectors.x.replies import RepliesStream, parse_time
from pulso.errors import ConfigError, StopCollection
from pulso.i18n import Message
from pulso.records import (
    AccountRecord,
    Bookmark,
    Page,
    PostRecord,
)
from pulso.settings import Settings

log = logging.getLogger(__name__)

TIMELINE_WALL = 3200
PRIVATE_METRICS_DAYS = 30
BUDGET_ACCOUNT = "app"

# What each endpoint must answer per post (X API v2 reference, "Tweet object"): without an
# id or a creation time a post is unusable; without the public_metrics asked for, its
# metrics and reply count are not available for that read (never zeros).
TIMELINE = Schema(
    PLATFORM, "/2/users/:id/tweets", required=("id", "created_at"), optional=("public_metrics",)
)
LOOKUP = Schema(PLATFORM, "/2/tweets", required=("id", "created_at"), optional=("public_metrics",))

# How often a post's metrics are refreshed, by age: (age below N days, every M days).
# Young posts move fast and still have private metrics; old ones barely change.
REFRESH_SCHEDULE: tuple[tuple[int | None, int], ...] = ((7, 1), (30, 3), (90, 7), (None, 30))


@dataclass
class XConfig:
    max_reads_per_run: int = 10_000
    max_reads_per_month: int = 100_000
    cost_per_read_usd: float = 0.005
    full_archive_search: bool = False
    since: dt.date | None = None
    max_pages: int = DEFAULT_MAX_PAGES  # per stream (a timeline, a conversation)

    @classmethod
    def from_settings(cls, settings: Settings, *, since: dt.date | None = None) -> XConfig:
        return cls(
            max_reads_per_run=settings.x_max_reads_per_run,
            max_reads_per_month=settings.x_max_reads_per_month,
            cost_per_read_usd=settings.x_cost_per_read_usd,
            full_archive_search=settings.x_full_archive_search,
            since=since,
        )


@dataclass
class _Counters:
    post_reads: int = 0  # posts returned by the API
    charged_reads: int = 0  # of which billable (first read of the post this UTC day)
    posts: int = 0
    replies: int = 0
    observations: int = 0
    deleted: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    field_errors: int = 0


def refresh_interval_days(age: dt.timedelta) -> int:
    for limit, every in REFRESH_SCHEDULE:
        if limit is None or age < dt.timedelta(days=limit):
            return every
    return REFRESH_SCHEDULE[-1][1]


class XCollector:
    """Yields pages of X records; see the module docstring. The client is injected."""

    platform = PLATFORM

    def __init__(
        self,
        *,
        client: XClient,
        accounts: list[str],
        config: XConfig,
        now: Callable[[], dt.datetime] = utcnow,
        thumbnails: ThumbnailFetcher | None = None,
    ) -> None:
        """``thumbnails``: how post pictures are downloaded (None: addresses only)."""
        self.client = client
        self.accounts = [a.lstrip("@") for a in accounts]
        self.config = config
        self.now = now
        self.counts = _Counters()
        self.findings = Findings(PLATFORM)
        self.thumbnails = Thumbnails(PLATFORM, thumbnails, now)
        self._cursors: dict[str, dict[str, Any] | None] = {}
        self._month_reads = 0
        self._read_today: set[str] = set()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        accounts: list[str] | None = None,
        since: dt.date | None = None,
        client: XClient | None = None,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> XCollector:
        """The configured (or given) accounts, with the real client unless one is given."""
        handles = list(accounts or settings.x_accounts)
        if not handles:
            raise ConfigError.of("err.config.no_x_account")
        client = client or XClient.from_settings(settings)
        return cls(
            client=client,
            accounts=handles,
            config=XConfig.from_settings(settings, since=since),
            now=now,
            thumbnails=ThumbnailFetcher.create(
                timeout=settings.http_timeout_seconds, stats=client.stats
            ),
        )

    @property
    def stats(self):
        return self.client.stats

    # -- the run ------------------------------------------------------------------------

    def pages(self, state: State) -> Iterator[Page]:
        now = self.now()
        self._today = now.astimezone(dt.UTC).date()
        self._month = self._today.strftime("%Y-%m")
        budget = state.get(BUDGET_ACCOUNT, "reads", self._month) or {}
        self._month_reads = int(budget.get("reads", 0))
        for index, handle in enumerate(self.accounts):
            self._later = self.accounts[index + 1 :]
            user = self._resolve(handle)
            if user is None:
                continue
            user_id = str(user["id"])
            yield Page([AccountRecord(PLATFORM, user_id, user["username"], user.get("name"))])
            posts = state.all(user_id, "posts")
            self._cursors = posts
            self._read_today.update(
                pid
                for pid, cur in posts.items()
                if cur and cur.get("refreshed") == str(self._today)
            )
            yield from self._timeline(state, user)
            yield from self._refresh(state, user)
            yield from self._retry_pictures(state, user_id)
            yield from RepliesStream(self).pages(state, user)

    def lock_scope(self) -> list[str]:
        """Every X run writes the app's monthly read budget (``BUDGET_ACCOUNT``), a counter
        each run reads at its start: X runs take turns whatever their accounts."""
        return [ALL_ACCOUNTS]

    def details(self) -> dict[str, Any]:
        c = self.counts
        if (thumbnails_warning := self.thumbnails.warning()) is not None:
            self.warn("collect.warn.thumbnails", **thumbnails_warning)
        return {
            "posts": c.posts,
            "replies": c.replies,
            "observations": c.observations,
            "post_reads": c.post_reads,
            "charged_reads": c.charged_reads,
            "estimated_cost_usd": round(c.charged_reads * self.config.cost_per_read_usd, 4),
            "month": getattr(self, "_month", None),
            "month_reads": self._month_reads,
            "deleted": c.deleted,
            "unavailable": c.unavailable,
            "field_errors": c.field_errors,
            "rate_limit": dict(self.stats.last_headers),
            **self.thumbnails.details(),
            **self.findings.details(),
        }

    # -- accounts -----------------------------------------------------------------------

    def _resolve(self, handle: str) -> dict[str, Any] | None:
        page = self.client.get_user(handle)
        if not page.users:
            detail = "; ".join(e.get("detail", "") for e in page.errors)
            self.warn(
                "collect.warn.x.account_skipped",
                handle=handle,
                detail=detail or Message.of("collect.warn.x.not_found"),
            )
            return None
        return next(iter(page.users.values()))

    def _private_for(self, user_id: str) -> bool:
        return self.client.user_context and self.client.owner_id == user_id

    # -- phase 1: timeline --------------------------------------------------------------

    def _timeline(self, state: State, user: dict) -> Iterator[Page]:
        user_id, handle = str(user["id"]), user["username"]
        cursor = state.get(user_id, "timeline") or {}
        since_id = cursor.get("since_id")
        token = cursor.get("pagination_token")
        newest = cursor.get("newest_id")
        reached = int(cursor.get("reached", 0))
        oldest = cursor.get("oldest")
        backfill = since_id is None
        start_time = None
        if backfill and self.config.since:
            start_time = f"{self.config.since.isoformat()}T00:00:00Z"
        pager = self.pager(f"@{handle}'s timeline", token)
        while True:
            left = self.allowance(5, Message.of("err.collect.x.left_timeline", handle=handle))
            page = self.client.users_tweets(
                user_id,
                max_results=min(100, left),
                since_id=since_id,
                pagination_token=token,
                start_time=start_time,
                private_metrics=self._private_for(user_id),
            )
            newest = newest or page.meta.get("newest_id")
            page.posts = pager.fresh(page.posts, _post_id)
            token = page.meta.get("next_token")
            if not pager.follow(token):
                token = None
            reached += len(page.posts)
            records, bookmarks = self._post_records(page, user_id, handle, TIMELINE)
            self.counts.posts += sum(isinstance(r, PostRecord) for r in records)
            if page.posts:
                last = (
                    page.posts[-1].get("created_at") if isinstance(page.posts[-1], dict) else None
                )
                if last and (oldest is None or last < oldest):
                    oldest = last
            if token is None:
                timeline = {"since_id": newest or since_id}
            else:
                timeline = {
                    "since_id": since_id,
                    "pagination_token": token,
                    "newest_id": newest,
                    "reached": reached,
                    "oldest": oldest,
                }
            bookmarks.append(Bookmark(PLATFORM, user_id, "timeline", timeline))
            yield Page(records, bookmarks + [self.budget_bookmark()])
            if token is None:
                break
        if backfill:
            self._check_wall(user, reached, oldest)

    def _check_wall(self, user: dict, reached: int, oldest: str | None) -> None:
        total = (user.get("public_metrics") or {}).get("tweet_count", 0)
        if total <= TIMELINE_WALL:
            return
        if self.config.since and oldest and oldest[:10] <= self.config.since.isoformat():
            return
        self.warn(
            "collect.warn.x.timeline_wall",
            handle=user["username"],
            total=f"{total:,}",
            wall=f"{TIMELINE_WALL:,}",
            reached=f"{reached:,}",
            oldest=oldest,
        )

    # -- phase 2: metrics refresh -------------------------------------------------------

    def _refresh(self, state: State, user: dict) -> Iterator[Page]:
        user_id, handle = str(user["id"]), user["username"]
        posts = state.all(user_id, "posts")
        now = self.now()
        due = [
            (pid, cur)
            for pid, cur in posts.items()
            if cur and self._due(cur, now) and pid not in self._read_today
        ]
        due.sort(key=lambda item: item[1]["published"], reverse=True)
        self._cursors = posts
        # Private metrics need user context and exist only for young posts: those go in
        # their own batches, asked with OAuth 1.0a; the rest with the app token.
        private = self._private_for(user_id)
        queue = deque(
            sorted(
                ((private and self._young(cur, now), (pid, cur)) for pid, cur in due),
                key=lambda item: not item[0],
            )
        )
        while queue:
            left = self.allowance(
                1, Message.of("err.collect.x.left_metrics", count=len(queue), handle=handle)
            )
            with_private = queue[0][0]
            batch = []
            while queue and queue[0][0] == with_private and len(batch) < min(100, left):
                batch.append(queue.popleft()[1])
            ids = [pid for pid, _ in batch]
            page = self.client.tweets(ids, private_metrics=with_private)
            known = dict(batch)
            records, bookmarks = self._post_records(page, user_id, handle, LOOKUP)
            # X may repeat an error per id; "handled" also skips posts that did come back.
            handled = {_post_id(t) for t in page.posts} - {None}
            for error in page.errors:
                rid = str(error.get("resource_id") or error.get("value") or "")
                if rid not in known or rid in handled:
                    continue
                handled.add(rid)
                records_for, cursor = self._unreadable(rid, known[rid], error, user_id)
                records.extend(records_for)
                bookmarks.append(Bookmark(PLATFORM, user_id, "posts", cursor, partition=rid))
            yield Page(records, bookmarks + [self.budget_bookmark()])

    def _retry_pictures(self, state: State, user_id: str) -> Iterator[Page]:
        """The pictures an earlier run failed to download, of posts this run did not read
        again (not due for a refresh): tried once more, in one page."""
        cursors = state.all(user_id, "posts")
        records, bookmarks = [], []
        for post_id, url in list(self.thumbnails.pending(cursors)):
            cursor = dict(cursors[post_id] or {})
            records.append(self.thumbnails.retry(post_id, url, cursor))
            bookmarks.append(Bookmark(PLATFORM, user_id, "posts", cursor, partition=post_id))
        if records:
            yield Page(records, bookmarks)

    def _due(self, cursor: dict, now: dt.datetime) -> bool:
        if cursor.get("deleted"):
            return False
        published = dt.datetime.fromisoformat(cursor["published"])
        if self.config.since and published.date() < self.config.since:
            return False
        last = cursor.get("refreshed")
        if not last:
            return True
        every = refresh_interval_days(now - published)
        return (self._today - dt.date.fromisoformat(last)).days >= every

    @staticmethod
    def _young(cursor: dict, now: dt.datetime) -> bool:
        published = dt.datetime.fromisoformat(cursor["published"])
        return now - published < dt.timedelta(days=PRIVATE_METRICS_DAYS)

    def _unreadable(self, post_id: str, cursor: dict, error: dict, user_id: str):
        """A per-id error of a lookup: record it, never fail the run for it."""
        kind = str(error.get("type", ""))
        new = dict(cursor, refreshed=str(self._today))
        if kind.endswith("resource-not-found"):
            self.counts.deleted.append(post_id)
            new["deleted"] = True
            record = PostRecord(
                PLATFORM,
                post_id,
                dt.datetime.fromisoformat(cursor["published"]),
                account_external_id=user_id,
                kind=cursor.get("kind", "other"),
                is_deleted=True,
            )
            return [record], new
        self.counts.unavailable.append(post_id)
        new["unavailable"] = error.get("title") or kind or "unavailable"
        return [], new

    # -- records ------------------------------------------------------------------------

    def _post_records(self, page: XPage, user_id: str, handle: str, schema: Schema):
        observed_at = self.now().replace(microsecond=0)
        records: list[Any] = []
        bookmarks: list[Bookmark] = []
        self.charge(page.posts)
        for error in page.errors:
            if str(error.get("type", "")).endswith("not-authorized-for-field"):
                self.counts.field_errors += 1
        for tweet in page.posts:
            if not schema.valid(tweet, self.findings):
                continue
            post_id = str(tweet["id"])
            published = self.parse_time(schema, post_id, tweet["created_at"])
            if published is None:
                continue
            kind = _kind(tweet, page.media)
            promoted = bool(tweet.get("promoted_metrics"))
            records.append(
                PostRecord(
                    PLATFORM,
                    post_id,
                    published,
                    account_external_id=str(tweet.get("author_id") or user_id),
                    kind=kind,
                    permalink=f"https://x.com/{handle}/status/{post_id}",
                    text=tweet.get("text"),
                    is_boosted=promoted,
                )
            )
            observations = _observations(tweet, observed_at)
            self.counts.observations += len(observations)
            records.extend(observations)
            replies = (tweet.get("public_metrics") or {}).get("reply_count")
            cursor = {
                "published": published.isoformat(),
                "kind": kind,
                "refreshed": str(self._today),
                # None: not available in this read; the replies stream searches anyway.
                "replies": int(replies) if isinstance(replies, int | float) else None,
            }
            previous = self._cursors.get(post_id) or {}
            cursor.update({k: previous[k] for k in CURSOR_KEYS if previous.get(k) is not None})
            picture = _picture(tweet, page.media)
            if picture is not None:
                records.append(self.thumbnails.record(post_id, picture, cursor))
            bookmarks.append(Bookmark(PLATFORM, user_id, "posts", cursor, partition=post_id))
        return records, bookmarks

    # -- hooks for the replies stream: the read budget and the run's warnings ----------
    # -- budget -------------------------------------------------------------------------

    def allowance(self, minimum: int, left: Message) -> int:
        """Reads the next request may return; stops the run cleanly when too few remain."""
        run_left = self.config.max_reads_per_run - self.counts.charged_reads
        month_left = self.config.max_reads_per_month - self._month_reads
        allowed = min(run_left, month_left)
        if allowed >= minimum:
            return allowed
        if self._later:
            left = Message.of(
                "err.collect.x.not_started",
                left=left,
                accounts=", ".join("@" + a for a in self._later),
            )
        per_run = run_left <= month_left
        cap = self.config.max_reads_per_run if per_run else self.config.max_reads_per_month
        raise StopCollection.of(
            "err.collect.x.budget_run" if per_run else "err.collect.x.budget_month",
            cap=f"{cap:,}",
            month=self._month,
            reads=f"{self.counts.charged_reads:,}",
            cost=f"{self.counts.charged_reads * self.config.cost_per_read_usd:,.2f}",
            left=left,
        )

    def parse_time(self, schema: Schema, post_id: str, value: Any) -> dt.datetime | None:
        try:
            return parse_time(str(value))
        except ValueError:
            self.findings.missing(schema.endpoint, post_id, "created_at", required=True)
            return None

    def pager(self, stream: str, start: str | None) -> Pager:
        return Pager(stream, self.findings, max_pages=self.config.max_pages, start=start)

    def charge(self, posts: list[dict]) -> None:
        """Count the posts an answer returned as X bills them: a post (an item with an id)
        read for the first time this UTC day."""
        ids = {pid for pid in map(_post_id, posts) if pid is not None}
        self.counts.post_reads += len(ids)
        fresh = ids - self._read_today
        self._read_today |= fresh
        self.counts.charged_reads += len(fresh)
        self._month_reads += len(fresh)

    def budget_bookmark(self) -> Bookmark:
        return Bookmark(
            PLATFORM, BUDGET_ACCOUNT, "reads", {"reads": self._month_reads}, partition=self._month
        )

    def warn(self, key: str, **values: Any) -> None:
        self.findings.warn(key, **values)
