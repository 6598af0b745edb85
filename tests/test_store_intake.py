from __future__ import annotations

from sqlalchemy import func, select

from pulso.consultation.intake import ProposalIn, add_proposals, audit_trail, person_for_identity
from pulso.db.models import AuditEvent, Person, Proposal
from tests.factories import make_consultation, make_theme, when


def test_intake_is_idempotent_and_audited(session):
    consultation = make_consultation(session=session)
    theme = make_theme(session=session, consultation=consultation, slug="salud")
    ana = person_for_identity(session=session, secret="k", channel="disqus", identity="ana_sv")
    again = person_for_identity(session=session, secret="k", channel="disqus", identity="ANA_SV ")
    assert ana.id == again.id and "ana" not in ana.key

    def batch():
        return [
            ProposalIn(
                consultation.id,
                "web",
                f"disqus:post:{n}",
                f"Propuesta {n}",
                when(20),
                theme_id=theme.id,
                submitter_ids=[ana.id],
            )
            for n in range(3)
        ]

    first = add_proposals(batch(), session=session, actor="import")
    second = add_proposals(batch(), session=session, actor="import")
    assert (first.created, second.created, second.already_present) == (3, 0, 3)
    assert session.scalar(select(func.count()).select_from(Proposal)) == 3
    assert session.scalar(select(func.count()).select_from(Person)) == 1
    proposal = session.scalar(select(Proposal).limit(1))
    assert [p.id for p in proposal.submitters] == [ana.id]
    trail = audit_trail(session=session, entity="proposal", entity_id=proposal.id)
    assert [(e.actor, e.action, e.to_value) for e in trail] == [("import", "created", "received")]
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == 3
