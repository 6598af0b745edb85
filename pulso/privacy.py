"""Pseudonymous keys for citizens.

Commenters' and submitters' identifiers (a Facebook user id, an X user id, a Disqus username,
an e-mail address or a name as given) are never stored: only an HMAC-SHA256 of the
normalised identifier under a secret from settings. The same identity always gives the same
key, so distinct people can be counted, while the key alone reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


def normalise_identity(value: str) -> str:
    """Case-fold, strip accents and collapse spaces so 'José  Pérez' == 'jose perez'."""
    if value.isascii():
        # ASCII is its own NFKD form and has no combining marks: only the spaces and the
        # case change (most identities are numeric user ids).
        return _SPACES.sub(" ", value).strip().casefold()
    text = unicodedata.normalize("NFKD", value)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip().casefold()


@lru_cache(maxsize=16)
def _keyed_sha256(secret: str) -> hmac.HMAC:
    """An HMAC-SHA256 with ``secret`` as key and nothing hashed yet, to be copied per use
    (copying skips deriving the key pads again)."""
    return hmac.new(secret.encode(), digestmod=hashlib.sha256)


@lru_cache(maxsize=65_536)  # commenters repeat; the hash is the hot part of comment ingest
def author_key(secret: str, channel: str, identity: str) -> str:
    """Keyed hash of ``identity`` as seen on ``channel`` (hex, 64 characters).

    The channel is part of the message so that the same user id on two platforms does not
    collide by accident; linking people across channels is an explicit act (see ``db.store``).
    """
    if not secret:
        raise ValueError("an author key needs a secret")
    mac = _keyed_sha256(secret).copy()
    mac.update(f"{channel}\x1f{normalise_identity(identity)}".encode())
    return mac.hexdigest()


def scrub_contact_data(text: str) -> str:
    """Remove e-mail addresses and IPv4 addresses from free text before it is stored."""
    text = _EMAIL.sub("[email]", text)
    return _IPV4.sub("[ip]", text)
