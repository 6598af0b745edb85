"""What refreshing X metrics costs: requests and post reads against the minimum.

An account with N posts (1,000 at full scale) is synced once on day 1 (the timeline brings
the posts with their metrics), then refreshed on day 2: the collector should need
ceil(N / 100) ``get_tweets`` calls (the minimum) and N post reads. A second refresh on the
same UTC day should read nothing. The fake X server counts what was asked and returned.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path

from pulso.collectors.base import RetryPolicy
from pulso.collectors.x import XClient, XCollector, XConfig
from pulso.db.engine import make_engine
from pulso.db.migrate import upgrade
from pulso.db.writer import Writer
from pulso.jobs.runner import run_collection
from pulso.sandbox.fake_x import FakeX

UTC = dt.UTC


def _lookups(fake: FakeX) -> int:
    return fake.request_count("/2/tweets") - fake.request_count("/2/tweets/search")


def run(scale: str) -> dict:
    posts = 1000 if scale == "full" else 300
    clock = {"now": dt.datetime(2026, 7, 20, 12, tzinfo=UTC)}
    now = lambda: clock["now"]  # noqa: E731
    with tempfile.TemporaryDirectory() as tmp, FakeX(now=now) as fake:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        user = fake.add_user("bench", id="42")
        # Posts over the last 6 days: all young enough to be refreshed daily.
        for i in range(posts):
            created = clock["now"] - dt.timedelta(minutes=8 * i + 5)
            fake.add_tweet(user, f"post {i}", created_at=created, likes=i % 9, impressions=i)

        def collect() -> dict:
            client = XClient(
                base_url=fake.url,
                bearer_token=fake.bearer_token,
                policy=RetryPolicy(max_retries=2, base_seconds=0.01),
            )
            before_requests, before_reads, before_lookups = (
                len(fake.requests),
                fake.post_reads,
                _lookups(fake),
            )
            collector = XCollector(client=client, accounts=["bench"], config=XConfig(), now=now)
            summary = run_collection(collector, engine=engine, writer=Writer(author_secret="k"))
            return {
                "requests": len(fake.requests) - before_requests,
                "lookup_calls": _lookups(fake) - before_lookups,
                "post_reads": fake.post_reads - before_reads,
                "charged": summary.details["charged_reads"],
                "cost": summary.details["estimated_cost_usd"],
            }

        first_sync = collect()
        clock["now"] += dt.timedelta(days=1)
        refresh = collect()
        clock["now"] += dt.timedelta(hours=2)
        same_day = collect()
        engine.dispose()
    minimum = math.ceil(posts / 100)
    return {
        "posts": posts,
        "first_sync_requests": first_sync["requests"],
        "first_sync_post_reads": first_sync["post_reads"],
        "refresh_lookup_calls": refresh["lookup_calls"],
        "refresh_lookup_calls_minimum": minimum,
        "refresh_calls_vs_minimum": round(refresh["lookup_calls"] / minimum, 2),
        "refresh_requests_total": refresh["requests"],
        "refresh_post_reads": refresh["post_reads"],
        "refresh_post_reads_vs_posts": round(refresh["post_reads"] / posts, 2),
        "refresh_estimated_cost_usd": refresh["cost"],
        "same_day_refresh_lookup_calls": same_day["lookup_calls"],
        "same_day_refresh_post_reads": same_day["post_reads"],
        "same_day_refresh_requests_total": same_day["requests"],
    }
