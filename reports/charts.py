"""Charts drawn with matplotlib (Agg backend, DejaVu Sans shipped with matplotlib).

Each function takes plain data and returns a ``Chart`` with a PNG (for the PDF and HTML) at a
size meant for an A4 column. Labels never overlap: long labels are wrapped or the bars are
horizontal, and tick labels are thinned.
"""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from pulso.analytics.scale import needs_log_scale
from pulso.reports.document import Chart  # noqa: E402

BLUE = "#1f4e79"
LIGHT = "#8fb3d9"
ACCENT = "#c0504d"
GREY = "#7f7f7f"
WIDTH_IN = 7.0  # A4 text width is about 6.7 in with 2 cm margins
MAX_BARS = 25  # beyond this a bar chart shows the largest only (the tables have every row)


def _style(ax) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.spines["left"].set_color("#bbbbbb")
    ax.spines["bottom"].set_color("#bbbbbb")
    ax.tick_params(colors="#333333", labelsize=8)
    ax.grid(axis="x" if ax.get_label() == "h" else "y", color="#e5e5e5", linewidth=0.6)
    ax.set_axisbelow(True)


def _thousands(_value, _pos=None) -> str:
    return f"{_value:,.0f}"


def _finish(fig, key: str, title: str, alt: str) -> Chart:
    fig.tight_layout()
    # tight_layout leaves a placeholder layout engine, for which savefig would draw the
    # whole figure once more before drawing it for the PNG: the layout is done already.
    fig.set_layout_engine(None)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=160)
    plt.close(fig)
    return Chart(key=key, title=title, png=buffer.getvalue(), alt=alt)


def _wrap(label: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def horizontal_bars(
    key: str,
    title: str,
    labels: list[str],
    values: list[float | None],
    *,
    highlight: list[bool] | None = None,
    value_label: str = "",
    max_bars: int = MAX_BARS,
    log_label: str = "escala logarítmica",
) -> Chart:
    """Horizontal bars (one per label), largest first is the caller's choice of order.

    Beyond ``max_bars`` only the largest are drawn (the table has every row).
    """
    marks = highlight or [False] * len(labels)  # once, not a new list per bar
    items = [
        (lab, v or 0.0, marks[i]) for i, (lab, v) in enumerate(zip(labels, values, strict=True))
    ]
    if len(items) > max_bars:
        items = sorted(items, key=lambda item: -item[1])[:max_bars]
    items = items[::-1]  # matplotlib draws the first bar at the bottom
    height = max(1.6, 0.32 * len(items) + 0.8)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, height))
    ax.set_label("h")
    colours = [ACCENT if h else BLUE for _, _, h in items]
    bars = ax.barh(
        [_wrap(lab, 34) for lab, _, _ in items], [v for _, v, _ in items], color=colours, height=0.6
    )
    top = max([v for _, v, _ in items] or [1]) or 1
    for bar, (_, value, _) in zip(bars, items, strict=True):
        ax.text(
            bar.get_width() + top * 0.01,
            bar.get_y() + bar.get_height() / 2,
            f"{value:,.0f}",
            va="center",
            fontsize=7.5,
            color="#333333",
        )
    if needs_log_scale(v for _, v, _ in items):
        # One bar would flatten the others: a logarithmic axis (the bars carry their values).
        ax.set_xscale("symlog", linthresh=1)
        ax.set_xlim(0, top * 3)
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        value_label = f"{value_label} ({log_label})" if value_label else log_label
    else:
        ax.set_xlim(0, top * 1.15)
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    if value_label:
        ax.set_xlabel(value_label, fontsize=8)
    _style(ax)
    return _finish(fig, key, title, alt=title)


def daily_timeline(
    key: str,
    title: str,
    days: list[str],
    posts: list[int],
    interactions: list[float | None],
    *,
    posts_label: str,
    interactions_label: str,
) -> Chart:
    """Bars of posts per day with a line of interactions on a second axis."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.6))
    positions = list(range(len(days)))
    ax.bar(positions, posts, color=LIGHT, width=0.6, label=posts_label)
    ax.set_ylabel(posts_label, fontsize=8)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
    step = max(1, len(days) // 10)
    ax.set_xticks(positions[::step])
    ax.set_xticklabels(days[::step], fontsize=8)
    _style(ax)
    second = ax.twinx()
    second.plot(
        positions,
        [v or 0 for v in interactions],
        color=ACCENT,
        marker="o",
        markersize=3.5,
        linewidth=1.6,
        label=interactions_label,
    )
    second.set_ylabel(interactions_label, fontsize=8)
    second.yaxis.set_major_formatter(FuncFormatter(_thousands))
    second.yaxis.set_major_locator(MaxNLocator(4, integer=True))
    second.set_ylim(bottom=0)
    second.spines["top"].set_visible(False)
    second.tick_params(labelsize=8, colors="#333333")
    handles = ax.get_legend_handles_labels()[0] + second.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + second.get_legend_handles_labels()[1]
    ax.legend(handles, labels, fontsize=7.5, frameon=False, loc="upper left", ncol=2)
    ax.set_ylim(0, max(posts or [1]) * 1.35 + 0.5)
    return _finish(fig, key, title, alt=title)


def age_gender(
    key: str, title: str, ages: list[str], series: dict[str, list[float | None]], *, y_label: str
) -> Chart:
    """Grouped bars: one group per age bucket, one bar per gender."""
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 2.6))
    n = max(1, len(series))
    width = 0.8 / n
    colours = [ACCENT, BLUE, GREY, LIGHT]
    for index, (name, values) in enumerate(series.items()):
        offsets = [i - 0.4 + width * (index + 0.5) for i in range(len(ages))]
        ax.bar(
            offsets,
            [v or 0 for v in values],
            width=width * 0.95,
            label=name,
            color=colours[index % len(colours)],
        )
        for offset, value in zip(offsets, values, strict=True):
            if value is None:  # no value from the platform (below its threshold): say so
                ax.text(offset, 0, "n/d", ha="center", va="bottom", fontsize=6.5, color=GREY)
    ax.set_xticks(list(range(len(ages))))
    ax.set_xticklabels(ages, fontsize=8)
    ax.set_ylabel(y_label, fontsize=8)
    ax.yaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.yaxis.set_major_locator(MaxNLocator(4, integer=True))
    ax.legend(fontsize=7.5, frameon=False)
    _style(ax)
    return _finish(fig, key, title, alt=title)
