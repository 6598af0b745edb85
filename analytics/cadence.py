"""Posting cadence: posts planned per day against posts published, per local day.

Definitions:
- a post counts on the local day (consultation time zone) it was published;
- *planned* on a day is ``Campaign.planned_posts_per_day`` when the day is within the
  campaign's dates (both inclusive; open ends count as within), else 0;
- *actual* counts the campaign's posts on ``Campaign.planned_platform`` (every platform when
  none is planned);
- ``fulfilment`` = actual / planned over the period (``None`` when nothing was planned).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pulso.analytics.periods import local_date


def cadence(
    posts: pd.DataFrame,
    days: list[dt.date],
    *,
    tz: str,
    planned_per_day: float | None,
    platform: str | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> pd.DataFrame:
    """One row per day: day, planned, actual (pure; ``posts`` is a ``post_table`` frame)."""
    if platform is not None and not posts.empty:
        posts = posts[posts["platform"] == platform]
    published = [local_date(moment, tz) for moment in posts["published_at"]] if len(posts) else []
    counts = pd.Series(published, dtype=object).value_counts().to_dict()
    rows = []
    for day in days:
        within = (starts_on is None or day >= starts_on) and (ends_on is None or day <= ends_on)
        planned = planned_per_day if (planned_per_day and within) else 0.0
        rows.append({"day": day, "planned": float(planned), "actual": int(counts.get(day, 0))})
    return pd.DataFrame(rows, columns=["day", "planned", "actual"])


def cadence_summary(frame: pd.DataFrame) -> dict:
    planned = float(frame["planned"].sum()) if len(frame) else 0.0
    actual = int(frame["actual"].sum()) if len(frame) else 0
    return {
        "planned": planned,
        "actual": actual,
        "fulfilment": (actual / planned) if planned else None,
        "days_below_plan": int((frame["actual"] < frame["planned"]).sum()) if len(frame) else 0,
    }
