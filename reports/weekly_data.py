"""The weekly report's figures, as JSON-ready data (schema ``reports/schemas/weekly.json``).

The week is an ISO week of local days in the consultation's time zone. Its posts are those
published in it; its comments and proposals those created or received in it. Every post
figure is the post's latest value as of ``as_of`` (default: now), for both the week and the
week before, so that week-over-week change compares like with like.
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.analytics.cadence import cadence, cadence_summary
from pulso.analytics.comments import comment_frame, comment_summary
from pulso.analytics.consultation import AsOf, answer_summary, as_of_for
from pulso.analytics.funnel import proposal_counts
from pulso.analytics.paid import DEMOGRAPHIC_THRESHOLD, audience, promotions
from pulso.analytics.periods import Week, change, local_date
from pulso.analytics.posts import (
    GROUP_METRICS,
    additive_totals,
    best_and_worst,
    group_totals,
    post_table,
    preview,
)
from pulso.analytics.scope import posts_query
from pulso.analytics.totals import sum_of_post_reach
from pulso.db.models import Campaign, Post, Theme
from pulso.reports.executive import answers_due, weekly_facts
from pulso.reports.scope import ReportScope
from pulso.reports.text import boost_note, channel_name, clicks_note

SCHEMA_ID = "pulso.report.weekly/1"


def num(value) -> float | None:
    """A JSON number, or ``None`` for missing data (NaN never leaks into the JSON)."""
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(value):
        return None
    return int(value) if value.is_integer() else value


def _planned_campaign(session: Session, consultation_id: int | None) -> Campaign | None:
    if consultation_id is None:
        return None
    return session.scalars(
        select(Campaign)
        .where(
            Campaign.consultation_id == consultation_id,
            Campaign.planned_posts_per_day.is_not(None),
        )
        .order_by(Campaign.id)
        .limit(1)
    ).first()


def post_label(post) -> str:
    """The team's name for a post, else its platform id (a missing label is NaN in a frame)."""
    label = post["label"]
    return label if isinstance(label, str) and label else str(post["external_id"])


def iso(moment: dt.datetime | dt.date | None) -> str | None:
    return None if moment is None else moment.isoformat()


def default_week(tz: str, today: dt.date | None = None) -> Week:
    """The last complete week: the one before the week containing today (local)."""
    today = today or local_date(dt.datetime.now(dt.UTC), tz)
    return Week.containing(today, tz).previous()


def _week_figures(session: Session, scope: ReportScope, week: Week, as_of) -> dict:
    query = posts_query(
        consultation_id=scope.consultation_id,
        campaign_id=scope.campaign_id,
        start=week.start_utc,
        end=week.end_utc,
    )
    table = post_table(session=session, posts=query, at=as_of)
    all_posts = posts_query(consultation_id=scope.consultation_id, campaign_id=scope.campaign_id)
    comments = comment_frame(
        session=session,
        post_ids=select(all_posts.subquery().c.id),
        start=week.start_utc,
        end=week.end_utc,
    )
    proposals = (
        proposal_counts(
            session=session,
            consultation_id=scope.consultation_id,
            start=week.start_utc,
            end=week.end_utc,
        )
        if scope.consultation_id
        else pd.DataFrame(columns=["channel", "theme_id", "proposals"])
    )
    return {"posts": table, "comments": comments, "proposals": proposals}


ADDITIVE = ("interactions", "shares", "comments", "link_clicks", "video_plays")


def _headline(current: dict, previous: dict, spend: tuple[float | None, float | None]) -> list:
    """The week's headline figures. Those also in ``by_platform`` (posts, the sum of post
    reach and the additive figures of ``ADDITIVE``) are the sums of its rows, with the same
    definitions (``analytics.posts``): ``comments`` and ``shares`` are what the platforms
    count on the week's posts (Facebook comments and shares, X replies and reposts);
    ``comments_collected`` are the comments Pulso collected that were written in the week, on
    any post of the scope (what reviewers read)."""

    def figures(data: dict) -> dict:
        table = data["posts"]
        totals = additive_totals(table, ADDITIVE)
        reach = sum_of_post_reach(table["reach"].dropna().tolist())
        return {
            "posts": len(table),
            "reach": reach.value,
            **totals,
            "comments_collected": len(data["comments"]),
            "proposals": int(data["proposals"]["proposals"].sum()) if len(data["proposals"]) else 0,
        }

    now, before = figures(current), figures(previous)
    now["spend"], before["spend"] = spend
    methods = {"posts": "count", "reach": "sum_of_post_reach", "comments_collected": "count"}
    methods["proposals"] = "count"
    order = ("posts", "reach", "interactions", "shares", "comments", "link_clicks")
    order += ("video_plays", "comments_collected", "proposals", "spend")
    return [
        {
            "key": key,
            "value": num(now[key]),
            "previous": num(before[key]),
            "change": num(change(now[key], before[key])),
            "method": methods.get(key, "sum"),
        }
        for key in order
    ]


