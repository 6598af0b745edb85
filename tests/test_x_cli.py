"""``pulso collect x`` and ``pulso import x-export`` end to end, in-process, both backends."""

from __future__ import annotations

import datetime as dt

import pytest

from pulso.sandbox.fake_x import FakeX
from pulso.sandbox.fake_x_data import campaign_2018
from tests.test_x_export import content_file, legacy_file


@pytest.fixture
def fake_2018():
    now = dt.datetime(2018, 7, 20, 12, tzinfo=dt.UTC)
    with FakeX(now=lambda: now) as api:
        api.load(campaign_2018())
        yield api


def test_collect_x_prints_one_summary_line(cli, migrated_url, fake_2018):
    env = {
        "PULSO_DATABASE_URL": migrated_url,
        "PULSO_X_API_URL": fake_2018.url,
        "PULSO_X_BEARER_TOKEN": fake_2018.bearer_token,
        "PULSO_X_ACCOUNTS": "TransparenciaSV",
        "PULSO_X_FULL_ARCHIVE_SEARCH": "true",
    }
    code, out, err = cli(["collect", "x", "--lang", "en"], env)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    # 78 posts read from the timeline, 10 replies found through full-archive search.
    assert lines[0].startswith("X: 78 new posts, 10 replies,")
    assert "88 post reads (estimated cost $0.44)" in lines[0]
    code, out, _ = cli(["collect", "x", "--lang", "en"], env)
    assert "0 new posts, 0 replies" in out and "0 post reads" in out


def test_collect_x_bad_token_is_one_line(cli, migrated_url, fake_2018):
    env = {
        "PULSO_DATABASE_URL": migrated_url,
        "PULSO_X_API_URL": fake_2018.url,
        "PULSO_X_BEARER_TOKEN": "expired-token-value",
    }
    code, out, err = cli(["collect", "x", "--account", "TransparenciaSV"], env)
    assert code == 1
    assert err.startswith("error: X rechazó las credenciales (401 Unauthorized)")
    assert "Traceback" not in err and "expired-token-value" not in err
    code, out, err = cli(["collect", "x", "--account", "TransparenciaSV", "--lang", "en"], env)
    assert code == 1
    assert err.startswith("error: X rejected the credentials (401 Unauthorized)")
    assert "Traceback" not in err and "expired-token-value" not in err


def test_import_x_export_twice(cli, migrated_url, tmp_path):
    env = {"PULSO_DATABASE_URL": migrated_url}
    files = [str(legacy_file(tmp_path)), str(content_file(tmp_path))]
    code, out, err = cli(["import", "x-export", *files, "--lang", "en"], env)
    assert code == 0, err
    assert out.startswith("2 files, 4 rows: 2 new posts")
    code, out, err = cli(["import", "x-export", *files, "--lang", "en"], env)
    assert "0 new posts, 0 new observations" in out


def test_import_x_export_malformed_is_one_line(cli, migrated_url, tmp_path):
    bad = tmp_path / "account_analytics_content_2026-06-01_2026-07-10.csv"
    bad.write_text(
        "Post id,Date,Post Link,Impressions\n"
        '1,"Fri, Jul 10, 2026",https://x.com/a/status/1,10\n'
        '2,"Fri, Jul 10, 2026",https://x.com/a/status/2,many\n',
        encoding="utf-8",
    )
    code, out, err = cli(["import", "x-export", str(bad)], {"PULSO_DATABASE_URL": migrated_url})
    assert code == 1
    assert err.strip().count("\n") == 0
    assert "línea 3, campo 'Impressions': número no válido" in err and bad.name in err
    code, out, err = cli(
        ["import", "x-export", str(bad), "--lang", "en"], {"PULSO_DATABASE_URL": migrated_url}
    )
    assert code == 1
    assert "line 3, field 'Impressions': found 'many', expected a whole number" in err
