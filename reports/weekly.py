"""The weekly report as a ``Document``, from the data of ``reports.weekly_data``."""

from __future__ import annotations

import datetime as dt

from pulso.analytics.periods import readable_change
from pulso.i18n import format_date, format_number, format_percent
from pulso.reports import charts
from pulso.reports.blocks import group_table, posts_table, reach_chart, theme_table, themes_chart
from pulso.reports.document import Column, Document, Figure, Section, Table, display
from pulso.reports.executive import executive_section
from pulso.reports.paid_blocks import paid_section
from pulso.reports.text import channel_name, t

HEADLINE_KIND = {"spend": "money", "posts": "int"}


def _change_text(item: dict, kind: str, lang: str) -> str | None:
    """A headline figure's change as people read it (``analytics.periods.readable_change``):
    a percentage, or the difference where the previous week's value is too small for one."""
    shown = readable_change(item["value"], item["previous"])
    if shown is None or shown[1] == 0:
        return None if shown is None else t("w.no_change", lang)
    how, amount = shown
    if how == "ratio":
        text = display(amount, "change", lang)
    else:
        text = ("+" if amount > 0 else "−") + display(abs(amount), kind, lang)
    return text + " " + t("w.vs_previous", lang)


def _headline(data: dict, lang: str) -> list[Figure]:
    figures = []
    for item in data["headline"]:
        kind = HEADLINE_KIND.get(item["key"], "int")
        difference = (
            None
            if item["value"] is None or item["previous"] is None
            else item["value"] - item["previous"]
        )
        figures.append(
            Figure(
                label=t(f"w.h.{item['key']}", lang),
                value=display(item["value"], kind, lang),
                change=_change_text(item, kind, lang),
                trend=0 if not difference else (1 if difference > 0 else -1),
                note=display(item["previous"], kind, lang)
                if item["previous"] is not None
                else None,
                raw=item["value"],
            )
        )
    return figures


def _posts_section(data: dict, lang: str) -> Section:
    section = Section(title=t("w.posts", lang))
    rows = data["posts"]
    if not rows:
        section.paragraphs.append(t("w.empty_week", lang))
        return section
    platform_names = {"facebook": "Facebook", "x": "X"}
    table_rows = [
        {**row, "platform": platform_names.get(row["platform"], row["platform"])} for row in rows
    ]
    section.tables.append(posts_table("posts", t("w.posts", lang), table_rows, lang))
    platforms = [
        {
            **row,
            "platform": {"facebook": "Facebook", "x": "X"}.get(row["platform"], row["platform"]),
        }
        for row in data["by_platform"]
    ]
    section.tables.append(
        group_table(
            "by_platform",
            t("w.by_platform", lang),
            Column("platform", t("r.platform", lang), "text", 1.2),
            platforms,
            lang,
        )
    )
    # A post named by its first words and its label, not by the label alone ("tuit 13").
    opening, closing = ("«", "»") if lang == "es" else ("“", "”")
    labels = {
        row["post_id"]: (
            f"{opening}{row['preview']}{closing} ({row['label']})"
            if row.get("preview")
            else row["label"]
        )
        for row in rows
    }
    if data["best_posts"]:
        names = ", ".join(labels[i] for i in data["best_posts"])
        section.paragraphs.append(t("w.best", lang, labels=names))
    if data["worst_posts"]:
        names = ", ".join(labels[i] for i in data["worst_posts"])
        section.paragraphs.append(t("w.worst", lang, labels=names))
    measured = [row for row in rows if row["reach"] is not None]
    if measured:
        best = set(data["best_posts"][:1])
        section.charts.append(
            reach_chart(
                "reach_per_post",
                t("w.chart_reach", lang),
                measured,
                [row["post_id"] in best for row in measured],
                lang,
            )
        )
    days = data["daily"]
    section.charts.append(
        charts.daily_timeline(
            "daily",
            t("w.chart_daily", lang),
            [_short_day(d["day"], lang) for d in days],
            [d["posts"] for d in days],
            [d["interactions"] for d in days],
            posts_label=t("w.h.posts", lang),
            interactions_label=t("r.interactions", lang),
        )
    )
    return section


def _short_day(day: str, lang: str) -> str:
    value = dt.date.fromisoformat(day)
    return format_date(value, lang, year=False).replace(" de ", " ")


