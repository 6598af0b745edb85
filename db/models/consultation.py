"""The consultation: its themes and institutions, and the consultation store (proposals,
commitments, the Disqus threads and their mapping to themes)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pulso.db.models.base import Base, Channel, ProposalStatus, _enum
from pulso.db.types import utcnow

if TYPE_CHECKING:  # relationships name each other across modules
    from pulso.db.models.social import Campaign, Person


# --------------------------------------------------------------------------------------
# Consultation, themes, institutions
# --------------------------------------------------------------------------------------


class Consultation(Base):
    __tablename__ = "consultation"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    # Days and weeks are computed in this zone; the database stores UTC.
    timezone: Mapped[str] = mapped_column(String(64), default="America/El_Salvador")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Set while an admin has published the consultation's public results page (0111).
    published_at: Mapped[dt.datetime | None]

    themes: Mapped[list[Theme]] = relationship(
        back_populates="consultation", order_by="Theme.position"
    )
    campaigns: Mapped[list[Campaign]] = relationship(back_populates="consultation")


institution_theme = Table(
    "institution_theme",
    Base.metadata,
    Column("institution_id", ForeignKey("institution.id", ondelete="CASCADE"), primary_key=True),
    Column("theme_id", ForeignKey("theme.id", ondelete="CASCADE"), primary_key=True),
)


class Theme(Base):
    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("consultation_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(String(80))
    name_es: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    description_es: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    consultation: Mapped[Consultation] = relationship(back_populates="themes")
    institutions: Mapped[list[Institution]] = relationship(
        secondary=institution_theme, back_populates="themes"
    )

    def name(self, lang: str = "es") -> str:
        return (self.name_en if lang == "en" and self.name_en else None) or self.name_es


class Institution(Base):
    __tablename__ = "institution"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    acronym: Mapped[str | None] = mapped_column(String(40))
    # The institution's official contact (a public office address, not a citizen's).
    contact: Mapped[str | None] = mapped_column(String(300))

    themes: Mapped[list[Theme]] = relationship(
        secondary=institution_theme, back_populates="institutions"
    )


# --------------------------------------------------------------------------------------
# The consultation store
# --------------------------------------------------------------------------------------

proposal_submitter = Table(
    "proposal_submitter",
    Base.metadata,
    Column("proposal_id", ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("person.id", ondelete="CASCADE"), primary_key=True),
)


class Proposal(Base):
    __tablename__ = "proposal"
    __table_args__ = (
        # Where it came from, as one natural key: "comment:facebook:123", "file:x.csv:row:7",
        # "disqus:post:456". Re-importing the same source finds the same proposal.
        UniqueConstraint("consultation_id", "source_key"),
        CheckConstraint(
            "status <> 'rejected' OR (justification IS NOT NULL AND justification <> '')",
            name="rejection_justified",
        ),
        Index("ix_proposal_theme_status", "consultation_id", "theme_id", "status"),
        # Listings show the newest first.
        Index("ix_proposal_received", "received_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id", ondelete="CASCADE"))
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    channel: Mapped[Channel] = mapped_column(_enum(Channel))
    source_key: Mapped[str] = mapped_column(String(300))
    source_comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="SET NULL")
    )
    source_file: Mapped[str | None] = mapped_column(String(300))
    source_row: Mapped[int | None] = mapped_column(Integer)
    organisation: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[dt.datetime]
    in_template: Mapped[bool] = mapped_column(default=False)
    status: Mapped[ProposalStatus] = mapped_column(
        _enum(ProposalStatus), default=ProposalStatus.RECEIVED
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL")
    )
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institution.id", ondelete="SET NULL"), index=True
    )
    routed_at: Mapped[dt.datetime | None]
    answer_due_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_at: Mapped[dt.datetime | None]
    justification: Mapped[str | None] = mapped_column(Text)
    model_version: Mapped[str | None] = mapped_column(String(100))
    # Fields of the official template, when the proposal came in it (free-form JSON).
    template_fields: Mapped[dict[str, Any] | None]

    theme: Mapped[Theme | None] = relationship()
    institution: Mapped[Institution | None] = relationship()
    submitters: Mapped[list[Person]] = relationship(secondary=proposal_submitter)
    commitment: Mapped[Commitment | None] = relationship(back_populates="proposal", uselist=False)


class Commitment(Base):
    """The SMART commitment an accepted proposal became. Every field is required."""

    __tablename__ = "commitment"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposal.id", ondelete="CASCADE"), unique=True
    )
    action: Mapped[str] = mapped_column(Text)  # specific
    indicator: Mapped[str] = mapped_column(Text)  # measurable
    baseline: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)  # achievable / relevant
    responsible: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[dt.date] = mapped_column(Date)  # time-bound
    ends_on: Mapped[dt.date] = mapped_column(Date)
    milestones: Mapped[str] = mapped_column(Text)

    proposal: Mapped[Proposal] = relationship(back_populates="commitment")
    progress: Mapped[list[CommitmentProgress]] = relationship(
        back_populates="commitment", order_by="CommitmentProgress.recorded_on"
    )


class CommitmentProgress(Base):
    """A dated progress update on a commitment, recorded by its institution: a percentage
    and a note. Appended, never edited (each is also an audit event)."""

    __tablename__ = "commitment_progress"
    __table_args__ = (CheckConstraint("percent >= 0 AND percent <= 100", name="percent"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), index=True
    )
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    percent: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    commitment: Mapped[Commitment] = relationship(back_populates="progress")


class DisqusThread(Base):
    """A Disqus thread (one page of the consultation site), as the API or an export gave it.

    Comments of the thread carry its id in ``Comment.thread_key``; ``ThreadMapping`` says
    which consultation theme a thread belongs to.
    """

    __tablename__ = "disqus_thread"

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(100), unique=True)
    forum: Mapped[str | None] = mapped_column(String(100))
    link: Mapped[str | None] = mapped_column(String(1000))
    title: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[dt.datetime | None]
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ThreadMapping(Base):
    """A consultation's rule: the Disqus thread with this link (or title) is about a theme.

    ``value`` is stored normalised (see ``db.store_disqus.normalise_link`` / ``_title``).
    """

    __tablename__ = "thread_mapping"
    __table_args__ = (
        UniqueConstraint("consultation_id", "kind", "value"),
        CheckConstraint("kind IN ('link', 'title')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    value: Mapped[str] = mapped_column(String(1000))
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"))

    theme: Mapped[Theme] = relationship()
