from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pulso.analytics.consultation import answer_summary, proposals_by_theme, reconciliation
from pulso.consultation.answers import CommitmentIn, answer_proposal, overdue_proposals
from pulso.consultation.intake import ProposalIn, add_proposals, audit_trail, person_for_identity
from pulso.consultation.people import find_person, link_people
from pulso.consultation.workflow import (
    merge_proposals,
    route_proposals,
    set_status,
    set_theme,
    unmerge_proposal,
)
from pulso.db.models import Commitment, Person, Proposal, ProposalStatus
from pulso.errors import WorkflowError
from pulso.workdays import add_working_days, working_days_between, working_days_late
from tests.factories import make_consultation, make_institution, make_theme, when

SECRET = "test-author-secret"


def _setup(session):
    c = make_consultation(session=session)
    env = make_theme(session=session, consultation=c, slug="medio-ambiente")
    edu = make_theme(session=session, consultation=c, slug="educacion")
    marn = make_institution(session=session, slug="marn-t", themes=[env])
    return c, env, edu, marn


def _person(session, channel, identity):
    return person_for_identity(session=session, secret=SECRET, channel=channel, identity=identity)


def _add(session, c, key, theme, people, channel="web", text=None, **kw):
    result = add_proposals(
        [
            ProposalIn(
                c.id,
                channel,
                key,
                text or f"Propuesta {key}",
                kw.pop("received_at", when(20)),
                theme_id=theme.id if theme else None,
                submitter_ids=[p.id for p in people],
                **kw,
            )
        ],
        session=session,
        actor="test",
    )
    return session.get(Proposal, result.created_ids[0])


def _commitment(**overrides):
    values = dict(
        action="Publicar datos de calidad del agua",
        indicator="Informes publicados",
        baseline="0",
        target="12 informes",
        responsible="MARN",
        starts_on=dt.date(2018, 10, 1),
        ends_on=dt.date(2019, 9, 30),
        milestones="Q4 2018: primer informe",
    )
    values.update(overrides)
    return CommitmentIn(**values)


def test_merge_keeps_sources_and_people_and_can_be_undone(session):
    c, env, _, _ = _setup(session)
    ana, luis = _person(session, "disqus", "ana"), _person(session, "email", "luis@example.org")
    first = _add(session, c, "disqus:post:1", env, [ana])
    dup = _add(session, c, "file:f.csv:row:2", env, [luis], channel="email", status="in_review")
    other = _add(session, c, "disqus:post:2", env, [ana])

    merge_proposals(
        session=session, target_id=first.id, source_ids=[dup.id], actor="rev", score=0.8
    )
    assert (dup.status, dup.merged_into_id) == (ProposalStatus.MERGED, first.id)
    rows = {
        r.slug: (r.proposals, r.people)
        for r in proposals_by_theme(session=session, consultation_id=c.id)
    }
    assert rows["medio-ambiente"] == (2, 2)  # luis still counts, through the merged item
    rec = reconciliation(session=session, consultation_id=c.id)
    assert (rec.received, rec.merged, rec.counted) == (3, 1, 2)

    with pytest.raises(WorkflowError, match="already merged"):
        merge_proposals(session=session, target_id=other.id, source_ids=[dup.id], actor="rev")
    with pytest.raises(WorkflowError, match="merge it into"):
        merge_proposals(session=session, target_id=other.id, source_ids=[first.id], actor="rev")
    with pytest.raises(WorkflowError, match="counted proposal"):
        merge_proposals(session=session, target_id=dup.id, source_ids=[other.id], actor="rev")

    unmerge_proposal(session=session, proposal_id=dup.id, actor="rev2", reason="different idea")
    assert (dup.status, dup.merged_into_id) == (ProposalStatus.IN_REVIEW, None)
    assert reconciliation(session=session, consultation_id=c.id).counted == 3
    trail = [
        (e.actor, e.action, e.from_value, e.to_value)
        for e in audit_trail(session=session, entity="proposal", entity_id=dup.id)
    ]
    assert trail == [
        ("test", "created", None, "in_review"),
        ("rev", "status", "in_review", "merged"),
        ("rev", "merge", "in_review", str(first.id)),
        ("rev2", "status", "merged", "in_review"),
        ("rev2", "unmerge", str(first.id), "in_review"),
    ]
    with pytest.raises(WorkflowError, match="not merged"):
        unmerge_proposal(session=session, proposal_id=dup.id, actor="rev")


