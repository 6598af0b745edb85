"""Good files stored right (issue 19): X times from the file's time column, X accounts from
the post links, Meta's boosted flag, "no value" never stored as zero, rounded ids taken from
the link, and proposals outside the consultation's dates accepted only when asked (and
flagged). Through the real CLI, on both backends."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from sqlalchemy import select

from pulso.cli.demo_run import sample_path
from pulso.db.engine import make_engine, transaction
from pulso.db.models import Account, AuditEvent, MetricObservation, Post, Proposal
from pulso.sandbox.fake_x_data import snowflake

X_HEADER = ["Post id", "Date", "Post text", "Post Link", "Impressions", "Likes", "Reposts"]
LEGACY_HEADER = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "likes"]
FB_HEADER = ["Post ID", "Page ID", "Publish time", "Permalink", "Post type", "Reach",
             "Reactions", "Comments", "Shares", "Reach from Boosted posts",
             "Funded content status", "Description"]  # fmt: skip


def _write(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _query(url, statement):
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return session.execute(statement).all()
    finally:
        engine.dispose()


@pytest.fixture
def env(migrated_url):
    return {"PULSO_DATABASE_URL": migrated_url, "PULSO_AUTHOR_KEY_SECRET": "test-secret-19"}


def test_x_times_come_from_the_file_and_accounts_from_the_links(cli, env, tmp_path):
    march = dt.datetime(2026, 3, 6, 14, 5, 31, tzinfo=dt.UTC)
    real = snowflake(march, 7)
    # Posts of March 2026; one's link has the real id, one has an id that is no snowflake of
    # that day (a file edited by hand): the file's day wins, at midday UTC.
    content = _write(
        tmp_path / "account_analytics_content_2026-03-01_2026-03-31.csv",
        [
            X_HEADER,
            [real, "Fri, Mar 06, 2026", "Consulta", f"https://x.com/TransparenciaSV/status/{real}",
             "1,204", "5", "1"],
            ["1897000000000000000", "Sat, Mar 07, 2026", "Foro",
             "https://twitter.com/transparenciasv/status/1897000000000000001", "10", "-", ""],
        ],
    )  # fmt: skip
    legacy = _write(
        tmp_path / "tweet_activity_metrics_OtraCuenta_20180601_20180701_en.csv",
        [LEGACY_HEADER, ["42", "https://x.com/OtraCuenta/status/42", "Hola",
                         "2018-06-28 18:04 +0000", "812.0", "3"]],
    )  # fmt: skip
    code, out, err = cli(["import", "x-export", str(content), str(legacy), "--lang", "en"], env)
    assert code == 0, err
    assert out.startswith("2 files, 3 rows: 3 new posts")
    url = env["PULSO_DATABASE_URL"]
    posts = {
        r[0]: r[1:]
        for r in _query(
            url,
            select(Post.external_id, Post.published_at, Account.handle, Account.external_id).join(
                Account, Account.id == Post.account_id
            ),
        )
    }
    assert posts[real][:2] == (march, "TransparenciaSV")  # the id's second, within the day
    assert posts["1897000000000000001"][0] == dt.datetime(2026, 3, 7, 12, tzinfo=dt.UTC)
    assert posts["42"][:2] == (dt.datetime(2018, 6, 28, 18, 4, tzinfo=dt.UTC), "OtraCuenta")
    # One account per handle, whatever its capitalisation in the links.
    assert posts[real][2] == posts["1897000000000000001"][2]
    values = {
        (r[0], r[1]): r[2]
        for r in _query(
            url,
            select(Post.external_id, MetricObservation.metric, MetricObservation.value).join(
                Post, Post.id == MetricObservation.post_id
            ),
        )
    }
    # "-" and an empty cell are no value: no observation, never a zero.
    assert ("1897000000000000001", "likes") not in values
    assert ("1897000000000000001", "reposts") not in values
    assert values[("1897000000000000001", "impressions")] == 10
    assert values[(real, "impressions")] == 1204
    # Importing again changes nothing.
    code, out, _ = cli(["import", "x-export", str(content), str(legacy), "--lang", "en"], env)
    assert code == 0 and "0 new posts, 0 new observations" in out


def test_an_x_account_already_collected_is_the_one_posts_get(cli, env, tmp_path):
    engine = make_engine(env["PULSO_DATABASE_URL"])
    with transaction(engine) as session:
        session.add(Account(platform="x", external_id="987654", handle="TransparenciaSV"))
    engine.dispose()
    when = dt.datetime(2026, 3, 6, 14, 5, tzinfo=dt.UTC)
    post = snowflake(when, 1)
    path = _write(
        tmp_path / "account_analytics_content_2026-03-01_2026-03-31.csv",
        [X_HEADER, [post, "Fri, Mar 06, 2026", "a", f"https://x.com/transparenciasv/status/{post}",
                    "1", "1", "1"]],
    )  # fmt: skip
    assert cli(["import", "x-export", str(path)], env)[0] == 0
    rows = _query(
        env["PULSO_DATABASE_URL"],
        select(Account.external_id).join(Post, Post.account_id == Account.id),
    )
    assert rows == [("987654",)]


def test_meta_boosted_flag_no_value_and_rounded_id(cli, env, tmp_path):
    path = _write(
        tmp_path / "meta.csv",
        [
            FB_HEADER,
            ["3", "1001", "06/29/2018 09:00", "https://www.facebook.com/1001/posts/3", "Photo",
             "74,926", "1,782", "47", "116", "68,800", "Boosted", "Arte 3"],
            ["4", "1001", "06/30/2018 09:00", "https://www.facebook.com/1001/posts/4", "Photo",
             "174", "-", "", "0", "", "Not boosted", "Arte 4"],
            ["1897000000000000000", "1001", "07/01/2018 09:00",
             "https://www.facebook.com/1001/posts/1897000000000000123", "Photo", "80", "1", "0",
             "0", "", "", "Arte 5"],
        ],
    )  # fmt: skip
    code, out, err = cli(["import", "facebook-export", str(path)], env)
    assert code == 0, err
    url = env["PULSO_DATABASE_URL"]
    boosted = dict(_query(url, select(Post.external_id, Post.is_boosted)))
    assert boosted == {"1001_3": True, "1001_4": False, "1001_1897000000000000123": False}
    values = {
        (r[0], r[1], r[2].value): r[3]
        for r in _query(
            url,
            select(
                Post.external_id,
                MetricObservation.metric,
                MetricObservation.scope,
                MetricObservation.value,
            ).join(Post, Post.id == MetricObservation.post_id),
        )
    }
    assert values[("1001_3", "reach", "paid")] == 68800
    assert values[("1001_4", "reach", "total")] == 174
    assert values[("1001_4", "shares", "total")] == 0  # a written 0 is a zero
    # "-" and empty: no observation, not a zero.
    assert ("1001_4", "reactions", "total") not in values
    assert ("1001_4", "comments", "total") not in values
    assert ("1001_4", "reach", "paid") not in values


def test_proposals_outside_the_dates_are_accepted_only_when_asked(monkeypatch, cli, env, tmp_path):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    assert cli(["consultation", "load", str(sample_path("consultation_2018.json"))], env)[0] == 0
    path = tmp_path / "propuestas.csv"
    path.write_text(
        "fecha,canal,tema,texto\n2018-06-21,correo,salud,Dentro\n2018-08-02,correo,salud,Fuera\n",
        encoding="utf-8",
    )
    code, _, err = cli(["import", "proposals", str(path)], env)
    assert code == 1 and err.strip().endswith(
        "line 3, field 'fecha': found 2018-08-02, expected a date within the consultation "
        "(2018-06-18 to 2018-07-27; --allow-out-of-range accepts it, flagged)"
    )
    url = env["PULSO_DATABASE_URL"]
    assert _query(url, select(Proposal.id)) == []
    code, out, err = cli(["import", "proposals", str(path), "--allow-out-of-range"], env)
    assert code == 0 and "2 rows, 2 new proposals" in out
    assert err.strip() == (
        "warning: propuestas.csv: rows 3 received outside the consultation's dates, imported "
        "as --allow-out-of-range asks (flagged in the audit log)"
    )
    reasons = dict(
        _query(
            url,
            select(Proposal.text, AuditEvent.reason_key).join(
                AuditEvent,
                (AuditEvent.entity == "proposal") & (AuditEvent.entity_id == Proposal.id),
            ),
        )
    )
    assert reasons == {"Dentro": "audit_reason_import", "Fuera": "audit_reason_import_out_of_range"}
