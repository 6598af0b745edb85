"""Paid results: what the money behind a post bought, and who it reached.

Definitions (per promotion; a post may have several):
- ``spend`` in the promotion's currency; ``days`` = whole days between start and end;
- ``paid_reach``: the post's reach in scope ``paid`` (people reached by the promotion);
  ``paid_share`` = paid reach / total post reach;
- ``paid_impressions``: paid impressions, else paid views;
- ``cpm`` = spend / paid impressions × 1,000;
- ``cost_per_interaction`` = spend / the post's interactions;
- ``cost_per_link_click`` = spend / link clicks (paid scope when given, else the post's);
- ``reactions`` and ``likes``: the post's (Facebook's "like" reactions; X's likes);
- audience: reach per gender, age and age × gender bucket, as the platform gives it. Meta
  does not report a demographic value for fewer than 100 people
  (``DEMOGRAPHIC_THRESHOLD``): such buckets come without a value and are shown as such,
  never as zero.
Ratios are ``None`` when a denominator is missing or zero.
"""

from __future__ import annotations

import math

import pandas as pd
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from pulso.db.models import AudienceRow, Promotion

DEMOGRAPHIC_THRESHOLD = 100


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def _div(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def promotions(*, session: Session, posts: pd.DataFrame) -> list[dict]:
    """One dict per promotion of the posts in ``posts`` (a ``post_table`` frame)."""
    if posts.empty:
        return []
    by_id = posts.set_index("post_id")
    rows = session.scalars(
        select(Promotion)
        .where(Promotion.post_id.in_([int(i) for i in by_id.index]))
        .order_by(Promotion.starts_at, Promotion.id)
    ).all()
    result = []
    for promo in rows:
        post = by_id.loc[promo.post_id]
        result.append(promotion_figures(promo, post))
    return result


def promotion_figures(promo: Promotion, post: pd.Series) -> dict:
    """Figures of one promotion given its post's row of a ``post_table`` (pure)."""
    spend = _num(promo.spend)
    days = None
    if promo.starts_at and promo.ends_at:
        days = max(1, math.ceil((promo.ends_at - promo.starts_at).total_seconds() / 86400))
    paid_reach = _num(post.get("paid_reach"))
    paid_shown = _num(post.get("paid_impressions"))
    if paid_shown is None:
        paid_shown = _num(post.get("paid_views"))
    link_clicks = _num(post.get("paid_link_clicks"))
    if link_clicks is None:
        link_clicks = _num(post.get("link_clicks"))
    clicks = _num(post.get("paid_clicks"))
    if clicks is None:
        clicks = _num(post.get("clicks"))
    interactions = _num(post.get("interactions"))
    return {
        "promotion_id": promo.id,
        "post_id": int(promo.post_id),
        "label": post.get("label"),
        "spend": spend,
        "currency": promo.currency,
        "starts_at": promo.starts_at,
        "ends_at": promo.ends_at,
        "days": days,
        "targeting": promo.targeting,
        "objective": promo.objective,
        "reach": _num(post.get("reach")),
        "paid_reach": paid_reach,
        "paid_share": _div(paid_reach, _num(post.get("reach"))),
        "paid_impressions": paid_shown,
        "clicks": clicks,
        "link_clicks": link_clicks,
        "interactions": interactions,
        # What people did with the boosted post: every reaction, and the "like" ones (X: likes).
        "reactions": _num(post.get("reactions")),
        "likes": _num(post.get("reactions_like"))
        if _num(post.get("reactions_like")) is not None
        else _num(post.get("likes")),
        "cpm": None if _div(spend, paid_shown) is None else spend / paid_shown * 1000,
        "cost_per_interaction": _div(spend, interactions),
        "cost_per_link_click": _div(spend, link_clicks),
    }


def audience(*, session: Session, promotion_ids: list[int] | Select) -> pd.DataFrame:
    """Audience rows of the promotions: promotion_id, metric, dimension, bucket, value, share,
    ``below_threshold`` (no value: fewer than ``DEMOGRAPHIC_THRESHOLD`` people)."""
    a = AudienceRow
    rows = session.execute(
        select(a.promotion_id, a.metric, a.dimension, a.bucket, a.value, a.share)
        .where(a.promotion_id.in_(promotion_ids))
        .order_by(a.promotion_id, a.dimension, a.bucket)
    ).all()
    frame = pd.DataFrame(
        rows, columns=["promotion_id", "metric", "dimension", "bucket", "value", "share"]
    )
    return shape_audience(frame)


def shape_audience(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill shares from values where the platform gave none, and flag thresholded buckets."""
    frame = frame.copy()
    frame["below_threshold"] = frame["value"].isna() & frame["share"].isna()
    if not frame.empty:
        totals = frame.groupby(["promotion_id", "metric", "dimension"])["value"].transform("sum")
        computed = frame["value"] / totals.where(totals > 0)
        frame["share"] = frame["share"].fillna(computed)
    return frame


def age_gender_matrix(frame: pd.DataFrame, promotion_id: int) -> pd.DataFrame:
    """Age buckets × gender of one promotion's ``age_gender`` reach rows ("18-24|female").

    One promotion at a time: reach of two promotions may be the same people, so buckets are
    never added across promotions.
    """
    rows = frame[
        (frame["dimension"] == "age_gender")
        & (frame["promotion_id"] == promotion_id)
        & (frame["metric"] == "reach")
    ]
    if rows.empty:
        return pd.DataFrame()
    split = rows["bucket"].str.split("|", n=1, expand=True)
    rows = rows.assign(age=split[0], gender=split[1])
    # ``pivot`` (not ``pivot_table``) keeps buckets without a value (below the threshold).
    return rows.pivot(index="age", columns="gender", values="value")


def post_story(*, session: Session, post_id: int) -> dict | None:
    """Everything a post's page shows of its figures, from the module's and
    ``analytics.posts``' definitions: ``figures`` (the post's ``post_table`` row as a dict,
    NaN as ``None``), ``reactions`` by type (only the types observed), ``organic_reach``
    (reach − paid reach, when both are known), and ``promotions``, each with its audience
    matrix (``age_gender``: {age: {gender: value or None below the threshold}}) and its
    buckets below ``DEMOGRAPHIC_THRESHOLD``."""
    from pulso.analytics.posts import REACTION_TYPES, post_table
    from pulso.analytics.scope import posts_query
    from pulso.db.models import Post

    table = post_table(
        session=session, posts=posts_query(include_deleted=True).where(Post.id == post_id)
    )
    if table.empty:
        return None
    row = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in
           table.iloc[0].to_dict().items()}  # fmt: skip
    reactions = {kind: row[f"reactions_{kind}"] for kind in REACTION_TYPES
                 if row.get(f"reactions_{kind}") is not None}  # fmt: skip
    organic = None
    if row.get("reach") is not None and row.get("paid_reach") is not None:
        organic = max(row["reach"] - row["paid_reach"], 0.0)
    promos = promotions(session=session, posts=table)
    frame = audience(session=session, promotion_ids=[p["promotion_id"] for p in promos])
    for promo in promos:
        matrix = age_gender_matrix(frame, promo["promotion_id"])
        promo["age_gender"] = {
            age: {g: _num(v) for g, v in values.items()}
            for age, values in matrix.to_dict("index").items()
        }
        promo["genders"] = list(matrix.columns)
        mine = frame[frame["promotion_id"] == promo["promotion_id"]]
        promo["below_threshold"] = int(mine["below_threshold"].sum())
    return {
        "figures": row,
        "reactions": reactions,
        "organic_reach": organic,
        "promotions": promos,
        "threshold": DEMOGRAPHIC_THRESHOLD,
    }
