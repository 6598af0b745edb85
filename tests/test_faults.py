"""Fault injection: ``pulso collect facebook|x|disqus`` run as a real process against a fake
server that answers 429s, 5xx, timeouts, dropped connections, malformed and truncated JSON,
and is SIGKILLed at random points; once a run completes, the database equals the one a
clean run leaves (same rows, no duplicates, no gaps), on SQLite and PostgreSQL.

``make test`` runs a couple of seeds per platform and backend; ``PULSO_FAULT_SEEDS=50``
runs more.
"""

from __future__ import annotations

import datetime as dt
import random
from concurrent.futures import ThreadPoolExecutor

import pytest

from pulso.sandbox.fake_graph import FakeGraph
from pulso.sandbox.fake_x import FakeX
from pulso.sandbox.fake_x_data import campaign_2018
from pulso.sandbox.server import Fault
from tests import facebook_helpers
from tests.conftest import fresh_database_url
from tests.faults import (
    canonical_dump,
    duplicates,
    last_run_status,
    no_faults,
    pulso,
    random_faults,
    run_statuses,
    seeds,
)
from tests.test_disqus_api import KEY, build_fake, sample_path

KILLED_RUNS = 3
FAULT_RATE = 0.15


def _graph():
    return FakeGraph(facebook_helpers.dataset())


def _x():
    now = dt.datetime(2018, 7, 20, 12, tzinfo=dt.UTC)
    api = FakeX(now=lambda: now)
    api.load(campaign_2018())
    return api


PLATFORMS = {
    "facebook": (
        _graph,
        lambda api: {
            "PULSO_FACEBOOK_GRAPH_URL": api.url,
            "PULSO_FACEBOOK_ACCESS_TOKEN": facebook_helpers.TOKEN,
            "PULSO_FACEBOOK_PAGE_IDS": facebook_helpers.PAGE,
        },
    ),
    "x": (
        _x,
        lambda api: {
            "PULSO_X_API_URL": api.url,
            "PULSO_X_BEARER_TOKEN": api.bearer_token,
            "PULSO_X_ACCOUNTS": "TransparenciaSV",
            "PULSO_X_FULL_ARCHIVE_SEARCH": "true",
            "PULSO_X_RATE_LIMIT_MAX_SLEEP_SECONDS": "2",
        },
    ),
    "disqus": (
        build_fake,
        lambda api: {
            "PULSO_DISQUS_API_URL": api.api_url,
            "PULSO_DISQUS_API_KEY": KEY,
            "PULSO_DISQUS_FORUM": "consulta-aga",
        },
    ),
}


def _prepare(platform: str, env: dict[str, str]) -> None:
    """A migrated database; for Disqus, the consultation and its mapped threads."""
    steps = [["db", "upgrade"]]
    if platform == "disqus":
        steps += [
            ["consultation", "load", str(sample_path("consultation_2018.json"))],
            [
                "consultation",
                "map-thread",
                "pan-2018-2020",
                "--theme",
                "salud",
                "--link",
                "http://www.consulta.example/salud",
            ],  # fmt: skip
            [
                "consultation",
                "map-thread",
                "pan-2018-2020",
                "--theme",
                "medio-ambiente",
                "--title",
                "medio ambiente",
            ],  # fmt: skip
        ]
    for args in steps:
        code, err = pulso(args, env)
        assert code == 0, err


@pytest.fixture(scope="module")
def clean_runs(tmp_path_factory):
    """The reference: each platform collected once, without faults, per backend."""
    made, cleanups = {}, []

    def get(platform: str, backend: str):
        if (platform, backend) not in made:
            url, cleanup = fresh_database_url(backend, tmp_path_factory.mktemp("clean"))
            cleanups.append(cleanup)
            build, settings = PLATFORMS[platform]
            with build() as api:
                env = {"PULSO_DATABASE_URL": url, **settings(api)}
                _prepare(platform, env)
                started = dt.datetime.now()
                code, err = pulso(["collect", platform], env)
                seconds = (dt.datetime.now() - started).total_seconds()
                assert code == 0, err
            made[platform, backend] = canonical_dump(url), seconds
        return made[platform, backend]

    yield get
    for cleanup in cleanups:
        cleanup()


