"""Replies to an account's posts: a child stream of the posts, with a bookmark per post
(``sync_state`` stream ``replies``, partition = post id). A conversation is searched when
its post has more replies than were seen (``search_recent_tweets`` reaches the last 7 days;
``search_all_tweets``, with ``PULSO_X_FULL_ARCHIVE_SEARCH``, the whole archive)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pulso.collectors.base import Schema, State
from pulso.i18n import Message
from pulso.records import Bookmark, CommentRecord, Page

if TYPE_CHECKING:
    from pulso.collectors.x.collector import XCollector

PLATFORM = "x"
RECENT_SEARCH_DAYS = 7
SEARCH = Schema(PLATFORM, "/2/tweets/search", required=("id", "created_at"))


def parse_time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(dt.UTC)


def _reply_id(tweet) -> str | None:
    return str(tweet["id"]) if isinstance(tweet, dict) and tweet.get("id") else None


class RepliesStream:
    """The replies of one account's posts, conversation by conversation."""

    def __init__(self, parent: XCollector) -> None:
        self.parent = parent

    def pages(self, state: State, user: dict) -> Iterator[Page]:
        user_id, handle = str(user["id"]), user["username"]
        posts = state.all(user_id, "posts")
        conversations = state.all(user_id, "replies")
        now = self.parent.now()
        todo = []
        old_unreached = 0
        for pid, cur in posts.items():
            if not cur or cur.get("deleted"):
                continue
            if (
                self.parent.config.since
                and cur["published"][:10] < self.parent.config.since.isoformat()
            ):
                continue
            conv = conversations.get(pid) or {}
            # A reply count that was not available (no public_metrics) is searched anyway.
            unknown = "replies" in cur and cur["replies"] is None
            if (
                conv.get("next_token")
                or unknown
                or int(cur.get("replies") or 0) > int(conv.get("seen", 0))
            ):
                todo.append((pid, cur, conv))
                age = now - dt.datetime.fromisoformat(cur["published"])
                if not conv and not self.parent.config.full_archive_search and age.days >= 7:
                    old_unreached += 1
        if old_unreached:
            self.parent.warn(
                "collect.warn.x.old_replies",
                count=old_unreached,
                handle=handle,
                days=RECENT_SEARCH_DAYS,
            )
        todo.sort(key=lambda item: item[1]["published"], reverse=True)
        for done, (pid, cur, conv) in enumerate(todo):
            left_text = Message.of(
                "err.collect.x.left_replies", count=len(todo) - done, handle=handle
            )
            yield from self._conversation(user_id, pid, cur, conv, left_text)

    def _conversation(self, user_id, post_id, post_cursor, conv, left_text) -> Iterator[Page]:
        since_id = conv.get("since_id")
        token = conv.get("next_token")
        newest = conv.get("newest_id")
        target = max(int(post_cursor.get("replies") or 0), int(conv.get("seen", 0)))
        pager = self.parent.pager(f"replies to {post_id}", token)
        while True:
            left = self.parent.allowance(10, left_text)
            page = self.parent.client.search_conversation(
                post_id,
                full_archive=self.parent.config.full_archive_search,
                max_results=min(100, left),
                since_id=since_id,
                next_token=token,
            )
            page.posts = pager.fresh(page.posts, _reply_id)
            self.parent.charge(page.posts)
            newest = newest or page.meta.get("newest_id")
            token = page.meta.get("next_token")
            if not pager.follow(token):
                token = None
            records = [
                record
                for record in (self._comment(t, post_id, page.users) for t in page.posts)
                if record is not None
            ]
            self.parent.counts.replies += len(records)
            if token is None:
                cursor = {"since_id": newest or since_id, "seen": target}
            else:
                cursor = {"since_id": since_id, "next_token": token, "newest_id": newest}
                cursor["seen"] = conv.get("seen", 0)
            bookmark = Bookmark(PLATFORM, user_id, "replies", cursor, partition=post_id)
            yield Page(records, [bookmark, self.parent.budget_bookmark()])
            if token is None:
                return

    def _comment(self, tweet: dict, post_id: str, users: dict) -> CommentRecord | None:
        if not SEARCH.valid(tweet, self.parent.findings):
            return None
        created = self.parent.parse_time(SEARCH, str(tweet["id"]), tweet["created_at"])
        if created is None:
            return None
        parent = next(
            (
                r["id"]
                for r in tweet.get("referenced_tweets") or []
                if r.get("type") == "replied_to"
            ),
            None,
        )
        author = users.get(str(tweet.get("author_id")), {})
        metrics = tweet.get("public_metrics") or {}
        return CommentRecord(
            platform=PLATFORM,
            external_id=str(tweet["id"]),
            created_at=created,
            text=tweet.get("text", ""),
            post_external_id=post_id,
            # A reply to the post itself has no parent comment.
            parent_external_id=str(parent) if parent and str(parent) != post_id else None,
            author_identity=str(tweet["author_id"]) if tweet.get("author_id") else None,
            author_name=author.get("name"),
            like_count=int(metrics.get("like_count", 0)),
            reply_count=int(metrics.get("reply_count", 0)),
            # No handle in the link: a commenter's handle is an identifier we do not keep.
            permalink=f"https://x.com/i/web/status/{tweet['id']}",
        )
