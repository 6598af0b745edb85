"""The review queue and reviewers' decisions on scored comments.

A reviewer confirms a comment as a proposal (choosing or correcting the theme, optionally
editing a summary), rejects it, or marks it abusive. A confirmed comment enters the
consultation store through ``db.store.add_proposals`` with its channel, comment link,
author's person and the model version that suggested it. Every decision is audited.

Functions take the session as a keyword argument and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pulso.analytics.decision import DEFAULT, active_thresholds, thresholds_by_version
from pulso.consultation.catalog import get_theme
from pulso.consultation.disqus import thread_theme_slugs
from pulso.consultation.intake import (
    ProposalIn,
    Reason,
    add_proposals,
    person_for_key,
    record_audit,
)
from pulso.consultation.scoring import (
    active_version,
    consultation_column,
    default_consultation_id,
    with_consultation,
)
from pulso.db.models import (
    Channel,
    Comment,
    Consultation,
    Platform,
    Proposal,
    ReviewStatus,
    Suggestion,
    Theme,
)
from pulso.db.paging import PageOf, count_up_to, settle_total
from pulso.db.types import utcnow
from pulso.errors import NotFound, PulsoError, WorkflowError
from pulso.i18n import Label

# Disqus comments come from the consultation website: their channel is "web".
CHANNEL_OF_PLATFORM = {
    Platform.FACEBOOK: Channel.FACEBOOK,
    Platform.X: Channel.X,
    Platform.DISQUS: Channel.WEB,
    Platform.WEB: Channel.WEB,
}


@dataclass
class QueueItem:
    comment_id: int
    platform: str
    post_id: int | None
    consultation_id: int | None
    created_at: dt.datetime
    text: str
    proposal_score: float
    abuse_score: float
    sentiment: str | None
    evidence: dict
    themes: list[dict] = field(default_factory=list)
    model_version: str = ""
    # The thresholds of the version that scored it (``analytics.decision``).
    proposal_threshold: float = DEFAULT
    abuse_threshold: float = DEFAULT

    @property
    def likely_abusive(self) -> bool:
        return self.abuse_score >= self.abuse_threshold

    @property
    def suggested_theme(self) -> str | None:
        return self.themes[0]["slug"] if self.themes else None


# Pending comments by their newest suggestion's proposal score, best first, then oldest
# first; comments without a suggestion come after every scored one, oldest first.
REVIEW_ORDER = (Comment.queue_score.desc(), Comment.created_at, Comment.id)
ORDERS = ("score", "uncertain")


def uncertain_order(threshold: float) -> tuple:
    """Active learning: the comments the model is least sure of first (score nearest the
    active model's proposal threshold), so each decision teaches it the most; unscored
    comments last."""
    return (
        Comment.queue_score.is_(None),
        func.abs(Comment.queue_score - threshold),
        Comment.created_at,
        Comment.id,
    )


def queue_page(
    *,
    session: Session,
    platform: str | None = None,
    consultation: str | None = None,
    post_id: int | None = None,
    min_score: float | None = None,
    page: int = 1,
    per_page: int = 50,
    order: str = "score",
) -> PageOf:
    """The review queue, one page of it: what the web's queue and ``pulso review`` show.

    Items are (comment, suggestion or None), as read-only rows with their tables' columns
    (attribute access, types converted): the page only shows them, and building ORM objects
    for a hundred rows was a sixth of its CPU. A comment's newest suggestion (newest
    ``created_at``, ties broken by id) and its score are kept on the comment by triggers
    (migration 0107), so an unfiltered page is one range of ``ix_comment_queue``.
    Filters: platform, consultation slug (comments whose consultation is unknown are kept),
    post id, minimum proposal score. ``order``: ``score`` (most likely proposals first) or
    ``uncertain`` (the model's closest calls first: scores nearest the active model's
    proposal threshold).
    """
    if order not in ORDERS:
        raise ValueError(f"unknown queue order {order!r}")
    page = max(1, page)
    offset = (page - 1) * per_page
    where = [Comment.review_status == ReviewStatus.PENDING, Comment.is_deleted.is_(False)]
    if platform:
        where.append(Comment.platform == Platform(platform))
    if post_id is not None:
        where.append(Comment.post_id == post_id)
    if min_score is not None:
        where.append(Comment.queue_score >= min_score)
    base = select(Comment.__table__)
    if consultation:
        wanted = default_consultation_id(session=session, slug=consultation)
        cons = consultation_column()
        base = with_consultation(base)
        where.append((cons == wanted) | cons.is_(None))
    if order == "uncertain":
        ordering = uncertain_order(active_thresholds(session=session)[1].proposal)
    else:
        ordering = REVIEW_ORDER
    comments = session.execute(
        base.where(*where).order_by(*ordering).offset(offset).limit(per_page + 1)
    ).all()
    wanted_ids = [c.latest_suggestion_id for c in comments[:per_page] if c.latest_suggestion_id]
    suggestions = {
        s.id: s
        for s in session.execute(
            select(Suggestion.__table__).where(Suggestion.id.in_(wanted_ids))
        ).all()
    }
    rows: list[tuple[Any, Any | None]] = [
        (c, suggestions.get(c.latest_suggestion_id)) for c in comments
    ]
    counted, exact = count_up_to(session, base.with_only_columns(Comment.id).where(*where))
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    counted, exact = settle_total(counted, exact, offset, len(rows), has_next)
    return PageOf(rows, page, per_page, counted, exact, has_next)


def abuse_flagged(*, session: Session, rows) -> set[int]:
    """The ids of the suggestions among ``rows`` ((comment, suggestion or None), as
    ``queue_page`` gives them) whose abuse score reaches their version's abuse threshold."""
    suggestions = [s for _, s in rows if s is not None]
    thresholds = thresholds_by_version(
        session=session, versions=[s.model_version for s in suggestions]
    )
    return {s.id for s in suggestions if s.abuse_score >= thresholds[s.model_version].abuse}


