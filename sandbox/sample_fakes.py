"""The sample campaign (``sandbox.sample``) as datasets of the fake APIs.

Each function maps the typed sample to one fake's dataset, so that the fakes serve the 2018
campaign in the platforms' own wire formats and the real collectors (facebook-sdk, tweepy,
requests) read it: ``graph_dataset`` for ``FakeGraph``, ``x_dataset`` for ``FakeX`` and
``disqus_data`` for ``FakeDisqus.load``. Nothing here writes to a database.
"""

from __future__ import annotations

import secrets
from typing import Any

from pulso.sandbox.fake_disqus import FakeDisqus
from pulso.sandbox.fake_graph import (
    FakeAd,
    FakeAdRow,
    FakeComment,
    FakeGraph,
    FakePost,
    GraphDataset,
)
from pulso.sandbox.fake_x import FakeX
from pulso.sandbox.fake_x_data import FakeTweet, FakeUser, XDataset
from pulso.sandbox.sample import Sample

# Meta's media types: the sample says "image" where Graph says "photo".
GRAPH_MEDIA = {"image": "photo", "video": "video"}


def graph_insights(metrics) -> dict[str, Any]:
    """A post's lifetime insights under the names of every Graph registry (v18 and v24+)."""
    out: dict[str, Any] = {
        "post_impressions_unique": metrics.reach,
        "post_total_media_view_unique": metrics.reach,
        "post_impressions": metrics.impressions,
        "post_media_view": metrics.impressions,
        "post_impressions_paid_unique": metrics.reach_paid,
        "post_impressions_organic_unique": metrics.reach_organic,
        "post_clicks": metrics.clicks,
        "post_clicks_by_type": {
            "link clicks": metrics.link_clicks,
            "other clicks": metrics.clicks - metrics.link_clicks,
        },
        "post_reactions_by_type_total": dict(metrics.reactions),
    }
    if metrics.video_plays is not None:
        out["post_video_views"] = metrics.video_plays
    return out


def graph_dataset(sample: Sample, *, ad_account_id: str) -> GraphDataset:
    """The Page, its 7 posts (arte 3 with its 47 comments) and arte 3's boost."""
    comments = [
        FakeComment(
            id=c.id,
            message=c.text,
            created_time=c.created_at,
            from_id=c.author_id,
            from_name=c.author_name,
            parent_id=c.parent_id,
            like_count=c.like_count,
            is_hidden=c.is_hidden,
        )
        for c in sample.facebook_comments
    ]
    posts = [
        FakePost(
            id=p.id,
            created_time=p.published_at,
            message=p.text,
            media_type=GRAPH_MEDIA.get(p.kind, p.kind),
            permalink_url=p.permalink,
            shares=p.metrics.shares,
            reactions={k: v for k, v in p.metrics.reactions.items() if v},
            insights=graph_insights(p.metrics),
            comments=comments if p.id == sample.facebook_comments_post_id else [],
        )
        for p in sample.facebook_posts
    ]
    b = sample.facebook_boost
    ad = FakeAd(
        id=b.ad_id,
        account_id=ad_account_id.removeprefix("act_"),
        post_id=b.post_id,
        date_start=b.starts_at.date(),
        date_stop=b.ends_at.date(),
        rows=[
            FakeAdRow(
                age=a.age,
                gender=a.gender,
                reach=a.reach,
                impressions=a.impressions,
                spend=float(a.spend),
                clicks=a.clicks,
                inline_link_clicks=a.inline_link_clicks,
            )
            for a in b.audience
        ],
        reach=b.reach,
        currency=b.currency,
        name=b.name,
        starts_at=b.starts_at,
        ends_at=b.ends_at,
    )
    page = sample.facebook_page
    return GraphDataset(pages={page.id: page.name}, posts=posts, ads=[ad])


def x_dataset(sample: Sample) -> XDataset:
    """The account, its 78 posts with their public metrics, and the 10 replies."""
    account = sample.x_account
    users = {account.id: FakeUser(account.id, account.username, account.name)}
    tweets = [
        FakeTweet(
            id=t.id,
            author_id=account.id,
            text=t.text,
            created_at=t.created_at,
            conversation_id=t.id,
            retweets=t.retweet_count,
            replies=t.reply_count,
            likes=t.like_count,
            quotes=t.quote_count,
            bookmarks=t.bookmark_count,
            impressions=t.impression_count,
            media_type=t.media_kind,
        )
        for t in sample.tweets
    ]
    for r in sample.x_replies:
        users.setdefault(r.author.id, FakeUser(r.author.id, r.author.username, r.author.name))
        tweets.append(
            FakeTweet(
                id=r.id,
                author_id=r.author.id,
                text=r.text,
                created_at=r.created_at,
                conversation_id=r.conversation_id,
                in_reply_to=r.conversation_id,
                in_reply_to_user_id=r.in_reply_to_user_id,
                likes=r.like_count,
            )
        )
    return XDataset(users=list(users.values()), tweets=tweets)


def disqus_data(sample: Sample) -> dict[str, Any]:
    """Threads and posts shaped like the Disqus API's JSON, for ``FakeDisqus.load``.

    E-mail and IP addresses are left out: the API gives them only to the forum's moderators.
    """
    return {
        "threads": [
            {
                "id": t.id,
                "title": t.title,
                "link": t.link,
                "createdAt": t.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
            }
            for t in sample.disqus_threads
        ],
        "posts": [
            {
                "id": p.id,
                "thread": p.thread,
                "parent": p.parent,
                "author": {
                    "name": p.author.name,
                    "username": p.author.username,
                    "isAnonymous": p.author.is_anonymous,
                },
                "raw_message": p.raw_message,
                "createdAt": p.created_at.strftime("%Y-%m-%dT%H:%M:%S"),
                "likes": p.likes,
                "isSpam": p.is_spam,
                "isDeleted": p.is_deleted,
            }
            for p in sample.disqus_posts
        ],
    }


class SampleSandbox:
    """The three fakes serving the sample on 127.0.0.1 (free ports), with fresh credentials.

    ``credentials`` are generated per sandbox (never placeholders, never printed); settings
    built from them and from the servers' URLs point the real clients at the sandbox::

        with SampleSandbox(load_sample()) as sandbox:
            sandbox.graph.url, sandbox.x.url, sandbox.disqus.api_url, sandbox.credentials
    """

    def __init__(self, sample: Sample) -> None:
        self.sample = sample
        self.credentials = {
            "facebook_access_token": "EAA" + secrets.token_urlsafe(32),
            "facebook_ad_account_id": f"act_{secrets.randbelow(10**15) + 10**14}",
            "x_bearer_token": "AAAA" + secrets.token_urlsafe(32),
            "disqus_api_key": secrets.token_urlsafe(32),
        }
        self.graph = FakeGraph(
            graph_dataset(sample, ad_account_id=self.credentials["facebook_ad_account_id"]),
            token=self.credentials["facebook_access_token"],
        )
        self.x = FakeX(bearer_token=self.credentials["x_bearer_token"]).load(x_dataset(sample))
        self.disqus = FakeDisqus(
            forum=sample.disqus_forum["id"], api_keys=(self.credentials["disqus_api_key"],)
        )
        self.disqus.load(disqus_data(sample))

    def __enter__(self) -> SampleSandbox:
        started = []
        try:
            for fake in (self.graph, self.x, self.disqus):
                fake.start()
                started.append(fake)
        except BaseException:
            for fake in started:
                fake.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        for fake in (self.graph, self.x, self.disqus):
            fake.stop()
