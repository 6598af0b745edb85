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
from urllib.parse import parse_qs, urlencode, urlsplit

from pulso.collectors.base import Schema
from pulso.collectors.facebook.limits import DELETED_SUBCODE
from pulso.collectors.facebook.paging import next_page_of, page_token, where_in
from pulso.records import CommentRecord, Page

if TYPE_CHECKING:
    from pulso.collectors.facebook.collector import FacebookCollector

PLATFORM = "facebook"
BATCH_MAX = 50
COMMENT_FIELDS = (
    "id,message,created_time,from,like_count,comment_count,parent{id},permalink_url,is_hidden"
)
COMMENTS = Schema(PLATFORM, "/{post-id}/comments", required=("id", "created_time"))


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
        if _resuming(cursor) or in_window or changed or "count" not in cursor:
            due.append(post_id)
    # A fetch interrupted mid-way resumes at its cursor; the others start with a first
    # page, asked for 50 posts at a time in one batch request.
    for post_id in [p for p in due if _resuming(posts[p].cursor)]:
        yield from _post_comments(fb, page_id, post_id, posts[post_id].cursor, counts, rescan_from)
    fresh = [p for p in due if not _resuming(posts[p].cursor)]
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
    if _resuming(cursor):
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


def _resuming(cursor: dict) -> bool:
    return bool(cursor.get("after") or cursor.get("next"))


def _post_comments(
    fb: FacebookCollector, page_id, post_id, cursor, counts, rescan_from, first_body=None
) -> Iterator[Page]:
    resumed = _resuming(cursor)
    fetch_since, params = _plan(fb, cursor, rescan_from)
    recent: dict[str, list] = dict(cursor.get("recent") or {})
    seen: set[str] = set()
    where = where_in(cursor)
    pager = fb.pager(f"/{post_id}/comments", where)
    body = first_body
    while True:
        if body is None:
            body = fb.get_page(f"{post_id}/comments", params, where)
        records = []
        for item in pager.fresh(COMMENTS.items(body, fb.findings), _item_key):
            record = _comment_record(fb, post_id, item)
            if record is not None:
                records.append(record)
        for record in records:
            seen.add(record.external_id)
            created = record.created_at.isoformat()
            recent[record.external_id] = [created, record.parent_external_id]
            cursor["csince"] = max(cursor.get("csince") or created, created)
        where = next_page_of(body)
        more = pager.follow(page_token(where))
        body = None
        cursor.pop("after", None)
        cursor.pop("next", None)
        if more:
            cursor.update(where, fetch_since=fetch_since)
        else:
            if not resumed and pager.stopped is None:
                # Comments seen before in the span just re-read, but gone now.
                records += _deleted_comments(post_id, recent, seen, fetch_since)
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


def _item_key(item: Any) -> str | None:
    return str(item["id"]) if isinstance(item, dict) and item.get("id") else None


def parent_from_permalink(permalink: str | None, comment_id: str) -> str | None:
    """The parent a reply's permalink names: Graph writes a reply's ``permalink_url`` as
    ``...?comment_id=<parent>&reply_comment_id=<reply>`` (the id after the ``_`` of each)."""
    if not permalink:
        return None
    query = parse_qs(urlsplit(permalink).query)
    parent = (query.get("comment_id") or [None])[0]
    reply = (query.get("reply_comment_id") or [None])[0]
    if not parent or not reply:
        return None
    own = comment_id.rsplit("_", 1)[-1]
    if reply not in (comment_id, own):
        return None
    # Comment ids are "<post or object id>_<comment id>"; the permalink has only the last.
    prefix = comment_id.rsplit("_", 1)[0] if "_" in comment_id else ""
    return parent if "_" in parent or not prefix else f"{prefix}_{parent}"


def _comment_record(fb: FacebookCollector, post_id: str, item: Any) -> CommentRecord | None:
    """The comment, or None (reported) when Graph left out what identifies it."""
    if not COMMENTS.valid(item, fb.findings):
        return None
    try:
        created = parse_time(item["created_time"])
    except (TypeError, ValueError):
        fb.findings.missing(COMMENTS.endpoint, item["id"], "created_time", required=True)
        return None
    author = item.get("from") or {}
    comment_id = str(item["id"])
    parent = (item.get("parent") or {}).get("id")
    if parent is None:
        parent = parent_from_permalink(item.get("permalink_url"), comment_id)
        if parent is not None:
            fb.figures.parents_from_permalink += 1
    return CommentRecord(
        PLATFORM,
        comment_id,
        created,
        text=item.get("message") or "",
        post_external_id=post_id,
        parent_external_id=parent,
        author_identity=author.get("id"),
        author_name=author.get("name"),
        like_count=int(item.get("like_count") or 0),
        reply_count=int(item.get("comment_count") or 0),
        is_hidden=bool(item.get("is_hidden")),
        permalink=item.get("permalink_url"),
    )
