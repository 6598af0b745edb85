"""Records of the 2018 sample campaign (see ``sandbox.sample`` for loading them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

# CSV "canal" values -> db.models.Channel values.
CHANNELS = {"email": "email", "presencial": "in_person", "taller": "workshop"}

# --------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """How the team labelled a social-media comment: proposal, abusive or not_proposal."""

    label: str
    reviewed: bool
    theme: str | None = None
    summary: str | None = None
    reviewed_by: str | None = None
    reviewed_at: dt.datetime | None = None


@dataclass(frozen=True)
class FacebookPage:
    id: str
    name: str
    username: str
    link: str


@dataclass(frozen=True)
class FacebookMetrics:
    reach: int
    reach_organic: int
    reach_paid: int
    impressions: int
    reactions: dict[str, int]
    comments: int
    shares: int
    clicks: int
    link_clicks: int
    video_plays: int | None = None

    @property
    def reactions_total(self) -> int:
        return sum(self.reactions.values())

    @property
    def interactions(self) -> int:
        """Reactions + comments + shares, as the seed counts "interacciones"."""
        return self.reactions_total + self.comments + self.shares


@dataclass(frozen=True)
class FacebookPost:
    label: str
    title: str
    id: str
    kind: str  # image | video
    published_at: dt.datetime
    permalink: str
    text: str
    is_boosted: bool
    metrics_observed_at: dt.datetime
    metrics: FacebookMetrics
    video_id: str | None = None
    video_length_seconds: int | None = None


@dataclass(frozen=True)
class Snapshot:
    """Lifetime metrics of a post as seen at ``observed_at`` (the last one is the final)."""

    observed_at: dt.datetime
    reach: int
    reach_paid: int
    impressions: int
    reactions: dict[str, int]
    comments: int
    shares: int
    clicks: int
    link_clicks: int

    @property
    def interactions(self) -> int:
        return sum(self.reactions.values()) + self.comments + self.shares


@dataclass(frozen=True)
class AudienceRow:
    age: str
    gender: str
    reach: int
    impressions: int
    clicks: int
    inline_link_clicks: int
    spend: Decimal


@dataclass(frozen=True)
class Boost:
    post_id: str
    label: str
    ad_id: str
    adset_id: str
    campaign_id: str
    name: str
    objective: str
    currency: str
    spend: Decimal
    starts_at: dt.datetime
    ends_at: dt.datetime
    days: int
    targeting: str
    age_min: int
    age_max: int
    countries: tuple[str, ...]
    reach: int
    impressions: int
    clicks: int
    inline_link_clicks: int
    cpm: float
    ctr: float
    frequency: float
    audience: tuple[AudienceRow, ...]


@dataclass(frozen=True)
class FacebookComment:
    id: str
    parent_id: str | None
    author_id: str
    author_name: str
    created_at: dt.datetime
    text: str
    like_count: int
    comment_count: int
    is_hidden: bool
    review: Review


@dataclass(frozen=True)
class XUser:
    id: str
    username: str
    name: str


@dataclass(frozen=True)
class Tweet:
    id: str
    created_at: dt.datetime
    text: str
    media_kind: str  # photo | video
    media_label: str  # "arte 1" ... "animación 3"
    retweet_count: int
    reply_count: int
    like_count: int
    quote_count: int
    bookmark_count: int
    impression_count: int
    retweeted_by: tuple[str, ...]


@dataclass(frozen=True)
class XReply:
    id: str
    conversation_id: str
    in_reply_to_user_id: str
    author: XUser
    created_at: dt.datetime
    text: str
    like_count: int
    review: Review


@dataclass(frozen=True)
class DisqusThread:
    id: str
    forum: str
    link: str
    title: str
    theme: str
    identifiers: tuple[str, ...]
    created_at: dt.datetime


@dataclass(frozen=True)
class DisqusAuthor:
    username: str | None
    name: str
    email: str
    is_anonymous: bool

    @property
    def identity(self) -> str:
        """Who this is, for counting people: the username, or a guest's e-mail."""
        return self.username or f"guest:{self.email.lower()}"


@dataclass(frozen=True)
class DisqusPost:
    id: str
    thread: str
    parent: str | None
    author: DisqusAuthor
    ip_address: str
    raw_message: str
    created_at: dt.datetime  # aware (the file holds Disqus's UTC without zone)
    likes: int
    dislikes: int
    is_deleted: bool
    is_spam: bool

    @property
    def is_proposal(self) -> bool:
        """Top-level, not deleted, not spam: the web consultation's proposals."""
        return self.parent is None and not self.is_deleted and not self.is_spam


@dataclass(frozen=True)
class ProposalRow:
    ref: str  # "email:<row>" or "workshop:<row>"
    row: int
    received_at: dt.datetime
    canal: str
    organizacion: str | None
    remitente: str | None
    tema: str | None
    titulo: str
    texto: str
    plantilla: bool
    template_fields: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def channel(self) -> str:
        return CHANNELS[self.canal]


@dataclass(frozen=True)
class Commitment:
    action: str
    indicator: str
    baseline: str
    target: str
    responsible: str
    starts_on: dt.date
    ends_on: dt.date
    milestones: str


@dataclass(frozen=True)
class Answer:
    ref: str
    institution: str
    status: str  # accepted | rejected
    decided_at: dt.datetime
    justification: str | None = None
    commitment: Commitment | None = None


@dataclass(frozen=True)
class Routing:
    ref: str
    institution: str
    routed_at: dt.datetime
    answer_due_on: dt.date


@dataclass(frozen=True)
class Decisions:
    consultation: str
    decided_by: str
    not_proposals: dict[str, str]  # ref -> reason
    not_proposal_dates: dict[str, dt.datetime]
    theme_corrections: dict[str, tuple[str, str, str]]  # ref -> (from, to, reason)
    merges: dict[str, tuple[str, str]]  # ref -> (surviving ref, reason)
    routing: tuple[Routing, ...]
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Item:
    """An item received on any channel that is (or was taken as) a proposal."""

    ref: str
    channel: str  # db.models.Channel value
    theme: str | None
    in_template: bool
    person: str  # an identity for counting people, e.g. "disqus:ana" or "org:FUNDE"
    received_at: dt.datetime
    text: str
