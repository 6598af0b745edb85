"""Collectors against the shapes real answers have: every paging style followed to its end,
a server that repeats a page forever, fields left out; a missing field is a one-line
finding and a counted warning, never a traceback, never a zero.

The fakes' shapes follow the platforms' reference pages: Graph API "Paginated Results"
(cursor, time-based with ``until``/``__paging_token``, offset), X API v2 "Pagination"
(``next_token``/``pagination_token``), Disqus "Cursors" (``cursor.next`` while
``hasNext``)."""

from __future__ import annotations

import datetime as dt
import itertools
import logging

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from pulso.collectors.base import Findings, HttpStats, Pager, RetryPolicy, Schema
from pulso.collectors.disqus.api import DisqusClient
from pulso.collectors.disqus.collector import DisqusCollector
from pulso.collectors.facebook.comments import parent_from_permalink
from pulso.collectors.x import XConfig
from pulso.consultation.disqus import ConsultationWriter
from pulso.db.engine import make_engine, transaction
from pulso.db.models import CollectionRun, Comment, MetricObservation, Post
from pulso.db.writer import Writer
from pulso.errors import CollectionError
from pulso.i18n.stored import stored
from pulso.jobs.runner import run_collection
from pulso.sandbox.fake_disqus import FakeDisqus
from pulso.sandbox.fake_graph import OMITTABLE, FakeGraph, FakePost, GraphDataset
from pulso.sandbox.fake_x import FakeX
from pulso.sandbox.server import Fault
from tests import x_helpers
from tests.facebook_helpers import PAGE, Clock, at, collector, comments, dataset

RUN_AT = dt.datetime(2018, 7, 2, 12, tzinfo=dt.UTC)


@pytest.fixture
def engine(migrated_url):
    eng = make_engine(migrated_url)
    yield eng
    eng.dispose()


def writer():
    return Writer(author_secret="test-author-secret")


def count(engine, model, *where) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def metrics(engine, post_id: str) -> dict[str, float]:
    with transaction(engine) as session:
        rows = session.execute(
            select(MetricObservation.metric, MetricObservation.value)
            .join(Post, Post.id == MetricObservation.post_id)
            .where(Post.external_id == post_id, MetricObservation.scope == "total")
        )
        return dict(rows.all())


def big_page(page: str = PAGE, posts: int = 7) -> GraphDataset:
    """``posts`` posts, each with 5 comments (every third a reply)."""
    items = [
        FakePost(
            id=f"{page}_{n}",
            created_time=at(18 + n),
            message=f"Publicación {n}",
            shares=n,
            reactions={"like": n + 1},
            insights={"post_total_media_view_unique": 100 + n, "post_clicks": n},
            comments=comments(f"{page}_{n}", 5, at(18 + n, 16), replies_every=3),
        )
        for n in range(posts)
    ]
    return GraphDataset(pages={page: "SPTA"}, posts=items)


def run_fb(engine, api, **options):
    options.setdefault("posts_per_request", 2)
    options.setdefault("comments_per_request", 2)
    return run_collection(collector(api, Clock(RUN_AT), **options), engine=engine, writer=writer())


# -- the paging helper ---------------------------------------------------------------------


def test_pager_follows_new_tokens_and_stops_on_repeats_empty_pages_and_the_limit():
    findings = Findings("test")
    pager = Pager("s", findings, max_pages=10)
    assert pager.fresh([{"id": 1}, {"id": 2}], lambda i: i["id"]) == [{"id": 1}, {"id": 2}]
    assert pager.follow("a") is True
    # A page repeated under a new token: nothing new, the stream stops.
    assert pager.fresh([{"id": 1}, {"id": 2}], lambda i: i["id"]) == []
    assert pager.follow("b") is False and pager.stopped == "no_new"
    repeated = Pager("r", findings)
    repeated.fresh([1], lambda i: i)
    assert repeated.follow("x") is True
    repeated.fresh([2], lambda i: i)
    assert repeated.follow("x") is False and repeated.stopped == "repeated"
    limited = Pager("l", findings, max_pages=3)
    for n in range(3):
        limited.fresh([n], lambda i: i)
        going = limited.follow(f"t{n}")
    assert going is False and limited.stopped == "limit"
    assert Pager("end", findings).follow(None) is False
    english, spanish = findings.lines("en"), findings.lines("es")
    assert len(english) == 3 and all("paging stopped after" in line for line in english)
    assert "no new item" in english[0] and "already given" in english[1]
    assert "limit of 3 pages" in english[2]
    assert all("la paginación se detuvo tras" in line for line in spanish)
    assert "límite de 3 páginas" in spanish[2]


