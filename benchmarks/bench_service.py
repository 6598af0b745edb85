"""Service latency: ``pulso serve`` (uvicorn, its default worker processes) on a
campaign-sized SQLite database, 20 concurrent clients on loopback asking for the posts page,
the review queue and the API list endpoints; then one client alone (the latency without
queueing). Figures: p50/p95 per endpoint in milliseconds and requests per second; baseline
measured in the same run: ``/login`` (a page without database work), so the ratio says how
much the data costs. Target (issue 10): p95 under 150 ms with 20 clients.

The database is built by ``bench_analytics.build`` (posts and observations) plus comments
awaiting review, half of them scored by a model (the review queue's two orders), and a
consultation with eight themes and proposals taken from comments; the scale is printed
with the figures. Page clients log in before the clock starts, and all 20 start
together, so pages and API endpoints see the same concurrency.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from sqlalchemy.orm import Session

from benchmarks.bench_analytics import build
from pulso.db.engine import make_engine
from pulso.web.users import add_user, issue_token

ROOT = Path(__file__).resolve().parents[1]
# posts, snapshots, comments: "full" is issue 10's scale (100,000 posts, 10 million
# observations, a million comments); building it takes about 4 minutes of the run.
SCALES = {"small": (5_000, 10, 20_000), "full": (100_000, 10, 1_000_000)}
PROPOSALS = {"small": 1_000, "full": 20_000}
CLIENTS = 20
REQUESTS_PER_CLIENT = 20
SINGLE_CLIENT_REQUESTS = 30
DEADLINE_SECONDS = 40  # per endpoint: bounded even when the server is slow
PASSWORD = "bench password 2018"
ENDPOINTS = {
    "login_page_baseline": ("/login", "page"),
    "posts_page": ("/posts", "page"),
    "review_queue": ("/review", "page"),
    "api_posts": ("/api/v1/posts?per_page=50", "api"),
    "api_comments": ("/api/v1/comments?per_page=50", "api"),
    "api_metrics": ("/api/v1/metrics?per_page=50", "api"),
    "api_proposals": ("/api/v1/proposals?per_page=50", "api"),
}


def _comments(path: Path, count: int, posts: int) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute(
        """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO comment (platform, external_id, post_id, text, created_at, like_count,
            reply_count, is_hidden, is_deleted, first_seen_at, last_seen_at, review_status)
        SELECT 'facebook', 'c' || i, 1 + i % ?, 'propongo que publiquen datos ' || i,
               datetime('2018-06-18', '+' || i || ' minutes'), 0, 0, 0, 0,
               datetime('now'), datetime('now'), 'pending'
        FROM n""",
        (count, posts),
    )
    # Every other comment scored by a model (as ``pulso extraction score`` would).
    conn.execute(
        """INSERT INTO suggestion (comment_id, model_version, proposal_score, evidence, themes,
                                   abuse_score, sentiment, created_at)
        SELECT id, 'bench-1', (id * 7919 % 100003) / 100003.0, '{}', '{"themes": []}', 0.0,
               'neutral', datetime('now')
        FROM comment WHERE id % 2 = 0"""
    )
    conn.execute("COMMIT")
    conn.close()


THEMES = ("salud", "educacion", "seguridad", "agua", "medio-ambiente", "transparencia",
          "obras-publicas", "participacion")  # fmt: skip


def _consultation(path: Path, proposals: int, comments: int) -> None:
    """A consultation with eight themes (the review queue offers them for every comment) and
    ``proposals`` proposals taken from comments, spread over themes and statuses."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO consultation (slug, name, timezone, created_at) VALUES "
        "('bench', 'Consulta de prueba', 'America/El_Salvador', datetime('now'))"
    )
    conn.executemany(
        "INSERT INTO theme (consultation_id, slug, name_es, position) VALUES (1, ?, ?, ?)",
        [(slug, slug.replace("-", " ").capitalize(), i) for i, slug in enumerate(THEMES)],
    )
    conn.execute(
        """WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO proposal (consultation_id, theme_id, channel, source_key,
            source_comment_id, text, received_at, in_template, status)
        SELECT 1, 1 + i % 8, 'facebook', 'comment:' || i, 1 + (i * 37) % ?,
               'propuesta ciudadana número ' || i,
               datetime('2018-06-18', '+' || (i * 3) || ' minutes'), 0,
               CASE i % 3 WHEN 0 THEN 'received' WHEN 1 THEN 'in_review'
                          ELSE 'sent_to_institution' END
        FROM n""",
        (proposals, comments),
    )
    conn.execute("COMMIT")
    conn.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(url: str):
    """``pulso serve`` on a free local port over the database at ``url``: yields the base
    address and the server process once /login answers; stops the server on leaving."""
    port = _free_port()
    env = {**os.environ, "PULSO_DATABASE_URL": url,
           "PULSO_WEB_SESSION_SECRET": "bench-session-secret-0123456789abcdef"}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-m", "pulso.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--no-scheduler"],  # fmt: skip
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                requests.get(f"{base}/login", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=30)


def add_ratios_to_login(figures: dict, names) -> None:
    """Each endpoint's p95 as a multiple of the /login baseline measured in the same run."""
    baseline = figures["login_page_baseline_p95_ms"] or 1
    for name in names:
        if name != "login_page_baseline":
            figures[f"{name}_p95_ratio_to_login"] = round(figures[f"{name}_p95_ms"] / baseline, 1)


def _login(base: str) -> requests.Session:
    client = requests.Session()
    form = client.get(f"{base}/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    answer = client.post(
        f"{base}/login",
        data={"username": "bench", "password": PASSWORD, "csrf_token": csrf, "next": "/"},
        allow_redirects=False,
    )
    assert answer.status_code == 303, answer.status_code
    return client


