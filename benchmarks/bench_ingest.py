"""Ingest: rows per second through Pulso's write path vs raw ``sqlite3.executemany``.

Both sides write the same comment rows (and the same observation rows) into a migrated
SQLite database; the raw side is the floor no ORM can beat. Targets (issue 10): Pulso at
least 40% of raw, and at least 50,000 comment rows per second on SQLite.

The raw side runs a plain ``executemany`` per batch with the same batch size, one
transaction per batch, and the same connection settings as Pulso's engine (WAL,
``synchronous=NORMAL``, page cache), but without foreign key checks. Its rows are prepared
before its timer starts: for "the same rows" that includes the commenters' keyed hashes,
which Pulso computes inside its timer.

On PostgreSQL the raw side is psycopg's ``COPY`` of the same rows, one ``COPY`` and one
commit per batch, as Pulso commits a transaction per batch.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import SCALES, Scale, campaign_pages
from pulso.db.engine import SQLITE_CACHE_KIB, make_engine, transaction
from pulso.db.migrate import upgrade
from pulso.db.writer import Writer
from pulso.privacy import author_key
from pulso.records import CommentRecord, ObservationRecord, Page, PostRecord

SECRET = "bench-secret"
RAW_NOTE = (
    "raw = plain executemany (PostgreSQL: COPY) of the same rows, same batches and"
    " pragmas, no foreign key checks; keyed author hashes precomputed before its timer"
    " (Pulso hashes inside its timer); *_cpu_* = in this process's CPU seconds (SQLite"
    " only), steadier on a shared machine"
)


class _Clock:
    """Wall seconds, and this process's CPU seconds (SQLite works in-process, so on a shared
    machine its CPU time is a steadier measure of the work than the wall clock)."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def _fresh(path: Path):
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return engine


def _split(pages):
    posts, observations, comments = [], [], []
    for page in pages:
        for r in page.records:
            {PostRecord: posts, ObservationRecord: observations, CommentRecord: comments}[
                type(r)
            ].append(r)
    return posts, observations, comments


def _pulso(engine, records, batch):
    writer = Writer(author_secret=SECRET, name_retention_days=0)
    clock = _Clock()
    for start in range(0, len(records), batch):
        with transaction(engine) as session:
            writer.write_page(Page(records[start : start + batch]), session=session)
    return clock.stop()


def _raw_connection(path: Path) -> sqlite3.Connection:
    """The settings of Pulso's engine (db.engine), except foreign key checks."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
    return conn


# The raw sides' comment columns, in the order of ``_raw_comment_rows``.
RAW_COMMENT_COLUMNS = (
    "platform, external_id, post_id, parent_external_id, author_key, text, created_at,"
    " like_count, reply_count, is_hidden, is_deleted, first_seen_at, last_seen_at, review_status"
)


def _raw_comment_rows(comments, post_ids, *, as_text: bool) -> list[tuple]:
    """The comment rows the raw sides write, keyed author hashes included; times as
    SQLite's text (``as_text``) or as aware datetimes for psycopg."""
    now = dt.datetime.now(dt.UTC)

    def when(value: dt.datetime):
        return value.replace(tzinfo=None).isoformat(sep=" ") if as_text else value

    stored_now = when(now)
    return [
        (
            "facebook",
            c.external_id,
            post_ids[c.post_external_id],
            c.parent_external_id,
            author_key(SECRET, c.platform, c.author_identity),
            c.text,
            when(c.created_at),
            0,
            0,
            False,
            False,
            stored_now,
            stored_now,
            "pending",
        )
        for c in comments
    ]


def _raw_comments(path: Path, comments, post_ids, batch):
    conn = _raw_connection(path)
    rows = _raw_comment_rows(comments, post_ids, as_text=True)
    sql = f"INSERT INTO comment ({RAW_COMMENT_COLUMNS}) VALUES ({', '.join(['?'] * 14)})"
    clock = _Clock()
    for start in range(0, len(rows), batch):
        conn.execute("BEGIN")
        conn.executemany(sql, rows[start : start + batch])
        conn.execute("COMMIT")
    elapsed = clock.stop()
    conn.close()
    return elapsed


def _raw_observations(path: Path, observations, post_ids, batch):
    conn = _raw_connection(path)
    rows = [
        (
            post_ids[o.post_external_id],
            o.observed_at.replace(tzinfo=None).isoformat(sep=" "),
            o.metric,
            o.value,
            "total",
            o.metric == "reach",
            o.source,
        )
        for o in observations
    ]
    sql = (
        "INSERT INTO metric_observation"
        " (post_id, observed_at, metric, value, scope, is_unique, source)"
        " VALUES (?,?,?,?,?,?,?)"
    )
    clock = _Clock()
    for start in range(0, len(rows), batch):
        conn.execute("BEGIN")
        conn.executemany(sql, rows[start : start + batch])
        conn.execute("COMMIT")
    elapsed = clock.stop()
    conn.close()
    return elapsed


