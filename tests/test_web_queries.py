"""The read queries behind the pages (weeks in local time, latest values, queue order)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from pulso.analytics.periods import monday_of, week_bounds
from pulso.analytics.posts import interactions_of
from pulso.consultation import review
from pulso.db.models import Comment, Scope, Suggestion
from pulso.db.observations import record_observations
from pulso.web import listings, queries
from tests.factories import make_post, when

SV = ZoneInfo("America/El_Salvador")


def _obs(session, post, metric, value, at, scope=Scope.TOTAL, source="graph:v25.0"):
    row = {"post_id": post.id, "metric": metric, "value": value, "observed_at": at}
    record_observations(
        [{**row, "scope": scope, "is_unique": False, "source": source}], session=session
    )


def test_latest_values_take_the_newest_total_observation(session):
    post = make_post(session=session)
    _obs(session, post, "reach", 10, when(1))
    _obs(session, post, "reach", 30, when(3))
    _obs(session, post, "reach", 20, when(2))
    _obs(session, post, "reach", 999, when(4), scope=Scope.PAID)  # another scope
    session.flush()
    assert queries.latest_values(session=session, post_ids=[post.id]) == {post.id: {"reach": 30}}
    assert queries.latest_values(session=session, post_ids=[]) == {}


def test_interactions_are_the_platforms_own_components():
    # Facebook: reactions + comments + shares (a Facebook "likes" figure is one reaction type);
    # X: likes + reposts + replies + quotes + bookmarks.
    assert interactions_of("facebook", {"reactions": 5, "likes": 5, "shares": 2}) == 7
    assert interactions_of("facebook", {"reactions_like": 3, "reactions_love": 1}) == 4
    assert interactions_of("x", {"likes": 5, "replies": 1, "bookmarks": 2}) == 8
    assert interactions_of("x", {"reach": 100}) is None


def test_weeks_are_local_monday_to_sunday(session):
    # Sunday 24 June 2018, 23:30 in San Salvador is Monday 05:30 UTC: it belongs to the
    # week of 18 June, not 25 June.
    late_sunday = dt.datetime(2018, 6, 25, 5, 30, tzinfo=dt.UTC)
    make_post(session=session, published_at=late_sunday)
    make_post(session=session, published_at=when(26))
    assert queries.available_weeks(session=session, zone=SV) == [
        dt.date(2018, 6, 25),
        dt.date(2018, 6, 18),
    ]
    start, end = week_bounds(dt.date(2018, 6, 18), SV)
    assert start == dt.datetime(2018, 6, 18, 6, tzinfo=dt.UTC)
    assert end - start == dt.timedelta(days=7)
    figures = queries.overview(session=session, zone=SV, week=dt.date(2018, 6, 18))
    assert figures.posts == 1 and len(figures.daily) == 7
    assert figures.reach_sum is None  # no reach observed: no data, not zero


def test_overview_figures_equal_the_per_post_values(session):
    # Summed by the database, the overview must say what each post's own values say.
    fb = make_post(session=session, published_at=when(1), is_boosted=True)
    x = make_post(session=session, platform="x", published_at=when(2))
    bare = make_post(session=session, published_at=when(2))  # nothing observed
    make_post(session=session, published_at=when(3), is_deleted=True)
    _obs(session, fb, "reach", 100, when(1))
    _obs(session, fb, "reach", 300, when(4))  # the newest value counts
    _obs(session, fb, "reactions", 7, when(4))
    _obs(session, fb, "likes", 7, when(4))  # not counted again beside reactions
    _obs(session, fb, "comments", 2, when(4))
    _obs(session, fb, "reach", 999, when(4), scope=Scope.PAID)
    _obs(session, x, "likes", 5, when(4))  # an X post: likes are its interactions
    _obs(session, x, "reposts", 1, when(4))
    _obs(session, x, "impressions", 50, when(4))
    session.flush()
    figures = queries.overview(session=session, zone=SV)
    values = queries.latest_values(session=session, post_ids=[fb.id, x.id, bare.id])
    assert figures.posts == 3 and figures.boosted_posts == 1
    assert figures.posts_by_platform == {"facebook": 2, "x": 1}
    assert figures.reach_sum == 300
    assert (
        figures.interactions
        == 9 + 6
        == sum(queries.interactions(p, values.get(p.id, {})) or 0 for p in (fb, x, bare))
    )
    assert [(p.id, reach, inter) for p, reach, inter in figures.top_posts] == [
        (fb.id, 300, 9),  # a post whose reach is not known is not ranked by reach
    ]
    assert sum(v for _, v in figures.daily) == 15
    week = queries.overview(session=session, zone=SV, week=monday_of(when(1), SV))
    assert sum(v for _, v in week.daily) == week.interactions


def test_queue_rank_follows_every_write_of_suggestions(session):
    """The queue's order is kept by the database: a suggestion stored after a newer one does
    not take its place; updating or deleting suggestions re-ranks their comment."""
    from sqlalchemy import delete, update

    post = make_post(session=session)
    first, second = (
        Comment(
            platform="facebook",
            external_id=f"r{i}",
            post_id=post.id,
            text="t",
            created_at=when(2, 10 + i),
        )  # fmt: skip
        for i in range(2)
    )
    session.add_all([first, second])
    session.flush()

    def order():
        session.expire_all()
        items = review.queue_page(session=session, per_page=10).items
        return [(c.external_id, s.model_version if s else None) for c, s in items]

    assert order() == [("r0", None), ("r1", None)]  # unscored: oldest first
    session.add(Suggestion(comment_id=second.id, model_version="new", proposal_score=0.4,
                           created_at=when(5)))  # fmt: skip
    session.flush()
    session.add(Suggestion(comment_id=second.id, model_version="late-but-older",
                           proposal_score=0.99, created_at=when(4)))  # fmt: skip
    session.flush()
    assert order() == [("r1", "new"), ("r0", None)]
    session.add(Suggestion(comment_id=first.id, model_version="new", proposal_score=0.5,
                           created_at=when(5)))  # fmt: skip
    session.flush()
    assert order() == [("r0", "new"), ("r1", "new")]
    session.execute(
        update(Suggestion)
        .where(Suggestion.comment_id == second.id, Suggestion.model_version == "new")
        .values(proposal_score=0.6)
    )
    assert order() == [("r1", "new"), ("r0", "new")]
    session.execute(
        delete(Suggestion).where(
            Suggestion.comment_id == second.id, Suggestion.model_version == "new"
        )
    )
    assert order() == [("r1", "late-but-older"), ("r0", "new")]
    session.execute(delete(Suggestion).where(Suggestion.comment_id == second.id))
    assert order() == [("r0", "new"), ("r1", None)]


def test_review_queue_uses_each_comments_newest_suggestion_once(session):
    post = make_post(session=session)
    comments = []
    for i in range(3):
        comment = Comment(
            platform="facebook",
            external_id=f"q{i}",
            post_id=post.id,
            text=f"comentario {i}",
            created_at=when(2, 10 + i),
        )
        session.add(comment)
        comments.append(comment)
    session.add(Comment(platform="facebook", external_id="done", post_id=post.id, text="x",
                        created_at=when(2), review_status="confirmed"))  # fmt: skip
    session.flush()
    same_time = when(5)
    # q0: two suggestions at the same instant (the later id wins) and an older high one.
    session.add(Suggestion(comment_id=comments[0].id, model_version="old", proposal_score=0.99,
                           created_at=when(3)))  # fmt: skip
    session.add(Suggestion(comment_id=comments[0].id, model_version="a", proposal_score=0.1,
                           created_at=same_time))  # fmt: skip
    session.add(Suggestion(comment_id=comments[0].id, model_version="b", proposal_score=0.6,
                           created_at=same_time))  # fmt: skip
    session.add(Suggestion(comment_id=comments[1].id, model_version="b", proposal_score=0.8,
                           created_at=same_time))  # fmt: skip
    session.flush()
    result = review.queue_page(session=session, per_page=10)
    assert result.total == 3
    order = [(c.external_id, s.model_version if s else None) for c, s in result.items]
    assert order == [("q1", "b"), ("q0", "b"), ("q2", None)]


def test_overview_counts_distinct_people_and_proposals_per_theme(session):
    import datetime as dt

    from pulso.analytics.consultation import distinct_people
    from pulso.consultation.review import confirm
    from pulso.consultation.workflow import merge_proposals
    from pulso.web.queries import consultation_figures
    from tests import web_data

    data = web_data.build(session)
    first = confirm(session=session, comment_id=data.comments[0].id, reviewer="rene")
    second = confirm(session=session, comment_id=data.comments[1].id, reviewer="rene")
    cid = data.proposals["salud"].consultation_id
    assert distinct_people(session=session, consultation_id=cid) == 2
    (figures,) = consultation_figures(session=session, as_of=dt.date(2018, 8, 20))
    by_theme = {row.slug: (row.proposals, row.people) for row in figures.themes}
    assert by_theme == {"salud": (2, 1), "medio-ambiente": (3, 1)}
    assert figures.reconciliation.counted == 5 and figures.answers.overdue == 2
    # A merged item's submitter counts for the proposal it was merged into, once.
    merge_proposals(session=session, target_id=first.proposal_id,
                    source_ids=[second.proposal_id], actor="rene")  # fmt: skip
    assert distinct_people(session=session, consultation_id=cid) == 2
    (figures,) = consultation_figures(session=session, as_of=dt.date(2018, 8, 20))
    by_theme = {row.slug: (row.proposals, row.people) for row in figures.themes}
    assert by_theme == {"salud": (2, 2), "medio-ambiente": (2, 0)}


def test_posts_sorted_by_interactions_follow_the_interactions_shown(session):
    # An X post's likes are its interactions (no reactions): the sort must count them as
    # the column does, not only the metrics every platform shares.
    fb = make_post(session=session, published_at=when(1))
    x_liked = make_post(session=session, platform="x", published_at=when(2))
    x_quiet = make_post(session=session, platform="x", published_at=when(3))
    _obs(session, fb, "reactions", 5, when(4))
    _obs(session, fb, "likes", 5, when(4))  # a Facebook post's likes are inside its reactions
    _obs(session, fb, "comments", 1, when(4))
    _obs(session, x_liked, "likes", 40, when(4))
    _obs(session, x_liked, "replies", 2, when(4))
    _obs(session, x_quiet, "reposts", 3, when(4))
    session.flush()
    for descending in (True, False):
        filters = listings.PostFilters(sort="interactions", descending=descending)
        page = listings.list_posts(session=session, zone=SV, filters=filters,
                                  metrics=queries.POST_PAGE_METRICS)  # fmt: skip
        shown = [queries.interactions(post, values) for post, values in page.items]
        assert (
            shown == sorted(shown, reverse=descending) == ([42, 6, 3] if descending else [3, 6, 42])
        )
