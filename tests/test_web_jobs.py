"""The built-in scheduled jobs: the weekly report under a frozen clock, e-mailed to a local
SMTP server; ``pulso collect all`` running each configured platform once under its lock."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from pulso.db import locks
from pulso.db.engine import make_engine, transaction
from pulso.db.models import CollectionRun, Proposal
from pulso.jobs.registry import load_jobs, previous_week
from pulso.jobs.scheduler import JobRegistry, JobRunner, next_runs
from pulso.settings import Settings
from tests.report_sample import write_sample
from tests.test_disqus_api import _env, build_fake, mapped  # noqa: F401  (fixture)
from tests.test_report_cli import smtp_server  # noqa: F401  (fixture)

SV = ZoneInfo("America/El_Salvador")


def test_previous_week_is_the_last_complete_local_week():
    # Monday 2 July 2018 01:00 in San Salvador is still Monday there (07:00 UTC).
    assert previous_week(dt.datetime(2018, 7, 2, 7, 0, tzinfo=dt.UTC), "America/El_Salvador") == (
        "2018-W26"
    )
    # Monday 2 July 2018 03:00 UTC is Sunday 1 July in San Salvador: the week before.
    assert previous_week(dt.datetime(2018, 7, 2, 3, 0, tzinfo=dt.UTC), "America/El_Salvador") == (
        "2018-W25"
    )
    assert previous_week(dt.datetime(2021, 1, 4, 12, tzinfo=dt.UTC), "UTC") == "2020-W53"


def test_weekly_report_job_under_a_frozen_clock_is_emailed(migrated_url, smtp_server, tmp_path):  # noqa: F811
    inbox, port = smtp_server
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        write_sample(session)
    settings = Settings(
        database_url=migrated_url,
        web_reports_dir=str(tmp_path / "reports"),
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_sender="pulso@example.org",
        report_recipients=["comunicaciones@example.org", "jefa@example.org"],
        schedule_weekly_report_day="mon",
        schedule_weekly_report_time="08:00",
    )
    registry = load_jobs(registry=JobRegistry())
    # Sunday 1 July 2018, 20:00 local: the report is due the next morning at 08:00.
    sunday = dt.datetime(2018, 7, 1, 20, 0, tzinfo=SV)
    due = next_runs(settings, sunday, registry)["report:weekly"]
    assert due == dt.datetime(2018, 7, 2, 8, 0, tzinfo=SV)
    runner = JobRunner(settings=settings, engine=engine, registry=registry, clock=lambda: due)
    outcome = runner.run("report:weekly")
    assert outcome.ran and outcome.error is None, outcome.error
    assert "2018-W26" in str(outcome.result) and "e-mailed to 2 recipient(s)" in str(outcome.result)
    names = {p.name for p in (tmp_path / "reports").iterdir()}
    for ext in ("html", "pdf", "xlsx", "json"):
        assert f"weekly-2018-W26.es.{ext}" in names
    assert any(n.startswith("weekly-2018-W26.es.") and n.endswith(".csv") for n in names)
    assert len(inbox.messages) == 1
    sender, recipients, raw = inbox.messages[0]
    assert sender == "pulso@example.org"
    assert sorted(recipients) == ["comunicaciones@example.org", "jefa@example.org"]
    message = email.message_from_bytes(raw, policy=policy.default)
    assert "2018-W26" in message["subject"]
    attached = sorted(part.get_filename() for part in message.iter_attachments())
    assert attached == ["weekly-2018-W26.es.pdf", "weekly-2018-W26.es.xlsx"]
    pdf = next(p for p in message.iter_attachments() if p.get_filename().endswith(".pdf"))
    assert pdf.get_content().startswith(b"%PDF")
    # The job released its lock: it can run again (next week's run, same code path).
    assert locks.acquire(engine, "job:report:weekly", "someone", ttl_seconds=60)
    engine.dispose()


def test_weekly_report_job_without_recipients_only_writes(migrated_url, tmp_path):
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        write_sample(session)
    settings = Settings(database_url=migrated_url, web_reports_dir=str(tmp_path))
    runner = JobRunner(
        settings=settings,
        engine=engine,
        registry=load_jobs(registry=JobRegistry()),
        clock=lambda: dt.datetime(2018, 7, 9, 14, 0, tzinfo=dt.UTC),
    )
    outcome = runner.run("report:weekly")
    assert outcome.error is None and "e-mailed" not in str(outcome.result)
    assert (tmp_path / "weekly-2018-W27.es.pdf").exists()
    engine.dispose()


def test_collect_all_skips_what_is_not_configured(cli, migrated_url):
    code, out, err = cli(["collect", "all"], {"PULSO_DATABASE_URL": migrated_url})
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith("collect:facebook: omitida: facebook no está configurada (defina ")
    assert "PULSO_FACEBOOK_ACCESS_TOKEN" in lines[0]
    assert lines[2].startswith("collect:disqus: omitida: disqus no está configurada")
    code, out, err = cli(["collect", "all", "--lang", "en"], {"PULSO_DATABASE_URL": migrated_url})
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[0].startswith("collect:facebook: skipped: facebook is not configured")
    assert "PULSO_FACEBOOK_ACCESS_TOKEN" in lines[0]
    assert lines[1].startswith("collect:x: skipped: x is not configured")
    assert lines[2].startswith("collect:disqus: skipped: disqus is not configured")


def test_collect_all_runs_disqus_once_under_its_lock(monkeypatch, cli, mapped):  # noqa: F811
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    server = build_fake()
    with server:
        env = _env(mapped, server, PULSO_AUTHOR_KEY_SECRET="test-author-secret-123")
        code, out, err = cli(["collect", "all"], env)
        assert code == 0, err
        disqus_line = out.strip().splitlines()[2]
        assert disqus_line.startswith("collect:disqus: done: disqus: run ")
        engine = make_engine(mapped)
        with transaction(engine) as session:
            assert (
                session.scalar(select(func.count()).select_from(Proposal)) == 133
            )  # 130 + 3 top-level
            assert session.scalar(select(func.count()).select_from(CollectionRun)) == 1
        # Another process holds the lock: this run skips Disqus and writes nothing.
        assert locks.acquire(engine, "job:collect:disqus", "other-host", ttl_seconds=600)
        code, out, err = cli(["collect", "all"], env)
        assert code == 0, err
        assert "collect:disqus: skipped: already running elsewhere" in out
        with transaction(engine) as session:
            assert session.scalar(select(func.count()).select_from(CollectionRun)) == 1
        engine.dispose()