@pytest.mark.parametrize("seed", seeds(1))
@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_faults_and_kills_end_in_the_clean_database(platform, seed, backend, clean_runs, tmp_path):
    expected, clean_seconds = clean_runs(platform, backend)
    assert expected["posts"] or expected["comments"], "the clean run collected nothing"
    rng = random.Random(f"{platform}-{seed}")
    url, cleanup = fresh_database_url(backend, tmp_path)
    build, settings = PLATFORMS[platform]
    outcomes = []
    try:
        with build() as api:
            env = {"PULSO_DATABASE_URL": url, **settings(api)}
            _prepare(platform, env)
            random_faults(api, platform, rng, FAULT_RATE)
            for n in range(KILLED_RUNS):
                # Killed anywhere from start-up to past a clean run's length (the first
                # always before a clean run would end).
                delay = rng.uniform(0.3, (0.8 if n == 0 else 2) * clean_seconds + 0.3)
                outcomes.append(pulso(["collect", platform], env, kill_after=delay))
            # Run on with faults until a run completes; the last one has none.
            for attempt in range(4):
                if attempt == 3:
                    no_faults(api)
                code, err = pulso(["collect", platform], env)
                outcomes.append((code, err))
                # Exit 0 also ends a clean, planned stop (e.g. Disqus's hourly limit), which
                # resumes on the next run: only a succeeded run means the data is all in.
                if code == 0 and last_run_status(url) == "succeeded":
                    break
            assert code == 0 and last_run_status(url) == "succeeded", outcomes
            assert api.injected, "no fault was injected"
        got = canonical_dump(url)
    finally:
        cleanup()
    assert duplicates(got) == {"posts": [], "comments": [], "proposals": []}
    for table in expected:
        assert got[table] == expected[table], (table, outcomes)
    for _code, err in outcomes:
        assert "Traceback" not in err, err


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
def test_two_collectors_for_the_same_account_at_once(platform, backend, clean_runs, tmp_path):
    """Two real collector processes, one fake server, one database: one waits for the
    other's collection lock, both finish, without "database is locked" or a deadlock, and
    leave what one clean run leaves, bookmarks included."""
    expected, _ = clean_runs(platform, backend)
    url, cleanup = fresh_database_url(backend, tmp_path)
    build, settings = PLATFORMS[platform]
    try:
        with build() as api:
            env = {"PULSO_DATABASE_URL": url, **settings(api)}
            _prepare(platform, env)
            # The second waits for the first: room for two runs on a busy machine.
            env["PULSO_COLLECT_LOCK_WAIT_SECONDS"] = "300"
            with ThreadPoolExecutor(2) as pool:
                runs = list(
                    pool.map(lambda _: pulso(["collect", platform], env, limit=600), range(2))
                )
        got = canonical_dump(url)
        statuses = run_statuses(url)
    finally:
        cleanup()
    for code, err in runs:
        assert code == 0, err
        assert "locked" not in err and "deadlock" not in err.lower(), err
    # Both ran, one after the other (neither gave up on the lock).
    assert statuses == ["succeeded", "succeeded"], runs
    assert duplicates(got) == {"posts": [], "comments": [], "proposals": []}
    for table in expected:
        assert got[table] == expected[table], table


def test_a_run_stopped_between_posts_and_insights_still_reads_them(cli, migrated_url):
    """Found by this suite: posts were stored with their page, and a run that died before
    their insights batch left them without metrics for good once they left the refresh
    window (they were no longer "new")."""
    expired = {"error": {"message": "Error validating access token", "type": "OAuthException",
                         "code": 190}}  # fmt: skip
    with _graph() as api:
        env = {"PULSO_DATABASE_URL": migrated_url, **PLATFORMS["facebook"][1](api)}
        env["PULSO_HTTP_BACKOFF_BASE_SECONDS"] = "0.01"
        # Batch requests (insights, comments) are POSTs: the token expires right there.
        api._take_fault = lambda r: Fault("status", 400, expired) if r.method == "POST" else None
        code, _, err = cli(["collect", "facebook"], env)
        assert code == 1 and "token" in err
        assert (
            canonical_dump(migrated_url)["posts"]
            and not canonical_dump(migrated_url)["observations"]
        )
        no_faults(api)
        code, _, err = cli(["collect", "facebook"], env)
        assert code == 0, err
    assert len(canonical_dump(migrated_url)["observations"]) > 0
