"""The fake X API's data: users, posts with their metrics (ids are snowflakes, so times
are in the ids as on X) and the 2018 campaign's dataset."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field

UTC = dt.UTC
TWITTER_EPOCH_MS = 1288834974657
TIMELINE_WALL = 3200
PRIVATE_WINDOW = dt.timedelta(days=30)
RECENT_WINDOW = dt.timedelta(days=7)


def snowflake(created_at: dt.datetime, sequence: int) -> str:
    """An X id for a post created at ``created_at`` (the time is in the id's high bits)."""
    ms = int(created_at.timestamp() * 1000) - TWITTER_EPOCH_MS
    return str((ms << 22) | (sequence & 0x3FFFFF))


def iso(value: dt.datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass
class FakeUser:
    id: str
    username: str
    name: str
    protected: bool = False
    extra_tweet_count: int = 0  # posts beyond the ones stored (e.g. retweets)


@dataclass
class FakeTweet:
    id: str
    author_id: str
    text: str
    created_at: dt.datetime
    conversation_id: str
    in_reply_to: str | None = None
    in_reply_to_user_id: str | None = None
    retweets: int = 0
    replies: int = 0
    likes: int = 0
    quotes: int = 0
    bookmarks: int = 0
    impressions: int = 0
    url_link_clicks: int = 0
    profile_clicks: int = 0
    promoted: dict[str, int] | None = None  # promoted_metrics when the post was an ad
    media_type: str | None = None  # "photo", "video", "animated_gif"
    picture_version: int = 1  # another version is another picture (a new media address)
    url: str | None = None
    deleted: bool = False


@dataclass
class XDataset:
    users: list[FakeUser] = field(default_factory=list)
    tweets: list[FakeTweet] = field(default_factory=list)


# -- the 2018 campaign ------------------------------------------------------------------

CAMPAIGN_HANDLE = "TransparenciaSV"
_THEMES = [
    "Derechos humanos",
    "Medio ambiente",
    "Transparencia en el gasto",
    "Fiscalidad integral",
    "Salud",
    "Transparencia de la inversión social",
    "Obra pública",
    "Educación",
]
_REPLIES = [
    "Puro show, nadie va a leer esto.",
    "¿Y los resultados del plan anterior?",
    "Propongo publicar en línea todas las compras del MINSAL con sus precios.",
    "Otra consulta de mentiras.",
    "Ladrones, devuelvan lo robado.",
    "No sirve de nada participar.",
    "¿Dónde está el informe del año pasado?",
    "Qué pérdida de dinero.",
    "Mejor pongan a trabajar a los diputados.",
    "Esto es pura propaganda.",
]


def campaign_2018(*, user_id: str = "954000000000000001") -> XDataset:
    """The 2018 consultation on X: 78 scheduled posts (3 a day, 21 June - 16 July 2018),
    176 reposts, 29 likes and 10 replies in all, as in the secretariat's report."""
    rng = random.Random(2018)
    account = FakeUser(user_id, CAMPAIGN_HANDLE, "Secretaría de Transparencia", extra_tweet_count=0)
    dataset = XDataset(users=[account])
    sequence = itertools.count(1)
    local = dt.timezone(dt.timedelta(hours=-6))  # El Salvador
    posts: list[FakeTweet] = []
    for day in range(26):
        date = dt.date(2018, 6, 21) + dt.timedelta(days=day)
        for slot, hour in enumerate((9, 13, 18)):
            created = dt.datetime(date.year, date.month, date.day, hour, tzinfo=local)
            created = created.astimezone(UTC)
            theme = _THEMES[(day * 3 + slot) % len(_THEMES)]
            n = len(posts)
            media = "photo" if n % 3 == 0 else ("video" if n % 7 == 0 else None)
            tweet_id = snowflake(created, next(sequence))
            posts.append(
                FakeTweet(
                    tweet_id,
                    account.id,
                    f"Consulta PAN 2018-2020 · {theme}: envía tu propuesta en línea",
                    created,
                    tweet_id,
                    media_type=media,
                    url="https://gobiernoabierto.gob.sv/consulta",
                    impressions=rng.randint(150, 900),
                )
            )
    for total, attribute in ((176, "retweets"), (29, "likes")):
        for _ in range(total):
            post = rng.choice(posts)
            setattr(post, attribute, getattr(post, attribute) + 1)
    citizens = [
        FakeUser(str(954100000000000000 + i), f"ciudadano{i}", f"Ciudadano {i}") for i in range(8)
    ]
    replies = []
    for i, text in enumerate(_REPLIES):
        parent = posts[rng.randrange(len(posts))]
        created = parent.created_at + dt.timedelta(minutes=rng.randint(5, 600))
        author = citizens[i % len(citizens)]
        replies.append(
            FakeTweet(
                snowflake(created, next(sequence)),
                author.id,
                text,
                created,
                parent.conversation_id,
                in_reply_to=parent.id,
                in_reply_to_user_id=account.id,
            )
        )
        parent.replies += 1
    dataset.users.extend(citizens)
    dataset.tweets.extend(posts + replies)
    return dataset
