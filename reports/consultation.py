"""The consultation report (the seed's "Resultados") as a ``Document``."""

from __future__ import annotations

import datetime as dt

from pulso.i18n import format_date, format_number
from pulso.reports.blocks import group_table, posts_table, reach_chart, theme_table, themes_chart
from pulso.reports.document import Column, Document, Figure, Section, Table
from pulso.reports.executive import executive_section
from pulso.reports.paid_blocks import paid_section
from pulso.reports.text import channel_name, status_name, t


def _date(value: str | None, lang: str) -> str:
    return format_date(dt.date.fromisoformat(value), lang) if value else "—"


def _channels(data: dict, lang: str) -> Section:
    p, a = data["proposals"], data["answers"]
    section = Section(title=t("c.channels", lang))
    section.paragraphs.append(
        t(
            "c.channels_text",
            lang,
            total=format_number(p["total"], lang),
            structured=format_number(p["structured"], lang),
        )
    )
    section.figures = [
        Figure(t("c.counted", lang), format_number(p["total"], lang), raw=p["total"]),
        Figure(t("c.people", lang), format_number(p["people"], lang), raw=p["people"]),
        Figure(t("c.structured", lang), format_number(p["structured"], lang), raw=p["structured"]),
        Figure(t("c.accepted", lang), format_number(a["accepted"], lang), raw=a["accepted"]),
        Figure(t("c.rejected", lang), format_number(a["rejected"], lang), raw=a["rejected"]),
    ]
    rows = [{**r, "channel": channel_name(r["channel"], lang)} for r in data["channels"]]
    section.tables.append(
        Table(
            "channels",
            t("c.channels", lang),
            [
                Column("channel", t("r.channel", lang), "text", 3),
                Column("received", t("c.received", lang), "int"),
                Column("not_proposals", t("c.not_proposals", lang), "int"),
                Column("merged", t("c.merged", lang), "int"),
                Column("proposals", t("c.counted", lang), "int"),
            ],
            rows,
            total={
                "channel": t("r.total", lang),
                "received": p["received"],
                "not_proposals": p["not_proposals"],
                "merged": p["merged"],
                "proposals": p["total"],
            },
        )
    )
    section.paragraphs.append(t("c.merged_note", lang))
    as_of = data["deadlines_as_of"]
    section.paragraphs.append(
        t(
            "c.deadlines_as_of",
            lang,
            day=_date(as_of["day"], lang),
            basis=t(f"as_of.{as_of['basis']}", lang),
        )
    )
    themes = data["by_theme"]
    section.tables.append(
        theme_table(
            "by_theme", t("c.by_theme", lang), themes, p["total"], lang, total_people=p["people"]
        )
    )
    if p["total"]:
        section.charts.append(themes_chart(t("c.by_theme", lang), themes, lang))
    return section


def _web(data: dict, lang: str) -> Section:
    section = Section(title=t("c.web", lang))
    rows = data["web_by_theme"]
    total = sum(r["proposals"] for r in rows)
    section.paragraphs.append(t("c.web_text", lang, total=format_number(total, lang)))
    section.bullets = [
        t(
            "c.web_item" if r["people"] != 1 else "c.web_item_one",
            lang,
            proposals=format_number(r["proposals"], lang),
            theme=r["theme"],
            people=format_number(r["people"], lang),
        )
        for r in rows
    ]
    section.tables.append(theme_table("web_by_theme", t("c.web", lang), rows, total, lang))
    return section


