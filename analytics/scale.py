"""When a chart needs a logarithmic scale: one rule for the pages' and the reports' charts."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

# A bar this many times the median of the others flattens them on a linear axis.
FLATTEN_RATIO = 20.0


def needs_log_scale(values: Iterable[float | None]) -> bool:
    """True when the largest value is at least ``FLATTEN_RATIO`` times the median of the
    other positive values (one bar would leave the rest unreadable)."""
    positive = sorted(v for v in values if v is not None and v > 0)
    if len(positive) < 2:
        return False
    return positive[-1] >= FLATTEN_RATIO * statistics.median(positive[:-1])
