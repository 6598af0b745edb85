"""Which posts a figure is about: a consultation, a campaign, a period, a platform.

A post belongs to a consultation when its campaign does, or when its account does (accounts
collected for a consultation carry its id). A period is [start, end) in UTC, usually a local
week's bounds (``analytics.periods.Week``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, or_, select

from pulso.db.models import Account, Campaign, Post


def posts_query(
    *,
    consultation_id: int | None = None,
    campaign_id: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    platform: str | None = None,
    include_deleted: bool = False,
) -> Select:
    """A SELECT of ``Post`` rows in the given scope (every argument optional)."""
    query = select(Post)
    if consultation_id is not None:
        query = query.where(
            or_(
                Post.campaign_id.in_(
                    select(Campaign.id).where(Campaign.consultation_id == consultation_id)
                ),
                Post.account_id.in_(
                    select(Account.id).where(Account.consultation_id == consultation_id)
                ),
            )
        )
    if campaign_id is not None:
        query = query.where(Post.campaign_id == campaign_id)
    if start is not None:
        query = query.where(Post.published_at >= start)
    if end is not None:
        query = query.where(Post.published_at < end)
    if platform is not None:
        query = query.where(Post.platform == platform)
    if not include_deleted:
        query = query.where(Post.is_deleted.is_(False))
    return query
