from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from pulso.db.models import AudienceRow, Comment, MetricObservation, Post, Promotion, SyncState
from pulso.db.state import purge_expired_author_names, read_bookmark
from pulso.db.upsert import upsert
from pulso.db.writer import Writer
from pulso.records import (
    AudienceRecord,
    Bookmark,
    CommentRecord,
    ObservationRecord,
    Page,
    PostRecord,
    PromotionRecord,
)
from tests.factories import when

T0 = when(29, 12)
T1 = T0 + dt.timedelta(hours=6)


def _page(observed_at=T0, reach=1000.0):
    return Page(
        records=[
            PostRecord(
                "facebook",
                "page_1",
                when(29, 10),
                account_external_id="page",
                kind="image",
                label="arte 3",
            ),
            ObservationRecord("facebook", "page_1", "reach", reach, observed_at, "graph:v25.0"),
            ObservationRecord("facebook", "page_1", "shares", 116, observed_at, "graph:v25.0"),
            CommentRecord(
                "facebook",
                "c1",
                when(29, 11),
                "Propongo más datos abiertos",
                post_external_id="page_1",
                author_identity="fb-user-1",
                author_name="Ana",
            ),
            CommentRecord(
                "facebook",
                "c2",
                when(29, 12),
                "Estoy de acuerdo",
                post_external_id="page_1",
                parent_external_id="c1",
                author_identity="fb-user-2",
            ),
            PromotionRecord(
                "facebook",
                "page_1",
                "ad-9",
                spend=Decimal("100.00"),
                currency="USD",
                audience=(
                    AudienceRecord("gender", "female", 37840, 0.55),
                    AudienceRecord("gender", "male", 30960, 0.45),
                ),
            ),
        ],
        bookmarks=[Bookmark("facebook", "page", "posts", {"since": "2018-06-29T10:00:00+00:00"})],
    )


def _counts(session):
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model))
        for model in (Post, MetricObservation, Comment, Promotion, AudienceRow, SyncState)
    }


def test_same_page_twice_leaves_the_same_rows(session):
    writer = Writer(author_secret="s3cret")
    first = writer.write_page(_page(), session=session)
    counts = _counts(session)
    assert counts == {
        "post": 1,
        "metric_observation": 2,
        "comment": 2,
        "promotion": 1,
        "audience_row": 2,
        "sync_state": 1,
    }
    assert first.observations == 2
    second = writer.write_page(_page(), session=session)
    assert _counts(session) == counts
    assert second.observations == 0


def test_observations_are_appended_only_when_values_change(session):
    writer = Writer(author_secret="s3cret")
    writer.write_page(_page(T0, reach=1000), session=session)
    writer.write_page(_page(T1, reach=1000), session=session)  # unchanged: nothing new
    writer.write_page(_page(T1 + dt.timedelta(hours=1), reach=1500), session=session)
    values = session.execute(
        select(MetricObservation.observed_at, MetricObservation.value)
        .where(MetricObservation.metric == "reach")
        .order_by(MetricObservation.observed_at)
    ).all()
    assert [v for _, v in values] == [1000, 1500]
    assert session.scalar(
        select(MetricObservation.is_unique).where(MetricObservation.metric == "reach")
    )


def test_name_retention_zero_stores_no_names(session):
    Writer(author_secret="s3cret", name_retention_days=0).write_page(_page(), session=session)
    assert session.scalars(select(Comment.author_name)).all() == [None, None]


def _nameless(page):
    """``page`` as a later listing that omits the commenters' names (X's expansions, a
    Graph field not granted)."""
    records = [
        replace(r, author_name=None) if isinstance(r, CommentRecord) else r for r in page.records
    ]
    return Page(records=records, bookmarks=page.bookmarks)


def _name_and_expiry(session, external_id="c1"):
    return session.execute(
        select(Comment.author_name, Comment.author_name_expires_at).where(
            Comment.external_id == external_id
        )
    ).one()


