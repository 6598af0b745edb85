from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from db.engine import make_engine
from db.migrate import current_revision, head_revision, upgrade
from db.models import Base


def test_upgrade_creates_schema_and_second_run_changes_nothing(database_url):
    engine = make_engine(database_url)
    try:
        before, after = upgrade(engine)
        assert before is None
        assert after == head_revision()
        tables = set(inspect(engine).get_table_names())
        assert {"post", "metric_observation", "comment", "proposal", "sync_state"} <= tables

        again = upgrade(engine)
        assert again == (head_revision(), head_revision())
        assert set(inspect(engine).get_table_names()) == tables
    finally:
        engine.dispose()


def test_models_and_migrations_agree(engine):
    """Autogenerate finds nothing to do: the migrations create exactly the models' schema."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_current_revision_is_head(engine):
    assert current_revision(engine) == head_revision()