def review_queue(
    *,
    session: Session,
    platform: str | None = None,
    consultation: str | None = None,
    post_id: int | None = None,
    min_score: float | None = None,
    limit: int = 50,
    order: str = "score",
) -> list[QueueItem]:
    """The first ``limit`` comments of the queue (``queue_page``) that have a suggestion,
    as ``QueueItem``s for the command line."""
    rows = queue_page(
        session=session,
        platform=platform,
        consultation=consultation,
        post_id=post_id,
        min_score=min_score,
        per_page=limit,
        order=order,
    ).items
    thread_consultations = _thread_consultations(session, [c for c, _ in rows])
    thresholds = thresholds_by_version(
        session=session, versions=[s.model_version for _, s in rows if s is not None]
    )
    items = []
    for comment, suggestion in rows:
        if suggestion is None:
            continue
        stored = suggestion.themes or {}
        items.append(
            QueueItem(
                comment_id=comment.id,
                platform=Platform(comment.platform).value,
                post_id=comment.post_id,
                consultation_id=thread_consultations.get(comment.id)
                or stored.get("consultation_id"),
                created_at=comment.created_at,
                text=comment.text,
                proposal_score=suggestion.proposal_score,
                abuse_score=suggestion.abuse_score,
                sentiment=suggestion.sentiment,
                evidence=suggestion.evidence or {},
                themes=list(stored.get("themes") or []),
                model_version=suggestion.model_version,
                proposal_threshold=thresholds[suggestion.model_version].proposal,
                abuse_threshold=thresholds[suggestion.model_version].abuse,
            )
        )
    return items


def _thread_consultations(session: Session, comments) -> dict[int, int]:
    """Each comment's consultation, through its post's campaign or account."""
    ids = [c.id for c in comments]
    if not ids:
        return {}
    cons = consultation_column()
    query = with_consultation(select(Comment.id, cons)).where(Comment.id.in_(ids))
    return {cid: value for cid, value in session.execute(query) if value is not None}


