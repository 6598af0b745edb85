"""The steps of ``pulso demo`` after collection: the team's work on the sample campaign.

Each step goes through the same library functions as the commands (importers, review,
store workflow), so everything the demo does is audited like a user's work, and each is
idempotent: a second run finds the work done and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.collectors.proposals_file import read_proposals
from pulso.consultation.answers import CommitmentIn, answer_proposal
from pulso.consultation.catalog import (
    attach_account,
    get_institution,
    get_theme,
    label_posts,
    upsert_campaign,
)
from pulso.consultation.files import store_proposals_file
from pulso.consultation.review import confirm, mark_abusive, reject
from pulso.consultation.scoring import ensure_model, score_pending
from pulso.consultation.workflow import change_status, merge_proposals, route_proposals, set_theme
from pulso.db.models import Comment, Consultation, Platform, Proposal, ProposalStatus, ReviewStatus
from pulso.sandbox.sample import FILES, Sample
from pulso.workdays import working_days_between

S = ProposalStatus


# --------------------------------------------------------------------------------------
# Campaigns: what links the collected posts to the consultation's reports
# --------------------------------------------------------------------------------------


def link_campaigns(*, session: Session, sample: Sample, consultation: Consultation) -> None:
    """One campaign per channel with its plan (3 posts a day on X; USD 100 to boost on
    Facebook), the collected accounts attached, and the posts named as the team names them."""
    boost = sample.facebook_boost
    start, end = consultation.starts_on, consultation.ends_on
    facebook = upsert_campaign(
        session=session,
        slug=f"{consultation.slug}-facebook",
        name="Consulta PAN 2018-2020 en Facebook",
        consultation=consultation,
        starts_on=start,
        ends_on=end,
        planned_platform="facebook",
        budget_amount=float(boost.spend),
        budget_currency=boost.currency,
    )
    days = {t.created_at.date() for t in sample.tweets}
    x = upsert_campaign(
        session=session,
        slug=f"{consultation.slug}-x",
        name="Consulta PAN 2018-2020 en X",
        consultation=consultation,
        starts_on=min(days),
        ends_on=max(days),
        planned_posts_per_day=3,
        planned_platform="x",
    )
    attach_account(
        session=session,
        campaign=facebook,
        platform="facebook",
        account_external_id=sample.facebook_page.id,
    )
    attach_account(
        session=session, campaign=x, platform="x", account_external_id=sample.x_account.id
    )
    label_posts(
        session=session,
        platform="facebook",
        labels={p.id: p.label for p in sample.facebook_posts},
    )
    # Tweets are numbered in publication order, as a team would name them in a table.
    label_posts(
        session=session,
        platform="x",
        labels={t.id: f"tuit {n}" for n, t in enumerate(sample.tweets, start=1)},
    )


# --------------------------------------------------------------------------------------
# Files: e-mail, in-person and workshop proposals
# --------------------------------------------------------------------------------------


def import_proposal_files(
    *, session: Session, sample: Sample, consultation: Consultation, secret: str, actor: str
) -> dict[str, int]:
    """Import both proposal files through the real importer; returns new rows per file."""
    created = {}
    for key in ("email", "workshop"):
        path = sample.directory / FILES[key]
        parsed = read_proposals(path, timezone=ZoneInfo(consultation.timezone))
        # The e-mail file holds one item received after the consultation closed (a request
        # for an extension, 30 July): the team imports it flagged, as
        # ``pulso import proposals --allow-out-of-range`` does, and marks it not a proposal.
        result = store_proposals_file(
            parsed,
            session=session,
            consultation=consultation,
            secret=secret,
            actor=actor,
            allow_out_of_range=True,
        )
        created[path.name] = result.created
    return created


# --------------------------------------------------------------------------------------
# Extraction: score every comment, confirm only what the team already reviewed
# --------------------------------------------------------------------------------------


@dataclass
class ReviewResult:
    scored: int = 0
    decided: dict[str, int] = field(default_factory=dict)
    pending: int = 0


def review_comments(
    *, session: Session, sample: Sample, consultation: Consultation, actor: str
) -> ReviewResult:
    """Score the comments with the active model (the seed model the first time), then apply
    the sample's reviewed labels with their reviewers and dates. Unreviewed comments stay in
    the review queue, as they would for the team."""
    _, version = ensure_model(session=session, actor=actor)
    result = ReviewResult(
        scored=score_pending(
            session=session, version=version, consultation=consultation.slug
        ).scored
    )
    items = [("facebook", c.id, c.review) for c in sample.facebook_comments] + [
        ("x", r.id, r.review) for r in sample.x_replies
    ]
    for platform, external_id, review in items:
        comment = session.scalar(
            select(Comment).where(
                Comment.platform == Platform(platform), Comment.external_id == external_id
            )
        )
        if comment is None or not review.reviewed:
            continue
        if comment.review_status != ReviewStatus.PENDING:
            continue  # decided on an earlier run
        who, when = review.reviewed_by or actor, review.reviewed_at
        if review.label == "proposal":
            confirm(
                session=session,
                comment_id=comment.id,
                reviewer=who,
                theme=review.theme,
                summary=review.summary,
                consultation=consultation.slug,
                at=when,
            )
        elif review.label == "abusive":
            mark_abusive(session=session, comment_id=comment.id, reviewer=who, at=when)
        else:
            reject(session=session, comment_id=comment.id, reviewer=who, at=when)
        result.decided[review.label] = result.decided.get(review.label, 0) + 1
    result.pending = len(
        session.scalars(
            select(Comment.id).where(
                Comment.review_status == ReviewStatus.PENDING,
                Comment.platform != Platform.DISQUS,
            )
        ).all()
    )
    return result


# --------------------------------------------------------------------------------------
# The team's decisions: not proposals, theme corrections, merges, routing, answers
# --------------------------------------------------------------------------------------


def source_key(ref: str) -> str:
    """The store's source key of a sample reference (``sandbox/data/sample_2018/README.md``)."""
    kind, _, value = ref.partition(":")
    if kind == "disqus":
        return f"disqus:post:{value}"
    if kind in ("facebook", "x"):
        return f"comment:{kind}:{value}"
    if kind in ("email", "workshop"):
        # Data row n is line n + 1 of the file (the header is line 1).
        return f"file:{FILES[kind]}:row:{int(value) + 1}"
    raise ValueError(f"unknown sample reference {ref!r}")  # i18n: literal (a bug, not a user's)


