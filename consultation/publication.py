"""Public results: publishing a consultation, the progress of commitments, and what the
public results page and its open data show.

Only what is safe leaves through ``public_results``: texts scrubbed of contact data
(``pulso.privacy.scrub_contact_data``); an organisation's name only when it signed its
proposal; never a person's keyed hash, a person's id, a comment's author or permalink;
items marked not a proposal (or abusive, which never become proposals) are never listed.
The figures are the metrics layer's (``analytics.consultation``), never recomputed here.
Functions take the session as a keyword argument and never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pulso.analytics.consultation import (
    NOT_COUNTED,
    AnswerSummary,
    AsOf,
    Reconciliation,
    ThemeRow,
    answer_summary,
    as_of_for,
    distinct_people,
    proposals_by_theme,
    reconciliation,
)
from pulso.consultation.catalog import get_consultation
from pulso.consultation.intake import Reason, record_audit
from pulso.consultation.workflow import get_proposal
from pulso.db.models import (
    AuditEvent,
    Comment,
    Commitment,
    CommitmentProgress,
    Consultation,
    DisqusThread,
    Institution,
    Post,
    Proposal,
    ProposalStatus,
)
from pulso.db.types import utcnow
from pulso.errors import NotFound, WorkflowError
from pulso.privacy import scrub_contact_data, scrub_optional

COMMITMENT_FIELDS = (
    "action",
    "indicator",
    "baseline",
    "target",
    "responsible",
    "starts_on",
    "ends_on",
    "milestones",
)


# --------------------------------------------------------------------------------------
# Publication
# --------------------------------------------------------------------------------------


def set_published(
    *, session: Session, slug: str, published: bool, actor: str, at: dt.datetime | None = None
) -> Consultation:
    """Publish (or withdraw) ``slug``'s public results page; audited. Publishing an already
    published consultation keeps its first publication time."""
    consultation = get_consultation(session=session, slug=slug)
    before = consultation.published_at
    if published and before is None:
        consultation.published_at = at or utcnow()
    elif not published:
        consultation.published_at = None
    if (before is None) == published:  # a change
        record_audit(
            session=session,
            actor=actor,
            entity="consultation",
            entity_id=consultation.id,
            action="publish" if published else "unpublish",
            from_value="published" if before else "unpublished",
            to_value="published" if published else "unpublished",
            at=at,
        )
    session.flush()
    return consultation


def published_consultation(*, session: Session, slug: str) -> Consultation | None:
    """The consultation ``slug`` if it is published, else None (the public sees a 404)."""
    return session.scalar(
        select(Consultation).where(
            Consultation.slug == slug, Consultation.published_at.is_not(None)
        )
    )


# --------------------------------------------------------------------------------------
# Progress of commitments
# --------------------------------------------------------------------------------------


def record_progress(
    *,
    session: Session,
    proposal_id: int,
    percent: int,
    note: str,
    actor: str,
    recorded_on: dt.date | None = None,
) -> CommitmentProgress:
    """Append a progress update (0–100 %, a note, dated) to an accepted proposal's
    commitment; audited. Refused with ``WorkflowError`` for a proposal without commitment,
    a percentage outside 0–100 or an empty note."""
    proposal = get_proposal(session=session, proposal_id=proposal_id)
    commitment = session.scalar(select(Commitment).where(Commitment.proposal_id == proposal.id))
    if proposal.status != ProposalStatus.ACCEPTED or commitment is None:
        raise WorkflowError.of("err.progress_needs_commitment", id=proposal.id)
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise WorkflowError.of("err.progress_percent", id=proposal.id)
    note = (note or "").strip()
    if not note:
        raise WorkflowError.of("err.progress_note", id=proposal.id)
    if recorded_on is None:
        zone = ZoneInfo(session.get(Consultation, proposal.consultation_id).timezone)
        recorded_on = dt.datetime.now(zone).date()
    row = CommitmentProgress(
        commitment_id=commitment.id,
        recorded_on=recorded_on,
        percent=percent,
        note=note,
        recorded_by=actor,
    )
    session.add(row)
    record_audit(
        session=session,
        actor=actor,
        entity="proposal",
        entity_id=proposal.id,
        action="progress",
        to_value=f"{percent}%",
        reason=Reason(
            "audit_reason_progress",
            f"progress {percent}% on {recorded_on.isoformat()}: {note}",
            {"percent": str(percent), "note": note},
        ),
    )
    session.flush()
    return row


# --------------------------------------------------------------------------------------
# What the public page shows
# --------------------------------------------------------------------------------------


def public_id(slug: str, proposal_id: int) -> str:
    """A proposal's stable public identifier: ``pan-2018-2020-42`` (the consultation's slug
    and the proposal's number, which never changes)."""
    return f"{slug}-{proposal_id}"


