"""Totals that respect what a metric counts.

Reach is a count of distinct people: the same person reached by two posts, or on two days,
is one person. Adding reach across posts or days over-counts, so these helpers refuse to
sum a unique metric. When a report needs a campaign figure and the platform gives none, it
must ask for ``sum_of_post_reach`` explicitly and label it as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pulso.metrics import is_unique_metric


class UniqueCountError(ValueError):
    """Raised when code tries to add up a unique count (reach) across posts or days."""


@dataclass(frozen=True)
class LabelledTotal:
    value: float | None
    # "sum" for additive metrics; "sum_of_post_reach" when reach was added on purpose and
    # must be shown as an upper bound, never as the campaign's reach.
    method: str


def sum_metric(
    metric: str, values: Iterable[float | None], *, is_unique: bool | None = None
) -> float:
    """Sum an additive metric; ``None`` values (no data yet) are skipped.

    Raises ``UniqueCountError`` for a unique count.
    """
    unique = is_unique_metric(metric) if is_unique is None else is_unique
    if unique:
        raise UniqueCountError(
            f"{metric!r} counts distinct people and cannot be summed; "
            "use the platform's own total or sum_of_post_reach() with its label"
        )
    return float(sum(v for v in values if v is not None))


def sum_of_post_reach(values: Iterable[float | None]) -> LabelledTotal:
    """The explicitly labelled sum of per-post reach (an upper bound on people reached)."""
    present = [v for v in values if v is not None]
    return LabelledTotal(float(sum(present)) if present else None, "sum_of_post_reach")


def total(
    metric: str, values: Iterable[float | None], *, is_unique: bool | None = None
) -> LabelledTotal:
    """A total for display: additive metrics are summed; unique counts are refused."""
    return LabelledTotal(sum_metric(metric, values, is_unique=is_unique), "sum")
