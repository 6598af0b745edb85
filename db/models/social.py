"""Accounts, campaigns, posts and their metrics; comments and the people behind them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import (
    Date,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pulso.db.models.base import Base, Platform, PostKind, ReviewStatus, Scope, _enum
from pulso.db.types import BigIntPK, utcnow

if TYPE_CHECKING:  # relationships name each other across modules
    from pulso.db.models.consultation import Consultation


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
    # The address of the post's picture as the platform last gave it (Facebook's
    # ``full_picture``, an X photo's ``url`` or a video's ``preview_image_url``). A CDN
    # address that expires: never shown to readers; ``post_thumbnail`` holds the picture.
    image_url: Mapped[str | None] = mapped_column(Text)

    account: Mapped[Account | None] = relationship()
    campaign: Mapped[Campaign | None] = relationship()


class PostThumbnail(Base):
    """A post's picture, downscaled (a JPEG at most 320 px a side), stored so the dashboard
    serves it from its own origin: the platforms' addresses expire, and loading them would
    tell Meta or X who reads the dashboard. Written by the collectors' writer only."""

    __tablename__ = "post_thumbnail"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("post.id", ondelete="CASCADE"), primary_key=True
    )
    # The address it was downloaded from (``post.image_url`` may be newer: the same picture
    # signed anew is not downloaded again).
    source_url: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(50))
    width: Mapped[int]
    height: Mapped[int]
    data: Mapped[bytes] = mapped_column(LargeBinary)
    fetched_at: Mapped[dt.datetime]


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
