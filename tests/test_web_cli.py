"""``pulso user add`` / ``pulso user token`` / ``pulso user list``."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from pulso.db.engine import make_engine, transaction
from pulso.db.models import User
from pulso.web.security import token_hash, verify_password
from tests.factories import make_institution

PASSWORD = "una-clave-larga-y-segura"


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_user_add_token_and_list(cli, migrated_url, monkeypatch):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    env = {"PULSO_DATABASE_URL": migrated_url}
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        make_institution(session=session, slug="minsal", name="Ministerio de Salud")

    _stdin(monkeypatch, PASSWORD + "\n")
    code, out, err = cli(
        ["user", "add", "salud1", "--role", "institution", "--institution", "minsal",
         "--password-stdin"],
        env,
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == "user salud1: institution (minsal)"
    assert PASSWORD not in out + err

    code, out, err = cli(["user", "token", "salud1"], env)
    assert code == 0, err
    token = out.strip()
    assert token.startswith("pulso_") and len(token) > 40
    with transaction(engine) as session:
        user = session.scalar(select(User).where(User.username == "salud1"))
        assert user.api_token_hash == token_hash(token)
        assert token not in user.api_token_hash
        assert verify_password(user.password_hash, PASSWORD)
        assert not verify_password(user.password_hash, PASSWORD + "x")

    # A new token replaces the old one.
    code, out2, _ = cli(["user", "token", "salud1"], env)
    assert out2.strip() != token

    code, out, _ = cli(["user", "list"], env)
    assert out.strip() == "salud1\tinstitution\tminsal\ttoken\tactive"
    engine.dispose()


@pytest.mark.filterwarnings("ignore::getpass.GetPassWarning")  # no terminal under pytest
def test_user_add_prompts_without_echo(cli, migrated_url, monkeypatch):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    env = {"PULSO_DATABASE_URL": migrated_url}
    _stdin(monkeypatch, f"{PASSWORD}\n{PASSWORD}\n")
    code, out, err = cli(["user", "add", "ana", "--role", "admin"], env)
    assert code == 0, err
    assert out.strip().endswith("user ana: admin") and PASSWORD not in out + err


def test_user_add_errors_are_one_line(cli, migrated_url, monkeypatch):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    env = {"PULSO_DATABASE_URL": migrated_url}
    cases = [
        (["user", "add", "x1", "--role", "institution"], PASSWORD, "needs --institution"),
        (["user", "add", "x2", "--role", "admin", "--institution", "minsal"], PASSWORD,
         "only an institution user"),
        (["user", "add", "x3", "--role", "institution", "--institution", "nope"], PASSWORD,
         "no institution 'nope'"),
        (["user", "add", "x4", "--role", "analyst"], "short", "at least 10 characters"),
        (["user", "add", "bad name", "--role", "analyst"], PASSWORD, "a username is"),
    ]  # fmt: skip
    for args, password, message in cases:
        _stdin(monkeypatch, password + "\n")
        code, _, err = cli([*args, "--password-stdin"], env)
        assert code == 1, args
        assert err.startswith("error: ") and message in err and len(err.strip().splitlines()) == 1
        assert password not in err
    code, _, err = cli(["user", "token", "ghost"], env)
    assert code == 1 and "no user 'ghost' (see `pulso user list`)" in err


def test_jobs_run_once_for_cron(monkeypatch, cli, migrated_url):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    from pulso.db import locks
    from pulso.jobs.scheduler import REGISTRY

    env = {"PULSO_DATABASE_URL": migrated_url}
    calls = []
    REGISTRY.register("collect:facebook", lambda ctx: calls.append(ctx.name))
    try:
        code, out, _ = cli(["jobs", "list"], env)
        assert code == 0 and "\ncollect:facebook\t20" in out
        # The built-in jobs are listed too, with their next run.
        assert [line.split("\t")[0] for line in out.splitlines()] == [
            "collect:disqus",
            "collect:facebook",
            "collect:x",
            "extract:learn",
            "report:weekly",
        ]
        code, out, err = cli(["jobs", "run", "collect:facebook"], env)
        assert code == 0, err
        assert out.strip() == "collect:facebook: done" and calls == ["collect:facebook"]
        # While another process holds it, a cron run skips with exit code 3.
        engine = make_engine(migrated_url)
        assert locks.acquire(engine, "job:collect:facebook", "other", ttl_seconds=600)
        code, _, err = cli(["jobs", "run", "collect:facebook"], env)
        assert code == 3 and "already running elsewhere" in err
        assert calls == ["collect:facebook"]
        engine.dispose()
        code, _, err = cli(["jobs", "run", "nope"], env)
        assert code == 1 and "no job named 'nope'" in err
    finally:
        REGISTRY.unregister("collect:facebook")
