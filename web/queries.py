"""Read queries behind the pages and the API.

Kept in one module so the analytics engineer's functions can replace the campaign figures
later without touching the routes. Every function takes ``session=`` and never writes.
Metric values are the *latest observation* per post and metric with scope ``total``
(observations are append-only). Reach is never summed silently: the overview shows the
explicitly labelled sum of post reach (``analytics.totals.sum_of_post_reach``).
"""

from __future__ import annotations

import base64
import datetime as dt
import heapq
import json
import math
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, bindparam, case, func, literal_column, or_, select
from sqlalchemy.orm import Session, selectinload

from pulso.analytics.totals import sum_of_post_reach
from pulso.db.models import (
    CollectionRun,
    Comment,
    Consultation,
    MetricLatest,
    MetricObservation,
    Post,
    Proposal,
    ReviewStatus,
    Scope,
    Suggestion,
    Theme,
)

# Additive interaction metrics. X "likes" are also written as "reactions" by collectors
# (pulso.metrics), so "likes" is used only when a post has no "reactions".
INTERACTION_METRICS = ("reactions", "comments", "shares", "reposts", "replies", "quotes")
HEADLINE_METRICS = ("reach", "impressions", "views", *INTERACTION_METRICS, "likes", "clicks")
# What the posts page shows of each post: reach, interactions (``interactions``) and comments.
POST_PAGE_METRICS = ("reach", *INTERACTION_METRICS, "likes")
POST_SORTS = ("published_at", "platform", "kind", "label", "reach", "interactions")


# Counting stops here: an exact count of a million comments or ten million observations
# read them all on every page view, and even 10,000 rows cost more than the rest of an API
# answer. Up to the limit ``total`` is exact; beyond it, a page says "more than 1,000" and
# the API answers ``total_exact: false``.
COUNT_LIMIT = 1_000


@dataclass(frozen=True)
class SortKey:
    """One term of a listing's order. ``kind`` is the Python type of its values (how a
    cursor carries them)."""

    expr: Any
    kind: type
    descending: bool = False

    def clause(self):
        return self.expr.desc() if self.descending else self.expr.asc()


@dataclass(frozen=True)
class PageOf:
    items: list[Any]
    page: int
    per_page: int
    total: int
    total_exact: bool = True
    has_next: bool | None = None  # None: derived from an exact total
    next_cursor: str | None = None

    @property
    def pages(self) -> int | None:
        """The number of pages, when the total is exact."""
        return max(1, math.ceil(self.total / self.per_page)) if self.total_exact else None

    @property
    def next_page(self) -> int | None:
        more = self.page < (self.pages or 0) if self.has_next is None else self.has_next
        return self.page + 1 if more else None

    def with_items(self, items: list[Any]) -> PageOf:
        return replace(self, items=items)


class BadCursor(ValueError):
    """A cursor this service did not make (or for another listing)."""


def count_up_to(session: Session, query: Select, limit: int | None = None) -> tuple[int, bool]:
    """(rows of ``query``, exact): counting stops after ``limit`` (``COUNT_LIMIT``) rows."""
    limit = COUNT_LIMIT if limit is None else limit
    # Only a constant per row: the database reads no column it does not filter on.
    narrow = query.order_by(None).with_only_columns(literal_column("1"), maintain_column_froms=True)
    bounded = narrow.limit(limit + 1).subquery()
    counted = session.scalar(select(func.count()).select_from(bounded)) or 0
    return (counted, True) if counted <= limit else (limit, False)


