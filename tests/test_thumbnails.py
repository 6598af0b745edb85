"""Post pictures: the Facebook and X collectors read each post's picture address from the
fakes (through facebook-sdk and tweepy), download it from 127.0.0.1, and store it
downscaled; on SQLite and PostgreSQL (``migrated_url``)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select, update

from pulso.collectors.thumbnails import (
    SIZE,
    ThumbnailError,
    ThumbnailFetcher,
    downscale,
    image_key,
)
from pulso.collectors.x import XCollector, XConfig
from pulso.db.engine import make_engine, transaction
from pulso.db.models import Post, PostThumbnail, SyncState
from pulso.db.writer import Writer
from pulso.jobs.runner import run_collection
from pulso.sandbox.fake_graph import FakeGraph
from pulso.sandbox.fake_x import FakeX
from pulso.sandbox.pictures import picture
from pulso.sandbox.server import Fault
from tests import facebook_helpers as fb
from tests import x_helpers as xh

MAX_BYTES = 5 * 1024 * 1024


@pytest.fixture
def engine(migrated_url):
    eng = make_engine(migrated_url)
    yield eng
    eng.dispose()


@pytest.fixture
def graph():
    with FakeGraph(fb.dataset()) as server:
        yield server


@pytest.fixture
def x_clock():
    return xh.Clock()


@pytest.fixture
def fake_x(x_clock):
    with FakeX(now=x_clock) as api:
        yield api


def collect_facebook(engine, api, clock, *, timeout=5.0, max_bytes=MAX_BYTES):
    collector = fb.collector(api, clock)
    collector.thumbnails.fetcher = ThumbnailFetcher.create(
        timeout=timeout, stats=collector.stats, max_bytes=max_bytes
    )
    return run_collection(collector, engine=engine, writer=Writer(author_secret="s"))


def collect_x(engine, api, clock, *, timeout=5.0):
    client = xh.make_client(api)
    collector = XCollector(
        client=client,
        accounts=[xh.HANDLE],
        config=XConfig(),
        now=clock,
        thumbnails=ThumbnailFetcher.create(timeout=timeout, stats=client.stats),
    )
    return run_collection(collector, engine=engine, writer=Writer(author_secret="s"))


def pictures(engine) -> dict[str, tuple[str | None, PostThumbnail | None]]:
    """external id -> (post.image_url, its thumbnail row)."""
    with transaction(engine) as session:
        rows = session.execute(
            select(Post.external_id, Post.image_url, PostThumbnail).outerjoin(
                PostThumbnail, PostThumbnail.post_id == Post.id
            )
        ).all()
        session.expunge_all()
    return {external_id: (url, thumb) for external_id, url, thumb in rows}


def cdn_requests(api, prefix: str) -> list:
    return [r for r in api.requests if r.path.startswith(prefix)]


def is_small_jpeg(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return image.format == "JPEG" and max(image.size) <= SIZE


# -- Facebook --------------------------------------------------------------------------


def test_facebook_stores_full_picture_and_a_small_thumbnail(engine, graph):
    clock = fb.Clock(fb.at(30, 12))
    summary = collect_facebook(engine, graph, clock)
    assert summary.status == "succeeded" and summary.warnings == []
    stored = pictures(engine)
    assert set(stored) == {f"{fb.PAGE}_1", f"{fb.PAGE}_2", f"{fb.PAGE}_3"}
    for external_id, (url, thumb) in stored.items():
        assert url.startswith(graph.url + "/fbcdn/") and "oe=" in url
        assert thumb is not None and thumb.content_type == "image/jpeg"
        assert image_key(thumb.source_url) == image_key(url)
        assert external_id in thumb.source_url
        assert is_small_jpeg(thumb.data) and (thumb.width, thumb.height) == (SIZE, 213)
    downloads = cdn_requests(graph, "/fbcdn/")
    assert len(downloads) == 3
    # The CDN never sees the Page token; the API calls all carry it.
    assert not any("access_token" in r.query or "Authorization" in r.headers for r in downloads)
    assert summary.details["thumbnails"] == 3 and summary.details["thumbnail_failures"] == 0
    assert summary.details["stored"]["thumbnails"] == {"new": 3, "updated": 0}


def test_facebook_rerun_refreshes_the_address_and_downloads_nothing(engine, graph):
    clock = fb.Clock(fb.at(30, 12))
    collect_facebook(engine, graph, clock)
    first = pictures(engine)
    with transaction(engine) as session:
        session.execute(update(Post).values(image_url="https://scontent.fake/expired.jpg?oe=0"))
    graph.requests.clear()
    summary = collect_facebook(engine, graph, clock)
    assert summary.status == "succeeded"
    assert cdn_requests(graph, "/fbcdn/") == []
    again = pictures(engine)
    assert set(again) == set(first)
    for external_id, (url, thumb) in again.items():
        # The newest address the refresh read wins; the stored picture stays as it was.
        assert url.startswith(graph.url + "/fbcdn/")
        assert thumb.data == first[external_id][1].data
        assert thumb.fetched_at == first[external_id][1].fetched_at
    assert "thumbnails" not in summary.details["stored"]


def test_facebook_a_changed_picture_replaces_the_thumbnail(engine, graph):
    clock = fb.Clock(fb.at(30, 12))
    collect_facebook(engine, graph, clock)
    before = pictures(engine)[f"{fb.PAGE}_3"][1]
    graph.post(f"{fb.PAGE}_3").picture_version = 2
    graph.requests.clear()
    summary = collect_facebook(engine, graph, clock)
    assert len(cdn_requests(graph, "/fbcdn/")) == 1
    url, after = pictures(engine)[f"{fb.PAGE}_3"]
    assert f"{fb.PAGE}_3_2_n.jpg" in after.source_url and image_key(url) == image_key(
        after.source_url
    )
    assert after.data != before.data
    with transaction(engine) as session:
        total = len(session.scalars(select(PostThumbnail)).all())
    assert total == 3
    assert summary.details["stored"]["thumbnails"] == {"new": 1, "updated": 0}


@pytest.mark.parametrize(
    ("fault", "options", "reason"),
    [
        (Fault("status", 404, b"", {"Content-Type": "text/plain"}, path="/fbcdn/"), {}, "404"),
        (Fault("delay", seconds=1.0, path="/fbcdn/"), {"timeout": 0.3}, "timed out"),
        (None, {"max_bytes": 2_000}, "larger than 2,000 bytes"),
        (
            Fault("status", 200, b"<html>no</html>", {"Content-Type": "text/html"}, path="/fbcdn/"),
            {},
            "not a picture",
        ),
    ],
    ids=["404", "timeout", "oversized", "not-a-picture"],
)
def test_facebook_a_failed_download_is_a_warning_and_retried_next_run(
    engine, graph, fault, options, reason
):
    clock = fb.Clock(fb.at(30, 12))
    if fault is not None:
        graph.inject(fault)
    summary = collect_facebook(engine, graph, clock, **options)
    assert summary.status == "succeeded"
    stored = pictures(engine)
    assert len(stored) == 3 and all(url for url, _ in stored.values())
    missing = [external_id for external_id, (_, thumb) in stored.items() if thumb is None]
    assert len(missing) == (3 if fault is None else 1)
    [line] = [w for w in summary.warnings if "picture" in w]
    assert f"{len(missing)} post picture(s) could not be downloaded" in line and reason in line
    with transaction(engine) as session:
        cursor = session.scalar(
            select(SyncState.cursor).where(
                SyncState.stream == "post", SyncState.partition == missing[0]
            )
        )
    assert "image" not in cursor and cursor["image_failures"] == 1
    assert image_key(cursor["image_pending"]) == image_key(stored[missing[0]][0])
    # The next run (the CDN well again) downloads what is missing, and only that.
    graph.requests.clear()
    summary = collect_facebook(engine, graph, clock)
    assert summary.warnings == []
    assert len(cdn_requests(graph, "/fbcdn/")) == len(missing)
    assert all(thumb is not None for _, thumb in pictures(engine).values())


def test_facebook_without_a_fetcher_stores_addresses_only(engine, graph):
    summary = run_collection(
        fb.collector(graph, fb.Clock(fb.at(30, 12))),
        engine=engine,
        writer=Writer(author_secret="s"),
    )
    assert summary.status == "succeeded"
    assert all(url and thumb is None for url, thumb in pictures(engine).values())
    assert cdn_requests(graph, "/fbcdn/") == []


def test_facebook_a_post_without_picture_has_none(engine, graph):
    graph.post(f"{fb.PAGE}_1").picture = False
    collect_facebook(engine, graph, fb.Clock(fb.at(30, 12)))
    assert pictures(engine)[f"{fb.PAGE}_1"] == (None, None)


# -- X ---------------------------------------------------------------------------------


def test_x_stores_photo_url_and_video_preview(engine, fake_x, x_clock):
    user, posts = xh.seed_posts(fake_x, 6)  # odd ones are photos
    video = fake_x.add_tweet(
        user, "Video de la consulta", created_at=xh.NOW, media_type="video", likes=1
    )
    summary = collect_x(engine, fake_x, x_clock)
    assert summary.status == "succeeded" and summary.warnings == []
    stored = pictures(engine)
    photos = {p.id for p in posts[1::2]}
    for post in posts:
        url, thumb = stored[post.id]
        if post.id in photos:
            assert url == f"{fake_x.url}/pbs/media/F{post.id}v1.jpg"
            assert thumb is not None and is_small_jpeg(thumb.data)
        else:
            assert (url, thumb) == (None, None)
    url, thumb = stored[video.id]
    assert "/pbs/ext_tw_video_thumb/" in url and thumb is not None
    downloads = cdn_requests(fake_x, "/pbs/")
    assert len(downloads) == 4
    assert not any("Authorization" in r.headers for r in downloads)
    timeline = next(r for r in fake_x.requests if r.path.endswith("/tweets"))
    assert set(timeline.query["media.fields"].split(",")) == {"type", "url", "preview_image_url"}


def test_x_refresh_does_not_download_again_and_a_new_picture_replaces_it(engine, fake_x, x_clock):
    user, posts = xh.seed_posts(fake_x, 6)
    collect_x(engine, fake_x, x_clock)
    first = pictures(engine)
    x_clock.advance(days=1)  # every post is due for a metrics refresh (GET /2/tweets)
    fake_x.requests.clear()
    summary = collect_x(engine, fake_x, x_clock)
    assert summary.details["post_reads"] == 6
    assert cdn_requests(fake_x, "/pbs/") == []
    assert {k: v[1].data for k, v in pictures(engine).items() if v[1]} == {
        k: v[1].data for k, v in first.items() if v[1]
    }
    fake_x.tweets[posts[1].id].picture_version = 2
    x_clock.advance(days=1)
    fake_x.requests.clear()
    collect_x(engine, fake_x, x_clock)
    assert [r.path for r in cdn_requests(fake_x, "/pbs/")] == [f"/pbs/media/F{posts[1].id}v2.jpg"]
    url, thumb = pictures(engine)[posts[1].id]
    assert url.endswith("v2.jpg") and thumb.source_url == url
    assert thumb.data != first[posts[1].id][1].data


def test_x_a_failed_download_is_retried_though_the_post_is_not_read_again(engine, fake_x, x_clock):
    xh.seed_posts(fake_x, 4)
    fake_x.inject(Fault("status", 404, b"", {"Content-Type": "text/plain"}, path="/pbs/"))
    summary = collect_x(engine, fake_x, x_clock)
    assert summary.status == "succeeded"
    stored = pictures(engine)
    assert len(stored) == 4
    assert sum(1 for url, thumb in stored.values() if url and thumb is None) == 1
    assert any("could not be downloaded" in w and "HTTP 404" in w for w in summary.warnings)
    # Same UTC day: no post is read again (nothing is due), the failed picture still is.
    fake_x.requests.clear()
    again = collect_x(engine, fake_x, x_clock)
    assert again.details["post_reads"] == 0 and again.warnings == []
    assert len(cdn_requests(fake_x, "/pbs/")) == 1
    assert all(thumb is not None for url, thumb in pictures(engine).values() if url)
    fake_x.requests.clear()
    collect_x(engine, fake_x, x_clock)
    assert cdn_requests(fake_x, "/pbs/") == []


def test_facebook_a_picture_that_keeps_failing_is_tried_three_runs_then_left(engine, graph):
    """Months later no post is in the refresh window: the failed picture is retried from
    the bookmark alone, at most MAX_ATTEMPTS times in all."""
    clock = fb.Clock(fb.at(30, 12))
    graph.inject(Fault("status", 404, b"", {"Content-Type": "text/plain"}, path="/fbcdn/"))
    collect_facebook(engine, graph, clock)  # attempt 1
    clock.now = fb.at(1, 12, month=12)
    graph.inject(Fault("status", 404, b"", {"Content-Type": "text/plain"}, path="/fbcdn/", times=9))
    for attempts in (2, 3):
        graph.requests.clear()
        summary = collect_facebook(engine, graph, clock)
        assert len(cdn_requests(graph, "/fbcdn/")) == 1, attempts
        assert [r.path for r in graph.requests if r.method == "POST"] == []  # no refresh batch
        assert any("could not be downloaded" in w for w in summary.warnings)
    graph.requests.clear()
    summary = collect_facebook(engine, graph, clock)
    assert cdn_requests(graph, "/fbcdn/") == [] and summary.warnings == []
    assert sum(1 for _, thumb in pictures(engine).values() if thumb is None) == 1


# -- downscaling -----------------------------------------------------------------------


def test_downscale_flattens_transparency_and_keeps_the_aspect_ratio():
    image = Image.new("RGBA", (1000, 2000), (255, 0, 0, 0))
    raw = io.BytesIO()
    image.save(raw, "PNG")
    thumb = downscale(raw.getvalue())
    assert (thumb.width, thumb.height) == (160, 320)
    with Image.open(io.BytesIO(thumb.data)) as out:
        assert out.format == "JPEG" and out.getpixel((80, 160)) == (255, 255, 255)
    assert downscale(picture("a", fmt="PNG")).content_type == "image/jpeg"


@pytest.mark.parametrize("raw", [b"", b"GIF89a", b"<html></html>", picture("a")[:200]])
def test_downscale_refuses_what_is_not_a_whole_picture(raw):
    with pytest.raises(ThumbnailError):
        downscale(raw)


def test_downscale_refuses_a_huge_picture_before_decoding_it():
    raw = io.BytesIO()
    Image.new("L", (4000, 3000)).save(raw, "PNG")
    with pytest.raises(ThumbnailError, match="too large"):
        downscale(raw.getvalue(), max_pixels=1_000_000)