def test_schema_reports_each_missing_field_in_one_line(caplog):
    findings = Findings("facebook")
    schema = Schema("facebook", "/{post-id}/comments", ("id", "created_time"), ("like_count",))
    with caplog.at_level(logging.WARNING):
        assert schema.valid({"id": "1_2", "created_time": "x"}, findings) is True
        assert schema.valid({"created_time": "x"}, findings) is False
    assert findings.details()["not_available"] == {"/{post-id}/comments: like_count": 1}
    assert findings.details()["skipped_items"] == {"/{post-id}/comments: id": 1}
    messages = [r.getMessage() for r in caplog.records]
    assert "facebook /{post-id}/comments: ? has no 'id'; item skipped" in messages
    with pytest.raises(CollectionError, match="the answer has no 'data' list"):
        schema.items({"error": "?"}, findings)


def test_reply_parent_from_its_permalink():
    link = "https://www.facebook.com/1001_3?comment_id=c4&reply_comment_id=c5"
    assert parent_from_permalink(link, "1001_3_c5") == "1001_3_c4"
    assert parent_from_permalink("https://www.facebook.com/1001_3?comment_id=c4", "x") is None
    assert parent_from_permalink(link, "1001_3_c9") is None  # the link names another reply


# -- Facebook ----------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["cursor", "time", "offset"])
def test_graph_paging_styles_are_followed_to_the_end(engine, style):
    with FakeGraph(big_page(), paging=style) as api:
        summary = run_fb(engine, api)
        assert summary.status == "succeeded" and summary.warnings == []
        assert count(engine, Post) == 7 and count(engine, Comment) == 35
        assert summary.written.posts == 7 and summary.details["stored"]["posts"]["new"] == 7
        again = run_fb(engine, api)
    # Stored rows, not records read: the second run re-reads and stores nothing new.
    assert again.status == "succeeded" and again.written.posts == 0
    assert again.details["stored"].get("posts", {}).get("new", 0) == 0
    assert count(engine, Post) == 7 and count(engine, Comment) == 35


def test_a_server_repeating_the_same_page_forever_ends_warns_and_writes_once(engine):
    with FakeGraph(big_page(), paging="repeat") as api:
        summary = run_fb(engine, api)
        requests_made = len(api.requests)
    assert summary.status == "succeeded"
    stopped = [w for w in summary.warnings if "paging stopped" in w]
    assert any(
        w.startswith("facebook /1001/posts: paging stopped after 2 page(s)") for w in stopped
    )
    # The first page's two posts and their comments' first pages, each stored once.
    assert count(engine, Post) == 2 and summary.written.posts == 2
    assert count(engine, Comment) == 4 and summary.written.comments == 4
    assert requests_made < 20
    with transaction(engine) as session:
        run = session.get(CollectionRun, summary.run_id)
        assert run.details["warnings"] == summary.details["warnings"] and run.rows_written > 0