def test_a_name_kept_from_an_earlier_page_keeps_its_expiry_and_is_purged(session):
    day0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    Writer(author_secret="s3cret", name_retention_days=30, now=lambda: day0).write_page(
        _page(), session=session
    )
    name, expires = _name_and_expiry(session)
    assert name == "Ana" and expires is not None
    # Ten days later a page without the name: the stored name stays, and so does its expiry.
    later = Writer(
        author_secret="s3cret", name_retention_days=30, now=lambda: day0 + dt.timedelta(10)
    )
    later.write_page(_nameless(_page()), session=session)
    assert _name_and_expiry(session) == (name, expires)
    assert purge_expired_author_names(session=session, now=day0 + dt.timedelta(29)) == 0
    assert purge_expired_author_names(session=session, now=day0 + dt.timedelta(31)) == 1
    assert _name_and_expiry(session) == (None, None)


def test_a_name_seen_again_gets_a_new_expiry(session):
    day0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    for days in (0, 20):
        Writer(
            author_secret="s3cret",
            name_retention_days=30,
            now=lambda d=days: day0 + dt.timedelta(d),
        ).write_page(_page(), session=session)
    name, expires = _name_and_expiry(session)
    assert name == "Ana"
    assert purge_expired_author_names(session=session, now=day0 + dt.timedelta(31)) == 0
    assert purge_expired_author_names(session=session, now=day0 + dt.timedelta(51)) == 1


def test_retention_zero_erases_names_stored_before(session):
    Writer(author_secret="s3cret").write_page(_page(), session=session)
    assert _name_and_expiry(session).author_name == "Ana"
    Writer(author_secret="s3cret", name_retention_days=0).write_page(
        _nameless(_page()), session=session
    )
    assert session.scalars(select(Comment.author_name)).all() == [None, None]
    assert _name_and_expiry(session) == (None, None)


def test_bookmark_is_written_with_the_page(session):
    Writer(author_secret="s3cret").write_page(_page(), session=session)
    assert read_bookmark(session=session, platform="facebook", account="page", stream="posts") == {
        "since": "2018-06-29T10:00:00+00:00"
    }


def test_promotion_marks_post_boosted_and_relabel_keeps_label(session):
    writer = Writer(author_secret="s3cret")
    writer.write_page(_page(), session=session)
    # A later source without label or promotion must not erase either.
    writer.write_page(
        Page([PostRecord("facebook", "page_1", when(29, 10), kind="image")]), session=session
    )
    post = session.scalar(select(Post).execution_options(populate_existing=True))
    assert post.label == "arte 3"
    assert post.is_boosted is True


def test_generic_upsert_is_idempotent(session):
    rows = [
        {"platform": "facebook", "external_id": str(i), "published_at": T0, "kind": "text"}
        for i in range(2500)
    ]
    upsert(Post, rows, session=session, key=("platform", "external_id"))
    upsert(Post, rows, session=session, key=("platform", "external_id"))
    assert session.scalar(select(func.count()).select_from(Post)) == 2500


def test_backfill_keeps_only_observations_that_change_history(session):
    writer = Writer(author_secret="s3cret")
    writer.write_page(_page(T0, reach=1000), session=session)
    writer.write_page(_page(T0 + dt.timedelta(days=2), reach=3000), session=session)
    older = [
        ObservationRecord(
            "facebook", "page_1", "reach", 2000, T0 + dt.timedelta(days=1), "file:old.csv"
        ),
        ObservationRecord(
            "facebook", "page_1", "reach", 3000, T0 + dt.timedelta(days=1, hours=1), "file:old.csv"
        ),
        ObservationRecord(
            "facebook", "page_1", "reach", 1000, T0 + dt.timedelta(hours=1), "file:old.csv"
        ),
    ]
    writer.write_page(Page(older), session=session)
    values = session.scalars(
        select(MetricObservation.value)
        .where(MetricObservation.metric == "reach")
        .order_by(MetricObservation.observed_at)
    ).all()
    # 2000 changes history; 3000 repeats the next value and 1000 the previous one.
    assert values == [1000, 2000, 3000]


def test_unknown_kind_never_replaces_a_known_one(session):
    writer = Writer(author_secret="s3cret")
    writer.write_page(Page([PostRecord("x", "t9", when(21), kind="video")]), session=session)
    writer.write_page(Page([PostRecord("x", "t9", when(21), kind="other")]), session=session)
    assert session.scalar(select(Post.kind).where(Post.external_id == "t9")) == "video"
    writer.write_page(Page([PostRecord("x", "t9", when(21), kind="image")]), session=session)
    assert (
        session.scalar(
            select(Post.kind)
            .where(Post.external_id == "t9")
            .execution_options(populate_existing=True)
        )
        == "image"
    )


