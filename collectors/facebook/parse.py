"""Graph objects into records: a post's kind, ids, numbers and insights read from an answer,
without ever turning a missing value into 0."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pulso.records import PostRecord

PLATFORM = "facebook"

# -- parsing -------------------------------------------------------------------------------


def _item_id(item: Any) -> str | None:
    return str(item["id"]) if isinstance(item, dict) and item.get("id") else None


def _number_at(body: dict, *path: str) -> float | None:
    value: Any = body
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _insight_data(body: dict) -> list:
    insights = body.get("insights")
    data = insights.get("data") if isinstance(insights, dict) else None
    return list(data) if isinstance(data, list) else []


def _kind(item: dict) -> str | None:
    """The post's kind; None when Graph sent neither attachments nor status_type."""
    attachments = (item.get("attachments") or {}).get("data") or []
    media = (attachments[0].get("media_type") if attachments else None) or ""
    permalink = item.get("permalink_url") or ""
    if "/reel/" in permalink:
        return "reel"
    if not attachments and item.get("status_type") is None:
        return None
    if media in ("photo", "album"):
        return "image"
    if media == "video" or item.get("status_type") == "added_video":
        return "video"
    if media in ("link", "share") or item.get("status_type") == "shared_story":
        return "link"
    return "text" if not media else "other"


def _picture(item: Any) -> str | None:
    """The post's ``full_picture`` address; else the first attachment's
    ``media.image.src`` (an answer to ``attachments{media{image{src}}}``); None for a post
    without a picture."""
    if not isinstance(item, dict):
        return None
    picture = item.get("full_picture")
    if isinstance(picture, str) and picture:
        return picture
    attachments = item.get("attachments")
    data = attachments.get("data") if isinstance(attachments, dict) else None
    for attachment in data if isinstance(data, list) else []:
        src = _string_at(attachment, "media", "image", "src")
        if src:
            return src
    return None


def _string_at(body: Any, *path: str) -> str | None:
    value = body
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value if isinstance(value, str) and value else None


def _deleted_post(page_id: str, post_id: str, cursor: dict) -> PostRecord:
    return PostRecord(
        PLATFORM,
        post_id,
        dt.datetime.fromisoformat(cursor["published"]),
        account_external_id=page_id,
        kind=cursor.get("kind", "other"),
        is_deleted=True,
    )
