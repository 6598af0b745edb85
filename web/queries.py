"""Read queries behind the pages and the API.

Kept in one module so the analytics engineer's functions can replace the campaign figures
later without touching the routes. Every function takes ``session=`` and never writes.
Metric values are the *latest observation* per post and metric with scope ``total``
(observations are append-only). Reach is never summed silently: the overview shows the
explicitly labelled sum of post reach (``analytics.totals.sum_of_post_reach``).
"""

from __future__ import annotations

import datetime as dt
import heapq
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, bindparam, case, func, select
from sqlalchemy.orm import Session

from pulso.analytics.comments import collected_by_channel, on_posts
from pulso.analytics.periods import Period, compare, monday_of, week_bounds
from pulso.analytics.post_sql import combine, interaction_parts
from pulso.analytics.posts import INTERACTION_INPUTS, interactions_of
from pulso.analytics.totals import sum_of_post_reach
from pulso.db.models import (
    Comment,
    Consultation,
    MetricLatest,
    MetricObservation,
    Post,
    Proposal,
    ReviewStatus,
    Scope,
)

# What the posts page and a post's page read of each post: reach, what interactions add
# up on every platform, clicks.
POST_PAGE_METRICS = ("reach", "impressions", "views", *INTERACTION_INPUTS, "clicks")
HEADLINE_METRICS = ("reach", "impressions", "views", "reactions", "comments", "shares")
HEADLINE_METRICS += ("likes", "reposts", "replies", "clicks", "link_clicks")
POST_SORTS = ("published_at", "platform", "kind", "label", "reach", "interactions")


# --------------------------------------------------------------------------------------
# Weeks (``analytics.periods``: Monday to Sunday in the consultation's zone)
# --------------------------------------------------------------------------------------


def available_weeks(*, session: Session, zone: ZoneInfo) -> list[dt.date]:
    """Mondays of the weeks that have at least one post, newest first.

    A skip scan over ``ix_post_published``: the newest post, then the newest before the
    start of its week, and so on: one index probe per week with posts, however many posts
    each week has (reading every publication time took a second at 100,000 posts)."""
    published = Post.published_at
    visible = Post.is_deleted.is_(False)
    newest = (
        select(published)
        .where(visible, published <= bindparam("until", type_=published.type))
        .order_by(published.desc())
        .limit(1)
    )
    weeks: list[dt.date] = []
    until = dt.datetime.max.replace(tzinfo=dt.UTC)
    while (found := session.scalar(newest, {"until": until})) is not None:
        monday = monday_of(found, zone)
        if weeks and monday >= weeks[-1]:
            # Stored times that do not sort as the times they are (text written by another
            # tool): no skipping, read them all.
            times = session.scalars(select(published).where(visible))
            return sorted({monday_of(t, zone) for t in times}, reverse=True)
        weeks.append(monday)
        # Up to the microsecond before the week (also below a time stored without fraction).
        until = week_bounds(monday, zone)[0] - dt.timedelta(microseconds=1)
    return weeks


class FreshCache:
    """Values per process and ``place``, kept while the data's ``version`` (a few newest ids,
    read by index lookups) is unchanged and for at most ``ttl_seconds``: an addition shows at
    once, a change that adds no row (a deletion, a value corrected in place) within the TTL.
    At most ``size`` places; the oldest asked goes first."""

    def __init__(self, ttl_seconds: float = 60.0, clock=time.monotonic, size: int = 64) -> None:
        self.ttl_seconds = ttl_seconds
        self.clock = clock
        self.size = size
        self._lock = threading.Lock()
        self._entries: dict[Any, tuple[tuple, float, Any]] = {}

    def get(self, place, version: tuple, compute):
        now = self.clock()
        with self._lock:
            entry = self._entries.get(place)
        if entry is not None and entry[0] == version and now - entry[1] < self.ttl_seconds:
            return entry[2]
        value = compute()
        with self._lock:
            if len(self._entries) >= self.size and place not in self._entries:
                self._entries.pop(next(iter(self._entries)))
            self._entries[place] = (version, now, value)
        return value


