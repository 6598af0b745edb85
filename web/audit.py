"""An audit trail as the page's reader reads it: actions, statuses, institutions and the
reasons Pulso itself wrote, in the page's language.

Audit rows keep what happened as it was recorded (status values, institution slugs, and
reasons in English for the ones Pulso generates); this module only presents them. A reason
a person typed is shown as typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from pulso.i18n import format_date, t

ACTIONS = ("status", "route", "merge", "unmerge", "created", "answer", "theme", "link")
# Actions whose from/to values are proposal statuses (a number is a proposal's id).
STATUS_ACTIONS = {"status", "created", "answer", "merge", "unmerge"}


def _date(value: str, lang: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(value), lang)
    except ValueError:
        return value


# The reasons Pulso writes itself (db.store_workflow, db.review, db.store_files,
# db.store_disqus), each with how to say it again in the page's language.
REASONS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str], str]], ...] = (
    (
        re.compile(r"answer due on (\d{4}-\d{2}-\d{2})"),
        lambda m, lang: t("audit_reason_due", lang, date=_date(m[1], lang)),
    ),
    (
        re.compile(r"top-level post of a mapped Disqus thread"),
        lambda m, lang: t("audit_reason_disqus", lang),
    ),
    (re.compile(r"import of (.+)"), lambda m, lang: t("audit_reason_import", lang, file=m[1])),
    (
        re.compile(r"confirmed from (.+)"),
        lambda m, lang: t("audit_reason_confirmed", lang, source=m[1]),
    ),
    (
        re.compile(r"reviewer corrected the suggested theme"),
        lambda m, lang: t("audit_reason_theme", lang),
    ),
    (
        re.compile(r"duplicate \(similarity ([0-9.]+)\)"),
        lambda m, lang: t("audit_reason_duplicate", lang, score=m[1]),
    ),
    (
        re.compile(r"answer revised: (.*)", re.S),
        lambda m, lang: t("audit_reason_revised", lang, reason=m[1]),
    ),
)


def reason_text(reason: str | None, lang: str) -> str | None:
    if not reason:
        return None
    for pattern, say in REASONS:
        if match := pattern.fullmatch(reason):
            return say(match, lang)
    return reason


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
        lines.append(AuditLine(e.at, e.actor, action, change, reason_text(e.reason, lang)))
    return lines
