from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from pulso.db.engine import make_engine
from pulso.db.migrate import current_revision, head_revision, upgrade
from pulso.db.models import AuditEvent, Base


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


def _insert_comment(conn, external_id: str, at, **columns) -> None:
    """A pending Facebook comment written as an older revision's schema holds it (raw SQL:
    the models describe the newest), with ``columns`` besides the required ones."""
    from sqlalchemy import text

    names = "".join(f", {name}" for name in columns)
    values = "".join(f", :{name}" for name in columns)
    conn.execute(
        text(
            "INSERT INTO comment (platform, external_id, text, created_at, like_count,"
            " reply_count, is_hidden, is_deleted, first_seen_at, last_seen_at, review_status"
            f"{names}) VALUES ('facebook', :id, '', :t, 0, 0, false, false, :t, :t, 'pending'"
            f"{values})"
        ),
        {"id": external_id, "t": at, **columns},
    )


def test_0106_erases_names_that_lost_their_expiry(database_url):
    """Names kept without an expiry (the defect 0106 mends) are erased; others keep theirs."""
    import datetime as dt

    from sqlalchemy import text

    engine = make_engine(database_url)
    try:
        upgrade(engine, "0105")
        expires = dt.datetime(2030, 1, 1)
        with engine.begin() as conn:
            for external_id, name, expiry in (
                ("lost", "Ana", None),
                ("kept", "Luis", expires),
                ("none", None, None),
            ):
                _insert_comment(
                    conn, external_id, expires, author_name=name, author_name_expires_at=expiry
                )
        upgrade(engine)
        with engine.connect() as conn:
            names = dict(conn.execute(text("SELECT external_id, author_name FROM comment")).all())
        assert names == {"lost": None, "kept": "Luis", "none": None}
    finally:
        engine.dispose()


def test_0107_fills_each_comments_queue_rank_from_its_newest_suggestion(database_url):
    """Comments stored before 0107 get their newest suggestion and its score (-1 without)."""
    import datetime as dt

    from sqlalchemy import text

    engine = make_engine(database_url)
    try:
        upgrade(engine, "0106")
        at = dt.datetime(2018, 6, 20, 12)
        with engine.begin() as conn:
            for external_id in ("two", "tied", "none"):
                _insert_comment(conn, external_id, at)
            ids = dict(conn.execute(text("SELECT external_id, id FROM comment")).all())
            # "two": the newer suggestion (inserted first) wins; "tied": the higher id.
            for comment, version, score, when in (
                ("two", "new", 0.2, at + dt.timedelta(hours=2)),
                ("two", "old", 0.9, at),
                ("tied", "a", 0.3, at),
                ("tied", "b", 0.7, at),
            ):
                conn.execute(
                    text(
                        "INSERT INTO suggestion (comment_id, model_version, proposal_score,"
                        " abuse_score, created_at) VALUES (:c, :v, :s, 0, :t)"
                    ),
                    {"c": ids[comment], "v": version, "s": score, "t": when},
                )
        upgrade(engine)
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT c.external_id, s.model_version, c.queue_score FROM comment c"
                    " LEFT JOIN suggestion s ON s.id = c.latest_suggestion_id"
                )
            ).all()
        assert sorted(rows) == [("none", None, -1), ("tied", "b", 0.7), ("two", "new", 0.2)]
    finally:
        engine.dispose()


def test_0108_gives_earlier_audit_reasons_their_message_keys(database_url):
    """Reasons Pulso wrote before 0108 get their key and values; typed ones stay without."""
    import datetime as dt

    from sqlalchemy import text

    engine = make_engine(database_url)
    try:
        upgrade(engine, "0107")
        reasons = (
            "answer due on 2018-08-31",
            "duplicate (similarity 0.91)",
            "intake from email:7",
            "answer revised: plazo ampliado",
            "no corresponde a la consulta",
        )
        with engine.begin() as conn:
            for n, reason in enumerate(reasons):
                conn.execute(
                    text(
                        "INSERT INTO audit_event (at, actor, entity, entity_id, action, reason)"
                        " VALUES (:at, 'lucia', 'proposal', :n, 'status', :reason)"
                    ),
                    {"at": dt.datetime(2018, 7, 30), "n": n, "reason": reason},
                )
        upgrade(engine)
        with Session(engine) as session:
            got = {
                e.reason: (e.reason_key, e.reason_values)
                for e in session.scalars(select(AuditEvent))
            }
        assert got == {
            "answer due on 2018-08-31": ("audit_reason_due", {"date": "2018-08-31"}),
            "duplicate (similarity 0.91)": ("audit_reason_duplicate", {"score": "0.91"}),
            "intake from email:7": ("audit_reason_intake", {"source": "email:7"}),
            "answer revised: plazo ampliado": (
                "audit_reason_revised",
                {"reason": "plazo ampliado"},
            ),
            "no corresponde a la consulta": (None, None),
        }
    finally:
        engine.dispose()


def test_0112_adds_the_post_picture_and_downgrades_without_losing_rows(database_url):
    """0112 adds ``post.image_url`` and ``post_thumbnail``; its downgrade drops them and
    keeps every post, comment and observation (no copy of ``post`` cascading deletes)."""
    import datetime as dt

    from sqlalchemy import text

    from pulso.db.migrate import downgrade

    engine = make_engine(database_url)
    try:
        upgrade(engine, "0111")
        at = dt.datetime(2018, 6, 20, 12)
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO post (platform, external_id, kind, published_at, is_boosted,"
                    " is_deleted, first_seen_at, last_seen_at) VALUES ('facebook', '1_1',"
                    " 'image', :t, false, false, :t, :t)"
                ),
                {"t": at},
            )
            post_id = conn.execute(text("SELECT id FROM post")).scalar_one()
            conn.execute(
                text(
                    "INSERT INTO metric_observation (post_id, observed_at, metric, value,"
                    " scope, is_unique, source) VALUES (:p, :t, 'reach', 5, 'total', true, 'x')"
                ),
                {"p": post_id, "t": at},
            )
            _insert_comment(conn, "c1", at, post_id=post_id)
        upgrade(engine)
        columns = {c["name"] for c in inspect(engine).get_columns("post")}
        assert "image_url" in columns and "post_thumbnail" in inspect(engine).get_table_names()
        with engine.begin() as conn:
            conn.execute(text("UPDATE post SET image_url = 'https://cdn.test/a.jpg'"))
            conn.execute(
                text(
                    "INSERT INTO post_thumbnail (post_id, source_url, content_type, width,"
                    " height, data, fetched_at) VALUES (:p, 'https://cdn.test/a.jpg',"
                    " 'image/jpeg', 32, 24, :d, :t)"
                ),
                {"p": post_id, "d": b"\xff\xd8\xff", "t": at},
            )
        downgrade(engine, "0111")
        assert "post_thumbnail" not in inspect(engine).get_table_names()
        assert "image_url" not in {c["name"] for c in inspect(engine).get_columns("post")}
        with engine.connect() as conn:
            counts = [
                conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                for table in ("post", "metric_observation", "comment")
            ]
        assert counts == [1, 1, 1]
        upgrade(engine)
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()
