"""Facebook Page collector: posts, insights over time, comments and boosted-post results.

One run, for each Page:

1. **posts** newest first since the stream's bookmark (``/{page}/posts?since=``); each page
   of results is committed with the cursor it reached, and the bookmark moves to the newest
   post only when the stream is complete, so a crash resumes at the next page;
2. **insights and counts** of new posts and of posts published in the last
   ``refresh_days``, through batch requests of at most 50 posts, one item per post
   (``{post}?fields=shares,comments...,reactions...,insights.metric(...)``); a post Graph no
   longer knows (error 100, subcode 33) is marked deleted;
3. **comments** (``filter=stream``, chronological, cursor paging) of posts whose comment
   count changed, that are new, or whose comments are in the re-scan window; the re-scan
   re-reads the last ``comment_rescan_days`` so edits and hides are seen, and comments seen
   before in that window but gone now are marked deleted.

Then, with an ad account, **boosts**: the account's ads whose creative's
``effective_object_story_id`` is a known post, with their Marketing API insights in total
and by ``age,gender``. Per-post state (publication time, kind, comment bookmark) lives in
sync_state stream ``post``, partition = post id.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pulso.clock import utcnow
from pulso.collectors.base import (
    DEFAULT_MAX_PAGES,
    Findings,
    HttpStats,
    Pager,
    Retry,
    RetryPolicy,
    Schema,
    State,
    call_with_retries,
)
from pulso.collectors.facebook.adapter import BatchItem, GraphClient, GraphError
from pulso.collectors.facebook.boosts import BoostsStream
from pulso.collectors.facebook.comments import CommentsStream, parse_time
from pulso.collectors.facebook.limits import (
    DELETED_SUBCODE,
    Classifier,
    slowdown_seconds,
    usage_percent,
)
from pulso.collectors.facebook.metrics import InsightSet
from pulso.collectors.facebook.paging import next_page_of, page_token, where_in
from pulso.collectors.facebook.parse import (
    PLATFORM,
    _deleted_post,
    _insight_data,
    _item_id,
    _kind,
    _number_at,
    _picture,
)
from pulso.collectors.thumbnails import CURSOR_KEYS, ThumbnailFetcher, Thumbnails
from pulso.errors import ConfigError
from pulso.records import Bookmark, ObservationRecord, Page, PostRecord

log = logging.getLogger(__name__)

# ``full_picture``: the post's picture (its photo, a video's still, a link's preview) at
# most 720 px a side, on Meta's CDN with a signed, expiring address (``thumbnails``).
POST_FIELDS = (
    "id,created_time,message,permalink_url,status_type,attachments{media_type,type},full_picture"
)
# Comments counted with filter(stream) so that a new reply also changes the count (the
# default, toplevel, would not) and the count matches the comments collected.
# ``full_picture`` again: a refreshed post brings its picture's newest address.
COUNT_FIELDS = (
    "shares,comments.filter(stream).limit(0).summary(true),reactions.limit(0).summary(true),"
    "full_picture"
)
BATCH_MAX = 50
POSTS = Schema(PLATFORM, "/{page-id}/posts", required=("id", "created_time"))
# The counts and insights asked for each post (``_refresh``): without one of them that
# value is "not available" for the post, never a zero.
COUNTS = Schema(
    PLATFORM,
    "/{post-id}?fields=counts,insights",
    required=("id",),
    optional=("shares.count", "comments.summary.total_count", "reactions.summary.total_count"),
)


@dataclass
class FacebookOptions:
    page_ids: list[str]
    since: dt.datetime | None = None  # overrides the posts bookmark for this run
    comment_rescan_days: int = 7
    refresh_days: int = 90
    usage_slowdown_percent: float = 80.0
    ad_account_id: str | None = None
    posts_per_request: int = 100
    comments_per_request: int = 100
    max_pages: int = DEFAULT_MAX_PAGES  # per stream (a Page's posts, a post's comments)


@dataclass
class _Figures:
    posts: int = 0
    comments: int = 0
    observations: int = 0
    batches: int = 0
    slowdowns: int = 0
    deleted_posts: int = 0
    ads: int = 0
    insights_fallbacks: int = 0
    parents_from_permalink: int = 0


@dataclass
class _PostState:
    """What a later run must know about a post without reading the database."""

    cursor: dict[str, Any] = field(default_factory=dict)

    @property
    def published(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.cursor["published"])


class FacebookCollector:
    platform = PLATFORM

    def __init__(
        self,
        *,
        client: GraphClient,
        options: FacebookOptions,
        policy: RetryPolicy | None = None,
        now: Callable[[], dt.datetime] = utcnow,
        thumbnails: ThumbnailFetcher | None = None,
    ) -> None:
        """``thumbnails``: how post pictures are downloaded (None: addresses only)."""
        self.client = client
        self.options = options
        self.policy = policy or RetryPolicy()
        self.stats: HttpStats = client.stats
        self.classify = Classifier(self.policy)
        self.source = f"graph:{client.version}"
        self._now = now
        self.figures = _Figures()
        self.findings = Findings(PLATFORM)
        self.thumbnails = Thumbnails(PLATFORM, thumbnails, now)
        self.insight_sets: dict[str, InsightSet] = {}
        self._known: dict[str, set[str]] = {}  # page id -> post ids known (state or new)

    @classmethod
    def from_settings(cls, settings, *, page_ids=None, since=None) -> FacebookCollector:
        """The configured (or given) Pages, through the real client."""
        if not list(page_ids or settings.facebook_page_ids):
            raise ConfigError.of("err.config.no_facebook_page")
        stats = HttpStats()
        client = GraphClient(
            access_token=settings.require_secret("facebook_access_token"),
            stats=stats,
            version=settings.facebook_graph_version,
            base_url=settings.facebook_graph_url,
            timeout=settings.http_timeout_seconds,
        )
        options = FacebookOptions(
            page_ids=list(page_ids or settings.facebook_page_ids),
            since=since,
            comment_rescan_days=settings.facebook_comment_rescan_days,
            refresh_days=settings.facebook_insights_refresh_days,
            usage_slowdown_percent=settings.facebook_usage_slowdown_percent,
            ad_account_id=settings.facebook_ad_account_id,
        )
        policy = RetryPolicy(
            max_retries=settings.http_max_retries,
            base_seconds=settings.http_backoff_base_seconds,
            cap_seconds=settings.http_backoff_cap_seconds,
        )
        fetcher = ThumbnailFetcher.create(timeout=settings.http_timeout_seconds, stats=stats)
        return cls(client=client, options=options, policy=policy, thumbnails=fetcher)

    # -- the run ---------------------------------------------------------------------------

    def pages(self, state: State) -> Iterator[Page]:
        self.run_at = self._now().replace(microsecond=0)
        for page_id in self.options.page_ids:
            yield from self._collect_page(page_id, state)
        if self.options.ad_account_id:
            yield from BoostsStream(self).pages(state)

    def lock_scope(self) -> list[str]:
        """One run at a time per Page (the Pages' bookmarks are this run's to write)."""
        return list(self.options.page_ids)

    def details(self) -> dict[str, Any]:
        dropped = {v: s.dropped for v, s in self.insight_sets.items() if s.dropped}
        figures = self.figures
        if figures.insights_fallbacks:
            self.findings.warn(
                "collect.warn.facebook.insights_fallback", count=figures.insights_fallbacks
            )
        if figures.parents_from_permalink:
            self.findings.warn(
                "collect.warn.facebook.parents_from_permalink",
                count=figures.parents_from_permalink,
            )
        if (thumbnails_warning := self.thumbnails.warning()) is not None:
            self.findings.warn("collect.warn.thumbnails", **thumbnails_warning)
        return {
            "graph_version": self.client.version,
            "posts": figures.posts,
            "comments": figures.comments,
            "observations": figures.observations,
            "batch_requests": figures.batches,
            "deleted_posts": figures.deleted_posts,
            "slowdowns": figures.slowdowns,
            "ads": figures.ads,
            "metrics_dropped": dropped.get(self.client.version, {}),
            "insights_fallbacks": figures.insights_fallbacks,
            "parents_from_permalink": figures.parents_from_permalink,
            **self.thumbnails.details(),
            **self.findings.details(),
        }

    def _collect_page(self, page_id: str, state: State) -> Iterator[Page]:
        posts = {pid: _PostState(dict(c)) for pid, c in state.all(page_id, "post").items() if c}
        insight_set = self._insight_set(page_id, state)
        new: list[str] = []
        yield from self._posts(page_id, state, posts, new)
        self._known[page_id] = set(posts)
        horizon = self.run_at - dt.timedelta(days=self.options.refresh_days)
        refresh = sorted(
            pid
            for pid, p in posts.items()
            if not p.cursor.get("deleted")
            and (pid in new or p.published >= horizon or p.cursor.get("pending_refresh"))
        )
        counts: dict[str, int] = {}
        for start in range(0, len(refresh), BATCH_MAX):
            chunk = refresh[start : start + BATCH_MAX]
            yield self._refresh(page_id, chunk, posts, insight_set, counts)
        yield from self._retry_pictures(page_id, posts)
        yield from CommentsStream(self).pages(page_id, posts, counts)

    # -- posts -----------------------------------------------------------------------------

    def _posts(self, page_id, state, posts, new) -> Iterator[Page]:
        bookmark = state.get(page_id, "posts") or {}
        since = bookmark.get("since")
        where = where_in(bookmark)
        newest = bookmark.get("newest")
        if self.options.since is not None:
            since, where, newest = self.options.since.isoformat(), {}, None
        params: dict[str, Any] = {"fields": POST_FIELDS, "limit": self.options.posts_per_request}
        if since:
            params["since"] = int(dt.datetime.fromisoformat(since).timestamp())
        pager = self.pager(f"/{page_id}/posts", where)
        while True:
            body = self.get_page(f"{page_id}/posts", params, where)
            records, bookmarks = [], []
            for item in pager.fresh(POSTS.items(body, self.findings), _item_id):
                record = self._post_record(page_id, item)
                if record is None:
                    continue
                records.append(record)
                published = record.published_at.isoformat()
                newest = max(newest or published, published)
                cursor = dict(posts.get(record.external_id, _PostState()).cursor)
                if record.external_id not in posts:  # ``since`` is inclusive: skip the last
                    new.append(record.external_id)
                    # Stored now, refreshed later in the run: a run killed in between must
                    # still read this post's insights next time, although it is not new then.
                    cursor["pending_refresh"] = True
                cursor.update(published=published, kind=record.kind, deleted=False)
                picture = _picture(item)
                if picture is not None:
                    records.append(self.thumbnails.record(record.external_id, picture, cursor))
                posts[record.external_id] = _PostState(cursor)
                bookmarks.append(self.post_bookmark(page_id, record.external_id, cursor))
            where = next_page_of(body)
            more = pager.follow(page_token(where))
            position = {"since": since, **where, "newest": newest} if more else None
            done = {"since": newest or since}
            bookmarks.append(Bookmark(PLATFORM, page_id, "posts", position or done))
            self.figures.posts += len(records)
            yield Page(records, bookmarks)
            if not more:
                return

    def _post_record(self, page_id: str, item: dict) -> PostRecord | None:
        """The post, or None (reported) when Graph left out what identifies it."""
        if not POSTS.valid(item, self.findings):
            return None
        try:
            published = parse_time(item["created_time"])
        except (TypeError, ValueError):
            self.findings.missing(POSTS.endpoint, item["id"], "created_time", required=True)
            return None
        kind = _kind(item)
        if kind is None:  # neither attachments nor status_type came back
            self.findings.missing(POSTS.endpoint, item["id"], "attachments", required=False)
        return PostRecord(
            PLATFORM,
            str(item["id"]),
            published,
            account_external_id=page_id,
            kind=kind or "other",
            permalink=item.get("permalink_url"),
            text=item.get("message"),
        )

    def _retry_pictures(self, page_id: str, posts: dict[str, _PostState]) -> Iterator[Page]:
        """The pictures an earlier run failed to download, of posts this run did not read
        again (outside the refresh window): tried once more, in one page."""
        cursors = {post_id: state.cursor for post_id, state in posts.items()}
        records, bookmarks = [], []
        for post_id, url in list(self.thumbnails.pending(cursors)):
            cursor = posts[post_id].cursor
            records.append(self.thumbnails.retry(post_id, url, cursor))
            bookmarks.append(self.post_bookmark(page_id, post_id, cursor))
        if records:
            yield Page(records, bookmarks)

    # -- insights and counts ---------------------------------------------------------------

    def _insight_set(self, page_id: str, state: State) -> InsightSet:
        version = self.client.version
        if version not in self.insight_sets:
            saved = state.get(page_id, "metrics", version) or {}
            self.insight_sets[version] = InsightSet.for_version(version, saved.get("dropped"))
        return self.insight_sets[version]

    def _refresh(self, page_id, chunk, posts, insight_set, counts) -> Page:
        items = self._refresh_items(chunk, insight_set)
        records: list[Any] = []
        bookmarks = [
            Bookmark(
                PLATFORM, page_id, "metrics", {"dropped": insight_set.dropped}, insight_set.version
            )
        ]
        for post_id, item in zip(chunk, items, strict=True):
            cursor = posts[post_id].cursor
            if item.error is not None:
                if item.error.code == 100 and item.error.subcode == DELETED_SUBCODE:
                    cursor["deleted"] = True
                    records.append(_deleted_post(page_id, post_id, cursor))
                    bookmarks.append(self.post_bookmark(page_id, post_id, cursor))
                    self.figures.deleted_posts += 1
                    continue
                raise item.error
            body = item.body if isinstance(item.body, dict) else {}
            changed = cursor.pop("pending_refresh", None) is not None
            picture = _picture(body)
            if picture is not None:
                had = [cursor.get(key) for key in CURSOR_KEYS]
                records.append(self.thumbnails.record(post_id, picture, cursor))
                changed = changed or [cursor.get(key) for key in CURSOR_KEYS] != had
            if changed:
                bookmarks.append(self.post_bookmark(page_id, post_id, cursor))
            if not COUNTS.valid(body, self.findings, post_id):
                continue
            values = self._insight_values(post_id, body, insight_set)
            comments = _number_at(body, "comments", "summary", "total_count")
            reactions = _number_at(body, "reactions", "summary", "total_count")
            shares = _number_at(body, "shares", "count")
            # A count Graph did not send is not available for this post (reported by
            # COUNTS), never a zero.
            if shares is not None:
                values["shares"] = shares
            if comments is not None:
                values["comments"] = comments
                counts[post_id] = int(comments)
            if reactions is not None:
                values["reactions"] = reactions
            for metric, value in sorted(values.items()):
                records.append(
                    ObservationRecord(
                        PLATFORM, post_id, metric, value, self.run_at, self.source, "total"
                    )
                )
        self.figures.observations += sum(isinstance(r, ObservationRecord) for r in records)
        return Page(records, bookmarks)

    def _insight_values(self, post_id: str, body: dict, insight_set: InsightSet) -> dict:
        """The post's insights; the names the batch answer lacks are asked for one by one
        (``/{post-id}/insights?metric=``), and those still missing are not available."""
        names = insight_set.names
        if not names:
            return {}
        data = _insight_data(body)
        got = {i.get("name") for i in data if isinstance(i, dict) and i.get("values")}
        lacking = [name for name in names if name not in got]
        if lacking:
            self.figures.insights_fallbacks += 1
            answers = self.batch([f"{post_id}/insights?metric={name}" for name in lacking])
            for name, answer in zip(lacking, answers, strict=True):
                found = [] if answer.error is not None else _insight_data({"insights": answer.body})
                found = [i for i in found if isinstance(i, dict) and i.get("name") == name]
                if found and found[0].get("values"):
                    data.extend(found)
                else:
                    self.findings.missing("/{post-id}/insights", post_id, name, required=False)
        return insight_set.canonical_values(data)

    def _refresh_items(self, chunk: list[str], insight_set: InsightSet) -> list[BatchItem]:
        """One batch item per post; a metric Meta refuses (error 100) is found and dropped."""
        for _ in range(3):
            fields = f"id,{COUNT_FIELDS}"
            if insight_set.names:
                fields += f",insights.metric({','.join(insight_set.names)})"
            items = self.batch([f"{pid}?fields={fields}" for pid in chunk])
            refused = [
                i
                for i in items
                if i.error and i.error.code == 100 and i.error.subcode != DELETED_SUBCODE
            ]
            if not refused or not insight_set.names:
                return items
            probe_post = chunk[items.index(refused[0])]
            self._find_refused_metrics(probe_post, insight_set)
        return items

    def _find_refused_metrics(self, post_id: str, insight_set: InsightSet) -> None:
        """Ask for each metric alone, in one batch, and drop those Meta refuses."""
        names = insight_set.names
        answers = self.batch([f"{post_id}/insights?metric={name}" for name in names])
        refused = False
        for name, answer in zip(names, answers, strict=True):
            if answer.error is not None and answer.error.code == 100:
                reason = f"Graph error 100 in {insight_set.version}: {answer.error.message}"
                log.warning("dropping insight %s: %s", name, reason)
                insight_set.drop(name, reason)
                refused = True
        if not refused:
            # Every name passes alone: something else is wrong; ask for no insights at all.
            for name in names:
                insight_set.drop(name, "refused together with the others (Graph error 100)")

    # -- hooks for the child streams (comments, boosts) ------------------------------------

    def known_posts(self) -> set[str]:
        """Every post id this run knows, across its Pages."""
        return set().union(*self._known.values()) if self._known else set()

    def get(self, path: str, params: dict[str, Any]) -> Any:
        """One GET, retried and paced."""
        return self.call(lambda p=dict(params): self.client.get(path, p))

    def get_page(self, path: str, params: dict[str, Any], where: dict[str, str]) -> Any:
        """A page of ``path``: the first (``where`` empty), the one after a cursor, or the
        one a ``paging.next`` URL names (time-based and offset paging give no cursor)."""
        if where.get("next"):
            return self.call(lambda u=where["next"]: self.client.get_next(u))
        return self.get(path, {**params, **where})

    def pager(self, stream: str, where: dict[str, str]) -> Pager:
        return Pager(
            f"facebook {stream}",
            self.findings,
            max_pages=self.options.max_pages,
            start=page_token(where),
        )

    def post_bookmark(self, page_id: str, post_id: str, cursor: dict) -> Bookmark:
        return Bookmark(PLATFORM, page_id, "post", dict(cursor), post_id)

    def call(self, fn: Callable[[], Any], what: str = "Graph request") -> Any:
        """``fn`` under the retry policy, then a pause if Meta's usage headers ask for one."""
        result = call_with_retries(
            fn, classify=self.classify, policy=self.policy, stats=self.stats, what=what
        )
        self._pace()
        return result

    def _pace(self) -> None:
        """Pause when a usage header nears 100%, before Meta starts refusing calls."""
        percent = usage_percent(self.client.usage)
        pause = slowdown_seconds(
            percent, self.options.usage_slowdown_percent, self.policy.cap_seconds
        )
        if pause > 0:
            log.info("Graph usage at %.0f%%: pausing %.1fs", percent, pause)
            self.figures.slowdowns += 1
            self.policy.sleep(pause)

    def batch(self, relative_urls: list[str]) -> list[BatchItem]:
        """Run up to 50 GETs in one request; items that failed retriably are asked again."""
        results: list[BatchItem | None] = [None] * len(relative_urls)
        pending = list(range(len(relative_urls)))

        def attempt() -> list[BatchItem]:
            nonlocal pending
            self.figures.batches += 1
            requests_ = [{"method": "GET", "relative_url": relative_urls[i]} for i in pending]
            answers = self.client.batch(requests_)
            retry: list[int] = []
            first: GraphError | None = None
            for index, answer in zip(pending, answers, strict=True):
                verdict = self.classify(answer.error) if answer.error is not None else None
                if isinstance(verdict, Retry):
                    retry.append(index)
                    first = first or answer.error
                elif verdict is not None:
                    raise answer.error
                else:
                    results[index] = answer
            pending = retry
            if first is not None:
                raise first
            return [r for r in results if r is not None]

        return self.call(attempt, what="Graph batch")
