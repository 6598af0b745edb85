"""Resolving what a report is about: a consultation, a campaign, or everything."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from pulso.db.models import Campaign, Consultation
from pulso.errors import NotFound


@dataclass(frozen=True)
class ReportScope:
    consultation: Consultation | None
    campaign: Campaign | None
    tz: str

    @property
    def consultation_id(self) -> int | None:
        return self.consultation.id if self.consultation else None

    @property
    def campaign_id(self) -> int | None:
        return self.campaign.id if self.campaign else None


def resolve_scope(
    *,
    session: Session,
    consultation: str | None = None,
    campaign: str | None = None,
    default_tz: str = "America/El_Salvador",
) -> ReportScope:
    """Find the named consultation and campaign; a campaign implies its consultation.

    With neither named and exactly one consultation stored, that one is used.
    """
    found_campaign = None
    found_consultation = None
    if campaign is not None:
        found_campaign = session.scalar(select(Campaign).where(Campaign.slug == campaign))
        if found_campaign is None:
            raise NotFound.of("err.no_campaign", slug=campaign)
    if consultation is not None:
        found_consultation = session.scalar(
            select(Consultation).where(Consultation.slug == consultation)
        )
        if found_consultation is None:
            raise NotFound.of("err.no_consultation", slug=consultation)
    elif found_campaign is not None and found_campaign.consultation_id is not None:
        found_consultation = session.get(Consultation, found_campaign.consultation_id)
    elif found_campaign is None:
        all_consultations = session.scalars(select(Consultation).limit(2)).all()
        if len(all_consultations) == 1:
            found_consultation = all_consultations[0]
    if (
        found_campaign is not None
        and found_consultation is not None
        and found_campaign.consultation_id not in (None, found_consultation.id)
    ):
        raise NotFound.of(
            "err.campaign_elsewhere",
            campaign=found_campaign.slug,
            consultation=found_consultation.slug,
        )
    tz = found_consultation.timezone if found_consultation else default_tz
    return ReportScope(found_consultation, found_campaign, tz)
