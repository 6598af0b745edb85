"""The comments' write path: keyed authors, parents linked whatever the order, edits and
deletions, the team's own comments set aside."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from pulso.db.models import Comment, SyncState
from pulso.db.state import read_bookmark
from pulso.db.writer import Writer
from pulso.records import (
    CommentRecord,
    Page,
    PostRecord,
)
from tests.factories import when
from tests.test_writer import _page


def _comment(external_id: str, **kw) -> CommentRecord:
    return CommentRecord(
        "facebook",
        external_id,
        kw.pop("created_at", when(29, 11)),
        kw.pop("text", "hola"),
        post_external_id=kw.pop("post_external_id", "page_1"),
        **kw,
    )


def _post_page(*records) -> Page:
    return Page([PostRecord("facebook", "page_1", when(29, 10)), *records])


def _stored_comment(session, external_id: str) -> Comment:
    return session.scalar(
        select(Comment)
        .where(Comment.external_id == external_id)
        .execution_options(populate_existing=True)
    )


def test_comments_store_keyed_hash_and_link_parents(session):
    Writer(author_secret="s3cret").write_page(_page(), session=session)
    parent, child = session.scalars(select(Comment).order_by(Comment.external_id)).all()
    assert child.parent_id == parent.id
    assert parent.author_key and len(parent.author_key) == 64
    assert "fb-user-1" not in parent.author_key
    assert parent.author_name == "Ana"
    assert parent.author_name_expires_at > parent.first_seen_at


def test_reply_before_its_parent_is_linked_when_the_parent_arrives(session):
    writer = Writer(author_secret="s3cret")
    writer.write_page(Page([PostRecord("x", "t1", when(21))]), session=session)
    writer.write_page(
        Page(
            [
                CommentRecord(
                    "x", "r2", when(22), "reply", post_external_id="t1", parent_external_id="r1"
                )
            ]
        ),
        session=session,
    )
    writer.write_page(
        Page([CommentRecord("x", "r1", when(21, 13), "root", post_external_id="t1")]),
        session=session,
    )
    ids = dict(session.execute(select(Comment.external_id, Comment.id)).all())
    parent = session.scalar(select(Comment.parent_id).where(Comment.external_id == "r2"))
    assert parent == ids["r1"]


def test_comment_edits_hides_and_deletions_update_the_row(session):
    writer = Writer(author_secret="s3cret")
    first = _comment(
        "c1", text="primera", author_identity="u1", author_name="Ana", permalink="https://f/c1"
    )
    writer.write_page(_post_page(first), session=session)
    key = _stored_comment(session, "c1").author_key
    writer.write_page(_post_page(_comment("c1", text="editada", like_count=3)), session=session)
    comment = _stored_comment(session, "c1")
    assert (comment.text, comment.like_count, comment.is_hidden) == ("editada", 3, False)
    # What the later source lacks is not erased.
    assert (comment.author_key, comment.author_name, comment.permalink) == (
        key,
        "Ana",
        "https://f/c1",
    )
    gone = _comment("c1", text="", is_hidden=True, is_deleted=True, like_count=0)
    writer.write_page(_post_page(gone), session=session)
    comment = _stored_comment(session, "c1")
    assert (comment.text, comment.is_hidden, comment.is_deleted, comment.like_count) == (
        "editada",
        True,
        True,
        0,
    )
    assert session.scalar(select(func.count()).select_from(Comment)) == 1


def test_a_comment_twice_in_one_page_keeps_the_last(session):
    page = _post_page(_comment("c1", text="antes"), _comment("c2"), _comment("c1", text="después"))
    stats = Writer(author_secret="s3cret").write_page(page, session=session)
    assert stats.comments == 2
    assert _stored_comment(session, "c1").text == "después"
    assert session.scalar(select(func.count()).select_from(Comment)) == 2


def test_replies_are_linked_in_any_order_within_and_across_pages(session):
    writer = Writer(author_secret="s3cret")
    writer.write_page(_post_page(_comment("root")), session=session)
    # In one page: a chain given leaf first, and a reply to a comment of an earlier page.
    page = _post_page(
        _comment("c3", parent_external_id="c2"),
        _comment("c2", parent_external_id="c1"),
        _comment("c1"),
        _comment("r1", parent_external_id="root"),
        _comment("w1", parent_external_id="later"),
        # Bad data is linked as given, not lost: a cycle and a comment replying to itself.
        _comment("y1", parent_external_id="y2"),
        _comment("y2", parent_external_id="y1"),
        _comment("s1", parent_external_id="s1"),
    )
    writer.write_page(page, session=session)
    writer.write_page(page, session=session)  # a re-run changes nothing
    ids = dict(session.execute(select(Comment.external_id, Comment.id)).all())
    parents = dict(session.execute(select(Comment.external_id, Comment.parent_id)).all())
    assert parents == {
        "root": None,
        "c1": None,
        "c2": ids["c1"],
        "c3": ids["c2"],
        "r1": ids["root"],
        "w1": None,
        "y1": ids["y2"],
        "y2": ids["y1"],
        "s1": ids["s1"],
    }
    writer.write_page(_post_page(_comment("later")), session=session)
    assert _stored_comment(session, "w1").parent_id == _stored_comment(session, "later").id


def test_a_waiting_reply_sent_again_with_its_parent_is_linked(session):
    writer = Writer(author_secret="s3cret")
    writer.write_page(_post_page(_comment("w1", parent_external_id="p1")), session=session)
    assert _stored_comment(session, "w1").parent_id is None
    page = _post_page(_comment("w1", parent_external_id="p1", like_count=2), _comment("p1"))
    writer.write_page(page, session=session)
    reply = _stored_comment(session, "w1")
    assert (reply.parent_id, reply.like_count) == (_stored_comment(session, "p1").id, 2)


def test_replies_before_their_parents_are_written_one_statement_per_row(session, monkeypatch):
    # One row per statement on SQLite (PostgreSQL writes this few rows one by one anyway):
    # a reply written before its parent would fail the foreign key.
    monkeypatch.setattr("pulso.db.upsert._sqlite_variable_limit", lambda connection: 25)
    page = _post_page(
        _comment("c3", parent_external_id="c2"),
        _comment("c2", parent_external_id="c1"),
        _comment("c1"),
        _comment("c0"),
    )
    Writer(author_secret="s3cret").write_page(page, session=session)
    ids = dict(session.execute(select(Comment.external_id, Comment.id)).all())
    parents = dict(session.execute(select(Comment.external_id, Comment.parent_id)).all())
    assert parents == {"c0": None, "c1": None, "c2": ids["c1"], "c3": ids["c2"]}
    # New rows take ids in the order written, parents first, then the page's order.
    assert sorted(ids, key=ids.get) == ["c1", "c2", "c3", "c0"]


def test_a_comment_on_an_unknown_post_is_refused(session):
    page = _post_page(_comment("c1"), _comment("c2", post_external_id="nope"))
    with pytest.raises(LookupError, match="comment on unknown post facebook:nope"):
        Writer(author_secret="s3cret").write_page(page, session=session)
    # A comment without a post (a Disqus thread's) needs none.
    thread = CommentRecord("disqus", "d1", when(29, 11), "hola", thread_key="t1")
    assert Writer(author_secret="s3cret").write_page(Page([thread]), session=session).comments == 1


def test_a_new_reply_to_a_stored_comment_sent_again_is_linked_to_it(session):
    writer = Writer(author_secret="s3cret")
    writer.write_page(_post_page(_comment("p1", like_count=1)), session=session)
    stored = _stored_comment(session, "p1").id
    page = _post_page(_comment("p1", like_count=2), _comment("r1", parent_external_id="p1"))
    writer.write_page(page, session=session)
    assert _stored_comment(session, "p1").id == stored
    assert _stored_comment(session, "r1").parent_id == stored
    assert _stored_comment(session, "r1").id > stored


def test_the_teams_own_replies_never_reach_the_review_queue(session):
    from pulso.db.writer import OWN_ACCOUNT_REVIEWER

    page = _page()  # its post belongs to the account "page"
    team_reply = CommentRecord(
        "facebook", "c3", when(29, 13), "¡Gracias por participar!",
        post_external_id="page_1", parent_external_id="c1", author_identity="page",
        author_name="Secretaría",
    )  # fmt: skip
    writer = Writer(author_secret="s3cret")
    writer.write_page(Page(records=[*page.records, team_reply]), session=session)

    def status():
        return dict(session.execute(select(Comment.external_id, Comment.review_status)).all())

    assert status() == {"c1": "pending", "c2": "pending", "c3": "rejected"}
    reply = session.scalar(select(Comment).where(Comment.external_id == "c3"))
    assert reply.reviewed_by == OWN_ACCOUNT_REVIEWER and reply.reviewed_at is not None
    # A reply stored before this rule was pending: the next collection marks it. A
    # reviewer's decision on a citizen's comment is never overwritten by a re-collection.
    session.execute(
        update(Comment).where(Comment.external_id == "c3").values(review_status="pending")
    )
    session.execute(
        update(Comment).where(Comment.external_id == "c1").values(review_status="confirmed")
    )
    writer.write_page(Page(records=[*page.records, team_reply]), session=session)
    assert status() == {"c1": "confirmed", "c2": "pending", "c3": "rejected"}


def test_team_authors_comments_are_set_aside_as_written_and_once_when_the_list_changes(session):
    """``team_authors``: their new comments are marked as each page is written; comments
    stored before the list named them are found by the first page written after the list
    changed (compared as stored: normalised, so 'Mod1 ' names 'mod1'), and that search is
    recorded, not repeated on every page. A reviewer's decision is never overwritten."""
    from pulso.db.comment_writer import OWN_ACCOUNT_REVIEWER, TEAM_AUTHORS_STREAM

    def comment(external_id, author, parent=None):
        return CommentRecord(
            "disqus", external_id, when(29, 11), f"texto {external_id}",
            thread_key="t1", parent_external_id=parent, author_identity=author,
        )  # fmt: skip

    def status():
        rows = session.execute(
            select(Comment.external_id, Comment.review_status, Comment.reviewed_by)
        )
        return {e: (s, by == OWN_ACCOUNT_REVIEWER) for e, s, by in rows}

    plain = Writer(author_secret="s3cret")
    plain.write_page(
        Page(
            [comment("1", "mod1"), comment("2", "mod2"), comment("3", "ana"), comment("4", "mod2")]
        ),
        session=session,
    )
    session.execute(
        update(Comment).where(Comment.external_id == "4").values(review_status="confirmed")
    )
    assert {s for s, _ in status().values()} == {"pending", "confirmed"}

    one = Writer(author_secret="s3cret", team_authors={"disqus": ["Mod1 "]})
    one.write_page(Page([]), session=session)  # a page with nothing new still looks once
    assert status() == {
        "1": ("rejected", True), "2": ("pending", False),
        "3": ("pending", False), "4": ("confirmed", False),
    }  # fmt: skip
    applied = read_bookmark(
        session=session, platform="disqus", account="", stream=TEAM_AUTHORS_STREAM
    )
    assert set(applied) == {"digest"}
    # Recorded: the next page does not search the stored comments again (a comment by mod1
    # that reached the table some other way stays as it is), but marks what it brings.
    session.execute(
        update(Comment).where(Comment.external_id == "1").values(review_status="pending")
    )
    one.write_page(Page([comment("5", "mod1", parent="3"), comment("6", "ana")]), session=session)
    assert status()["1"] == ("pending", True) and status()["5"] == ("rejected", True)
    assert status()["6"] == ("pending", False)

    # The list grows: the first page after the change searches again, for both.
    two = Writer(author_secret="s3cret", team_authors={"disqus": ["mod1", "mod2"]})
    two.write_page(Page([]), session=session)
    assert status() == {
        "1": ("rejected", True), "2": ("rejected", True), "3": ("pending", False),
        "4": ("confirmed", False), "5": ("rejected", True), "6": ("pending", False),
    }  # fmt: skip
    assert (
        read_bookmark(session=session, platform="disqus", account="", stream=TEAM_AUTHORS_STREAM)
        != applied
    )
    assert session.scalar(select(func.count()).select_from(SyncState)) == 1
    # The list is off for a while (another directory's settings): what mod1 writes then
    # waits, and the page erases the record; the list back, the next page searches again.
    plain.write_page(Page([comment("7", "mod1")]), session=session)
    assert status()["7"] == ("pending", False)
    assert session.scalar(select(func.count()).select_from(SyncState)) == 0
    two.write_page(Page([]), session=session)
    assert status()["7"] == ("rejected", True)
    assert two.is_team_author("disqus", "MOD2") and not two.is_team_author("disqus", "ana")
    assert not two.is_team_author("facebook", "mod2") and not plain.is_team_author("disqus", "mod1")