def group_rows(frame: pd.DataFrame, key: str) -> list[dict]:
    """``analytics.posts.group_totals`` rows as JSON-ready dicts."""
    return [
        {
            key: (int(row[key]) if isinstance(row[key], float) else row[key]),
            "posts": int(row["posts"]),
            "posts_with_data": int(row["posts_with_data"]),
            "reach_sum_of_posts": num(row["reach_sum_of_posts"]),
            **{metric: num(row[metric]) for metric in GROUP_METRICS},
        }
        for row in frame.to_dict("records")
    ]


def post_texts(session: Session, post_ids) -> dict[int, str | None]:
    """The posts' texts by id (what a report's previews and summary quote)."""
    ids = [int(i) for i in post_ids]
    if not ids:
        return {}
    return dict(session.execute(select(Post.id, Post.text).where(Post.id.in_(ids))).all())


def _post_rows(
    table: pd.DataFrame, promos: list[dict], tz: str, lang: str, texts: dict[int, str | None]
) -> list[dict]:
    promo_by_post: dict[int, list[dict]] = {}
    for promo in promos:
        promo_by_post.setdefault(promo["post_id"], []).append(promo)
    rows = []
    for post in table.to_dict("records"):
        notes = [boost_note(p, lang) for p in promo_by_post.get(int(post["post_id"]), [])]
        if not notes:
            notes.append(boost_note(None, lang, boosted=bool(post["is_boosted"])))
        if not post["has_insights"]:
            notes.append("sin datos aún" if lang == "es" else "no data yet")
        elif num(post["clicks"]) and not post["is_boosted"]:
            notes.append(clicks_note(num(post["clicks"]), num(post.get("link_clicks")), lang))
        rows.append(
            {
                "post_id": int(post["post_id"]),
                "label": post_label(post),
                "preview": preview(texts.get(int(post["post_id"]))),
                "platform": post["platform"],
                "kind": post["kind"],
                "permalink": post["permalink"],
                "published": local_date(post["published_at"], tz).isoformat(),
                "published_at": iso(post["published_at"]),
                "boosted": bool(post["is_boosted"]),
                "has_insights": bool(post["has_insights"]),
                **{
                    key: num(post[key])
                    for key in (
                        "reach",
                        "paid_reach",
                        "shown",
                        "interactions",
                        "reactions",
                        "comments",
                        "shares",
                        "likes",
                        "reposts",
                        "replies",
                        "clicks",
                        "link_clicks",
                        "video_plays",
                        "engagement_rate",
                        "ctr",
                        "view_rate",
                    )
                },
                "notes": "; ".join(notes),
            }
        )
    return rows


def paid_data(session: Session, promos: list[dict]) -> dict:
    """``paid`` (one row per promotion, ``analytics.paid.promotion_figures``) and
    ``audience`` (its buckets, below the threshold without a value) as JSON-ready data: the
    weekly and the consultation report's paid results."""
    frame = audience(session=session, promotion_ids=[p["promotion_id"] for p in promos])
    return {
        "paid": [
            {
                **{k: v for k, v in p.items() if k not in ("starts_at", "ends_at")},
                "starts_at": iso(p["starts_at"]),
                "ends_at": iso(p["ends_at"]),
                **{k: num(p[k]) for k in p if isinstance(p[k], float)},
            }
            for p in promos
        ],
        "audience": {
            "threshold": DEMOGRAPHIC_THRESHOLD,
            "rows": [
                {
                    "promotion_id": int(r.promotion_id),
                    "metric": r.metric,
                    "dimension": r.dimension,
                    "bucket": r.bucket,
                    "value": num(r.value),
                    "share": num(r.share),
                    "below_threshold": bool(r.below_threshold),
                }
                for r in frame.itertuples()
            ],
        },
    }


def _answers(session: Session, scope: ReportScope, today) -> dict | None:
    """The consultation's answers due at the as-of date (``today``: a date or an ``AsOf``;
    default ``analytics.consultation.as_of_for``), or ``None`` without a consultation."""
    if not scope.consultation_id or scope.consultation is None:
        return None
    if isinstance(today, AsOf):
        day = today
    elif today is not None:
        day = AsOf(today, "chosen")
    else:
        day = as_of_for(scope.consultation)
    summary = answer_summary(session=session, consultation_id=scope.consultation_id, today=day.day)
    return answers_due(summary, day)


