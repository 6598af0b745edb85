"""Extraction (model versions and their suggestions), collection state and runs, the
audit trail, users and job locks."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pulso.db.models.base import Base, Role, RunStatus, _enum
from pulso.db.types import BigIntPK, utcnow

if TYPE_CHECKING:  # relationships name each other across modules
    from pulso.db.models.consultation import Institution


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


class TextEmbedding(Base):
    """A sentence vector of a text (a comment, a seed row, a theme's description), by the
    text's digest and the encoder that made it: encoded once, read by every re-training and
    re-scoring (``pulso.db.embeddings``)."""

    __tablename__ = "text_embedding"

    digest: Mapped[str] = mapped_column(String(40), primary_key=True)
    encoder: Mapped[str] = mapped_column(String(40), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


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
