"""Figures of the consultation store: proposals and distinct people per theme and channel,
the reconciliation from items received to proposals counted, and the state of answers.

Definitions:
- *received*: every item stored (any status), whatever its channel;
- *not a proposal*: items a reviewer marked ``not_a_proposal``;
- *merged*: items folded into another (``merged``); their sources and submitters count for
  the surviving proposal;
- *counted*: received − not a proposal − merged (the seed's 141);
- *structured*: counted proposals that came in the official template (the seed's 9);
- *people*: distinct ``Person`` rows among the submitters of the counted proposals and of
  the items merged into them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from pulso.db.models import Proposal, ProposalStatus, Theme, proposal_submitter
from pulso.errors import InputError

NOT_COUNTED = (ProposalStatus.NOT_A_PROPOSAL, ProposalStatus.MERGED)
ANSWERED = (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED)


@dataclass(frozen=True)
class ThemeRow:
    theme_id: int | None
    slug: str | None
    name_es: str | None
    name_en: str | None
    proposals: int
    people: int

    def name(self, lang: str = "es") -> str:
        if self.slug is None:
            return "Sin temática" if lang == "es" else "No theme"
        return (self.name_en if lang == "en" and self.name_en else None) or self.name_es or ""


@dataclass(frozen=True)
class Reconciliation:
    received: int
    not_proposals: int
    merged: int
    counted: int
    structured: int
    by_channel: dict[str, int] = field(default_factory=dict)  # counted, per channel
    # received / not_proposals / merged / counted, per channel (a merged item counts in the
    # channel it came from as merged, and its idea in the channel of the proposal it joined)
    steps_by_channel: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class AnswerSummary:
    counted: int
    routed: int
    answered: int
    accepted: int
    rejected: int
    pending: int
    overdue: int


AS_OF_BASES = ("today", "closing")


@dataclass(frozen=True)
class AsOf:
    """The day deadlines, overdue answers and days late are counted at, and why: ``today``,
    ``closing`` (the consultation's closing day) or ``chosen`` (a date given by the user or
    a report's own date). Every page and report that counts from a day prints it."""

    day: dt.date
    basis: str


def resolve_as_of(
    value: str | dt.date | None, *, today: dt.date, closing: dt.date | None = None
) -> AsOf:
    """``value`` is a date (or ``YYYY-MM-DD``), ``"closing"``, ``"today"`` or ``None``
    (today). ``"closing"`` without a closing day is today."""
    if isinstance(value, dt.date):
        return AsOf(value, "chosen")
    text = (value or "today").strip().lower()
    if text == "today":
        return AsOf(today, "today")
    if text == "closing":
        return AsOf(closing, "closing") if closing else AsOf(today, "today")
    try:
        return AsOf(dt.date.fromisoformat(text), "chosen")
    except ValueError:
        raise InputError.of("err.period.as_of", field="as_of", value=value) from None


def as_of_for(consultation, value: str | dt.date | None = None) -> AsOf:
    """The day ``consultation``'s deadlines are counted at: ``value``, else the setting
    ``as_of`` (``PULSO_AS_OF``), else today in the consultation's zone."""
    from zoneinfo import ZoneInfo

    from pulso.settings import get_settings

    if value is None:
        value = get_settings().as_of
    today = dt.datetime.now(ZoneInfo(consultation.timezone)).date()
    return resolve_as_of(value, today=today, closing=consultation.ends_on)


def _counted(consultation_id: int, channel: str | None = None, entity=Proposal):
    """Counted proposals of the consultation (of ``channel``, if given); ``entity`` is
    ``Proposal`` or an alias of it."""
    condition = and_(entity.consultation_id == consultation_id, entity.status.not_in(NOT_COUNTED))
    return condition if channel is None else and_(condition, entity.channel == channel)


def _people_query(consultation_id: int, channel: str | None, *, by_theme: bool = False):
    """Distinct people who submitted a counted proposal or an item merged into one (per
    theme of the counted proposal with ``by_theme``)."""
    merged = aliased(Proposal)
    counted = aliased(Proposal)
    owner = func.coalesce(merged.merged_into_id, merged.id)
    people = func.count(func.distinct(proposal_submitter.c.person_id))
    query = (
        (select(counted.theme_id, people) if by_theme else select(people))
        .select_from(merged)
        .join(proposal_submitter, proposal_submitter.c.proposal_id == merged.id)
        .join(counted, counted.id == owner)
        .where(_counted(consultation_id, channel, counted))
    )
    return query.group_by(counted.theme_id) if by_theme else query


def proposals_by_theme(
    *, session: Session, consultation_id: int, channel: str | None = None
) -> list[ThemeRow]:
    """Counted proposals and distinct people per theme, in the themes' order.

    Every theme of the consultation appears (with zeros when it received nothing); counted
    proposals without a theme appear last as a row with ``slug=None``.
    """
    proposals = dict(
        session.execute(
            select(Proposal.theme_id, func.count())
            .where(_counted(consultation_id, channel))
            .group_by(Proposal.theme_id)
        ).all()
    )
    # People: submitters of the counted proposal, or of items merged into it.
    people = dict(session.execute(_people_query(consultation_id, channel, by_theme=True)).all())
    rows = [
        ThemeRow(t.id, t.slug, t.name_es, t.name_en, proposals.get(t.id, 0), people.get(t.id, 0))
        for t in session.scalars(
            select(Theme).where(Theme.consultation_id == consultation_id).order_by(Theme.position)
        )
    ]
    if proposals.get(None):
        rows.append(ThemeRow(None, None, None, None, proposals[None], people.get(None, 0)))
    return rows


def distinct_people(*, session: Session, consultation_id: int, channel: str | None = None) -> int:
    """People who submitted a counted proposal or an item merged into one, each once
    (the per-theme figure of ``analytics.consultation.proposals_by_theme``, without
    counting twice someone who proposed in two themes). With ``channel``: the people
    behind the counted proposals of that channel, as in ``proposals_by_theme``."""
    return session.scalar(_people_query(consultation_id, channel)) or 0


def reconciliation(
    *, session: Session, consultation_id: int, channel: str | None = None
) -> Reconciliation:
    """From items received to proposals counted (see the module's definitions); with
    ``channel``, the items received through that channel only."""
    scope = Proposal.consultation_id == consultation_id
    if channel is not None:  # every status: not-proposals and merged items are steps too
        scope = and_(scope, Proposal.channel == channel)
    per_channel = session.execute(
        select(Proposal.channel, Proposal.status, func.count())
        .where(scope)
        .group_by(Proposal.channel, Proposal.status)
    ).all()
    steps: dict[str, dict[str, int]] = {}
    status_counts: dict[ProposalStatus, int] = {}
    for item_channel, status, n in per_channel:
        status_counts[status] = status_counts.get(status, 0) + n
        row = steps.setdefault(
            str(getattr(item_channel, "value", item_channel)),
            {"received": 0, "not_proposals": 0, "merged": 0, "counted": 0},
        )
        row["received"] += n
        if status == ProposalStatus.NOT_A_PROPOSAL:
            row["not_proposals"] += n
        elif status == ProposalStatus.MERGED:
            row["merged"] += n
        else:
            row["counted"] += n
    received = sum(status_counts.values())
    not_proposals = status_counts.get(ProposalStatus.NOT_A_PROPOSAL, 0)
    merged = status_counts.get(ProposalStatus.MERGED, 0)
    structured = session.scalar(
        select(func.count()).where(
            _counted(consultation_id, channel), Proposal.in_template.is_(True)
        )
    )
    by_channel = {channel: row["counted"] for channel, row in sorted(steps.items())}
    return Reconciliation(
        received=received,
        not_proposals=not_proposals,
        merged=merged,
        counted=received - not_proposals - merged,
        structured=structured or 0,
        by_channel={c: n for c, n in by_channel.items() if n},
        steps_by_channel=dict(sorted(steps.items())),
    )


def answer_summary(
    *,
    session: Session,
    consultation_id: int,
    today: dt.date | None = None,
    channel: str | None = None,
) -> AnswerSummary:
    """How many counted proposals (of ``channel``, if given) were routed, answered,
    accepted, rejected, and overdue."""
    today = today or dt.date.today()
    row = session.execute(
        select(
            func.count(),
            func.count(Proposal.institution_id),
            func.sum(case((Proposal.status.in_(ANSWERED), 1), else_=0)),
            func.sum(case((Proposal.status == ProposalStatus.ACCEPTED, 1), else_=0)),
            func.sum(case((Proposal.status == ProposalStatus.REJECTED, 1), else_=0)),
            func.sum(
                case(
                    (
                        and_(
                            Proposal.status.not_in(ANSWERED),
                            Proposal.answer_due_on.is_not(None),
                            Proposal.answer_due_on < today,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
        ).where(_counted(consultation_id, channel))
    ).one()
    counted, routed, answered, accepted, rejected, overdue = (int(v or 0) for v in row)
    return AnswerSummary(
        counted=counted,
        routed=routed,
        answered=answered,
        accepted=accepted,
        rejected=rejected,
        pending=counted - answered,
        overdue=overdue,
    )
