"""Facebook: HTTP requests to refresh the insights of 1,000 posts, and rows written per second.

The minimum for 1,000 posts is 20 batch calls (50 posts each); one call per post would take
1,000. Rows per second are measured for a whole first sync (HTTP to a local fake Graph API
through facebook-sdk, then the write path on SQLite) and, as the baseline in the same run,
for writing the very same pages without any HTTP.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import tempfile
import time
from pathlib import Path

from pulso.collectors.base import HttpStats, RetryPolicy
from pulso.collectors.facebook import FacebookCollector, FacebookOptions
from pulso.collectors.facebook.adapter import GraphClient
from pulso.db.engine import make_engine, transaction
from pulso.db.migrate import upgrade
from pulso.db.writer import Writer
from pulso.jobs.runner import run_collection
from pulso.sandbox.fake_graph import FakeComment, FakeGraph, FakePost, GraphDataset

PAGE = "1001"
NOW = dt.datetime(2018, 9, 1, tzinfo=dt.UTC)


def _dataset(posts: int, comments_per_post: int) -> GraphDataset:
    rng = random.Random(2018)
    start = dt.datetime(2018, 6, 18, tzinfo=dt.UTC)
    items = []
    for n in range(posts):
        created = start + dt.timedelta(minutes=97 * n)
        post_id = f"{PAGE}_{n}"
        items.append(
            FakePost(
                id=post_id,
                created_time=created,
                message=f"Publicación {n}",
                shares=rng.randint(0, 20),
                reactions={"like": rng.randint(0, 300), "love": rng.randint(0, 30)},
                insights={
                    "post_total_media_view_unique": rng.randint(100, 80000),
                    "post_media_view": rng.randint(100, 90000),
                    "post_clicks": rng.randint(0, 700),
                    "post_clicks_by_type": {"link clicks": rng.randint(0, 300)},
                },
                comments=[
                    FakeComment(
                        f"{post_id}_c{i}",
                        "comentario",
                        created + dt.timedelta(minutes=i),
                        f"u{rng.randint(0, 500)}",
                    )
                    for i in range(comments_per_post)
                ],
            )
        )
    return GraphDataset(pages={PAGE: "Bench"}, posts=items)


def _collector(api: FakeGraph) -> FacebookCollector:
    client = GraphClient(access_token="t", stats=HttpStats(), base_url=api.url, timeout=30)
    options = FacebookOptions(page_ids=[PAGE], refresh_days=3650, comment_rescan_days=0)
    return FacebookCollector(
        client=client, options=options, policy=RetryPolicy(sleep=lambda s: None), now=lambda: NOW
    )


def run(scale: str) -> dict:
    posts = 1000
    comments = 5 if scale == "small" else 20
    with tempfile.TemporaryDirectory() as tmp, FakeGraph(_dataset(posts, comments)) as api:
        api.token = "t"
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        writer = Writer(author_secret="bench-secret")
        pages = []
        started = time.perf_counter()
        first = run_collection(
            _collector(api), engine=engine, writer=writer, on_page=lambda p, s: pages.append(p)
        )
        sync_seconds = time.perf_counter() - started

        # The refresh: a second run with nothing new re-reads every post's insights.
        api.requests.clear()
        second = run_collection(_collector(api), engine=engine, writer=writer)
        batch_calls = sum(1 for r in api.requests if r.method == "POST")

        # Baseline: the first sync's pages written again into a fresh database, without HTTP.
        engine.dispose()
        fresh = make_engine(f"sqlite:///{Path(tmp) / 'baseline.db'}")
        upgrade(fresh)
        started = time.perf_counter()
        rows = 0
        for page in pages:
            with transaction(fresh) as session:
                rows += writer.write_page(page, session=session).rows
        write_seconds = time.perf_counter() - started
        fresh.dispose()
    minimum = math.ceil(posts / 50)
    return {
        "posts": posts,
        "comments": posts * comments,
        "refresh_http_requests": second.requests,
        "refresh_batch_calls": batch_calls,
        "refresh_minimum_batch_calls": minimum,
        "refresh_ratio_to_minimum": round(batch_calls / minimum, 2),
        "one_call_per_post_would_be": posts,
        "first_sync_http_requests": first.requests,
        "first_sync_rows": first.written.rows,
        "first_sync_rows_per_second": round(first.written.rows / sync_seconds),
        "baseline_write_only_rows_per_second": round(rows / write_seconds) if rows else None,
    }
