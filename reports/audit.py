"""An audit trail as the page's reader reads it: actions, statuses, institutions and the
reasons Pulso itself wrote, in the page's language.

Audit rows keep what happened as it was recorded (status values, institution slugs; the
reasons Pulso writes with their message key and values, ``db.store.Reason``); this module
only presents them. A reason a person typed is shown as typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from pulso.i18n import format_date, t

ACTIONS = (
    "status", "route", "merge", "unmerge", "created", "answer", "theme", "link", "progress",
)  # fmt: skip
# Actions whose from/to values are proposal statuses (a number is a proposal's id).
STATUS_ACTIONS = {"status", "created", "answer", "merge", "unmerge"}


def _date(value: str, lang: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(value), lang)
    except ValueError:
        return value


# How a reason's values are shown (the rest as stored).
VALUE_FORMATS: dict[str, Callable[[str, str], str]] = {"date": _date}


def reason_text(event, lang: str) -> str | None:
    """A reason Pulso wrote (``reason_key``, ``db.store.Reason``) in the page's language; one
    a person typed as typed."""
    key = getattr(event, "reason_key", None)
    if key and t(key, lang) != key:  # a key the catalogue knows
        values = {
            name: VALUE_FORMATS.get(name, lambda v, _lang: v)(str(value), lang)
            for name, value in (event.reason_values or {}).items()
        }
        return t(key, lang, **values)
    return event.reason or None


@dataclass(frozen=True)
class AuditLine:
    at: dt.datetime
    actor: str
    action: str
    change: str | None  # "from → to", already in the page's language
    reason: str | None


def describe(
    events: Iterable,
    lang: str,
    *,
    institutions: Mapping[str, str] | None = None,
    themes: Mapping[str, str] | None = None,
) -> list[AuditLine]:
    """The trail's events as lines: ``institutions`` and ``themes`` map slugs to the names
    shown (a slug no longer known is shown as stored)."""
    institutions = institutions or {}
    themes = themes or {}

    def value(action: str, raw) -> str:
        if raw is None or raw == "":
            return "—"
        raw = str(raw)
        if raw.isdigit():  # a proposal (merge, unmerge) or a person (link)
            return f"#{raw}"
        if action == "route":
            return institutions.get(raw, raw)
        if action == "theme":
            return themes.get(raw, raw)
        if action in STATUS_ACTIONS:
            return t("proposal_" + raw, lang)
        return raw

    lines = []
    for e in events:
        action = t("audit_" + e.action, lang) if e.action in ACTIONS else e.action
        change = None
        if e.from_value or e.to_value:
            change = f"{value(e.action, e.from_value)} → {value(e.action, e.to_value)}"
        lines.append(AuditLine(e.at, e.actor, action, change, reason_text(e, lang)))
    return lines
