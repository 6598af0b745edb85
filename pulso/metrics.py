"""Pulso's canonical metric names and their properties.

Platform collectors map their own names onto these. A *unique* metric counts distinct
people (reach): it can never be summed across posts or across days.
"""

from __future__ import annotations

# name -> (is_unique, description)
CANONICAL_METRICS: dict[str, tuple[bool, str]] = {
    "reach": (True, "distinct people who saw the post"),
    "impressions": (False, "times the post was shown"),
    "views": (False, "media views (Meta's replacement for impressions)"),
    "reactions": (False, "all reactions (Facebook) or likes (X)"),
    "reactions_like": (False, "Facebook 'like' reactions"),
    "reactions_love": (False, "Facebook 'love' reactions"),
    "reactions_wow": (False, "Facebook 'wow' reactions"),
    "reactions_haha": (False, "Facebook 'haha' reactions"),
    "reactions_sorry": (False, "Facebook 'sad' reactions"),
    "reactions_anger": (False, "Facebook 'angry' reactions"),
    "comments": (False, "comments or replies"),
    "shares": (False, "shares (Facebook)"),
    "likes": (False, "likes (X)"),
    "reposts": (False, "reposts / retweets (X)"),
    "replies": (False, "replies (X)"),
    "quotes": (False, "quote posts (X)"),
    "bookmarks": (False, "bookmarks (X)"),
    "clicks": (False, "all clicks on the post"),
    "link_clicks": (False, "clicks on the post's link"),
    "other_clicks": (False, "clicks that are not on the link"),
    "profile_clicks": (False, "clicks on the account's profile"),
    "video_plays": (False, "video plays (3-second views on Facebook)"),
    "video_viewers": (True, "distinct people who played the video"),
    "video_watch_seconds": (False, "total seconds of video watched"),
    "video_avg_watch_seconds": (False, "average seconds watched per play"),
    "engagements": (False, "all engagements as counted by the platform"),
    "hashtag_clicks": (False, "clicks on a hashtag in the post (X)"),
    "detail_expands": (False, "times people opened the post's details (X)"),
    "permalink_clicks": (False, "clicks on the post's permalink (X)"),
    "media_views": (False, "views of the post's media (X)"),
    "media_engagements": (False, "clicks on the post's media (X)"),
    "follows": (False, "follows of the account from the post (X)"),
    "spend": (False, "money spent on the promotion, in its currency"),
    "cpm": (False, "cost per 1,000 impressions of a promotion, in its currency"),
}


# Where a platform has no ``key`` of its own, its ``value`` is the same figure: X counts
# replies, not comments, and reposts, not shares.
SAME_FIGURE = {"comments": "replies", "shares": "reposts"}


def figure(values: dict[str, float], metric: str) -> float | None:
    """``values[metric]``, or the platform's own name for that figure (``SAME_FIGURE``)."""
    if metric in values:
        return values[metric]
    return values.get(SAME_FIGURE.get(metric, metric))


def is_unique_metric(metric: str) -> bool:
    """Unique counts are reach-like: known names, or any name ending in ``reach``/``_unique``."""
    known = CANONICAL_METRICS.get(metric)
    if known is not None:
        return known[0]
    return metric.endswith("reach") or metric.endswith("_unique") or metric.endswith("viewers")