def test_missing_graph_fields_are_findings_not_zeros(engine, caplog):
    omit = {"comment.id", "post.shares", "post.reactions", "post.kind", "insight.post_clicks"}
    with FakeGraph(big_page(posts=3), omit=omit) as api, caplog.at_level(logging.WARNING):
        summary = run_fb(engine, api)
    assert summary.status == "succeeded"
    # No shares, no reactions, no clicks: not available, never a 0; reach still came.
    for n in range(3):
        values = metrics(engine, f"{PAGE}_{n}")
        assert values["reach"] == 100 + n and values["comments"] == 5
        assert not {"shares", "reactions", "clicks"} & set(values)
    with transaction(engine) as session:
        assert set(session.scalars(select(Post.kind))) == {"other"}  # not "text"
    assert count(engine, Comment) == 0
    lines = summary.warnings
    assert any("/{post-id}/comments: id missing (required): 15 item(s) skipped" in w for w in lines)
    assert any("shares.count not delivered: 3 value(s)" in w for w in lines)
    assert any("reactions.summary.total_count not delivered: 3" in w for w in lines)
    assert any("/{post-id}/insights: post_clicks not delivered: 3" in w for w in lines)
    assert any("/{page-id}/posts: attachments not delivered: 3" in w for w in lines)
    assert summary.details["skipped_items"] == {"/{post-id}/comments: id": 15}
    one_line = [r.getMessage() for r in caplog.records if "has no 'id'" in r.getMessage()]
    assert one_line and all("\n" not in m and "Traceback" not in m for m in one_line)
    assert "facebook /{post-id}/comments: ? has no 'id'; item skipped" in one_line


def test_insights_missing_from_the_batch_are_asked_one_by_one(engine):
    with FakeGraph(big_page(posts=2), omit={"post.insights"}) as api:
        summary = run_fb(engine, api)
    assert summary.details["insights_fallbacks"] == 2
    assert any("asked for one metric at a time" in w for w in summary.warnings)
    assert metrics(engine, f"{PAGE}_1")["reach"] == 101  # recovered by the fallback
    assert summary.details["not_available"] == {}


def test_replies_without_parent_are_linked_from_their_permalink(engine):
    with FakeGraph(big_page(posts=1), omit={"comment.parent"}) as api:
        summary = run_fb(engine, api)
    with transaction(engine) as session:
        reply = session.scalars(select(Comment).where(Comment.external_id == f"{PAGE}_0_c2")).one()
        assert reply.parent_external_id == f"{PAGE}_0_c1" and reply.parent_id is not None
    assert summary.details["parents_from_permalink"] == 1
    assert any("linked to the comment its permalink names" in w for w in summary.warnings)


def test_posts_without_time_are_skipped_and_the_run_goes_on(engine):
    with FakeGraph(big_page(posts=3), omit={"post.created_time"}) as api:
        summary = run_fb(engine, api)
    assert summary.status == "succeeded" and count(engine, Post) == 0
    assert any(
        "/{page-id}/posts: created_time missing (required): 3" in w for w in summary.warnings
    )


def test_an_unusable_answer_stops_the_run_in_one_line(engine):
    with FakeGraph(dataset()) as api:
        api.inject(Fault("status", 200, {"unexpected": True}, path="/posts"))
        with pytest.raises(CollectionError) as caught:
            run_fb(engine, api)
    assert "facebook /{page-id}/posts: the answer has no 'data' list" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_collect_facebook_prints_the_warnings(cli, migrated_url):
    with FakeGraph(big_page(posts=2), omit={"post.shares"}) as api:
        env = {
            "PULSO_DATABASE_URL": migrated_url,
            "PULSO_FACEBOOK_ACCESS_TOKEN": "test-token",
            "PULSO_FACEBOOK_GRAPH_URL": api.url,
            "PULSO_AUTHOR_KEY_SECRET": "test-author-secret",
        }
        code, out, err = cli(["collect", "facebook", "--page", PAGE], env=env)
        assert code == 0, err
        assert out.startswith("Facebook: 2 publicaciones, 10 comentarios")
        assert (
            "aviso: facebook /{post-id}?fields=counts,insights: «shares.count» no llegó: 2 "
            "valor(es) registrado(s) como no disponible(s)"
        ) in err


# -- X -----------------------------------------------------------------------------------


def x_run(engine, fake, **config):
    return x_helpers.collect(
        engine, fake, x_helpers.Clock(), config=XConfig(full_archive_search=True, **config)
    )


