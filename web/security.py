"""Passwords, API tokens, signed session cookies, CSRF tokens and login throttling.

- Passwords are hashed with Argon2id (argon2-cffi's defaults follow RFC 9106).
- API tokens are random (256 bits) and shown once; only their SHA-256 is stored: a token has
  enough entropy that a fast hash is safe, and lookup by hash stays an indexed equality.
- The session cookie is ``base64(json).hmac``: it carries the user id, a CSRF token and an
  expiry, signed with ``PULSO_WEB_SESSION_SECRET``. Nothing secret is inside it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_hasher = PasswordHasher()

# Verified against when the username does not exist, so a miss takes as long as a hit.
_DUMMY_HASH = _hasher.hash("pulso-dummy-password-for-timing")

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def new_api_token() -> str:
    return "pulso_" + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------
# Signed session cookie
# --------------------------------------------------------------------------------------


class SessionSigner:
    def __init__(self, secret: str, max_age_seconds: int) -> None:
        self._key = hashlib.sha256(b"pulso-session:" + secret.encode("utf-8")).digest()
        self._log_key = hashlib.sha256(b"pulso-log:" + secret.encode("utf-8")).digest()
        self.max_age_seconds = max_age_seconds

    def log_tag(self, value: str) -> str:
        """What the log says instead of a name typed into a login form: a keyed hash (the
        same name always gives the same tag, so attempts can be followed), never the text,
        which may be a password typed in the wrong field."""
        digest = hmac.new(self._log_key, value.encode("utf-8", "replace"), hashlib.sha256)
        return "h:" + digest.hexdigest()[:12]

    def _mac(self, body: bytes) -> str:
        digest = hmac.new(self._key, body, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def dumps(self, data: dict, *, now: float | None = None) -> str:
        payload = dict(data, exp=int((now or time.time()) + self.max_age_seconds))
        body = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode())
        return f"{body.decode().rstrip('=')}.{self._mac(body.rstrip(b'='))}"

    def loads(self, value: str | None, *, now: float | None = None) -> dict | None:
        """The payload, or None for a missing, forged or expired cookie."""
        if not value or "." not in value:
            return None
        body, _, mac = value.rpartition(".")
        if not hmac.compare_digest(self._mac(body.encode()), mac):
            return None
        try:
            padded = body + "=" * (-len(body) % 4)
            payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (ValueError, json.JSONDecodeError):
            return None
        if not isinstance(payload, dict) or payload.get("exp", 0) < (now or time.time()):
            return None
        return payload


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_matches(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(expected, given)


# --------------------------------------------------------------------------------------
# Login throttling
# --------------------------------------------------------------------------------------


@dataclass
class LoginThrottle:
    """Failed logins per key (a username, a client address) in a sliding window.

    Kept in the process: ``pulso serve`` runs one process; several workers would each count
    separately, which still bounds guessing to workers × max_failures per window.
    """

    max_failures: int
    window_seconds: int
    clock: callable = time.monotonic
    _failures: dict[str, deque] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: float) -> deque:
        entries = self._failures.setdefault(key, deque())
        while entries and entries[0] <= now - self.window_seconds:
            entries.popleft()
        return entries

    def blocked(self, *keys: str) -> bool:
        now = self.clock()
        with self._lock:
            return any(len(self._recent(k, now)) >= self.max_failures for k in keys)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, username_key: str) -> None:
        with self._lock:
            self._failures.pop(username_key, None)
