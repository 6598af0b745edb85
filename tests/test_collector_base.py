from __future__ import annotations

import random

import pytest
import requests

from pulso.collectors.base import (
    Fatal,
    HttpStats,
    Retry,
    RetryPolicy,
    call_with_retries,
    make_http_session,
)
from pulso.errors import CollectionError
from pulso.sandbox.server import FakeAPI, Fault, Response


class Echo(FakeAPI):
    def handle(self, request):
        return Response(200, {"path": request.path, "query": request.query}, {"X-Usage": "12"})


def _policy(sleeps):
    return RetryPolicy(
        max_retries=3, base_seconds=1, cap_seconds=10, sleep=sleeps.append, rng=random.Random(1)
    )


def _classify(exc):
    if isinstance(exc, requests.HTTPError):
        status = exc.response.status_code
        if status == 429:
            return Retry("throttled", after=float(exc.response.headers.get("Retry-After", 0)))
        if status >= 500:
            return Retry(f"server error {status}")
        if status == 401:
            return Fatal("the token is invalid or expired")
    if isinstance(exc, requests.ConnectionError | requests.Timeout):
        return Retry(type(exc).__name__)
    return None


def _get(session, url):
    def call():
        response = session.get(url)
        response.raise_for_status()
        return response.json()

    return call


def test_rewrites_host_counts_requests_and_keeps_headers():
    with Echo() as api:
        stats = HttpStats(watched_headers=("X-Usage",))
        session = make_http_session(
            timeout=5, stats=stats, rewrite_from="https://api.example.com", rewrite_to=api.url
        )
        assert session.get("https://api.example.com/2/tweets?ids=1").json()["path"] == "/2/tweets"
        assert stats.requests == 1
        assert stats.last_headers == {"x-usage": "12"}


def test_retries_server_errors_resets_and_throttling_then_succeeds():
    with Echo() as api:
        api.inject(Fault("status", 503))
        api.inject(Fault("reset"))
        api.inject(Fault("status", 429, headers={"Retry-After": "7"}))
        stats, sleeps = HttpStats(), []
        session = make_http_session(timeout=5, stats=stats)
        result = call_with_retries(
            _get(session, f"{api.url}/x"), classify=_classify, policy=_policy(sleeps), stats=stats
        )
        assert result["path"] == "/x"
        assert stats.retries == 3
        assert 7 <= sleeps[2] <= 8  # the server's wait, plus jitter


def test_timeout_is_retried():
    with Echo() as api:
        # Generous margins: the retried request must answer within the timeout even on a
        # loaded machine, and the delayed one must not.
        api.inject(Fault("delay", seconds=6.0))
        stats, sleeps = HttpStats(), []
        session = make_http_session(timeout=1.5, stats=stats)
        assert call_with_retries(
            _get(session, f"{api.url}/t"), classify=_classify, policy=_policy(sleeps), stats=stats
        )
        assert stats.retries == 1


def test_fatal_stops_with_message_and_exhausted_retries_raise():
    with Echo() as api:
        api.inject(Fault("status", 401))
        session = make_http_session(timeout=5, stats=HttpStats())
        with pytest.raises(CollectionError, match="invalid or expired"):
            call_with_retries(_get(session, f"{api.url}/a"), classify=_classify, policy=_policy([]))
        api.inject(Fault("status", 500, times=10))
        with pytest.raises(CollectionError, match="after 4 attempts"):
            call_with_retries(_get(session, f"{api.url}/b"), classify=_classify, policy=_policy([]))


def test_backoff_is_capped():
    policy = RetryPolicy(base_seconds=1, cap_seconds=5, rng=random.Random(0))
    assert all(policy.delay(n, None) <= 5 for n in range(20))
    assert policy.delay(0, 3600) == 5
