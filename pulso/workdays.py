"""Working days: the answer deadline of a routed proposal is N working days after routing,
and an overdue answer is late by the working days since that deadline.

A working day is Monday to Friday and not one of the given holidays. Counting starts the
day after ``start``: routed on a Friday with 1 working day, the answer is due on Monday.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def is_working_day(day: dt.date, holidays: Iterable[dt.date] = ()) -> bool:
    return day.weekday() < 5 and day not in set(holidays)


def add_working_days(start: dt.date, days: int, holidays: Iterable[dt.date] = ()) -> dt.date:
    """The date ``days`` working days after ``start`` (``days`` >= 0; 0 returns ``start``)."""
    if days < 0:
        raise ValueError("working days must be zero or more")
    closed = set(holidays)
    current = start
    remaining = days
    while remaining:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            remaining -= 1
    return current


def working_days_between(start: dt.date, end: dt.date, holidays: Iterable[dt.date] = ()) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    closed = set(holidays)
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if current.weekday() < 5 and current not in closed:
            count += 1
    return sign * count


def working_days_late(due_on: dt.date, today: dt.date, holidays: Iterable[dt.date] = ()) -> int:
    """How late an answer due on ``due_on`` is on ``today``, in working days like its
    deadline: the working days after ``due_on`` up to and including ``today``.

    0 when it is not late yet, and also on the weekend (or holiday) right after the deadline,
    when no working day has passed since: due Friday, it is 1 day late on Monday.
    """
    return max(0, working_days_between(due_on, today, holidays))