def _newest(session: Session, *columns) -> tuple:
    """The max of each column, as one scalar subquery each: each is then one index lookup
    (one query with several aggregates scans the table on SQLite)."""
    return tuple(
        session.execute(select(*(select(func.max(c)).scalar_subquery() for c in columns))).one()
    )


class WeeksCache(FreshCache):
    """``available_weeks`` per process, recomputed when a post is added (the newest post id
    or publication time changes) and at least every ``ttl_seconds`` (a post deleted or
    re-dated). The week filter is on every posts page; the skip scan costs one query per
    week."""

    def get(self, *, session: Session, zone: ZoneInfo) -> list[dt.date]:  # type: ignore[override]
        version = _newest(session, Post.id, Post.published_at)
        weeks = super().get(str(zone), version, lambda: available_weeks(session=session, zone=zone))
        return list(weeks)


# --------------------------------------------------------------------------------------
# Latest metric values
# --------------------------------------------------------------------------------------


def latest_values(
    *, session: Session, post_ids: list[int], metrics: tuple[str, ...] | None = None
) -> dict[int, dict[str, float]]:
    """{post_id: {metric: latest value}} over total-scope observations."""
    if not post_ids:
        return {}
    latest = MetricLatest
    where = [latest.post_id.in_(post_ids), latest.scope == Scope.TOTAL]
    if metrics:
        where.append(latest.metric.in_(metrics))
    # Plain rows through the session's connection, without the ORM's processing per row
    # (half the time for a page of posts); flushed first, as ``session.execute`` would.
    session.flush()
    rows = (
        session.connection()
        .execute(select(latest.post_id, latest.metric, latest.value).where(*where))
        .all()
    )
    values: dict[int, dict[str, float]] = defaultdict(dict)
    for post_id, metric, value in rows:
        values[post_id][metric] = value
    return dict(values)


def interactions(post: Post, values: dict[str, float]) -> float | None:
    """A post's interactions (``analytics.posts.interactions_of``)."""
    return interactions_of(str(post.platform), values)


# --------------------------------------------------------------------------------------
# Campaign overview
# --------------------------------------------------------------------------------------


@dataclass
class Overview:
    week: dt.date | None
    posts: int
    posts_by_platform: dict[str, int]
    boosted_posts: int
    reach_sum: float | None  # labelled: sum of post reach, an upper bound on people
    interactions: float | None
    comments: int  # comments collected on posts, written in the period
    comments_by_channel: dict[str, int]  # ``analytics.comments.collected_by_channel``
    pending_review: int
    proposals: int
    daily: list[tuple[dt.date, float]]  # interactions of the posts published that day
    top_posts: list[tuple[Post, float | None, float | None]]  # post, reach, interactions
    period: Period | None = None  # the days shown (a week is a period of 7 days)
    # Per figure, against the previous period of equal length (``analytics.periods.compare``).
    comparison: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class PostFigures:
    """What ``overview`` sums over posts: the part worth caching (``OverviewCache``)."""

    posts: int
    posts_by_platform: dict[str, int]
    boosted_posts: int
    reach_sum: float | None
    interactions: float | None
    daily: list[tuple[dt.date, float]]
    top: list[tuple[int, float | None, float | None]]  # post id, reach, interactions


