"""The Facebook collector against the fake Graph API, through the real facebook-sdk client,
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from pulso.db.engine import make_engine, transaction
from pulso.db.models import AudienceRow, Comment, MetricObservation, Post, Promotion, SyncState
from pulso.db.writer import Writer
from pulso.errors import CollectionError
from pulso.jobs.runner import run_collection
from pulso.sandbox.fake_graph import FakeComment, FakeGraph, FakePost
from tests.facebook_helpers import PAGE, Clock, at, collector, comments, dataset


@pytest.fixture
def engine(migrated_url):
    eng = make_engine(migrated_url)
    yield eng
    eng.dispose()


@pytest.fixture
def api():
    with FakeGraph(dataset()) as server:
        yield server


@pytest.fixture
def writer():
    return Writer(author_secret="test-author-secret")


def count(engine, model, *where) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def latest(engine, post_id: str, metric: str, scope: str = "total") -> float | None:
    with transaction(engine) as session:
        return session.scalar(
            select(MetricObservation.value)
            .join(Post, Post.id == MetricObservation.post_id)
            .where(
                Post.external_id == post_id,
                MetricObservation.metric == metric,
                MetricObservation.scope == scope,
            )
            .order_by(MetricObservation.observed_at.desc())
            .limit(1)
        )


def test_first_sync_stores_posts_insights_and_comments(engine, api, writer):
    clock = Clock(at(30, 12))
    fb = collector(api, clock)
    summary = run_collection(fb, engine=engine, writer=writer)
    assert summary.status == "succeeded"
    assert count(engine, Post) == 3 and count(engine, Comment) == 7
    assert latest(engine, f"{PAGE}_3", "reach") == 74926
    assert latest(engine, f"{PAGE}_3", "views") == 90210
    assert latest(engine, f"{PAGE}_3", "reactions") == 1782
    assert latest(engine, f"{PAGE}_3", "reactions_like") == 1517
    assert latest(engine, f"{PAGE}_3", "shares") == 116
    assert latest(engine, f"{PAGE}_3", "comments") == 5  # with replies (filter=stream)
    assert latest(engine, f"{PAGE}_3", "link_clicks") == 272
    assert latest(engine, f"{PAGE}_3", "other_clicks") == 341
    assert latest(engine, f"{PAGE}_2", "video_plays") == 21
    assert latest(engine, f"{PAGE}_2", "video_watch_seconds") == 84
    with transaction(engine) as session:
        reach = session.scalars(
            select(MetricObservation).where(MetricObservation.metric == "reach")
        ).all()
        assert reach and all(o.is_unique and o.source == "graph:v25.0" for o in reach)
        kinds = dict(session.execute(select(Post.external_id, Post.kind)).all())
        assert kinds[f"{PAGE}_2"].value == "video" and kinds[f"{PAGE}_1"].value == "image"
        reply = session.scalar(select(Comment).where(Comment.external_id == f"{PAGE}_3_c2"))
        parent = session.scalar(select(Comment).where(Comment.external_id == f"{PAGE}_3_c1"))
        assert reply.parent_id == parent.id
        assert reply.author_key and "user" not in reply.author_key
    # 1 posts page + 1 insights batch + 1 batch with the first comment page of each post.
    assert summary.requests == 1 + 1 + 1
    assert api.request_count("/posts") == 1
    assert all(r.query.get("access_token") == "test-token" for r in api.requests if r.query)


def test_the_token_never_reaches_the_logs(engine, api, writer, caplog):
    import logging

    from pulso.sandbox.server import Fault

    api.inject(Fault("reset"))
    with caplog.at_level(logging.DEBUG):
        summary = run_collection(collector(api, Clock(at(30, 12))), engine=engine, writer=writer)
    assert summary.retries == 1
    assert "access_token=***" in caplog.text and "test-token" not in caplog.text


def test_incremental_sync_reads_only_what_is_new(engine, api, writer):
    clock = Clock(at(30, 12))
    run_collection(collector(api, clock), engine=engine, writer=writer)
    observations = count(engine, MetricObservation)
    api.dataset.posts.append(
        FakePost(id=f"{PAGE}_4", created_time=at(2, 10, month=7), message="Arte 4", shares=1)
    )
    arte3 = api.post(f"{PAGE}_3")
    arte3.comments.append(
        FakeComment(f"{PAGE}_3_new", "¿Y el agua?", at(1, 9, month=7), "user99", "Nueva")
    )
    arte3.shares = 120
    clock.now = at(3, 12, month=7)
    api.requests.clear()
    summary = run_collection(collector(api, clock), engine=engine, writer=writer)
    assert count(engine, Post) == 4 and count(engine, Comment) == 8
    posts_request = next(r for r in api.requests if r.path.endswith("/posts"))
    assert int(posts_request.query["since"]) == int(at(29).timestamp())
    assert latest(engine, f"{PAGE}_3", "shares") == 120
    # Only changed values are appended: the new post's metrics, arte 3's shares and comments.
    added = count(engine, MetricObservation) - observations
    with transaction(engine) as session:
        new_post = session.scalar(select(Post.id).where(Post.external_id == f"{PAGE}_4"))
    assert added == count(engine, MetricObservation, MetricObservation.post_id == new_post) + 2
    assert summary.written.comments >= 1


def test_second_sync_with_nothing_new_is_cheap(engine, api, writer):
    clock = Clock(at(30, 12))
    run_collection(collector(api, clock, comment_rescan_days=7), engine=engine, writer=writer)
    before = count(engine, MetricObservation)
    summary = run_collection(
        collector(api, clock, comment_rescan_days=7), engine=engine, writer=writer
    )
    # One request per page stream (posts list, one insights batch) plus the re-scan window:
    # all three posts are younger than 7 days here, so each one's comments are re-read.
    in_window = 3
    assert summary.requests <= 1 + 1 + in_window
    assert summary.requests == 3  # the window's first comment pages share one batch
    assert count(engine, MetricObservation) == before
    # Months later nothing is in any window: one request for the posts stream only.
    clock.now = at(1, 12, month=12)
    summary = run_collection(
        collector(api, clock, comment_rescan_days=7, refresh_days=90), engine=engine, writer=writer
    )
    assert summary.requests == 1


def test_crash_between_two_pages_then_resume(engine, api, writer):
    for n in range(5, 12):
        api.dataset.posts.append(FakePost(id=f"{PAGE}_{n}", created_time=at(n, 8, month=7)))
    clock = Clock(at(15, 12, month=7))
    pages_seen = []

    def crash_after_second_page(page, stats):
        pages_seen.append(page)
        if len(pages_seen) == 2:
            raise RuntimeError("killed between two pages")

    with pytest.raises(RuntimeError, match="killed"):
        run_collection(
            collector(api, clock, posts_per_request=3),
            engine=engine,
            writer=writer,
            on_page=crash_after_second_page,
        )
    assert count(engine, Post) == 6  # two pages of three, committed with their cursor
    api.requests.clear()
    summary = run_collection(
        collector(api, clock, posts_per_request=3), engine=engine, writer=writer
    )
    assert summary.status == "succeeded"
    assert count(engine, Post) == 10
    first_posts = next(r for r in api.requests if r.path.endswith("/posts"))
    assert "after" in first_posts.query  # resumed where it stopped
    assert api.request_count("/posts") == 2
    with transaction(engine) as session:
        cursor = session.scalar(select(SyncState.cursor).where(SyncState.stream == "posts"))
    assert cursor == {"since": at(11, 8, month=7).isoformat()}
    # A third run sees nothing new in the posts stream.
    api.requests.clear()
    run_collection(collector(api, clock, posts_per_request=3), engine=engine, writer=writer)
    assert count(engine, Post) == 10 and api.request_count("/posts") == 1


def test_retired_metric_is_dropped_recorded_and_the_rest_kept(engine, writer):
    with FakeGraph(dataset(), retired_metrics={"post_media_view"}) as api:
        clock = Clock(at(30, 12))
        fb = collector(api, clock)
        summary = run_collection(fb, engine=engine, writer=writer)
        assert summary.status == "succeeded"
        dropped = summary.details["metrics_dropped"]
        assert list(dropped) == ["post_media_view"] and "100" in dropped["post_media_view"]
        assert latest(engine, f"{PAGE}_3", "reach") == 74926
        assert latest(engine, f"{PAGE}_3", "views") is None
        # The next run remembers and no longer asks for it.
        api.requests.clear()
        clock.now = at(1, 12, month=7)
        run_collection(collector(api, clock), engine=engine, writer=writer)
        batches = [r for r in api.requests if r.method == "POST"]
        assert batches and all(b"post_media_view" not in r.body for r in batches)


def test_old_version_registry_asks_for_impressions_and_survives_their_retirement(engine, writer):
    retired = {"post_impressions", "post_impressions_unique"}
    with FakeGraph(dataset(), retired_metrics=retired) as api:
        fb = collector(api, Clock(at(30, 12)), version="v19.0")
        summary = run_collection(fb, engine=engine, writer=writer)
        assert set(summary.details["metrics_dropped"]) == retired
        assert latest(engine, f"{PAGE}_3", "link_clicks") == 272
        assert api.requests[0].path.startswith("/v19.0/")


def test_invalid_token_stops_with_a_clear_message(engine, writer):
    with FakeGraph(dataset(), token="another-token") as api:
        with pytest.raises(CollectionError, match="invalid or expired"):
            run_collection(collector(api, Clock(at(30))), engine=engine, writer=writer)
        assert len(api.requests) == 1  # not retried
    assert count(engine, Post) == 0


def test_throttled_then_success_honours_the_estimated_wait(engine, api, writer):
    sleeps: list[float] = []
    api.throttle(code=80001, minutes=2)
    summary = run_collection(
        collector(api, Clock(at(30, 12)), sleeps=sleeps), engine=engine, writer=writer
    )
    assert summary.status == "succeeded" and summary.retries == 1
    assert 120 <= sleeps[0] <= 121
    assert count(engine, Post) == 3


@pytest.mark.parametrize(
    "fault",
    [
        {"kind": "status", "status": 429},
        {"kind": "status", "status": 503},
        {"kind": "malformed"},
        {"kind": "delay", "seconds": 1.5},
        {"kind": "status", "status": 500, "body": {"error": {"message": "x", "code": 2}}},
    ],
    ids=["429", "503", "malformed-json", "timeout", "code-2"],
)
def test_transient_faults_are_retried(engine, api, writer, fault):
    from pulso.sandbox.server import Fault

    api.inject(Fault(**fault))
    sleeps: list[float] = []
    summary = run_collection(
        collector(api, Clock(at(30, 12)), sleeps=sleeps, timeout=0.5),
        engine=engine,
        writer=writer,
    )
    assert summary.status == "succeeded" and summary.retries == 1
    assert count(engine, Post) == 3


def test_long_throttle_stops_cleanly_and_usage_near_limit_slows_down(engine, api, writer):
    api.throttle(code=4, minutes=60)
    summary = run_collection(
        collector(api, Clock(at(30, 12)), cap_seconds=300), engine=engine, writer=writer
    )
    assert summary.status == "stopped" and "60 min" in summary.message
    api.app_usage_percent = 95
    sleeps: list[float] = []
    fb = collector(api, Clock(at(30, 12)), sleeps=sleeps, usage_slowdown_percent=80)
    summary = run_collection(fb, engine=engine, writer=writer)
    assert summary.status == "succeeded"
    assert summary.details["slowdowns"] == summary.requests and sleeps
    assert all(44 <= s <= 46 for s in sleeps)  # 60 s x (95 - 80) / (100 - 80)


def test_deleted_post_is_marked(engine, api, writer):
    clock = Clock(at(30, 12))
    run_collection(collector(api, clock), engine=engine, writer=writer)
    api.delete_post(f"{PAGE}_2")
    clock.now = at(1, 12, month=7)
    summary = run_collection(collector(api, clock), engine=engine, writer=writer)
    assert summary.details["deleted_posts"] == 1
    with transaction(engine) as session:
        post = session.scalar(select(Post).where(Post.external_id == f"{PAGE}_2"))
        assert post.is_deleted and post.kind.value == "video"
    assert count(engine, Comment) == 7  # its comments stay as collected


def test_comment_edits_hides_and_deletions_in_the_rescan_window(engine, api, writer):
    clock = Clock(at(30, 12))
    run_collection(collector(api, clock), engine=engine, writer=writer)
    arte3 = api.post(f"{PAGE}_3")
    arte3.comments[0].message = "comentario editado"
    arte3.comments[1].is_hidden = True
    del arte3.comments[3]
    clock.now = at(1, 12, month=7)
    run_collection(collector(api, clock, comment_rescan_days=7), engine=engine, writer=writer)
    with transaction(engine) as session:
        rows = {
            c.external_id: c
            for c in session.scalars(select(Comment).where(Comment.post_id.is_not(None)))
        }
    assert rows[f"{PAGE}_3_c0"].text == "comentario editado"
    assert rows[f"{PAGE}_3_c1"].is_hidden
    assert rows[f"{PAGE}_3_c3"].is_deleted and rows[f"{PAGE}_3_c3"].text == "comentario 3"
    assert not rows[f"{PAGE}_3_c4"].is_deleted


def test_post_with_ten_thousand_comments(engine, api, writer):
    big = FakePost(id=f"{PAGE}_9", created_time=at(1, 8), message="Consulta")
    big.comments = comments(big.id, 10_000, at(1, 9), replies_every=4)
    api.dataset.posts.append(big)
    clock = Clock(at(30, 12))
    summary = run_collection(
        collector(api, clock, comment_rescan_days=7), engine=engine, writer=writer
    )
    assert count(engine, Comment) == 10_000 + 7
    # The first page came in the batch with the other posts' first pages; 99 follow.
    assert api.request_count(f"/{big.id}/comments") == 99
    assert summary.written.comments == 10_007
    with transaction(engine) as session:
        replies = session.scalar(
            select(func.count()).select_from(Comment).where(Comment.parent_id.is_not(None))
        )
    assert replies == 2_500 + 1
    api.requests.clear()
    run_collection(collector(api, clock, comment_rescan_days=7), engine=engine, writer=writer)
    assert api.request_count(f"/{big.id}/comments") == 0  # unchanged and outside the window


def test_boosted_post_spend_and_audience_by_age_and_gender(engine, api, writer):
    fb = collector(api, Clock(at(2, 12, month=7)), ad_account_id="act_777")
    summary = run_collection(fb, engine=engine, writer=writer)
    assert summary.details["ads"] == 1
    with transaction(engine) as session:
        promotion = session.scalar(select(Promotion))
        assert promotion.external_id == "6001" and promotion.spend == Decimal("100.00")
        assert promotion.currency == "USD" and promotion.post.is_boosted
        rows = session.scalars(select(AudienceRow).where(AudienceRow.metric == "reach")).all()
        by = {(r.dimension, r.bucket): r for r in rows}
    assert round(by[("gender", "female")].share, 2) == 0.55
    assert by[("age_gender", "18-24|female")].value == 14000
    assert by[("age", "25-34")].value == 24000
    assert latest(engine, f"{PAGE}_3", "reach", "paid") == 68800
    assert latest(engine, f"{PAGE}_3", "clicks", "paid") == 613
    assert latest(engine, f"{PAGE}_3", "link_clicks", "paid") == 272
    assert latest(engine, f"{PAGE}_3", "spend", "paid") == 100
    ad_requests = [r for r in api.requests if "act_777" in r.path]
    assert len(ad_requests) == 1
    batch = next(r for r in reversed(api.requests) if r.method == "POST")
    items = json.loads(batch.form()["batch"])
    assert any("breakdowns=age,gender" in i["relative_url"] for i in items)


def test_boost_dates_come_from_the_ad_sets_schedule(engine, api, writer):
    # Insights give whole days (29 June - 1 July: 3 dates); the ad set has the real times.
    local = dt.timezone(dt.timedelta(hours=-6))
    ad = api.dataset.ads[0]
    ad.starts_at = dt.datetime(2018, 6, 29, 10, tzinfo=local)
    ad.ends_at = dt.datetime(2018, 7, 1, 10, tzinfo=local)
    run_collection(collector(api, Clock(at(2, 12, month=7)), ad_account_id="act_777"),
                   engine=engine, writer=writer)  # fmt: skip
    with transaction(engine) as session:
        promotion = session.scalar(select(Promotion))
        starts, ends = (
            m.replace(tzinfo=m.tzinfo or dt.UTC) for m in (promotion.starts_at, promotion.ends_at)
        )
    assert starts == dt.datetime(2018, 6, 29, 16, tzinfo=dt.UTC)
    assert ends - starts == dt.timedelta(days=2)
    listing = next(r for r in api.requests if "act_777/ads" in r.path)
    assert "adset{start_time,end_time}" in listing.query["fields"]


def test_since_option_limits_the_posts_read(engine, api, writer):
    fb = collector(api, Clock(at(30, 12)), since=dt.datetime(2018, 6, 25, tzinfo=dt.UTC))
    run_collection(fb, engine=engine, writer=writer)
    assert count(engine, Post) == 1


def test_crash_in_the_middle_of_a_post_comments_then_resume(engine, api, writer):
    long = FakePost(id=f"{PAGE}_8", created_time=at(25, 8), message="Debate")
    long.comments = comments(long.id, 250, at(25, 9), replies_every=5)
    api.dataset.posts.append(long)
    clock = Clock(at(30, 12))

    def crash_mid_comments(page, stats):
        cursors = [b.cursor for b in page.bookmarks if b.partition == long.id]
        if cursors and cursors[0].get("after") and stats.comments == 100:
            raise RuntimeError("killed mid-comments")

    with pytest.raises(RuntimeError):
        run_collection(
            collector(api, clock, comments_per_request=100),
            engine=engine,
            writer=writer,
            on_page=crash_mid_comments,
        )
    stored = count(engine, Comment)
    assert 100 <= stored < 257
    api.requests.clear()
    run_collection(collector(api, clock, comments_per_request=100), engine=engine, writer=writer)
    assert count(engine, Comment) == 257
    resumed = [r for r in api.requests if r.path.endswith(f"{long.id}/comments")]
    assert resumed and "after" in resumed[0].query


def test_a_new_reply_on_an_old_post_is_seen_through_the_count(engine, api, writer):
    clock = Clock(at(30, 12))
    run_collection(collector(api, clock), engine=engine, writer=writer)
    video = api.post(f"{PAGE}_2")
    video.comments.append(
        FakeComment(
            f"{PAGE}_2_r", "respuesta", at(20, 9, month=7), "user5", parent_id=f"{PAGE}_2_c0"
        )
    )
    clock.now = at(1, 12, month=8)  # both posts' comments are outside the 7-day window
    api.requests.clear()
    run_collection(collector(api, clock, comment_rescan_days=7), engine=engine, writer=writer)
    with transaction(engine) as session:
        reply = session.scalar(select(Comment).where(Comment.external_id == f"{PAGE}_2_r"))
        parent = session.scalar(select(Comment).where(Comment.external_id == f"{PAGE}_2_c0"))
    assert reply is not None and reply.parent_id == parent.id
    batches = [json.loads(r.form()["batch"]) for r in api.requests if r.method == "POST"]
    comment_urls = [
        i["relative_url"] for b in batches for i in b if "/comments?" in i["relative_url"]
    ]
    assert len(comment_urls) == 1 and comment_urls[0].startswith(f"{PAGE}_2/comments?")
