"""The dashboard and the API answer while a collector process writes: every read succeeds,
the collection finishes, and nobody sees "database is locked" (SQLite in WAL mode with a
busy timeout; PostgreSQL's MVCC)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from pulso.db.engine import make_engine
from pulso.settings import Settings
from pulso.web.app import create_app
from tests import web_data
from tests.faults import ROOT
from tests.test_faults import PLATFORMS
from tests.web_client import SECRET, bearer, login

READS = ["/api/v1/posts?per_page=50", "/api/v1/comments", "/api/v1/metrics", "/posts", "/review",
         "/"]  # fmt: skip


def test_pages_and_api_answer_while_a_collection_writes(migrated_url):
    engine = make_engine(migrated_url)
    with Session(engine) as session:
        data = web_data.build(session)
        session.commit()
    app = create_app(Settings(database_url=migrated_url, web_session_secret=SECRET), engine=engine)
    client = TestClient(app, base_url="http://testserver", follow_redirects=False)
    assert login(client, "ana").status_code == 303
    build, settings = PLATFORMS["x"]
    statuses: dict[int, int] = {}
    reads = 0
    try:
        with build() as api:
            env = {**os.environ, "PULSO_DATABASE_URL": migrated_url, **settings(api)}
            process = subprocess.Popen(
                [sys.executable, "-m", "pulso.cli", "collect", "x"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            deadline = time.monotonic() + 120
            while process.poll() is None and time.monotonic() < deadline:
                for path in READS:
                    headers = bearer(data.tokens["ana"]) if path.startswith("/api") else {}
                    status = client.get(path, headers=headers).status_code
                    statuses[status] = statuses.get(status, 0) + 1
                    reads += 1
            _, err = process.communicate(timeout=60)
    finally:
        engine.dispose()
    assert process.returncode == 0, err
    assert "locked" not in err, err
    assert reads >= len(READS)
    assert statuses == {200: reads}
    final = client.get("/api/v1/posts?per_page=1", headers=bearer(data.tokens["ana"])).json()
    assert final["total"] == len(data.posts) + 78  # the X campaign's 78 posts
