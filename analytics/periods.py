"""Days and weeks in the consultation's time zone, while the database stores UTC.

Definitions:
- a *local day* is a calendar date in the zone (``America/El_Salvador`` is UTC-6 all year, so
  a post at 2018-06-30 03:00 UTC belongs to 29 June);
- a *week* is an ISO week (Monday to Sunday) of local days, written ``2018-W26``; its UTC
  bounds are [Monday 00:00 local, next Monday 00:00 local);
- the *previous week* is the ISO week before, used for week-over-week change.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pulso.errors import InputError

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError.of("err.period.timezone", field="timezone", name=name) from None


@dataclass(frozen=True)
class Week:
    """An ISO week of local days in one time zone."""

    year: int
    number: int
    tz: str

    @classmethod
    def parse(cls, text: str, tz: str) -> Week:
        match = _WEEK.match(text.strip())
        if not match:
            raise InputError.of("err.period.week", field="week", value=text)
        year, number = int(match[1]), int(match[2])
        try:
            dt.date.fromisocalendar(year, number, 1)
        except ValueError:
            raise InputError.of(
                "err.period.no_such_week", field="week", value=text, year=year, week=number
            ) from None
        return cls(year, number, tz)

    @classmethod
    def containing(cls, day: dt.date, tz: str) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number, tz)

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.number, 1)

    @property
    def last_day(self) -> dt.date:
        return self.first_day + dt.timedelta(days=6)

    @property
    def days(self) -> list[dt.date]:
        return [self.first_day + dt.timedelta(days=i) for i in range(7)]

    @property
    def start_utc(self) -> dt.datetime:
        return local_midnight_utc(self.first_day, self.tz)

    @property
    def end_utc(self) -> dt.datetime:
        """Exclusive end: the next Monday's local midnight, in UTC."""
        return local_midnight_utc(self.first_day + dt.timedelta(days=7), self.tz)

    def previous(self) -> Week:
        return Week.containing(self.first_day - dt.timedelta(days=7), self.tz)

    def next(self) -> Week:
        return Week.containing(self.first_day + dt.timedelta(days=7), self.tz)


def monday_of(value: dt.datetime | dt.date, tz: str | ZoneInfo) -> dt.date:
    """The Monday of the (local) week of a UTC moment or a local day: the first day of
    ``Week.containing``; the pages name weeks by it."""
    where = tz if isinstance(tz, ZoneInfo) else zone(tz)
    day = value.astimezone(where).date() if isinstance(value, dt.datetime) else value
    return day - dt.timedelta(days=day.weekday())


def week_bounds(monday: dt.date, tz: str | ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) in UTC of the local week that starts on ``monday``: ``Week.start_utc``
    and ``Week.end_utc``."""
    where = tz if isinstance(tz, ZoneInfo) else zone(tz)
    start = dt.datetime.combine(monday, dt.time(), tzinfo=where)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=where)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def local_midnight_utc(day: dt.date, tz: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone(tz)).astimezone(dt.UTC)


def local_date(moment: dt.datetime, tz: str) -> dt.date:
    """The calendar date of a UTC moment in ``tz``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: Pulso works with timezone-aware UTC only")
    return moment.astimezone(zone(tz)).date()


def weeks_between(first: dt.date, last: dt.date, tz: str) -> list[Week]:
    """Every ISO week that has a day in [first, last]."""
    weeks, week = [], Week.containing(first, tz)
    while week.first_day <= last:
        weeks.append(week)
        week = week.next()
    return weeks


def change(current: float | None, previous: float | None) -> float | None:
    """Week-over-week change as a ratio: (current - previous) / previous.

    ``None`` when either value is missing or the previous one is zero (a change from nothing
    is not a percentage).
    """
    if current is None or previous is None or previous == 0:
        return None
    return (current - previous) / previous


# Below this previous value, or beyond this many times the previous value, a change is
# shown as the difference (+8,673 rather than +8,673.5 %): a percentage of a tiny base says
# more about the base than about the change.
SMALL_BASE = 100
LARGE_RATIO = 10.0


def readable_change(current: float | None, previous: float | None) -> tuple[str, float] | None:
    """How to show a change: ``("ratio", r)`` (a percentage) or ``("difference", d)`` (an
    absolute number, when the previous value is under ``SMALL_BASE`` or the ratio is
    ``LARGE_RATIO`` or more); ``None`` when either value is missing."""
    if current is None or previous is None:
        return None
    difference = current - previous
    if abs(previous) < SMALL_BASE or abs(difference) >= LARGE_RATIO * abs(previous):
        return ("difference", difference)
    return ("ratio", difference / previous)


@dataclass(frozen=True)
class Period:
    """Any range of local days [first, last] in one time zone: a week, a month, a campaign's
    fortnight. Its *previous period* is the range of the same length that ends the day
    before it starts (17-30 June compares with 3-16 June)."""

    first: dt.date
    last: dt.date
    tz: str

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InputError.of(
                "err.period.ends_before_start", field="to", last=self.last, first=self.first
            )

    @classmethod
    def parse(cls, first: str | None, last: str | None, tz: str) -> Period | None:
        """A period from two ISO dates (``2018-06-17``); one alone is a single day; neither
        is ``None`` (no period: the whole campaign)."""
        first, last = (first or "").strip(), (last or "").strip()
        if not first and not last:
            return None
        try:
            start = dt.date.fromisoformat(first or last)
            end = dt.date.fromisoformat(last or first)
        except ValueError:
            raise InputError.of("err.period.date", field="from", value=first or last) from None
        return cls(start, end, tz)

    @classmethod
    def of_week(cls, monday: dt.date, tz: str) -> Period:
        return cls(monday, monday + dt.timedelta(days=6), tz)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def start_utc(self) -> dt.datetime:
        return local_midnight_utc(self.first, self.tz)

    @property
    def end_utc(self) -> dt.datetime:
        """Exclusive end: local midnight after the last day, in UTC."""
        return local_midnight_utc(self.last + dt.timedelta(days=1), self.tz)

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        last = self.first - dt.timedelta(days=1)
        return Period(last - dt.timedelta(days=self.days - 1), last, self.tz)


def compare(current: float | None, previous: float | None) -> dict:
    """A figure against the previous period's: both values, the difference and how to show
    the change (``readable_change``: ``how`` is ``ratio``, ``difference`` or ``None``)."""
    shown = readable_change(current, previous)
    return {
        "value": current,
        "previous": previous,
        "difference": None if shown is None else current - previous,
        "how": None if shown is None else shown[0],
        "change": None if shown is None else shown[1],
    }
