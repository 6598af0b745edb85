"""The fake Graph API's wire format: errors as Graph writes them, field expansion
(``fields=a,b{c}.limit(n)``), times, cursors and access tokens."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from pulso.sandbox.server import Response

if TYPE_CHECKING:
    from pulso.sandbox.fake_graph import FakeComment, FakePost

UTC = dt.UTC


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def _error(
    message: str,
    code: int,
    subcode: int | None = None,
    error_type: str = "OAuthException",
    transient: bool = False,
) -> dict[str, Any]:
    error: dict[str, Any] = {
        "message": message,
        "type": error_type if error_type != "OAuth" else "OAuthException",
        "code": code,
        "is_transient": transient,
        "fbtrace_id": "AfakeTrace0000000000000",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


def _token(headers: dict[str, str], params: dict[str, str]) -> str | None:
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    for prefix in ("Bearer ", "OAuth "):
        if auth.startswith(prefix):
            return auth[len(prefix) :]
    return params.get("access_token")


def _comment(c: FakeComment, fields, post: FakePost) -> dict[str, Any]:
    out: dict[str, Any] = {"id": c.id}
    for name, _mods, _sub in fields:
        if name == "message":
            out[name] = c.message
        elif name == "created_time":
            out[name] = _graph_time(c.created_time)
        elif name == "from":
            out[name] = {"id": c.from_id, "name": c.from_name}
        elif name == "like_count":
            out[name] = c.like_count
        elif name == "comment_count":
            out[name] = sum(1 for r in post.comments if r.parent_id == c.id)
        elif name == "parent" and c.parent_id:
            out[name] = {"id": c.parent_id}
        elif name == "permalink_url" and c.parent_id:
            # A reply's link names its parent and itself by their own parts of the id.
            parent, reply = c.parent_id.rsplit("_", 1)[-1], c.id.rsplit("_", 1)[-1]
            out[name] = (
                f"https://www.facebook.com/{post.id}?comment_id={parent}&reply_comment_id={reply}"
            )
        elif name == "permalink_url":
            out[name] = f"https://www.facebook.com/{post.id}?comment_id={c.id}"
        elif name == "is_hidden":
            out[name] = c.is_hidden
    return out


def _parse_fields(text: str) -> list[tuple[str, dict[str, str], str]]:
    """``a,b.limit(0).summary(true),c{d,e}`` -> [(name, {modifier: arg}, subfields)]."""
    out, depth, start = [], 0, 0
    parts = []
    for i, ch in enumerate(text):
        if ch in "({":
            depth += 1
        elif ch in ")}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    for part in (p.strip() for p in parts):
        if not part:
            continue
        sub = ""
        if "{" in part and part.endswith("}"):
            part, sub = part[: part.index("{")], part[part.index("{") + 1 : -1]
        name, *mods = re.split(r"\.(?![^(]*\))", part)
        modifiers = {}
        for mod in mods:
            m = re.fullmatch(r"(\w+)\((.*)\)", mod)
            if m:
                modifiers[m.group(1)] = m.group(2)
        out.append((name, modifiers, sub))
    return out


def _graph_time(value: dt.datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def _time_param(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    if value.isdigit():
        return dt.datetime.fromtimestamp(int(value), UTC)
    parsed = dt.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _cursor(index: int) -> str:
    return base64.urlsafe_b64encode(f"i:{index}".encode()).decode().rstrip("=")


def _decode_cursor(value: str) -> int:
    padded = value + "=" * (-len(value) % 4)
    return int(base64.urlsafe_b64decode(padded).decode().split(":", 1)[1])
