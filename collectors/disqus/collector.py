"""``pulso collect disqus``: the forum's threads and every thread's posts, incrementally.

Threads come from ``forums/listThreads`` (or ``threads/details`` for the threads asked
for). Posts come from ``threads/listPosts`` with ``order=asc``, ``limit=100``, cursor
paging (``cursor.next`` while ``cursor.hasNext``) and ``since``. Each thread has its own
bookmark (stream ``posts``, partition = thread id): the ``since`` of the run in progress
with the next cursor while a thread is being paged (so an interrupted run resumes on the
same page), then the newest ``createdAt`` seen once the thread is done. Posts at exactly
the bookmark's second are asked for again; the writes are idempotent, so that costs
nothing and loses nothing.

Spam and deleted posts are skipped and counted (``details()``). No SQL here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

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
from pulso.collectors.disqus import PLATFORM, author_identity, html_to_text
from pulso.collectors.disqus.api import DisqusClient, classify
from pulso.errors import ConfigError, StopCollection
from pulso.privacy import scrub_contact_data
from pulso.records import Bookmark, CommentRecord, Page, ThreadRecord
from pulso.settings import Settings

STREAM = "posts"
PAGE_SIZE = 100  # the API's maximum
# Disqus API "Post" and "Thread" objects: a post without id, thread or createdAt cannot be
# stored; the envelope's ``response`` is the list.
POSTS = Schema(
    PLATFORM, "threads/listPosts", required=("id", "thread", "createdAt"), list_key="response"
)
THREADS = Schema(PLATFORM, "forums/listThreads", required=("id",), list_key="response")


def parse_created_at(value: str) -> dt.datetime:
    """Disqus ``createdAt`` is UTC without a zone ("2018-06-20T15:04:05")."""
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def format_since(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")


def post_record(post: dict[str, Any], thread_link: str | None = None) -> CommentRecord:
    text = post.get("raw_message")
    if text is None:
        text = html_to_text(post.get("message") or "")
    author = post.get("author") or {}
    parent = post.get("parent")
    post_id = str(post["id"])
    return CommentRecord(
        platform=PLATFORM,
        external_id=post_id,
        created_at=parse_created_at(post["createdAt"]),
        text=scrub_contact_data(text.strip()),
        thread_key=str(post["thread"]),
        parent_external_id=str(parent) if parent not in (None, "", 0) else None,
        author_identity=author_identity(author),
        author_name=(author.get("name") or None) if isinstance(author, dict) else None,
        like_count=int(post.get("likes") or 0),
        permalink=f"{thread_link}#comment-{post_id}" if thread_link else None,
    )


def thread_record(thread: dict[str, Any], forum: str | None) -> ThreadRecord:
    created = thread.get("createdAt")
    return ThreadRecord(
        platform=PLATFORM,
        external_id=str(thread["id"]),
        link=thread.get("link") or None,
        title=thread.get("clean_title") or thread.get("title") or None,
        forum=thread.get("forum") or forum,
        created_at=parse_created_at(created) if created else None,
    )


class DisqusCollector:
    platform = PLATFORM

    def __init__(
        self,
        *,
        client: DisqusClient,
        forum: str,
        stats: HttpStats,
        policy: RetryPolicy,
        threads: Sequence[str] = (),
        since: dt.datetime | None = None,
        max_pages: int = DEFAULT_MAX_PAGES,
    ) -> None:
        self.client = client
        self.max_pages = max_pages
        self.findings = Findings(PLATFORM)
        self.forum = forum
        self.stats = stats
        self.policy = policy
        self.only_threads = list(threads)
        self.since = since
        self.counts = {"threads": 0, "posts": 0, "skipped_spam": 0, "skipped_deleted": 0}

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        forum: str | None = None,
        threads: Sequence[str] = (),
        since: dt.datetime | None = None,
    ) -> DisqusCollector:
        """The configured (or given) forum, through the real client."""
        forum = forum or settings.disqus_forum
        if not forum:
            raise ConfigError.of("err.config.no_disqus_forum")
        stats = HttpStats(watched_headers=RATE_LIMIT_HEADERS)
        return cls(
            client=DisqusClient.from_settings(settings, stats),
            forum=forum,
            stats=stats,
            threads=threads,
            since=since,
            policy=RetryPolicy(
                max_retries=settings.http_max_retries,
                base_seconds=settings.http_backoff_base_seconds,
                cap_seconds=settings.http_backoff_cap_seconds,
            ),
        )

    def _classify(self, exc: BaseException):
        verdict = classify(exc)
        if isinstance(verdict, Retry) and (verdict.after or 0) > self.policy.cap_seconds:
            # The hourly limit is spent: stop cleanly; the bookmarks resume the next run.
            raise StopCollection.of("err.collect.disqus.rate_limit", wait=int(verdict.after))
        return verdict

    def _get(self, resource: str, **params):
        return call_with_retries(
            lambda: self.client.get(resource, **params),
            classify=self._classify,
            policy=self.policy,
            stats=self.stats,
            what=f"disqus {resource}",
        )

    def _threads(self) -> Iterator[dict[str, Any]]:
        if self.only_threads:
            for thread_id in self.only_threads:
                yield self._get("threads/details", thread=thread_id, forum=self.forum).response
            return
        cursor = None
        pager = Pager(f"disqus {self.forum} threads", self.findings, max_pages=self.max_pages)
        while True:
            envelope = self._get(
                "forums/listThreads", forum=self.forum, order="asc", limit=PAGE_SIZE, cursor=cursor
            )
            items = THREADS.items({"response": envelope.response}, self.findings)
            for thread in pager.fresh(items, _key):
                if THREADS.valid(thread, self.findings):
                    yield thread
            cursor = _next_cursor(envelope.cursor)
            if not pager.follow(cursor):
                return

    def pages(self, state: State) -> Iterator[Page]:
        threads = list(self._threads())
        self.counts["threads"] = len(threads)
        yield Page([thread_record(t, self.forum) for t in threads])
        bookmarks = state.all(self.forum, STREAM)
        for thread in threads:
            yield from self._posts(thread, bookmarks.get(str(thread["id"])) or {})

    def _posts(self, thread: dict[str, Any], bookmark: dict[str, Any]) -> Iterator[Page]:
        thread_id = str(thread["id"])
        since = bookmark.get("since")
        if self.since is not None and (since is None or format_since(self.since) > since):
            since = format_since(self.since)
        cursor = bookmark.get("cursor")
        newest = bookmark.get("newest")
        pager = Pager(
            f"disqus thread {thread_id}", self.findings, max_pages=self.max_pages, start=cursor
        )
        while True:
            envelope = self._get(
                "threads/listPosts",
                thread=thread_id,
                forum=self.forum,
                since=since,
                order="asc",
                limit=PAGE_SIZE,
                cursor=cursor,
            )
            records = []
            items = POSTS.items({"response": envelope.response}, self.findings)
            for post in pager.fresh(items, _key):
                if not POSTS.valid(post, self.findings):
                    continue
                try:
                    created = format_since(parse_created_at(str(post["createdAt"])))
                except ValueError:
                    self.findings.missing(POSTS.endpoint, post["id"], "createdAt", required=True)
                    continue
                newest = max(newest or created, created)
                if post.get("isSpam"):
                    self.counts["skipped_spam"] += 1
                    continue
                if post.get("isDeleted"):
                    self.counts["skipped_deleted"] += 1
                    continue
                records.append(post_record(post, thread.get("link")))
            self.counts["posts"] += len(records)
            cursor = _next_cursor(envelope.cursor)
            has_next = pager.follow(cursor)
            cursor = cursor if has_next else None
            state_now = (
                {"since": since, "cursor": cursor, "newest": newest}
                if has_next
                else {"since": newest or since, "cursor": None, "newest": newest}
            )
            yield Page(records, [Bookmark(PLATFORM, self.forum, STREAM, state_now, thread_id)])
            if not has_next:
                return

    def lock_scope(self) -> list[str]:
        """One run at a time per forum (its threads' bookmarks are this run's to write)."""
        return [self.forum]

    def details(self) -> dict[str, Any]:
        return {**self.counts, **self.findings.details()}


def _key(item: Any) -> str | None:
    return str(item["id"]) if isinstance(item, dict) and item.get("id") else None


def _next_cursor(cursor: dict[str, Any]) -> str | None:
    """Disqus "Cursors": ``cursor.next`` holds while ``cursor.hasNext`` is true."""
    if not isinstance(cursor, dict) or not cursor.get("hasNext") or not cursor.get("next"):
        return None
    return str(cursor["next"])


RATE_LIMIT_HEADERS = ("X-Ratelimit-Remaining", "X-Ratelimit-Reset")
