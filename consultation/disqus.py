"""The web consultation (Disqus) in the store: threads, the thread-to-theme mapping, and
top-level posts promoted to proposals.

Disqus posts are stored first as ``Comment`` rows (platform ``disqus``, ``thread_key`` = the
Disqus thread id, replies linked to their parent), whatever the source (API or XML export).
Then every top-level post of a thread that a consultation maps to a theme becomes a
proposal with channel ``web``, source key ``disqus:post:<id>``, ``source_comment_id`` set
and its author as submitter (a ``Person`` with channel ``disqus``, from the same keyed hash
as the comment's ``author_key``). Replies stay comments: the discussion of a proposal is the
tree of replies under its source comment (``discussion``). Promoting is idempotent, and it
runs again when a mapping is added, so posts collected before the mapping are not lost.

Functions take the session as a keyword and never commit.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from pulso.consultation.intake import ProposalIn, Reason, add_proposals, person_for_key
from pulso.db.models import (
    Comment,
    Consultation,
    DisqusThread,
    Platform,
    Proposal,
    ReviewStatus,
    Theme,
    ThreadMapping,
)
from pulso.db.types import utcnow
from pulso.db.upsert import upsert
from pulso.db.writer import OWN_ACCOUNT_REVIEWER, Writer, WriteStats
from pulso.errors import InputError
from pulso.privacy import normalise_identity
from pulso.records import CommentRecord, Page, ThreadRecord

PROMOTED_BY = "disqus-intake"
_SLASHES = re.compile(r"/+$")


def normalise_link(link: str) -> str:
    """Compare links loosely: scheme, ``www.``, case of the host, fragment and a trailing
    slash do not matter (the same page is linked in all these ways)."""
    parts = urlsplit(link.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = _SLASHES.sub("", parts.path) or ""
    return urlunsplit(("", host, path, parts.query, "")).lstrip("/")


def normalise_title(title: str) -> str:
    return normalise_identity(title)


# --------------------------------------------------------------------------------------
# Threads and mapping
# --------------------------------------------------------------------------------------


def write_threads(records: Sequence[ThreadRecord], *, session: Session) -> int:
    rows = list(
        {
            r.external_id: {
                "external_id": r.external_id,
                "forum": r.forum,
                "link": r.link,
                "title": r.title,
                "created_at": r.created_at,
                "last_seen_at": utcnow(),
            }
            for r in records
        }.values()
    )
    return upsert(
        DisqusThread,
        rows,
        session=session,
        key=("external_id",),
        coalesce=("forum", "link", "title", "created_at"),
    )


def map_thread(
    *,
    session: Session,
    consultation: Consultation,
    theme: Theme,
    link: str | None = None,
    title: str | None = None,
) -> ThreadMapping:
    """Say that the thread with this link (or title) is about ``theme``; replaces a previous
    mapping of the same link or title."""
    if bool(link) == bool(title):
        raise InputError.of("err.thread.link_or_title")
    kind, value = ("link", normalise_link(link)) if link else ("title", normalise_title(title))
    upsert(
        ThreadMapping,
        [{"consultation_id": consultation.id, "kind": kind, "value": value, "theme_id": theme.id}],
        session=session,
        key=("consultation_id", "kind", "value"),
        update=("theme_id",),
    )
    return session.scalar(
        select(ThreadMapping)
        .where(
            ThreadMapping.consultation_id == consultation.id,
            ThreadMapping.kind == kind,
            ThreadMapping.value == value,
        )
        .execution_options(populate_existing=True)
    )


def thread_themes(
    *, session: Session, thread_keys: Iterable[str] | None = None
) -> dict[str, list[tuple[int, int]]]:
    """Disqus thread id -> [(consultation id, theme id)] by every consultation's mapping,
    for every thread or only ``thread_keys``.

    A link mapping wins over a title mapping within one consultation.
    """
    rules: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for rule in session.scalars(select(ThreadMapping)):
        rules[(rule.kind, rule.value)].append((rule.consultation_id, rule.theme_id))
    threads = select(DisqusThread)
    if thread_keys is not None:
        threads = threads.where(DisqusThread.external_id.in_(list(thread_keys)))
    result: dict[str, list[tuple[int, int]]] = {}
    for thread in session.scalars(threads):
        found: dict[int, int] = {}
        if thread.title:
            found.update(rules.get(("title", normalise_title(thread.title)), []))
        if thread.link:
            found.update(rules.get(("link", normalise_link(thread.link)), []))
        if found:
            result[thread.external_id] = sorted(found.items())
    return result


def thread_theme_slugs(
    *, session: Session, thread_keys: Iterable[str], consultation_id: int | None = None
) -> dict[str, str]:
    """The theme slug each Disqus thread is mapped to (in ``consultation_id``, or the first
    consultation that maps it): what a reviewer sees preselected for its comments."""
    wanted = {k for k in thread_keys if k}
    if not wanted:
        return {}
    out: dict[str, str] = {}
    mapped = thread_themes(session=session, thread_keys=wanted)
    if not mapped:
        return out
    theme_ids = {theme_id for pairs in mapped.values() for _, theme_id in pairs}
    query = select(Theme.id, Theme.slug).where(Theme.id.in_(theme_ids))
    themes = {theme_id: slug for theme_id, slug in session.execute(query)}
    for key, pairs in mapped.items():
        for cid, theme_id in pairs:
            if consultation_id is None or cid == consultation_id:
                out[key] = themes[theme_id]
                break
    return out


@dataclass
class ThreadStatus:
    external_id: str
    title: str | None
    link: str | None
    theme: str | None  # slug in the given consultation, None when unmapped
    posts: int


def thread_overview(*, session: Session, consultation: Consultation) -> list[ThreadStatus]:
    """Every known thread with its theme in ``consultation`` (or None) and its post count."""
    mapping = thread_themes(session=session)
    slugs = {t.id: t.slug for t in consultation.themes}
    counts: dict[str, int] = defaultdict(int)
    for key in session.scalars(
        select(Comment.thread_key).where(Comment.platform == Platform.DISQUS)
    ):
        counts[key] += 1
    overview = []
    for thread in session.scalars(select(DisqusThread).order_by(DisqusThread.id)):
        theme_ids = dict(mapping.get(thread.external_id, []))
        theme = slugs.get(theme_ids.get(consultation.id))
        overview.append(
            ThreadStatus(
                thread.external_id, thread.title, thread.link, theme, counts[thread.external_id]
            )
        )
    return overview


# --------------------------------------------------------------------------------------
# Promotion
# --------------------------------------------------------------------------------------


@dataclass
class PromotionResult:
    created: int = 0
    already_present: int = 0
    unmapped_threads: set[str] = field(default_factory=set)


def promote_disqus_posts(
    *,
    session: Session,
    actor: str = PROMOTED_BY,
    thread_keys: Iterable[str] | None = None,
    post_ids: Iterable[str] | None = None,
) -> PromotionResult:
    """Turn the top-level posts of mapped threads into proposals (idempotent).

    ``thread_keys`` / ``post_ids`` limit the work to some threads or posts (a page just
    written); by default every stored Disqus post is considered.
    """
    mapping = thread_themes(session=session)
    query = select(Comment).where(
        Comment.platform == Platform.DISQUS,
        Comment.parent_external_id.is_(None),
        Comment.is_deleted.is_(False),
        # The team's own posts (PULSO_DISQUS_TEAM_AUTHORS, set aside by the writer) are
        # not proposals, whenever their thread is mapped.
        or_(Comment.reviewed_by.is_(None), Comment.reviewed_by != OWN_ACCOUNT_REVIEWER),
    )
    if thread_keys is not None:
        query = query.where(Comment.thread_key.in_(list(set(thread_keys))))
    if post_ids is not None:
        query = query.where(Comment.external_id.in_(list(set(post_ids))))
    result = PromotionResult()
    items = []
    promoted_comments = []
    for comment in session.scalars(query.order_by(Comment.created_at, Comment.id)):
        targets = mapping.get(comment.thread_key or "")
        if not targets:
            result.unmapped_threads.add(comment.thread_key or "")
            continue
        submitters = []
        if comment.author_key:
            submitters.append(
                person_for_key(
                    session=session, channel="disqus", identity_key=comment.author_key
                ).id
            )
        for consultation_id, theme_id in targets:
            items.append(
                ProposalIn(
                    consultation_id=consultation_id,
                    channel="web",
                    source_key=f"disqus:post:{comment.external_id}",
                    text=comment.text,
                    received_at=comment.created_at,
                    theme_id=theme_id,
                    source_comment_id=comment.id,
                    submitter_ids=submitters,
                )
            )
        promoted_comments.append(comment.id)
    intake = add_proposals(
        items,
        session=session,
        actor=actor,
        reason=Reason("audit_reason_disqus", "top-level post of a mapped Disqus thread"),
    )
    result.created, result.already_present = intake.created, intake.already_present
    if promoted_comments:
        # Already proposals: a review queue has nothing to decide about them.
        session.execute(
            update(Comment)
            .where(Comment.id.in_(promoted_comments), Comment.review_status == ReviewStatus.PENDING)
            .values(
                review_status=ReviewStatus.CONFIRMED, reviewed_by=PROMOTED_BY, reviewed_at=utcnow()
            )
            .execution_options(synchronize_session=False)
        )
    return result


class ConsultationWriter(Writer):
    """The standard writer, plus Disqus threads, and promotion of each page's top-level
    posts in mapped threads into proposals (in the same transaction as the page)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.promoted = PromotionResult()

    def write_page(self, page: Page, *, session: Session) -> WriteStats:
        threads = [r for r in page.records if isinstance(r, ThreadRecord)]
        rest = Page([r for r in page.records if not isinstance(r, ThreadRecord)], page.bookmarks)
        write_threads(threads, session=session)
        stats = super().write_page(rest, session=session)
        top_level = [
            r
            for r in rest.records
            if isinstance(r, CommentRecord)
            and r.platform == "disqus"
            and not r.parent_external_id
            # the moderators' own posts are not proposals
            and not self.is_team_author("disqus", r.author_identity)
        ]
        if top_level:
            done = promote_disqus_posts(
                session=session,
                thread_keys={r.thread_key for r in top_level},
                post_ids=[r.external_id for r in top_level],
            )
            self.promoted.created += done.created
            self.promoted.already_present += done.already_present
            self.promoted.unmapped_threads |= done.unmapped_threads
        return stats

    def details(self) -> dict[str, int]:
        """For the run record: proposals made from the posts written, threads not mapped."""
        return {
            "new_proposals": self.promoted.created,
            "unmapped_threads": len(self.promoted.unmapped_threads),
        }