def post_figures(
    *,
    session: Session,
    zone: ZoneInfo,
    week: dt.date | None = None,
    period: Period | None = None,
    platform: str | None = None,
    kind: str | None = None,
    boosted: bool | None = None,
) -> PostFigures:
    """Posts, reach and interactions of one week, any period of days (``period``) or the
    whole campaign, optionally of one platform, kind of post or boosted or not.

    One row per post (its reach and interactions summed by the database from
    ``metric_latest``), not the posts as objects with their values: a campaign of 100,000
    posts took 5 s of CPU that way, 1.2 s this way."""
    latest = MetricLatest
    where = [Post.is_deleted.is_(False)]
    if week is not None and period is None:
        period = Period.of_week(week, str(zone))
    if period is not None:
        where += [Post.published_at >= period.start_utc, Post.published_at < period.end_utc]
    if platform:
        where.append(Post.platform == platform)
    if kind:
        where.append(Post.kind == kind)
    if boosted is not None:
        where.append(Post.is_boosted.is_(boosted))
    per_post = (
        select(
            Post.id,
            Post.platform,
            Post.published_at,
            Post.is_boosted,
            func.max(case((latest.metric == "reach", latest.value))),
            *interaction_parts(latest),
        )
        .outerjoin(
            latest,
            and_(
                latest.post_id == Post.id,
                latest.scope == Scope.TOTAL,
                latest.metric.in_(("reach", *INTERACTION_INPUTS)),
            ),
        )
        .where(*where)
        .group_by(Post.id, Post.platform, Post.published_at, Post.is_boosted)
    )
    session.flush()
    by_platform: dict[str, int] = defaultdict(int)
    daily: dict[dt.date, float] = defaultdict(float)
    rows = []  # (post id, reach, interactions)
    boosted = 0
    for post_id, platform, published_at, is_boosted, reach, *parts in session.execute(per_post):
        by_platform[str(platform)] += 1
        boosted += bool(is_boosted)
        inter = combine(*parts)
        daily[published_at.astimezone(zone).date()] += inter or 0.0
        rows.append((post_id, reach, inter))
    if period is not None and period.days <= DAILY_BARS_UP_TO:
        days = [period.first + dt.timedelta(days=i) for i in range(period.days)]
        series = [(day, daily.get(day, 0.0)) for day in days]
    else:
        weekly: dict[dt.date, float] = defaultdict(float)
        for day, value in daily.items():
            weekly[monday_of(day, zone)] += value
        series = sorted(weekly.items())
    inter_values = [r[2] for r in rows if r[2] is not None]
    return PostFigures(
        posts=len(rows),
        posts_by_platform=dict(sorted(by_platform.items())),
        boosted_posts=boosted,
        reach_sum=sum_of_post_reach(r[1] for r in rows).value,
        interactions=float(sum(inter_values)) if inter_values else None,
        daily=series,
        # Ranked by reach: a post whose reach is not known is not ranked.
        top=heapq.nlargest(
            8, [r for r in rows if r[1] is not None], key=lambda r: (r[1], r[2] or 0)
        ),
    )


# A period of up to this many days is charted one bar per day; a longer one, per week.
DAILY_BARS_UP_TO = 31


class OverviewCache(FreshCache):
    """``post_figures`` per process and (zone, week), recomputed when a post or an
    observation is added and at least every ``ttl_seconds`` (a post deleted, a value
    corrected in place). The overview is the dashboard's first page; at 100,000 posts its
    figures take about a second to sum, and they only change when a collection writes."""

    def get(  # type: ignore[override]
        self,
        *,
        session: Session,
        zone: ZoneInfo,
        week: dt.date | None,
        period: Period | None = None,
        **filters,
    ) -> PostFigures:
        version = _newest(session, Post.id, MetricObservation.id)
        place = (str(zone), week, period, tuple(sorted(filters.items())))
        return super().get(
            place,
            version,
            lambda: post_figures(session=session, zone=zone, week=week, period=period, **filters),
        )


def overview(
    *,
    session: Session,
    zone: ZoneInfo,
    week: dt.date | None = None,
    period: Period | None = None,
    cache: OverviewCache | None = None,
) -> Overview:
    """The dashboard's figures for one week, any period of days or the whole campaign. The
    sums over posts come from ``cache`` when given; the counts of comments, pending comments
    and proposals, which a reviewer's decision changes, are read on every call. A week or a
    period is compared with the previous one of equal length (``Overview.comparison``)."""
    if week is not None and period is None:
        period = Period.of_week(week, str(zone))
    figures = _figures(session, zone, period, cache)
    start, end = (period.start_utc, period.end_utc) if period is not None else (None, None)
    by_channel = collected_by_channel(session=session, start=start, end=end)
    top_ids = [post_id for post_id, _, _ in figures.top]
    posts = {p.id: p for p in session.scalars(select(Post).where(Post.id.in_(top_ids)))}
    comparison = {}
    if period is not None:
        before = period.previous()
        previous = _figures(session, zone, before, cache)
        previous_comments = on_posts(
            collected_by_channel(session=session, start=before.start_utc, end=before.end_utc)
        )
        comparison = {
            "posts": compare(figures.posts, previous.posts),
            "reach_sum": compare(figures.reach_sum, previous.reach_sum),
            "interactions": compare(figures.interactions, previous.interactions),
            "comments": compare(on_posts(by_channel), previous_comments),
        }
    return Overview(
        week=week,
        posts=figures.posts,
        posts_by_platform=figures.posts_by_platform,
        boosted_posts=figures.boosted_posts,
        reach_sum=figures.reach_sum,
        interactions=figures.interactions,
        comments=on_posts(by_channel),
        comments_by_channel=by_channel,
        pending_review=session.scalar(
            select(func.count(Comment.id)).where(Comment.review_status == ReviewStatus.PENDING)
        )
        or 0,
        proposals=session.scalar(select(func.count(Proposal.id))) or 0,
        daily=figures.daily,
        top_posts=[(posts[i], reach, inter) for i, reach, inter in figures.top if i in posts],
        period=period,
        comparison=comparison,
    )