def test_x_server_repeating_a_next_token_forever(engine):
    fake = FakeX(now=x_helpers.Clock(), paging="repeat")
    _, posts = x_helpers.seed_posts(fake, 150)
    with fake:
        summary = x_run(engine, fake)
    assert summary.status == "succeeded"
    assert any(w.startswith("@gobsv's timeline: paging stopped after 2") for w in summary.warnings)
    assert count(engine, Post) == 100 and summary.written.posts == 100
    # Billable reads: the posts that came back, each counted once.
    assert summary.details["charged_reads"] == 100


def test_x_post_without_created_at_is_a_finding_and_costs_nothing_twice(engine, caplog):
    fake = FakeX(now=x_helpers.Clock(), omit={"tweet.created_at"})
    x_helpers.seed_posts(fake, 4)
    with fake, caplog.at_level(logging.WARNING):
        summary = x_run(engine, fake)
    assert summary.status == "succeeded" and count(engine, Post) == 0
    assert any(
        "/2/users/:id/tweets: created_at missing (required): 4" in w for w in summary.warnings
    )
    assert not any("Traceback" in r.getMessage() for r in caplog.records)


def test_x_post_without_public_metrics_is_not_zero_and_its_replies_are_searched(engine):
    fake = FakeX(now=x_helpers.Clock(), omit={"tweet.public_metrics"})
    user, posts = x_helpers.seed_posts(fake, 2)
    citizen = fake.add_user("ciudadana", name="Ciudadana")
    fake.add_reply(posts[0], author=citizen, text="Propongo más datos", created_at=x_helpers.NOW)
    with fake:
        summary = x_run(engine, fake)
    assert summary.status == "succeeded" and count(engine, Post) == 2
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(MetricObservation)) == 0
    assert count(engine, Comment) == 1
    assert any("public_metrics not delivered: 2" in w for w in summary.warnings)


def test_x_replies_without_created_at_are_skipped_and_reported(engine):
    fake = FakeX(now=x_helpers.Clock(), omit={"reply.created_at"})
    user, posts = x_helpers.seed_posts(fake, 1)
    citizen = fake.add_user("ciudadana", name="Ciudadana")
    fake.add_reply(posts[0], author=citizen, text="Hola", created_at=x_helpers.NOW)
    with fake:
        summary = x_run(engine, fake)
    assert summary.status == "succeeded" and count(engine, Comment) == 0
    assert any("/2/tweets/search: created_at missing (required): 1" in w for w in summary.warnings)


# -- Disqus ------------------------------------------------------------------------------


def disqus_fake(**kw) -> FakeDisqus:
    fake = FakeDisqus(forum="consulta-aga", api_keys=("k",), **kw)
    start = dt.datetime(2018, 6, 18, 15)
    fake.add_thread("100", title="Salud", link="https://consulta.example/salud", created_at=start)
    for n in range(5):
        fake.add_post(
            str(1000 + n),
            thread="100",
            message=f"Propuesta {n}",
            created_at=start + dt.timedelta(hours=n),
            username=f"user{n}",
        )
    return fake


def disqus_run(engine, fake):
    stats = HttpStats()
    client = DisqusClient(base_url=fake.api_url, session=requests.Session(), api_key="k")
    collector = DisqusCollector(
        client=client,
        forum="consulta-aga",
        stats=stats,
        policy=RetryPolicy(max_retries=1, base_seconds=0.0, sleep=lambda s: None),
    )
    return run_collection(
        collector, engine=engine, writer=ConsultationWriter(author_secret="test-author-secret")
    )


def test_disqus_server_repeating_a_cursor_forever(engine):
    with disqus_fake(paging="repeat") as fake:
        summary = disqus_run(engine, fake)
    assert summary.status == "succeeded" and count(engine, Comment) == 5
    assert sum("paging stopped" in w for w in summary.warnings) == 2  # threads, then posts


def test_disqus_posts_without_created_at_are_skipped_and_reported(engine):
    with disqus_fake(omit={"post.createdAt"}) as fake:
        summary = disqus_run(engine, fake)
    assert summary.status == "succeeded" and count(engine, Comment) == 0
    assert any("threads/listPosts: createdAt missing (required): 5" in w for w in summary.warnings)


# -- /runs -------------------------------------------------------------------------------


