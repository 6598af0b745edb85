"""Per-post figures: the latest value of each metric, the value at a time, and derived rates.

Observations are append-only (``metric_observation``); a post's *value at time t* of a metric
in a scope is the value of its latest observation at or before t, and its *latest value* is
the value at "now". The latest values are read from ``metric_latest``, which the writer keeps
in step with the observations (one row per post and metric, whatever the history's length);
a value at an earlier time is one SQL query (max ``observed_at`` per post/metric/scope
before t, joined back).

Definitions (per post, scope ``total`` unless said otherwise):
- ``reach``: distinct people reached, as the platform gives it; never summed across posts;
- ``impressions`` / ``views``: times shown (Meta replaced impressions with media views, so
  ``shown`` is impressions when present, else views);
- ``reactions``: Facebook reactions (the platform's total, else the sum of reactions by type);
- ``comments`` / ``shares``: the platform's counts on the post: Facebook's comments and
  shares, X's replies and reposts (one name per figure, ``pulso.metrics.SAME_FIGURE``);
- ``interactions``: Facebook: reactions + comments + shares; X: likes + reposts + replies +
  quotes + bookmarks. A missing component counts as zero once any component was observed; a
  post with no observation at all has no interactions (``None``: no insights yet, not zero);
- ``engagement_rate`` = interactions / reach;
- ``clicks`` / ``link_clicks``: total scope, else the paid scope's figure (a boost's clicks
  may be known only from the Marketing API);
- ``ctr`` (click-through rate) = link clicks / shown;
- ``video_plays`` (a 0 on a post that is not a video or reel is missing: Graph answers 0
  for a photo, which means "no such figure", not "nobody played it");
  ``view_rate`` = video plays / shown;
- ``paid_reach``: reach in scope ``paid`` (people reached by the promotion);
- ``paid_share`` = paid reach / reach.
Ratios are ``None`` when the denominator is missing or zero.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sqlalchemy import Select, String, and_, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from pulso.db.models import MetricLatest, MetricObservation, Post, Scope
from pulso.metrics import SAME_FIGURE

FACEBOOK_INTERACTIONS = ("reactions", "comments", "shares")
X_INTERACTIONS = ("likes", "reposts", "replies", "quotes", "bookmarks")
REACTION_TYPES = ("like", "love", "wow", "haha", "sorry", "anger")
# Metrics a post table carries (scope total), in display order.
POST_METRICS = (
    "reach",
    "impressions",
    "views",
    "reactions",
    *(f"reactions_{kind}" for kind in REACTION_TYPES),
    "comments",
    "shares",
    *X_INTERACTIONS,
    "clicks",
    "link_clicks",
    "video_plays",
    "video_viewers",
)
PAID_METRICS = ("reach", "impressions", "views", "clicks", "link_clicks")
# The metrics each platform's interactions add up (``interactions_of``, ``derive``).
INTERACTION_COMPONENTS = {"facebook": FACEBOOK_INTERACTIONS, "x": X_INTERACTIONS}
# Every metric any platform's interactions read (SQL filters, latest-value lookups).
INTERACTION_INPUTS = (
    *FACEBOOK_INTERACTIONS,
    *(f"reactions_{kind}" for kind in REACTION_TYPES),
    *X_INTERACTIONS,
)
POST_COLUMNS = (
    "post_id",
    "platform",
    "external_id",
    "label",
    "kind",
    "permalink",
    "published_at",
    "is_boosted",
    "campaign_id",
    "theme_id",
)


def latest_observations(
    *,
    session: Session,
    post_ids: Select | Iterable[int],
    at: dt.datetime | None = None,
    metrics: Iterable[str] | None = None,
) -> pd.DataFrame:
    """The value of each (post, metric, scope) at ``at`` (default: the latest).

    ``post_ids`` is a SELECT of post ids (preferred for large sets) or a list of ids.
    Returns columns post_id, metric, scope, value.
    """
    ids = post_ids if isinstance(post_ids, Select) else list(post_ids)
    columns = ["post_id", "metric", "scope", "value"]
    if at is None:
        # The writer maintains the newest value of every series: one row per post and
        # metric, however long the history.
        # Core columns on the connection, scope read as its stored text: no ORM row
        # objects, no enum conversion per row (they cost more than the query itself).
        m = MetricLatest.__table__.c
        query = select(m.post_id, m.metric, type_coerce(m.scope, String), m.value).where(
            m.post_id.in_(ids)
        )
        if metrics is not None:
            query = query.where(m.metric.in_(list(metrics)))
        return _frame(session.connection().execute(query).all(), columns)
    o = MetricObservation
    conditions = [o.post_id.in_(ids), o.observed_at <= at]
    if metrics is not None:
        conditions.append(o.metric.in_(list(metrics)))
    newest = (
        select(o.post_id, o.metric, o.scope, func.max(o.observed_at).label("at"))
        .where(*conditions)
        .group_by(o.post_id, o.metric, o.scope)
        .subquery()
    )
    row = aliased(MetricObservation)
    # observed_at is only a join key: not selecting it spares a datetime per row.
    query = select(row.post_id, row.metric, row.scope, row.value).join(
        newest,
        and_(
            row.post_id == newest.c.post_id,
            row.metric == newest.c.metric,
            row.scope == newest.c.scope,
            row.observed_at == newest.c.at,
        ),
    )
    frame = _frame(session.execute(query).all(), columns)
    # Two sources may report the same instant; keep one value (the larger, deterministically).
    return (
        frame.sort_values("value")
        .drop_duplicates(["post_id", "metric", "scope"], keep="last")
        .reset_index(drop=True)
    )


def components(platform: str) -> tuple[str, ...]:
    """The metrics a post's interactions add up on ``platform`` (Facebook's for any platform
    that is not X: a website post has reactions, comments and shares if anything)."""
    return INTERACTION_COMPONENTS["x" if str(platform) == "x" else "facebook"]


def interactions_of(platform: str, values: dict[str, float]) -> float | None:
    """A post's interactions from its latest values ``{metric: value}``: the same definition
    as ``derive`` (the module docstring), for one post read outside a frame (a post's page,
    a listing row, the API)."""
    values = dict(values)
    if "reactions" not in values:
        by_type = [values[f"reactions_{k}"] for k in REACTION_TYPES if f"reactions_{k}" in values]
        if by_type:
            values["reactions"] = float(sum(by_type))
    present = [values[m] for m in components(platform) if values.get(m) is not None]
    return float(sum(present)) if present else None


# The derived rates a listing shows next to a post, with the glossary term that labels each
# (``pulso.i18n.glossary``) and what it is a share of: one definition, the module docstring's.
RATES = {
    "engagement_rate": {"label": "g.engagement_rate", "of": "interactions / reach"},
    "ctr": {"label": "g.ctr", "of": "link_clicks / shown"},
}


def _share(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, ``None`` when either is missing or the denominator is zero
    (the scalar form of ``ratio``)."""
    if numerator is None or denominator is None or denominator != denominator:
        return None
    if numerator != numerator or denominator == 0:
        return None
    return float(numerator) / float(denominator)


