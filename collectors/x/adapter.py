"""The only module that imports tweepy (4.17): a small client over ``tweepy.Client``.

What tweepy does on its own, read in its source (``tweepy/client.py``, 4.17.0):

- ``BaseClient.request`` builds every URL as ``"https://api.twitter.com" + route`` and calls
  ``self.session.request(...)`` with no timeout. We replace ``client.session`` with
  ``collectors.base.make_http_session``: a timeout, the host rewritten to
  ``settings.x_api_url`` (a local fake in tests and the demo) and a hook that keeps
  ``x-rate-limit-remaining`` / ``x-rate-limit-reset``.
- With ``wait_on_rate_limit=True`` tweepy sleeps on a 429 by itself and retries forever;
  we keep it ``False`` so a 429 raises ``TooManyRequests`` (``reset_time`` from the header)
  and our policy decides: sleep to the reset plus jitter (capped), or stop cleanly and
  resume next run. tweepy never retries 5xx (``TwitterServerError``); we do, with backoff.
- ``Response(data, includes, errors, meta)``: ``errors`` holds per-id problems of a 200
  answer (deleted or protected posts, fields we may not read); they are not exceptions.
  We ask for ``return_type=dict``, the answer's JSON as it came: tweepy's ``Tweet(data)``
  reads ``data["id"]`` and ``data["text"]`` and would end the run with a ``KeyError`` on an
  item without them, where the collector's schema reports the item and goes on.
- ``_make_request`` calls ``response.json()`` after the status checks, so a malformed body
  surfaces as ``requests.JSONDecodeError``; we retry it like a transient fault.
- tweepy logs the request headers at DEBUG level, bearer token included; a filter on its
  logger drops those records so no secret reaches a log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
import tweepy

from pulso.collectors.base import (
    Classification,
    Fatal,
    HttpStats,
    Retry,
    RetryPolicy,
    call_with_retries,
    make_http_session,
)
from pulso.errors import ConfigError, StopCollection
from pulso.i18n import Message
from pulso.settings import Settings

API_HOST = "https://api.twitter.com"  # hard-coded in tweepy.client.BaseClient.request
RATE_HEADERS = ("x-rate-limit-remaining", "x-rate-limit-reset")
PUBLIC_TWEET_FIELDS = [
    "created_at",
    "author_id",
    "conversation_id",
    "public_metrics",
    "attachments",
    "entities",
    "referenced_tweets",
    "in_reply_to_user_id",
]
PRIVATE_TWEET_FIELDS = ["non_public_metrics", "organic_metrics", "promoted_metrics"]
EXPANSIONS = ["attachments.media_keys", "author_id"]
# A post's media in ``includes.media``: its type, a photo's ``url``, a video's or GIF's
# ``preview_image_url`` (the post's thumbnail, ``collectors.thumbnails``).
MEDIA_FIELDS = ["type", "url", "preview_image_url"]


class _DropRequestDumps(logging.Filter):
    """tweepy's DEBUG record of each request includes the Authorization header."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


logging.getLogger("tweepy.client").addFilter(_DropRequestDumps())


@dataclass
class XPage:
    """One answer, as plain dicts: posts, users and media by id, errors, meta."""

    posts: list[dict[str, Any]] = field(default_factory=list)
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    media: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_body(cls, body: Any) -> XPage:
        """An answer's JSON; what is not where the API reference puts it is left out (the
        collector's schemas report the items that lack a field)."""
        body = body if isinstance(body, dict) else {}
        data = body.get("data") or []
        if not isinstance(data, list):
            data = [data]
        includes = body.get("includes") if isinstance(body.get("includes"), dict) else {}

        def listed(name: str) -> list[dict[str, Any]]:
            items = includes.get(name) or []
            return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []

        return cls(
            posts=[dict(item) if isinstance(item, dict) else item for item in data],
            users={str(u["id"]): dict(u) for u in listed("users") if u.get("id")},
            media={m["media_key"]: dict(m) for m in listed("media") if m.get("media_key")},
            errors=[e for e in body.get("errors") or [] if isinstance(e, dict)],
            meta=dict(body.get("meta") or {}) if isinstance(body.get("meta"), dict) else {},
        )


@dataclass
class XProbe:
    """What the credentials may do, for ``pulso check``: the HTTP status of an app-only call
    (``app_status``; 0 when X could not be reached) with the problem X named (``reason``:
    ``client-not-enrolled`` when the app's access level lacks the endpoint, else the
    problem's title), and with user context the account it acts for (``GET /2/users/me``)."""

    app_status: int
    reason: str = ""
    user_status: int | None = None  # None: no user-context keys configured
    user: dict[str, Any] | None = None


