"""A small client for the Disqus API 3.0 over ``requests``.

Every answer is an envelope ``{"code": 0, "response": ..., "cursor": {...}}``; a non-zero
``code`` is an error whose ``response`` is the message. Error codes (Disqus API docs,
"Error Codes"; the HTTP status is given next to each): 1 endpoint not valid, 2 missing or
invalid argument (400), 3 endpoint resource not valid, 4 authentication required (401),
5 invalid API key (403), 8 object not found (404), 11 key not valid on this domain,
12 not enough privileges, 13 rate limit for this resource, 14 rate limit for the account
(400), 15 internal server error (500), 16 request timed out (408), 22 maintenance.
Rate-limit headers: ``X-Ratelimit-Limit``, ``X-Ratelimit-Remaining``, ``X-Ratelimit-Reset``
(epoch seconds).

``classify`` is the one place that sorts failures into retriable and fatal.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Any

import requests

from pulso.collectors.base import Fatal, HttpStats, Retry, make_http_session

RETRIABLE_CODES = {13: "rate limit (resource)", 14: "rate limit (account)", 15: "internal error",
                   16: "timed out", 22: "maintenance"}  # fmt: skip
FATAL_CODES = {
    1: "endpoint not valid",
    2: "missing or invalid argument",
    3: "endpoint resource not valid",
    4: "authentication required",
    5: "invalid API key",
    6: "invalid API version",
    8: "object not found",
    9: "this API key cannot access the resource",
    11: "API key not valid on this domain",
    12: "application lacks privileges",
}
_KEY_IN_TEXT = re.compile(r"(api_(?:key|secret)=)[^&\s\"']+")


class _RedactKeys(logging.Filter):
    """urllib3 logs every request line at debug level, query string (and key) included."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _KEY_IN_TEXT.sub(r"\1***", record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                _KEY_IN_TEXT.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args
            )
        return True


for _name in ("urllib3.connectionpool", "requests"):
    if not any(isinstance(f, _RedactKeys) for f in logging.getLogger(_name).filters):
        logging.getLogger(_name).addFilter(_RedactKeys())
RATE_LIMIT_HEADERS = ("X-Ratelimit-Limit", "X-Ratelimit-Remaining", "X-Ratelimit-Reset")


class DisqusAPIError(Exception):
    def __init__(self, code: int, message: str, status: int, reset_at: float | None = None):
        super().__init__(f"Disqus error {code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.reset_at = reset_at


@dataclass
class Envelope:
    response: Any
    cursor: dict[str, Any]


class DisqusClient:
    """GET ``{base_url}/{resource}.json`` with the key; raises ``DisqusAPIError``."""

    def __init__(
        self,
        *,
        base_url: str,
        session: requests.Session,
        api_key: str | None = None,
        api_secret: str | None = None,
    ) -> None:
        if not (api_key or api_secret):
            raise ValueError("a Disqus client needs an API key or secret")
        self.base_url = base_url.rstrip("/")
        self.session = session
        # Server-side calls authenticate with the secret key; the public key also reads
        # public forums (Disqus API docs, "Request and Response Formats").
        self._auth = {"api_secret": api_secret} if api_secret else {"api_key": api_key}

    @classmethod
    def from_settings(cls, settings, stats: HttpStats) -> DisqusClient:
        """The real client; refuses a missing or placeholder key (named, never printed)."""
        if settings.disqus_api_secret is not None:
            credentials = {"api_secret": settings.require_secret("disqus_api_secret")}
        else:
            credentials = {"api_key": settings.require_secret("disqus_api_key")}
        session = make_http_session(timeout=settings.http_timeout_seconds, stats=stats)
        return cls(base_url=settings.disqus_api_url, session=session, **credentials)

    def get(self, resource: str, **params: Any) -> Envelope:
        query = {k: v for k, v in params.items() if v is not None}
        response = self.session.get(
            f"{self.base_url}/{resource}.json", params={**query, **self._auth}
        )
        try:
            body = response.json()
        except ValueError:
            # Not JSON (a proxy's error page, a truncated answer): judged by HTTP status.
            raise DisqusAPIError(
                15 if response.status_code >= 500 or response.status_code == 200 else 1,
                f"unreadable answer (HTTP {response.status_code})",
                response.status_code,
            ) from None
        code = body.get("code") if isinstance(body, dict) else None
        if code != 0:
            reset = response.headers.get("X-Ratelimit-Reset")
            raise DisqusAPIError(
                int(code) if isinstance(code, int) else 15 if response.status_code >= 500 else 1,
                str(body.get("response") if isinstance(body, dict) else body),
                response.status_code,
                float(reset) if reset and reset.replace(".", "", 1).isdigit() else None,
            )
        return Envelope(body.get("response"), body.get("cursor") or {})


def classify(exc: BaseException, *, now=time.time, max_wait: float = 3600.0):
    """Retriable or fatal, for ``collectors.base.call_with_retries``."""
    if isinstance(exc, DisqusAPIError):
        if exc.code in (13, 14):
            wait = None if exc.reset_at is None else max(0.0, min(max_wait, exc.reset_at - now()))
            return Retry.of(
                "collect.retry.disqus", after=wait, code=exc.code, what=RETRIABLE_CODES[exc.code]
            )
        if exc.code in RETRIABLE_CODES:
            return Retry.of("collect.retry.disqus", code=exc.code, what=RETRIABLE_CODES[exc.code])
        if exc.code == 5:
            return Fatal.of("err.collect.disqus.bad_key")
        what = FATAL_CODES.get(exc.code, "error")
        return Fatal.of("err.collect.disqus.error", code=exc.code, what=what, detail=exc.message)
    if isinstance(exc, requests.Timeout | requests.ConnectionError):
        return Retry.of("collect.retry.network", problem=type(exc).__name__)
    return None