def apply_decisions(*, session: Session, sample: Sample, consultation: Consultation) -> dict:
    """Apply ``decisions.json`` through the workflow API; returns what changed."""
    d = sample.decisions
    actor = d.decided_by
    ids = dict(
        session.execute(
            select(Proposal.source_key, Proposal.id).where(
                Proposal.consultation_id == consultation.id
            )
        ).all()
    )

    def proposal(ref: str) -> Proposal:
        return session.get(Proposal, ids[source_key(ref)])

    done = {"not_proposals": 0, "themes": 0, "merged": 0, "routed": 0, "answered": 0}
    for ref, reason in d.not_proposals.items():
        done["not_proposals"] += change_status(
            proposal(ref),
            S.NOT_A_PROPOSAL,
            session=session,
            actor=actor,
            reason=reason,
            at=d.not_proposal_dates.get(ref),
        )
    for ref, (_, to, reason) in d.theme_corrections.items():
        theme = get_theme(session=session, consultation=consultation, slug=to)
        done["themes"] += set_theme(
            session=session,
            proposal_id=proposal(ref).id,
            theme=theme,
            actor=actor,
            reason=reason or None,
        )
    for ref, (into, reason) in d.merges.items():
        source, target = proposal(ref), proposal(into)
        if source.status == S.MERGED and source.merged_into_id == target.id:
            continue
        done["merged"] += len(
            merge_proposals(
                session=session,
                target_id=target.id,
                source_ids=[source.id],
                actor=actor,
                reason=reason or None,
            )
        )
    # Routing: one call per institution and date, with the sample's answer deadline.
    groups: dict[tuple, list[int]] = {}
    for r in d.routing:
        p = proposal(r.ref)
        if p.routed_at is not None and p.institution and p.institution.slug == r.institution:
            continue  # routed on an earlier run
        groups.setdefault((r.institution, r.routed_at, r.answer_due_on), []).append(p.id)
    tz = ZoneInfo(consultation.timezone)
    for (slug, routed_at, due_on), proposal_ids in groups.items():
        result = route_proposals(
            session=session,
            consultation=consultation,
            actor=actor,
            working_days=working_days_between(routed_at.astimezone(tz).date(), due_on),
            institution=get_institution(session=session, slug=slug),
            proposal_ids=proposal_ids,
            now=routed_at,
        )
        done["routed"] += len(result.routed)
    for a in d.answers:
        p = proposal(a.ref)
        if p.status == S(a.status):
            continue  # answered on an earlier run
        commitment = None
        if a.commitment is not None:
            c = a.commitment
            commitment = CommitmentIn(
                action=c.action,
                indicator=c.indicator,
                baseline=c.baseline,
                target=c.target,
                responsible=c.responsible,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                milestones=c.milestones,
            )
        answer_proposal(
            session=session,
            proposal_id=p.id,
            decision=a.status,
            actor=a.institution,
            justification=a.justification,
            commitment=commitment,
            decided_at=a.decided_at,
        )
        done["answered"] += 1
    return done


def report_folder(out: Path) -> Path:
    folder = out / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