def _cursor_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def encode_cursor(page: int, values: tuple) -> str:
    raw = json.dumps([page, [_cursor_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_value(value: Any, kind: type) -> Any:
    if kind is dt.datetime and isinstance(value, str) and len(value) <= 40:
        parsed = dt.datetime.fromisoformat(value)
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    if kind is int and type(value) is int and abs(value) < 2**63:
        return value
    if kind is float and type(value) in (int, float) and math.isfinite(value):
        return float(value)
    if kind is str and isinstance(value, str) and len(value) <= 1000 and "\x00" not in value:
        return value
    raise BadCursor(f"not a {kind.__name__}")


def decode_cursor(cursor: str, keys: tuple[SortKey, ...]) -> tuple[int, tuple]:
    """(page, key values of the last item before it); ``BadCursor`` when it does not parse."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        page, values = json.loads(raw, parse_constant=lambda name: name)
        if type(page) is not int or not 1 <= page <= 10**9 or len(values) != len(keys):
            raise BadCursor("malformed")
        return page, tuple(_decode_value(v, k.kind) for v, k in zip(values, keys, strict=True))
    except (ValueError, TypeError, OverflowError) as exc:
        raise BadCursor("not a cursor of this listing") from exc


def after(keys: tuple[SortKey, ...], values: tuple):
    """Rows that come after ``values`` in the order of ``keys`` (keyset pagination).

    ``k1 >= v1 AND (k1 > v1 OR (k1 = v1 AND k2 > v2) ...)``: the leading bound lets both
    databases start an index range at the cursor instead of reading the rows before it."""
    first, first_value = keys[0], values[0]
    bound = first.expr <= first_value if first.descending else first.expr >= first_value
    branches = []
    for i, key in enumerate(keys):
        equal = [k.expr == v for k, v in zip(keys[:i], values[:i], strict=True)]
        beyond = key.expr < values[i] if key.descending else key.expr > values[i]
        branches.append(and_(*equal, beyond))
    return and_(bound, or_(*branches))


def _settle_total(
    counted: int, exact: bool, offset: int, shown: int, has_next: bool
) -> tuple[int, bool]:
    """A page's (total, exact) from a capped count and what the page itself saw.

    An exact total is kept (raised if rows arrived since the count). A capped one means
    "more than ``total``": the last page with items counts everything exactly; any other
    page knows at least its own rows."""
    if exact:
        return max(counted, offset + shown + has_next), True
    if shown and not has_next:
        return offset + shown, True
    return max(counted, offset + shown if shown else 0), False


def paginate(
    session: Session,
    query: Select,
    *,
    page: int,
    per_page: int,
    keys: tuple[SortKey, ...] | None = None,
    cursor: str | None = None,
    scalars: bool = True,
) -> PageOf:
    """One page of ``query`` (already ordered by ``keys``, when given).

    Pages are numbered from 1 (OFFSET). With ``keys`` the answer also carries a
    ``next_cursor``; following it (``cursor``) seeks past the previous page's last row
    instead of skipping every earlier row. ``total`` is counted up to ``COUNT_LIMIT``.
    """
    page = max(1, page)
    counted, exact = count_up_to(session, query)
    offset = (page - 1) * per_page
    if keys and cursor:
        page, last = decode_cursor(cursor, keys)
        offset = (page - 1) * per_page
        query = query.where(after(keys, last))
    elif offset:
        query = query.offset(offset)
    if keys:
        query = query.add_columns(*(k.expr for k in keys))
    rows = session.execute(query.limit(per_page + 1)).all()
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    next_cursor = None
    if keys:
        width = len(keys)
        if has_next:
            next_cursor = encode_cursor(page + 1, tuple(rows[-1][-width:]))
        rows = [row[:-width] for row in rows]
    items = [row[0] for row in rows] if scalars else [tuple(row) for row in rows]
    counted, exact = _settle_total(counted, exact, offset, len(items), has_next)
    return PageOf(items, page, per_page, counted, exact, has_next, next_cursor)


# --------------------------------------------------------------------------------------
# Weeks (Monday to Sunday in the consultation's zone)
# --------------------------------------------------------------------------------------


def week_start(value: dt.datetime | dt.date, zone: ZoneInfo) -> dt.date:
    day = value.astimezone(zone).date() if isinstance(value, dt.datetime) else value
    return day - dt.timedelta(days=day.weekday())


def week_bounds(monday: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(monday, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=zone)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


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
        monday = week_start(found, zone)
        if weeks and monday >= weeks[-1]:
            # Stored times that do not sort as the times they are (text written by another
            # tool): no skipping, read them all.
            times = session.scalars(select(published).where(visible))
            return sorted({week_start(t, zone) for t in times}, reverse=True)
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


def interactions(values: dict[str, float]) -> float | None:
    present = [values[m] for m in INTERACTION_METRICS if m in values]
    if "reactions" not in values and "likes" in values:
        present.append(values["likes"])
    return float(sum(present)) if present else None


def _latest_scalar(metric: str):
    latest = MetricLatest
    return (
        select(latest.value)
        .where(latest.post_id == Post.id, latest.metric == metric, latest.scope == Scope.TOTAL)
        .correlate(Post)
        .scalar_subquery()
    )


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
    comments: int
    pending_review: int
    proposals: int
    daily: list[tuple[dt.date, float]]  # interactions of the posts published that day
    top_posts: list[tuple[Post, float | None, float | None]]  # post, reach, interactions


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


def post_figures(*, session: Session, zone: ZoneInfo, week: dt.date | None = None) -> PostFigures:
    """Posts, reach and interactions of one week or the whole campaign.

    One row per post (its reach and interactions summed by the database from
    ``metric_latest``), not the posts as objects with their values: a campaign of 100,000
    posts took 5 s of CPU that way, 1.2 s this way."""
    latest = MetricLatest
    where = [Post.is_deleted.is_(False)]
    if week is not None:
        start, end = week_bounds(week, zone)
        where += [Post.published_at >= start, Post.published_at < end]
    metric = latest.metric
    per_post = (
        select(
            Post.id,
            Post.platform,
            Post.published_at,
            Post.is_boosted,
            func.max(case((metric == "reach", latest.value))),
            func.sum(case((metric.in_(INTERACTION_METRICS), latest.value))),
            func.max(case((metric == "reactions", 1), else_=0)),
            func.max(case((metric == "likes", latest.value))),
        )
        .outerjoin(
            latest,
            and_(
                latest.post_id == Post.id,
                latest.scope == Scope.TOTAL,
                metric.in_(("reach", *INTERACTION_METRICS, "likes")),
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
    for (
        post_id,
        platform,
        published_at,
        is_boosted,
        reach,
        inter,
        has_reactions,
        likes,
    ) in session.execute(per_post):
        by_platform[str(platform)] += 1
        boosted += bool(is_boosted)
        # As ``interactions``: likes count where a platform reports no reactions.
        if not has_reactions and likes is not None:
            inter = (inter or 0.0) + likes
        inter = None if inter is None else float(inter)
        daily[published_at.astimezone(zone).date()] += inter or 0.0
        rows.append((post_id, reach, inter))
    if week is not None:
        series = [
            (week + dt.timedelta(days=i), daily.get(week + dt.timedelta(days=i), 0.0))
            for i in range(7)
        ]
    else:
        weekly: dict[dt.date, float] = defaultdict(float)
        for day, value in daily.items():
            weekly[week_start(day, zone)] += value
        series = sorted(weekly.items())
    inter_values = [r[2] for r in rows if r[2] is not None]
    return PostFigures(
        posts=len(rows),
        posts_by_platform=dict(sorted(by_platform.items())),
        boosted_posts=boosted,
        reach_sum=sum_of_post_reach(r[1] for r in rows).value,
        interactions=float(sum(inter_values)) if inter_values else None,
        daily=series,
        top=heapq.nlargest(8, rows, key=lambda r: (r[1] or 0, r[2] or 0)),
    )


class OverviewCache(FreshCache):
    """``post_figures`` per process and (zone, week), recomputed when a post or an
    observation is added and at least every ``ttl_seconds`` (a post deleted, a value
    corrected in place). The overview is the dashboard's first page; at 100,000 posts its
    figures take about a second to sum, and they only change when a collection writes."""

    def get(self, *, session: Session, zone: ZoneInfo, week: dt.date | None) -> PostFigures:  # type: ignore[override]
        version = _newest(session, Post.id, MetricObservation.id)
        return super().get(
            (str(zone), week), version, lambda: post_figures(session=session, zone=zone, week=week)
        )


def overview(
    *,
    session: Session,
    zone: ZoneInfo,
    week: dt.date | None = None,
    cache: OverviewCache | None = None,
) -> Overview:
    """The dashboard's figures for one week or the whole campaign. The sums over posts come
    from ``cache`` when given; the counts of comments, pending comments and proposals,
    which a reviewer's decision changes, are read on every call."""
    if cache is None:
        figures = post_figures(session=session, zone=zone, week=week)
    else:
        figures = cache.get(session=session, zone=zone, week=week)
    comment_query = select(func.count(Comment.id)).where(Comment.is_deleted.is_(False))
    if week is not None:
        start, end = week_bounds(week, zone)
        comment_query = comment_query.where(Comment.created_at >= start, Comment.created_at < end)
    top_ids = [post_id for post_id, _, _ in figures.top]
    posts = {p.id: p for p in session.scalars(select(Post).where(Post.id.in_(top_ids)))}
    return Overview(
        week=week,
        posts=figures.posts,
        posts_by_platform=figures.posts_by_platform,
        boosted_posts=figures.boosted_posts,
        reach_sum=figures.reach_sum,
        interactions=figures.interactions,
        comments=session.scalar(comment_query) or 0,
        pending_review=session.scalar(
            select(func.count(Comment.id)).where(Comment.review_status == ReviewStatus.PENDING)
        )
        or 0,
        proposals=session.scalar(select(func.count(Proposal.id))) or 0,
        daily=figures.daily,
        top_posts=[(posts[i], reach, inter) for i, reach, inter in figures.top if i in posts],
    )


# --------------------------------------------------------------------------------------
# Posts
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostFilters:
    platform: str | None = None
    week: dt.date | None = None
    kind: str | None = None
    boosted: bool | None = None
    sort: str = "published_at"
    descending: bool = True


def _post_sort_key(sort: str):
    if sort == "reach":
        return func.coalesce(_latest_scalar("reach"), -1), float
    if sort == "interactions":
        # As ``interactions``: likes count where a platform reports no reactions (X).
        likes = case(
            (_latest_scalar("reactions").is_(None), func.coalesce(_latest_scalar("likes"), 0)),
            else_=0,
        )
        return sum(
            (func.coalesce(_latest_scalar(m), 0) for m in INTERACTION_METRICS), start=likes
        ), float
    if sort == "label":
        # Posts without a label sort as an empty one (the same on both databases).
        return func.coalesce(Post.label, ""), str
    return getattr(Post, sort), dt.datetime if sort == "published_at" else str


def post_keys(filters: PostFilters) -> tuple[SortKey, ...]:
    sort = filters.sort if filters.sort in POST_SORTS else "published_at"
    expr, kind = _post_sort_key(sort)
    return SortKey(expr, kind, filters.descending), SortKey(Post.id, int, True)


def list_posts(
    *,
    session: Session,
    zone: ZoneInfo,
    filters: PostFilters,
    page: int = 1,
    per_page: int = 50,
    cursor: str | None = None,
    metrics: tuple[str, ...] | None = None,
) -> PageOf:
    """Posts with their latest values (of ``metrics``, or all): items are (post, values)
    pairs."""
    query = select(Post).where(Post.is_deleted.is_(False))
    if filters.platform:
        query = query.where(Post.platform == filters.platform)
    if filters.kind:
        query = query.where(Post.kind == filters.kind)
    if filters.boosted is not None:
        query = query.where(Post.is_boosted.is_(filters.boosted))
    if filters.week:
        start, end = week_bounds(filters.week, zone)
        query = query.where(Post.published_at >= start, Post.published_at < end)
    keys = post_keys(filters)
    query = query.order_by(*(k.clause() for k in keys))
    result = paginate(session, query, page=page, per_page=per_page, keys=keys, cursor=cursor)
    values = latest_values(session=session, post_ids=[p.id for p in result.items], metrics=metrics)
    return result.with_items([(p, values.get(p.id, {})) for p in result.items])


def get_post(*, session: Session, post_id: int) -> Post | None:
    return session.get(Post, post_id)


def metric_history(*, session: Session, post_id: int) -> dict[str, list[tuple[dt.datetime, float]]]:
    """Every total-scope observation of a post, by metric, oldest first."""
    obs = MetricObservation
    rows = session.execute(
        select(obs.metric, obs.observed_at, obs.value)
        .where(obs.post_id == post_id, obs.scope == Scope.TOTAL)
        .order_by(obs.metric, obs.observed_at)
    )
    history: dict[str, list[tuple[dt.datetime, float]]] = defaultdict(list)
    for metric, at, value in rows:
        history[metric].append((at, value))
    return dict(history)


OBSERVATION_KEYS = (
    SortKey(MetricObservation.observed_at, dt.datetime),
    SortKey(MetricObservation.id, int),
)


def observations_query(
    *, post_id: int | None = None, metric: str | None = None, since: dt.datetime | None = None
) -> Select:
    """Observations oldest first (``OBSERVATION_KEYS``, index ``ix_observation_time``)."""
    obs = MetricObservation
    query = select(obs).order_by(*(k.clause() for k in OBSERVATION_KEYS))
    if post_id is not None:
        query = query.where(obs.post_id == post_id)
    if metric:
        query = query.where(obs.metric == metric)
    if since is not None:
        query = query.where(obs.observed_at >= since)
    return query


# --------------------------------------------------------------------------------------
# Comments and the review queue
# --------------------------------------------------------------------------------------


COMMENT_KEYS = (SortKey(Comment.created_at, dt.datetime), SortKey(Comment.id, int))


def comments_query(
    *,
    post_id: int | None = None,
    platform: str | None = None,
    review_status: str | None = None,
    since: dt.datetime | None = None,
) -> Select:
    """Comments oldest first (``COMMENT_KEYS``, index ``ix_comment_created``)."""
    query = (
        select(Comment)
        .where(Comment.is_deleted.is_(False))
        .order_by(*(k.clause() for k in COMMENT_KEYS))
    )
    if post_id is not None:
        query = query.where(Comment.post_id == post_id)
    if platform:
        query = query.where(Comment.platform == platform)
    if review_status:
        query = query.where(Comment.review_status == review_status)
    if since is not None:
        query = query.where(Comment.created_at >= since)
    return query


REVIEW_ORDER = (Comment.queue_score.desc(), Comment.created_at, Comment.id)


def review_queue(*, session: Session, page: int = 1, per_page: int = 50) -> PageOf:
    """Pending comments by their newest suggestion's proposal score, best first, then oldest
    first; comments without a suggestion come after every scored one, oldest first.

    Items are (comment, suggestion or None), as read-only rows with their tables' columns
    (attribute access, types converted): the page only shows them, and building ORM objects
    for a hundred rows was a sixth of its CPU. A comment's newest suggestion (newest
    ``created_at``, ties broken by id) and its score are kept on the comment by triggers
    (migration 0107), so a page is one range of ``ix_comment_queue``.
    """
    page = max(1, page)
    offset = (page - 1) * per_page
    pending = (Comment.review_status == ReviewStatus.PENDING, Comment.is_deleted.is_(False))
    comments = session.execute(
        select(Comment.__table__)
        .where(*pending)
        .order_by(*REVIEW_ORDER)
        .offset(offset)
        .limit(per_page + 1)
    ).all()
    wanted = [c.latest_suggestion_id for c in comments[:per_page] if c.latest_suggestion_id]
    suggestions = {
        s.id: s
        for s in session.execute(
            select(Suggestion.__table__).where(Suggestion.id.in_(wanted))
        ).all()
    }
    rows: list[tuple[Any, Any | None]] = [
        (c, suggestions.get(c.latest_suggestion_id)) for c in comments
    ]
    counted, exact = count_up_to(session, select(Comment.id).where(*pending))
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    counted, exact = _settle_total(counted, exact, offset, len(rows), has_next)
    return PageOf(rows, page, per_page, counted, exact, has_next)


# --------------------------------------------------------------------------------------
# Proposals, runs, themes
# --------------------------------------------------------------------------------------


PROPOSAL_KEYS = (
    SortKey(Proposal.received_at, dt.datetime, descending=True),
    SortKey(Proposal.id, int, descending=True),
)


def proposals_query(
    *,
    theme_id: int | None = None,
    status: str | None = None,
    channel: str | None = None,
    institution_id: int | None = None,
) -> Select:
    query = (
        select(Proposal)
        .options(selectinload(Proposal.theme), selectinload(Proposal.institution))
        .order_by(*(k.clause() for k in PROPOSAL_KEYS))
    )
    if theme_id is not None:
        query = query.where(Proposal.theme_id == theme_id)
    if status:
        query = query.where(Proposal.status == status)
    if channel:
        query = query.where(Proposal.channel == channel)
    if institution_id is not None:
        query = query.where(Proposal.institution_id == institution_id)
    return query


RUN_KEYS = (
    SortKey(CollectionRun.started_at, dt.datetime, descending=True),
    SortKey(CollectionRun.id, int, descending=True),
)


def runs_query(*, platform: str | None = None, status: str | None = None) -> Select:
    query = select(CollectionRun).order_by(*(k.clause() for k in RUN_KEYS))
    if platform:
        query = query.where(CollectionRun.platform == platform)
    if status:
        query = query.where(CollectionRun.status == status)
    return query


def estimated_cost(run: CollectionRun) -> float | None:
    value = (run.details or {}).get("estimated_cost_usd")
    return float(value) if isinstance(value, int | float) else None


def all_themes(*, session: Session) -> list[Theme]:
    return list(session.scalars(select(Theme).order_by(Theme.consultation_id, Theme.position)))


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


def consultation_figures(*, session: Session, today: dt.date) -> list[ConsultationFigures]:
    from pulso.analytics.consultation import (
        answer_summary,
        distinct_people,
        proposals_by_theme,
        reconciliation,
    )

    result = []
    for consultation in session.scalars(select(Consultation).order_by(Consultation.id)):
        cid = consultation.id
        result.append(
            ConsultationFigures(
                consultation=consultation,
                themes=proposals_by_theme(session=session, consultation_id=cid),
                reconciliation=reconciliation(session=session, consultation_id=cid),
                answers=answer_summary(session=session, consultation_id=cid, today=today),
                people=distinct_people(session=session, consultation_id=cid),
            )
        )
    return result