def rates_of(
    platform: str,
    values: dict[str, float],
    paid: dict[str, float] | None = None,
) -> dict[str, float | None]:
    """A post's rates from its latest values ``{metric: value}`` (scope total) and, when
    known, its paid-scope values: ``engagement_rate`` = interactions / reach and ``ctr`` =
    link clicks / shown, as ``derive`` computes them for a frame (link clicks known only in
    scope paid count; shown is impressions, else views)."""
    paid = paid or {}
    link_clicks = values.get("link_clicks")
    if link_clicks is None:
        link_clicks = paid.get("link_clicks")
    shown = values.get("impressions")
    if shown is None:
        shown = values.get("views")
    return {
        "engagement_rate": _share(interactions_of(platform, values), values.get("reach")),
        "ctr": _share(link_clicks, shown),
    }


def preview(text: str | None, limit: int = 90) -> str | None:
    """The first words of a post's text on one line (at most ``limit`` characters, cut at a
    word and marked with an ellipsis): what a listing shows so a post is recognised by what
    it says, not by its label."""
    if not text:
        return None
    # Pictographs (emoji, outside the Basic Multilingual Plane) and their variation
    # selectors say little in a line of text and have no glyph in the reports' PDF font.
    kept = "".join(c for c in str(text) if ord(c) <= 0xFFFF and c not in "\ufe0e\ufe0f")
    line = " ".join(kept.split())
    if not line:
        return None
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:") + "…"


def _frame(records: list, columns: list[str]) -> pd.DataFrame:
    # Column-wise construction: pandas inspects every Row object otherwise (3-4x slower
    # for the hundreds of thousands of rows of a large campaign).
    data = dict(zip(columns, zip(*records, strict=True), strict=True)) if records else []
    frame = pd.DataFrame(data, columns=columns)
    frame["scope"] = frame["scope"].astype(str)
    return frame


def metric_series(
    *, session: Session, post_id: int, metric: str, scope: str = "total"
) -> pd.DataFrame:
    """A post's observations of one metric over time: columns observed_at, value, source."""
    o = MetricObservation
    rows = session.execute(
        select(o.observed_at, o.value, o.source)
        .where(o.post_id == post_id, o.metric == metric, o.scope == scope)
        .order_by(o.observed_at)
    ).all()
    return pd.DataFrame(rows, columns=["observed_at", "value", "source"])


