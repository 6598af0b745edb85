"""Comments of a Page's posts: ``filter=stream`` (replies with their parent), chronological,
cursor paging, incremental per post, with a re-scan window.

A post's comments are read when the post is new, its comment count changed, or it has
comments in the last ``comment_rescan_days`` (re-read so that edits and hides are seen;
comments seen before in the re-read span but gone now are marked deleted). The first page
of each post comes in a batch of up to 50 posts; further pages follow the cursor, each
committed with the post's bookmark so an interrupted fetch resumes at its cursor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from pulso.collectors.facebook.limits import DELETED_SUBCODE
from pulso.records import CommentRecord, Page

if TYPE_CHECKING:
    from pulso.collectors.facebook.collector import FacebookCollector

PLATFORM = "facebook"
BATCH_MAX = 50
COMMENT_FIELDS = (
    "id,message,created_time,from,like_count,comment_count,parent{id},permalink_url,is_hidden"
)


def parse_time(value: str) -> dt.datetime:
    """Graph writes ``2018-06-29T15:04:05+0000``."""
    return dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z").astimezone(dt.UTC)


class CommentsStream:
    """The comments of a Page's posts: a child stream of the posts, with a bookmark per
    post (``sync_state`` stream ``post``, partition = post id) written with each page."""

    def __init__(self, parent: FacebookCollector) -> None:
        self.parent = parent

    def pages(self, page_id, posts, counts) -> Iterator[Page]:
        return _collect(self.parent, page_id, posts, counts)


def _collect(fb: FacebookCollector, page_id, posts, counts) -> Iterator[Page]:
    rescan_from = fb.run_at - dt.timedelta(days=fb.options.comment_rescan_days)
    due: list[str] = []
    for post_id in sorted(posts):
        cursor = posts[post_id].cursor
        if cursor.get("deleted"):
            continue
        newest = cursor.get("csince")
        in_window = posts[post_id].published >= rescan_from or (
            newest is not None and dt.datetime.fromisoformat(newest) >= rescan_from
        )
        changed = post_id in counts and counts[post_id] != cursor.get("count")
        if cursor.get("after") or in_window or changed or "count" not in cursor:
            due.append(post_id)
    # A fetch interrupted mid-way resumes at its cursor; the others start with a first
    # page, asked for 50 posts at a time in one batch request.
    for post_id in [p for p in due if posts[p].cursor.get("after")]:
        yield from _post_comments(fb, page_id, post_id, posts[post_id].cursor, counts, rescan_from)
    fresh = [p for p in due if not posts[p].cursor.get("after")]
    for start in range(0, len(fresh), BATCH_MAX):
        chunk = fresh[start : start + BATCH_MAX]
        plans = {p: _plan(fb, posts[p].cursor, rescan_from) for p in chunk}
        urls = [f"{p}/comments?{urlencode(plans[p][1])}" for p in chunk]
        for post_id, answer in zip(chunk, fb.batch(urls), strict=True):
            if answer.error is not None:
                if answer.error.subcode == DELETED_SUBCODE:
                    continue  # deleted since the refresh; the next run marks it
                raise answer.error
            yield from _post_comments(
                fb, page_id, post_id, posts[post_id].cursor, counts, rescan_from, answer.body
            )


def _plan(fb: FacebookCollector, cursor: dict, rescan_from: dt.datetime) -> tuple[str | None, dict]:
    """Where a post's comment fetch starts (ISO time or None) and its query."""
    if cursor.get("after"):
        fetch_since = cursor.get("fetch_since")
    else:
        newest = cursor.get("csince")
        start = min(dt.datetime.fromisoformat(newest), rescan_from) if newest else None
        fetch_since = start.isoformat() if start else None
    params: dict[str, Any] = {
        "filter": "stream",
        "order": "chronological",
        "fields": COMMENT_FIELDS,
        "limit": fb.options.comments_per_request,
    }
    if fetch_since:
        params["since"] = int(dt.datetime.fromisoformat(fetch_since).timestamp())
    return fetch_since, params


def _post_comments(
    fb: FacebookCollector, page_id, post_id, cursor, counts, rescan_from, first_body=None
) -> Iterator[Page]:
    resumed = bool(cursor.get("after"))
    fetch_since, params = _plan(fb, cursor, rescan_from)
    recent: dict[str, list] = dict(cursor.get("recent") or {})
    seen: set[str] = set()
    after = cursor.get("after")
    body = first_body
    while True:
        if body is None:
            if after:
                params["after"] = after
            body = fb.get(f"{post_id}/comments", params)
        records = [_comment_record(post_id, c) for c in body.get("data", [])]
        for record in records:
            seen.add(record.external_id)
            created = record.created_at.isoformat()
            recent[record.external_id] = [created, record.parent_external_id]
            cursor["csince"] = max(cursor.get("csince") or created, created)
        paging = body.get("paging") or {}
        after = (paging.get("cursors") or {}).get("after")
        more = bool(paging.get("next")) and bool(records)
        body = None
        if more:
            cursor.update(after=after, fetch_since=fetch_since)
        else:
            if not resumed:
                # Comments seen before in the span just re-read, but gone now.
                records += _deleted_comments(post_id, recent, seen, fetch_since)
            cursor.pop("after", None)
            cursor.pop("fetch_since", None)
            if post_id in counts:
                cursor["count"] = counts[post_id]
            else:
                cursor.setdefault("count", None)
            cursor["recent"] = {
                cid: value
                for cid, value in recent.items()
                if dt.datetime.fromisoformat(value[0]) >= rescan_from
            }
        fb.figures.comments += len(records)
        yield Page(records, [fb.post_bookmark(page_id, post_id, cursor)])
        if not more:
            return


def _deleted_comments(post_id, recent, seen, fetch_since) -> list[CommentRecord]:
    since = dt.datetime.fromisoformat(fetch_since) if fetch_since else None
    gone = []
    for cid, (created, parent) in sorted(recent.items()):
        created_at = dt.datetime.fromisoformat(created)
        if cid not in seen and (since is None or created_at >= since):
            gone.append(
                CommentRecord(
                    PLATFORM,
                    cid,
                    created_at,
                    post_external_id=post_id,
                    parent_external_id=parent,
                    is_deleted=True,
                )
            )
    for record in gone:
        recent.pop(record.external_id, None)
    return gone


def _comment_record(post_id: str, item: dict) -> CommentRecord:
    author = item.get("from") or {}
    return CommentRecord(
        PLATFORM,
        item["id"],
        parse_time(item["created_time"]),
        text=item.get("message") or "",
        post_external_id=post_id,
        parent_external_id=(item.get("parent") or {}).get("id"),
        author_identity=author.get("id"),
        author_name=author.get("name"),
        like_count=int(item.get("like_count") or 0),
        reply_count=int(item.get("comment_count") or 0),
        is_hidden=bool(item.get("is_hidden")),
        permalink=item.get("permalink_url"),
    )
