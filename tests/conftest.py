"""Database fixtures: every database test runs on SQLite and, when
``PULSO_TEST_DATABASE_URL`` is set, on PostgreSQL too.

Each test session migrates a fresh database once per backend (a temporary SQLite file; a
PostgreSQL schema of its own, so parallel runs never collide) with the real Alembic
migrations, and each test runs inside a transaction rolled back at the end (SAVEPOINTs let
the code under test commit and roll back freely).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from pulso.db.engine import make_engine, normalise_url
from pulso.db.migrate import upgrade

os.environ.setdefault("PULSO_TESTING", "1")
os.environ.setdefault("PULSO_AUTHOR_KEY_SECRET", "test-author-secret")

BACKENDS = ["sqlite", "postgresql"]
PG_ENV = "PULSO_TEST_DATABASE_URL"


def _pg_base_url() -> str | None:
    url = os.environ.get(PG_ENV)
    return normalise_url(url) if url else None


def pg_url_with_schema(schema: str) -> str:
    base = make_url(_pg_base_url())
    return base.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def create_pg_schema() -> str:
    schema = f"pulso_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(_pg_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return schema


def drop_pg_schema(schema: str) -> None:
    admin = make_engine(_pg_base_url())
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    admin.dispose()


def fresh_database_url(backend: str, tmp_path: Path) -> tuple[str, callable]:
    """An empty database of ``backend``: (url, cleanup)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'pulso-test.db'}", lambda: None
    if not _pg_base_url():
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV}")
    schema = create_pg_schema()
    return pg_url_with_schema(schema), lambda: drop_pg_schema(schema)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql" and not _pg_base_url():
        pytest.skip(f"PostgreSQL not configured: set {PG_ENV}")
    return request.param


@pytest.fixture(scope="session")
def engine(backend, tmp_path_factory) -> Iterator[Engine]:
    """A migrated engine per backend, shared by the session."""
    url, cleanup = fresh_database_url(backend, tmp_path_factory.mktemp("db"))
    eng = make_engine(url)
    upgrade(eng)
    yield eng
    eng.dispose()
    cleanup()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    connection = engine.connect()
    outer = connection.begin()
    db_session = Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    )
    try:
        yield db_session
    finally:
        db_session.close()
        if outer.is_active:
            outer.rollback()
        connection.close()


@pytest.fixture
def database_url(backend, tmp_path) -> Iterator[str]:
    """An empty, unmigrated database of the current backend, for CLI and job tests."""
    url, cleanup = fresh_database_url(backend, tmp_path)
    yield url
    cleanup()


@pytest.fixture
def migrated_url(database_url) -> str:
    eng = make_engine(database_url)
    upgrade(eng)
    eng.dispose()
    return database_url


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run ``pulso`` in-process: ``cli(["db", "upgrade"], env={...})`` -> (code, out, err)."""
    from pulso.cli import main
    from pulso.settings import get_settings

    def run(args: list[str], env: dict[str, str] | None = None):
        for key, value in (env or {}).items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()
        capsys.readouterr()
        code = main(args)
        out, err = capsys.readouterr()
        get_settings.cache_clear()
        return code, out, err

    return run


def pytest_terminal_summary(terminalreporter):
    """Say how many database tests ran on each backend, so a report shows both ran."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if report.when != "call" and outcome != "skipped":
                continue
            keywords = getattr(report, "keywords", {})
            for name in BACKENDS:
                if name in keywords:
                    counts.setdefault(name, {}).setdefault(outcome, 0)
                    counts[name][outcome] += 1
    if counts:
        terminalreporter.write_sep("-", "database backends")
        for name in BACKENDS:
            figures = counts.get(name, {})
            line = ", ".join(f"{n} {o}" for o, n in sorted(figures.items())) or "none"
            terminalreporter.write_line(f"{name}: {line}")
