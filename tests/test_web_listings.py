"""Listings at scale: capped counts, keyset cursors, the review queue read in two parts and
the weeks filter's skip scan give the same answers as the straightforward way."""

from __future__ import annotations

import datetime as dt
import json
from base64 import urlsafe_b64encode
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text, update

from pulso.analytics.periods import monday_of
from pulso.consultation import review
from pulso.db import paging
from pulso.db.models import Comment, MetricObservation, Post, Suggestion
from pulso.web import listings, queries
from tests import web_data
from tests.factories import make_post, when
from tests.web_client import bearer, make_client

SV = ZoneInfo("America/El_Salvador")
NEW_YORK = ZoneInfo("America/New_York")  # with daylight saving time


def _walk(fetch) -> list[list[int]]:
    """Every page of a listing, following next_page; ``fetch(page)`` answers one."""
    pages, page = [], 1
    while page is not None:
        result = fetch(page)
        pages.append(result)
        page = result.next_page
    return pages


# --------------------------------------------------------------------------------------
# Counting and pages
# --------------------------------------------------------------------------------------


def test_totals_are_exact_up_to_the_limit_and_pages_still_end(session, monkeypatch):
    post = make_post(session=session)
    session.add_all(
        Comment(
            platform="facebook",
            external_id=f"n{i}",
            post_id=post.id,
            text=str(i),
            created_at=when(1) + dt.timedelta(minutes=i),
        )  # fmt: skip
        for i in range(23)
    )
    session.flush()
    query = listings.comments_query(post_id=post.id)
    exact = paging.paginate(session, query, page=1, per_page=10)
    assert (exact.total, exact.total_exact, exact.pages, exact.next_page) == (23, True, 3, 2)

    monkeypatch.setattr(paging, "COUNT_LIMIT", 5)
    assert paging.count_up_to(session, query) == (5, False)
    first = paging.paginate(session, query, page=1, per_page=10)
    # More than what this page shows; the pager cannot say how many pages.
    assert (first.total, first.total_exact, first.pages, first.next_page) == (10, False, None, 2)
    pages = _walk(lambda page: paging.paginate(session, query, page=page, per_page=10))
    assert [len(p.items) for p in pages] == [10, 10, 3]
    # The last page has counted everything.
    assert (pages[-1].total, pages[-1].total_exact, pages[-1].next_page) == (23, True, None)
    assert [c.external_id for p in pages for c in p.items] == [f"n{i}" for i in range(23)]


def test_capped_totals_read_more_than_on_pages(session, monkeypatch):
    monkeypatch.setattr(paging, "COUNT_LIMIT", 2)
    data = web_data.build(session)
    client = make_client(session, web_page_size=2)
    from tests.web_client import login

    assert login(client, "ana").status_code == 303
    posts = client.get("/posts")
    assert "más de 2 publicaciones" in posts.text and "Página 1" in posts.text
    assert "Página 1 de" not in posts.text
    review = client.get("/review")
    assert "más de 2 comentarios pendientes" in review.text
    api = client.get("/api/v1/posts?per_page=1", headers=bearer(data.tokens["ana"])).json()
    assert api["total"] == 2 and api["total_exact"] is False and api["next_page"] == 2


# --------------------------------------------------------------------------------------
# Keyset cursors
# --------------------------------------------------------------------------------------


def _cursor_walk(client, path: str, headers: dict, per_page: int) -> list[list[int]]:
    pages, url = [], f"{path}{'&' if '?' in path else '?'}per_page={per_page}"
    cursor = None
    while True:
        answer = client.get(url + (f"&cursor={cursor}" if cursor else ""), headers=headers)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        pages.append(([item["id"] for item in body["items"]], body["page"], body["next_page"]))
        cursor = body["next_cursor"]
        if cursor is None:
            assert body["next_page"] is None
            return pages


def _page_walk(client, path: str, headers: dict, per_page: int) -> list[list[int]]:
    pages, page = [], 1
    while page is not None:
        sep = "&" if "?" in path else "?"
        body = client.get(f"{path}{sep}per_page={per_page}&page={page}", headers=headers).json()
        pages.append(([item["id"] for item in body["items"]], body["page"], body["next_page"]))
        page = body["next_page"]
    return pages


