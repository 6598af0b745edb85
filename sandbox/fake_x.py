"""A fake X API v2 on 127.0.0.1 that speaks the real wire format, for tests and the demo.

Endpoints (the ones Pulso's collector calls through tweepy 4.17):

- ``GET /2/users/by/username/:username``
- ``GET /2/users/me`` (user context only: with the bearer token it is a 403 "Unsupported
  Authentication", as X answers)
- ``GET /2/users/:id/tweets`` (``since_id``, ``start_time``, ``pagination_token``,
  ``max_results`` 5-100; only the newest 3,200 posts are reachable, like the real API)
- ``GET /2/tweets?ids=`` (at most 100 ids; missing ids come back in ``errors`` as
  "Not Found Error", protected authors as "Authorization Error")
- ``GET /2/tweets/search/recent`` (last 7 days) and ``/2/tweets/search/all``
  (``query=conversation_id:<id>``, ``since_id``, ``next_token``, ``max_results``)

Media: with ``media.fields=url,preview_image_url`` a photo has a ``url`` and a video or GIF a
``preview_image_url``, on the fake's own CDN path (``/pbs/media/<name>.jpg``,
``/pbs/ext_tw_video_thumb/<id>/pu/img/<name>.jpg``, ``/pbs/tweet_video_thumb/<name>.jpg``,
as on pbs.twimg.com); ``GET`` on it answers a JPEG drawn with Pillow
(``sandbox.pictures``), the same bytes for the same name, without authentication and
outside the rate limit. Faults on ``path="/pbs/"`` break the pictures only.

Answers carry ``data``, ``includes`` (``users``, ``media``), ``errors`` and ``meta``
(``result_count``, ``newest_id``, ``oldest_id``, ``next_token``) and the rate-limit headers
``x-rate-limit-limit/-remaining/-reset``. Private metrics (``non_public_metrics``,
``organic_metrics``, ``promoted_metrics``) are returned only to the author's user context
(OAuth 1.0a) for posts under 30 days old; otherwise each field gets a "Field Authorization
Error", as X does. ``enrolled=False`` answers every request with the 403 "Client
Forbidden" (``reason: client-not-enrolled``) X gives an app whose access level does not
include the endpoint. Faults (429, 5xx, delays, malformed JSON) come from ``FakeAPI.inject``.

The fake counts *post reads* (posts returned in ``data``) and *charged reads* (distinct posts
per UTC day, since X does not charge a re-read within one UTC day).

Shapes real answers may have (X API v2 "Pagination" and "Tweet object"): ``paging="repeat"``
answers the first page with the same ``next_token`` forever; ``omit={"tweet.created_at",
"tweet.public_metrics", "reply.created_at"}`` (``OMITTABLE``) leaves a field out of every
post (``tweet.``: the accounts' posts, ``reply.``: replies found by search).

Loading data::

    fake = FakeX()
    user = fake.add_user("transparenciasv", name="Secretaría de Transparencia")
    post = fake.add_tweet(user, "Participa en la consulta", created_at=..., likes=3)
    fake.add_reply(post, author=citizen, text="...", created_at=...)
    fake.load(campaign_2018())      # or a whole dataset at once
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import re
import time
from collections.abc import Callable
from typing import Any

from pulso.sandbox.fake_x_data import FakeTweet, FakeUser, XDataset, iso, snowflake
from pulso.sandbox.pictures import picture
from pulso.sandbox.server import FakeAPI, Request, Response

UTC = dt.UTC
CDN_PATH = "/pbs/"
TWITTER_EPOCH_MS = 1288834974657
TIMELINE_WALL = 3200
PRIVATE_WINDOW = dt.timedelta(days=30)
OMITTABLE = ("tweet.created_at", "tweet.public_metrics", "reply.created_at", "reply.author_id")
RECENT_WINDOW = dt.timedelta(days=7)
PRIVATE_FIELDS = {
    "non_public_metrics": ("impression_count", "url_link_clicks", "user_profile_clicks"),
    "organic_metrics": (
        "impression_count",
        "like_count",
        "reply_count",
        "retweet_count",
        "url_link_clicks",
        "user_profile_clicks",
    ),
    "promoted_metrics": (
        "impression_count",
        "like_count",
        "reply_count",
        "retweet_count",
        "url_link_clicks",
        "user_profile_clicks",
    ),
}


class FakeX(FakeAPI):
    """The fake X API v2. See the module docstring for what it serves."""

    def __init__(
        self,
        *,
        bearer_token: str = "test-bearer",
        consumer_key: str = "test-consumer-key",
        now: Callable[[], dt.datetime] | None = None,
        rate_limit: int = 100_000,
        paging: str = "token",
        omit: set[str] | frozenset[str] = frozenset(),
        enrolled: bool = True,
    ) -> None:
        super().__init__()
        self.enrolled = enrolled
        if paging not in ("token", "repeat") or not set(omit) <= set(OMITTABLE):
            raise ValueError(f"paging is 'token' or 'repeat', omit in {OMITTABLE}")
        self.paging = paging
        self.omit = set(omit)
        self.bearer_token = bearer_token
        self.consumer_key = consumer_key
        self.now = now or (lambda: dt.datetime.now(UTC))
        self.rate_limit = rate_limit
        self.users: dict[str, FakeUser] = {}
        self.tweets: dict[str, FakeTweet] = {}
        self.post_reads = 0
        self.reads_by_endpoint: dict[str, int] = {}
        self._charged: set[tuple[dt.date, str]] = set()
        self._window_used: dict[str, int] = {}
        self._seq = itertools.count(1)
        self._user_ids = itertools.count(1000)

    # -- loading data -------------------------------------------------------------------

    def add_user(
        self, username: str, *, name: str | None = None, id: str | None = None, **kw
    ) -> FakeUser:
        user = FakeUser(id or str(next(self._user_ids)), username, name or username, **kw)
        self.users[user.id] = user
        return user

    def add_tweet(
        self, author: FakeUser, text: str, *, created_at: dt.datetime, id: str | None = None, **kw
    ) -> FakeTweet:
        tweet_id = id or snowflake(created_at, next(self._seq))
        kw.setdefault("conversation_id", tweet_id)
        tweet = FakeTweet(tweet_id, author.id, text, created_at, **kw)
        self.tweets[tweet.id] = tweet
        return tweet

    def add_reply(
        self, parent: FakeTweet, *, author: FakeUser, text: str, created_at: dt.datetime, **kw
    ) -> FakeTweet:
        reply = self.add_tweet(
            author,
            text,
            created_at=created_at,
            conversation_id=parent.conversation_id,
            in_reply_to=parent.id,
            in_reply_to_user_id=parent.author_id,
            **kw,
        )
        parent.replies += 1
        return reply

    def load(self, dataset: XDataset) -> FakeX:
        for user in dataset.users:
            self.users[user.id] = user
        for tweet in dataset.tweets:
            self.tweets[tweet.id] = tweet
        return self

    def charged_reads(self) -> int:
        """Distinct (UTC day, post) pairs returned: what X would bill."""
        return len(self._charged)

    # -- HTTP ---------------------------------------------------------------------------

    def handle(self, request: Request) -> Response:
        if request.path.startswith(CDN_PATH):
            return self._picture(request.path)
        auth = self._auth(request)
        if auth is None:
            return _problem(401, "Unauthorized", "Unauthorized")
        if not self.enrolled:
            return Response(403, _client_forbidden())
        endpoint, handler, args = self._route(request.path)
        if handler is None:
            return _problem(404, "Not Found", f"no route {request.path}")
        used = self._window_used.get(endpoint, 0) + 1
        self._window_used[endpoint] = used
        reset = int(time.time()) + 900
        headers = {
            "x-rate-limit-limit": str(self.rate_limit),
            "x-rate-limit-remaining": str(max(0, self.rate_limit - used)),
            "x-rate-limit-reset": str(reset),
        }
        if used > self.rate_limit:
            return Response(429, _problem_body(429, "Too Many Requests"), headers)
        response = handler(request, auth, *args)
        response.headers.update(headers)
        if response.status == 200 and isinstance(response.body, dict):
            data = response.body.get("data")
            rows = data if isinstance(data, list) else ([data] if data else [])
            if endpoint != "users":
                self._count_reads(endpoint, [row["id"] for row in rows])
        return response

    def _route(self, path: str):
        if path == "/2/users/me":
            return "users", self._me, ()
        if m := re.fullmatch(r"/2/users/by/username/([A-Za-z0-9_]+)", path):
            return "users", self._user_by_username, (m.group(1),)
        if m := re.fullmatch(r"/2/users/(\d+)/tweets", path):
            return "timeline", self._timeline, (m.group(1),)
        if path == "/2/tweets":
            return "lookup", self._lookup, ()
        if path == "/2/tweets/search/recent":
            return "search_recent", self._search, (False,)
        if path == "/2/tweets/search/all":
            return "search_all", self._search, (True,)
        return path, None, ()

    def _auth(self, request: Request) -> dict[str, Any] | None:
        header = request.headers.get("Authorization") or request.headers.get("authorization")
        if not header:
            return None
        if header.startswith("Bearer "):
            return {"user": None} if header[7:] == self.bearer_token else None
        if header.startswith("OAuth "):
            params = dict(re.findall(r'(\w+)="([^"]*)"', header))
            if params.get("oauth_consumer_key") != self.consumer_key:
                return None
            user_id = params.get("oauth_token", "").partition("-")[0]
            return {"user": user_id} if user_id in self.users else None
        return None

    def _count_reads(self, endpoint: str, ids: list[str]) -> None:
        day = self.now().astimezone(UTC).date()
        self.post_reads += len(ids)
        self.reads_by_endpoint[endpoint] = self.reads_by_endpoint.get(endpoint, 0) + len(ids)
        self._charged.update((day, i) for i in ids)

    # -- pictures -----------------------------------------------------------------------

    def picture_url(self, tweet: FakeTweet) -> str:
        """Where the post's media picture is: a photo's ``url`` or a video's or GIF's
        ``preview_image_url``, named after the post and its ``picture_version``."""
        name = f"F{tweet.id}v{tweet.picture_version}"
        if tweet.media_type == "video":
            return f"{self.url}{CDN_PATH}ext_tw_video_thumb/{tweet.id}/pu/img/{name}.jpg"
        if tweet.media_type == "animated_gif":
            return f"{self.url}{CDN_PATH}tweet_video_thumb/{name}.jpg"
        return f"{self.url}{CDN_PATH}media/{name}.jpg"

    def _picture(self, path: str) -> Response:
        name = path.rsplit("/", 1)[-1]
        if not re.fullmatch(r"F\d+v\d+\.jpg", name):
            return Response(404, b"", {"Content-Type": "text/plain"})
        return Response(200, picture(name), {"Content-Type": "image/jpeg"})

    # -- endpoints ----------------------------------------------------------------------

    def _me(self, request: Request, auth) -> Response:
        if auth["user"] is None:
            return _problem(
                403,
                "Unsupported Authentication",
                "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint. "
                "Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User "
                "Context].",
            )
        return Response(200, {"data": self._render_user(self.users[auth["user"]], request)})

    def _user_by_username(self, request: Request, auth, username: str) -> Response:
        for user in self.users.values():
            if user.username.lower() == username.lower():
                return Response(200, {"data": self._render_user(user, request)})
        return Response(
            200,
            {
                "errors": [
                    {
                        "value": username,
                        "detail": f"Could not find user with username: [{username}].",
                        "title": "Not Found Error",
                        "resource_type": "user",
                        "parameter": "username",
                        "resource_id": username,
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                ]
            },
        )

    def _timeline(self, request: Request, auth, user_id: str) -> Response:
        if user_id not in self.users:
            return _problem(404, "Not Found Error", f"Could not find user with id: [{user_id}].")
        q = request.query
        size = _int_param(q, "max_results", 10, 5, 100)
        if size is None:
            return _bad_request("max_results must be between 5 and 100")
        own = sorted(
            (t for t in self.tweets.values() if t.author_id == user_id and not t.deleted),
            key=lambda t: int(t.id),
            reverse=True,
        )[:TIMELINE_WALL]
        if "since_id" in q:
            own = [t for t in own if int(t.id) > int(q["since_id"])]
        if "start_time" in q:
            start = dt.datetime.fromisoformat(q["start_time"].replace("Z", "+00:00"))
            own = [t for t in own if t.created_at >= start]
        return self._paged(request, auth, own, size, "pagination_token")

    def _lookup(self, request: Request, auth) -> Response:
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if not ids or len(ids) > 100:
            return _bad_request("ids must name between 1 and 100 posts")
        found, errors = [], []
        for tweet_id in ids:
            tweet = self.tweets.get(tweet_id)
            if tweet is None or tweet.deleted:
                errors.append(_not_found(tweet_id))
            elif self.users[tweet.author_id].protected and auth["user"] != tweet.author_id:
                errors.append(_not_authorized(tweet_id))
            else:
                found.append(tweet)
        body = self._render_tweets(request, auth, found)
        body["errors"] = errors + body.get("errors", [])
        if not body["errors"]:
            del body["errors"]
        return Response(200, body)

    def _search(self, request: Request, auth, full_archive: bool) -> Response:
        q = request.query
        if full_archive and auth["user"] is not None:
            return _problem(403, "Unsupported Authentication", "full-archive search is app-only")
        m = re.fullmatch(r"\s*conversation_id:(\d+)\s*", q.get("query", ""))
        if m is None:
            return _bad_request("this fake only understands conversation_id:<id> queries")
        size = _int_param(q, "max_results", 10, 10, 500 if full_archive else 100)
        if size is None:
            return _bad_request("max_results out of range")
        horizon = None if full_archive else self.now() - RECENT_WINDOW
        matches = [
            t
            for t in self.tweets.values()
            if t.conversation_id == m.group(1)
            and t.id != t.conversation_id
            and not t.deleted
            and (horizon is None or t.created_at >= horizon)
            and ("since_id" not in q or int(t.id) > int(q["since_id"]))
        ]
        matches.sort(key=lambda t: int(t.id), reverse=True)
        return self._paged(request, auth, matches, size, "next_token")

    # -- rendering ----------------------------------------------------------------------

    def _paged(self, request, auth, rows: list[FakeTweet], size: int, token_param: str):
        offset = 0
        if token_param in request.query and self.paging != "repeat":
            try:
                offset = int(base64.urlsafe_b64decode(request.query[token_param]).decode())
            except ValueError:
                return _bad_request(f"invalid {token_param}")
        page = rows[offset : offset + size]
        body = self._render_tweets(request, auth, page)
        meta: dict[str, Any] = {"result_count": len(page)}
        if page:
            meta["newest_id"], meta["oldest_id"] = page[0].id, page[-1].id
        if offset + size < len(rows) or (self.paging == "repeat" and page):
            meta["next_token"] = base64.urlsafe_b64encode(str(offset + size).encode()).decode()
        body["meta"] = meta
        return Response(200, body)

    def _render_user(self, user: FakeUser, request: Request) -> dict[str, Any]:
        fields = set(request.query.get("user.fields", "").split(","))
        out: dict[str, Any] = {"id": user.id, "name": user.name, "username": user.username}
        if "protected" in fields:
            out["protected"] = user.protected
        if "public_metrics" in fields:
            count = sum(1 for t in self.tweets.values() if t.author_id == user.id)
            out["public_metrics"] = {
                "followers_count": 0,
                "following_count": 0,
                "tweet_count": count + user.extra_tweet_count,
                "listed_count": 0,
            }
        return out

    def _render_tweets(self, request: Request, auth, tweets: list[FakeTweet]) -> dict[str, Any]:
        fields = {f for f in request.query.get("tweet.fields", "").split(",") if f}
        expansions = {e for e in request.query.get("expansions", "").split(",") if e}
        media_fields = {f for f in request.query.get("media.fields", "").split(",") if f}
        data, errors, users, media = [], [], {}, {}
        for tweet in tweets:
            item, field_errors = self._render_tweet(tweet, fields, auth)
            data.append(item)
            errors.extend(field_errors)
            if "author_id" in expansions:
                users[tweet.author_id] = self._render_user(self.users[tweet.author_id], request)
            if "attachments.media_keys" in expansions and tweet.media_type:
                key = f"3_{tweet.id}"
                media[key] = {"media_key": key, "type": tweet.media_type}
                # A photo has a ``url``; a video or GIF a ``preview_image_url`` (its still).
                address = "url" if tweet.media_type == "photo" else "preview_image_url"
                if address in media_fields:
                    media[key][address] = self.picture_url(tweet)
        body: dict[str, Any] = {}
        if data:
            body["data"] = data
        includes = {}
        if users:
            includes["users"] = list(users.values())
        if media:
            includes["media"] = list(media.values())
        if includes:
            body["includes"] = includes
        if errors:
            body["errors"] = errors
        return body

    def _render_tweet(self, tweet: FakeTweet, fields: set[str], auth):
        out, errors = self._render_tweet_all(tweet, fields, auth)
        kind = "reply" if tweet.in_reply_to else "tweet"
        for name in ("created_at", "public_metrics", "author_id"):
            if f"{kind}.{name}" in self.omit:
                out.pop(name, None)
        return out, errors

    def _render_tweet_all(self, tweet: FakeTweet, fields: set[str], auth):
        out: dict[str, Any] = {"id": tweet.id, "text": tweet.text}
        out["edit_history_tweet_ids"] = [tweet.id]
        if "created_at" in fields:
            out["created_at"] = iso(tweet.created_at)
        if "author_id" in fields:
            out["author_id"] = tweet.author_id
        if "conversation_id" in fields:
            out["conversation_id"] = tweet.conversation_id
        if "in_reply_to_user_id" in fields and tweet.in_reply_to_user_id:
            out["in_reply_to_user_id"] = tweet.in_reply_to_user_id
        if "referenced_tweets" in fields and tweet.in_reply_to:
            out["referenced_tweets"] = [{"type": "replied_to", "id": tweet.in_reply_to}]
        if "attachments" in fields and tweet.media_type:
            out["attachments"] = {"media_keys": [f"3_{tweet.id}"]}
        if "entities" in fields and tweet.url:
            out["entities"] = {"urls": [{"url": "https://t.co/x", "expanded_url": tweet.url}]}
        if "public_metrics" in fields:
            out["public_metrics"] = {
                "retweet_count": tweet.retweets,
                "reply_count": tweet.replies,
                "like_count": tweet.likes,
                "quote_count": tweet.quotes,
                "bookmark_count": tweet.bookmarks,
                "impression_count": tweet.impressions,
            }
        errors = []
        for name, subfields in PRIVATE_FIELDS.items():
            if name not in fields:
                continue
            value = self._private(tweet, name, auth)
            if value is None:
                errors.extend(_field_error(tweet.id, f"{name}.{sub}") for sub in subfields)
            else:
                out[name] = value
        return out, errors

    def _private(self, tweet: FakeTweet, name: str, auth) -> dict[str, int] | None:
        if auth["user"] != tweet.author_id or self.now() - tweet.created_at > PRIVATE_WINDOW:
            return None
        if name == "non_public_metrics":
            return {
                "impression_count": tweet.impressions,
                "url_link_clicks": tweet.url_link_clicks,
                "user_profile_clicks": tweet.profile_clicks,
            }
        paid = tweet.promoted or {}
        if name == "promoted_metrics":
            return dict(paid) if tweet.promoted is not None else None

        def organic(total: int, key: str) -> int:
            return max(0, total - paid.get(key, 0))

        return {
            "impression_count": organic(tweet.impressions, "impression_count"),
            "like_count": organic(tweet.likes, "like_count"),
            "reply_count": organic(tweet.replies, "reply_count"),
            "retweet_count": organic(tweet.retweets, "retweet_count"),
            "url_link_clicks": organic(tweet.url_link_clicks, "url_link_clicks"),
            "user_profile_clicks": organic(tweet.profile_clicks, "user_profile_clicks"),
        }


# -- wire-format helpers ----------------------------------------------------------------


def _problem_body(status: int, title: str, detail: str | None = None) -> dict[str, Any]:
    return {"title": title, "detail": detail or title, "type": "about:blank", "status": status}


def _problem(status: int, title: str, detail: str) -> Response:
    return Response(status, _problem_body(status, title, detail))


def _client_forbidden() -> dict[str, Any]:
    return {
        "client_id": "28000000",
        "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use "
        "keys and tokens from a Twitter developer App that is attached to a Project. You can "
        "create a project via the developer portal.",
        "registration_url": "https://developer.twitter.com/en/docs/projects/overview",
        "title": "Client Forbidden",
        "required_enrollment": "Appropriate Level of API Access",
        "reason": "client-not-enrolled",
        "type": "https://api.twitter.com/2/problems/client-forbidden",
    }


def _bad_request(detail: str) -> Response:
    return Response(
        400,
        {
            "errors": [{"parameters": {}, "message": detail}],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request",
        },
    )


def _not_found(tweet_id: str) -> dict[str, Any]:
    return {
        "value": tweet_id,
        "detail": f"Could not find tweet with ids: [{tweet_id}].",
        "title": "Not Found Error",
        "resource_type": "tweet",
        "parameter": "ids",
        "resource_id": tweet_id,
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }


def _not_authorized(tweet_id: str) -> dict[str, Any]:
    return {
        "resource_id": tweet_id,
        "parameter": "ids",
        "resource_type": "tweet",
        "section": "data",
        "title": "Authorization Error",
        "value": tweet_id,
        "detail": f"Sorry, you are not authorized to see the Tweet with ids: [{tweet_id}].",
        "type": "https://api.twitter.com/2/problems/not-authorized-for-resource",
    }


def _field_error(tweet_id: str, field_name: str) -> dict[str, Any]:
    return {
        "resource_type": "tweet",
        "field": field_name,
        "parameter": "id",
        "resource_id": tweet_id,
        "title": "Field Authorization Error",
        "section": "data",
        "detail": f"Sorry, you are not authorized to access '{field_name}' on the Tweet "
        f"with id : [{tweet_id}].",
        "value": tweet_id,
        "type": "https://api.twitter.com/2/problems/not-authorized-for-field",
    }


def _int_param(query: dict[str, str], name: str, default: int, low: int, high: int) -> int | None:
    try:
        value = int(query.get(name, default))
    except ValueError:
        return None
    return value if low <= value <= high else None
