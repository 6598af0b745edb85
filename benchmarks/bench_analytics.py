"""Analytics at scale: the latest reach and interactions of every post, as the reports and
the dashboard compute them (``analytics.posts.post_table``), vs the naive way (load every
observation into pandas, sort, take the last value per post and metric).

Target (issue 10): 100,000 posts over 10,000,000 observations in under 2 s on SQLite and at
least 10x faster than the naive way. The database is generated inside SQLite itself
(``INSERT ... SELECT`` over a recursive sequence, deterministic) because writing 10 million
rows through the ORM would take most of ``make bench``'s budget; ``bench_ingest`` measures
the write path. Peak memory is measured per side in a forked child (``ru_maxrss`` growth).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import sqlite3
import tempfile
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.analytics.posts import post_table
from pulso.db.engine import make_engine, transaction
from pulso.db.migrate import upgrade
from pulso.db.models import Post
from pulso.db.observations import rebuild_latest

# posts, snapshots per post; each snapshot observes every metric of METRICS.
SCALES = {"small": (10_000, 10), "full": (100_000, 10)}
METRICS = ("reach", "views", "reactions", "comments", "shares", "clicks", "link_clicks",
           "other_clicks", "video_plays", "video_watch_seconds")  # fmt: skip


def build(path: Path, posts: int, snapshots: int) -> int:
    """A migrated SQLite database with ``posts`` posts and posts x snapshots x 10 rows."""
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN")
    conn.execute(
        """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO post (id, platform, external_id, kind, published_at, is_boosted,
                          is_deleted, first_seen_at, last_seen_at, label)
        SELECT i, CASE WHEN i % 3 THEN 'facebook' ELSE 'x' END, 'p' || i, 'image',
               datetime('2018-06-18', '+' || (i * 17) || ' minutes'), i % 50 = 0, 0,
               datetime('now'), datetime('now'), 'post ' || i
        FROM n""",
        (posts,),
    )
    metrics = " UNION ALL ".join(
        f"SELECT {k} AS k, '{m}' AS name, {int(m == 'reach')} AS uniq"
        for k, m in enumerate(METRICS)
    )
    # Ordered by (post, metric, time) so the indexes grow at their ends.
    conn.execute(
        f"""WITH RECURSIVE s(j) AS (SELECT 1 UNION ALL SELECT j + 1 FROM s WHERE j < ?),
        m AS ({metrics})
        INSERT INTO metric_observation (post_id, observed_at, metric, value, scope, is_unique,
                                        source)
        SELECT p.id, datetime(p.published_at, '+' || (6 * s.j) || ' hours'), m.name,
               s.j * 40 + (p.id * 7919 + m.k * 104729 + s.j * 31) % 997, 'total', m.uniq,
               'bench'
        FROM post p, m, s ORDER BY p.id, m.k, s.j""",
        (snapshots,),
    )
    conn.execute("COMMIT")
    conn.close()
    # The observations bypassed the writer, which maintains metric_latest as it appends
    # (bench_ingest measures that cost); recompute it as a bulk load would.
    engine = make_engine(f"sqlite:///{path}")
    with transaction(engine) as session:
        rebuild_latest(session=session)
    engine.dispose()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("ANALYZE")
    total = conn.execute("SELECT count(*) FROM metric_observation").fetchone()[0]
    conn.close()
    return total


def pulso_way(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with Session(engine) as session:
        table = post_table(session=session, posts=select(Post))
    engine.dispose()
    # A checksum of the answer (both sides must agree), not a figure anyone should show.
    return int(table["reach"].sum()), int(table["interactions"].notna().sum())


def naive_way(path: str) -> tuple[int, int]:
    conn = sqlite3.connect(path)
    frame = pd.read_sql_query(
        "SELECT post_id, metric, scope, observed_at, value FROM metric_observation", conn
    )
    conn.close()
    latest = (
        frame.sort_values("observed_at")
        .groupby(["post_id", "metric", "scope"], sort=False)["value"]
        .last()
        .unstack("metric")
    )
    # Interactions as analytics/posts.py defines them for Facebook (X posts carry no likes
    # here, so they have none): reactions + comments + shares.
    platforms = pd.read_sql_query("SELECT id AS post_id, platform FROM post", sqlite3.connect(path))
    facebook = latest.reset_index().merge(platforms, on="post_id")
    facebook = facebook[facebook["platform"] == "facebook"]
    interactions = facebook[["reactions", "comments", "shares"]].sum(axis=1, min_count=1)
    return int(latest["reach"].sum()), int(interactions.notna().sum())


def _child(func, arg, queue) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    result = func(arg)
    seconds = time.perf_counter() - started
    peak_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    queue.put((seconds, peak_mb, result))


def measure(func, arg) -> tuple[float, float, int]:
    """(seconds, peak memory growth in MB, result) of ``func(arg)`` in a forked child."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(func, arg, queue))
    child.start()
    figures = queue.get()
    child.join()
    return figures


def run(scale: str = "full") -> dict:
    posts, snapshots = SCALES.get(scale, SCALES["small"])
    with tempfile.TemporaryDirectory(dir=os.environ.get("PULSO_BENCH_TMP")) as tmp:
        path = Path(tmp) / "analytics.db"
        started = time.perf_counter()
        observations = build(path, posts, snapshots)
        build_seconds = time.perf_counter() - started
        pulso_seconds, pulso_mb, pulso_result = measure(pulso_way, f"sqlite:///{path}")
        naive_seconds, naive_mb, naive_result = measure(naive_way, str(path))
    return {
        "posts": posts,
        "observations": observations,
        "build_seconds": round(build_seconds, 1),
        "latest_pulso_seconds": round(pulso_seconds, 2),
        "latest_naive_pandas_seconds": round(naive_seconds, 2),
        "speedup_vs_naive": round(naive_seconds / pulso_seconds, 1),
        "pulso_peak_mb": round(pulso_mb),
        "naive_peak_mb": round(naive_mb),
        "same_answer": pulso_result == naive_result,
        "target": "under 2 s and at least 10x the naive way",
    }