def _social(data: dict, lang: str) -> Section:
    section = Section(title=t("c.social", lang))
    x = data["x"]
    section.paragraphs.append(
        t(
            "c.x_text",
            lang,
            posts=format_number(x["posts"], lang),
            retweets=format_number(x["retweets"], lang),
            likes=format_number(x["likes"], lang),
            replies=format_number(x["replies"], lang),
        )
    )
    if x["first_day"]:
        section.paragraphs.append(
            t(
                "c.x_cadence",
                lang,
                start=_date(x["first_day"], lang),
                end=_date(x["last_day"], lang),
                days=x["days"],
            )
        )
    section.tables.append(
        Table(
            "x_totals",
            t("c.x_title", lang),
            [
                Column("posts", t("c.posts", lang), "int"),
                Column("retweets", t("c.retweets", lang), "int"),
                Column("likes", t("c.likes", lang), "int"),
                Column("replies", t("c.replies", lang), "int"),
            ],
            [x],
        )
    )
    if data["by_week"]:
        section.tables.append(
            group_table(
                "by_week",
                t("c.by_week", lang),
                Column("week", t("w.week", lang), "text", 1.6),
                data["by_week"],
                lang,
            )
        )
    fb = data["facebook_posts"]
    if fb:
        section.tables.append(
            posts_table(
                "facebook_posts", t("c.fb_title", lang), fb, lang, link_width=0.6, notes_width=2.6
            )
        )
        measured = [r for r in fb if r["reach"] is not None]
        if measured:
            section.charts.append(
                reach_chart(
                    "facebook_reach",
                    t("w.chart_reach", lang) + " (Facebook)",
                    measured,
                    [r["boosted"] for r in measured],
                    lang,
                )
            )
    return section


def _intake(data: dict, lang: str) -> Section:
    section = Section(title=t("c.intake", lang))
    rows = [
        {**r, "channel": channel_name(r["channel"], lang), "organisation": r["organisation"] or "—"}
        for r in data["intake"]
    ]
    if not rows:
        section.paragraphs.append(t("r.no_data", lang))
        return section
    section.tables.append(
        Table(
            "intake",
            t("c.intake", lang),
            [
                Column("received_on", t("c.received_on", lang), "date", 1.2),
                Column("channel", t("r.channel", lang), "text", 1.2),
                Column("organisation", t("c.organisation", lang), "text", 2.0),
                Column("items", t("c.items", lang), "int", 0.8),
                Column("in_template", t("c.in_template", lang), "int", 0.8),
            ],
            rows,
            total={
                "received_on": t("r.total", lang),
                "items": sum(r["items"] for r in rows),
                "in_template": sum(r["in_template"] for r in rows),
            },
            note=t("c.intake_note", lang),
        )
    )
    return section


def _reconciliation(data: dict, lang: str) -> Section:
    rec, ans = data["reconciliation"], data["answers"]
    section = Section(title=t("c.reconciliation", lang))
    rows = [
        {"step": t("c.received", lang), "value": rec["received"]},
        {"step": "− " + t("c.not_proposals", lang), "value": rec["not_proposals"]},
        {"step": "− " + t("c.merged", lang), "value": rec["merged"]},
        # Not "= ...": a cell starting with "=" is neutralised as a formula in XLSX and CSV.
        {"step": t("c.counted_result", lang), "value": rec["counted"]},
        {"step": t("c.structured", lang), "value": rec["structured"]},
    ]
    section.tables.append(
        Table(
            "reconciliation",
            t("c.reconciliation", lang),
            [Column("step", "", "text", 3), Column("value", t("r.proposals", lang), "int")],
            rows,
        )
    )
    answers = [
        {"step": t(f"c.{key}", lang), "value": ans[key]}
        for key in ("counted", "routed", "answered", "accepted", "rejected", "pending", "overdue")
    ]
    section.tables.append(
        Table(
            "answers",
            t("c.answers", lang),
            [Column("step", "", "text", 3), Column("value", t("r.proposals", lang), "int")],
            answers,
        )
    )
    funnel = [
        {**r, "channel": channel_name(r["channel"], lang), "theme": r["theme"] or "—"}
        for r in data["funnel"]
    ]
    if funnel:
        section.tables.append(
            Table(
                "funnel",
                t("c.funnel", lang),
                [
                    Column("channel", t("r.channel", lang), "text", 1.2),
                    Column("theme", t("r.theme", lang), "text", 1.8),
                    # A channel's and theme's reach adds its posts' reach: not people.
                    Column("reach", t("w.reach_sum", lang), "int"),
                    Column("link_clicks", t("r.link_clicks", lang), "int"),
                    Column("comments", t("r.comments", lang), "int"),
                    Column("proposals", t("r.proposals", lang), "int"),
                    Column("merged", t("c.merged", lang), "int"),
                    Column("answered", t("c.answered", lang), "int"),
                    Column("accepted", t("c.accepted", lang), "int"),
                ],
                funnel,
                note=t("c.funnel_note", lang),
            )
        )
    return section