def _migrated_with_posts(path: Path, posts, batch):
    engine = _fresh(path)
    _pulso(engine, posts, batch)
    with transaction(engine) as session:
        from sqlalchemy import text as sql

        post_ids = dict(session.execute(sql("SELECT external_id, id FROM post")).all())
    engine.dispose()
    return post_ids


def run(scale: str = "full") -> dict:
    size = {"full": Scale(posts=20_000, observations_per_post=35, comments_per_post=10)}.get(
        scale, SCALES["small"]
    )
    posts, observations, comments = _split(campaign_pages(size))
    batch = 5_000
    figures = {
        "raw_baseline": RAW_NOTE,
        "posts": len(posts),
        "observations": len(observations),
        "comments": len(comments),
    }
    with tempfile.TemporaryDirectory() as tmp:
        for name, records, raw in (
            ("comments", comments, _raw_comments),
            ("observations", observations, _raw_observations),
        ):
            pulso_db = Path(tmp) / f"pulso-{name}.db"
            _migrated_with_posts(pulso_db, posts, batch)
            engine = make_engine(f"sqlite:///{pulso_db}")
            author_key.cache_clear()  # Pulso hashes every commenter, as a fresh process would
            pulso_seconds, pulso_cpu = _pulso(engine, records, batch)
            engine.dispose()
            figures[f"{name}_pulso_rows_per_s"] = round(len(records) / pulso_seconds)
            raw_db = Path(tmp) / f"raw-{name}.db"
            post_ids = _migrated_with_posts(raw_db, posts, batch)
            raw_seconds, raw_cpu = raw(raw_db, records, post_ids, batch)
            figures[f"{name}_raw_rows_per_s"] = round(len(records) / raw_seconds)
            figures[f"{name}_ratio_to_raw"] = round(raw_seconds / pulso_seconds, 3)
            figures[f"{name}_cpu_ratio_to_raw"] = round(raw_cpu / pulso_cpu, 3)
            figures[f"{name}_pulso_cpu_rows_per_s"] = round(len(records) / pulso_cpu)
    figures.update(run_postgresql(comments, posts, batch))
    return figures


def _pg_base_url() -> str | None:
    import os
    import subprocess

    url = os.environ.get("PULSO_BENCH_DATABASE_URL") or os.environ.get("PULSO_TEST_DATABASE_URL")
    if url:
        return url
    ready = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0
    return "postgresql+psycopg://postgres@127.0.0.1:5432/test" if ready else None


def _pg_copy_comments(engine, comments, post_ids, batch) -> float:
    """One COPY and one commit per batch, the batches Pulso writes."""
    rows = _raw_comment_rows(comments, post_ids, as_text=False)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        for start in range(0, len(rows), batch):
            with cursor.copy(f"COPY comment ({RAW_COMMENT_COLUMNS}) FROM STDIN") as copy:
                for row in rows[start : start + batch]:
                    copy.write_row(row)
            raw.commit()
        return time.perf_counter() - started
    finally:
        raw.close()


def run_postgresql(comments, posts, batch) -> dict:
    """The same comment rows on PostgreSQL: Pulso's upsert path vs raw psycopg COPY."""
    from sqlalchemy import text as sql

    base = _pg_base_url()
    if not base:
        return {"postgresql": "skipped: no server answers at 127.0.0.1:5432"}
    import os

    from tests.conftest import create_pg_schema, drop_pg_schema, pg_url_with_schema

    os.environ.setdefault("PULSO_TEST_DATABASE_URL", base)
    figures = {}
    schemas = [create_pg_schema(), create_pg_schema()]
    try:
        engines = [make_engine(pg_url_with_schema(s)) for s in schemas]
        for engine in engines:
            upgrade(engine)
            _pulso(engine, posts, batch)
        with transaction(engines[1]) as session:
            post_ids = dict(session.execute(sql("SELECT external_id, id FROM post")).all())
        author_key.cache_clear()
        pulso_seconds, _ = _pulso(engines[0], comments, batch)
        copy_seconds = _pg_copy_comments(engines[1], comments, post_ids, batch)
        for engine in engines:
            engine.dispose()
        figures["pg_comments_pulso_rows_per_s"] = round(len(comments) / pulso_seconds)
        figures["pg_comments_copy_rows_per_s"] = round(len(comments) / copy_seconds)
        figures["pg_comments_ratio_to_copy"] = round(copy_seconds / pulso_seconds, 3)
    finally:
        for schema in schemas:
            drop_pg_schema(schema)
    return figures
