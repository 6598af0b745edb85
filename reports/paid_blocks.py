"""The paid results block of the weekly and the consultation reports, from the data of
``reports.weekly_data.paid_data`` (``analytics.paid``'s definitions)."""

from __future__ import annotations

from pulso.i18n import format_percent
from pulso.reports import charts
from pulso.reports.document import Column, Section, Table
from pulso.reports.text import gender_name, t


def paid_section(data: dict, lang: str, title: str) -> Section:
    """The paid results of ``data["paid"]`` and ``data["audience"]`` (the weekly and the
    consultation report alike): one row per promotion, the main promotion's audience by
    gender and by age and gender, and every audience bucket (below Meta's threshold: no
    value, never zero)."""
    section = Section(title=title)
    paid = data["paid"]
    if not paid:
        section.paragraphs.append(t("w.no_paid", lang))
        return section
    # Two tables of at most eight columns (a page's width): what the money bought, and what
    # it cost.
    post = Column("label", t("r.post", lang), "text", 1.2)
    results = [
        post,
        Column("paid_reach", t("w.paid_reach", lang), "int", 0.9),
        Column("paid_share", t("w.paid_share", lang), "pct", 0.8),
        Column("paid_impressions", t("w.paid_impressions", lang), "int", 0.9),
        Column("reactions", t("w.reactions", lang), "int", 0.8),
        Column("likes", t("w.likes", lang), "int", 0.8),
        Column("clicks", t("w.clicks", lang), "int", 0.8),
        Column("link_clicks", t("r.link_clicks", lang), "int", 0.8),
    ]
    costs = [
        post,
        Column("spend", t("w.spend", lang), "money", 0.8),
        Column("days", t("w.days", lang), "int", 0.5),
        Column("cpm", t("w.cpm", lang), "money", 0.7),
        Column("cost_per_interaction", t("w.cpi", lang), "money", 0.9),
        Column("cost_per_link_click", t("w.cplc", lang), "money", 0.9),
        Column("targeting", t("w.targeting", lang), "text", 1.6),
    ]
    section.tables.append(Table("paid", title, results, paid))
    section.tables.append(Table("paid_costs", t("w.paid_costs", lang), costs, paid))
    rows = data["audience"]["rows"]
    by_promo: dict[int, list[dict]] = {}
    for row in rows:
        by_promo.setdefault(row["promotion_id"], []).append(row)
    main = max(paid, key=lambda p: p["spend"] or 0)
    mine = by_promo.get(main["promotion_id"], [])
    genders = [r for r in mine if r["dimension"] == "gender" and r["metric"] == "reach"]
    if genders:
        text = ", ".join(
            f"{gender_name(r['bucket'], lang)} {format_percent(r['share'], lang, 0)}"
            if r["share"] is not None
            else f"{gender_name(r['bucket'], lang)} —"
            for r in genders
        )
        section.paragraphs.append(t("w.audience_gender", lang, text=text))
    pairs = [r for r in mine if r["dimension"] == "age_gender" and r["metric"] == "reach"]
    if pairs:
        ages = sorted({r["bucket"].split("|")[0] for r in pairs})
        genders_seen = sorted({r["bucket"].split("|")[1] for r in pairs})
        values = {(r["bucket"].split("|")[0], r["bucket"].split("|")[1]): r["value"] for r in pairs}
        section.charts.append(
            charts.age_gender(
                "audience",
                t("w.chart_audience", lang) + f" — {main['label']}",
                ages,
                {gender_name(g, lang): [values.get((a, g)) for a in ages] for g in genders_seen},
                y_label=t("w.people", lang),
            )
        )
    # The table is of paid reach (people); impressions by bucket stay in the JSON.
    reach_rows = [r for r in rows if r["metric"] == "reach"]
    if reach_rows:
        audience_table = [
            {
                "label": next(
                    (p["label"] for p in paid if p["promotion_id"] == r["promotion_id"]), ""
                ),
                "dimension": _dimension_name(r["dimension"], lang),
                "bucket": _bucket_name(r["bucket"], lang),
                "value": r["value"],
                "share": r["share"],
            }
            for r in reach_rows
        ]
        section.tables.append(
            Table(
                "audience",
                t("w.chart_audience", lang),
                [
                    Column("label", t("r.post", lang), "text"),
                    Column("dimension", "Dimensión" if lang == "es" else "Dimension", "text"),
                    Column("bucket", "Grupo" if lang == "es" else "Bucket", "text"),
                    Column("value", t("w.people", lang), "int"),
                    Column("share", "%", "pct"),
                ],
                audience_table,
                note=t("w.threshold", lang, n=data["audience"]["threshold"]),
            )
        )
    return section


def _dimension_name(dimension: str, lang: str) -> str:
    names = {
        "gender": ("Género", "Gender"),
        "age": ("Edad", "Age"),
        "age_gender": ("Edad y género", "Age and gender"),
    }
    return names.get(dimension, (dimension, dimension))[lang == "en"]


def _bucket_name(bucket: str, lang: str) -> str:
    """ "18-24|female" -> "18-24 · Mujeres"."""
    return " · ".join(
        gender_name(part, lang) if part in ("female", "male", "unknown") else part
        for part in bucket.split("|")
    )
