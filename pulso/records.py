"""Plain records: what collectors and importers yield and ``db.writer`` stores.

Collectors never touch SQL; they yield ``Page`` objects, each a list of records plus the
bookmarks that become true once those records are stored. The writer stores a page and its
bookmarks in one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class AccountRecord:
    platform: str
    external_id: str
    handle: str | None = None
    name: str | None = None


@dataclass(frozen=True, slots=True)
class PostRecord:
    platform: str
    external_id: str
    published_at: dt.datetime
    account_external_id: str | None = None
    kind: str = "other"
    permalink: str | None = None
    text: str | None = None
    label: str | None = None
    is_boosted: bool = False
    is_deleted: bool = False


@dataclass(frozen=True, slots=True)
class PostImageRecord:
    """A post's picture as its platform gave it in this collection: its address
    (``image_url``, stored on the post: the newest collection wins, since CDN addresses
    expire) and, when the collector downloaded it this time, its downscaled ``thumbnail``
    (``content_type``, ``width``, ``height``, ``fetched_at``), stored in ``post_thumbnail``.

    Collectors yield it after the post's ``PostRecord``; import files carry no picture.
    """

    platform: str
    post_external_id: str
    image_url: str
    thumbnail: bytes | None = None
    content_type: str | None = None
    width: int | None = None
    height: int | None = None
    fetched_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class ObservationRecord:
    platform: str
    post_external_id: str
    metric: str
    value: float
    observed_at: dt.datetime
    source: str
    scope: str = "total"
    is_unique: bool | None = None  # None: decided by the metric registry


@dataclass(frozen=True, slots=True)
class CommentRecord:
    platform: str
    external_id: str
    created_at: dt.datetime
    text: str = ""
    post_external_id: str | None = None
    parent_external_id: str | None = None
    thread_key: str | None = None
    # The raw identity is hashed by the writer and then dropped; it is never stored.
    author_identity: str | None = None
    author_name: str | None = None
    like_count: int = 0
    reply_count: int = 0
    is_hidden: bool = False
    is_deleted: bool = False
    language: str | None = None
    permalink: str | None = None


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """A discussion thread of a comment platform (a Disqus page: its link and title).

    Stored by ``db.store_disqus.ConsultationWriter``, which maps threads to themes.
    """

    platform: str
    external_id: str
    link: str | None = None
    title: str | None = None
    forum: str | None = None
    created_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class AudienceRecord:
    dimension: str
    bucket: str
    value: float | None
    share: float | None = None
    metric: str = "reach"


@dataclass(frozen=True, slots=True)
class PromotionRecord:
    platform: str
    post_external_id: str
    external_id: str
    spend: Decimal | None = None
    currency: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    targeting: str | None = None
    objective: str | None = None
    audience: tuple[AudienceRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class Bookmark:
    """Incremental state for one stream (and partition, e.g. one post's comments)."""

    platform: str
    account: str
    stream: str
    cursor: dict[str, Any] | None
    partition: str = ""


@dataclass(slots=True)
class Page:
    """A unit of work: records and the bookmarks that hold once they are stored."""

    records: list[Any] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
