"""Shared pieces of the X tests: a clock, a fake X server with an account, real clients."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select

from pulso.collectors.base import RetryPolicy
from pulso.collectors.x import XClient, XCollector, XConfig
from pulso.db.engine import transaction
from pulso.db.writer import Writer
from pulso.jobs.runner import run_collection
from pulso.sandbox.fake_x import FakeX

UTC = dt.UTC
NOW = dt.datetime(2026, 7, 20, 12, 0, tzinfo=UTC)
OWNER_ID = "2244994945"
HANDLE = "gobsv"


class Clock:
    def __init__(self, at: dt.datetime = NOW) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta) -> None:
        self.at += dt.timedelta(**delta)


def seed_posts(fake: FakeX, count: int, *, start: dt.datetime = NOW, hours_apart: float = 8):
    """An account with ``count`` posts, newest first from ``start``, with some metrics."""
    user = fake.users.get(OWNER_ID) or fake.add_user(HANDLE, name="Gobierno", id=OWNER_ID)
    posts = []
    for i in range(count):
        created = start - dt.timedelta(hours=hours_apart * i + 1)
        posts.append(
            fake.add_tweet(
                user,
                f"Publicación {i} de la consulta",
                created_at=created,
                likes=i % 7,
                retweets=i % 5,
                impressions=100 + i,
                url_link_clicks=i % 3,
                profile_clicks=1,
                media_type="photo" if i % 2 else None,
            )
        )
    return user, posts


def make_client(
    fake: FakeX, *, user_context=False, sleeps=None, wait=True, retries=3, timeout=5, token=None
):
    creds = {}
    if user_context:
        creds = dict(
            consumer_key=fake.consumer_key,
            consumer_secret="consumer-secret",
            access_token=f"{OWNER_ID}-access",
            access_token_secret="access-secret",
        )
    return XClient(
        base_url=fake.url,
        bearer_token=token or fake.bearer_token,
        timeout=timeout,
        wait_on_rate_limit=wait,
        max_rate_limit_sleep=900,
        policy=RetryPolicy(
            max_retries=retries,
            base_seconds=0.01,
            cap_seconds=900,
            sleep=(sleeps.append if sleeps is not None else lambda s: None),
            rng=random.Random(7),
        ),
        **creds,
    )


def collect(engine, fake, clock, *, config=None, **client_kw):
    collector = XCollector(
        client=make_client(fake, **client_kw),
        accounts=[HANDLE],
        config=config or XConfig(),
        now=clock,
    )
    return run_collection(collector, engine=engine, writer=Writer(author_secret="test-secret"))


def count(engine, model, *where) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))
