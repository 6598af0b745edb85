"""One collection run at a time per account (``db.locks``, ``collectors.base``): a second
run waits or does not start, saying so in one line; a lock left by a killed run is taken
over (at once on the same machine, after its lease expires from another one); a run that
lost its lease writes nothing more."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select

from pulso.db import locks
from pulso.db.engine import make_engine, transaction
from pulso.db.models import CollectionRun, JobLock, Post, RunStatus
from pulso.db.state import read_bookmark
from pulso.db.writer import Writer
from pulso.errors import CollectionBusy, CollectionError
from pulso.jobs.runner import LockPolicy, lock_names, run_collection
from pulso.sandbox.server import Fault
from tests.faults import ROOT
from tests.test_disqus_api import _env, build_fake, mapped  # noqa: F401  (fixture)
from tests.test_run_collection import Pager

T0 = dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)
DISQUS_LOCK = "collect:disqus:consulta-aga"


@pytest.fixture
def lock_engine(migrated_url):
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


def _elsewhere(pid: int = 4242) -> str:
    """A holder on another machine: its process cannot be looked at from here."""
    return f"other-host:{pid}:abcdef12:0123456789abcdef.4026531836"


def _runs(engine) -> list[str]:
    with transaction(engine) as session:
        return [str(s) for s in session.scalars(select(CollectionRun.status))]


def _lock_rows(engine) -> list[str]:
    with transaction(engine) as session:
        return list(session.scalars(select(JobLock.name).where(JobLock.name.like("collect:%"))))


def _sleeper() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])


# -- db.locks -------------------------------------------------------------------------------


def test_a_lease_takes_all_its_locks_or_none(lock_engine):
    first = locks.Lease(lock_engine, ["b", "a"], ttl_seconds=60, clock=lambda: T0)
    assert first.try_acquire() is None and first.names == ["a", "b"]
    # Overlapping sets: the second takes nothing, not even its free lock "c".
    second = locks.Lease(lock_engine, ["c", "b"], ttl_seconds=60, clock=lambda: T0)
    busy = second.try_acquire()
    assert busy is not None and busy.name == "b" and busy.holder == first.holder
    assert locks.held_by(lock_engine, "c") is None
    first.release()
    assert second.try_acquire() is None
    assert {locks.held_by(lock_engine, n).holder for n in ("b", "c")} == {second.holder}
    second.release()
    assert all(locks.held_by(lock_engine, n) is None for n in ("a", "b", "c"))


def test_a_lease_confirmed_in_a_transaction_fails_once_taken_over(lock_engine):
    lease = locks.Lease(lock_engine, ["job:x"], ttl_seconds=60, clock=lambda: T0)
    assert lease.try_acquire() is None
    with transaction(lock_engine) as session:
        assert lease.confirm(session)
    # Its lease ran out (a process frozen for longer than the TTL) and another took it.
    later = T0 + dt.timedelta(seconds=61)
    assert locks.acquire(lock_engine, "job:x", "successor", ttl_seconds=60, now=later)
    with transaction(lock_engine) as session:
        assert not lease.confirm(session)
    assert lease.lost
    lease.release()  # leaves the successor's lock alone
    assert locks.held_by(lock_engine, "job:x").holder == "successor"


def test_a_dead_holder_on_this_machine_is_known_a_live_or_remote_one_is_not():
    process = _sleeper()
    mine = locks.holder_id()
    host, _pid, suffix, space = mine.split(":")
    theirs = f"{host}:{process.pid}:{suffix}:{space}"
    try:
        assert not locks.holder_is_gone(theirs)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    if not space:
        pytest.skip("no /proc: a dead holder is only replaced when its lease expires")
    assert locks.holder_is_gone(theirs)
    assert not locks.holder_is_gone(mine)  # this very process
    assert not locks.holder_is_gone(_elsewhere(process.pid))  # another machine's PID
    assert not locks.holder_is_gone(f"{host}:{process.pid}:{suffix}")  # old format
    assert not locks.holder_is_gone(f"{host}:{process.pid}:{suffix}:other.1")  # other PID space


# -- run_collection -------------------------------------------------------------------------


def test_each_collector_locks_the_accounts_it_writes():
    from pulso.collectors.disqus.collector import DisqusCollector
    from pulso.collectors.facebook.collector import FacebookCollector, FacebookOptions
    from pulso.collectors.x.collector import XCollector

    facebook = FacebookCollector.__new__(FacebookCollector)
    facebook.options = FacebookOptions(page_ids=["2", "1"])
    assert lock_names(facebook) == ["collect:facebook:1", "collect:facebook:2"]
    disqus = DisqusCollector.__new__(DisqusCollector)
    disqus.forum = "consulta-aga"
    assert lock_names(disqus) == [DISQUS_LOCK]
    # Every X run spends the app's one monthly read budget: X runs take turns.
    x = XCollector.__new__(XCollector)
    x.accounts = ["a", "b"]
    assert lock_names(x) == ["collect:x:*"]
    assert lock_names(Pager()) == ["collect:facebook:*"]  # no lock_scope: the platform


def test_a_second_run_does_not_start_and_says_who_is_collecting(lock_engine):
    holder = _elsewhere()
    assert locks.acquire(lock_engine, "collect:facebook:*", holder, ttl_seconds=600)
    with pytest.raises(CollectionBusy) as caught:
        run_collection(Pager(), engine=lock_engine, writer=Writer(author_secret="k"))
    message = str(caught.value)
    assert message.startswith("another facebook collection is running for every account")
    assert "other-host pid 4242, since " in message and message.endswith("did not start")
    assert "\n" not in message
    assert _runs(lock_engine) == []  # nothing started, nothing recorded
    assert locks.held_by(lock_engine, "collect:facebook:*").holder == holder


def test_a_lock_whose_lease_expired_is_taken_over(lock_engine):
    # A run killed on another machine: its lease ran out without being renewed.
    with transaction(lock_engine) as session:
        session.add(
            JobLock(
                name="collect:facebook:*",
                holder=_elsewhere(),
                acquired_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2),
                expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1),
            )
        )
    summary = run_collection(Pager(), engine=lock_engine, writer=Writer(author_secret="k"))
    assert summary.status == "succeeded" and summary.pages == 5
    assert _lock_rows(lock_engine) == []  # released at the end


def test_a_run_waits_for_the_other_to_finish(lock_engine):
    lines: list[str] = []
    holder = _elsewhere()
    assert locks.acquire(lock_engine, "collect:facebook:*", holder, ttl_seconds=600)

    def told(line: str) -> None:  # while this run waits, the other one ends
        lines.append(line)
        locks.release(lock_engine, "collect:facebook:*", holder)

    summary = run_collection(
        Pager(),
        engine=lock_engine,
        writer=Writer(author_secret="k"),
        lock=LockPolicy(wait_seconds=3600, on_wait=told),
    )
    assert summary.status == "succeeded" and summary.pages == 5
    assert len(lines) == 1 and lines[0].startswith(
        "waiting: another facebook collection is running for every account (other-host pid 4242"
    )
    assert _lock_rows(lock_engine) == []


class _Usurped(Pager):
    """After two pages its lease is taken over (as if it froze past the TTL)."""

    def __init__(self, engine):
        super().__init__()
        self.engine = engine

    def pages(self, state):
        for n, page in enumerate(super().pages(state)):
            if n == 2:
                with transaction(self.engine) as session:
                    session.get(JobLock, "collect:facebook:*").holder = "successor"
            yield page


def test_a_run_that_lost_its_lease_writes_nothing_more(lock_engine):
    with pytest.raises(CollectionError, match="another run took it over"):
        run_collection(_Usurped(lock_engine), engine=lock_engine, writer=Writer(author_secret="k"))
    with transaction(lock_engine) as session:
        assert session.scalar(select(func.count()).select_from(Post)) == 2
        bookmark = read_bookmark(session=session, platform="facebook", account="page",
                                 stream="posts")  # fmt: skip
    assert bookmark == {"next": 2}
    assert _runs(lock_engine) == [RunStatus.FAILED.value]
    assert locks.held_by(lock_engine, "collect:facebook:*").holder == "successor"


# -- the commands ---------------------------------------------------------------------------


def test_collect_says_in_one_line_that_another_run_is_collecting(monkeypatch, cli, mapped):  # noqa: F811
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    engine = make_engine(mapped)
    with build_fake() as server:
        env = _env(mapped, server)
        live = _sleeper()  # a live process of this machine: never taken over
        host, _, suffix, space = locks.holder_id().split(":")
        try:
            assert locks.acquire(
                engine, DISQUS_LOCK, f"{host}:{live.pid}:{suffix}:{space}", ttl_seconds=600
            )
            code, out, err = cli(["collect", "disqus"], env)
            # ``pulso collect all`` (cron, the scheduler) skips it the same way.
            all_code, all_out, all_err = cli(["collect", "all"], env)
        finally:
            live.send_signal(signal.SIGKILL)
            live.wait()
        assert code == 0 and out == ""
        assert err.count("\n") == 1 and err.startswith(
            f"another disqus collection is running for consulta-aga ({host} pid {live.pid}, since "
        )
        assert err.rstrip().endswith("this run did not start")
        assert all_code == 0, all_err
        assert "collect:disqus: skipped: another disqus collection is running" in all_out
        assert server.request_count() == 0
    assert _runs(engine) == []
    engine.dispose()


def _wait_for_lock(engine, name: str, process: subprocess.Popen) -> None:
    for _ in range(600):
        if locks.held_by(engine, name) is not None or process.poll() is not None:
            return
        time.sleep(0.05)


def test_a_lock_left_by_a_killed_run_does_not_block_the_next(cli, mapped):  # noqa: F811
    engine = make_engine(mapped)
    with build_fake() as server:
        env = _env(mapped, server)
        # The killed run hangs on its first request, holding the lock, when it is killed.
        server.inject(Fault("delay", seconds=5))
        process = subprocess.Popen(
            [sys.executable, "-m", "pulso.cli", "collect", "disqus"],
            cwd=ROOT,
            env={**os.environ, **env, "PULSO_HTTP_TIMEOUT_SECONDS": "60"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for_lock(engine, DISQUS_LOCK, process)
            assert process.poll() is None, "the run ended before it could be killed"
            killed = locks.held_by(engine, DISQUS_LOCK)
            assert killed.holder.split(":")[1] == str(process.pid)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait()
        if not killed.holder.split(":")[3]:
            pytest.skip("no /proc here: the lock is taken over when its lease expires")
        # Its lease would last 10 minutes more, but its process is gone: taken over at once.
        code, out, err = cli(["collect", "disqus"], env)
        assert code == 0, err
        assert "terminada" in out  # the run's status, in the reader's language
    assert _runs(engine)[-1] == RunStatus.SUCCEEDED.value
    assert _lock_rows(engine) == []
    engine.dispose()
