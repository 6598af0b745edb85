"""Two collectors writing the same account's pages at once: no duplicates, no
"database is locked", and the rows one writer alone would leave."""

from __future__ import annotations

import datetime as dt
import threading

from sqlalchemy import func, select

from benchmarks.synthetic import SCALES, campaign_pages
from pulso.db.engine import make_engine, transaction
from pulso.db.models import Comment, MetricObservation, Post
from pulso.db.writer import Writer
from pulso.records import ObservationRecord, Page, PostRecord

T0 = dt.datetime(2018, 6, 29, 12, tzinfo=dt.UTC)
POSTS, METRICS = 300, ("reach", "reactions", "shares", "comments")


def _run_concurrently(targets) -> list:
    errors: list = []
    barrier = threading.Barrier(len(targets))

    def wrap(target):
        try:
            barrier.wait()
            target()
        except Exception as exc:  # collected and asserted on by the test
            errors.append(exc)

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def _writer_job(url, pages):
    def job():
        engine = make_engine(url)
        writer = Writer(author_secret="k")
        try:
            for page in pages:
                with transaction(engine) as session:
                    writer.write_page(page, session=session)
        finally:
            engine.dispose()

    return job


def _count(url, *models_or_conditions):
    engine = make_engine(url)
    with transaction(engine) as session:
        result = session.scalar(select(func.count()).select_from(*models_or_conditions))
    engine.dispose()
    return result


def _observations(value: float, at: dt.datetime) -> list[Page]:
    return [
        Page([ObservationRecord("facebook", f"p{n}", m, value, at, "graph:v25.0") for m in METRICS])
        for n in range(POSTS)
    ]


def test_concurrent_collectors_append_a_changed_value_once(migrated_url):
    # Both collectors see the same new values, observed at slightly different times.
    _writer_job(migrated_url, [Page([PostRecord("facebook", f"p{n}", T0) for n in range(POSTS)])])()
    _writer_job(migrated_url, _observations(10, T0))()
    errors = _run_concurrently(
        [
            _writer_job(migrated_url, _observations(20, T0 + dt.timedelta(hours=1))),
            _writer_job(migrated_url, _observations(20, T0 + dt.timedelta(hours=1, seconds=5))),
        ]
    )
    assert errors == []
    # One row for the first value and one for the change: never the change twice.
    assert _count(migrated_url, MetricObservation) == POSTS * len(METRICS) * 2


def test_two_concurrent_full_writers_equal_one_writer(migrated_url):
    pages = list(campaign_pages(SCALES["tiny"], posts_per_page=20))
    errors = _run_concurrently([_writer_job(migrated_url, pages), _writer_job(migrated_url, pages)])
    assert errors == []
    tiny = SCALES["tiny"]
    assert _count(migrated_url, Post) == tiny.posts
    assert _count(migrated_url, Comment) == tiny.comments
    assert _count(migrated_url, MetricObservation) == tiny.posts * 2 * 7
    engine = make_engine(migrated_url)
    with transaction(engine) as session:
        orphans = session.scalar(
            select(func.count())
            .select_from(Comment)
            .where(Comment.parent_external_id.is_not(None), Comment.parent_id.is_(None))
        )
    engine.dispose()
    assert orphans == 0