def _comments_section(data: dict, lang: str) -> Section:
    section = Section(title=t("w.comments_section", lang))
    c = data["comments"]
    section.paragraphs.append(
        t(
            "w.comments_text",
            lang,
            comments=format_number(c["comments"], lang),
            proposals=format_number(c["proposals"], lang),
            proposal_share=format_percent(c["proposal_share"], lang),
            suggested=format_number(c["suggested"], lang),
            abusive=format_number(c["abusive"], lang),
            abusive_share=format_percent(c["abusive_share"], lang),
        )
    )
    if c["sentiment"]:
        names = {
            "positive": ("positivo", "positive"),
            "neutral": ("neutro", "neutral"),
            "negative": ("negativo", "negative"),
            "unknown": ("sin clasificar", "not scored"),
        }
        text = ", ".join(
            f"{names.get(k, (k, k))[lang == 'en']} {format_number(v, lang)}"
            for k, v in c["sentiment"].items()
        )
        section.paragraphs.append(t("w.sentiment", lang, text=text))
    proposals = data["proposals"]
    if proposals["by_theme"]:
        title = t("w.chart_themes", lang)
        section.tables.append(
            theme_table(
                "proposals_by_theme",
                title,
                proposals["by_theme"],
                proposals["total"],
                lang,
                people=False,
            )
        )
        if proposals["total"]:
            section.charts.append(themes_chart(title, proposals["by_theme"], lang))
    if proposals["by_channel"]:
        section.tables.append(
            Table(
                "proposals_by_channel",
                t("r.channel", lang),
                [
                    Column("label", t("r.channel", lang), "text", 3),
                    Column("proposals", t("r.proposals", lang), "int"),
                ],
                proposals["by_channel"],
            )
        )
    return section


def _cadence_section(data: dict, lang: str) -> Section:
    section = Section(title=t("w.cadence", lang))
    c = data["cadence"]
    if c["planned_per_day"]:
        section.paragraphs.append(
            t(
                "w.cadence_text",
                lang,
                planned=format_number(c["planned"], lang),
                per_day=format_number(c["planned_per_day"], lang),
                platform=channel_name(c["platform"] or "", lang) if c["platform"] else "—",
                actual=format_number(c["actual"], lang),
                fulfilment=format_percent(c["fulfilment"], lang, 0),
            )
        )
    else:
        section.paragraphs.append(t("w.no_plan", lang))
    section.tables.append(
        Table(
            "cadence",
            t("w.cadence", lang),
            [
                Column("day", t("w.day", lang), "date", 2),
                Column("planned", t("w.planned", lang), "int"),
                Column("actual", t("w.actual", lang), "int"),
            ],
            c["days"],
            total={"day": t("r.total", lang), "planned": c["planned"], "actual": c["actual"]},
        )
    )
    return section


def weekly_document(data: dict) -> Document:
    lang = data["lang"]
    week = data["week"]
    scope = data["scope"]
    name = scope["campaign_name"] or scope["consultation_name"] or ""
    summary = Section(title=t("w.summary", lang))
    summary.paragraphs.append(
        t(
            "w.summary_text",
            lang,
            as_of=format_date(dt.datetime.fromisoformat(data["as_of"]).date(), lang),
            previous=week["previous"],
            tz=data["timezone"],
        )
    )
    summary.figures = _headline(data, lang)
    sections = [
        executive_section(data["executive"], "weekly", lang),
        summary,
        _posts_section(data, lang),
        paid_section(data, lang, t("w.paid", lang)),
        _comments_section(data, lang),
        _cadence_section(data, lang),
    ]
    return Document(
        kind="weekly",
        title=t("w.title", lang),
        subtitle=(name + " · " if name else "")
        + t(
            "w.subtitle",
            lang,
            week=week["label"],
            start=format_date(dt.date.fromisoformat(week["first_day"]), lang),
            end=format_date(dt.date.fromisoformat(week["last_day"]), lang),
        ),
        lang=lang,
        generated=t(
            "r.generated",
            lang,
            date=format_date(dt.datetime.fromisoformat(data["generated_at"]).date(), lang),
        ),
        sections=sections,
        footer=t("r.footer", lang),
    )