class _Client:
    """One client's keep-alive connection: ``http.client``, not ``requests``. The clients share
    the server's cores, and ``requests`` spent 3 to 4 times the CPU per request (a /login
    baseline under 20 clients: p95 35-43 ms with it, 9-12 ms with this), time the server
    lost. A ``Connection: close`` answer is followed by a new connection, as a browser does."""

    def __init__(self, port: int, headers: dict[str, str]) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = headers

    def get(self, path: str) -> int:
        try:
            self.connection.request("GET", path, headers=self.headers)
            answer = self.connection.getresponse()
            answer.read()
            return answer.status
        except (OSError, http.client.HTTPException):  # a reset under load is an error
            self.connection.close()
            return 0

    def close(self) -> None:
        self.connection.close()


def _headers(base: str, kind: str, path: str, token: str) -> dict[str, str]:
    if kind == "api":
        return {"Authorization": f"Bearer {token}"}
    if path == "/login":
        return {}
    cookies = _login(base).cookies
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items())}


def _load(
    base: str,
    path: str,
    kind: str,
    token: str,
    clients: int,
    requests_each: int,
    server_pid: int | None = None,
) -> dict:
    """``clients`` clients (logged in first) start together and each asks ``requests_each``
    times; latencies of every request, the CPU time ``server_pid`` spent on them and the
    share of a core the clients themselves used."""
    latencies: list[float] = []
    errors = 0
    port = int(base.rsplit(":", 1)[1])
    sessions = [_Client(port, _headers(base, kind, path, token)) for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    deadline = 0.0

    def client_loop(client: _Client):
        nonlocal errors
        # One untimed request each first: a running service has its connections open, its
        # statements compiled and its templates loaded.
        client.get(path)
        start.wait()
        for _ in range(requests_each):
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            ok = client.get(path) == 200
            latencies.append(time.perf_counter() - started)
            errors += not ok

    threads = [threading.Thread(target=client_loop, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + DEADLINE_SECONDS
    started = time.perf_counter()
    start.wait()  # every client has logged in and made its warm-up request
    cpu_before = _cpu_seconds(server_pid) if server_pid else 0.0
    own_before = time.process_time()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu_used = _cpu_seconds(server_pid) - cpu_before if server_pid else 0.0
    own_used = time.process_time() - own_before
    for session in sessions:
        session.close()
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "errors": errors,
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 1),
        "rps": round(len(ordered) / wall, 1),
        # With every client waiting on the same cores, p95 cannot be much below
        # clients x this / cores.
        "server_cpu_ms_per_request": round(1000 * cpu_used / max(1, len(ordered)), 1),
        # The clients run on the same machine: what they took, the server could not use.
        "clients_cpu_share_of_a_core": round(own_used / wall, 2),
    }


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and its children so far (Linux /proc;
    0.0 where there is none)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    total = 0.0
    for each in [pid, *map(int, children)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _others() -> str:
    """What else kept the machine busy: the load average and the busiest other processes."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        top = subprocess.run(
            ["ps", "-eo", "pcpu,comm", "--sort=-pcpu", "--no-headers"],
            capture_output=True, text=True, timeout=10, check=False,
        ).stdout.split("\n")[:4]  # fmt: skip
    except OSError:
        top = []
    busiest = "; ".join(" ".join(line.split()) for line in top if line.strip())
    return f"load average {load}; busiest processes (% CPU): {busiest}"


def run(scale: str = "full") -> dict:
    from pulso.cli.web import worker_count
    from pulso.settings import Settings

    posts, snapshots, comments = SCALES.get(scale, SCALES["small"])
    figures: dict = {"posts": posts, "clients": CLIENTS}
    with tempfile.TemporaryDirectory(dir=os.environ.get("PULSO_BENCH_TMP")) as tmp:
        path = Path(tmp) / "service.db"
        started = time.perf_counter()
        figures["observations"] = build(path, posts, snapshots)
        _comments(path, comments, posts)
        figures["comments"] = comments
        figures["proposals"] = PROPOSALS.get(scale, PROPOSALS["small"])
        _consultation(path, figures["proposals"], comments)
        figures["build_seconds"] = round(time.perf_counter() - started, 1)
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        with Session(engine) as session:
            add_user(session=session, username="bench", password=PASSWORD, role="admin")
            token = issue_token(session=session, username="bench")
            session.commit()
        engine.dispose()
        figures["workers"] = worker_count(Settings().web_workers)  # what serve will start
        figures["threads_per_worker"] = Settings().web_threads
        with served(url) as (base, server):
            figures["machine_load_before"] = _others()
            for name, (endpoint, kind) in ENDPOINTS.items():
                result = _load(
                    base, endpoint, kind, token, CLIENTS, REQUESTS_PER_CLIENT, server.pid
                )
                for key, value in result.items():
                    figures[f"{name}_{key}"] = value
            add_ratios_to_login(figures, ENDPOINTS)
            for name, (endpoint, kind) in ENDPOINTS.items():
                alone = _load(base, endpoint, kind, token, 1, SINGLE_CLIENT_REQUESTS, server.pid)
                figures[f"{name}_single_client_p50_ms"] = alone["p50_ms"]
                figures[f"{name}_single_client_p95_ms"] = alone["p95_ms"]
                figures[f"{name}_single_client_server_cpu_ms_per_request"] = alone[
                    "server_cpu_ms_per_request"
                ]
            figures["machine_load_after"] = _others()
    figures["cores"] = os.cpu_count()
    figures["target"] = "p95 under 150 ms with 20 clients"
    return figures
