"""Shared data and builders for the Facebook tests (a small 2018-like Page)."""

from __future__ import annotations

import datetime as dt
import random

from pulso.collectors.base import HttpStats, RetryPolicy
from pulso.collectors.facebook import FacebookCollector, FacebookOptions
from pulso.collectors.facebook.adapter import GraphClient
from pulso.sandbox.fake_graph import FakeAd, FakeAdRow, FakeComment, FakePost, GraphDataset

UTC = dt.UTC
PAGE = "1001"
TOKEN = "test-token"


def at(day: int, hour: int = 15, month: int = 6) -> dt.datetime:
    return dt.datetime(2018, month, day, hour, tzinfo=UTC)


def comments(post_id: str, n: int, start: dt.datetime, replies_every: int = 0) -> list:
    out = []
    for i in range(n):
        parent = None
        if replies_every and i % replies_every == replies_every - 1:
            parent = f"{post_id}_c{i - 1}"
        out.append(
            FakeComment(
                id=f"{post_id}_c{i}",
                message=f"comentario {i}",
                created_time=start + dt.timedelta(seconds=30 * i),
                from_id=f"user{i % 37}",
                from_name=f"Persona {i % 37}",
                parent_id=parent,
            )
        )
    return out


def dataset() -> GraphDataset:
    arte3 = FakePost(
        id=f"{PAGE}_3",
        created_time=at(29),
        message="Arte 3: participa en la consulta",
        media_type="photo",
        shares=116,
        reactions={"like": 1517, "love": 200, "wow": 65},
        insights={
            "post_total_media_view_unique": 74926,
            "post_media_view": 90210,
            "post_clicks": 613,
            "post_clicks_by_type": {"link clicks": 272, "other clicks": 341},
            "post_reactions_by_type_total": {"like": 1517, "love": 200, "wow": 65},
            "post_impressions_unique": 74926,
        },
        comments=comments(f"{PAGE}_3", 5, at(29, 16), replies_every=3),
    )
    posts = [
        FakePost(
            id=f"{PAGE}_1",
            created_time=at(20),
            message="Arte 1",
            insights={"post_total_media_view_unique": 174, "post_media_view": 200},
        ),
        FakePost(
            id=f"{PAGE}_2",
            created_time=at(21),
            message="Pasos para la consulta",
            media_type="video",
            reactions={"like": 2},
            insights={
                "post_total_media_view_unique": 139,
                "post_video_views": 21,
                "post_video_view_time": 84000,
            },
            comments=comments(f"{PAGE}_2", 2, at(21, 18)),
        ),
        arte3,
    ]
    rows = [
        FakeAdRow("18-24", "female", 14000, 20000, 22.0, 150, 70),
        FakeAdRow("18-24", "male", 12000, 17000, 18.0, 120, 50),
        FakeAdRow("25-34", "female", 14000, 19000, 20.0, 140, 60),
        FakeAdRow("25-34", "male", 10000, 14000, 15.0, 100, 40),
        FakeAdRow("35-44", "female", 9840, 12000, 13.0, 60, 30),
        FakeAdRow("35-44", "male", 8960, 11000, 12.0, 43, 22),
    ]
    ad = FakeAd("6001", "777", arte3.id, dt.date(2018, 6, 29), dt.date(2018, 7, 1), rows, 68800)
    return GraphDataset(pages={PAGE: "SPTA"}, posts=posts, ads=[ad])


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def collector(api, clock, *, sleeps=None, version="v25.0", timeout=5.0, **options):
    stats = HttpStats()
    client = GraphClient(
        access_token=options.pop("token", TOKEN),
        stats=stats,
        version=version,
        base_url=api.url,
        timeout=timeout,
    )
    policy = RetryPolicy(
        max_retries=options.pop("max_retries", 4),
        base_seconds=0.5,
        cap_seconds=options.pop("cap_seconds", 600.0),
        sleep=(sleeps if sleeps is not None else []).append,
        rng=random.Random(7),
    )
    options.setdefault("page_ids", [PAGE])
    return FacebookCollector(
        client=client, options=FacebookOptions(**options), policy=policy, now=clock
    )