@pytest.fixture
def listing(session):
    """web_data plus posts that tie on every sort key (equal times, no label, no metrics)
    and comments and observations that tie on their time."""
    data = web_data.build(session)
    same_time = when(22, 10)
    for i in range(5):
        platform = "x" if i == 4 else "facebook"
        make_post(session=session, published_at=same_time, kind="video" if i % 2 else "link",
                  label=None if i % 2 else "tie", platform=platform)  # fmt: skip
    post = data.posts[0]
    session.add_all(
        Comment(
            platform="facebook",
            external_id=f"tie{i}",
            post_id=post.id,
            text="x",
            created_at=when(23, 8 + i % 2),
        )  # fmt: skip
        for i in range(7)
    )
    session.add_all(
        MetricObservation(
            post_id=post.id,
            observed_at=when(24, 8 + i % 3),
            metric=f"m{i}",
            value=i,
            is_unique=False,
            source="test",
        )  # fmt: skip
        for i in range(8)
    )
    session.flush()
    return make_client(session), data


@pytest.mark.parametrize(
    "path",
    ["/api/v1/comments", "/api/v1/metrics", "/api/v1/proposals", "/api/v1/runs",
     "/api/v1/posts", "/api/v1/posts?order=asc", "/api/v1/posts?sort=platform",
     "/api/v1/posts?sort=kind&order=asc", "/api/v1/posts?sort=label",
     "/api/v1/posts?sort=label&order=asc", "/api/v1/posts?sort=reach",
     "/api/v1/posts?sort=reach&order=asc", "/api/v1/posts?sort=interactions",
     "/api/v1/posts?platform=facebook&sort=interactions&order=asc"],
)  # fmt: skip
def test_following_cursors_gives_the_same_pages_as_page_numbers(listing, path):
    client, data = listing
    headers = bearer(data.tokens["ana"])
    by_page = _page_walk(client, path, headers, per_page=2)
    assert len(by_page) > 1 or path.endswith("runs")
    assert _cursor_walk(client, path, headers, per_page=2) == by_page
    everything = client.get(f"{path}{'&' if '?' in path else '?'}per_page=500", headers=headers)
    assert [i for ids, _, _ in by_page for i in ids] == [
        i["id"] for i in everything.json()["items"]
    ]


def test_a_cursor_not_made_by_the_listing_is_a_400(listing):
    client, data = listing
    headers = bearer(data.tokens["ana"])
    label_cursor = client.get("/api/v1/posts?sort=label&per_page=1", headers=headers).json()
    forged = [
        "garbage",
        "%%%",
        urlsafe_b64encode(b"[1]").decode(),
        urlsafe_b64encode(json.dumps([0, ["2018-06-01T00:00:00+00:00", 1]]).encode()).decode(),
        urlsafe_b64encode(json.dumps([2, ["2018-06-01T00:00:00+00:00", 2**70]]).encode()).decode(),
        urlsafe_b64encode(json.dumps([2, [True, 1]]).encode()).decode(),
        urlsafe_b64encode(b"[2, [NaN, 1]]").decode(),
        urlsafe_b64encode(json.dumps([2, ["0001-01-01T00:00:00+14:00", 1]]).encode()).decode(),
        label_cursor["next_cursor"],  # (label, id) is not (created_at, id)
    ]
    for cursor in forged:
        answer = client.get(f"/api/v1/comments?cursor={cursor}", headers=headers)
        assert answer.status_code == 400, (cursor, answer.text)
    nul = urlsafe_b64encode(json.dumps([2, ["a\x00b", 1]]).encode()).decode()
    assert client.get(f"/api/v1/posts?sort=label&cursor={nul}", headers=headers).status_code == 400
    # A cursor of the same listing is honoured whatever page number is asked.
    first = client.get("/api/v1/comments?per_page=2", headers=headers).json()
    again = client.get(f"/api/v1/comments?per_page=2&page=7&cursor={first['next_cursor']}",
                       headers=headers).json()  # fmt: skip
    assert again["page"] == 2


def test_the_cursor_is_documented(listing):
    client, _ = listing
    schema = client.get("/openapi.json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/comments"]["get"]["parameters"]}
    assert {"page", "per_page", "cursor"} <= parameters
    paged = schema["components"]["schemas"]["Paged_CommentOut_"]["properties"]
    assert {"total", "total_exact", "next_page", "next_cursor"} <= set(paged)