def test_a_page_mixing_stored_and_new_comments_keeps_ids_and_links_replies(session):
    """Stored comments keep their ids when written again beside new ones, and a new reply
    to a stored comment of the same page is linked to that stored row (replies first or
    last in the page)."""

    def comment(external_id, text, parent=None):
        return CommentRecord(
            "facebook", external_id, when(29, 11), text, post_external_id="page_1",
            parent_external_id=parent, author_identity=f"user-{external_id}",
        )  # fmt: skip

    writer = Writer(author_secret="s3cret")
    post = _page().records[0]
    writer.write_page(Page([post, comment("p", "padre"), comment("s", "otro")]), session=session)
    before = dict(session.execute(select(Comment.external_id, Comment.id)).all())
    writer.write_page(
        Page([post, comment("r1", "respuesta", parent="p"), comment("s", "otro, editado"),
              comment("p", "padre"), comment("n", "nuevo"), comment("r2", "otra", parent="p")]),
        session=session,
    )  # fmt: skip
    rows = {
        e: (i, parent, text)
        for e, i, parent, text in session.execute(
            select(Comment.external_id, Comment.id, Comment.parent_id, Comment.text)
        )
    }
    assert len(rows) == 5
    assert rows["p"][0] == before["p"] and rows["s"][0] == before["s"]
    assert rows["s"][2] == "otro, editado"
    assert rows["r1"][1] == rows["r2"][1] == before["p"]
    assert rows["n"][1] is None and rows["n"][0] not in before.values()
    assert len({i for i, _, _ in rows.values()}) == 5