def _figures(
    session: Session,
    zone: ZoneInfo,
    period: Period | None,
    cache: OverviewCache | None,
    **filters,
) -> PostFigures:
    if cache is None:
        return post_figures(session=session, zone=zone, period=period, **filters)
    return cache.get(session=session, zone=zone, week=None, period=period, **filters)


def period_comparison(
    *,
    session: Session,
    zone: ZoneInfo,
    period: Period,
    cache: OverviewCache | None = None,
    **filters,
) -> dict[str, dict]:
    """Posts, the sum of post reach and interactions of the posts published in ``period``
    (of a platform, kind, boosted or not: ``filters``) against the previous period of equal
    length, each an ``analytics.periods.compare`` result."""
    now = _figures(session, zone, period, cache, **filters)
    before = _figures(session, zone, period.previous(), cache, **filters)
    return {
        "posts": compare(now.posts, before.posts),
        "reach_sum": compare(now.reach_sum, before.reach_sum),
        "interactions": compare(now.interactions, before.interactions),
    }


# --------------------------------------------------------------------------------------
# Consultation figures for the overview (``analytics.consultation``)
# --------------------------------------------------------------------------------------


@dataclass
class ConsultationFigures:
    consultation: Consultation
    themes: list  # analytics.consultation.ThemeRow
    reconciliation: object  # analytics.consultation.Reconciliation
    answers: object  # analytics.consultation.AnswerSummary
    people: int  # distinct people behind the counted proposals (merged items included)
    as_of: object  # analytics.consultation.AsOf: the day deadlines are counted at


def consultation_figures(
    *, session: Session, as_of: str | dt.date | None = None
) -> list[ConsultationFigures]:
    """Every consultation's figures; deadlines counted at ``as_of`` (default: the setting,
    ``analytics.consultation.as_of_for``)."""
    from pulso.analytics.consultation import (
        answer_summary,
        as_of_for,
        distinct_people,
        proposals_by_theme,
        reconciliation,
    )

    result = []
    for consultation in session.scalars(select(Consultation).order_by(Consultation.id)):
        cid = consultation.id
        day = as_of_for(consultation, as_of)
        result.append(
            ConsultationFigures(
                consultation=consultation,
                themes=proposals_by_theme(session=session, consultation_id=cid),
                reconciliation=reconciliation(session=session, consultation_id=cid),
                answers=answer_summary(session=session, consultation_id=cid, today=day.day),
                people=distinct_people(session=session, consultation_id=cid),
                as_of=day,
            )
        )
    return result


# --------------------------------------------------------------------------------------
# Sentiment and abuse per week (``analytics.comments.weekly_tone``)
# --------------------------------------------------------------------------------------


def tone_trend(
    *,
    session: Session,
    zone: ZoneInfo,
    period: Period | None = None,
    alert_share: float | None = None,
    min_comments: int = 1,
) -> list[dict]:
    """The comments on posts per week of ``period`` (default: the whole campaign) with their
    sentiment, abusive share and alert, from the stored suggestions and reviews."""
    from pulso.analytics.comments import comment_frame, weekly_tone

    start, end = (period.start_utc, period.end_utc) if period is not None else (None, None)
    frame = comment_frame(
        session=session,
        post_ids=select(Post.id).where(Post.is_deleted.is_(False)),
        start=start,
        end=end,
    )
    return weekly_tone(frame, str(zone), alert_share=alert_share, min_comments=min_comments)
