"""The fake X API itself, through the real tweepy client (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from pulso.sandbox.fake_x import FakeX
from pulso.sandbox.fake_x_data import campaign_2018
from tests.x_helpers import NOW, make_client, seed_posts


@pytest.fixture
def fake():
    with FakeX(now=lambda: NOW) as api:
        yield api


def test_campaign_2018_has_the_reported_figures():
    data = campaign_2018()
    account = data.users[0]
    posts = [t for t in data.tweets if t.author_id == account.id]
    replies = [t for t in data.tweets if t.in_reply_to]
    assert len(posts) == 78 and len(replies) == 10
    assert sum(p.retweets for p in posts) == 176
    assert sum(p.likes for p in posts) == 29
    assert sum(p.replies for p in posts) == 10
    days = {p.created_at.astimezone(dt.timezone(dt.timedelta(hours=-6))).date() for p in posts}
    assert min(days) == dt.date(2018, 6, 21) and max(days) == dt.date(2018, 7, 16)
    assert len(days) == 26


def test_timeline_reaches_only_the_newest_3200_posts(fake):
    user, posts = seed_posts(fake, 3250, hours_apart=0.1)
    client = make_client(fake)
    token, seen = None, 0
    while True:
        page = client.users_tweets(user.id, max_results=100, pagination_token=token)
        seen += len(page.posts)
        token = page.meta.get("next_token")
        if token is None:
            break
    assert seen == 3200
    assert fake.post_reads == 3200 and fake.charged_reads() == 3200


def test_lookup_errors_and_rate_limit_headers(fake):
    user, posts = seed_posts(fake, 3)
    posts[0].deleted = True
    client = make_client(fake)
    page = client.tweets([p.id for p in posts] + ["123"])
    assert [t["id"] for t in page.posts] == [posts[1].id, posts[2].id]
    assert sorted(e["resource_id"] for e in page.errors) == sorted([posts[0].id, "123"])
    assert all(e["title"] == "Not Found Error" for e in page.errors)
    assert set(client.stats.last_headers) == {"x-rate-limit-remaining", "x-rate-limit-reset"}


def test_private_metrics_only_for_the_author_in_user_context(fake):
    user, posts = seed_posts(fake, 2)
    app = make_client(fake).tweets([posts[0].id], private_metrics=True)
    assert "non_public_metrics" not in app.posts[0]
    assert {e["title"] for e in app.errors} == {"Field Authorization Error"}
    own = make_client(fake, user_context=True).tweets([posts[0].id], private_metrics=True)
    assert own.posts[0]["non_public_metrics"]["user_profile_clicks"] == 1
    assert "organic_metrics" in own.posts[0] and "promoted_metrics" not in own.posts[0]


def test_re_reads_on_the_same_day_are_not_charged_twice(fake):
    user, posts = seed_posts(fake, 5)
    client = make_client(fake)
    client.tweets([p.id for p in posts])
    client.tweets([p.id for p in posts])
    assert fake.post_reads == 10 and fake.charged_reads() == 5


def test_only_the_adapter_imports_tweepy():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    packages = ("pulso", "db", "collectors", "analytics", "reports", "sandbox", "benchmarks")
    importers = {
        str(path.relative_to(root))
        for package in packages
        for path in (root / package).rglob("*.py")
        if "import tweepy" in path.read_text(encoding="utf-8")
        or "from tweepy" in path.read_text(encoding="utf-8")
    }
    assert importers == {"collectors/x/adapter.py"}
