"""``pulso collect facebook``: one summary line; errors as one line without the token."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pulso.db.engine import make_engine, transaction
from pulso.db.models import MetricObservation
from pulso.sandbox.fake_graph import FakeGraph
from tests.facebook_helpers import TOKEN, dataset


@pytest.fixture
def env(migrated_url):
    return {
        "PULSO_DATABASE_URL": migrated_url,
        "PULSO_FACEBOOK_ACCESS_TOKEN": TOKEN,
        "PULSO_HTTP_BACKOFF_BASE_SECONDS": "0.01",
    }


def observations(env) -> int:
    engine = make_engine(env["PULSO_DATABASE_URL"])
    with transaction(engine) as session:
        total = session.scalar(select(func.count()).select_from(MetricObservation))
    engine.dispose()
    return total


def test_collect_prints_one_summary_line(cli, env):
    with FakeGraph(dataset(), retired_metrics={"post_media_view"}) as api:
        env = {**env, "PULSO_FACEBOOK_GRAPH_URL": api.url}
        code, out, err = cli(["collect", "facebook", "--page", "1001"], env=env)
        assert code == 0, err
        lines = out.strip().splitlines()
        assert len(lines) == 1 and err == ""
        assert lines[0] == (
            f"Facebook: 3 publicaciones, 7 comentarios, {observations(env)} observaciones, "
            f"{len(api.requests)} solicitudes HTTP, 0 reintentos, "
            "1 métricas descartadas (post_media_view)"
        )
        code, out, _ = cli(
            ["collect", "facebook", "--page", "1001"], env={**env, "PULSO_LANGUAGE": "en"}
        )
        assert code == 0 and "0 comments" in out and "HTTP requests" in out


def test_collect_with_an_expired_token_is_one_line_without_the_secret(cli, env):
    with FakeGraph(dataset(), token="the-real-one") as api:
        env = {**env, "PULSO_FACEBOOK_GRAPH_URL": api.url}
        code, out, err = cli(["collect", "facebook", "--page", "1001"], env=env)
        assert code == 1 and out == ""
        assert err.startswith("error: el token de acceso de Facebook no es válido o caducó")
        assert len(err.strip().splitlines()) == 1 and TOKEN not in err
        code, out, err = cli(["--lang", "en", "collect", "facebook", "--page", "1001"], env=env)
    assert code == 1 and out == ""
    assert err.startswith("error: the Facebook access token is invalid or expired")
    assert len(err.strip().splitlines()) == 1 and TOKEN not in err


def test_collect_without_pages_is_a_config_error(cli, env):
    code, _, err = cli(["collect", "facebook"], env=env)
    assert code == 1 and "PULSO_FACEBOOK_PAGE_IDS" in err
