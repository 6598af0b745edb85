"""How fast the dashboard's queries are on a campaign-sized SQLite database.

Figures: seconds for the overview, the posts table sorted by reach and by interactions, and
the review queue; each also as a ratio to a baseline measured in the same run (reading every
metric observation once), so results compare across machines.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from pulso.consultation import review
from pulso.db.engine import make_engine, transaction
from pulso.db.migrate import upgrade
from pulso.db.models import Comment, MetricObservation, Post, Suggestion
from pulso.db.observations import rebuild_latest
from pulso.web import listings, queries

SCALES = {"small": (300, 10, 2_000), "full": (3_000, 30, 20_000)}
METRICS = ("reach", "reactions", "comments", "shares", "clicks", "views")
ZONE = ZoneInfo("America/El_Salvador")


def _timed(func, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - started)
    return best


def _build(session, posts: int, observations: int, comments: int) -> None:
    start = dt.datetime(2018, 6, 18, tzinfo=dt.UTC)
    session.execute(
        insert(Post),
        [
            {
                "platform": "facebook" if i % 3 else "x",
                "external_id": f"p{i}",
                "published_at": start + dt.timedelta(hours=7 * i),
                "kind": "image",
                "is_boosted": i % 50 == 0,
                "is_deleted": False,
                "label": f"post {i}",
            }
            for i in range(posts)
        ],
    )
    ids = list(session.scalars(select(Post.id)))
    rows = []
    for post_id in ids:
        for k in range(observations):
            at = start + dt.timedelta(hours=6 * k)
            for m, metric in enumerate(METRICS):
                rows.append(
                    {"post_id": post_id, "observed_at": at, "metric": metric,
                     "value": float((post_id * 7 + k * 13 + m) % 5000), "scope": "total",
                     "is_unique": metric == "reach", "source": "bench"}
                )  # fmt: skip
    session.execute(insert(MetricObservation), rows)
    rebuild_latest(session=session)
    session.execute(
        insert(Comment),
        [
            {"platform": "facebook", "external_id": f"c{i}", "post_id": ids[i % len(ids)],
             "text": "propuesta", "created_at": start + dt.timedelta(minutes=i),
             "review_status": "pending", "like_count": 0, "reply_count": 0,
             "is_hidden": False, "is_deleted": False}
            for i in range(comments)
        ],
    )  # fmt: skip
    comment_ids = list(session.scalars(select(Comment.id)))
    session.execute(
        insert(Suggestion),
        [
            {"comment_id": cid, "model_version": v, "proposal_score": ((cid * 31 + n) % 100) / 100,
             "abuse_score": 0.0, "created_at": start + dt.timedelta(days=n)}
            for cid in comment_ids
            for n, v in enumerate(("m1", "m2"))
        ],
    )  # fmt: skip


def run(scale: str) -> dict:
    posts, observations, comments = SCALES[scale]
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        upgrade(engine)
        with transaction(engine) as session:
            _build(session, posts, observations, comments)
        with transaction(engine) as session:
            baseline = _timed(
                lambda: session.execute(
                    select(MetricObservation.post_id, MetricObservation.value)
                ).all()
            )
            week = dt.date(2018, 6, 25)

            def page(sort):
                filters = listings.PostFilters(sort=sort)
                return lambda: listings.list_posts(
                    session=session, zone=ZONE, filters=filters, per_page=50
                )

            figures = {
                "posts": posts,
                "observations": posts * observations * len(METRICS),
                "comments": comments,
                "baseline_read_all_observations_s": round(baseline, 4),
                "overview_campaign_s": _timed(lambda: queries.overview(session=session, zone=ZONE)),
                "overview_week_s": _timed(
                    lambda: queries.overview(session=session, zone=ZONE, week=week)
                ),
                "posts_by_date_s": _timed(page("published_at")),
                "posts_by_reach_s": _timed(page("reach")),
                "posts_by_interactions_s": _timed(page("interactions")),
                "review_queue_s": _timed(lambda: review.queue_page(session=session, per_page=50)),
            }
        engine.dispose()
    for key in [k for k in figures if k.endswith("_s") and not k.startswith("baseline")]:
        figures[key] = round(figures[key], 4)
        figures[key.removesuffix("_s") + "_vs_baseline"] = round(figures[key] / baseline, 2)
    return figures
