"""How the service runs: GET requests read without SQLite's write lock, security headers on
every answer, several worker processes with the scheduled jobs once, no Nagle delay."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.cli.web import worker_count
from pulso.db.engine import make_engine, make_sessionmaker, read_only
from pulso.db.models import Post
from pulso.settings import Settings
from pulso.web.app import SECURITY_HEADERS, create_app
from pulso.web.serving import no_delay
from tests import web_data
from tests.web_client import SECRET, bearer, login

ROOT = Path(__file__).resolve().parents[1]


def _sqlite_file(url: str) -> str:
    if not url.startswith("sqlite"):
        pytest.skip("SQLite's write lock")
    return url.removeprefix("sqlite:///")


def _hold_write_lock(path: str) -> sqlite3.Connection:
    """Another process's writer in the middle of a transaction (gives up at once if the
    lock is taken)."""
    writer = sqlite3.connect(path, timeout=0, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE post SET label = label")
    return writer


def test_a_read_only_transaction_leaves_the_write_lock_free(migrated_url):
    path = _sqlite_file(migrated_url)
    engine = make_engine(migrated_url)
    try:
        with make_sessionmaker(engine, reads_only=True)() as reader:
            reader.execute(select(Post.id)).all()  # its transaction is open
            assert reader.connection().engine is not engine  # the read-only proxy
            writer = _hold_write_lock(path)  # would fail at once if the reader held it
            writer.execute("ROLLBACK")
            writer.close()
        # A writer's session still takes the lock when it begins.
        with make_sessionmaker(engine)() as session:
            session.execute(select(Post.id)).all()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                _hold_write_lock(path)
        assert read_only(engine).get_execution_options()["pulso_read_only"] is True
    finally:
        engine.dispose()


def test_pages_and_the_api_answer_while_a_writer_holds_the_lock(migrated_url):
    path = _sqlite_file(migrated_url)
    engine = make_engine(migrated_url)
    with Session(engine) as session:
        data = web_data.build(session)
        session.commit()
    app = create_app(Settings(database_url=migrated_url, web_session_secret=SECRET), engine=engine)
    client = TestClient(app, base_url="http://testserver", follow_redirects=False)
    try:
        assert login(client, "ana").status_code == 303
        writer = _hold_write_lock(path)
        try:
            for page in ("/", "/posts", "/review", "/proposals"):
                assert client.get(page).status_code == 200, page
            for endpoint in ("/api/v1/posts", "/api/v1/comments", "/api/v1/metrics"):
                answer = client.get(endpoint, headers=bearer(data.tokens["ana"]))
                assert answer.status_code == 200, endpoint
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    finally:
        engine.dispose()


def test_every_answer_carries_the_security_headers(session):
    from tests.web_client import make_client

    data = web_data.build(session)
    client = make_client(session)
    answers = [
        client.get("/login"),
        client.get("/posts"),  # a redirect to log in
        client.get("/api/v1/posts"),  # 401
        client.get("/api/v1/posts", headers=bearer(data.tokens["ana"])),
        client.get("/no-such-page"),
    ]
    for answer in answers:
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers[name] == value, (answer.request.url, name)
        assert answer.headers["cache-control"] == "no-store"
    static = client.get("/static/review.js")
    assert static.status_code == 200 and static.headers["x-frame-options"] == "DENY"
    assert "no-store" not in static.headers.get("cache-control", "")


def test_worker_count():
    assert worker_count(3) == 3
    assert 1 <= worker_count(0) <= 4
    assert worker_count(0) == max(1, min(os.cpu_count() or 1, 4))


def test_no_delay_turns_nagles_algorithm_off():
    """Like the listening socket uvicorn binds for several workers: proto 0, so asyncio
    leaves Nagle on for the connections it accepts."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()) as client:
            accepted, _ = listener.accept()
            with accepted:
                assert accepted.proto == 0
                assert not accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)

                class Transport:
                    def get_extra_info(self, name):
                        return accepted if name == "socket" else None

                no_delay(Transport())
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
                assert client  # still connected


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_several_workers_and_the_scheduler_once(monkeypatch, migrated_url, tmp_path):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    port = _free_port()
    env = {**os.environ, "PULSO_DATABASE_URL": migrated_url, "PULSO_WEB_SESSION_SECRET": SECRET,
           "PULSO_WEB_WORKERS": "2", "PULSO_WEB_REPORTS_DIR": str(tmp_path)}  # fmt: skip
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "pulso.cli", "serve", "--port", str(port)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            client = requests.Session()
            for _ in range(300):
                try:
                    client.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except requests.ConnectionError:
                    assert server.poll() is None, log.read_text()
                    time.sleep(0.2)
            # Keep-alive requests on one connection.
            answers = [client.get(f"http://127.0.0.1:{port}/login", timeout=10) for _ in range(5)]
            assert [a.status_code for a in answers] == [200] * 5
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    assert text.count("web workers: 2") == 1
    assert text.count("scheduled jobs:") == 1  # in the supervising process only
    assert text.count("Started server process") == 2, text


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({}, "error: PULSO_WEB_SESSION_SECRET is not set"),
        ({"PULSO_WEB_SESSION_SECRET": "changeme"},
         "error: PULSO_WEB_SESSION_SECRET is a placeholder; set a real secret"),
        ({"PULSO_WEB_SESSION_SECRET": " CHANGEME "},
         "error: PULSO_WEB_SESSION_SECRET is a placeholder; set a real secret"),
        ({"PULSO_WEB_SESSION_SECRET": SECRET, "PULSO_TIMEZONE": "Mars/Olympus"},
         "error: invalid settings: PULSO_TIMEZONE: Value error, unknown time zone "
         "'Mars/Olympus' (e.g. America/El_Salvador)"),
    ],
)  # fmt: skip
def test_serve_refuses_bad_settings_before_anything_starts(
    monkeypatch, migrated_url, settings, message
):
    """Several workers and the scheduler, as in production: nothing starts, one line says
    why, the exit status is not 0 (no worker dying with a traceback while the supervisor
    keeps running)."""
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    env = {k: v for k, v in os.environ.items() if k != "PULSO_WEB_SESSION_SECRET"}
    env.update({"PULSO_DATABASE_URL": migrated_url, "PULSO_WEB_WORKERS": "2",
                "PULSO_TESTING": "0", **settings})  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "pulso.cli", "serve", "--port", str(_free_port())],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode != 0
    assert done.stderr.splitlines() == [message], done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("threads", [1, 3])
def test_each_worker_runs_web_threads_requests_at_a_time(threads):
    import anyio.to_thread

    config = Settings(database_url="sqlite://", web_session_secret=SECRET, web_threads=threads)
    with TestClient(create_app(config)) as client:
        tokens = client.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
        assert tokens == threads
        assert client.get("/healthz").json() == {"status": "ok"}


def test_a_worker_freezes_its_startup_heap(migrated_url):
    """A worker's start-up objects are out of the full collections' reach (gc.freeze), and
    garbage made later is still collected. In a child process: freezing is for good."""
    script = (
        "import gc\n"
        "from web.app import app_from_settings\n"
        "assert gc.get_freeze_count() == 0\n"
        "app = app_from_settings()\n"
        "frozen = gc.get_freeze_count()\n"
        "assert frozen > 10_000, frozen\n"
        "cycle = []\n"
        "cycle.append(cycle)\n"
        "del cycle\n"
        "assert gc.collect() >= 1\n"
        "print('frozen', frozen)\n"
    )
    env = {**os.environ, "PULSO_DATABASE_URL": migrated_url, "PULSO_WEB_SESSION_SECRET": SECRET}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("frozen ")