def test_linking_people_across_channels_changes_distinct_counts(session):
    c, env, edu, _ = _setup(session)
    funde_mail = _person(session, "email", "ideas@funde.example")
    funde_web = _person(session, "disqus", "funde_sv")
    maria = _person(session, "disqus", "maria")
    _add(session, c, "m1", env, [funde_mail], channel="email")
    _add(session, c, "m2", edu, [funde_mail], channel="email")
    _add(session, c, "d1", env, [funde_web])
    _add(session, c, "d2", env, [maria])
    both = _add(session, c, "w1", env, [funde_mail, funde_web], channel="workshop")

    def counts():
        return {
            r.slug: (r.proposals, r.people)
            for r in proposals_by_theme(session=session, consultation_id=c.id)
        }

    assert counts()["medio-ambiente"] == (4, 3)
    kept = link_people(
        session=session,
        person_ids=[funde_mail.id, funde_web.id],
        actor="analyst",
        reason="same organisation",
    )
    assert counts()["medio-ambiente"] == (4, 2) and counts()["educacion"] == (1, 1)
    session.refresh(both)
    assert [p.id for p in both.submitters] == [kept.id]
    # The Disqus identity now finds the kept person, and no orphan person remains.
    assert (
        find_person(session=session, secret=SECRET, channel="disqus", identity="FUNDE_SV").id
        == kept.id
    )
    assert _person(session, "disqus", "funde_sv").id == kept.id
    assert session.scalar(select(func.count()).select_from(Person)) == 2
    web = {
        r.slug: r.people
        for r in proposals_by_theme(session=session, consultation_id=c.id, channel="web")
    }
    assert web["medio-ambiente"] == 2
    with pytest.raises(WorkflowError):
        link_people(session=session, person_ids=[kept.id, kept.id], actor="a")


def test_working_days():
    friday = dt.date(2018, 7, 27)
    assert add_working_days(friday, 1) == dt.date(2018, 7, 30)
    assert add_working_days(friday, 15) == dt.date(2018, 8, 17)
    assert add_working_days(friday, 15, holidays=[dt.date(2018, 8, 6)]) == dt.date(2018, 8, 20)
    assert add_working_days(friday, 0) == friday
    assert working_days_between(friday, dt.date(2018, 8, 17)) == 15
    assert working_days_between(dt.date(2018, 8, 17), friday) == -15
    with pytest.raises(ValueError):
        add_working_days(friday, -1)


def test_days_late_are_working_days_like_the_deadline():
    due = dt.date(2018, 8, 10)  # a Friday
    assert working_days_late(due, due) == 0  # due today: not late
    assert working_days_late(due, dt.date(2018, 8, 11)) == 0  # Saturday: no working day lost
    assert working_days_late(due, dt.date(2018, 8, 12)) == 0
    assert working_days_late(due, dt.date(2018, 8, 13)) == 1  # Monday (calendar: 3)
    assert working_days_late(due, dt.date(2018, 8, 17)) == 5  # a week later (calendar: 7)
    assert working_days_late(due, dt.date(2018, 8, 17), holidays=[dt.date(2018, 8, 15)]) == 4
    assert working_days_late(due, dt.date(2018, 8, 1)) == 0  # not due yet
    # Routed with N working days and answered never: N working days later it is N days late.
    routed = dt.date(2018, 7, 27)
    deadline = add_working_days(routed, 15)
    assert working_days_late(deadline, add_working_days(deadline, 15)) == 15


