"""The declarative base, its naming convention and the enumerations every table uses."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import (
    JSON,
    Enum,
    MetaData,
)
from sqlalchemy.orm import DeclarativeBase

from pulso.db.types import UTCDateTime

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
