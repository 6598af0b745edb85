"""Security checks: the API never answers 5xx to any request its OpenAPI schema allows
(schemathesis), and secrets never reach logs, pages or error lines."""

from __future__ import annotations

import logging
import os

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session

from pulso.db.engine import make_engine
from pulso.settings import Settings
from pulso.web.app import create_app
from tests import web_data
from tests.web_client import SECRET

EXAMPLES = int(os.environ.get("PULSO_SCHEMATHESIS_EXAMPLES") or 15)


@pytest.fixture
def web(migrated_url):
    engine = make_engine(migrated_url)
    with Session(engine) as session:
        data = web_data.build(session)
        session.commit()
    app = create_app(Settings(database_url=migrated_url, web_session_secret=SECRET), engine=engine)
    yield app, data
    engine.dispose()


def test_the_api_never_answers_5xx(web):
    """Every operation, with generated parameters (bounded examples), for an admin, an
    institution and a bad token."""
    app, data = web
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    tokens = (data.tokens["ana"], data.tokens["minsal"], "not-a-token")
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def check(case):
            for token in tokens:
                response = case.call(headers={"Authorization": f"Bearer {token}"})
                assert response.status_code < 500, (case.path, case.query, response.text[:300])

        check()


def test_the_schema_is_served(web):
    app, _ = web
    paths = TestClient(app).get("/openapi.json").json()["paths"]
    assert "/api/v1/posts" in paths and "/api/v1/proposals/{proposal_id}" in str(paths)


def _all_logs_at_debug(caplog):
    caplog.set_level(logging.DEBUG)
    for name in ("urllib3", "requests", "tweepy", "httpx", "sqlalchemy"):
        # Through caplog, so the level is restored after the test (set on the logger itself,
        # it stayed at DEBUG for every later test: SQL echo and all).
        caplog.set_level(logging.DEBUG, logger=name)


@pytest.mark.parametrize("platform", ["facebook", "x", "disqus"])
def test_collector_tokens_never_reach_logs_or_output(platform, cli, migrated_url, caplog):
    """A collection with faults (so retries and warnings are logged), everything at DEBUG:
    the configured secrets appear nowhere in the logs, stdout or stderr."""
    from pulso.sandbox.server import Fault
    from tests.test_faults import PLATFORMS, _prepare

    build, settings = PLATFORMS[platform]
    _all_logs_at_debug(caplog)
    with build() as api:
        env = {"PULSO_DATABASE_URL": migrated_url, "PULSO_HTTP_BACKOFF_BASE_SECONDS": "0.01",
               **settings(api)}  # fmt: skip
        _prepare(platform, env)
        secrets = [v for k, v in env.items() if k.endswith(("TOKEN", "KEY", "SECRET"))]
        assert secrets
        for kind in ("status", "malformed", "reset"):
            api.inject(Fault(kind, 503))
        code, out, err = cli(["collect", platform], env)
        # An invalid token must not be echoed either.
        wrong = {k: v + "-wrong" for k, v in env.items() if v in secrets}
        code_wrong, out_wrong, err_wrong = cli(["collect", platform], {**env, **wrong})
    assert code == 0, err
    assert code_wrong != 0
    text = "\n".join([caplog.text, out, err, out_wrong, err_wrong])
    assert "retrying" in text  # the faults were logged
    for secret in secrets:
        assert secret not in text


def test_the_password_never_reaches_logs_or_pages(web, caplog):
    from tests.web_client import csrf_of

    app, data = web
    _all_logs_at_debug(caplog)
    client = TestClient(app, base_url="http://testserver", follow_redirects=False)
    bodies = []
    wrong = web_data.PASSWORD + " typo"
    for password in (wrong, web_data.PASSWORD):
        form = client.get("/login")
        answer = client.post("/login", data={"username": "ana", "password": password,
                             "csrf_token": csrf_of(form.text), "next": "/"})  # fmt: skip
        bodies += [form.text, answer.text, str(answer.headers)]
    assert answer.status_code == 303
    for path in ("/", "/posts", "/review", "/runs"):
        page = client.get(path)
        assert page.status_code == 200
        bodies.append(page.text)
    text = "\n".join([caplog.text, *bodies])
    assert web_data.PASSWORD not in text and "typo" not in text
    assert data.tokens["ana"] not in text