def test_routing_records_date_deadline_and_audit(session):
    c, env, edu, marn = _setup(session)
    ana = _person(session, "disqus", "ana")
    a = _add(session, c, "a", env, [ana])
    b = _add(session, c, "b", env, [ana])
    _add(session, c, "junk", env, [ana], status="not_a_proposal")
    e = _add(session, c, "e", edu, [ana])
    # 27 July 2018 18:00 in El Salvador is already 28 July in UTC: the local day counts.
    now = dt.datetime(2018, 7, 28, 0, 0, tzinfo=dt.UTC)
    result = route_proposals(
        session=session, consultation=c, theme=env, actor="coord", working_days=15, now=now
    )
    assert result.institution == "marn-t" and sorted(result.routed) == sorted([a.id, b.id])
    assert result.due_on == dt.date(2018, 8, 17)
    assert (a.status, a.institution_id, a.routed_at, a.answer_due_on) == (
        ProposalStatus.SENT_TO_INSTITUTION,
        marn.id,
        now,
        dt.date(2018, 8, 17),
    )
    actions = [
        (ev.action, ev.from_value, ev.to_value)
        for ev in audit_trail(session=session, entity="proposal", entity_id=a.id)
        if ev.action != "created"
    ]
    assert actions == [("status", "received", "sent_to_institution"), ("route", None, "marn-t")]

    with pytest.raises(WorkflowError, match="not competent"):
        route_proposals(
            session=session,
            consultation=c,
            institution=marn,
            proposal_ids=[e.id],
            actor="coord",
            working_days=15,
            now=now,
        )
    with pytest.raises(WorkflowError, match="which institution"):
        route_proposals(
            session=session, consultation=c, theme=edu, actor="coord", working_days=15, now=now
        )
    forced = route_proposals(
        session=session,
        consultation=c,
        institution=marn,
        proposal_ids=[e.id],
        actor="coord",
        working_days=5,
        now=now,
        force=True,
    )
    assert forced.routed == [e.id] and e.answer_due_on == dt.date(2018, 8, 3)

    assert [
        p.id
        for p in overdue_proposals(
            session=session, today=dt.date(2018, 8, 17), consultation_id=c.id
        )
    ] == [e.id]
    assert {p.id for p in overdue_proposals(session=session, today=dt.date(2018, 8, 20))} >= {
        a.id,
        b.id,
        e.id,
    }
    answer_proposal(
        session=session,
        proposal_id=a.id,
        decision="accepted",
        commitment=_commitment(),
        actor="marn",
    )
    assert a.id not in [
        p.id for p in overdue_proposals(session=session, today=dt.date(2018, 8, 20))
    ]
    summary = answer_summary(session=session, consultation_id=c.id, today=dt.date(2018, 8, 20))
    assert (summary.routed, summary.accepted, summary.overdue) == (3, 1, 2)
    # An answered proposal is not routed again.
    again = route_proposals(
        session=session, consultation=c, theme=env, actor="coord", working_days=15, now=now
    )
    assert again.skipped_answered == [a.id] and again.routed == [b.id]


