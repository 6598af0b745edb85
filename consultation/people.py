"""People across channels: linking the identities of one person, and what we know of them.

A ``Person`` starts as one channel identity (a keyed hash: Disqus user, social account,
e-mail address or name as given). When the team knows that two of them are the same person
(the organisation that emailed is the one that posted on the site), ``link_people`` folds
one into the other: its identities and its proposals move over, so every count of distinct
people counts that person once. Functions take the session as a keyword, never commit.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from pulso.consultation.intake import record_audit
from pulso.db.models import Person, PersonIdentity, Proposal, proposal_submitter
from pulso.errors import ConfigError, InputError, NotFound, WorkflowError
from pulso.privacy import author_key


def find_person(*, session: Session, secret: str, channel: str, identity: str) -> Person:
    """The person behind a raw identity, without creating one (the identity is not stored)."""
    key = author_key(secret, channel, identity)
    person = session.scalar(
        select(Person)
        .join(PersonIdentity)
        .where(PersonIdentity.channel == channel, PersonIdentity.identity_key == key)
    )
    if person is None:
        raise NotFound.of("err.nobody_with_identity", channel=channel)
    return person


def get_person(*, session: Session, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound.of("err.no_person", id=person_id)
    return person


def link_people(
    *, session: Session, person_ids: Sequence[int], actor: str, reason: str | None = None
) -> Person:
    """Make the given people one: the first keeps its id, the others are folded into it.

    Their identities and proposal links move to the first; the emptied rows are deleted.
    Each fold is audited (entity ``person``, from the folded id to the kept one).
    """
    ids = list(dict.fromkeys(person_ids))
    if len(ids) < 2:
        raise WorkflowError.of("err.link_two_people")
    keep = get_person(session=session, person_id=ids[0])
    for other_id in ids[1:]:
        other = get_person(session=session, person_id=other_id)
        session.execute(
            update(PersonIdentity)
            .where(PersonIdentity.person_id == other.id)
            .values(person_id=keep.id)
            .execution_options(synchronize_session=False)
        )
        already = select(proposal_submitter.c.proposal_id).where(
            proposal_submitter.c.person_id == keep.id
        )
        # A proposal sent by both: drop the duplicate link before moving the rest.
        session.execute(
            delete(proposal_submitter).where(
                proposal_submitter.c.person_id == other.id,
                proposal_submitter.c.proposal_id.in_(already),
            )
        )
        session.execute(
            update(proposal_submitter)
            .where(proposal_submitter.c.person_id == other.id)
            .values(person_id=keep.id)
        )
        if other.organisation and not keep.organisation:
            keep.organisation = other.organisation
        record_audit(
            session=session,
            actor=actor,
            entity="person",
            entity_id=keep.id,
            action="link",
            from_value=other.id,
            to_value=keep.id,
            reason=reason,
        )
        session.delete(other)
        session.flush()
    session.expire(keep)
    return keep


def person_summary(*, session: Session, person_id: int) -> dict:
    """Channels a person was seen on and how many proposals they sent (no identities)."""
    person = get_person(session=session, person_id=person_id)
    channels = sorted(
        session.scalars(
            select(PersonIdentity.channel).where(PersonIdentity.person_id == person.id)
        ).all()
    )
    proposals = session.scalar(
        select(func.count())
        .select_from(proposal_submitter)
        .join(Proposal, Proposal.id == proposal_submitter.c.proposal_id)
        .where(proposal_submitter.c.person_id == person.id)
    )
    return {
        "id": person.id,
        "organisation": person.organisation,
        "channels": channels,
        "proposals": proposals or 0,
    }


def link_people_and_identities(
    *,
    session: Session,
    person_ids: Sequence[int],
    identities: Sequence[str],
    secret: str | None,
    actor: str,
    reason: str | None = None,
) -> Person:
    """``link_people`` of the given ids and of the people behind ``CHANNEL:IDENTITY``s."""
    ids = list(person_ids)
    for item in identities:
        channel, sep, value = item.partition(":")
        if not sep or not value:
            raise InputError.of("err.people.identity", item=item)
        if not secret:
            raise ConfigError.of("err.config.link_needs_key")
        ids.append(find_person(session=session, secret=secret, channel=channel, identity=value).id)
    return link_people(session=session, person_ids=ids, actor=actor, reason=reason)
