from __future__ import annotations

import pytest
from sqlalchemy import func, select

from pulso.collectors.base import HttpStats
from pulso.db.engine import make_engine, transaction
from pulso.db.models import CollectionRun, Post
from pulso.db.writer import Writer
from pulso.errors import StopCollection
from pulso.jobs.runner import run_collection
from pulso.records import Bookmark, Page, PostRecord
from tests.factories import when


class Pager:
    """Yields one post per page, bookmarking the page number; can crash or stop midway."""

    platform = "facebook"

    def __init__(self, total=5, crash_at=None, stop_at=None):
        self.total, self.crash_at, self.stop_at = total, crash_at, stop_at
        self.stats = HttpStats()

    def pages(self, state):
        start = (state.get("page", "posts") or {}).get("next", 0)
        for n in range(start, self.total):
            self.stats.requests += 1
            if n == self.crash_at:
                raise ConnectionError("killed")
            if n == self.stop_at:
                raise StopCollection(f"budget reached; {self.total - n} pages left")
            yield Page(
                [PostRecord("facebook", f"p{n}", when(20 + n % 5))],
                [Bookmark("facebook", "page", "posts", {"next": n + 1})],
            )

    def details(self):
        return {"pages_total": self.total}


@pytest.fixture
def run_engine(migrated_url):
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


def _posts(engine):
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(Post))


def test_crash_then_resume_loses_and_duplicates_nothing(run_engine):
    writer = Writer(author_secret="k")
    with pytest.raises(ConnectionError):
        run_collection(Pager(crash_at=3), engine=run_engine, writer=writer)
    assert _posts(run_engine) == 3
    summary = run_collection(Pager(), engine=run_engine, writer=writer)
    assert summary.pages == 2 and _posts(run_engine) == 5
    with transaction(run_engine) as session:
        runs = session.scalars(select(CollectionRun).order_by(CollectionRun.id)).all()
        assert [r.status.value for r in runs] == ["failed", "succeeded"]
        assert "killed" in runs[0].message
        assert runs[1].requests == 2 and runs[1].details == {"pages_total": 5}


def test_clean_stop_is_recorded_and_not_an_error(run_engine):
    summary = run_collection(Pager(stop_at=2), engine=run_engine, writer=Writer(author_secret="k"))
    assert summary.status == "stopped" and "3 pages left" in summary.message
    assert _posts(run_engine) == 2


def test_every_run_erases_display_names_past_their_retention(run_engine):
    from pulso.db.models import Comment
    from pulso.records import CommentRecord

    class Commenter(Pager):
        def pages(self, state):
            yield Page(
                [
                    PostRecord("facebook", "p0", when(20)),
                    CommentRecord(
                        "facebook",
                        "c0",
                        when(20),
                        "hola",
                        post_external_id="p0",
                        author_identity="u",
                        author_name="Ana",
                    ),
                ],
                [],
            )

    import datetime as dt

    long_ago = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    old = Writer(author_secret="k", name_retention_days=1, now=lambda: long_ago)
    run_collection(Commenter(), engine=run_engine, writer=old)
    with transaction(run_engine) as session:
        # The run that stored it erased it at its end: its day had long passed.
        assert session.scalar(select(Comment.author_name)) is None
    run_collection(Commenter(), engine=run_engine, writer=Writer(author_secret="k"))
    with transaction(run_engine) as session:
        assert session.scalar(select(Comment.author_name)) == "Ana"