def test_answers_need_a_commitment_or_a_justification(session):
    c, env, _, _ = _setup(session)
    p = _add(session, c, "p", env, [])
    with pytest.raises(WorkflowError, match="needs a justification"):
        answer_proposal(
            session=session, proposal_id=p.id, decision="rejected", justification="  ", actor="inst"
        )
    with pytest.raises(WorkflowError, match="needs a SMART commitment"):
        answer_proposal(session=session, proposal_id=p.id, decision="accepted", actor="inst")
    with pytest.raises(WorkflowError, match="needs indicator, milestones"):
        answer_proposal(
            session=session,
            proposal_id=p.id,
            decision="accepted",
            commitment=_commitment(indicator="", milestones=None),
            actor="inst",
        )
    with pytest.raises(WorkflowError, match="end before start"):
        answer_proposal(
            session=session,
            proposal_id=p.id,
            decision="accepted",
            commitment=_commitment(ends_on=dt.date(2018, 1, 1)),
            actor="inst",
        )
    with pytest.raises(WorkflowError, match="accepted or rejected"):
        answer_proposal(session=session, proposal_id=p.id, decision="received", actor="inst")
    assert p.status == ProposalStatus.RECEIVED

    answer_proposal(
        session=session,
        proposal_id=p.id,
        decision="accepted",
        commitment=_commitment(),
        actor="inst",
    )
    assert (
        session.scalar(select(Commitment.target).where(Commitment.proposal_id == p.id))
        == "12 informes"
    )
    answer_proposal(
        session=session,
        proposal_id=p.id,
        decision="rejected",
        justification="Fuera de competencia del MARN",
        actor="inst2",
    )
    assert (
        p.status == ProposalStatus.REJECTED and p.justification == "Fuera de competencia del MARN"
    )
    assert (
        session.scalar(
            select(func.count()).select_from(Commitment).where(Commitment.proposal_id == p.id)
        )
        == 0
    )
    trail = [
        (e.actor, e.from_value, e.to_value, e.reason)
        for e in audit_trail(session=session, entity="proposal", entity_id=p.id)
        if e.action == "status"
    ]
    assert trail == [
        ("inst", "received", "accepted", "commitment: Publicar datos de calidad del agua"),
        ("inst2", "accepted", "rejected", "Fuera de competencia del MARN"),
    ]


def test_database_refuses_a_rejection_without_justification(session):
    c, env, _, _ = _setup(session)
    p = _add(session, c, "p", env, [])
    p.status = ProposalStatus.REJECTED
    p.justification = ""
    with pytest.raises(IntegrityError), session.begin_nested():
        session.flush()


def test_manual_status_changes(session):
    c, env, _, _ = _setup(session)
    p = _add(session, c, "p", env, [])
    with pytest.raises(WorkflowError, match="say why"):
        set_status(session=session, proposal_ids=[p.id], status="not_a_proposal", actor="r")
    with pytest.raises(WorkflowError, match="own command"):
        set_status(session=session, proposal_ids=[p.id], status="accepted", actor="r")
    assert (
        set_status(
            session=session,
            proposal_ids=[p.id],
            status="not_a_proposal",
            actor="r",
            reason="insulto",
        )
        == 1
    )
    assert (
        set_status(
            session=session, proposal_ids=[p.id], status="not_a_proposal", actor="r", reason="x"
        )
        == 0
    )
    assert reconciliation(session=session, consultation_id=c.id).not_proposals == 1
    last = audit_trail(session=session, entity="proposal", entity_id=p.id)[-1]
    assert (last.actor, last.from_value, last.to_value, last.reason) == (
        "r",
        "received",
        "not_a_proposal",
        "insulto",
    )


def test_set_theme_corrects_and_audits_once(session):
    c, env, edu, _ = _setup(session)
    person = _person(session, "email", "ana@example.org")
    p = _add(session, c, "file:a.csv:row:2", env, [person], channel="email")
    at = dt.datetime(2018, 8, 1, 15, tzinfo=dt.UTC)
    assert set_theme(session=session, proposal_id=p.id, theme=edu, actor="ana", reason="x", at=at)
    assert not set_theme(session=session, proposal_id=p.id, theme=edu, actor="ana")
    session.refresh(p)
    assert p.theme_id == edu.id
    events = [e for e in audit_trail(session=session, entity="proposal", entity_id=p.id)
              if e.action == "theme"]  # fmt: skip
    assert [(e.from_value, e.to_value, e.actor, e.reason) for e in events] == [
        ("medio-ambiente", "educacion", "ana", "x")
    ]
    assert events[0].at.replace(tzinfo=events[0].at.tzinfo or dt.UTC) == at
    other = make_consultation(session=session, slug="otra")
    foreign = make_theme(session=session, consultation=other, slug="salud")
    with pytest.raises(WorkflowError):
        set_theme(session=session, proposal_id=p.id, theme=foreign, actor="ana")
