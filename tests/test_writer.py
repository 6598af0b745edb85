from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import func, select

from db.models import AudienceRow, Comment, MetricObservation, Post, Promotion, SyncState
from db.upsert import upsert
from db.writer import Writer, read_bookmark
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


def test_comments_store_keyed_hash_and_link_parents(session):
    Writer(author_secret="s3cret").write_page(_page(), session=session)
    parent, child = session.scalars(select(Comment).order_by(Comment.external_id)).all()
    assert child.parent_id == parent.id
    assert parent.author_key and len(parent.author_key) == 64
    assert "fb-user-1" not in parent.author_key
    assert parent.author_name == "Ana"
    assert parent.author_name_expires_at > parent.first_seen_at


def test_name_retention_zero_stores_no_names(session):
    Writer(author_secret="s3cret", name_retention_days=0).write_page(_page(), session=session)
    assert session.scalars(select(Comment.author_name)).all() == [None, None]


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


def test_reply_before_its_parent_is_linked_when_the_parent_arrives(session):
    writer = Writer(author_secret="s3cret")
    writer.write_page(Page([PostRecord("x", "t1", when(21))]), session=session)
    writer.write_page(
        Page(
            [
                CommentRecord(
                    "x", "r2", when(22), "reply", post_external_id="t1", parent_external_id="r1"
                )
            ]
        ),
        session=session,
    )
    writer.write_page(
        Page([CommentRecord("x", "r1", when(21, 13), "root", post_external_id="t1")]),
        session=session,
    )
    ids = dict(session.execute(select(Comment.external_id, Comment.id)).all())
    parent = session.scalar(select(Comment.parent_id).where(Comment.external_id == "r2"))
    assert parent == ids["r1"]


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
