"""Synthetic campaigns at a chosen scale, deterministic by seed, as Pulso records.

``campaign_pages(...)`` yields ``Page`` objects exactly as a collector would, so writing
them exercises Pulso's own write path (``db.writer.Writer``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass

from pulso.records import CommentRecord, ObservationRecord, Page, PostRecord

START = dt.datetime(2018, 6, 18, 12, tzinfo=dt.UTC)
WORDS = [
    "propongo",
    "que",
    "el",
    "gobierno",
    "publique",
    "datos",
    "abiertos",
    "sobre",
    "presupuesto",
    "salud",
    "educación",
    "agua",
    "transparencia",
    "obra",
    "pública",
    "escuelas",
    "hospitales",
    "medicamentos",
    "becas",
    "contratos",
    "alcaldía",
    "gracias",
    "excelente",
    "iniciativa",
    "corrupción",
    "ladrones",
    "mentira",
    "participación",
    "consulta",
    "ciudadana",
]
METRICS = ("reach", "impressions", "reactions", "comments", "shares", "clicks", "link_clicks")


@dataclass(frozen=True)
class Scale:
    posts: int
    observations_per_post: int
    comments_per_post: int

    @property
    def observations(self) -> int:
        return self.posts * self.observations_per_post

    @property
    def comments(self) -> int:
        return self.posts * self.comments_per_post


SCALES = {
    "tiny": Scale(posts=200, observations_per_post=14, comments_per_post=5),
    "small": Scale(posts=2_000, observations_per_post=21, comments_per_post=10),
    "full": Scale(posts=100_000, observations_per_post=100, comments_per_post=10),
}


def text(rng: random.Random, n: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def campaign_pages(
    scale: Scale, *, seed: int = 2018, posts_per_page: int = 100, platform: str = "facebook"
) -> Iterator[Page]:
    """Posts, then for each post its observations over time and its comments, page by page."""
    rng = random.Random(seed)
    snapshots = max(1, scale.observations_per_post // len(METRICS))
    for first in range(0, scale.posts, posts_per_page):
        records: list = []
        for n in range(first, min(first + posts_per_page, scale.posts)):
            post_id = f"{platform}-{n}"
            published = START + dt.timedelta(minutes=17 * n)
            records.append(
                PostRecord(
                    platform,
                    post_id,
                    published,
                    account_external_id="acct-1",
                    kind=rng.choice(("image", "video", "link", "text")),
                    text=text(rng),
                )
            )
            values = dict.fromkeys(METRICS, 0.0)
            for snap in range(snapshots):
                at = published + dt.timedelta(hours=6 * (snap + 1))
                for metric in METRICS:
                    values[metric] += rng.randint(1, 50)
                    records.append(
                        ObservationRecord(platform, post_id, metric, values[metric], at, "bench")
                    )
            for c in range(scale.comments_per_post):
                parent = f"{post_id}-c{c - 1}" if c and rng.random() < 0.3 else None
                records.append(
                    CommentRecord(
                        platform,
                        f"{post_id}-c{c}",
                        published + dt.timedelta(minutes=c + 1),
                        text(rng, 8),
                        post_external_id=post_id,
                        parent_external_id=parent,
                        author_identity=f"user-{rng.randint(1, scale.posts * 3)}",
                    )
                )
        yield Page(records)