def latest_suggestion(*, session: Session, comment_id: int) -> Suggestion | None:
    """The active model's suggestion for the comment, else the most recent one."""
    active = active_version(session=session)
    query = select(Suggestion).where(Suggestion.comment_id == comment_id)
    if active is not None:
        found = session.scalar(query.where(Suggestion.model_version == active.version))
        if found is not None:
            return found
    return session.scalar(query.order_by(Suggestion.id.desc()).limit(1))


@dataclass
class Decision:
    comment_id: int
    status: str
    proposal_id: int | None = None
    theme: str | None = None
    model_version: str | None = None


def _pending_comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound.of("err.no_comment", id=comment_id)
    if comment.review_status != ReviewStatus.PENDING:
        raise WorkflowError.of(
            "err.already_reviewed",
            id=comment_id,
            status=Label(f"review_{comment.review_status.value}"),
            reviewer=comment.reviewed_by,
        )
    return comment


def _comment_consultation(session: Session, comment: Comment, slug: str | None) -> Consultation:
    cons = consultation_column()
    found = session.scalar(
        with_consultation(select(cons).select_from(Comment)).where(Comment.id == comment.id)
    )
    if found is None:
        found = default_consultation_id(session=session, slug=slug)
    if found is None:
        raise WorkflowError.of("err.which_consultation", id=comment.id)
    return session.get(Consultation, found)


def _set_status(
    session: Session,
    comment: Comment,
    status: ReviewStatus,
    reviewer: str,
    version: str | None,
    reason: str | None,
    at: dt.datetime | None = None,
) -> None:
    previous = comment.review_status
    comment.review_status = status
    comment.reviewed_by = reviewer
    comment.reviewed_at = at or utcnow()
    record_audit(
        session=session,
        actor=reviewer,
        entity="comment",
        entity_id=comment.id,
        action="review",
        from_value=ReviewStatus(previous).value,
        to_value=status.value,
        reason=reason,
        model_version=version,
        at=at,
    )
    session.flush()


def confirm(
    *,
    session: Session,
    comment_id: int,
    reviewer: str,
    theme: str | None = None,
    summary: str | None = None,
    consultation: str | None = None,
    at: dt.datetime | None = None,
) -> Decision:
    """Confirm a comment as a proposal: it enters the store with its provenance.

    ``theme`` (a slug of the consultation) overrides the suggested theme; without it, the
    theme of the Disqus thread the comment was written in when the thread is mapped to one,
    else the model's top suggestion. ``consultation`` is needed only when the comment's post does
    not tell (e.g. Disqus replies) and more than one consultation exists. ``at`` records
    when the reviewer decided (default: now), e.g. for decisions taken before an import.
    """
    comment = _pending_comment(session, comment_id)
    target = _comment_consultation(session, comment, consultation)
    suggestion = latest_suggestion(session=session, comment_id=comment.id)
    version = suggestion.model_version if suggestion else None
    suggested = (
        ((suggestion.themes or {}).get("themes") or [{}])[0].get("slug") if suggestion else None
    )
    preset = (
        thread_theme_slugs(
            session=session, thread_keys=[comment.thread_key], consultation_id=target.id
        ).get(comment.thread_key)
        if comment.thread_key
        else None
    )
    chosen_slug = theme or preset or suggested
    chosen: Theme | None = None
    if chosen_slug:
        try:
            chosen = get_theme(session=session, consultation=target, slug=chosen_slug)
        except NotFound:
            if theme:  # the reviewer named a theme that does not exist: their error
                raise
            chosen = None  # a stale suggestion from another consultation: no theme
    platform = Platform(comment.platform)
    channel = CHANNEL_OF_PLATFORM.get(platform, Channel.OTHER)
    submitters = []
    if comment.author_key:
        person = person_for_key(
            session=session, channel=platform.value, identity_key=comment.author_key
        )
        submitters.append(person.id)
    source_key = f"comment:{platform.value}:{comment.external_id}"
    result = add_proposals(
        [
            ProposalIn(
                consultation_id=target.id,
                channel=channel,
                source_key=source_key,
                text=comment.text,
                received_at=comment.created_at,
                theme_id=chosen.id if chosen else None,
                summary=summary,
                source_comment_id=comment.id,
                model_version=version,
                submitter_ids=submitters,
            )
        ],
        session=session,
        actor=reviewer,
        reason=Reason(
            "audit_reason_confirmed", f"confirmed from {source_key}", {"source": source_key}
        ),
    )
    proposal_id = (
        result.created_ids[0]
        if result.created_ids
        else session.scalar(
            select(Proposal.id).where(
                Proposal.consultation_id == target.id, Proposal.source_key == source_key
            )
        )
    )
    if chosen_slug != suggested or (chosen is None and suggested):
        record_audit(
            session=session,
            actor=reviewer,
            entity="comment",
            entity_id=comment.id,
            action="theme",
            from_value=suggested,
            to_value=chosen.slug if chosen else None,
            reason=Reason("audit_reason_theme", "reviewer corrected the suggested theme"),
            model_version=version,
            at=at,
        )
    reason = f"proposal {proposal_id}, theme {chosen.slug if chosen else '-'}"
    if summary:
        reason += ", summary edited"
    _set_status(session, comment, ReviewStatus.CONFIRMED, reviewer, version, reason, at)
    return Decision(comment.id, "confirmed", proposal_id, chosen.slug if chosen else None, version)


