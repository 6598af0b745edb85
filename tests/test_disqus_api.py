"""``pulso collect disqus`` against the fake Disqus API on 127.0.0.1, on both backends."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
from sqlalchemy import func, select

from pulso.cli.demo_run import sample_path
from pulso.collectors.base import HttpStats, RetryPolicy
from pulso.collectors.disqus.api import DisqusAPIError, DisqusClient, classify
from pulso.collectors.disqus.collector import DisqusCollector
from pulso.consultation.disqus import ConsultationWriter, discussion
from pulso.db.engine import make_engine, transaction
from pulso.db.models import Comment, Person, Proposal, ReviewStatus, SyncState
from pulso.jobs.runner import run_collection
from pulso.sandbox.fake_disqus import FakeDisqus
from pulso.sandbox.server import Fault, Response

KEY = "test-disqus-key"
START = dt.datetime(2018, 6, 18, 15, 0)


def build_fake() -> FakeDisqus:
    """Salud (mapped by link): 130 top-level posts by 7 people + replies; Medio ambiente
    (mapped by title): 3 posts; a blog thread nobody mapped; spam and deleted posts."""
    fake = FakeDisqus(forum="consulta-aga", api_keys=(KEY,))
    fake.add_thread("100", title="Salud", link="https://consulta.example/salud/", created_at=START)
    fake.add_thread(
        "200", title="Medio Ambiente", link="https://consulta.example/ma", created_at=START
    )
    fake.add_thread("300", title="Blog", link="https://consulta.example/blog", created_at=START)
    for n in range(130):
        fake.add_post(
            str(1000 + n),
            thread="100",
            message=f"Propuesta de salud {n}",
            created_at=START + dt.timedelta(hours=n),
            username=f"user{n % 7}",
            author_name=f"Persona {n % 7}",
        )
    fake.add_post(
        "2000",
        thread="100",
        parent="1000",
        message="Respuesta",
        created_at=START + dt.timedelta(days=9),
        author_name="Invitada",
        anonymous=True,
    )
    fake.add_post(
        "2001",
        thread="100",
        parent="2000",
        message="Respuesta a la respuesta",
        created_at=START + dt.timedelta(days=9, hours=1),
        username="user1",
    )
    fake.add_post(
        "2002",
        thread="100",
        message="Compra ya",
        is_spam=True,
        created_at=START + dt.timedelta(days=9),
        username="spammer",
    )
    fake.add_post(
        "2003",
        thread="100",
        message="",
        is_deleted=True,
        created_at=START + dt.timedelta(days=9),
        username="user2",
    )
    for n in range(3):
        fake.add_post(
            str(3000 + n),
            thread="200",
            message=f"Agua limpia {n}, escríbanme a yo@correo.example",
            created_at=START + dt.timedelta(days=1, hours=n),
            username="ana" if n < 2 else "luis",
        )
    fake.add_post(
        "4000", thread="300", message="Comentario del blog", created_at=START, username="ana"
    )
    return fake


@pytest.fixture
def fake():
    server = build_fake()
    with server:
        yield server


@pytest.fixture
def mapped(cli, migrated_url):
    env = {"PULSO_DATABASE_URL": migrated_url}
    assert cli(["consultation", "load", str(sample_path("consultation_2018.json"))], env)[0] == 0
    assert (
        cli(
            [
                "consultation",
                "map-thread",
                "pan-2018-2020",
                "--theme",
                "salud",
                "--link",
                "http://www.consulta.example/salud",
            ],
            env,
        )[0]
        == 0
    )
    assert (
        cli(
            [
                "consultation",
                "map-thread",
                "pan-2018-2020",
                "--theme",
                "medio-ambiente",
                "--title",
                "medio ambiente",
            ],
            env,
        )[0]
        == 0
    )
    return migrated_url


def _env(url, fake, **extra):
    return {
        "PULSO_DATABASE_URL": url,
        "PULSO_DISQUS_API_URL": fake.api_url,
        "PULSO_DISQUS_API_KEY": KEY,
        "PULSO_DISQUS_FORUM": "consulta-aga",
        "PULSO_HTTP_BACKOFF_BASE_SECONDS": "0.01",
        **extra,
    }


def _counts(url):
    engine = make_engine(url)
    try:
        with transaction(engine) as session:
            return (
                session.scalar(select(func.count()).select_from(Proposal)),
                session.scalar(select(func.count()).select_from(Comment)),
                session.scalar(select(func.count()).select_from(Person)),
            )
    finally:
        engine.dispose()


def test_collect_pages_maps_threads_and_is_idempotent(monkeypatch, cli, mapped, fake):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    code, out, err = cli(["collect", "disqus"], _env(mapped, fake))
    assert code == 0, err
    assert "3 threads, 136 posts stored" in out and "133 new proposals" in out
    assert "1 threads not mapped" in out
    # 130 posts in Salud at 100 a page: two pages, ordered ascending.
    salud = [
        r for r in fake.requests if r.path.endswith("listPosts.json") and r.query["thread"] == "100"
    ]
    assert [(r.query["order"], r.query["limit"], r.query.get("cursor")) for r in salud] == [
        ("asc", "100", None),
        ("asc", "100", "100:0:0"),
    ]
    assert _counts(mapped) == (133, 136, 9)

    engine = make_engine(mapped)
    with transaction(engine) as session:
        by_theme = dict(
            session.execute(
                select(Proposal.theme_id, func.count()).group_by(Proposal.theme_id)
            ).all()
        )
        assert sorted(by_theme.values()) == [3, 130]
        first = session.scalar(select(Proposal).where(Proposal.source_key == "disqus:post:1000"))
        assert first.channel.value == "web" and first.source_comment_id is not None
        assert [
            (depth, c.external_id) for depth, c in discussion(session=session, proposal_id=first.id)
        ] == [(1, "2000"), (2, "2001")]
        water = session.scalar(select(Proposal).where(Proposal.source_key == "disqus:post:3000"))
        assert "@" not in water.text and "[email]" in water.text
        assert (
            session.scalar(select(Comment.review_status).where(Comment.external_id == "1000"))
            == ReviewStatus.CONFIRMED
        )
        assert (
            session.scalar(select(Comment.review_status).where(Comment.external_id == "2000"))
            == ReviewStatus.PENDING
        )
        bookmark = session.scalar(select(SyncState.cursor).where(SyncState.partition == "100"))
        assert bookmark == {
            "since": "2018-06-27T16:00:00",
            "cursor": None,
            "newest": "2018-06-27T16:00:00",
        }
    engine.dispose()

    before = len(fake.requests)
    code, out, _ = cli(["collect", "disqus"], _env(mapped, fake))
    assert code == 0 and "0 new proposals" in out
    again = [
        r
        for r in fake.requests[before:]
        if r.path.endswith("listPosts.json") and r.query["thread"] == "100"
    ]
    assert [r.query.get("since") for r in again] == ["2018-06-27T16:00:00"]
    assert _counts(mapped) == (133, 136, 9)
    # A new post is picked up from the bookmark.
    fake.add_post(
        "5000",
        thread="200",
        message="Nueva",
        created_at=START + dt.timedelta(days=20),
        username="ana",
    )
    code, out, _ = cli(["collect", "disqus"], _env(mapped, fake))
    assert "1 new proposals" in out and _counts(mapped)[0] == 134


def test_rate_limit_and_server_errors_are_retried(monkeypatch, cli, mapped, fake):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    fake.rate_limit(after=1, reset_in=0.3)
    fake.inject(
        Fault(kind="status", status=500, body=FakeDisqus.error_body(15), path="listPosts", times=2)
    )
    code, out, err = cli(["collect", "disqus", "--thread", "200"], _env(mapped, fake))
    assert code == 0, err
    assert "3 new proposals" in out and "retries" in out
    assert fake.rate_limited >= 1
    assert int(out.split(" retries")[0].rsplit(" ", 1)[-1]) >= 3


def test_invalid_key_and_bad_arguments_are_fatal(monkeypatch, cli, mapped, fake):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    code, _, err = cli(["collect", "disqus"], _env(mapped, fake, PULSO_DISQUS_API_KEY="wrong-key"))
    assert (
        code == 1
        and err.strip() == "error: Disqus refused the API key (error 5): check PULSO_DISQUS_API_KEY"
    )
    code, _, err = cli(["collect", "disqus", "--thread", "999"], _env(mapped, fake))
    assert code == 1 and "Disqus error 2 (missing or invalid argument)" in err and "999" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = cli(
        ["collect", "disqus"],
        _env(mapped, fake, PULSO_DISQUS_API_KEY="changeme", PULSO_TESTING="0"),
    )
    assert code == 1 and "PULSO_DISQUS_API_KEY is a placeholder" in err


def test_interrupted_run_resumes_from_the_thread_bookmark(mapped, fake):
    engine = make_engine(mapped)
    stats = HttpStats()
    client = DisqusClient(base_url=fake.api_url, session=requests.Session(), api_key=KEY)
    policy = RetryPolicy(max_retries=1, base_seconds=0.0, sleep=lambda s: None)

    def collector():
        return DisqusCollector(
            client=client, forum="consulta-aga", stats=stats, policy=policy, threads=["100"]
        )

    writer = ConsultationWriter(author_secret="test-author-secret")
    # The second page of thread 100 fails twice (all the retries the policy allows).
    calls = {"n": 0}
    original = fake.handle

    def flaky(request):
        if request.path.endswith("listPosts.json") and request.query.get("cursor"):
            calls["n"] += 1
            if calls["n"] <= 2:
                return Response(500, FakeDisqus.error_body(15))
        return original(request)

    fake.handle = flaky
    with pytest.raises(Exception, match="failed after 2 attempts"):
        run_collection(collector(), engine=engine, writer=writer)
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Proposal)) == 100
        bookmark = session.scalar(select(SyncState.cursor).where(SyncState.partition == "100"))
    assert bookmark["cursor"] == "100:0:0" and bookmark["since"] is None
    summary = run_collection(collector(), engine=engine, writer=writer)
    assert summary.status == "succeeded"
    resumed = [r for r in fake.requests if r.path.endswith("listPosts.json")][-1]
    assert resumed.query.get("cursor") == "100:0:0"
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(Proposal)) == 130
        assert (
            session.scalar(
                select(func.count()).select_from(Comment).where(Comment.thread_key == "100")
            )
            == 132
        )
    engine.dispose()


def test_classify():
    assert (
        classify(DisqusAPIError(13, "limit", 400, reset_at=110.0), now=lambda: 100.0).after == 10.0
    )
    retry = classify(DisqusAPIError(15, "oops", 500))
    assert retry.reason == "Disqus error 15 (internal error)"
    assert retry.key == "collect.retry.disqus"
    assert "error 8" in classify(DisqusAPIError(8, "gone", 404)).message
    assert classify(requests.ConnectionError()).reason.startswith("network")
    assert classify(ValueError()) is None


def test_fake_server_speaks_the_wire_format(fake):
    base = fake.api_url
    body = requests.get(
        f"{base}/threads/listPosts.json",
        params={
            "api_key": KEY,
            "thread": "100",
            "limit": 2,
            "order": "asc",
            "since": "2018-06-18T16:00:00",
        },
    ).json()
    assert body["code"] == 0 and [p["id"] for p in body["response"]] == ["1001", "1002"]
    assert body["cursor"]["hasNext"] is True and body["cursor"]["next"] == "2:0:0"
    assert (
        body["response"][0]["author"]["username"] == "user1"
        and body["response"][0]["parent"] is None
    )
    spam = requests.get(
        f"{base}/threads/listPosts.json",
        params={"api_key": KEY, "thread": "100", "include": "spam", "limit": 100},
    ).json()
    assert [p["id"] for p in spam["response"]] == ["2002"]
    bad = requests.get(
        f"{base}/threads/listPosts.json", params={"api_key": KEY, "thread": "100", "limit": 500}
    )
    assert bad.status_code == 400 and bad.json()["code"] == 2
    denied = requests.get(
        f"{base}/forums/listThreads.json", params={"api_key": "nope", "forum": "consulta-aga"}
    )
    assert denied.status_code == 403 and denied.json() == {"code": 5, "response": "Invalid API key"}
    assert "X-Ratelimit-Remaining" in denied.headers


def test_a_spent_rate_limit_stops_cleanly_and_resumes(monkeypatch, cli, mapped, fake):
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    fake.rate_limit(after=2, reset_in=3600)
    env = _env(mapped, fake, PULSO_HTTP_BACKOFF_CAP_SECONDS="5")
    code, out, err = cli(["collect", "disqus"], env)
    assert code == 0, err
    assert "run 1 stopped" in out and "Disqus rate limit reached; it resets in" in out
    assert _counts(mapped)[0] == 100  # threads listed, then the first page of Salud
    fake.rate_limit(after=10**6)
    code, out, _ = cli(["collect", "disqus"], env)
    assert code == 0 and "33 new proposals" in out and "succeeded" in out
    resumed = [r for r in fake.requests if r.path.endswith("listPosts.json")]
    assert resumed[2].query.get("cursor") == "100:0:0"
    assert _counts(mapped)[0] == 133


def test_the_moderators_posts_are_the_teams_own(monkeypatch, cli, mapped, fake):
    """PULSO_DISQUS_TEAM_AUTHORS: the moderators' posts never become proposals nor wait for
    review, including those collected before the setting named them; citizens' replies
    still wait, and a reviewer's decision stands."""
    monkeypatch.setenv("PULSO_LANGUAGE", "en")  # the English wording
    from pulso.db.writer import OWN_ACCOUNT_REVIEWER

    fake.add_post("6000", thread="200", message="Bienvenidos a la mesa de agua",
                  created_at=START, username="moderacion")  # fmt: skip
    fake.add_post("6001", thread="200", parent="3000", message="¡Gracias por participar!",
                  created_at=START + dt.timedelta(days=2), username="moderacion")  # fmt: skip
    fake.add_post("6002", thread="200", parent="3000", message="Apoyo esta propuesta",
                  created_at=START + dt.timedelta(days=2, hours=1), username="luis")  # fmt: skip
    fake.add_post("6003", thread="100", parent="1000", message="Gracias, lo trasladamos",
                  created_at=START + dt.timedelta(days=3), username="moderacion")  # fmt: skip
    # Thread 100 first, without the setting: its moderator reply waits for review.
    code, out, err = cli(["collect", "disqus", "--thread", "100"], _env(mapped, fake))
    assert code == 0, err

    def status(external_id):
        engine = make_engine(mapped)
        try:
            with transaction(engine) as session:
                return tuple(session.execute(
                    select(Comment.review_status, Comment.reviewed_by)
                    .where(Comment.external_id == external_id)
                ).one())  # fmt: skip
        finally:
            engine.dispose()

    assert status("6003") == (ReviewStatus.PENDING, None)
    team = _env(mapped, fake, PULSO_DISQUS_TEAM_AUTHORS="moderacion, otra_cuenta")
    code, out, err = cli(["collect", "disqus", "--thread", "200"], team)
    assert code == 0, err
    assert "3 new proposals" in out  # the citizens' three; not the moderator's welcome
    for external_id in ("6000", "6001", "6003"):  # 6003: stored before, marked now
        assert status(external_id) == (ReviewStatus.REJECTED, OWN_ACCOUNT_REVIEWER)
    assert status("6002") == (ReviewStatus.PENDING, None)
    engine = make_engine(mapped)
    with transaction(engine) as session:
        assert not session.scalar(
            select(func.count())
            .select_from(Proposal)
            .where(Proposal.source_key == "disqus:post:6000")
        )
    engine.dispose()
