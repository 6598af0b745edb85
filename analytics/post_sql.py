"""The per-post figures of ``analytics.posts`` as SQL expressions, for the pages that sort or
sum over many posts in the database (the posts list sorted by interactions, the overview's
totals at 100,000 posts). Same definitions as ``analytics.posts.derive`` and
``interactions_of``; ``tests/test_figures_everywhere.py`` checks they agree."""

from __future__ import annotations

from sqlalchemy import and_, case, func, or_, select

from pulso.analytics.posts import FACEBOOK_INTERACTIONS, REACTION_TYPES, X_INTERACTIONS
from pulso.db.models import MetricLatest, Post, Scope

REACTION_TYPE_METRICS = tuple(f"reactions_{kind}" for kind in REACTION_TYPES)


def latest_scalar(metric: str):
    """A post's latest total-scope value of ``metric`` (correlated to ``Post``)."""
    latest = MetricLatest
    return (
        select(latest.value)
        .where(latest.post_id == Post.id, latest.metric == metric, latest.scope == Scope.TOTAL)
        .correlate(Post)
        .scalar_subquery()
    )


def interactions_sort_key():
    """A post's interactions as a correlated expression, 0 where nothing was observed (a
    sort key: ``None`` and 0 sort together)."""

    def total(metrics):
        return sum((func.coalesce(latest_scalar(m), 0) for m in metrics), start=0)

    reactions = func.coalesce(latest_scalar("reactions"), total(REACTION_TYPE_METRICS))
    facebook = reactions + total(m for m in FACEBOOK_INTERACTIONS if m != "reactions")
    return case((Post.platform == "x", total(X_INTERACTIONS)), else_=facebook)


def interaction_parts(latest=MetricLatest):
    """Aggregates over a post's ``metric_latest`` rows (grouped by post, joined to ``Post``):
    (sum of the platform's components except Facebook reactions, Facebook reactions or
    ``None``, sum of Facebook reactions by type or ``None``). ``combine`` makes the
    interactions of them."""
    metric, value = latest.metric, latest.value
    is_x = Post.platform == "x"
    counted = or_(
        and_(is_x, metric.in_(X_INTERACTIONS)),
        and_(~is_x, metric.in_([m for m in FACEBOOK_INTERACTIONS if m != "reactions"])),
    )
    return (
        func.sum(case((counted, value))),
        func.max(case((and_(~is_x, metric == "reactions"), value))),
        func.sum(case((and_(~is_x, metric.in_(REACTION_TYPE_METRICS)), value))),
    )


def combine(rest: float | None, reactions: float | None, by_type: float | None) -> float | None:
    """A post's interactions from ``interaction_parts`` (``None`` when no part was seen)."""
    if reactions is None:
        reactions = by_type
    parts = [v for v in (rest, reactions) if v is not None]
    return float(sum(parts)) if parts else None
