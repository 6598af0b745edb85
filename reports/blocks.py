"""Tables and charts that the weekly and the consultation reports build the same way.

Each takes rows of a report's data and returns a ``Table`` (or a ``Chart``) with the columns,
headings, total row and note both reports share; what differs between them (a title, the
share of the page a column takes) is a parameter.
"""

from __future__ import annotations

from pulso.reports import charts
from pulso.reports.document import Chart, Column, Table
from pulso.reports.text import t


def posts_table(
    key: str,
    title: str,
    rows: list[dict],
    lang: str,
    *,
    link_width: float = 1.0,
    notes_width: float = 2.5,
) -> Table:
    """One row per post: label, the first words of its text, link, date, reach,
    interactions, shares, plays and notes."""
    with_text = any(row.get("preview") for row in rows)  # imported without text: none
    if with_text:
        # The text's column takes its room from the notes and the link, so the numbers'
        # columns keep the width their headers need in the PDF.
        notes_width, link_width = max(notes_width - 0.9, 1.2), link_width * 0.8
    columns = [
        Column("label", t("r.post", lang), "text", 0.8),
        Column("permalink", t("r.link", lang), "link", link_width),
        Column("published", t("r.date", lang), "date", 0.6),
        Column("reach", t("r.reach", lang), "int", 0.9),
        Column("interactions", t("r.interactions", lang), "int", 1.0),
        Column("shares", t("r.shares", lang), "int", 0.95),
        Column("video_plays", t("r.plays", lang), "int", 1.15),
        Column("notes", t("r.notes", lang), "text", notes_width),
    ]
    if with_text:
        columns.insert(1, Column("preview", t("col_text", lang), "text", 1.4))
    return Table(key, title, columns, rows, note=t("r.reach_sum_note", lang))


def group_table(key: str, title: str, first: Column, rows: list[dict], lang: str) -> Table:
    """A table of ``analytics.posts.group_totals`` rows (per platform, per week...)."""
    columns = [
        first,
        Column("posts", t("w.h.posts", lang), "int"),
        Column("posts_with_data", t("w.with_data", lang), "int"),
        Column("reach_sum_of_posts", t("w.reach_sum", lang), "int", 1.2),
        Column("interactions", t("r.interactions", lang), "int"),
        Column("shares", t("r.shares", lang), "int"),
        Column("comments", t("r.comments_on_posts", lang), "int"),
        Column("link_clicks", t("r.link_clicks", lang), "int"),
        Column("video_plays", t("r.plays", lang), "int"),
    ]
    note = t("r.reach_sum_note", lang) + " " + t("r.comments_on_posts_note", lang)
    return Table(key, title, columns, rows, note=note)


def theme_table(
    key: str,
    title: str,
    rows: list[dict],
    total: int,
    lang: str,
    *,
    people: bool = True,
    total_people: int | None = None,
) -> Table:
    """Proposals per theme (and distinct people, unless ``people`` is false), with a total of
    the proposals and, when given, of the distinct people (counted once, never the sum of
    the themes')."""
    columns = [
        Column("theme", t("r.theme", lang), "text", 3),
        Column("proposals", t("r.proposals", lang), "int"),
    ]
    if people:
        columns.append(Column("people", t("r.people", lang), "int"))
    totals = {"theme": t("r.total", lang), "proposals": total}
    if people and total_people is not None:
        totals["people"] = total_people
    return Table(key, title, columns, rows, total=totals)


def reach_chart(key: str, title: str, rows: list[dict], highlight: list[bool], lang: str) -> Chart:
    """Bars of the posts' reach (rows with a reach), the largest ``charts.MAX_BARS`` when
    there are more, as the title then says."""
    top = t("r.top", lang, n=charts.MAX_BARS) if len(rows) > charts.MAX_BARS else ""
    return charts.horizontal_bars(
        key,
        title + top,
        [row["label"] for row in rows],
        [row["reach"] for row in rows],
        highlight=highlight,
        value_label=t("r.reach", lang),
        log_label=t("r.log_scale", lang),
    )


def themes_chart(title: str, rows: list[dict], lang: str) -> Chart:
    """Bars of proposals per theme."""
    return charts.horizontal_bars(
        "proposals_by_theme",
        title,
        [row["theme"] for row in rows],
        [row["proposals"] for row in rows],
        value_label=t("r.proposals", lang),
    )