def post_table(*, session: Session, posts: Select, at: dt.datetime | None = None) -> pd.DataFrame:
    """One row per post selected by ``posts`` (a SELECT of ``Post`` rows), with its figures.

    Columns: ``POST_COLUMNS``, every metric of ``POST_METRICS`` (NaN when never observed),
    ``paid_<metric>`` for ``PAID_METRICS``, ``has_insights`` and the derived figures of the
    module's definitions.
    """
    subquery = posts.subquery()
    if at is None:
        return _latest_post_table(session, subquery)
    p = aliased(Post, subquery)
    rows = session.execute(
        select(
            p.id,
            p.platform,
            p.external_id,
            p.label,
            p.kind,
            p.permalink,
            p.published_at,
            p.is_boosted,
            p.campaign_id,
            p.theme_id,
        ).order_by(p.published_at, p.id)
    ).all()
    frame = pd.DataFrame(rows, columns=list(POST_COLUMNS))
    frame["platform"] = frame["platform"].astype(str)
    frame["kind"] = frame["kind"].astype(str)
    observations = latest_observations(session=session, post_ids=select(subquery.c.id), at=at)
    return shape_post_table(frame, observations)


def _latest_post_table(session: Session, posts) -> pd.DataFrame:
    """``post_table`` at "now", read from ``metric_latest`` (one row per post and metric,
    whatever the history's length).

    One query per wanted (metric, scope) walks the covering index
    ``ix_metric_latest_series`` and returns (post id, value) pairs; rows are taken from
    the driver as they come and converted column-wise, since per-row result processing
    would cost more than the queries.
    """
    m = MetricLatest.__table__.c
    observed = select(m.post_id).where(m.post_id == posts.c.id).exists()
    post_rows = _driver_rows(
        session,
        select(
            posts.c.id,
            type_coerce(posts.c.platform, String),
            posts.c.external_id,
            posts.c.label,
            type_coerce(posts.c.kind, String),
            posts.c.permalink,
            type_coerce(posts.c.published_at, String),
            posts.c.is_boosted,
            posts.c.campaign_id,
            posts.c.theme_id,
            observed,
        ).order_by(posts.c.published_at, posts.c.id),
    )
    frame = pd.DataFrame.from_records(post_rows, columns=[*POST_COLUMNS, "has_insights"])
    frame["published_at"] = pd.to_datetime(frame["published_at"], utc=True, format="ISO8601")
    frame["is_boosted"] = frame["is_boosted"].astype(bool)
    frame["has_insights"] = frame["has_insights"].astype(bool)
    frame = frame.set_index("post_id")
    wanted = [(metric, metric, Scope.TOTAL) for metric in POST_METRICS] + [
        (f"paid_{metric}", metric, Scope.PAID) for metric in PAID_METRICS
    ]
    metrics = {}
    for name, metric, scope in wanted:
        pairs = _driver_rows(
            session,
            select(m.post_id, m.value)
            .join(posts, posts.c.id == m.post_id)
            .where(m.metric == metric, m.scope == scope),
        )
        values = pd.Series(
            np.fromiter((value for _, value in pairs), dtype=float, count=len(pairs)),
            index=np.fromiter((post_id for post_id, _ in pairs), dtype=np.int64, count=len(pairs)),
        )
        metrics[name] = values.reindex(frame.index)
    has_insights = frame.pop("has_insights")
    frame = frame.assign(**metrics)
    frame["has_insights"] = has_insights
    return derive(frame).reset_index()


