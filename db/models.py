"""Typed SQLAlchemy 2 models: the one store every part of Pulso reads and writes.

Conventions:
- every table has a surrogate integer key and a unique natural key (what upserts match on);
- datetimes are timezone-aware UTC (``UTCDateTime``); dates without time are ``Date``;
- metric observations are append-only: the latest value is a query, never an update;
- citizens appear only as keyed hashes (``author_key``, ``Person.key``); no e-mail or IP
  address column exists anywhere.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pulso.db.types import BigIntPK, UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON()}


def _enum(cls: type[enum.Enum]) -> Enum:
    # Store the values (lower-case words), not the Python names, and as VARCHAR + CHECK so
    # adding a member is a plain migration on both dialects.
    return Enum(
        cls,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        create_constraint=True,
        length=32,
        name=cls.__name__.lower(),
    )


# --------------------------------------------------------------------------------------
# Enumerations
# --------------------------------------------------------------------------------------


class Platform(enum.StrEnum):
    FACEBOOK = "facebook"
    X = "x"
    DISQUS = "disqus"
    INSTAGRAM = "instagram"
    WEB = "web"
    OTHER = "other"


class PostKind(enum.StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    TEXT = "text"
    LINK = "link"
    REEL = "reel"
    OTHER = "other"


class Scope(enum.StrEnum):
    ORGANIC = "organic"
    PAID = "paid"
    TOTAL = "total"


class Channel(enum.StrEnum):
    WEB = "web"
    FACEBOOK = "facebook"
    X = "x"
    EMAIL = "email"
    IN_PERSON = "in_person"
    WORKSHOP = "workshop"
    OTHER = "other"


class ProposalStatus(enum.StrEnum):
    RECEIVED = "received"
    IN_REVIEW = "in_review"
    SENT_TO_INSTITUTION = "sent_to_institution"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    MERGED = "merged"
    NOT_A_PROPOSAL = "not_a_proposal"


class ReviewStatus(enum.StrEnum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    ABUSIVE = "abusive"


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    STOPPED = "stopped"  # stopped cleanly (budget cap, rate limit deferred): resumable


class Role(enum.StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"
    REVIEWER = "reviewer"
    INSTITUTION = "institution"


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
# Accounts, campaigns, posts and their metrics
# --------------------------------------------------------------------------------------


class Account(Base):
    __tablename__ = "account"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    external_id: Mapped[str] = mapped_column(String(100))
    handle: Mapped[str | None] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(300))
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="SET NULL"), index=True
    )


class Campaign(Base):
    __tablename__ = "campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    consultation_id: Mapped[int | None] = mapped_column(
        ForeignKey("consultation.id", ondelete="SET NULL"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    # Planned cadence, e.g. 3 posts a day on X.
    planned_posts_per_day: Mapped[float | None] = mapped_column(Float)
    planned_platform: Mapped[Platform | None] = mapped_column(_enum(Platform))
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    budget_currency: Mapped[str | None] = mapped_column(String(3))

    consultation: Mapped[Consultation | None] = relationship(back_populates="campaigns")


class Post(Base):
    __tablename__ = "post"
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        Index("ix_post_published", "published_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    external_id: Mapped[str] = mapped_column(String(100))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), index=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("campaign.id", ondelete="SET NULL"), index=True
    )
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("theme.id", ondelete="SET NULL"))
    kind: Mapped[PostKind] = mapped_column(_enum(PostKind), default=PostKind.OTHER)
    permalink: Mapped[str | None] = mapped_column(String(500))
    published_at: Mapped[dt.datetime]
    text: Mapped[str | None] = mapped_column(Text)
    # A human label the team uses, e.g. "arte 3".
    label: Mapped[str | None] = mapped_column(String(200))
    is_boosted: Mapped[bool] = mapped_column(default=False)
    is_deleted: Mapped[bool] = mapped_column(default=False)
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    account: Mapped[Account | None] = relationship()
    campaign: Mapped[Campaign | None] = relationship()


class MetricObservation(Base):
    """One value of one metric of one post, as observed at one time. Append-only.

    ``is_unique`` marks counts of distinct people (reach): they must never be summed across
    posts or days. ``source`` says where the value came from: an API version
    ("graph:v25.0", "x:v2") or an import file ("file:export.csv").
    """

    __tablename__ = "metric_observation"
    __table_args__ = (
        UniqueConstraint("post_id", "metric", "scope", "observed_at", "source"),
        Index("ix_observation_latest", "post_id", "metric", "scope", "observed_at"),
        # The API lists observations oldest first, a page at a time.
        Index("ix_observation_time", "observed_at", "id"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    observed_at: Mapped[dt.datetime]
    metric: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    scope: Mapped[Scope] = mapped_column(_enum(Scope), default=Scope.TOTAL)
    is_unique: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(200))


class MetricLatest(Base):
    """The newest value of each (post, metric, scope): a summary of ``metric_observation``.

    Maintained by the only writer of observations (``db.writer.record_observations``) in the
    same transaction, so reading the current figures of 100,000 posts reads one row per
    post and metric instead of aggregating every observation. When two sources observed
    the same instant, the larger value is kept (as the readers of the history do).
    ``db.writer.rebuild_latest`` recomputes it from the observations.
    """

    __tablename__ = "metric_latest"
    __table_args__ = (
        # Covering: one metric's values for every post, without reading the table.
        Index("ix_metric_latest_series", "metric", "scope", "post_id", "value"),
    )

    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), primary_key=True
    )
    metric: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope: Mapped[Scope] = mapped_column(_enum(Scope), primary_key=True)
    observed_at: Mapped[dt.datetime]
    value: Mapped[float] = mapped_column(Float)


class Promotion(Base):
    """Money put behind a post (a boost or an ad) and what it bought."""

    __tablename__ = "promotion"
    __table_args__ = (UniqueConstraint("post_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(100))  # ad id, or "manual"
    spend: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    starts_at: Mapped[dt.datetime | None]
    ends_at: Mapped[dt.datetime | None]
    targeting: Mapped[str | None] = mapped_column(Text)  # human summary, e.g. "18-65+, SV"
    objective: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    post: Mapped[Post] = relationship()
    audience: Mapped[list[AudienceRow]] = relationship(back_populates="promotion")


class AudienceRow(Base):
    """Reach (or another metric) of a promotion in one demographic bucket."""

    __tablename__ = "audience_row"
    __table_args__ = (UniqueConstraint("promotion_id", "metric", "dimension", "bucket"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    promotion_id: Mapped[int] = mapped_column(ForeignKey("promotion.id", ondelete="CASCADE"))
    metric: Mapped[str] = mapped_column(String(64), default="reach")
    dimension: Mapped[str] = mapped_column(String(32))  # gender, age, age_gender
    bucket: Mapped[str] = mapped_column(String(64))  # "female", "18-24", "18-24|female"
    value: Mapped[float | None] = mapped_column(Float)
    share: Mapped[float | None] = mapped_column(Float)  # 0..1 of the promotion's total

    promotion: Mapped[Promotion] = relationship(back_populates="audience")


# --------------------------------------------------------------------------------------
# Comments and people
# --------------------------------------------------------------------------------------


class Comment(Base):
    __tablename__ = "comment"
    __table_args__ = (
        UniqueConstraint("platform", "external_id"),
        Index("ix_comment_review", "review_status", "created_at"),
        # The API and a post's page list comments oldest first, a page at a time.
        Index("ix_comment_created", "created_at", "id"),
        # Replies whose parent is not stored yet: a partial index keeps linking them
        # proportional to their number, not to the table's size.
        Index(
            "ix_comment_orphans",
            "platform",
            "parent_external_id",
            sqlite_where=text("parent_id IS NULL AND parent_external_id IS NOT NULL"),
            postgresql_where=text("parent_id IS NULL AND parent_external_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    platform: Mapped[Platform] = mapped_column(_enum(Platform))
    external_id: Mapped[str] = mapped_column(String(100))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), index=True
    )
    # Disqus comments hang off a thread (a theme), not a post.
    thread_key: Mapped[str | None] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="SET NULL"))
    parent_external_id: Mapped[str | None] = mapped_column(String(100))
    # No index: nothing looks comments up by author but the one-off search for the team's
    # own (``db.writer``), and an index of random 64-character keys cost about 40% of
    # every comment write (migration 0109).
    author_key: Mapped[str | None] = mapped_column(String(64))
    # Kept only for ``author_name_retention_days``; ``author_name_expires_at`` says until when.
    author_name: Mapped[str | None] = mapped_column(String(200))
    author_name_expires_at: Mapped[dt.datetime | None]
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime]
    like_count: Mapped[int] = mapped_column(default=0)
    reply_count: Mapped[int] = mapped_column(default=0)
    is_hidden: Mapped[bool] = mapped_column(default=False)
    is_deleted: Mapped[bool] = mapped_column(default=False)
    language: Mapped[str | None] = mapped_column(String(8))
    permalink: Mapped[str | None] = mapped_column(String(500))
    first_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    review_status: Mapped[ReviewStatus] = mapped_column(
        _enum(ReviewStatus), default=ReviewStatus.PENDING
    )
    reviewed_by: Mapped[str | None] = mapped_column(String(100))
    reviewed_at: Mapped[dt.datetime | None]
    # The review queue's order: the comment's newest suggestion (newest ``created_at``, then
    # highest id) and its proposal score; -1 while it has none (after every scored comment).
    # Kept by the database itself (triggers on ``suggestion``, migration 0107), whoever
    # writes suggestions. Read along ``ix_comment_queue``, a page of the queue is one range.
    latest_suggestion_id: Mapped[int | None] = mapped_column(BigIntPK)
    queue_score: Mapped[float] = mapped_column(Float, default=-1.0, server_default="-1")

    post: Mapped[Post | None] = relationship()


Index(
    "ix_comment_queue",
    Comment.review_status,
    Comment.queue_score.desc(),
    Comment.created_at,
    Comment.id,
)


class Person(Base):
    """A participant, known only by a pseudonymous key.

    ``key`` is the keyed hash of the first identity seen; further identities of the same
    person (another channel) are linked through ``PersonIdentity``.
    """

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    organisation: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    identities: Mapped[list[PersonIdentity]] = relationship(back_populates="person")


class PersonIdentity(Base):
    __tablename__ = "person_identity"
    __table_args__ = (UniqueConstraint("channel", "identity_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(32))
    identity_key: Mapped[str] = mapped_column(String(64))

    person: Mapped[Person] = relationship(back_populates="identities")


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


# --------------------------------------------------------------------------------------
# Extraction: model suggestions on comments
# --------------------------------------------------------------------------------------


class ModelVersion(Base):
    """A trained extraction model. Versions are never deleted; one is active."""

    __tablename__ = "model_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    is_active: Mapped[bool] = mapped_column(default=False)
    training_rows: Mapped[int] = mapped_column(default=0)
    metrics: Mapped[dict[str, Any] | None]
    # The serialised model (portable JSON of weights), so every version can be restored.
    artifact: Mapped[dict[str, Any] | None]


class Suggestion(Base):
    __tablename__ = "suggestion"
    __table_args__ = (
        UniqueConstraint("comment_id", "model_version"),
        Index("ix_suggestion_score", "model_version", "proposal_score"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"))
    model_version: Mapped[str] = mapped_column(String(100))
    proposal_score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict[str, Any] | None]
    themes: Mapped[dict[str, Any] | None]  # {"themes": [{"slug":..., "score":...}, ...]}
    abuse_score: Mapped[float] = mapped_column(Float, default=0.0)
    sentiment: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# --------------------------------------------------------------------------------------
# Collection state, runs, audit, users
# --------------------------------------------------------------------------------------


class SyncState(Base):
    """A bookmark per (platform, account, stream, partition), e.g. comments of one post.

    Written in the same transaction as the rows it covers, so a crash never loses or
    duplicates a page.
    """

    __tablename__ = "sync_state"
    __table_args__ = (UniqueConstraint("platform", "account", "stream", "partition"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    account: Mapped[str] = mapped_column(String(100))
    stream: Mapped[str] = mapped_column(String(64))
    partition: Mapped[str] = mapped_column(String(200), default="")
    cursor: Mapped[dict[str, Any] | None]
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CollectionRun(Base):
    __tablename__ = "collection_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(32), index=True)
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]
    status: Mapped[RunStatus] = mapped_column(_enum(RunStatus), default=RunStatus.RUNNING)
    requests: Mapped[int] = mapped_column(default=0)
    retries: Mapped[int] = mapped_column(default=0)
    rows_written: Mapped[int] = mapped_column(default=0)
    errors: Mapped[int] = mapped_column(default=0)
    message: Mapped[str | None] = mapped_column(Text)
    # Platform-specific figures: post reads and estimated cost on X, metrics dropped, ...
    details: Mapped[dict[str, Any] | None]


class AuditEvent(Base):
    """Who changed what, when, from what to what, why, and which model suggested it."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    entity: Mapped[str] = mapped_column(String(32))  # "proposal", "comment", ...
    entity_id: Mapped[int] = mapped_column(BigIntPK)
    action: Mapped[str] = mapped_column(String(64))  # "status", "theme", "merge", ...
    from_value: Mapped[str | None] = mapped_column(Text)
    to_value: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    # For the reasons Pulso writes itself (``db.store.Reason``): the message's key in the
    # catalogue (``pulso.i18n``) and its values, so that pages say it in their language;
    # ``reason`` keeps the English text. None for a reason a person typed.
    reason_key: Mapped[str | None] = mapped_column(String(64))
    reason_values: Mapped[dict[str, Any] | None]
    model_version: Mapped[str | None] = mapped_column(String(100))


class User(Base):
    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[Role] = mapped_column(_enum(Role))
    institution_id: Mapped[int | None] = mapped_column(
        ForeignKey("institution.id", ondelete="SET NULL")
    )
    # Only a hash of the API token is stored.
    api_token_hash: Mapped[str | None] = mapped_column(String(128), unique=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    institution: Mapped[Institution | None] = relationship()


class JobLock(Base):
    """A named lock row so scheduled jobs never overlap, across processes and dialects."""

    __tablename__ = "job_lock"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
