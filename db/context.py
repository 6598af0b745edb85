"""What a command needs to run: settings and an engine built from them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from pulso.db.engine import make_engine, transaction
from pulso.db.migrate import current_revision, head_revision
from pulso.errors import ConfigError
from pulso.settings import Settings, get_settings


def engine_from_settings(settings: Settings | None = None) -> Engine:
    settings = settings or get_settings()
    return make_engine(settings.database_url)


def require_schema(engine: Engine) -> None:
    """Refuse to run against a database that was not migrated to the current schema. A
    SQLite file that does not exist is not created by asking (no empty file left behind)."""
    url, name = engine.url, engine.url.database or ""
    on_disk = url.get_backend_name() == "sqlite" and name not in ("", ":memory:")
    if on_disk and not name.startswith("file:") and not Path(name).exists():
        raise ConfigError.of("err.database.none", path=name)
    current, head = current_revision(engine), head_revision()
    if current is None:
        raise ConfigError.of("err.database.empty")
    if current != head:
        raise ConfigError.of("err.database.schema", current=current, head=head)


@contextmanager
def unit_of_work(settings: Settings | None = None) -> Iterator[Session]:
    """A migrated database's session in one transaction (commit on success)."""
    engine = engine_from_settings(settings)
    try:
        require_schema(engine)
        with transaction(engine) as session:
            yield session
    finally:
        engine.dispose()