def _annexes(data: dict, lang: str) -> list[Section]:
    a = data["annexes"]
    proposals = [
        {
            **p,
            "channel": channel_name(p["channel"], lang),
            "status": status_name(p["status"], lang),
            "theme": p["theme"] or "—",
        }
        for p in a["proposals"]
    ]
    sections = [
        Section(
            title=t("c.annex_proposals", lang),
            page_break=True,
            tables=[
                Table(
                    "annex_proposals",
                    t("c.annex_proposals", lang),
                    [
                        Column("number", t("c.number", lang), "int", 0.5),
                        Column("theme", t("r.theme", lang), "text", 1.3),
                        Column("channel", t("r.channel", lang), "text", 1.0),
                        Column("received", t("c.received_on", lang), "date", 1.1),
                        Column("title", t("c.title_col", lang), "text", 3.2),
                        Column("status", t("c.status", lang), "text", 1.0),
                        Column("institution", t("c.institution", lang), "text", 0.9),
                    ],
                    proposals,
                )
            ],
        ),
        Section(
            title=t("c.annex_routing", lang),
            tables=[
                Table(
                    "annex_routing",
                    t("c.annex_routing", lang),
                    [
                        Column("institution", t("c.institution", lang), "text", 3),
                        Column("proposals", t("r.proposals", lang), "int"),
                        Column("answered", t("c.answered", lang), "int"),
                        Column("accepted", t("c.accepted", lang), "int"),
                        Column("rejected", t("c.rejected", lang), "int"),
                        Column("overdue", t("c.overdue", lang), "int"),
                    ],
                    a["routing"],
                )
            ],
        ),
        Section(
            title=t("c.annex_rejections", lang),
            page_break=True,
            tables=[
                Table(
                    "annex_rejections",
                    t("c.annex_rejections", lang),
                    [
                        Column("number", t("c.number", lang), "int", 0.5),
                        Column("title", t("c.title_col", lang), "text", 2.5),
                        Column("institution", t("c.institution", lang), "text", 1.5),
                        Column("justification", t("c.justification", lang), "text", 3.0),
                    ],
                    a["rejections"],
                )
            ],
        ),
        Section(
            title=t("c.annex_smart", lang),
            page_break=True,
            tables=[
                Table(
                    "annex_smart",
                    t("c.annex_smart", lang),
                    [
                        Column("number", t("c.number", lang), "int", 0.45),
                        Column("action", t("c.action", lang), "text", 2.0),
                        Column("indicator", t("c.indicator", lang), "text", 1.4),
                        Column("baseline", t("c.baseline", lang), "text", 0.9),
                        Column("target", t("c.target", lang), "text", 0.9),
                        Column("responsible", t("c.responsible", lang), "text", 1.1),
                        Column("period", t("c.period", lang), "text", 1.1),
                        Column("milestones", t("c.milestones", lang), "text", 1.6),
                    ],
                    [
                        {
                            **m,
                            "period": _date(m["starts_on"], lang)
                            + " – "
                            + _date(m["ends_on"], lang),
                        }
                        for m in a["commitments"]
                    ],
                )
            ],
        ),
    ]
    for section in sections:
        if not section.tables[0].rows:
            section.paragraphs.append(t("c.none", lang))
    return sections


def consultation_document(data: dict) -> Document:
    lang = data["lang"]
    c = data["consultation"]
    period = ""
    if c["starts_on"] and c["ends_on"]:
        period = t(
            "from_to", lang, start=_date(c["starts_on"], lang), end=_date(c["ends_on"], lang)
        )
    return Document(
        kind="consultation",
        title=t("c.title", lang),
        subtitle=c["name"] + (f" · {period}" if period else ""),
        lang=lang,
        generated=t(
            "r.generated",
            lang,
            date=format_date(dt.datetime.fromisoformat(data["generated_at"]).date(), lang),
        ),
        sections=[
            executive_section(data["executive"], "consultation", lang),
            _channels(data, lang),
            _web(data, lang),
            _social(data, lang),
            paid_section(data, lang, t("c.paid", lang)),
            _intake(data, lang),
            _reconciliation(data, lang),
            *_annexes(data, lang),
        ],
        footer=t("r.footer", lang),
    )