# --------------------------------------------------------------------------------------
# The review queue
# --------------------------------------------------------------------------------------


def _reference_queue(session) -> list[int]:
    """The queue's order computed the plain way: every pending comment, its newest
    suggestion (created_at, then id), best score first, unscored last, then oldest."""
    newest: dict[int, Suggestion] = {}
    for s in session.scalars(select(Suggestion)):
        if s.comment_id not in newest or (s.created_at, s.id) > (
            newest[s.comment_id].created_at,
            newest[s.comment_id].id,
        ):
            newest[s.comment_id] = s
    pending = session.scalars(
        select(Comment).where(Comment.review_status == "pending", Comment.is_deleted.is_(False))
    )

    def key(c):
        s = newest.get(c.id)
        return (s is None, -(s.proposal_score if s else 0), c.created_at, c.id)

    return [c.id for c in sorted(pending, key=key)]


def test_review_queue_pages_follow_the_reference_order(session, monkeypatch):
    post = make_post(session=session)
    start = when(1)
    comments = []
    for i in range(340):
        comments.append(
            Comment(
                platform="facebook",
                external_id=f"r{i}",
                post_id=post.id,
                text=f"c{i}",
                created_at=start + dt.timedelta(minutes=(i * 37) % 113),  # many equal times
                review_status="confirmed" if i % 7 == 0 else "pending",
                is_deleted=i % 11 == 0,
            )  # fmt: skip
        )
    session.add_all(comments)
    session.flush()
    for i, comment in enumerate(comments[:300]):
        # Three scores, so each is shared by about a hundred comments (reading a whole tie
        # takes several batches); every tenth comment was re-scored later by another model.
        session.add(Suggestion(comment_id=comment.id, model_version="m1",
                               proposal_score=(i % 3) * 0.25, created_at=when(2)))  # fmt: skip
        if i % 10 == 0:
            session.add(Suggestion(comment_id=comment.id, model_version="m2",
                                   proposal_score=0.95 if i % 20 else 0.05,
                                   created_at=when(3)))  # fmt: skip
    session.flush()
    expected = _reference_queue(session)
    assert 200 < len(expected) < paging.COUNT_LIMIT
    for per_page in (7, 50):
        pages = _walk(lambda page, n=per_page: review.queue_page(session=session, page=page,
                                                                     per_page=n))  # fmt: skip
        assert [c.id for p in pages for c, _ in p.items] == expected
        assert {p.total for p in pages} == {len(expected)}
        # Each item carries its comment's newest suggestion (None: unscored).
        for p in pages:
            for c, s in p.items:
                assert s is None or (s.comment_id == c.id and (s.model_version == "m2") ==
                                     (int(c.external_id[1:]) % 10 == 0))  # fmt: skip
    # The page that holds the last scored comments and the first unscored ones.
    scored = sum(1 for c in comments[:300] if c.review_status == "pending" and not c.is_deleted)
    page = scored // 7 + 1
    mixed = review.queue_page(session=session, page=page, per_page=7)
    assert [c.id for c, _ in mixed.items] == expected[(page - 1) * 7 : page * 7]
    assert {s is None for _, s in mixed.items} == {True, False}
    monkeypatch.setattr(paging, "COUNT_LIMIT", 10)
    capped = review.queue_page(session=session, page=3, per_page=7)
    assert capped.total_exact is False and capped.total == 21 and capped.next_page == 4


# --------------------------------------------------------------------------------------
# Weeks with posts
# --------------------------------------------------------------------------------------


def _reference_weeks(session, zone) -> list[dt.date]:
    times = session.scalars(select(Post.published_at).where(Post.is_deleted.is_(False)))
    return sorted({monday_of(t, zone) for t in times}, reverse=True)


