"""Listings behind the pages and the API: posts (filtered, sorted, paged), a post's metric
history, observations, comments, proposals, runs and themes. Every function takes
``session=`` and never writes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from pulso.analytics.consultation import NOT_COUNTED
from pulso.analytics.periods import Period, week_bounds
from pulso.analytics.post_sql import interactions_sort_key, latest_scalar
from pulso.analytics.posts import INTERACTION_INPUTS, interactions_of, preview, rates_of
from pulso.db.models import (
    CollectionRun,
    Comment,
    MetricLatest,
    MetricObservation,
    Post,
    PostThumbnail,
    Proposal,
    Scope,
    Theme,
)
from pulso.db.paging import PageOf, SortKey, paginate
from pulso.i18n.stored import stored_text
from pulso.web.queries import POST_SORTS, latest_values

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
    # Any range of local days; when given it replaces ``week``.
    period: Period | None = None

    @property
    def figure_filters(self) -> dict:
        """The filters ``queries.post_figures`` takes (what the period comparison sums)."""
        return {"platform": self.platform, "kind": self.kind, "boosted": self.boosted}


def _post_sort_key(sort: str):
    if sort == "reach":
        return func.coalesce(latest_scalar("reach"), -1), float
    if sort == "interactions":
        return interactions_sort_key(), float
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
    if filters.period is not None:
        period = filters.period
        query = query.where(
            Post.published_at >= period.start_utc, Post.published_at < period.end_utc
        )
    elif filters.week:
        start, end = week_bounds(filters.week, zone)
        query = query.where(Post.published_at >= start, Post.published_at < end)
    keys = post_keys(filters)
    query = query.order_by(*(k.clause() for k in keys))
    result = paginate(session, query, page=page, per_page=per_page, keys=keys, cursor=cursor)
    values = latest_values(session=session, post_ids=[p.id for p in result.items], metrics=metrics)
    return result.with_items([(p, values.get(p.id, {})) for p in result.items])


def post_rows(
    *, session: Session, zone: ZoneInfo, filters: PostFilters, page: int, per_page: int
) -> PageOf:
    """``list_posts`` for the posts page and its downloads: items are dicts with the post,
    its latest values, its text preview and thumbnail, interactions and rates (``analytics.posts``:
    ``interactions_of``, ``rates_of``; a boost's link clicks known only in scope paid
    count, as in ``post_table``)."""
    result = list_posts(
        session=session,
        zone=zone,
        filters=filters,
        page=page,
        per_page=per_page,
        metrics=LISTING_METRICS,
    )
    ids = [post.id for post, _ in result.items]
    paid = _paid_link_clicks(session, ids)
    thumbnails = thumbnails_of(session=session, post_ids=ids)
    rows = []
    for post, values in result.items:
        platform = str(post.platform)
        rows.append(
            {
                "post": post,
                "values": values,
                "preview": preview(post.text),
                "thumbnail": thumbnails.get(post.id),
                "interactions": interactions_of(platform, values),
                **rates_of(platform, values, paid.get(post.id)),
            }
        )
    return result.with_items(rows)


# What a listing row reads of each post: reach, shown, interactions' inputs, clicks.
LISTING_METRICS = (
    "reach",
    "impressions",
    "views",
    *INTERACTION_INPUTS,
    "clicks",
    "link_clicks",
)


def _paid_link_clicks(session: Session, post_ids: list[int]) -> dict[int, dict[str, float]]:
    if not post_ids:
        return {}
    latest = MetricLatest
    rows = session.execute(
        select(latest.post_id, latest.value).where(
            latest.post_id.in_(post_ids),
            latest.scope == Scope.PAID,
            latest.metric == "link_clicks",
        )
    )
    return {post_id: {"link_clicks": value} for post_id, value in rows}


@dataclass(frozen=True)
class ThumbnailInfo:
    """What a page needs to show a post's stored thumbnail (never its bytes)."""

    post_id: int
    width: int
    height: int
    fetched_at: dt.datetime

    @property
    def src(self) -> str:
        """The app's own address of the picture; ``v`` changes with the picture, so a
        browser may keep it (``Cache-Control``) without ever showing an old one."""
        return f"/posts/{self.post_id}/thumbnail{self.version}"

    @property
    def version(self) -> str:
        """The query that names this picture (``?v=`` its download time)."""
        return f"?v={int(self.fetched_at.timestamp())}"


def thumbnails_of(*, session: Session, post_ids) -> dict[int, ThumbnailInfo]:
    """The stored thumbnails of these posts (posts without one are absent)."""
    ids = sorted({i for i in post_ids if i is not None})
    if not ids:
        return {}
    t = PostThumbnail
    rows = session.execute(
        select(t.post_id, t.width, t.height, t.fetched_at).where(t.post_id.in_(ids))
    )
    return {row.post_id: ThumbnailInfo(*row) for row in rows}


def get_thumbnail(*, session: Session, post_id: int) -> PostThumbnail | None:
    return session.get(PostThumbnail, post_id)


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
    counted_only: bool = False,
) -> Select:
    """Proposals, filtered; ``counted_only``: only those counted
    (``analytics.consultation``: not "not a proposal", not merged)."""
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
    if counted_only and not status:
        query = query.where(Proposal.status.not_in(NOT_COUNTED))
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


def run_warnings(run: CollectionRun, lang: str = "en") -> list[str]:
    """The run's warnings (``details["warnings"]``): what was asked for and not delivered,
    in ``lang`` (a run recorded before warnings were stored as keys shows its own text)."""
    value = (run.details or {}).get("warnings")
    return [stored_text(entry, lang) for entry in value] if isinstance(value, list) else []


def run_message(run: CollectionRun, lang: str = "en") -> str:
    """Why the run stopped or failed, in ``lang`` when it was recorded with a catalogue key
    (``details["reason"]``), else as recorded."""
    if not run.message:
        return ""
    return stored_text((run.details or {}).get("reason") or run.message, lang)


def run_stored(run: CollectionRun) -> dict[str, dict[str, int]]:
    """Rows the run stored per table, {"posts": {"new": n, "updated": m}}; {} if unknown."""
    value = (run.details or {}).get("stored")
    return value if isinstance(value, dict) else {}


def all_themes(*, session: Session) -> list[Theme]:
    return list(session.scalars(select(Theme).order_by(Theme.consultation_id, Theme.position)))
