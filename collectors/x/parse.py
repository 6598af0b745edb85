"""X API objects into records: ids, times, a post's kind and its metrics as observations."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from pulso.records import (
    ObservationRecord,
)

PLATFORM = "x"

SOURCE = "x:v2"

PUBLIC_METRICS = {
    "like_count": "likes",
    "retweet_count": "reposts",
    "reply_count": "replies",
    "quote_count": "quotes",
    "bookmark_count": "bookmarks",
    "impression_count": "impressions",
}

PRIVATE_METRICS = {
    "impression_count": "impressions",
    "url_link_clicks": "link_clicks",
    "user_profile_clicks": "profile_clicks",
    "like_count": "likes",
    "retweet_count": "reposts",
    "reply_count": "replies",
    "quote_count": "quotes",
}

# (API object, Pulso scope); later entries win for the same metric and scope.
METRIC_GROUPS = (
    ("public_metrics", "total"),
    ("non_public_metrics", "total"),
    ("organic_metrics", "organic"),
    ("promoted_metrics", "paid"),
)


def _created(tweet: Any) -> str | None:
    value = tweet.get("created_at") if isinstance(tweet, dict) else None
    return str(value) if value else None


def _post_id(tweet: Any) -> str | None:
    return str(tweet["id"]) if isinstance(tweet, dict) and tweet.get("id") else None


def _kind(tweet: dict, media: dict) -> str:
    keys = (tweet.get("attachments") or {}).get("media_keys") or []
    types = {media.get(k, {}).get("type") for k in keys}
    if types & {"video", "animated_gif"}:
        return "video"
    if "photo" in types:
        return "image"
    urls = (tweet.get("entities") or {}).get("urls") or []
    if any(not str(u.get("expanded_url", "")).startswith("https://x.com/") for u in urls):
        return "link"
    return "text"


def _picture(tweet: dict, media: dict) -> str | None:
    """The address of the post's first picture: a photo's ``url``, a video's or GIF's
    ``preview_image_url`` (``includes.media``, matched by ``attachments.media_keys``)."""
    for key in (tweet.get("attachments") or {}).get("media_keys") or []:
        item = media.get(key) if isinstance(key, str) else None
        if not isinstance(item, dict):
            continue
        name = "url" if item.get("type") == "photo" else "preview_image_url"
        value = item.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def _observations(tweet: dict, observed_at: dt.datetime) -> list[ObservationRecord]:
    values: dict[tuple[str, str], float] = {}
    for group, scope in METRIC_GROUPS:
        mapping = PUBLIC_METRICS if group == "public_metrics" else PRIVATE_METRICS
        for name, value in (tweet.get(group) or {}).items():
            metric = mapping.get(name)
            if metric is not None and value is not None:
                values[(metric, scope)] = float(value)
    return [
        ObservationRecord(PLATFORM, str(tweet["id"]), metric, value, observed_at, SOURCE, scope)
        for (metric, scope), value in values.items()
    ]


def minimum_lookup_calls(posts: int) -> int:
    """The fewest ``get_tweets`` calls that can refresh ``posts`` posts (100 ids a call)."""
    return math.ceil(posts / 100)