def test_the_weeks_skip_scan_finds_every_week_with_a_post(session):
    start = dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
    for i in range(150):
        # Irregular gaps, posts on week boundaries in both zones, across DST changes.
        at = start + dt.timedelta(hours=(i * i * 7) % 8000)
        make_post(session=session, published_at=at, is_deleted=i % 13 == 0)
    for boundary in (
        dt.datetime(2018, 3, 12, 4, tzinfo=dt.UTC),  # Monday 00:00 in New York
        dt.datetime(2018, 3, 12, 3, 59, 59, 999999, tzinfo=dt.UTC),
        dt.datetime(2018, 6, 25, 6, tzinfo=dt.UTC),
    ):  # Monday 00:00 in SV
        make_post(session=session, published_at=boundary)  # fmt: skip
    # Weeks whose only post is in their last microsecond, right before a week that has one.
    for zone in (SV, NEW_YORK):
        monday = dt.datetime(2019, 3, 11, tzinfo=zone).astimezone(dt.UTC)  # DST starts 10 March
        make_post(session=session, published_at=monday)
        make_post(session=session, published_at=monday - dt.timedelta(microseconds=1))
    for zone in (SV, NEW_YORK, ZoneInfo("UTC")):
        assert queries.available_weeks(session=session, zone=zone) == _reference_weeks(
            session, zone
        )


def test_the_weeks_of_times_stored_without_fraction_or_as_other_text(session):
    if session.bind.dialect.name != "sqlite":
        pytest.skip("text storage of times is SQLite's")
    for day in (4, 11, 12, 25):
        make_post(session=session, published_at=dt.datetime(2018, 6, day, 6, tzinfo=dt.UTC))
    expected = _reference_weeks(session, SV)
    # What raw SQL (a bulk load) may write: no fraction of a second, or ISO 8601 with "T".
    session.execute(text("UPDATE post SET published_at = substr(published_at, 1, 19)"))
    assert queries.available_weeks(session=session, zone=SV) == expected
    session.execute(text("UPDATE post SET published_at = replace(published_at, ' ', 'T')"))
    assert queries.available_weeks(session=session, zone=SV) == expected


def test_the_weeks_cache_sees_new_posts_at_once_and_other_changes_after_its_ttl(session):
    now = [0.0]
    cache = queries.WeeksCache(ttl_seconds=60, clock=lambda: now[0])
    first = make_post(session=session, published_at=when(20))
    assert cache.get(session=session, zone=SV) == [dt.date(2018, 6, 18)]
    make_post(session=session, published_at=when(4, month=7))
    assert cache.get(session=session, zone=SV) == [dt.date(2018, 7, 2), dt.date(2018, 6, 18)]
    session.execute(update(Post).where(Post.id == first.id).values(is_deleted=True))
    now[0] = 30
    assert cache.get(session=session, zone=SV) == [dt.date(2018, 7, 2), dt.date(2018, 6, 18)]
    now[0] = 61
    assert cache.get(session=session, zone=SV) == [dt.date(2018, 7, 2)]


def test_the_overview_cache_sees_new_data_at_once_and_other_changes_after_its_ttl(session):
    from pulso.db.observations import record_observations

    def observe(post, value):
        record_observations([{"post_id": post.id, "metric": "reach", "value": value,
                              "observed_at": when(25), "scope": "total", "is_unique": False,
                              "source": "graph:v25.0"}], session=session)  # fmt: skip

    now = [0.0]
    cache = queries.OverviewCache(ttl_seconds=60, clock=lambda: now[0])

    def figures(week=None):
        got = queries.overview(session=session, zone=SV, week=week, cache=cache)
        return got.posts, got.reach_sum, [p.id for p, _, _ in got.top_posts]

    first = make_post(session=session, published_at=when(20))
    observe(first, 100)
    assert figures() == (1, 100, [first.id])
    second = make_post(session=session, published_at=when(4, month=7))  # a new post: at once
    assert figures() == (2, 100, [first.id])  # no reach yet: counted, not ranked by reach
    observe(second, 500)  # a new observation: at once
    assert figures() == (2, 600, [second.id, first.id])
    assert figures(dt.date(2018, 6, 18)) == (1, 100, [first.id])  # each week apart
    # A post deleted adds no row: the cached sums stand until the TTL, but a top post
    # gone for good is never shown.
    session.execute(update(Post).where(Post.id == first.id).values(is_deleted=True))
    now[0] = 30
    assert figures() == (2, 600, [second.id, first.id])
    now[0] = 61
    assert figures() == (1, 500, [second.id])
    # Comments awaiting review are counted on every view, cache or not.
    before = queries.overview(session=session, zone=SV, cache=cache).pending_review
    session.add(Comment(platform="facebook", external_id="new", post_id=second.id, text="t",
                        created_at=when(5, month=7)))  # fmt: skip
    session.flush()
    assert queries.overview(session=session, zone=SV, cache=cache).pending_review == before + 1
