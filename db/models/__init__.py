"""Typed SQLAlchemy 2 models: the one store every part of Pulso reads and writes.

Conventions:
- every table has a surrogate integer key and a unique natural key (what upserts match on);
- datetimes are timezone-aware UTC (``UTCDateTime``); dates without time are ``Date``;
- metric observations are append-only: the latest value is a query, never an update;
- citizens appear only as keyed hashes (``author_key``, ``Person.key``); no e-mail or IP
  address column exists anywhere.
"""

from pulso.db.models.base import (
    NAMING_CONVENTION,
    Base,
    Channel,
    Platform,
    PostKind,
    ProposalStatus,
    ReviewStatus,
    Role,
    RunStatus,
    Scope,
)
from pulso.db.models.consultation import (
    Commitment,
    CommitmentProgress,
    Consultation,
    DisqusThread,
    Institution,
    Proposal,
    Theme,
    ThreadMapping,
    institution_theme,
    proposal_submitter,
)
from pulso.db.models.operations import (
    AuditEvent,
    CollectionRun,
    JobLock,
    ModelVersion,
    Suggestion,
    SyncState,
    TextEmbedding,
    User,
)
from pulso.db.models.social import (
    Account,
    AudienceRow,
    Campaign,
    Comment,
    MetricLatest,
    MetricObservation,
    Person,
    PersonIdentity,
    Post,
    PostThumbnail,
    Promotion,
)

__all__ = [
    "Account",
    "AudienceRow",
    "AuditEvent",
    "Base",
    "Campaign",
    "Channel",
    "CollectionRun",
    "Comment",
    "Commitment",
    "CommitmentProgress",
    "Consultation",
    "DisqusThread",
    "Institution",
    "JobLock",
    "MetricLatest",
    "MetricObservation",
    "ModelVersion",
    "NAMING_CONVENTION",
    "Person",
    "PersonIdentity",
    "Platform",
    "Post",
    "PostKind",
    "PostThumbnail",
    "Promotion",
    "Proposal",
    "ProposalStatus",
    "ReviewStatus",
    "Role",
    "RunStatus",
    "Scope",
    "Suggestion",
    "SyncState",
    "TextEmbedding",
    "Theme",
    "ThreadMapping",
    "User",
    "institution_theme",
    "proposal_submitter",
]
