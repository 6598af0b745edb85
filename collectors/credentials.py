"""What ``pulso check`` asks each platform about the configured credentials, before a
scheduled collection finds out the hard way.

- **Facebook**: Graph's ``GET /debug_token?input_token=<token>`` (reference "Debug-Token";
  the token checks itself, so no app secret is needed): ``is_valid``, ``type`` (``PAGE``
  is what Page insights need; a ``USER`` token reads no insights), ``expires_at`` (0:
  never), ``profile_id`` (the Page a Page token belongs to) and ``scopes``:
  ``pages_read_engagement`` (posts, comments, counts), ``read_insights`` (reach, views,
  clicks) and ``ads_read`` (boosts, when an ad account is configured). An expired token
  cannot inspect itself: Graph answers error 190 (subcode 463), which says as much.
- **X**: one app-only call (a user lookup: no post is read, nothing is billed) for the
  bearer token and the app's access level (403 ``client-not-enrolled``), and with the
  OAuth 1.0a keys ``GET /2/users/me``: private metrics (impressions, clicks) come only for
  that account's own posts.
- **Disqus**: ``forums/details`` of the forum with the key (error 5: invalid key).

Each finding is a catalogue key with its values (``pulso.i18n``), at one of three levels;
the command line prints one line per finding. No token, key or secret is ever a value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import requests

from pulso.collectors.base import HttpStats, RetryPolicy
from pulso.settings import Settings

OK, WARNING, ERROR = "ok", "warning", "error"
EXPIRY_WARNING = dt.timedelta(days=7)
FACEBOOK_SCOPES = ("pages_read_engagement", "read_insights")
BOOST_SCOPE = "ads_read"


@dataclass(frozen=True)
class Finding:
    level: str  # ok, warning or error
    key: str  # catalogue key of the message (with what to do)
    values: dict[str, Any] = field(default_factory=dict)


def check_facebook(settings: Settings, *, now: dt.datetime | None = None) -> list[Finding]:
    from pulso.collectors.facebook.adapter import GraphClient, GraphError, redact

    if settings.facebook_access_token is None:
        return [Finding(OK, "check.facebook.not_configured")]
    token = settings.facebook_access_token.get_secret_value()
    client = GraphClient(
        access_token=token,
        stats=HttpStats(),
        version=settings.facebook_graph_version,
        base_url=settings.facebook_graph_url,
        timeout=min(settings.http_timeout_seconds, 15.0),
    )
    try:
        body = client.get("debug_token", {"input_token": token})
    except GraphError as exc:
        if exc.code == 190:
            key = "check.facebook.expired" if exc.subcode == 463 else "check.facebook.invalid"
            return [Finding(ERROR, key)]
        return [Finding(ERROR, "check.facebook.unreachable", {"detail": redact(str(exc))})]
    except requests.RequestException as exc:
        return [Finding(ERROR, "check.facebook.unreachable", {"detail": type(exc).__name__})]
    data = body.get("data") if isinstance(body, dict) else None
    data = data if isinstance(data, dict) else {}
    if not data.get("is_valid"):
        error = data.get("error") if isinstance(data.get("error"), dict) else {}
        expired = error.get("subcode") == 463 or "expired" in str(error.get("message", ""))
        return [Finding(ERROR, "check.facebook.expired" if expired else "check.facebook.invalid")]
    findings: list[Finding] = []
    kind = str(data.get("type") or "")
    if kind != "PAGE":
        findings.append(Finding(ERROR, "check.facebook.not_page_token", {"type": kind or "?"}))
    else:
        page = str(data.get("profile_id") or "")
        configured = list(settings.facebook_page_ids)
        if not configured:
            findings.append(Finding(WARNING, "check.facebook.no_pages", {"page": page}))
        elif page and page not in configured:
            findings.append(
                Finding(WARNING, "check.facebook.other_page", {"page": page, "pages": configured})
            )
        else:
            findings.append(Finding(OK, "check.facebook.page_token", {"page": page}))
    findings.append(_expiry(data.get("expires_at"), now or dt.datetime.now(dt.UTC)))
    scopes = {str(s) for s in data.get("scopes") or []}
    for scope in FACEBOOK_SCOPES:
        if scope not in scopes:
            findings.append(Finding(ERROR, f"check.facebook.missing.{scope}", {"scope": scope}))
    if settings.facebook_ad_account_id and BOOST_SCOPE not in scopes:
        findings.append(Finding(ERROR, "check.facebook.missing.ads_read", {"scope": BOOST_SCOPE}))
    elif not settings.facebook_ad_account_id:
        findings.append(Finding(WARNING, "check.facebook.no_ad_account"))
    if all(scope in scopes for scope in FACEBOOK_SCOPES):
        findings.append(Finding(OK, "check.facebook.scopes", {"scopes": sorted(scopes)}))
    return findings


def _expiry(expires_at: Any, now: dt.datetime) -> Finding:
    try:
        stamp = int(expires_at or 0)
    except (TypeError, ValueError):
        stamp = 0
    if stamp == 0:
        return Finding(OK, "check.facebook.never_expires")
    when = dt.datetime.fromtimestamp(stamp, dt.UTC)
    if when <= now:
        return Finding(ERROR, "check.facebook.expired")
    level = WARNING if when - now < EXPIRY_WARNING else OK
    return Finding(level, f"check.facebook.expires.{level}", {"date": when.date()})


def check_x(settings: Settings) -> list[Finding]:
    from pulso.collectors.x.adapter import XClient

    if settings.x_bearer_token is None:
        return [Finding(OK, "check.x.not_configured")]
    oauth = ("x_consumer_key", "x_consumer_secret", "x_access_token", "x_access_token_secret")
    present = [name for name in oauth if getattr(settings, name) is not None]
    findings: list[Finding] = []
    if present and len(present) < len(oauth):
        missing = [f"PULSO_{name.upper()}" for name in oauth if name not in present]
        findings.append(Finding(ERROR, "check.x.partial_user_context", {"missing": missing}))
    client = XClient.from_settings(settings, policy=RetryPolicy(max_retries=0))
    accounts = [a.lstrip("@") for a in settings.x_accounts]
    if not accounts:
        findings.append(Finding(WARNING, "check.x.no_accounts"))
    probe = client.probe(accounts[0] if accounts else "X")
    if probe.app_status == 401:
        findings.append(Finding(ERROR, "check.x.bearer_rejected"))
    elif probe.app_status == 403 and probe.reason == "client-not-enrolled":
        findings.append(Finding(ERROR, "check.x.access_level"))
    elif probe.app_status != 200:
        status = probe.app_status or probe.reason
        findings.append(Finding(ERROR, "check.x.unreachable", {"detail": status}))
    else:
        findings.append(Finding(OK, "check.x.bearer_ok"))
    if not client.user_context:
        if not present:
            findings.append(Finding(WARNING, "check.x.no_user_context"))
    elif probe.user_status == 200 and probe.user:
        handle = str(probe.user.get("username") or "")
        if accounts and handle.lower() not in {a.lower() for a in accounts}:
            findings.append(
                Finding(WARNING, "check.x.other_account", {"handle": handle, "accounts": accounts})
            )
        else:
            findings.append(Finding(OK, "check.x.user_context", {"handle": handle}))
    else:
        findings.append(Finding(ERROR, "check.x.user_rejected", {"status": probe.user_status}))
    return findings


def check_disqus(settings: Settings) -> list[Finding]:
    from pulso.collectors.disqus.api import DisqusAPIError, DisqusClient

    if settings.disqus_api_key is None and settings.disqus_api_secret is None:
        return [Finding(OK, "check.disqus.not_configured")]
    if not settings.disqus_forum:
        return [Finding(ERROR, "check.disqus.no_forum")]
    client = DisqusClient.from_settings(settings, HttpStats())
    try:
        client.get("forums/details", forum=settings.disqus_forum)
    except DisqusAPIError as exc:
        if exc.code == 5:
            return [Finding(ERROR, "check.disqus.invalid_key")]
        if exc.code == 2:
            return [Finding(ERROR, "check.disqus.unknown_forum", {"forum": settings.disqus_forum})]
        return [Finding(ERROR, "check.disqus.unreachable", {"detail": exc.message})]
    except requests.RequestException as exc:
        return [Finding(ERROR, "check.disqus.unreachable", {"detail": type(exc).__name__})]
    return [Finding(OK, "check.disqus.ok", {"forum": settings.disqus_forum})]
