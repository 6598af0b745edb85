"""Messages kept in the database and read later in the reader's language.

A collection run's warnings and the reason it stopped are written once, when the run ends,
and read afterwards by people who may not share a language: the command line that ran it,
the Recolecciones page, the API. So they are stored as what they mean, not as one
language's text: ``{"key": ..., "values": {...}, "text": <English>}``. ``text`` is for
logs and for readers that do not know the key (a newer version's message read by an older
one); ``stored_text(entry, lang)`` renders an entry in ``lang``. Entries written before
this format (plain English strings) are shown as they are.

Values are JSON: numbers, strings, lists, and nested ``Message``/``Label`` values (kept as
``{"key", "values"}`` and ``{"label"}``).
"""

from __future__ import annotations

from typing import Any

from pulso.i18n import Joined, Label, Message, has, t


def _plain(value: object) -> Any:
    if isinstance(value, Message):
        return {"key": value.key, "values": {k: _plain(v) for k, v in value.values.items()}}
    if isinstance(value, Label):
        return {"label": value.key}
    if isinstance(value, Joined):
        return [_plain(v) for v in value.items]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _revive(value: Any) -> object:
    if isinstance(value, dict) and isinstance(value.get("key"), str):
        values = value.get("values") if isinstance(value.get("values"), dict) else {}
        return Message(value["key"], {k: _revive(v) for k, v in values.items()})
    if isinstance(value, dict) and isinstance(value.get("label"), str):
        return Label(value["label"])
    if isinstance(value, list):
        return [_revive(v) for v in value]
    return value


def stored(key: str, **values: object) -> dict[str, Any]:
    """The entry to store for message ``key`` with ``values``."""
    return {
        "key": key,
        "values": {name: _plain(v) for name, v in values.items()},
        "text": t(key, "en", **values),
    }


def as_message(entry: Any) -> object:
    """An entry as a message value (``Message``) to put inside another message; a plain
    string (an entry from before this format) stays a string."""
    if isinstance(entry, dict) and isinstance(entry.get("key"), str) and has(entry["key"]):
        return _revive({"key": entry["key"], "values": entry.get("values") or {}})
    if isinstance(entry, dict):
        return str(entry.get("text") or "")
    return "" if entry is None else str(entry)


def stored_text(entry: Any, lang: str) -> str:
    """An entry in ``lang``: its key's message when this version knows the key, else the
    text it was stored with."""
    value = as_message(entry)
    if isinstance(value, Message):
        try:
            return t(value.key, lang, **value.values)
        except (KeyError, IndexError, ValueError):  # values that no longer fit the wording
            return str(entry.get("text") or value.key)
    return value