def _driver_rows(session: Session, query: Select) -> list[tuple]:
    """The rows of ``query`` as the database driver returns them (no result processing:
    select only values the driver already gives as Python numbers and strings)."""
    result = session.connection().execute(query)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def shape_post_table(posts: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """Pivot latest observations onto posts and derive the figures (pure, no database)."""
    frame = posts.copy().set_index("post_id")
    total = observations[observations["scope"] == "total"].pivot_table(
        index="post_id", columns="metric", values="value", aggfunc="last"
    )
    paid = observations[observations["scope"] == "paid"].pivot_table(
        index="post_id", columns="metric", values="value", aggfunc="last"
    )
    for metric in POST_METRICS:
        frame[metric] = total[metric] if metric in total else float("nan")
    for metric in PAID_METRICS:
        frame[f"paid_{metric}"] = paid[metric] if metric in paid else float("nan")
    observed = set(observations["post_id"])
    frame["has_insights"] = [post_id in observed for post_id in frame.index]
    frame = derive(frame)
    return frame.reset_index()


def derive(frame: pd.DataFrame) -> pd.DataFrame:
    """Add reactions (from types), interactions, shown, and the ratios (pure)."""
    frame = frame.copy()
    by_type = frame[[f"reactions_{kind}" for kind in REACTION_TYPES]]
    frame["reactions"] = frame["reactions"].fillna(by_type.sum(axis=1, min_count=1))
    is_x = frame["platform"] == "x"
    fb = frame[list(FACEBOOK_INTERACTIONS)].sum(axis=1, min_count=1)
    x = frame[list(X_INTERACTIONS)].sum(axis=1, min_count=1)
    frame["interactions"] = x.where(is_x, fb)
    # One name per figure on every platform: X's replies are its comments, its reposts its
    # shares (``pulso.metrics.SAME_FIGURE``), so a total of shares counts both platforms.
    for metric, same in SAME_FIGURE.items():
        frame[metric] = frame[metric].fillna(frame[same])
    # A boost's clicks may be known only in scope paid (Marketing API); they are then the
    # post's best known figure (a lower bound of its total).
    frame["clicks"] = frame["clicks"].fillna(frame["paid_clicks"])
    frame["link_clicks"] = frame["link_clicks"].fillna(frame["paid_link_clicks"])
    if "kind" in frame:
        no_video = ~frame["kind"].isin(("video", "reel")) & (frame["video_plays"] == 0)
        frame["video_plays"] = frame["video_plays"].mask(no_video)
    frame["shown"] = frame["impressions"].fillna(frame["views"])
    frame["engagement_rate"] = ratio(frame["interactions"], frame["reach"])
    frame["ctr"] = ratio(frame["link_clicks"], frame["shown"])
    frame["view_rate"] = ratio(frame["video_plays"], frame["shown"])
    frame["paid_share"] = ratio(frame["paid_reach"], frame["reach"])
    return frame


def ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """numerator / denominator, NaN where the denominator is missing or zero."""
    denominator = denominator.where(denominator != 0)
    return numerator / denominator


def best_and_worst(
    table: pd.DataFrame, n: int = 3, by: str = "interactions"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``n`` best and worst posts by ``by`` (ties broken by reach), among posts with
    insights; a post with no data yet is neither best nor worst."""
    ranked = table[table[by].notna()].sort_values(
        [by, "reach", "post_id"], ascending=[False, False, True], na_position="last"
    )
    best = ranked.head(n)
    worst = ranked.iloc[::-1].head(n)
    worst = worst[~worst["post_id"].isin(best["post_id"])] if len(ranked) > n else worst.iloc[0:0]
    return best, worst


def additive_totals(table: pd.DataFrame, metrics: Iterable[str]) -> dict[str, float | None]:
    """Totals of additive metrics over posts (``None`` when no post has the metric).

    Reach is deliberately not accepted here: see ``analytics.totals``.
    """
    from pulso.analytics.totals import sum_metric

    result: dict[str, float | None] = {}
    for metric in metrics:
        values = table[metric].dropna() if metric in table else pd.Series(dtype=float)
        summed = sum_metric(metric, values.tolist())  # raises for a unique count, data or not
        result[metric] = summed if len(values) else None
    return result


GROUP_METRICS = ("interactions", "shares", "comments", "link_clicks", "video_plays")


def group_totals(table: pd.DataFrame, by: str, *, tz: str | None = None) -> pd.DataFrame:
    """Posts and figures per group of a ``post_table``: ``by`` is a column (``platform``,
    ``campaign_id``, ``theme_id``) or ``day`` / ``week`` (local, needs ``tz``).

    Columns: the group key, ``posts``, ``posts_with_data``, ``reach_sum_of_posts`` (the
    labelled sum of post reach: never "people reached"), and the sums of ``GROUP_METRICS``
    (NaN when no post of the group has the metric). ``comments`` are the platforms' counts
    on the group's posts: Facebook's comments, X's replies; ``shares`` likewise Facebook's
    shares, X's reposts.
    """
    from pulso.analytics.periods import Week, local_date
    from pulso.analytics.totals import sum_of_post_reach

    frame = table.copy()
    if by in ("day", "week"):
        if tz is None:
            raise ValueError("grouping by day or week needs the time zone")
        days = [local_date(moment, tz) for moment in frame["published_at"]]
        frame[by] = (
            [d.isoformat() for d in days]
            if by == "day"
            else [Week.containing(d, tz).label for d in days]
        )
    columns = [by, "posts", "posts_with_data", "reach_sum_of_posts", *GROUP_METRICS]
    rows = []
    for key, group in frame.groupby(by, dropna=False, sort=True):
        row = {
            by: key,
            "posts": len(group),
            "posts_with_data": int(group["has_insights"].sum()),
            "reach_sum_of_posts": sum_of_post_reach(group["reach"].dropna().tolist()).value,
        }
        for metric in GROUP_METRICS:
            row[metric] = group[metric].sum(min_count=1)
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)
