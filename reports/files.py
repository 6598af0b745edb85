"""Reports made from the web, the API and the weekly job: generated with ``reports`` into
``PULSO_WEB_REPORTS_DIR`` and listed from there for download.

Only names the reports package writes are ever served (``weekly-2018-W26.es.pdf``,
``consultation-pan-2018-2020.en.xlsx``, CSV tables with a suffix): a name is looked up in
the folder's listing, never joined to a path as given.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pulso.errors import InputError
from pulso.settings import Settings

REPORT_NAME = re.compile(
    r"^(?P<kind>weekly|consultation)-(?P<scope>[\w.-]+?)\.(?P<lang>es|en)"
    r"(?:\.[\w-]+)?\.(?P<ext>html|pdf|xlsx|csv|json)$"
)
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


@dataclass(frozen=True)
class ReportFile:
    name: str
    kind: str  # weekly | consultation
    scope: str  # the ISO week or the consultation's slug
    lang: str
    format: str
    size: int
    modified_at: dt.datetime


def reports_dir(settings: Settings) -> Path:
    return Path(settings.web_reports_dir)


def list_reports(settings: Settings) -> list[ReportFile]:
    """The report files in the folder, newest first."""
    folder = reports_dir(settings)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = REPORT_NAME.match(path.name)
        if not match or not path.is_file():
            continue
        stat = path.stat()
        found.append(
            ReportFile(
                name=path.name,
                kind=match["kind"],
                scope=match["scope"],
                lang=match["lang"],
                format=match["ext"],
                size=stat.st_size,
                modified_at=dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC),
            )
        )
    return sorted(found, key=lambda f: (f.modified_at, f.name), reverse=True)


def find_report(settings: Settings, name: str) -> Path | None:
    for item in list_reports(settings):
        if item.name == name:
            return reports_dir(settings) / item.name
    return None


def _formats(formats: list[str] | None) -> list[str]:
    from pulso.reports import parse_formats

    return parse_formats(formats or ["html"])


def _lang(lang: str) -> str:
    if lang not in ("es", "en"):
        raise InputError.of("err.report.language", field="lang", value=lang)
    return lang


def make_weekly(
    *,
    session: Session,
    settings: Settings,
    week: str | None,
    consultation: str | None = None,
    formats: list[str] | None = None,
    lang: str = "es",
) -> tuple[dict, list[Path]]:
    """Compute and write a weekly report (``week`` like 2018-W26; default the last one)."""
    from pulso.reports import weekly_report, write_weekly

    chosen = _formats(formats)
    data = weekly_report(
        session=session,
        week=week or None,
        consultation=consultation or None,
        lang=_lang(lang),
        default_tz=settings.timezone,
    )
    return data, write_weekly(data, formats=chosen, out=reports_dir(settings))


def make_consultation(
    *,
    session: Session,
    settings: Settings,
    consultation: str,
    formats: list[str] | None = None,
    lang: str = "es",
) -> tuple[dict, list[Path]]:
    from pulso.reports import consultation_report, write_consultation

    if not consultation:
        raise InputError.of("err.report.which_consultation", field="consultation")
    chosen = _formats(formats)
    data = consultation_report(session=session, consultation=consultation, lang=_lang(lang))
    return data, write_consultation(data, formats=chosen, out=reports_dir(settings))


FORMAT_ORDER = ("pdf", "html", "xlsx", "json", "csv")


@dataclass(frozen=True)
class ReportGroup:
    """One report (kind, scope and language) with its files in every format made."""

    kind: str
    scope: str
    lang: str
    files: list[ReportFile]

    @property
    def campaign(self) -> str | None:
        """A campaign's weekly report: its scope is ``2018-W26-<campaign slug>``."""
        match = re.fullmatch(r"\d{4}-W\d{2}-(.+)", self.scope)
        return match[1] if self.kind == "weekly" and match else None

    @property
    def monday(self) -> dt.date | None:
        """A weekly report's Monday (its scope starts with an ISO week like ``2018-W26``)."""
        match = re.match(r"(\d{4})-W(\d{2})(?:-|$)", self.scope)
        if self.kind != "weekly" or not match:
            return None
        try:
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            return None

    @property
    def modified_at(self) -> dt.datetime:
        return max(f.modified_at for f in self.files)


def group_reports(files: list[ReportFile]) -> dict[str, list[ReportGroup]]:
    """``list_reports`` grouped by kind (``consultation``, then ``weekly``), each kind's
    reports newest period first (weeks by their label, Spanish before English), each
    report's files in ``FORMAT_ORDER``."""
    by_report: dict[tuple[str, str, str], list[ReportFile]] = {}
    for item in files:
        by_report.setdefault((item.kind, item.scope, item.lang), []).append(item)
    groups: dict[str, list[ReportGroup]] = {"consultation": [], "weekly": []}
    for (kind, scope, lang), items in by_report.items():
        items = sorted(items, key=lambda f: (FORMAT_ORDER.index(f.format), f.name))
        groups[kind].append(ReportGroup(kind, scope, lang, items))
    for kind in groups:
        groups[kind].sort(key=lambda g: (g.scope, g.lang == "es"), reverse=True)
    return groups