class XClient:
    """X API v2 through tweepy, with Pulso's timeout, retries and rate-limit handling."""

    def __init__(
        self,
        *,
        base_url: str = API_HOST,
        bearer_token: str | None,
        consumer_key: str | None = None,
        consumer_secret: str | None = None,
        access_token: str | None = None,
        access_token_secret: str | None = None,
        timeout: float = 30.0,
        policy: RetryPolicy | None = None,
        wait_on_rate_limit: bool = True,
        max_rate_limit_sleep: float = 900.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not bearer_token:
            raise ConfigError.of("err.config.not_set", name="PULSO_X_BEARER_TOKEN")
        self.stats = HttpStats(watched_headers=RATE_HEADERS)
        self.policy = policy or RetryPolicy()
        self.wait_on_rate_limit = wait_on_rate_limit
        self.max_rate_limit_sleep = max_rate_limit_sleep
        self._clock = clock
        oauth1 = (consumer_key, consumer_secret, access_token, access_token_secret)
        self.user_context = all(oauth1)
        # OAuth 1.0a access tokens start with the user id ("<id>-<random>"), the same rule
        # tweepy uses in Client._get_oauth_1_authenticating_user_id.
        self.owner_id = access_token.partition("-")[0] if self.user_context else None
        self._client = tweepy.Client(
            bearer_token=bearer_token,
            consumer_key=consumer_key,
            consumer_secret=consumer_secret,
            access_token=access_token,
            access_token_secret=access_token_secret,
            wait_on_rate_limit=False,
            return_type=dict,
        )
        self._client.session = make_http_session(
            timeout=timeout, stats=self.stats, rewrite_from=API_HOST, rewrite_to=base_url
        )

    @classmethod
    def from_settings(cls, settings: Settings, **kw) -> XClient:
        def optional(name: str) -> str | None:
            return settings.require_secret(name) if getattr(settings, name) else None

        return cls(
            base_url=settings.x_api_url,
            bearer_token=settings.require_secret("x_bearer_token"),
            consumer_key=optional("x_consumer_key"),
            consumer_secret=optional("x_consumer_secret"),
            access_token=optional("x_access_token"),
            access_token_secret=optional("x_access_token_secret"),
            timeout=settings.http_timeout_seconds,
            policy=kw.pop(
                "policy",
                RetryPolicy(
                    max_retries=settings.http_max_retries,
                    base_seconds=settings.http_backoff_base_seconds,
                    cap_seconds=max(
                        settings.http_backoff_cap_seconds, settings.x_rate_limit_max_sleep_seconds
                    ),
                ),
            ),
            wait_on_rate_limit=settings.x_wait_on_rate_limit,
            max_rate_limit_sleep=settings.x_rate_limit_max_sleep_seconds,
            **kw,
        )

    # -- endpoints ----------------------------------------------------------------------

    def get_user(self, username: str) -> XPage:
        response = self._call(
            f"user @{username}",
            lambda: self._client.get_user(
                username=username, user_fields=["public_metrics", "protected"]
            ),
        )
        page = XPage.from_body({"errors": (response or {}).get("errors")})
        user = (response or {}).get("data")
        if isinstance(user, dict) and user.get("id") and user.get("username"):
            page.users[str(user["id"])] = dict(user)
        return page

    def users_tweets(
        self,
        user_id: str,
        *,
        max_results: int,
        since_id: str | None = None,
        pagination_token: str | None = None,
        start_time: str | None = None,
        private_metrics: bool = False,
    ) -> XPage:
        return self._page(
            f"timeline of {user_id}",
            lambda: self._client.get_users_tweets(
                user_id,
                max_results=max_results,
                since_id=since_id,
                pagination_token=pagination_token,
                start_time=start_time,
                exclude=["retweets"],
                tweet_fields=self._fields(private_metrics),
                expansions=["attachments.media_keys"],
                media_fields=MEDIA_FIELDS,
                user_auth=private_metrics and self.user_context,
            ),
        )

    def tweets(self, ids: list[str], *, private_metrics: bool = False) -> XPage:
        if not 1 <= len(ids) <= 100:
            raise ValueError("get_tweets takes 1 to 100 ids")
        return self._page(
            f"lookup of {len(ids)} posts",
            lambda: self._client.get_tweets(
                ids,
                tweet_fields=self._fields(private_metrics),
                expansions=["attachments.media_keys"],
                media_fields=MEDIA_FIELDS,
                user_auth=private_metrics and self.user_context,
            ),
        )

    def search_conversation(
        self,
        conversation_id: str,
        *,
        full_archive: bool,
        max_results: int,
        since_id: str | None = None,
        next_token: str | None = None,
    ) -> XPage:
        params = dict(
            max_results=max_results,
            since_id=since_id,
            next_token=next_token,
            tweet_fields=PUBLIC_TWEET_FIELDS,
            expansions=["author_id"],
            user_fields=["name", "username"],
        )
        query = f"conversation_id:{conversation_id}"
        if full_archive:  # app-only auth (the bearer token); see tweepy's search_all_tweets
            call = lambda: self._client.search_all_tweets(query, **params)  # noqa: E731
        else:
            call = lambda: self._client.search_recent_tweets(query, **params)  # noqa: E731
        return self._page(f"replies to {conversation_id}", call)

    def probe(self, username: str) -> XProbe:
        """One app-only call (the user ``username``) and, with user context, ``/2/users/me``;
        no retries, no post read (nothing billed)."""

        def attempt(fn: Callable[[], Any]) -> tuple[int, str, Any]:
            try:
                return 200, "", fn()
            except tweepy.HTTPException as exc:
                try:
                    problem = exc.response.json()
                except ValueError:
                    problem = {}
                problem = problem if isinstance(problem, dict) else {}
                reason = str(problem.get("reason") or problem.get("title") or "")
                return exc.response.status_code, reason, None
            except requests.RequestException as exc:
                return 0, type(exc).__name__, None

        status, reason, _ = attempt(
            lambda: self._client.get_user(username=username, user_auth=False)
        )
        result = XProbe(app_status=status, reason=reason)
        if self.user_context:
            result.user_status, _, answer = attempt(
                lambda: self._client.get_me(user_auth=True, user_fields=["username"])
            )
            data = (answer or {}).get("data") if isinstance(answer, dict) else None
            result.user = data if isinstance(data, dict) else None
        return result

    # -- plumbing -----------------------------------------------------------------------

    @staticmethod
    def _fields(private_metrics: bool) -> list[str]:
        return PUBLIC_TWEET_FIELDS + (PRIVATE_TWEET_FIELDS if private_metrics else [])

    def _page(self, what: str, fn: Callable[[], Any]) -> XPage:
        return XPage.from_body(self._call(what, fn))

    def _call(self, what: str, fn: Callable[[], Any]) -> Any:
        def guarded():
            try:
                return fn()
            except tweepy.TooManyRequests as exc:
                wait = self._reset_wait(exc)
                if not self.wait_on_rate_limit or wait > self.max_rate_limit_sleep:
                    raise StopCollection.of(
                        "err.collect.x.rate_limit", what=what, wait=f"{wait:.0f}"
                    ) from None
                raise

        return call_with_retries(
            guarded, classify=self._classify, policy=self.policy, stats=self.stats, what=what
        )

    def _reset_wait(self, exc: tweepy.TooManyRequests) -> float:
        if exc.reset_time is None:
            return 0.0
        return max(0.0, float(exc.reset_time) - self._clock())

    def _classify(self, exc: BaseException) -> Classification:
        """Sort a failure into retriable or fatal, in one place."""
        if isinstance(exc, tweepy.TooManyRequests):
            return Retry.of("collect.retry.rate_limited", after=self._reset_wait(exc))
        if isinstance(exc, tweepy.TwitterServerError):
            return Retry.of("collect.retry.x_server_error", status=exc.response.status_code)
        if isinstance(exc, requests.JSONDecodeError):
            return Retry.of("collect.retry.x_malformed_json")
        if isinstance(exc, requests.ConnectionError | requests.Timeout):
            return Retry.of("collect.retry.network", problem=type(exc).__name__)
        if isinstance(exc, tweepy.Unauthorized):
            return Fatal.of("err.collect.x.unauthorized")
        if isinstance(exc, tweepy.Forbidden):
            detail = "; ".join(exc.api_messages)
            return Fatal.of(
                "err.collect.x.forbidden",
                detail=detail or Message.of("err.collect.x.no_detail"),
            )
        if isinstance(exc, tweepy.HTTPException) and exc.response.status_code == 402:
            raise StopCollection.of("err.collect.x.no_credits")
        if isinstance(exc, tweepy.HTTPException):
            return Fatal.of("err.collect.x.answered", answer=str(exc).replace("\n", " "))
        return None
