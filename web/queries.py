"""Read queries behind the pages and the API.

Kept in one module so the analytics engineer's functions can replace the campaign figures
later without touching the routes. Every function takes ``session=`` and never writes.
Metric values are the *latest observation* per post and metric with scope ``total``
(observations are append-only). Reach is never summed silently: the overview shows the
explicitly labelled sum of post reach (``analytics.totals.sum_of_post_reach``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from analytics.totals import sum_of_post_reach
from db.models import (
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
    proposal_submitter,
)

# Additive interaction metrics. X "likes" are also written as "reactions" by collectors
# (pulso.metrics), so "likes" is used only when a post has no "reactions".
INTERACTION_METRICS = ("reactions", "comments", "shares", "reposts", "replies", "quotes")
HEADLINE_METRICS = ("reach", "impressions", "views", *INTERACTION_METRICS, "likes", "clicks")
POST_SORTS = ("published_at", "platform", "kind", "label", "reach", "interactions")


@dataclass(frozen=True)
class PageOf:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def paginate(session: Session, query: Select, *, page: int, per_page: int, scalars=True) -> PageOf:
    page = max(1, page)
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = session.execute(query.limit(per_page).offset((page - 1) * per_page))
    items = list(rows.scalars() if scalars else rows)
    return PageOf(items, page, per_page, total or 0)


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
    """Mondays of the weeks that have at least one post, newest first."""
    # Dialect-neutral: read publication times (a campaign has hundreds, not millions).
    times = session.scalars(select(Post.published_at).where(Post.is_deleted.is_(False)))
    return sorted({week_start(t, zone) for t in times}, reverse=True)


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
    rows = session.execute(select(latest.post_id, latest.metric, latest.value).where(*where))
    values: dict[int, dict[str, float]] = defaultdict(dict)
    for post_id, metric, value in rows:
        values[post_id][metric] = max(value, values[post_id].get(metric, value))
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


def overview(*, session: Session, zone: ZoneInfo, week: dt.date | None = None) -> Overview:
    query = select(Post).where(Post.is_deleted.is_(False))
    comment_query = select(func.count(Comment.id)).where(Comment.is_deleted.is_(False))
    if week is not None:
        start, end = week_bounds(week, zone)
        query = query.where(Post.published_at >= start, Post.published_at < end)
        comment_query = comment_query.where(Comment.created_at >= start, Comment.created_at < end)
    posts = list(session.scalars(query))
    values = latest_values(session=session, post_ids=[p.id for p in posts])
    by_platform: dict[str, int] = defaultdict(int)
    daily: dict[dt.date, float] = defaultdict(float)
    rows = []
    for post in posts:
        by_platform[str(post.platform)] += 1
        post_values = values.get(post.id, {})
        inter = interactions(post_values)
        day = post.published_at.astimezone(zone).date()
        daily[day] += inter or 0.0
        rows.append((post, post_values.get("reach"), inter))
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
    rows.sort(key=lambda r: (r[1] or 0, r[2] or 0), reverse=True)
    return Overview(
        week=week,
        posts=len(posts),
        posts_by_platform=dict(sorted(by_platform.items())),
        boosted_posts=sum(1 for p in posts if p.is_boosted),
        reach_sum=sum_of_post_reach(r[1] for r in rows).value,
        interactions=float(sum(inter_values)) if inter_values else None,
        comments=session.scalar(comment_query) or 0,
        pending_review=session.scalar(
            select(func.count(Comment.id)).where(Comment.review_status == ReviewStatus.PENDING)
        )
        or 0,
        proposals=session.scalar(select(func.count(Proposal.id))) or 0,
        daily=series,
        top_posts=rows[:8],
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


def list_posts(
    *, session: Session, zone: ZoneInfo, filters: PostFilters, page: int = 1, per_page: int = 50
) -> PageOf:
    """Posts with their latest reach and interactions: items are (post, values) pairs."""
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
    sort = filters.sort if filters.sort in POST_SORTS else "published_at"
    if sort == "reach":
        key = func.coalesce(_latest_scalar("reach"), -1)
    elif sort == "interactions":
        key = sum((func.coalesce(_latest_scalar(m), 0) for m in INTERACTION_METRICS), start=0)
    else:
        key = getattr(Post, sort)
    query = query.order_by(key.desc() if filters.descending else key.asc(), Post.id.desc())
    result = paginate(session, query, page=page, per_page=per_page)
    values = latest_values(session=session, post_ids=[p.id for p in result.items])
    items = [(p, values.get(p.id, {})) for p in result.items]
    return PageOf(items, result.page, result.per_page, result.total)


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


def observations_query(
    *, post_id: int | None = None, metric: str | None = None, since: dt.datetime | None = None
) -> Select:
    obs = MetricObservation
    query = select(obs).order_by(obs.observed_at, obs.id)
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


def comments_query(
    *,
    post_id: int | None = None,
    platform: str | None = None,
    review_status: str | None = None,
    since: dt.datetime | None = None,
) -> Select:
    query = (
        select(Comment)
        .where(Comment.is_deleted.is_(False))
        .order_by(Comment.created_at, Comment.id)
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


def review_queue(*, session: Session, page: int = 1, per_page: int = 50) -> PageOf:
    """Pending comments by the latest suggestion's proposal score (unscored last).

    Items are (comment, suggestion or None).
    """
    # The newest suggestion per comment (ties on created_at broken by id), one row each.
    ranked = select(
        Suggestion.id,
        Suggestion.comment_id,
        Suggestion.proposal_score,
        func.row_number()
        .over(
            partition_by=Suggestion.comment_id,
            order_by=(Suggestion.created_at.desc(), Suggestion.id.desc()),
        )
        .label("rank"),
    ).subquery()
    latest = select(ranked).where(ranked.c.rank == 1).subquery()
    score = latest.c.proposal_score
    query = (
        select(Comment, latest.c.id)
        .outerjoin(latest, latest.c.comment_id == Comment.id)
        .where(Comment.review_status == ReviewStatus.PENDING, Comment.is_deleted.is_(False))
        # NULLs last on both dialects without NULLS LAST syntax differences.
        .order_by(score.is_(None), score.desc(), Comment.created_at, Comment.id)
    )
    result = paginate(session, query, page=page, per_page=per_page, scalars=False)
    ids = [row[1] for row in result.items if row[1] is not None]
    suggestions = {
        s.id: s for s in session.scalars(select(Suggestion).where(Suggestion.id.in_(ids)))
    }
    items = [(row[0], suggestions.get(row[1])) for row in result.items]
    return PageOf(items, result.page, result.per_page, result.total)


# --------------------------------------------------------------------------------------
# Proposals, runs, themes
# --------------------------------------------------------------------------------------


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
        .order_by(Proposal.received_at.desc(), Proposal.id.desc())
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


def runs_query(*, platform: str | None = None, status: str | None = None) -> Select:
    query = select(CollectionRun).order_by(CollectionRun.started_at.desc(), CollectionRun.id.desc())
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


def distinct_people(*, session: Session, consultation_id: int) -> int:
    """People who submitted a counted proposal or an item merged into one, each once
    (the per-theme figure of ``analytics.consultation.proposals_by_theme``, without
    counting twice someone who proposed in two themes)."""
    from analytics.consultation import NOT_COUNTED

    merged = aliased(Proposal)
    counted = aliased(Proposal)
    owner = func.coalesce(merged.merged_into_id, merged.id)
    return (
        session.scalar(
            select(func.count(func.distinct(proposal_submitter.c.person_id)))
            .select_from(merged)
            .join(proposal_submitter, proposal_submitter.c.proposal_id == merged.id)
            .join(counted, counted.id == owner)
            .where(counted.consultation_id == consultation_id, counted.status.not_in(NOT_COUNTED))
        )
        or 0
    )


def consultation_figures(*, session: Session, today: dt.date) -> list[ConsultationFigures]:
    from analytics.consultation import answer_summary, proposals_by_theme, reconciliation

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
