"""The X collector against the fake X API v2, through the real tweepy client, on both
backends (``migrated_url`` is SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import logging
import time

import pytest
from sqlalchemy import select

from pulso.collectors.x import XConfig
from pulso.collectors.x.collector import refresh_interval_days
from pulso.db.engine import make_engine, transaction
from pulso.db.models import CollectionRun, Comment, MetricObservation, Post, SyncState
from pulso.errors import CollectionError
from pulso.sandbox.fake_x import FakeX
from pulso.sandbox.server import Fault, Response
from tests.x_helpers import HANDLE, NOW, OWNER_ID, Clock, collect, count, seed_posts


@pytest.fixture
def engine(migrated_url):
    eng = make_engine(migrated_url)
    yield eng
    eng.dispose()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def fake(clock):
    with FakeX(now=clock) as api:
        yield api


def _latest(engine, post_id: str, metric: str, scope: str = "total"):
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


def test_first_sync_stores_posts_metrics_replies_and_costs(engine, fake, clock):
    user, posts = seed_posts(fake, 30)
    citizen = fake.add_user("ciudadana")
    for n in range(3):
        fake.add_reply(posts[0], author=citizen, text=f"respuesta {n}", created_at=NOW)
    summary = collect(engine, fake, clock)
    assert summary.status == "succeeded"
    assert count(engine, Post) == 30
    assert count(engine, Comment) == 3
    assert _latest(engine, posts[6].id, "likes") == 6
    assert _latest(engine, posts[6].id, "impressions") == 106
    with transaction(engine) as session:
        post = session.scalar(select(Post).where(Post.external_id == posts[1].id))
        assert post.kind.value == "image" and post.published_at == posts[1].created_at
        comment = session.scalar(select(Comment).limit(1))
        assert comment.author_key and "ciudadana" not in (comment.permalink or "")
    details = summary.details
    assert details["post_reads"] == fake.post_reads == 33
    assert details["charged_reads"] == fake.charged_reads() == 33
    assert details["estimated_cost_usd"] == pytest.approx(33 * 0.005)
    # New posts came with their metrics: no lookup was needed on the day they were found.
    assert fake.request_count("/2/tweets") - fake.request_count("/2/tweets/search") == 0


def test_incremental_sync_reads_only_what_changed(engine, fake, clock):
    user, posts = seed_posts(fake, 12)
    collect(engine, fake, clock)
    clock.advance(days=1)
    fake.add_tweet(user, "nueva", created_at=clock.at - dt.timedelta(hours=2), likes=1)
    posts[0].likes = 40
    before = len(fake.requests)
    summary = collect(engine, fake, clock)
    timeline = [r for r in fake.requests[before:] if r.path.endswith("/tweets")]
    assert timeline[0].query["since_id"] == max(p.id for p in posts)
    assert summary.details["posts"] == 1
    assert count(engine, Post) == 13
    assert _latest(engine, posts[0].id, "likes") == 40
    # Day-old posts are refreshed daily; 12 posts 8 hours apart are all under 7 days old.
    assert summary.details["charged_reads"] == 13
    again = collect(engine, fake, clock)
    assert again.details["post_reads"] == 0 and again.details["estimated_cost_usd"] == 0


def test_second_refresh_on_the_same_utc_day_reads_nothing(engine, fake, clock):
    seed_posts(fake, 250, hours_apart=0.5)  # all under 7 days old: refreshed daily
    collect(engine, fake, clock)
    clock.advance(days=1)
    first = collect(engine, fake, clock)
    lookups = fake.request_count("/2/tweets") - fake.request_count("/2/tweets/search")
    assert first.details["charged_reads"] == 250 and lookups == 3  # 100 + 100 + 50 ids
    clock.advance(hours=3)
    second = collect(engine, fake, clock)
    assert second.details["post_reads"] == 0
    assert fake.request_count("/2/tweets") - fake.request_count("/2/tweets/search") == 3


def test_crash_mid_run_then_resume_loses_and_duplicates_nothing(engine, fake, clock):
    seed_posts(fake, 250, hours_apart=2)
    failing = {"left": 10}
    original = fake.handle

    def flaky(request):
        if "pagination_token" in request.query and failing["left"] > 0:
            failing["left"] -= 1
            return Response(503, {"title": "Service Unavailable"})
        return original(request)

    fake.handle = flaky
    with pytest.raises(CollectionError, match="after 3 attempts"):
        collect(engine, fake, clock, retries=2)
    assert count(engine, Post) == 100  # the first page was committed with its cursor
    failing["left"] = 0
    before = len(fake.requests)
    summary = collect(engine, fake, clock)
    resumed = [r for r in fake.requests[before:] if r.path.endswith("/tweets")][0]
    assert "pagination_token" in resumed.query
    assert summary.status == "succeeded"
    assert count(engine, Post) == 250
    with transaction(engine) as session:
        runs = session.scalars(select(CollectionRun).order_by(CollectionRun.id)).all()
        assert [r.status.value for r in runs] == ["failed", "succeeded"]


def test_429_sleeps_until_reset_then_succeeds(engine, fake, clock):
    seed_posts(fake, 5)
    reset = int(time.time()) + 40
    fake.inject(Fault("status", 429, headers={"x-rate-limit-reset": str(reset)}, path="/tweets"))
    sleeps: list[float] = []
    summary = collect(engine, fake, clock, sleeps=sleeps)
    assert summary.status == "succeeded" and summary.retries == 1
    assert 30 <= sleeps[0] <= 41.1  # until the reset, plus jitter
    assert count(engine, Post) == 5


def test_429_without_waiting_stops_cleanly_and_resumes(engine, fake, clock):
    seed_posts(fake, 5)
    reset = int(time.time()) + 600
    fake.inject(Fault("status", 429, headers={"x-rate-limit-reset": str(reset)}, path="/tweets"))
    stopped = collect(engine, fake, clock, wait=False)
    assert stopped.status == "stopped" and "rate limit" in stopped.message
    assert count(engine, Post) == 0
    assert collect(engine, fake, clock).status == "succeeded"
    assert count(engine, Post) == 5


def test_server_errors_timeouts_and_malformed_json_are_retried(engine, fake, clock):
    seed_posts(fake, 5)
    fake.inject(Fault("status", 503, path="/tweets"))
    fake.inject(Fault("malformed", path="/tweets"))
    fake.inject(Fault("delay", seconds=1.5, path="/tweets"))
    summary = collect(engine, fake, clock, timeout=0.5, retries=4)
    assert summary.status == "succeeded" and summary.retries == 3
    assert count(engine, Post) == 5


def test_401_stops_with_a_clear_message_and_no_secret(engine, fake, clock, caplog):
    seed_posts(fake, 3)
    caplog.set_level(logging.DEBUG)
    with pytest.raises(CollectionError, match="401 Unauthorized.*PULSO_X_BEARER_TOKEN"):
        collect(engine, fake, clock, token="revoked-secret-token")
    assert "revoked-secret-token" not in caplog.text
    with transaction(engine) as session:
        run = session.scalars(select(CollectionRun)).one()
        assert run.status.value == "failed" and "401" in run.message


def test_403_stops_with_a_clear_message(engine, fake, clock):
    seed_posts(fake, 3)
    body = {"title": "Forbidden", "detail": "client-not-enrolled", "status": 403}
    fake.inject(Fault("status", 403, body=body, path="/users/by"))
    with pytest.raises(CollectionError, match="403 Forbidden: client-not-enrolled"):
        collect(engine, fake, clock)


def test_per_id_errors_are_recorded_not_fatal(engine, fake, clock):
    user, posts = seed_posts(fake, 6)
    collect(engine, fake, clock)
    clock.advance(days=1)
    posts[2].deleted = True
    user.protected = True  # the app-only token may no longer read the posts
    summary = collect(engine, fake, clock)
    assert summary.status == "succeeded"
    assert summary.details["deleted"] == [posts[2].id]
    assert len(summary.details["unavailable"]) == 5
    with transaction(engine) as session:
        deleted = session.scalars(select(Post.external_id).where(Post.is_deleted)).all()
        assert deleted == [posts[2].id]
    clock.advance(days=1)
    later = collect(engine, fake, clock)
    assert posts[2].id not in later.details["deleted"]  # a deleted post is not asked again


def test_budget_cap_stops_cleanly_says_what_is_left_and_resumes(engine, fake, clock):
    seed_posts(fake, 250, hours_apart=1)
    config = XConfig(max_reads_per_run=120)
    stopped = collect(engine, fake, clock, config=config)
    assert stopped.status == "stopped"
    assert "per-run cap of 120" in stopped.message and "Left for the next run" in stopped.message
    assert stopped.details["charged_reads"] == 120 == fake.charged_reads()
    assert count(engine, Post) == 120
    with transaction(engine) as session:
        run = session.scalars(select(CollectionRun)).one()
        assert run.status.value == "stopped" and run.details["estimated_cost_usd"] == 0.6
    collect(engine, fake, clock, config=config)
    collect(engine, fake, clock, config=config)
    assert count(engine, Post) == 250


def test_monthly_budget_is_kept_across_runs(engine, fake, clock):
    seed_posts(fake, 80, hours_apart=1)
    config = XConfig(max_reads_per_month=60)
    first = collect(engine, fake, clock, config=config)
    assert first.status == "stopped" and first.details["month_reads"] == 60
    second = collect(engine, fake, clock, config=config)
    assert second.status == "stopped" and "monthly cap" in second.message
    assert second.details["post_reads"] == 0
    with transaction(engine) as session:
        state = session.scalars(select(SyncState).where(SyncState.stream == "reads")).one()
        assert state.partition == "2026-07" and state.cursor == {"reads": 60}


def test_user_context_metrics_present_for_own_recent_posts(engine, fake, clock):
    user, posts = seed_posts(fake, 10, hours_apart=24 * 5)  # 0 to 45 days old
    posts[1].promoted = {"impression_count": 40, "like_count": 2}
    summary = collect(engine, fake, clock, user_context=True)
    assert summary.status == "succeeded"
    young = [p for p in posts if NOW - p.created_at < dt.timedelta(days=30)]
    old = [p for p in posts if p not in young]
    assert young and old
    for post in young:
        assert _latest(engine, post.id, "profile_clicks") == 1
        assert _latest(engine, post.id, "link_clicks") == post.url_link_clicks
        assert _latest(engine, post.id, "impressions", "organic") is not None
    for post in old:
        assert _latest(engine, post.id, "link_clicks") is None
    assert _latest(engine, posts[1].id, "impressions", "paid") == 40
    assert _latest(engine, posts[1].id, "impressions", "organic") == posts[1].impressions - 40
    with transaction(engine) as session:
        boosted = session.scalars(select(Post.external_id).where(Post.is_boosted)).all()
        assert boosted == [posts[1].id]


def test_user_context_metrics_absent_with_app_only_auth(engine, fake, clock):
    seed_posts(fake, 5)
    collect(engine, fake, clock)
    with transaction(engine) as session:
        metrics = set(session.scalars(select(MetricObservation.metric).distinct()))
        scopes = set(session.scalars(select(MetricObservation.scope).distinct()))
    assert "link_clicks" not in metrics and "profile_clicks" not in metrics
    assert {s.value for s in scopes} == {"total"}
    assert not any("non_public" in r.query.get("tweet.fields", "") for r in fake.requests)


def test_two_thousand_replies_to_one_post(engine, fake, clock):
    user, posts = seed_posts(fake, 1)
    people = [fake.add_user(f"persona{i}") for i in range(50)]
    for n in range(2000):
        fake.add_reply(
            posts[0],
            author=people[n % 50],
            text=f"comentario {n}",
            created_at=NOW - dt.timedelta(minutes=n + 1),
        )
    summary = collect(engine, fake, clock)
    assert summary.status == "succeeded"
    assert count(engine, Comment) == 2000
    assert fake.request_count("/2/tweets/search/recent") == 20
    with transaction(engine) as session:
        authors = session.scalar(select(Comment.author_key).distinct().limit(1))
        assert len(authors) == 64
        cursor = session.scalar(
            select(SyncState.cursor).where(
                SyncState.stream == "replies", SyncState.partition == posts[0].id
            )
        )
    assert cursor["since_id"] == max(t.id for t in fake.tweets.values() if t.id != posts[0].id)
    # Nothing new: the next run does not search again.
    clock.advance(hours=1)
    before = fake.request_count("/search/")
    collect(engine, fake, clock)
    assert fake.request_count("/search/") == before


@pytest.mark.parametrize("full_archive", [False, True], ids=["recent", "full-archive"])
def test_replies_of_old_posts_need_full_archive_search(engine, fake, clock, full_archive):
    user, posts = seed_posts(fake, 1, start=NOW - dt.timedelta(days=40))
    fake.add_reply(posts[0], author=fake.add_user("hoy"), text="reciente", created_at=NOW)
    old = posts[0].created_at + dt.timedelta(hours=1)
    fake.add_reply(posts[0], author=fake.add_user("antes"), text="antigua", created_at=old)
    summary = collect(engine, fake, clock, config=XConfig(full_archive_search=full_archive))
    assert count(engine, Comment) == (2 if full_archive else 1)
    assert fake.request_count("/search/all") == (1 if full_archive else 0)
    warned = any("FULL_ARCHIVE" in w for w in summary.warnings)
    assert warned is not full_archive


def test_backfill_says_when_it_hits_the_3200_post_wall(engine, fake, clock):
    user, _ = seed_posts(fake, 20)
    user.extra_tweet_count = 5000
    summary = collect(engine, fake, clock)
    assert any("3,200" in w and "x-export" in w for w in summary.warnings)
    spanish = summary.warning_lines("es")
    assert any("solo alcanza las 3,200 más recientes" in w for w in spanish)


def test_refresh_schedule_favours_recent_posts():
    days = [refresh_interval_days(dt.timedelta(days=d)) for d in (0, 6, 7, 29, 30, 89, 90, 400)]
    assert days == [1, 1, 3, 3, 7, 7, 30, 30]


def test_owner_id_comes_from_the_access_token(fake):
    from tests.x_helpers import make_client

    client = make_client(fake, user_context=True)
    assert client.user_context and client.owner_id == OWNER_ID
    assert make_client(fake).owner_id is None
    assert HANDLE


def test_reply_pages_resume_from_their_bookmark_after_a_budget_stop(engine, fake, clock):
    user, posts = seed_posts(fake, 1)
    people = [fake.add_user(f"p{i}") for i in range(10)]
    for n in range(450):
        when = NOW - dt.timedelta(minutes=n + 1)
        fake.add_reply(posts[0], author=people[n % 10], text=f"r{n}", created_at=when)
    config = XConfig(max_reads_per_run=200)
    first = collect(engine, fake, clock, config=config)
    assert first.status == "stopped" and "replies of 1 conversations" in first.message
    assert count(engine, Comment) == 199  # 1 read went to the post itself
    with transaction(engine) as session:
        cursor = session.scalar(select(SyncState.cursor).where(SyncState.stream == "replies"))
    assert cursor["next_token"]
    statuses = [collect(engine, fake, clock, config=config).status for _ in range(2)]
    assert statuses == ["stopped", "succeeded"]
    assert count(engine, Comment) == 450
    assert fake.charged_reads() == 451  # every post billed once, nothing read twice


def test_since_limits_the_backfill(engine, fake, clock):
    seed_posts(fake, 20, hours_apart=24)
    config = XConfig(since=(NOW - dt.timedelta(days=5)).date())
    summary = collect(engine, fake, clock, config=config)
    assert summary.details["posts"] == count(engine, Post) == 6
    timeline = next(r for r in fake.requests if r.path.endswith("/tweets"))
    assert timeline.query["start_time"] == "2026-07-15T00:00:00Z"
