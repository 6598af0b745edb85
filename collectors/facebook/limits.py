"""Sorting Graph API failures into retry / stop, and slowing down before the limit.

Codes from Meta's "Graph API error handling" and "Rate limiting" pages: 4, 17, 32, 613 and
80001-80014 are throttling (the ``X-Business-Use-Case-Usage`` header may carry
``estimated_time_to_regain_access`` in minutes); 1 and 2 and ``is_transient`` are temporary;
190 is an invalid or expired access token.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import requests

from pulso.collectors.base import Classification, Fatal, Retry, RetryPolicy
from pulso.collectors.facebook.adapter import GraphError
from pulso.errors import StopCollection

THROTTLING_CODES = frozenset({4, 17, 32, 613, *range(80001, 80015)})
TRANSIENT_CODES = frozenset({1, 2})
INVALID_TOKEN = 190
DELETED_SUBCODE = 33  # "Object with ID ... does not exist"


def usage_percent(headers: dict[str, str]) -> float:
    """The highest percentage any usage header reports (0 when none)."""
    highest = 0.0
    for value in headers.values():
        for entry in _usage_entries(value):
            for key in ("call_count", "total_cputime", "total_time", "acc_id_util_pct"):
                number = entry.get(key)
                if isinstance(number, int | float):
                    highest = max(highest, float(number))
    return highest


def regain_seconds(headers: dict[str, str]) -> float | None:
    """``estimated_time_to_regain_access`` (minutes) in seconds, when Meta gave one."""
    minutes = [
        float(entry["estimated_time_to_regain_access"])
        for value in headers.values()
        for entry in _usage_entries(value)
        if isinstance(entry.get("estimated_time_to_regain_access"), int | float)
    ]
    return max(minutes) * 60 if minutes else None


def _usage_entries(value: str) -> list[dict]:
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return []
    if isinstance(parsed, dict) and any(isinstance(v, list) for v in parsed.values()):
        # X-Business-Use-Case-Usage: {"<business id>": [{...}, ...]}
        return [e for v in parsed.values() if isinstance(v, list) for e in v if isinstance(e, dict)]
    return [parsed] if isinstance(parsed, dict) else []


@dataclass
class Classifier:
    """The one place that decides what a Graph failure means."""

    policy: RetryPolicy

    def __call__(self, exc: BaseException) -> Classification:
        if isinstance(exc, GraphError):
            if exc.code == INVALID_TOKEN:
                return Fatal.of("err.collect.facebook.invalid_token")
            if exc.code in THROTTLING_CODES or exc.status == 429:
                wait = regain_seconds(exc.usage)
                if wait is not None and wait > self.policy.cap_seconds:
                    raise StopCollection.of(
                        "err.collect.facebook.rate_limit", code=exc.code, minutes=f"{wait / 60:.0f}"
                    )
                return Retry.of(
                    "collect.retry.throttled", after=wait, code=exc.code, status=exc.status
                )
            if (
                exc.code in TRANSIENT_CODES
                or exc.is_transient
                or (exc.status or 0) >= 500
                or (exc.code is None and exc.status in (None, 0))
            ):
                return Retry.of(
                    "collect.retry.temporary",
                    code=exc.code or exc.status,
                    detail=exc.message[:80],
                )
            return None
        if isinstance(exc, requests.ConnectionError | requests.Timeout):
            return Retry.of("collect.retry.network", problem=type(exc).__name__)
        return None


def slowdown_seconds(percent: float, threshold: float, cap: float) -> float:
    """How long to pause once usage reaches ``threshold`` percent: 0 below it, up to a minute
    at 100% (Meta throttles at 100%, so we spread the remaining calls out)."""
    if percent < threshold or threshold >= 100:
        return 0.0
    return min(cap, 60.0 * (percent - threshold) / (100.0 - threshold))
