from __future__ import annotations

import datetime as dt

from pulso.analytics.consultation import answer_summary, proposals_by_theme, reconciliation
from pulso.consultation.intake import ProposalIn, add_proposals, person_for_identity
from pulso.db.models import Proposal, ProposalStatus
from tests.factories import make_consultation, make_theme, when


def test_theme_table_reconciliation_and_answers(session):
    c = make_consultation(session=session)
    env = make_theme(
        session=session, consultation=c, slug="medio-ambiente", name_es="Medio ambiente"
    )
    edu = make_theme(session=session, consultation=c, slug="educacion", name_es="Educación")
    make_theme(session=session, consultation=c, slug="salud", name_es="Salud")
    ana, luis, org = (
        person_for_identity(session=session, secret="k", channel=ch, identity=i)
        for ch, i in (("disqus", "ana"), ("disqus", "luis"), ("email", "funde@example.org"))
    )
    items = [
        ProposalIn(c.id, "web", "d:1", "a", when(20), theme_id=env.id, submitter_ids=[ana.id]),
        ProposalIn(c.id, "web", "d:2", "b", when(20), theme_id=env.id, submitter_ids=[ana.id]),
        ProposalIn(c.id, "web", "d:3", "c", when(20), theme_id=env.id, submitter_ids=[luis.id]),
        ProposalIn(
            c.id,
            "email",
            "f:1",
            "d",
            when(25, month=7),
            theme_id=edu.id,
            in_template=True,
            submitter_ids=[org.id],
        ),
        ProposalIn(
            c.id,
            "email",
            "f:2",
            "dup of d",
            when(25, month=7),
            theme_id=edu.id,
            submitter_ids=[luis.id],
        ),
        ProposalIn(c.id, "facebook", "c:1", "insulto", when(29), status="not_a_proposal"),
        ProposalIn(c.id, "workshop", "w:1", "sin tema", when(1, month=7)),
    ]
    ids = add_proposals(items, session=session, actor="t").created_ids
    by_key = {p.source_key: p for p in session.query(Proposal).filter(Proposal.id.in_(ids))}
    by_key["f:2"].status, by_key["f:2"].merged_into_id = ProposalStatus.MERGED, by_key["f:1"].id
    by_key["d:1"].status, by_key["d:1"].justification = (
        ProposalStatus.REJECTED,
        "fuera de competencia",
    )
    by_key["d:2"].status = ProposalStatus.ACCEPTED
    by_key["d:3"].institution_id = None
    by_key["d:3"].answer_due_on = dt.date(2018, 8, 1)
    session.flush()

    rows = {
        r.slug: (r.proposals, r.people)
        for r in proposals_by_theme(session=session, consultation_id=c.id)
    }
    # The merged item's submitter (luis) counts for the surviving education proposal.
    assert rows == {"medio-ambiente": (3, 2), "educacion": (1, 2), "salud": (0, 0), None: (1, 0)}
    web = {
        r.slug: (r.proposals, r.people)
        for r in proposals_by_theme(session=session, consultation_id=c.id, channel="web")
    }
    assert web["medio-ambiente"] == (3, 2) and web["educacion"] == (0, 0)

    rec = reconciliation(session=session, consultation_id=c.id)
    assert (rec.received, rec.not_proposals, rec.merged, rec.counted, rec.structured) == (
        7,
        1,
        1,
        5,
        1,
    )
    assert rec.by_channel == {"email": 1, "web": 3, "workshop": 1}

    answers = answer_summary(session=session, consultation_id=c.id, today=dt.date(2018, 9, 1))
    assert (
        answers.counted,
        answers.answered,
        answers.accepted,
        answers.rejected,
        answers.pending,
        answers.overdue,
    ) == (5, 2, 1, 1, 3, 1)