def test_runs_page_shows_warnings_and_stored_rows(session):
    from tests import web_data
    from tests.web_client import login, make_client

    web_data.build(session)
    session.add(
        CollectionRun(
            platform="facebook",
            started_at=RUN_AT,
            finished_at=RUN_AT + dt.timedelta(seconds=5),
            status="succeeded",
            requests=4,
            rows_written=15,
            details={
                "warnings": [
                    # A run recorded before warnings were stored as keys: shown as it is.
                    "facebook /1001/posts: paging stopped after 2 page(s): test",
                    stored("collect.warn.facebook.insights_fallback", count=3),
                ],
                "stored": {"posts": {"new": 15, "updated": 0}},
            },
        )
    )
    session.add(
        CollectionRun(
            platform="x",
            started_at=RUN_AT + dt.timedelta(hours=1),
            finished_at=RUN_AT + dt.timedelta(hours=1, seconds=5),
            status="stopped",
            message="Disqus rate limit reached; it resets in 120 s. Run again then: ...",
            details={"reason": stored("err.collect.disqus.rate_limit", wait=120)},
        )
    )
    session.flush()
    client = make_client(session)
    login(client, "lucia")
    page = client.get("/runs").text
    assert "Avisos" in page and "paging stopped after 2 page(s)" in page
    assert "3 publicación(es) volvieron del lote sin algunas de las métricas" in page
    assert "se alcanzó el límite de peticiones de Disqus; se restablece en 120 s" in page
    assert "Publicaciones: 15 filas nuevas, 0 actualizadas" in page
    client.get("/lang/en?next=/runs")
    english = client.get("/runs").text
    assert "3 post(s) came back from the batch without some of the insights" in english
    assert "Disqus rate limit reached; it resets in 120 s" in english
    assert "Posts: 15 new rows, 0 updated" in english


# -- property: random fields dropped ------------------------------------------------------

_pages = itertools.count(5000)


def expected_lines(omit: frozenset[str], style: str) -> list[str]:
    """The warning text each omitted, requested field must produce (a server repeating its
    first page never reaches the replies, the third comment of each post)."""
    if "post.created_time" in omit:
        return ["/{page-id}/posts: created_time missing"]
    wanted = {
        "post.kind": "/{page-id}/posts: attachments not delivered",
        "post.shares": "shares.count not delivered",
        "post.comments": "comments.summary.total_count not delivered",
        "post.reactions": "reactions.summary.total_count not delivered",
        "post.insights": "asked for one metric at a time",
        "insight.post_clicks": "/{post-id}/insights: post_clicks not delivered",
        "comment.id": "/{post-id}/comments: id missing",
        "comment.created_time": "/{post-id}/comments: created_time missing",
    }
    out = [text for name, text in wanted.items() if name in omit]
    reached = style != "repeat"
    if "comment.parent" in omit and reached and not omit & {"comment.id", "comment.created_time"}:
        out.append("linked to the comment its permalink names")
    return out


@settings(
    max_examples=20,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    omit=st.frozensets(st.sampled_from(OMITTABLE)),
    style=st.sampled_from(["cursor", "time", "offset", "repeat"]),
)
def test_dropped_fields_never_crash_never_loop_and_are_all_reported(engine, omit, style):
    page = str(next(_pages))
    with FakeGraph(big_page(page, posts=3), paging=style, omit=omit) as api:
        summary = run_fb(engine, api, page_ids=[page])
        requests_made = len(api.requests)
    assert summary.status == "succeeded"
    assert requests_made < 40  # no loop: 3 posts, 2 a page, 5 comments each
    for text in expected_lines(omit, style):
        assert any(text in line for line in summary.warnings), (text, summary.warnings)
    if style == "repeat":
        assert any("paging stopped" in line for line in summary.warnings)
    # Whatever was left out, nothing stored a zero for it.
    if "post.shares" in omit:
        with transaction(engine) as session:
            shares = session.scalar(
                select(func.count())
                .select_from(MetricObservation)
                .join(Post, Post.id == MetricObservation.post_id)
                .where(Post.external_id.like(f"{page}_%"), MetricObservation.metric == "shares")
            )
        assert shares == 0