@pytest.mark.parametrize("others", [0, 200])
def test_generic_upsert_applies_a_repeated_key_in_order(session, others):
    # 200 other rows take PostgreSQL's COPY path, none its executemany path.
    rows = [
        {"platform": "x", "external_id": f"p{i}", "published_at": T0, "kind": "text", "text": None}
        for i in range(others)
    ]
    rows += [
        {"platform": "x", "external_id": "dup", "published_at": T0, "kind": "video", "text": "a"},
        {"platform": "x", "external_id": "dup", "published_at": T1, "kind": "other", "text": None},
        {"platform": "x", "external_id": "dup", "published_at": T1, "kind": "other", "text": ""},
    ]
    key = ("platform", "external_id")
    upsert(Post, rows, session=session, key=key, coalesce=("text",), weak={"kind": "other"})
    post = session.scalar(
        select(Post).where(Post.external_id == "dup").execution_options(populate_existing=True)
    )
    assert (post.kind, post.text, post.published_at) == ("video", "a", T1)
    first_wins = [{**row, "external_id": "new"} for row in rows[-3:]]
    upsert(Post, first_wins, session=session, key=key, update=())
    assert session.scalar(select(Post.kind).where(Post.external_id == "new")) == "video"
    assert session.scalar(select(func.count()).select_from(Post)) == others + 2


def test_generic_upsert_splits_statements_at_the_variable_limit(session, monkeypatch):
    monkeypatch.setattr("pulso.db.upsert._sqlite_variable_limit", lambda connection: 50)
    rows = [
        {"platform": "x", "external_id": str(i), "published_at": T0, "kind": "text"}
        for i in range(103)
    ]
    assert upsert(Post, rows, session=session, key=("platform", "external_id")) == 103
    assert upsert(Post, rows, session=session, key=("platform", "external_id")) == 103
    assert session.scalar(select(func.count()).select_from(Post)) == 103


def test_bookmark_cursors_survive_a_large_batch(session):
    from pulso.db.state import read_bookmarks, write_bookmarks

    cursors = {f"p{i}": {"after": f"c{i}", "n": i} for i in range(150)}
    cursors["none"] = None
    bookmarks = [Bookmark("x", "acct", "replies", c, partition=p) for p, c in cursors.items()]
    assert write_bookmarks(bookmarks, session=session) == 151
    assert read_bookmarks(session=session, platform="x", account="acct", stream="replies") == (
        cursors
    )


def test_the_purge_command_erases_expired_names(monkeypatch, cli, migrated_url):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    from pulso.db.engine import make_engine, transaction

    engine = make_engine(migrated_url)
    try:
        long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        with transaction(engine) as session:
            Writer(author_secret="s3cret", name_retention_days=1, now=lambda: long_ago).write_page(
                _page(), session=session
            )
        code, out, err = cli(["db", "purge-names"], {"PULSO_DATABASE_URL": migrated_url})
        assert code == 0, err
        assert out.strip() == "1 display names past their retention erased"
        with transaction(engine) as session:
            assert session.scalars(select(Comment.author_name)).all() == [None, None]
    finally:
        engine.dispose()


def test_id_map_finds_ids_by_a_last_key_part_of_text_or_integer(session):
    """``id_map`` binds the keys' last parts as one JSON array: text (with quotes,
    backslashes and non-ASCII) and integers alike; absent keys are left out."""
    from pulso.db.keys import id_map

    odd = ['a"b', "c\\d", "ñandú", "x,y", "{z}"]
    Writer(author_secret=None).write_page(
        Page([PostRecord("facebook", e, when(29, 10), account_external_id="page") for e in odd]),
        session=session,
    )
    stored = dict(session.execute(select(Post.external_id, Post.id)).all())
    by_text = id_map(
        Post, [("facebook", e) for e in [*odd, "absent"]], session=session,
        key=("platform", "external_id"),
    )  # fmt: skip
    assert by_text == {("facebook", e): stored[e] for e in odd}
    by_id = id_map(Post, [(i,) for i in [*stored.values(), 10**9]], session=session, key=("id",))
    assert by_id == {(i,): i for i in stored.values()}