def test_a_team_authors_post_is_no_proposal_when_its_thread_is_mapped_later(session):
    """A moderator's top-level post, set aside as the team's own when written, does not
    become a proposal when its thread is mapped to a theme afterwards; a citizen's does."""
    from pulso.consultation.disqus import ConsultationWriter, map_thread, promote_disqus_posts
    from pulso.db.models import Proposal
    from pulso.records import ThreadRecord
    from tests.factories import make_consultation, make_theme

    def post(external_id, author):
        return CommentRecord(
            "disqus", external_id, when(29, 11), f"texto {external_id}", thread_key="t",
            author_identity=author,
        )  # fmt: skip

    writer = ConsultationWriter(author_secret="s3cret", team_authors={"disqus": ["mod1"]})
    thread = ThreadRecord("disqus", "t", link="https://example.org/agua", title="Agua")
    writer.write_page(Page([thread, post("m", "Mod1"), post("u", "ana")]), session=session)
    assert not session.scalar(select(func.count()).select_from(Proposal))  # not mapped yet
    consultation = make_consultation(session=session)
    theme = make_theme(session=session, consultation=consultation)
    map_thread(
        session=session, consultation=consultation, theme=theme, link="https://example.org/agua"
    )
    promote_disqus_posts(session=session)
    assert set(session.scalars(select(Proposal.source_key))) == {"disqus:post:u"}