def build_weekly(
    *,
    session: Session,
    scope: ReportScope,
    week: Week,
    lang: str = "es",
    as_of: dt.datetime | None = None,
    today: dt.date | None = None,
) -> dict:
    """Every figure of the weekly report (see the module docstring and docs/report-json.md)."""
    generated = dt.datetime.now(dt.UTC)
    as_of = as_of or generated
    current = _week_figures(session, scope, week, as_of)
    previous = _week_figures(session, scope, week.previous(), as_of)
    promos = promotions(session=session, posts=current["posts"])
    previous_promos = promotions(session=session, posts=previous["posts"])

    def spend_of(items: list[dict]) -> float | None:
        values = [p["spend"] for p in items if p["spend"] is not None]
        return sum(values) if values else None

    table = current["posts"]
    best, worst = best_and_worst(table)
    themes = {}
    if scope.consultation_id:
        themes = {
            t.id: t
            for t in session.scalars(
                select(Theme)
                .where(Theme.consultation_id == scope.consultation_id)
                .order_by(Theme.position)
            )
        }
    proposals = current["proposals"]
    by_theme = []
    for theme_id, theme in themes.items():
        n = int(proposals.loc[proposals["theme_id"] == theme_id, "proposals"].sum())
        by_theme.append({"theme": theme.name(lang), "slug": theme.slug, "proposals": n})
    no_theme = int(proposals.loc[proposals["theme_id"].isna(), "proposals"].sum())
    if no_theme:
        by_theme.append(
            {
                "theme": "Sin temática" if lang == "es" else "No theme",
                "slug": None,
                "proposals": no_theme,
            }
        )
    by_channel = [
        {"channel": str(channel), "label": channel_name(str(channel), lang), "proposals": int(n)}
        for channel, n in proposals.groupby("channel")["proposals"].sum().items()
    ]
    comments = current["comments"]
    comment_by_platform = [
        {"platform": platform, **comment_summary(group)}
        for platform, group in comments.groupby("platform")
    ]
    campaign = scope.campaign
    # A consultation's report follows the plan of its campaign that has one (e.g. 3 a day on X).
    plan = campaign or _planned_campaign(session, scope.consultation_id)
    cadence_frame = cadence(
        table,
        week.days,
        tz=scope.tz,
        planned_per_day=plan.planned_posts_per_day if plan else None,
        platform=str(plan.planned_platform) if plan and plan.planned_platform else None,
        starts_on=plan.starts_on if plan else None,
        ends_on=plan.ends_on if plan else None,
    )
    daily = []
    post_days = pd.Series(
        [local_date(m, scope.tz) for m in table["published_at"]], index=table.index, dtype=object
    )
    comment_days = pd.Series(
        [local_date(m, scope.tz) for m in comments["created_at"]],
        index=comments.index,
        dtype=object,
    )
    for day in week.days:
        on_day = table[post_days == day]
        day_comments = comments[comment_days == day]
        daily.append(
            {
                "day": day.isoformat(),
                "posts": len(on_day),
                "interactions": num(on_day["interactions"].sum(min_count=1)),
                "comments": len(day_comments),
            }
        )
    headline = _headline(current, previous, (spend_of(promos), spend_of(previous_promos)))
    texts = post_texts(session, table["post_id"])
    return {
        "schema": SCHEMA_ID,
        "generated_at": generated.isoformat(),
        "as_of": as_of.isoformat(),
        "lang": lang,
        "timezone": scope.tz,
        "week": {
            "label": week.label,
            "first_day": week.first_day.isoformat(),
            "last_day": week.last_day.isoformat(),
            "previous": week.previous().label,
        },
        "scope": {
            "consultation": scope.consultation.slug if scope.consultation else None,
            "consultation_name": scope.consultation.name if scope.consultation else None,
            "campaign": campaign.slug if campaign else None,
            "campaign_name": campaign.name if campaign else None,
        },
        "headline": headline,
        "executive": weekly_facts(
            headline,
            table,
            week.previous().label,
            _answers(session, scope, today),
            scope.tz,
            texts,
        ),
        "posts": _post_rows(table, promos, scope.tz, lang, texts),
        "by_platform": group_rows(group_totals(table, "platform"), "platform"),
        "best_posts": [int(i) for i in best["post_id"]],
        "worst_posts": [int(i) for i in worst["post_id"]],
        **paid_data(session, promos),
        "comments": {**comment_summary(comments), "by_platform": comment_by_platform},
        "proposals": {
            "total": int(proposals["proposals"].sum()) if len(proposals) else 0,
            "by_theme": by_theme,
            "by_channel": by_channel,
        },
        "cadence": {
            "planned_per_day": num(plan.planned_posts_per_day) if plan else None,
            "platform": str(plan.planned_platform) if plan and plan.planned_platform else None,
            "days": [
                {"day": r.day.isoformat(), "planned": num(r.planned), "actual": int(r.actual)}
                for r in cadence_frame.itertuples()
            ],
            **cadence_summary(cadence_frame),
        },
        "daily": daily,
    }