def parse_public_id(value: str) -> tuple[str, int] | None:
    slug, _, number = value.rpartition("-")
    if not slug or not number.isdigit() or len(number) > 12:
        return None
    return slug, int(number)


@dataclass(frozen=True)
class PublicProgress:
    recorded_on: dt.date
    percent: int
    note: str


@dataclass(frozen=True)
class PublicMerged:
    public_id: str
    channel: str
    received_on: dt.date
    title: str | None
    text: str


@dataclass(frozen=True)
class PublicProposal:
    id: int
    public_id: str
    theme_slug: str | None
    channel: str
    received_on: dt.date
    status: str
    title: str | None
    text: str
    organisation: str | None
    institution: str | None
    answer_due_on: dt.date | None
    decided_on: dt.date | None
    decided_at: dt.datetime | None
    justification: str | None
    commitment: dict[str, str | dt.date] | None
    progress: tuple[PublicProgress, ...] = ()
    progress_at: tuple[dt.datetime, ...] = ()
    merged: tuple[PublicMerged, ...] = ()
    source_url: str | None = None


@dataclass(frozen=True)
class PublicResults:
    slug: str
    name: str
    description: str | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    published_at: dt.datetime
    as_of: AsOf
    reconciliation: Reconciliation
    themes: list[ThemeRow]
    people: int
    answers: AnswerSummary
    proposals: list[PublicProposal]
    institutions: list[str] = field(default_factory=list)

    @property
    def channels(self) -> list[str]:
        return list(self.reconciliation.steps_by_channel)

    def theme(self, slug: str | None) -> ThemeRow | None:
        return next((row for row in self.themes if row.slug == slug), None)

    @cached_property
    def _by_public_id(self) -> dict[str, PublicProposal]:
        """Each public id, a counted proposal's or a merged item's, to the proposal shown
        (a merged item is shown under the proposal it joined)."""
        index = {}
        for p in self.proposals:
            index[p.public_id] = p
            for m in p.merged:
                index[m.public_id] = p
        return index

    def by_public_id(self, value: str) -> PublicProposal | None:
        """The counted proposal ``value`` names, or the one it was merged into."""
        return self._by_public_id.get(value)


def freshness(*, session: Session, slug: str) -> tuple | None:
    """None if ``slug`` is not published; else what changes whenever anything its public
    page shows changes: the publication time and the newest proposal, audit event (every
    status change, answer, routing and publication is one), commitment and progress update.
    One statement, each maximum one index lookup: it runs on every public request."""
    newest = (Proposal.id, AuditEvent.id, Commitment.id, CommitmentProgress.id)
    row = session.execute(
        select(
            Consultation.published_at,
            *(select(func.max(c)).scalar_subquery() for c in newest),
        ).where(Consultation.slug == slug, Consultation.published_at.is_not(None))
    ).first()
    return None if row is None else tuple(row)


def _local_day(value: dt.datetime | None, zone: ZoneInfo) -> dt.date | None:
    return None if value is None else value.astimezone(zone).date()


