"""Scheduled jobs: the cross-process lock, the runner, and the schedule under a frozen clock."""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from pulso.db import locks
from pulso.db.engine import make_engine
from pulso.jobs.scheduler import JobRegistry, JobRunner, build_scheduler, next_runs
from pulso.settings import Settings

T0 = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)
SV = ZoneInfo("America/El_Salvador")


@pytest.fixture
def lock_engine(migrated_url):
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


def test_lock_is_exclusive_until_released_or_expired(lock_engine):
    assert locks.acquire(lock_engine, "job:x", "a", ttl_seconds=60, now=T0)
    assert not locks.acquire(lock_engine, "job:x", "b", ttl_seconds=60, now=T0)
    # Still held one second before expiry; a crashed holder's lock is taken after it.
    assert not locks.acquire(
        lock_engine, "job:x", "b", ttl_seconds=60, now=T0 + dt.timedelta(seconds=59)
    )
    assert locks.acquire(
        lock_engine, "job:x", "b", ttl_seconds=60, now=T0 + dt.timedelta(seconds=61)
    )
    # The old holder can neither renew nor release what it lost.
    assert not locks.renew(lock_engine, "job:x", "a", ttl_seconds=60, now=T0)
    assert not locks.release(lock_engine, "job:x", "a")
    assert locks.release(lock_engine, "job:x", "b")
    assert locks.acquire(lock_engine, "job:x", "a", ttl_seconds=60, now=T0)
    # Different names never contend.
    assert locks.acquire(lock_engine, "job:y", "b", ttl_seconds=60, now=T0)


def test_renew_extends_the_lease(lock_engine):
    assert locks.acquire(lock_engine, "job:r", "a", ttl_seconds=60, now=T0)
    later = T0 + dt.timedelta(seconds=50)
    assert locks.renew(lock_engine, "job:r", "a", ttl_seconds=60, now=later)
    assert not locks.acquire(
        lock_engine, "job:r", "b", ttl_seconds=60, now=T0 + dt.timedelta(seconds=100)
    )


def _settings(url: str, **kw) -> Settings:
    return Settings(database_url=url, **kw)


def test_runner_skips_a_job_that_is_running_elsewhere(lock_engine, migrated_url):
    started, release = threading.Event(), threading.Event()
    calls = []

    def slow(ctx):
        calls.append(ctx.name)
        started.set()
        release.wait(10)
        return "done"

    registry = JobRegistry()
    registry.register("collect:facebook", slow)
    settings = _settings(migrated_url)
    first = JobRunner(settings=settings, engine=lock_engine, registry=registry)
    second = JobRunner(settings=settings, engine=lock_engine, registry=registry)
    results = []
    worker = threading.Thread(target=lambda: results.append(first.run("collect:facebook")))
    worker.start()
    assert started.wait(10)
    skipped = second.run("collect:facebook")
    assert skipped.ran is False
    release.set()
    worker.join(10)
    assert results[0].ran and results[0].result == "done"
    assert calls == ["collect:facebook"]
    # Released: the next run goes ahead.
    release.set()
    assert second.run("collect:facebook").ran


def test_a_failing_job_releases_its_lock(lock_engine, migrated_url):
    registry = JobRegistry()

    @registry.register("report:weekly")
    def broken(ctx):
        raise RuntimeError("smtp down")

    runner = JobRunner(settings=_settings(migrated_url), engine=lock_engine, registry=registry)
    outcome = runner.run("report:weekly")
    assert outcome.ran and outcome.error == "RuntimeError: smtp down"
    assert locks.acquire(lock_engine, "job:report:weekly", "someone", ttl_seconds=5)


def _contend(url: str, out: str, barrier) -> None:
    """In a child process: run the shared job once, recording when it ran."""
    engine = make_engine(url)
    registry = JobRegistry()

    def job(ctx):
        start = time.time()
        time.sleep(1.0)
        return [start, time.time()]

    registry.register("collect:x", job)
    runner = JobRunner(settings=Settings(database_url=url), engine=engine, registry=registry)
    barrier.wait(30)
    outcome = runner.run("collect:x")
    Path(out).write_text(json.dumps({"ran": outcome.ran, "span": outcome.result}))
    engine.dispose()


def test_two_processes_never_run_the_same_job_at_once(migrated_url, tmp_path):
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    outputs = [tmp_path / f"p{i}.json" for i in range(2)]
    procs = [
        ctx.Process(target=_contend, args=(migrated_url, str(out), barrier)) for out in outputs
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(60)
        assert proc.exitcode == 0
    results = [json.loads(out.read_text()) for out in outputs]
    assert sorted(r["ran"] for r in results) == [False, True]


def test_two_schedulers_fire_the_same_job_once(lock_engine, migrated_url):
    """Two real APScheduler schedulers (as two ``pulso serve``) share one table lock."""
    runs, lock = [], threading.Lock()

    def job(ctx):
        with lock:
            runs.append(ctx.started_at)
        time.sleep(1.0)

    registry = JobRegistry()
    registry.register("collect:disqus", job)
    settings = _settings(migrated_url, schedule_collect_disqus_hours=1)
    schedulers = []
    fire_at = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    for _ in range(2):
        runner = JobRunner(settings=settings, engine=lock_engine, registry=registry)
        scheduler = build_scheduler(runner)
        scheduler.get_job("collect:disqus") or pytest.fail("job not scheduled")
        scheduler.modify_job("collect:disqus", next_run_time=fire_at)
        schedulers.append(scheduler)
    for scheduler in schedulers:
        scheduler.start()
    time.sleep(3.0)
    for scheduler in schedulers:
        scheduler.shutdown(wait=True)
    assert len(runs) == 1


def test_schedule_under_a_frozen_clock(migrated_url):
    registry = JobRegistry()
    for name in ("collect:facebook", "collect:x", "report:weekly"):
        registry.register(name, lambda ctx: None)
    settings = _settings(
        migrated_url,
        schedule_collect_facebook_hours=6,
        schedule_collect_x_hours=0,  # off
        schedule_weekly_report_day="mon",
        schedule_weekly_report_time="8:30",
    )
    # Sunday 22 November 2026, 23:00 in San Salvador (UTC-6).
    frozen = dt.datetime(2026, 11, 22, 23, 0, tzinfo=SV)
    runs = next_runs(settings, frozen, registry)
    assert set(runs) == {"collect:facebook", "report:weekly"}  # x is off; disqus unregistered
    assert runs["report:weekly"] == dt.datetime(2026, 11, 23, 8, 30, tzinfo=SV)
    assert runs["report:weekly"].astimezone(dt.UTC).hour == 14
    assert runs["collect:facebook"] == frozen + dt.timedelta(hours=6)
    # Monday 08:30 exactly has passed a minute later: the next one is a week on.
    after = next_runs(settings, dt.datetime(2026, 11, 23, 8, 31, tzinfo=SV), registry)
    assert after["report:weekly"] == dt.datetime(2026, 11, 30, 8, 30, tzinfo=SV)


def test_schedule_settings_are_validated():
    with pytest.raises(ValidationError):
        Settings(schedule_weekly_report_time="25:00")
    with pytest.raises(ValidationError):
        Settings(schedule_weekly_report_day="someday")
    assert Settings(schedule_weekly_report_day="Monday").schedule_weekly_report_day == "mon"
