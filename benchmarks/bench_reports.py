"""Both reports on a campaign of 10,000 posts written through the real write path.

Figures: time to write the campaign (``db.writer.Writer`` pages), to compute each report's
data and to render it in every format (HTML, PDF, XLSX, CSV, JSON). Baselines measured in
the same run: the same reports on the seed-sized sample (a dozen posts), and the naive
"one query per post" way of reading latest values against the grouped SQL query the
analytics use.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import tempfile
import time
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select, update

os.environ.setdefault("PULSO_TESTING", "1")

from pulso.analytics.posts import latest_observations  # noqa: E402
from pulso.consultation.catalog import upsert_campaign, upsert_consultation, upsert_theme  # noqa: E402
from pulso.consultation.intake import ProposalIn, add_proposals  # noqa: E402
from pulso.db.engine import make_engine, transaction  # noqa: E402
from pulso.db.migrate import upgrade  # noqa: E402
from pulso.db.models import Account, MetricObservation, Post  # noqa: E402
from pulso.db.writer import Writer  # noqa: E402
from pulso.records import ObservationRecord, Page, PostRecord, PromotionRecord  # noqa: E402
from pulso.reports import (  # noqa: E402
    consultation_report,
    weekly_report,
    write_consultation,
    write_weekly,
)

FORMATS = ["html", "pdf", "xlsx", "csv", "json"]
UTC = dt.UTC
START = dt.datetime(2018, 6, 18, 12, tzinfo=UTC)
DAYS = 182  # 26 weeks


def _campaign_pages(n_posts: int, *, seed: int = 7, page_size: int = 500):
    rng = random.Random(seed)
    for first in range(0, n_posts, page_size):
        records = []
        for i in range(first, min(n_posts, first + page_size)):
            platform = "facebook" if i % 2 else "x"
            external = f"{platform}_{i}"
            published = START + dt.timedelta(minutes=rng.randrange(DAYS * 24 * 60))
            kind = "video" if i % 7 == 0 else "image"
            records.append(
                PostRecord(platform, external, published, account_external_id=f"{platform}-acct",
                           kind=kind, label=f"post {i}",
                           permalink=f"https://example.org/{platform}/{i}")
            )  # fmt: skip
            for hours in (24, 24 * 7):  # two snapshots: history, then the latest value
                at = published + dt.timedelta(hours=hours)
                growth = 0.6 if hours == 24 else 1.0
                metrics = (
                    {"reach": rng.randrange(50, 5000), "reactions": rng.randrange(0, 80),
                     "comments": rng.randrange(0, 10), "shares": rng.randrange(0, 15),
                     "link_clicks": rng.randrange(0, 30)}
                    if platform == "facebook"
                    else {"likes": rng.randrange(0, 20), "reposts": rng.randrange(0, 10),
                          "replies": rng.randrange(0, 5), "impressions": rng.randrange(100, 3000)}
                )  # fmt: skip
                if kind == "video":
                    metrics["video_plays"] = rng.randrange(0, 400)
                records.extend(
                    ObservationRecord(platform, external, m, round(v * growth), at, "bench")
                    for m, v in metrics.items()
                )
            if platform == "facebook" and i % 97 == 1:
                records.append(
                    PromotionRecord(platform, external, f"ad-{i}", spend=Decimal("50"),
                                    currency="USD", starts_at=published,
                                    ends_at=published + dt.timedelta(days=3))
                )  # fmt: skip
        yield Page(records=records)


def _build(url: str, n_posts: int, n_proposals: int) -> float:
    engine = make_engine(url)
    upgrade(engine)
    started = time.perf_counter()
    with transaction(engine) as session:
        consultation = upsert_consultation(
            session=session, slug="bench", name="Consulta de prueba de carga",
            starts_on=START.date(), ends_on=(START + dt.timedelta(days=DAYS)).date(),
        )  # fmt: skip
        themes = [
            upsert_theme(session=session, consultation=consultation, slug=f"t{i}",
                         name_es=f"Temática {i}")
            for i in range(8)
        ]  # fmt: skip
        campaign = upsert_campaign(
            session=session, slug="bench-campaign", name="Campaña de carga",
            consultation=consultation, starts_on=START.date(), planned_posts_per_day=3,
            planned_platform="x",
        )  # fmt: skip
        consultation_id, campaign_id = consultation.id, campaign.id
        theme_ids = [t.id for t in themes]
    writer = Writer(author_secret="bench-secret")
    for page in _campaign_pages(n_posts):
        with transaction(engine) as session:
            writer.write_page(page, session=session)
    with transaction(engine) as session:
        session.execute(update(Post).values(campaign_id=campaign_id))
        session.execute(update(Account).values(consultation_id=consultation_id))
        rng = random.Random(3)
        add_proposals(
            [
                ProposalIn(consultation_id, rng.choice(["web", "email", "workshop"]),
                           f"bench:{i}", f"Propuesta número {i} sobre el tema",
                           START + dt.timedelta(hours=i), theme_id=rng.choice(theme_ids))
                for i in range(n_proposals)
            ],
            session=session,
            actor="bench",
        )  # fmt: skip
    engine.dispose()
    return time.perf_counter() - started


def _timed(function):
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def _reports(url: str, slug: str, week: str, out: Path) -> dict:
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            weekly, weekly_data = _timed(
                lambda: weekly_report(session=session, week=week, consultation=slug)
            )
            consultation, consultation_data = _timed(
                lambda: consultation_report(session=session, consultation=slug)
            )
        _, weekly_render = _timed(lambda: write_weekly(weekly, formats=FORMATS, out=out))
        _, consultation_render = _timed(
            lambda: write_consultation(consultation, formats=FORMATS, out=out)
        )
        return {
            "weekly_posts": len(weekly["posts"]),
            "weekly_data": weekly_data,
            "weekly_render": weekly_render,
            "consultation_posts": len(consultation["facebook_posts"]) + consultation["x"]["posts"],
            "consultation_data": consultation_data,
            "consultation_render": consultation_render,
        }
    finally:
        engine.dispose()


def _latest_values(url: str) -> tuple[float, float, int]:
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            ids = session.scalars(select(Post.id)).all()
            _, grouped = _timed(
                lambda: latest_observations(session=session, post_ids=select(Post.id))
            )

            def naive():
                # Baseline: what a report would do without the grouped query.
                for post_id in ids:
                    rows = session.execute(
                        select(MetricObservation.metric, MetricObservation.value)
                        .where(MetricObservation.post_id == post_id)
                        .order_by(MetricObservation.observed_at)
                    ).all()
                    dict(rows)

            _, slow = _timed(naive)
            return grouped, slow, len(ids)
    finally:
        engine.dispose()


def run(scale: str = "full") -> dict:
    n_posts = 10_000 if scale == "full" else 1_000
    n_proposals = 1_000 if scale == "full" else 150
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        big_url = f"sqlite:///{tmp_path / 'big.db'}"
        write_seconds = _build(big_url, n_posts, n_proposals)
        big = _reports(big_url, "bench", "2018-W30", tmp_path / "big")
        small_url = f"sqlite:///{tmp_path / 'small.db'}"
        _build(small_url, 12, 20)  # the seed's size: a dozen posts
        small = _reports(small_url, "bench", "2018-W30", tmp_path / "small")
        grouped, naive, n_read = _latest_values(big_url)
    big_total = sum(big[k] for k in ("weekly_data", "weekly_render"))
    small_total = sum(small[k] for k in ("weekly_data", "weekly_render"))
    big_c = sum(big[k] for k in ("consultation_data", "consultation_render"))
    small_c = sum(small[k] for k in ("consultation_data", "consultation_render"))
    return {
        "posts": n_posts,
        "proposals": n_proposals,
        "write_seconds": round(write_seconds, 2),
        "weekly_posts_in_week": big["weekly_posts"],
        "weekly_data_seconds": round(big["weekly_data"], 2),
        "weekly_render_seconds": round(big["weekly_render"], 2),
        "consultation_posts": big["consultation_posts"],
        "consultation_data_seconds": round(big["consultation_data"], 2),
        "consultation_render_seconds": round(big["consultation_render"], 2),
        "baseline_weekly_seconds_seed_size": round(small_total, 2),
        "baseline_consultation_seconds_seed_size": round(small_c, 2),
        "weekly_vs_seed_size_ratio": round(big_total / small_total, 2),
        "consultation_vs_seed_size_ratio": round(big_c / small_c, 2),
        "latest_values_grouped_seconds": round(grouped, 3),
        "latest_values_naive_seconds": round(naive, 3),
        "latest_values_posts": n_read,
        "naive_vs_grouped_ratio": round(naive / grouped, 1) if grouped else None,
    }
