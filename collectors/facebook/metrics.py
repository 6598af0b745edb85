"""Which Graph insight names feed which Pulso canonical metrics, per Graph version.

Meta keeps retiring post insights (``post_engaged_users`` in 2024, ``post_impressions*``
in November 2025, ``post_impressions_unique`` - reach - by June 2026, replaced by
``post_total_media_view_unique``), and a single retired name fails the whole request with
error 100. So the names live in one registry per version: ``registry_for("v25.0")`` picks
the newest registry not newer than the version asked for. When Meta still rejects a name,
the collector drops it (``InsightSet.drop``), records why, and keeps asking for the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from pulso.metrics import CANONICAL_METRICS


@dataclass(frozen=True)
class GraphMetric:
    """One Graph insight: a number (``canonical``) or a dict of numbers (``keys``)."""

    graph: str
    canonical: str | None = None
    keys: tuple[tuple[str, str], ...] = ()  # (Graph key, canonical) for dict values
    scale: float = 1.0  # e.g. milliseconds -> seconds

    def values(self, value: object) -> Iterator[tuple[str, float]]:
        """The canonical (name, value) pairs in one insight value."""
        if isinstance(value, dict):
            for key, canonical in self.keys:
                if key in value and isinstance(value[key], int | float):
                    yield canonical, float(value[key]) * self.scale
        elif isinstance(value, int | float) and self.canonical:
            yield self.canonical, float(value) * self.scale


_REACTIONS = GraphMetric(
    "post_reactions_by_type_total",
    keys=tuple(
        (key, f"reactions_{key}") for key in ("like", "love", "wow", "haha", "sorry", "anger")
    ),
)
_CLICKS_BY_TYPE = GraphMetric(
    "post_clicks_by_type",
    keys=(("link clicks", "link_clicks"), ("other clicks", "other_clicks")),
)
_VIDEO = (
    GraphMetric("post_video_views", "video_plays"),
    # Both are reported in milliseconds.
    GraphMetric("post_video_view_time", "video_watch_seconds", scale=0.001),
    GraphMetric("post_video_avg_time_watched", "video_avg_watch_seconds", scale=0.001),
)

# Keyed by the first Graph version each registry applies to.
REGISTRIES: dict[tuple[int, int], tuple[GraphMetric, ...]] = {
    (18, 0): (
        GraphMetric("post_impressions_unique", "reach"),
        GraphMetric("post_impressions", "impressions"),
        GraphMetric("post_clicks", "clicks"),
        _CLICKS_BY_TYPE,
        _REACTIONS,
        *_VIDEO,
    ),
    # v24+: post_impressions* are gone (Nov 2025); reach is post_total_media_view_unique.
    (24, 0): (
        GraphMetric("post_total_media_view_unique", "reach"),
        GraphMetric("post_media_view", "views"),
        GraphMetric("post_clicks", "clicks"),
        _CLICKS_BY_TYPE,
        _REACTIONS,
        *_VIDEO,
    ),
}


def parse_version(version: str) -> tuple[int, int]:
    major, _, minor = version.lstrip("v").partition(".")
    try:
        return int(major), int(minor or 0)
    except ValueError:
        raise ValueError(f"not a Graph API version: {version!r}") from None


def registry_for(version: str) -> tuple[GraphMetric, ...]:
    wanted = parse_version(version)
    usable = [v for v in REGISTRIES if v <= wanted]
    return REGISTRIES[max(usable) if usable else min(REGISTRIES)]


@dataclass
class InsightSet:
    """The metrics still asked for in this version, and the ones Meta refused."""

    version: str
    metrics: list[GraphMetric] = field(default_factory=list)
    dropped: dict[str, str] = field(default_factory=dict)  # Graph name -> reason

    @classmethod
    def for_version(cls, version: str, dropped: dict[str, str] | None = None) -> InsightSet:
        dropped = dict(dropped or {})
        kept = [m for m in registry_for(version) if m.graph not in dropped]
        return cls(version, kept, dropped)

    @property
    def names(self) -> list[str]:
        return [m.graph for m in self.metrics]

    def drop(self, graph_name: str, reason: str) -> None:
        self.metrics = [m for m in self.metrics if m.graph != graph_name]
        self.dropped[graph_name] = reason

    def canonical_values(self, insights: Iterable[dict]) -> dict[str, float]:
        """Map a Graph ``insights.data`` list to {canonical name: value}."""
        by_name = {m.graph: m for m in self.metrics}
        out: dict[str, float] = {}
        for item in insights:
            metric = by_name.get(item.get("name"))
            values = item.get("values") or []
            if metric is None or not values:
                continue
            for name, value in metric.values(values[-1].get("value")):
                out[name] = value
        return out


def _check() -> None:
    for metrics in REGISTRIES.values():
        for m in metrics:
            for name in [m.canonical, *(c for _, c in m.keys)]:
                if name is not None and name not in CANONICAL_METRICS:
                    raise AssertionError(f"{m.graph} maps to unknown canonical metric {name}")


_check()