# --------------------------------------------------------------------------------------
# Discussion
# --------------------------------------------------------------------------------------


def discussion(*, session: Session, proposal_id: int) -> list[tuple[int, Comment]]:
    """The replies under a proposal's source comment, as (depth, comment) in thread order."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or proposal.source_comment_id is None:
        return []
    root = session.get(Comment, proposal.source_comment_id)
    comments = session.scalars(
        select(Comment)
        .where(Comment.platform == root.platform, Comment.thread_key == root.thread_key)
        .order_by(Comment.created_at, Comment.id)
    ).all()
    children: dict[str, list[Comment]] = defaultdict(list)
    for comment in comments:
        if comment.parent_external_id:
            children[comment.parent_external_id].append(comment)
    out: list[tuple[int, Comment]] = []
    seen = {root.external_id}

    def walk(external_id: str, depth: int) -> None:
        for child in children.get(external_id, []):
            if child.external_id in seen:  # a malformed export could loop
                continue
            seen.add(child.external_id)
            out.append((depth, child))
            walk(child.external_id, depth + 1)

    walk(root.external_id, 1)
    return out


def store_pages(pages: Iterable[Page], *, session: Session, writer: ConsultationWriter) -> int:
    """Write pages (e.g. of a Disqus XML export) in the caller's transaction; returns rows."""
    rows = 0
    for page in pages:
        rows += writer.write_page(page, session=session).rows
    return rows
