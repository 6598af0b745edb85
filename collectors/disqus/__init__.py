"""The web consultation on Disqus: the API 3.0 collector and the XML export importer.

Both yield the same records (``ThreadRecord`` and ``CommentRecord`` with platform
``disqus``), so a post imported from an export and then collected from the API is one row.
"""

from __future__ import annotations

import html
import re
from typing import Any

PLATFORM = "disqus"

_TAGS = re.compile(r"<[^>]+>")
_BREAKS = re.compile(r"<\s*(br|/p|/li|/div)\s*/?>", re.IGNORECASE)
_BLANKS = re.compile(r"[ \t]+")


def author_identity(author: dict[str, Any] | None) -> str | None:
    """The identity a Disqus author is known by, the same from the API and the export.

    A registered user is their username; an anonymous (guest) author has only the name they
    typed, prefixed with ``guest:`` so it cannot collide with a username. The e-mail address
    of the export is never used (it is personal data the API does not even give).
    """
    if not author:
        return None
    username = (author.get("username") or "").strip()
    anonymous = str(author.get("isAnonymous", "")).lower() in ("true", "1")
    if username and not anonymous:
        return username
    name = (author.get("name") or "").strip()
    return f"guest:{name}" if name else None


def html_to_text(message: str) -> str:
    """Disqus ``message`` HTML (``<p>...</p>``, ``<br>``, entities) to plain text."""
    text = _BREAKS.sub("\n", message)
    text = html.unescape(_TAGS.sub("", text))
    lines = [_BLANKS.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