def _source_urls(session: Session, comment_ids: set[int]) -> dict[int, str]:
    """The post (Facebook, X) or consultation-site page (Disqus thread) each comment was
    written under: never the comment's own link, which leads to its author."""
    if not comment_ids:
        return {}
    result: dict[int, str] = {}
    ids = sorted(comment_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = session.execute(
            select(Comment.id, Post.permalink, DisqusThread.link)
            .outerjoin(Post, Post.id == Comment.post_id)
            .outerjoin(DisqusThread, DisqusThread.external_id == Comment.thread_key)
            .where(Comment.id.in_(chunk))
        ).all()
        for comment_id, post_link, thread_link in rows:
            link = post_link or thread_link
            if link and link.startswith(("https://", "http://")):
                result[comment_id] = link
    return result


def public_results(*, session: Session, slug: str) -> PublicResults | None:
    """Everything the public results page of ``slug`` shows, or None if it is not published."""
    consultation = published_consultation(session=session, slug=slug)
    if consultation is None:
        return None
    zone = ZoneInfo(consultation.timezone)
    cid = consultation.id
    as_of = as_of_for(consultation)
    institutions = dict(session.execute(select(Institution.id, Institution.name)).all())
    themes = proposals_by_theme(session=session, consultation_id=cid)
    theme_slugs = {row.theme_id: row.slug for row in themes}
    rows = session.execute(
        select(
            Proposal.id,
            Proposal.theme_id,
            Proposal.channel,
            Proposal.received_at,
            Proposal.status,
            Proposal.title,
            Proposal.text,
            Proposal.organisation,
            Proposal.institution_id,
            Proposal.answer_due_on,
            Proposal.decided_at,
            Proposal.justification,
            Proposal.merged_into_id,
            Proposal.source_comment_id,
        )
        .where(
            Proposal.consultation_id == cid,
            Proposal.status != ProposalStatus.NOT_A_PROPOSAL,
        )
        .order_by(Proposal.received_at, Proposal.id)
    ).all()
    commitments: dict[int, tuple[int, dict]] = {}
    for c in session.scalars(
        select(Commitment).join(Proposal).where(Proposal.consultation_id == cid)
    ):
        commitments[c.proposal_id] = (
            c.id,
            {
                name: (
                    getattr(c, name)
                    if isinstance(getattr(c, name), dt.date)
                    else scrub_contact_data(getattr(c, name))
                )
                for name in COMMITMENT_FIELDS
            },
        )
    progress: dict[int, list[tuple[PublicProgress, dt.datetime]]] = {}
    for p in session.scalars(
        select(CommitmentProgress)
        .join(Commitment)
        .join(Proposal)
        .where(Proposal.consultation_id == cid)
        .order_by(CommitmentProgress.recorded_on, CommitmentProgress.id)
    ):
        progress.setdefault(p.commitment_id, []).append(
            (PublicProgress(p.recorded_on, p.percent, scrub_contact_data(p.note)), p.created_at)
        )
    sources = _source_urls(session, {r.source_comment_id for r in rows if r.source_comment_id})
    merged: dict[int, list[PublicMerged]] = {}
    counted = []
    for r in rows:
        channel = str(getattr(r.channel, "value", r.channel))
        if r.status == ProposalStatus.MERGED:
            # An item merged into one that is not counted (itself merged or not a
            # proposal) has nowhere to be shown.
            if r.merged_into_id is not None:
                merged.setdefault(r.merged_into_id, []).append(
                    PublicMerged(
                        public_id(slug, r.id),
                        channel,
                        _local_day(r.received_at, zone),
                        scrub_optional(r.title),
                        scrub_contact_data(r.text or ""),
                    )
                )
            continue
        if r.status in NOT_COUNTED:
            continue
        counted.append(r)
    proposals = []
    for r in counted:
        commitment_id, commitment = commitments.get(r.id, (None, None))
        status = ProposalStatus(r.status)
        if status != ProposalStatus.ACCEPTED:
            commitment = None
        updates = progress.get(commitment_id, []) if commitment is not None else []
        proposals.append(
            PublicProposal(
                id=r.id,
                public_id=public_id(slug, r.id),
                theme_slug=theme_slugs.get(r.theme_id),
                channel=str(getattr(r.channel, "value", r.channel)),
                received_on=_local_day(r.received_at, zone),
                status=status.value,
                title=scrub_optional(r.title),
                text=scrub_contact_data(r.text or ""),
                organisation=scrub_optional(r.organisation),
                institution=institutions.get(r.institution_id),
                answer_due_on=r.answer_due_on,
                decided_on=_local_day(r.decided_at, zone),
                decided_at=r.decided_at,
                justification=(
                    scrub_optional(r.justification) if status == ProposalStatus.REJECTED else None
                ),
                commitment=commitment,
                progress=tuple(u for u, _ in updates),
                progress_at=tuple(at for _, at in updates),
                merged=tuple(merged.get(r.id, ())),
                source_url=sources.get(r.source_comment_id),
            )
        )
    return PublicResults(
        slug=consultation.slug,
        name=consultation.name,
        description=consultation.description,
        starts_on=consultation.starts_on,
        ends_on=consultation.ends_on,
        published_at=consultation.published_at,
        as_of=as_of,
        reconciliation=reconciliation(session=session, consultation_id=cid),
        themes=themes,
        people=distinct_people(session=session, consultation_id=cid),
        answers=answer_summary(session=session, consultation_id=cid, today=as_of.day),
        proposals=proposals,
        institutions=sorted({p.institution for p in proposals if p.institution}),
    )


def require_public_results(*, session: Session, slug: str) -> PublicResults:
    results = public_results(session=session, slug=slug)
    if results is None:
        raise NotFound.of("err.not_published", slug=slug)
    return results
