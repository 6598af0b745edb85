"""Small server-rendered SVG charts (no JavaScript, no image files).

Values are escaped; sizes are in user units and the SVG scales to its container.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from html import escape

from markupsafe import Markup

from pulso.analytics.scale import needs_log_scale
from pulso.i18n import format_number

WIDTH, HEIGHT = 640, 220  # a half-width panel; line charts take the whole width
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 56, 16, 16, 36


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    if 1 <= value <= 4:
        return 4.0  # four whole steps (0, 1, 2, 3, 4), not 0, 0.25, 0.5... of a small count
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _axis(top: float, lang: str, width: int = WIDTH, height: int = HEIGHT) -> list[str]:
    parts = []
    plot_h = height - PAD_TOP - PAD_BOTTOM
    for i in range(5):
        value = top * i / 4
        # As many decimals as this value needs: 62.5 and 0.25 are not "62" and "0"; 250 is
        # not "250.0".
        decimals = next(
            (d for d in (0, 1, 2, 3) if abs(value * 10**d - round(value * 10**d)) < 1e-9), 2
        )
        y = PAD_TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{width - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'class="grid"/>'
            f'<text x="{PAD_LEFT - 8}" y="{y + 4:.1f}" class="tick" text-anchor="end">'
            f"{escape(format_number(value, lang, decimals))}</text>"
        )
    return parts


def _svg(parts: list[str], label: str, width: int = WIDTH, height: int = HEIGHT) -> Markup:
    body = "".join(parts)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" preserveAspectRatio="xMidYMid meet">{body}</svg>'
    )


def _log_axis(top: float, lang: str) -> list[str]:
    """Grid lines at 0 and the powers of ten up to ``top`` (a log10(1 + v) axis)."""
    parts = []
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    span = math.log10(1 + top)
    value = 0.0
    while value <= top:
        y = PAD_TOP + plot_h - plot_h * math.log10(1 + value) / span
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            'class="grid"/>'
            f'<text x="{PAD_LEFT - 8}" y="{y + 4:.1f}" class="tick" text-anchor="end">'
            f"{escape(format_number(value, lang))}</text>"
        )
        value = 1.0 if value == 0 else value * 10
    return parts


def bar_chart(
    points: Sequence[tuple[str, float]], *, label: str, lang: str = "es", log_note: str = ""
) -> Markup:
    """Vertical bars with a category label under each. Where one bar would flatten the
    others (``analytics.scale.needs_log_scale``) the axis is logarithmic and ``log_note``
    is written above it."""
    if not points:
        return Markup("")
    log = needs_log_scale(v for _, v in points)
    top = _nice_max(max(v for _, v in points))
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / len(points)
    bar_w = min(56.0, max(4.0, slot * 0.6))
    parts = _log_axis(top, lang) if log else _axis(top, lang)
    if log and log_note:
        parts.append(
            f'<text x="{WIDTH - PAD_RIGHT}" y="{PAD_TOP - 4}" class="tick" '
            f'text-anchor="end">{escape(log_note)}</text>'
        )
    step = max(1, len(points) // 12)
    for i, (name, value) in enumerate(points):
        share = math.log10(1 + max(value, 0)) / math.log10(1 + top) if log else value / top
        h = plot_h * share
        x = PAD_LEFT + slot * i + (slot - bar_w) / 2
        y = PAD_TOP + plot_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(name)}: {escape(format_number(value, lang))}</title></rect>"
        )
        if i % step == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{HEIGHT - PAD_BOTTOM + 18}" class="tick" '
                f'text-anchor="middle">{escape(name)}</text>'
            )
    return _svg(parts, label)


def line_chart(
    points: Sequence[tuple[dt.datetime, float]],
    *,
    label: str,
    lang: str = "es",
    date_label: Callable[[dt.datetime], str] = lambda d: d.strftime("%d/%m %H:%M"),
    width: int = 1200,
    height: int = 260,
) -> Markup:
    """A time series (e.g. one metric of one post over successive observations)."""
    if not points:
        return Markup("")
    top = _nice_max(max(v for _, v in points))
    plot_w = width - PAD_LEFT - PAD_RIGHT
    plot_h = height - PAD_TOP - PAD_BOTTOM
    t0 = points[0][0].timestamp()
    span = max(points[-1][0].timestamp() - t0, 1.0)

    def xy(at: dt.datetime, value: float) -> tuple[float, float]:
        x = PAD_LEFT + (plot_w * (at.timestamp() - t0) / span if len(points) > 1 else plot_w / 2)
        return x, PAD_TOP + plot_h - plot_h * value / top

    coords = [xy(at, v) for at, v in points]
    parts = _axis(top, lang, width, height)
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    parts.append(f'<polyline points="{path}" class="line"/>')
    for (x, y), (at, value) in zip(coords, points, strict=True):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" class="dot">'
            f"<title>{escape(date_label(at))}: {escape(format_number(value, lang))}</title>"
            "</circle>"
        )
    first, last = date_label(points[0][0]), date_label(points[-1][0])
    if first == last:  # one point, or one day: one label under the middle, not two on top
        ticks = [(first, "middle", ((coords[0][0] + coords[-1][0]) / 2, 0.0))]
    else:
        ticks = [(first, "start", coords[0]), (last, "end", coords[-1])]
    for text, anchor, (x, _) in ticks:
        parts.append(
            f'<text x="{x:.1f}" y="{height - PAD_BOTTOM + 18}" class="tick" '
            f'text-anchor="{anchor}">{escape(text)}</text>'
        )
    return _svg(parts, label, width, height)
