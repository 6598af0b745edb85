"""``metric_latest``: the writer keeps each series' newest value equal to what the
observations say, whatever order, backfills and tied sources they come in; the migration
fills it from an existing history."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select, text

from pulso.db.engine import make_engine, transaction
from pulso.db.migrate import upgrade
from pulso.db.models import MetricLatest, MetricObservation
from pulso.db.observations import rebuild_latest, record_observations
from tests.factories import make_post, when


def _newest_from_history(session) -> dict:
    """The oracle: for each series the observation with the latest time, then the larger
    value, computed in Python from every stored observation."""
    newest: dict = {}
    o = MetricObservation
    for post_id, metric, scope, at, value in session.execute(
        select(o.post_id, o.metric, o.scope, o.observed_at, o.value)
    ):
        key = (post_id, metric, str(scope))
        newest[key] = max(newest.get(key, (at, value)), (at, value))
    return {key: value for key, (at, value) in newest.items()}


def _table(session) -> dict:
    m = MetricLatest
    rows = session.execute(select(m.post_id, m.metric, m.scope, m.value))
    return {(post_id, metric, str(scope)): value for post_id, metric, scope, value in rows}


def _row(post, metric, value, at, scope="total", source="graph:v25.0"):
    return {"post_id": post.id, "metric": metric, "value": float(value), "observed_at": at,
            "scope": scope, "is_unique": metric == "reach", "source": source}  # fmt: skip


def test_a_backfill_older_than_the_latest_leaves_it(session):
    post = make_post(session=session)
    record_observations([_row(post, "reach", 30, when(3))], session=session)
    record_observations([_row(post, "reach", 20, when(2), source="file:old.csv")], session=session)
    assert _table(session) == {(post.id, "reach", "total"): 30}
    # ... but the history did gain the backfilled value.
    assert session.query(MetricObservation).count() == 2


def test_two_sources_at_the_same_instant_keep_the_larger_value(session):
    post = make_post(session=session)
    record_observations([_row(post, "reach", 50, when(3), source="file:b.csv")], session=session)
    record_observations([_row(post, "reach", 40, when(3), source="graph:v25.0")], session=session)
    assert _table(session) == {(post.id, "reach", "total"): 50}
    record_observations([_row(post, "reach", 70, when(3), source="x")], session=session)
    assert _table(session) == {(post.id, "reach", "total"): 70}


def test_any_order_of_writes_leaves_the_table_equal_to_the_history(session):
    posts = [make_post(session=session) for _ in range(3)]
    rng = random.Random(20180618)
    for _ in range(40):
        batch = [
            _row(
                rng.choice(posts),
                rng.choice(["reach", "shares"]),
                rng.choice([10, 20, 30]),
                when(1 + rng.randrange(6), rng.randrange(24)),
                scope=rng.choice(["total", "paid"]),
                source=rng.choice(["graph:v25.0", "file:export.csv"]),
            )
            for _ in range(rng.randrange(1, 6))
        ]
        record_observations(batch, session=session)
        assert _table(session) == _newest_from_history(session)


def test_rebuild_recomputes_rows_written_around_the_writer(session):
    post = make_post(session=session)
    for hours, value in ((1, 5), (3, 9), (2, 7)):
        session.add(
            MetricObservation(
                post_id=post.id,
                metric="views",
                value=value,
                scope="total",
                observed_at=when(1, hours),
                source="bulk",
            )  # fmt: skip
        )
    session.flush()
    assert _table(session) == {}
    rebuild_latest(session=session, post_ids=[post.id])
    assert _table(session) == {(post.id, "views", "total"): 9}
    rebuild_latest(session=session)  # all posts, again: the same rows
    assert _table(session) == {(post.id, "views", "total"): 9}


@pytest.mark.parametrize("revision_before", ["0103"])
def test_the_migration_fills_the_table_from_an_existing_history(database_url, revision_before):
    engine = make_engine(database_url)
    try:
        upgrade(engine, revision_before)
        t0 = dt.datetime(2018, 6, 20, tzinfo=dt.UTC)
        with transaction(engine) as session:
            session.execute(
                text(
                    "INSERT INTO post (id, platform, external_id, kind, published_at, "
                    "is_boosted, is_deleted, first_seen_at, last_seen_at) VALUES "
                    "(1, 'facebook', 'p1', 'image', :t, false, false, :t, :t)"
                ),  # fmt: skip
                {"t": t0},
            )
            for hours, value, source in ((1, 5, "a"), (3, 9, "a"), (3, 11, "b"), (2, 7, "a")):
                session.add(
                    MetricObservation(
                        post_id=1,
                        metric="reach",
                        value=value,
                        scope="total",
                        observed_at=t0 + dt.timedelta(hours=hours),
                        source=source,
                    )  # fmt: skip
                )
        upgrade(engine)
        with transaction(engine) as session:
            assert _table(session) == {(1, "reach", "total"): 11}
            assert _table(session) == _newest_from_history(session)
    finally:
        engine.dispose()


def test_the_post_table_now_equals_the_one_computed_from_the_history(session):
    """``post_table`` reads ``metric_latest`` when asked for "now" and the observations
    when asked for a time; after any mix of writes both answers agree."""
    import pandas.testing

    from pulso.analytics.posts import post_table
    from pulso.db.models import Post

    posts = [make_post(session=session, kind=kind) for kind in ("image", "video", "image")]
    posts.append(make_post(session=session, platform="x", kind="text"))
    make_post(session=session)  # never observed: no insights
    rng = random.Random(7)
    metrics = ["reach", "reactions", "comments", "shares", "link_clicks", "video_plays",
               "likes", "reposts", "impressions", "other_metric"]  # fmt: skip
    for _ in range(30):
        batch = [
            _row(
                rng.choice(posts),
                rng.choice(metrics),
                rng.randrange(0, 50),
                when(1 + rng.randrange(6), rng.randrange(24)),
                scope=rng.choice(["total", "total", "paid"]),
                source=rng.choice(["graph:v25.0", "file:export.csv"]),
            )  # fmt: skip
            for _ in range(rng.randrange(1, 8))
        ]
        record_observations(batch, session=session)
    now = post_table(session=session, posts=select(Post))
    history = post_table(session=session, posts=select(Post), at=when(28))
    assert len(now) == 5
    assert now["has_insights"].sum() == 4
    pandas.testing.assert_frame_equal(now, history, check_dtype=False)


def test_the_cli_recomputes_after_a_bulk_load(monkeypatch, cli, migrated_url):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    engine = make_engine(migrated_url)
    try:
        with transaction(engine) as session:
            post = make_post(session=session)
            for hours, value in ((1, 3), (5, 8)):
                session.add(
                    MetricObservation(
                        post_id=post.id,
                        metric="reach",
                        value=value,
                        scope="total",
                        observed_at=when(2, hours),
                        source="bulk",
                    )  # fmt: skip
                )
        code, out, err = cli(["db", "rebuild-latest"], {"PULSO_DATABASE_URL": migrated_url})
        assert code == 0, err
        assert out.strip() == "1 series recomputed from the observations"
        with transaction(engine) as session:
            assert _table(session) == {(post.id, "reach", "total"): 8}
    finally:
        engine.dispose()
