"""Reports: computed figures in, documents out (HTML, PDF, XLSX, CSV, JSON).

- ``weekly_report`` / ``consultation_report`` compute a report's data (the JSON schema);
- ``write_report`` renders data in several formats into a folder;
- ``send_report`` e-mails files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from pulso.analytics.consultation import AsOf
from pulso.analytics.periods import Week
from pulso.reports.consultation import consultation_document
from pulso.reports.consultation_data import build_consultation
from pulso.reports.delivery import DeliveryError, send_report
from pulso.reports.output import FORMATS, parse_formats, write_report
from pulso.reports.scope import ReportScope, resolve_scope
from pulso.reports.weekly import weekly_document
from pulso.reports.weekly_data import build_weekly, default_week


def weekly_report(
    *,
    session: Session,
    week: str | None = None,
    consultation: str | None = None,
    campaign: str | None = None,
    lang: str = "es",
    default_tz: str = "America/El_Salvador",
    as_of: dt.datetime | None = None,
) -> dict:
    """The weekly report's data; ``week`` like "2018-W26" (default: the last full week)."""
    scope = resolve_scope(
        session=session, consultation=consultation, campaign=campaign, default_tz=default_tz
    )
    chosen = Week.parse(week, scope.tz) if week else default_week(scope.tz)
    return build_weekly(session=session, scope=scope, week=chosen, lang=lang, as_of=as_of)


def consultation_report(
    *,
    session: Session,
    consultation: str,
    lang: str = "es",
    as_of: dt.datetime | None = None,
    deadlines: dt.date | AsOf | None = None,
) -> dict:
    """The consultation report's data: metric values as of ``as_of`` (default now),
    deadlines counted at ``deadlines`` (default ``analytics.consultation.as_of_for``)."""
    scope = resolve_scope(session=session, consultation=consultation)
    return build_consultation(
        session=session, consultation=scope.consultation, lang=lang, as_of=as_of, today=deadlines
    )


def report_weeks(*, session: Session, consultation: str) -> list[str]:
    """Every ISO week ("2018-W26") from the consultation's first post or first day, whichever
    comes first, to its last post or last day, whichever comes last (local days): the weeks
    a campaign's weekly reports cover, including a last week with proposals but no post."""
    from sqlalchemy import func, select

    from pulso.analytics.periods import local_date, weeks_between
    from pulso.analytics.scope import posts_query

    scope = resolve_scope(session=session, consultation=consultation)
    posts = posts_query(consultation_id=scope.consultation_id).subquery()
    first, last = session.execute(
        select(func.min(posts.c.published_at), func.max(posts.c.published_at))
    ).one()
    if first is not None:
        # SQLite returns aggregates of the UTC column without its type: make them aware.
        first, last = (
            (m if isinstance(m, dt.datetime) else dt.datetime.fromisoformat(str(m)))
            for m in (first, last)
        )
        first, last = (m if m.tzinfo else m.replace(tzinfo=dt.UTC) for m in (first, last))
        start, end = local_date(first, scope.tz), local_date(last, scope.tz)
        dates = scope.consultation
        start = min(start, dates.starts_on) if dates.starts_on else start
        end = max(end, dates.ends_on) if dates.ends_on else end
    else:
        start, end = scope.consultation.starts_on, scope.consultation.ends_on
        if start is None or end is None:
            return []
    return [week.label for week in weeks_between(start, end, scope.tz)]


def write_weekly(data: dict, *, formats: list[str], out: Path) -> list[Path]:
    """A campaign's report is named after its campaign too (``weekly-2018-W26-<campaign>``),
    so it never overwrites the consultation's report of the same week."""
    basename = f"weekly-{data['week']['label']}"
    if data["scope"].get("campaign"):
        basename += f"-{data['scope']['campaign']}"
    return write_report(data, weekly_document, formats=formats, out=out, basename=basename)


def write_consultation(data: dict, *, formats: list[str], out: Path) -> list[Path]:
    return write_report(
        data,
        consultation_document,
        formats=formats,
        out=out,
        basename=f"consultation-{data['consultation']['slug']}",
    )


__all__ = [
    "FORMATS",
    "DeliveryError",
    "ReportScope",
    "consultation_report",
    "parse_formats",
    "report_weeks",
    "resolve_scope",
    "send_report",
    "weekly_report",
    "write_consultation",
    "write_weekly",
]
