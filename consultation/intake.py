"""The consultation store: intake of proposals from every channel, people, and the audit trail.

Every intake (Disqus, files, reviewed comments) goes through ``add_proposals``: it is
idempotent on ``(consultation, source_key)`` and records who created what. People are
pseudonymous: a ``Person`` is found or created from the keyed hash of a channel identity.

Functions take the session as a keyword argument and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pulso.db.keys import id_map, insert_missing
from pulso.db.models import (
    AuditEvent,
    Channel,
    Person,
    PersonIdentity,
    Proposal,
    ProposalStatus,
    proposal_submitter,
)
from pulso.db.types import utcnow
from pulso.privacy import author_key, scrub_contact_data, scrub_optional

# --------------------------------------------------------------------------------------
# Audit
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """A reason Pulso writes itself: the English ``text`` stored in ``audit_event.reason``,
    and the catalogue's ``key`` (``audit_reason_*`` in ``pulso.i18n``) with its ``values``,
    stored beside it, so a page says it in its own language however the text is worded."""

    key: str
    text: str
    values: dict[str, str] = field(default_factory=dict)


def record_audit(
    *,
    session: Session,
    actor: str,
    entity: str,
    entity_id: int,
    action: str,
    from_value: Any = None,
    to_value: Any = None,
    reason: str | Reason | None = None,
    model_version: str | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Append one audit event: who changed what (entity, id, action), from/to, why, when.
    ``reason``: as a person typed it, or a ``Reason`` Pulso wrote."""
    key = values = None
    if isinstance(reason, Reason):
        key, values, reason = reason.key, reason.values or None, reason.text
    session.add(
        AuditEvent(
            at=at or utcnow(),
            actor=actor,
            entity=entity,
            entity_id=entity_id,
            action=action,
            from_value=None if from_value is None else str(from_value),
            to_value=None if to_value is None else str(to_value),
            reason=reason,
            reason_key=key,
            reason_values=values,
            model_version=model_version,
        )
    )


def audit_trail(*, session: Session, entity: str, entity_id: int) -> Sequence[AuditEvent]:
    return session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()


# --------------------------------------------------------------------------------------
# People
# --------------------------------------------------------------------------------------


def person_for_key(
    *, session: Session, channel: str, identity_key: str, organisation: str | None = None
) -> Person:
    """The person behind an already-hashed channel identity (e.g. a comment's author_key)."""
    person = session.scalar(
        select(Person)
        .join(PersonIdentity)
        .where(PersonIdentity.channel == channel, PersonIdentity.identity_key == identity_key)
    )
    if person is None:
        insert_missing(
            Person,
            [{"key": identity_key, "organisation": organisation, "created_at": utcnow()}],
            session=session,
            key=("key",),
        )
        person = session.scalar(select(Person).where(Person.key == identity_key))
        insert_missing(
            PersonIdentity,
            [{"person_id": person.id, "channel": channel, "identity_key": identity_key}],
            session=session,
            key=("channel", "identity_key"),
        )
    if organisation and not person.organisation:
        person.organisation = scrub_contact_data(organisation)
    return person


def person_for_identity(
    *,
    session: Session,
    secret: str,
    channel: str,
    identity: str,
    organisation: str | None = None,
) -> Person:
    """The person behind a raw identity (Disqus username, e-mail, name as given).

    The raw identity is hashed here and never stored.
    """
    return person_for_key(
        session=session,
        channel=channel,
        identity_key=author_key(secret, channel, identity),
        organisation=organisation,
    )


# --------------------------------------------------------------------------------------
# Intake
# --------------------------------------------------------------------------------------


@dataclass
class ProposalIn:
    """A proposal as received, before it is stored."""

    consultation_id: int
    channel: Channel | str
    source_key: str  # e.g. "disqus:post:123", "file:propuestas.csv:row:7", "comment:facebook:9"
    text: str
    received_at: dt.datetime
    theme_id: int | None = None
    title: str | None = None
    summary: str | None = None
    organisation: str | None = None
    in_template: bool = False
    template_fields: dict[str, Any] | None = None
    source_comment_id: int | None = None
    source_file: str | None = None
    source_row: int | None = None
    status: ProposalStatus | str = ProposalStatus.RECEIVED
    model_version: str | None = None
    submitter_ids: Sequence[int] = field(default_factory=tuple)


@dataclass
class IntakeResult:
    received: int = 0
    created: int = 0
    already_present: int = 0
    created_ids: list[int] = field(default_factory=list)


def _scrub_fields(fields: dict[str, Any] | None) -> dict[str, Any] | None:
    """A template's answers with contact data scrubbed from each text."""
    if not fields:
        return fields
    return {
        name: scrub_contact_data(value) if isinstance(value, str) else value
        for name, value in fields.items()
    }


def add_proposals(
    items: Iterable[ProposalIn],
    *,
    session: Session,
    actor: str,
    reason: str | Reason | None = None,
) -> IntakeResult:
    """Store proposals; those whose ``source_key`` is already stored are left untouched.

    Every text a proposal carries (text, title, summary, organisation, the template's
    answers) is stored without the contact data written in it (``scrub_contact_data``),
    whichever channel it came from and whoever typed it.

    New proposals get an audit event ``created`` (with the model version when a model
    suggested them). Submitters are linked once each.
    """
    items = list({(i.consultation_id, i.source_key): i for i in items}.values())
    result = IntakeResult(received=len(items))
    if not items:
        return result
    keys = [(i.consultation_id, i.source_key) for i in items]
    existing = id_map(Proposal, keys, session=session, key=("consultation_id", "source_key"))
    new = [i for i in items if (i.consultation_id, i.source_key) not in existing]
    result.already_present = len(items) - len(new)
    if new:
        insert_missing(
            Proposal,
            [
                {
                    "consultation_id": i.consultation_id,
                    "theme_id": i.theme_id,
                    "channel": Channel(i.channel),
                    "source_key": i.source_key,
                    "source_comment_id": i.source_comment_id,
                    "source_file": i.source_file,
                    "source_row": i.source_row,
                    "organisation": scrub_optional(i.organisation),
                    "title": scrub_optional(i.title),
                    "text": scrub_contact_data(i.text),
                    "summary": scrub_optional(i.summary),
                    "received_at": i.received_at,
                    "in_template": i.in_template,
                    "status": ProposalStatus(i.status),
                    "model_version": i.model_version,
                    "template_fields": _scrub_fields(i.template_fields),
                }
                for i in new
            ],
            session=session,
            key=("consultation_id", "source_key"),
        )
        created = id_map(
            Proposal,
            [(i.consultation_id, i.source_key) for i in new],
            session=session,
            key=("consultation_id", "source_key"),
        )
        links = []
        for item in new:
            proposal_id = created[(item.consultation_id, item.source_key)]
            result.created_ids.append(proposal_id)
            links.extend(
                {"proposal_id": proposal_id, "person_id": person_id}
                for person_id in dict.fromkeys(item.submitter_ids)
            )
            record_audit(
                session=session,
                actor=actor,
                entity="proposal",
                entity_id=proposal_id,
                action="created",
                to_value=ProposalStatus(item.status).value,
                reason=reason
                or Reason(
                    "audit_reason_intake",
                    f"intake from {item.source_key}",
                    {"source": item.source_key},
                ),
                model_version=item.model_version,
                # Dated when the consultation received it, so a proposal's history reads in
                # the order things happened (an import years later is not an event of it).
                at=item.received_at,
            )
        if links:
            session.execute(insert(proposal_submitter), links)
        result.created = len(new)
    session.flush()
    return result