def reject(
    *,
    session: Session,
    comment_id: int,
    reviewer: str,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> Decision:
    """Not a proposal."""
    reason = reason or "not a proposal"
    return _close(session, comment_id, reviewer, ReviewStatus.REJECTED, reason, at)


def mark_abusive(
    *,
    session: Session,
    comment_id: int,
    reviewer: str,
    reason: str | None = None,
    at: dt.datetime | None = None,
) -> Decision:
    """An insult or attack: never a proposal, and training data for the abuse model."""
    return _close(session, comment_id, reviewer, ReviewStatus.ABUSIVE, reason or "abusive", at)


def _close(
    session: Session,
    comment_id: int,
    reviewer: str,
    status: ReviewStatus,
    reason: str,
    at: dt.datetime | None = None,
) -> Decision:
    comment = _pending_comment(session, comment_id)
    suggestion = latest_suggestion(session=session, comment_id=comment.id)
    version = suggestion.model_version if suggestion else None
    _set_status(session, comment, status, reviewer, version, reason, at)
    return Decision(comment.id, status.value, model_version=version)


def decided(*, session: Session, reviewer: str | None = None) -> Sequence[Comment]:
    query = select(Comment).where(Comment.review_status != ReviewStatus.PENDING)
    if reviewer:
        query = query.where(Comment.reviewed_by == reviewer)
    return session.scalars(query.order_by(Comment.reviewed_at, Comment.id)).all()


ACTIONS = ("confirm", "reject", "abusive")


def decide(
    session: Session,
    *,
    comment_id: int,
    action: str,
    reviewer: str,
    theme: str | None = None,
    summary: str | None = None,
    consultation: str | None = None,
) -> Decision:
    """One reviewer decision (raises ``PulsoError`` for the user to fix)."""
    if action == "confirm":
        return confirm(
            session=session,
            comment_id=comment_id,
            reviewer=reviewer,
            theme=theme or None,
            summary=(summary or "").strip() or None,
            consultation=consultation or None,
        )
    if action == "reject":
        return reject(session=session, comment_id=comment_id, reviewer=reviewer)
    if action == "abusive":
        return mark_abusive(session=session, comment_id=comment_id, reviewer=reviewer)
    raise PulsoError.of("err.review_action", action=action)
