"""Pieces of the fault-injection suite: random faults in a fake server, the collector as a
killable subprocess, and a canonical dump of what a collection leaves in the database.

The dump names rows by their natural keys (platform + external id, source key, ...), never
by surrogate ids or wall-clock stamps (``first_seen_at``, ``observed_at``), which differ
between two correct runs; everything a collection decides is in it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from pulso.db.engine import make_engine
from pulso.sandbox.server import FakeAPI, Fault

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("429", "500", "503", "timeout", "reset", "malformed", "truncated")
CLIENT_TIMEOUT = 0.4  # seconds: a "timeout" fault sleeps longer than this

# Counters of a run's cost rather than bookmarks: a run that was killed and retried reads
# more, by design, so they are left out of the comparison.
NOT_BOOKMARKS = ("reads",)


def seeds(default: int) -> list[int]:
    """``PULSO_FAULT_SEEDS`` raises the number of random seeds (``make test`` runs a few)."""
    return list(range(int(os.environ.get("PULSO_FAULT_SEEDS") or default)))


def rate_limited(platform: str) -> Fault:
    reset = str(int(time.time()) + 1)
    if platform == "facebook":
        body = {"error": {"message": "(#4) Application request limit reached", "code": 4,
                          "type": "OAuthException", "is_transient": True}}  # fmt: skip
        return Fault("status", 429, body)
    if platform == "x":
        body = {"title": "Too Many Requests", "detail": "Too Many Requests", "status": 429,
                "type": "about:blank"}  # fmt: skip
        return Fault("status", 429, body, {"x-rate-limit-reset": reset})
    body = {"code": 13, "response": "You have exceeded your hourly limit of requests"}
    return Fault("status", 429, body, {"X-Ratelimit-Reset": reset})


def random_faults(api: FakeAPI, platform: str, rng: random.Random, rate: float) -> None:
    """From now on a fraction ``rate`` of requests fails, each with a random kind of fault."""

    seen = []

    def take(request):
        seen.append(request.path)
        # Small datasets take few requests: the second one always fails, so that every
        # seed injects at least one fault.
        if rng.random() >= rate and not (len(seen) == 2 and not api.injected):
            return None
        kind = rng.choice(KINDS)
        api.injected.append(kind)
        if kind == "429":
            return rate_limited(platform)
        if kind in ("500", "503"):
            return Fault("status", int(kind), {"error": "injected"})
        if kind == "timeout":
            return Fault("delay", seconds=CLIENT_TIMEOUT + 0.3)
        return Fault(kind)

    api.injected = []
    api._take_fault = take


def no_faults(api: FakeAPI) -> None:
    api._take_fault = lambda request: None


def pulso(
    args: list[str], env: dict[str, str], *, kill_after: float | None = None, limit: float = 120
):
    """Run ``pulso ARGS`` in a subprocess; SIGKILL it after ``kill_after`` seconds (or, as a
    hung run, after ``limit``).

    Returns (exit code or "killed", stderr).
    """
    full_env = {**os.environ, **env, "PULSO_HTTP_TIMEOUT_SECONDS": str(CLIENT_TIMEOUT)}
    full_env.setdefault("PULSO_HTTP_BACKOFF_BASE_SECONDS", "0.01")
    full_env.setdefault("PULSO_HTTP_BACKOFF_CAP_SECONDS", "0.2")
    process = subprocess.Popen(
        [sys.executable, "-m", "pulso.cli", *args],
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _, err = process.communicate(timeout=kill_after if kill_after is not None else limit)
        return process.returncode, err
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        _, err = process.communicate()
        return "killed", err


def last_run_status(url: str) -> str | None:
    """Status of the newest collection run in the database at ``url``."""
    from sqlalchemy import select

    from pulso.db.engine import make_engine, transaction
    from pulso.db.models import CollectionRun

    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            status = session.scalar(
                select(CollectionRun.status).order_by(CollectionRun.id.desc()).limit(1)
            )
    finally:
        engine.dispose()
    return None if status is None else str(status.value if hasattr(status, "value") else status)


def run_statuses(url: str) -> list[str]:
    """Statuses of every collection run in the database at ``url``, oldest first."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT status FROM collection_run ORDER BY id"))
            return [str(status).lower() for (status,) in rows]
    finally:
        engine.dispose()


def canonical_dump(url: str) -> dict[str, list]:
    """What a collection decided, by natural keys, sorted (duplicates stay visible)."""
    queries = {
        "posts": """SELECT p.platform, p.external_id, a.external_id, p.kind, p.permalink,
                p.published_at, p.text, p.is_boosted, p.is_deleted
            FROM post p LEFT JOIN account a ON a.id = p.account_id""",
        "comments": """SELECT c.platform, c.external_id, p.external_id, c.thread_key,
                parent.external_id, c.parent_external_id, c.author_key, c.author_name, c.text,
                c.created_at, c.like_count, c.reply_count, c.is_hidden, c.is_deleted,
                c.permalink, c.review_status
            FROM comment c LEFT JOIN post p ON p.id = c.post_id
            LEFT JOIN comment parent ON parent.id = c.parent_id""",
        "observations": """SELECT p.platform, p.external_id, o.metric, o.scope, o.value,
                o.is_unique, o.source
            FROM metric_observation o JOIN post p ON p.id = o.post_id""",
        "latest": """SELECT p.platform, p.external_id, l.metric, l.scope, l.value
            FROM metric_latest l JOIN post p ON p.id = l.post_id""",
        "proposals": """SELECT pr.source_key, pr.channel, t.slug, pr.text, pr.status,
                pr.received_at, c.external_id, pe.key
            FROM proposal pr LEFT JOIN theme t ON t.id = pr.theme_id
            LEFT JOIN comment c ON c.id = pr.source_comment_id
            LEFT JOIN proposal_submitter ps ON ps.proposal_id = pr.id
            LEFT JOIN person pe ON pe.id = ps.person_id""",
        "bookmarks": """SELECT platform, account, stream, partition, cursor FROM sync_state""",
        "promotions": """SELECT p.external_id, pr.external_id, pr.spend
            FROM promotion pr JOIN post p ON p.id = pr.post_id""",
    }
    engine = make_engine(url)
    dump = {}
    try:
        with engine.connect() as conn:
            for name, sql in queries.items():
                rows = [tuple(_plain(v) for v in row) for row in conn.execute(text(sql))]
                if name == "bookmarks":
                    rows = [r for r in rows if r[2] not in NOT_BOOKMARKS]
                dump[name] = sorted(rows, key=repr)
    finally:
        engine.dispose()
    return dump


def _plain(value):
    if isinstance(value, str) and value[:1] in "{[":
        try:  # JSON stored as text on SQLite, as jsonb on PostgreSQL
            value = json.loads(value)
        except ValueError:
            return value
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:19]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def duplicates(dump: dict[str, list]) -> dict[str, list]:
    keyed = {"posts": 2, "comments": 2, "proposals": 1}
    out = {}
    for name, width in keyed.items():
        counts = Counter(row[:width] for row in dump[name])
        out[name] = [key for key, n in counts.items() if n > 1]
    return out
