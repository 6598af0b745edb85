"""The dashboard a communications officer expects (issue 21, point 5): rates from the
metrics layer, any period compared with the previous one, downloads of filtered tables,
the sentiment and abuse trend with its alert, report groups and the reports' executive
summary."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import jsonschema
import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select

from pulso.analytics.comments import weekly_tone
from pulso.analytics.periods import Period, compare
from pulso.analytics.posts import derive, post_table, preview, rates_of
from pulso.analytics.scope import posts_query
from pulso.db.models import Post
from pulso.errors import InputError
from pulso.reports.executive import summary_bullets
from pulso.reports.exports import ExportColumn, table_csv, table_xlsx
from pulso.reports.files import ReportFile, group_reports
from pulso.web import queries
from tests import web_data
from tests.web_client import login, make_client

SV = ZoneInfo("America/El_Salvador")
TZ = "America/El_Salvador"


# ------------------------------------------------------------------------------------
# Rates: one definition (analytics.posts)
# ------------------------------------------------------------------------------------


def _frame_rates(platform: str, values: dict, paid: dict | None = None) -> dict:
    """What ``derive`` gives for one post (the frame definition)."""
    from pulso.analytics.posts import PAID_METRICS, POST_METRICS

    row = {m: values.get(m, float("nan")) for m in POST_METRICS}
    row.update({f"paid_{m}": (paid or {}).get(m, float("nan")) for m in PAID_METRICS})
    row.update(platform=platform, kind="photo")
    frame = derive(pd.DataFrame([row]))
    out = {}
    for key in ("engagement_rate", "ctr"):
        value = frame[key].iloc[0]
        out[key] = None if value != value else float(value)
    return out


@pytest.mark.parametrize(
    ("platform", "values", "paid"),
    [
        ("facebook", {"reach": 1000, "reactions": 40, "comments": 5, "shares": 5}, None),
        ("facebook", {"reach": 0, "reactions": 4}, None),  # no rate over zero reach
        ("facebook", {"reactions_like": 3, "reactions_love": 1, "reach": 40}, None),
        ("facebook", {"impressions": 500, "link_clicks": 10, "reach": 300}, None),
        ("facebook", {"views": 800, "reach": 300, "reactions": 8}, {"link_clicks": 8}),
        ("x", {"impressions": 2000, "likes": 30, "reposts": 5, "link_clicks": 40}, None),
        ("x", {"likes": 3}, None),  # no reach, no impressions: no rates
        ("facebook", {}, None),
    ],
)
def test_rates_of_one_post_equal_the_frame_definition(platform, values, paid):
    assert rates_of(platform, values, paid) == pytest.approx(_frame_rates(platform, values, paid))


def test_rates_by_hand():
    rates = rates_of("facebook", {"reach": 200, "reactions": 10, "impressions": 400,
                                  "link_clicks": 8})  # fmt: skip
    assert rates == {"engagement_rate": 0.05, "ctr": 0.02}
    assert rates_of("facebook", {"reach": 200}) == {"engagement_rate": None, "ctr": None}


def test_preview_keeps_the_first_words_on_one_line():
    assert preview(None) is None and preview("") is None and preview("📣👉") is None
    assert preview("Tu voz\n\ncuenta 📣") == "Tu voz cuenta"
    long = "palabra " * 30
    cut = preview(long, limit=40)
    assert cut.endswith("…") and len(cut) <= 40 and "palabr…" not in cut


# ------------------------------------------------------------------------------------
# Periods and their comparison (analytics.periods)
# ------------------------------------------------------------------------------------


def test_a_period_is_compared_with_the_previous_one_of_equal_length():
    period = Period.parse("2018-06-17", "2018-06-30", TZ)
    assert period.days == 14
    assert period.previous() == Period(dt.date(2018, 6, 3), dt.date(2018, 6, 16), TZ)
    # Local days: El Salvador is UTC-6.
    assert period.start_utc == dt.datetime(2018, 6, 17, 6, tzinfo=dt.UTC)
    assert period.end_utc == dt.datetime(2018, 7, 1, 6, tzinfo=dt.UTC)
    one = Period.parse("2018-06-20", None, TZ)
    assert one.days == 1 and one.previous().first == dt.date(2018, 6, 19)
    assert Period.parse("", "", TZ) is None
    week = Period.of_week(dt.date(2018, 6, 25), TZ)
    assert week.previous() == Period.of_week(dt.date(2018, 6, 18), TZ)


@pytest.mark.parametrize(
    ("first", "last"), [("2018-06-30", "2018-06-01"), ("30/06/2018", None), ("2018-13-01", None)]
)
def test_a_bad_period_is_refused(first, last):
    with pytest.raises(InputError):
        Period.parse(first, last, TZ)


def test_compare_uses_the_readable_change():
    assert compare(150, 100) == {"value": 150, "previous": 100, "difference": 50,
                                 "how": "ratio", "change": 0.5}  # fmt: skip
    small = compare(12, 3)  # a small base: the difference, not +300 %
    assert small["how"] == "difference" and small["change"] == 9
    assert compare(None, 3)["how"] is None and compare(3, None)["difference"] is None


# ------------------------------------------------------------------------------------
# Sentiment and abuse per week (analytics.comments)
# ------------------------------------------------------------------------------------


def _comments(rows):
    return pd.DataFrame(
        [
            {
                "comment_id": i,
                "platform": "facebook",
                "post_id": 1,
                "theme_id": None,
                "created_at": at,
                "review_status": status,
                "proposal_score": 0.1,
                "abuse_score": abuse,
                "sentiment": sentiment,
            }
            for i, (at, status, abuse, sentiment) in enumerate(rows)
        ]
    )


def test_weekly_tone_counts_sentiment_and_alerts_on_the_abusive_share():
    monday = dt.datetime(2018, 6, 25, 18, tzinfo=dt.UTC)
    week1 = [(monday, "pending", 0.9, "negative"), (monday, "abusive", 0.0, "negative")]
    week1 += [(monday, "pending", 0.0, "positive")] * 3
    # The next week: a cleared comment (confirmed) is not abusive whatever its score.
    later = monday + dt.timedelta(days=7)
    week2 = [(later, "confirmed", 0.9, "neutral")] + [(later, "pending", 0.0, None)] * 4
    rows = weekly_tone(_comments(week1 + week2), TZ, alert_share=0.2, min_comments=5)
    assert [r["week"] for r in rows] == ["2018-W26", "2018-W27"]
    first, second = rows
    assert first["comments"] == 5 and first["abusive"] == 2
    assert first["abusive_share"] == pytest.approx(0.4) and first["alert"] is True
    assert first["sentiment"] == {"positive": 3, "neutral": 0, "negative": 2, "unknown": 0}
    assert second["abusive"] == 0 and second["alert"] is False
    assert second["sentiment"]["unknown"] == 4
    # Too few comments for a share to mean anything: no alert.
    few = weekly_tone(_comments(week1[:2]), TZ, alert_share=0.2, min_comments=5)
    assert few[0]["abusive_share"] == 1.0 and few[0]["alert"] is False
    assert weekly_tone(_comments([]).iloc[0:0], TZ) == []


# ------------------------------------------------------------------------------------
# Downloads (reports.exports)
# ------------------------------------------------------------------------------------

COLUMNS = [ExportColumn("name", "Nombre"), ExportColumn("n", "Número", "int"),
           ExportColumn("rate", "Tasa", "pct")]  # fmt: skip


def test_csv_and_xlsx_downloads_write_raw_values_and_defuse_formulas():
    rows = [{"name": '=HYPERLINK("x")', "n": 3.0, "rate": 0.25}, {"name": "Ñandú", "n": None}]
    text = table_csv(COLUMNS, rows).decode("utf-8")
    assert text.startswith("\ufeffNombre,Número,Tasa\r\n")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[1] == ['\'=HYPERLINK("x")', "3", "0.25"]
    assert parsed[2] == ["Ñandú", "", ""]
    book = openpyxl.load_workbook(io.BytesIO(table_xlsx("Publicaciones", COLUMNS, rows)))
    sheet = book["Publicaciones"]
    assert [c.value for c in sheet[1]] == ["Nombre", "Número", "Tasa"]
    assert [c.value for c in sheet[2]] == ['\'=HYPERLINK("x")', 3, 0.25]
    assert sheet["C2"].number_format == "0.0%" and sheet["A2"].data_type != "f"
    with pytest.raises(ValueError):
        table_xlsx("Un nombre de hoja demasiado largo para Excel", COLUMNS, rows)


# ------------------------------------------------------------------------------------
# Executive summary (reports.executive)
# ------------------------------------------------------------------------------------

FACTS = {
    "previous": "2018-W25",
    "changes": [
        {"key": "posts", **compare(22, 17)},
        {"key": "interactions", **compare(1842, 1500)},
        {"key": "proposals", **compare(40, None)},
    ],
    "best_post": {"post_id": 2, "label": "arte 3", "preview": "Tu voz cuenta",
                  "platform": "facebook", "published": "2018-06-29", "interactions": 1782.0,
                  "reach": 74926.0, "engagement_rate": 0.0238, "why": "interactions"},
    "proposals_received": 40,
    "answers": {"as_of": "2018-10-31", "basis": "chosen", "counted": 141, "routed": 113,
                "answered": 20, "awaiting": 93, "overdue": 90},
}  # fmt: skip


def test_the_executive_summary_says_what_changed_the_best_post_proposals_and_answers():
    es = summary_bullets(FACTS, "weekly", "es")
    assert es[0] == (
        "Frente a la semana anterior (del 18 de junio de 2018, 2018-W25): publicaciones 22 (+5),"
        " interacciones 1,842 (+22.8 %)."
    )
    assert es[1].startswith("Mejor publicación: «Tu voz cuenta [arte 3]» (Facebook, 29 de junio")
    assert "la que más interacciones sumó (1,782, alcance 74,926)" in es[1]
    assert "tasa de interacción 2.4 %" in es[1]
    assert es[2] == "Propuestas recibidas en la semana: 40."
    assert es[3].startswith("Respuestas al 31 de octubre de 2018: 20 de 141 propuestas")
    assert "93 enviadas a instituciones esperan respuesta, 90 con el plazo vencido" in es[3]
    en = summary_bullets(FACTS, "weekly", "en")
    assert en[0].startswith("Against the week before (of 18 June 2018, 2018-W25): posts 22 (+5)")
    # The consultation's summary compares its last week with posts: it names that week.
    last = {**FACTS, "changes": [{"week": "2018-W26", **c} for c in FACTS["changes"]],
            "proposals_counted": 30, "people": 20}  # fmt: skip
    assert summary_bullets(last, "consultation", "es")[0].startswith(
        "Última semana con publicaciones (del 25 de junio de 2018, 2018-W26) frente a la "
        "anterior: publicaciones 22 (+5)"
    )
    assert en[1].startswith("Best post: “Tu voz cuenta [arte 3]” (Facebook, 29 June 2018)")
    quiet = {**FACTS, "changes": [], "best_post": None, "answers": None}
    assert summary_bullets(quiet, "weekly", "es")[0].startswith("Sin datos del periodo anterior")
    assert "Ninguna publicación" in summary_bullets(quiet, "weekly", "es")[1]


@pytest.mark.parametrize("kind", ["weekly", "consultation"])
def test_both_reports_carry_the_executive_summary(session, kind, tmp_path):
    from pulso.reports import consultation_report, weekly_report, write_consultation, write_weekly
    from tests.report_sample import write_sample

    write_sample(session)
    if kind == "weekly":
        data = weekly_report(session=session, week="2018-W26", consultation="pan-prueba")
        files = write_weekly(data, formats=["html", "xlsx"], out=tmp_path)
    else:
        data = consultation_report(session=session, consultation="pan-prueba", lang="es")
        files = write_consultation(data, formats=["html", "xlsx"], out=tmp_path)
    schema = json.loads(
        (__import__("pathlib").Path("reports/schemas") / f"{kind}.json").read_text()
    )
    jsonschema.validate(data, schema)
    facts = data["executive"]
    # The best post is the metrics layer's best (most interactions).
    table = post_table(session=session, posts=posts_query())
    if kind == "weekly":
        ids = {row["post_id"] for row in data["posts"]}
        table = table[table["post_id"].isin(ids)]
    best = table.sort_values(["interactions", "reach"], ascending=False).iloc[0]
    assert facts["best_post"]["post_id"] == int(best["post_id"])
    assert facts["best_post"]["interactions"] == float(best["interactions"])
    assert facts["answers"]["as_of"]
    (html,) = [f for f in files if f.suffix == ".html"]
    page = html.read_text()
    # The summary is the report's first section.
    first_section = page.index("<h2")
    assert page.index("Resumen ejecutivo", first_section) == page.index(">", first_section) + 1
    assert "Mejor publicación" in page and "Respuestas al" in page
    (xlsx,) = [f for f in files if f.suffix == ".xlsx"]
    book = openpyxl.load_workbook(xlsx)
    assert book.sheetnames[0] == "Resumen ejecutivo"
    assert all(len(n) <= 31 and not n.endswith("…") for n in book.sheetnames)


def test_every_sheet_name_is_full_in_both_languages(session, tmp_path):
    from pulso.reports import consultation_report, weekly_report, write_consultation, write_weekly
    from tests.report_sample import write_sample

    write_sample(session)
    names = []
    for lang in ("es", "en"):
        weekly = weekly_report(session=session, week="2018-W26", consultation="pan-prueba",
                               lang=lang)  # fmt: skip
        whole = consultation_report(session=session, consultation="pan-prueba", lang=lang)
        for path in [*write_weekly(weekly, formats=["xlsx"], out=tmp_path),
                     *write_consultation(whole, formats=["xlsx"], out=tmp_path)]:  # fmt: skip
            names += openpyxl.load_workbook(path).sheetnames
    assert names and not [n for n in names if n.endswith("…") or len(n) > 31]
    assert "Canal" not in names


# ------------------------------------------------------------------------------------
# Report groups (reports.files)
# ------------------------------------------------------------------------------------


def test_reports_are_grouped_by_kind_and_period():
    at = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)

    def f(name, kind, scope, lang, fmt):
        return ReportFile(name, kind, scope, lang, fmt, 10, at)

    files = [
        f("weekly-2018-W25.es.pdf", "weekly", "2018-W25", "es", "pdf"),
        f("weekly-2018-W26.es.xlsx", "weekly", "2018-W26", "es", "xlsx"),
        f("weekly-2018-W26.es.pdf", "weekly", "2018-W26", "es", "pdf"),
        f("weekly-2018-W26.en.pdf", "weekly", "2018-W26", "en", "pdf"),
        f("weekly-2018-W26-pan-x.es.pdf", "weekly", "2018-W26-pan-x", "es", "pdf"),
        f("consultation-pan.es.html", "consultation", "pan", "es", "html"),
    ]
    groups = group_reports(files)
    assert [(g.scope, g.lang) for g in groups["weekly"]] == [
        ("2018-W26-pan-x", "es"), ("2018-W26", "es"), ("2018-W26", "en"),
        ("2018-W25", "es")]  # fmt: skip
    assert [x.format for x in groups["weekly"][1].files] == ["pdf", "xlsx"]
    assert groups["weekly"][1].monday == dt.date(2018, 6, 25) and not groups["weekly"][1].campaign
    # A campaign's weekly report: the same week, its own campaign.
    assert (groups["weekly"][0].monday, groups["weekly"][0].campaign) == (
        dt.date(2018, 6, 25),
        "pan-x",
    )
    assert [g.scope for g in groups["consultation"]] == ["pan"]


# ------------------------------------------------------------------------------------
# Pages: period filter and comparison, rates, downloads, trend
# ------------------------------------------------------------------------------------


def test_the_overview_compares_any_period_with_the_previous_one(session):
    web_data.build(session)
    client = make_client(session)
    login(client, "ana")
    page = client.get("/?from=2018-06-25&to=2018-07-01")
    assert page.status_code == 200
    assert "Del 25 de junio de 2018 al 1 de julio de 2018" in page.text
    assert "18 de junio de 2018 – 24 de junio de 2018" in page.text  # the previous 7 days
    figures = queries.overview(session=session, zone=SV,
                               period=Period.parse("2018-06-25", "2018-07-01", TZ))  # fmt: skip
    assert figures.posts == 1  # arte 3 (29 June)
    assert figures.comparison["posts"]["previous"] == 2  # arte 1 and tuit 1
    assert 'data-key="posts">−1 · Periodo anterior: 2' in page.text
    backwards = client.get("/?from=2018-07-01&to=2018-06-01")
    assert backwards.status_code == 400
    assert 'class="error-reason"' in backwards.text
    assert client.get("/?from=junio").status_code == 400
    # The reason is the viewer's language on pages, English in the API's detail.
    too_old = client.get("/?from=1850-01-01&to=1850-01-02")
    assert "Las fechas deben estar entre 1900 y 2999" in too_old.text
    too_long = client.get("/posts?from=2000-01-01&to=2018-01-01")
    assert too_long.status_code == 400
    assert "Un periodo tiene como máximo 3,660 días" in too_long.text
    week = client.get("/?week=junio")
    assert "Semana no válida: se encontró &#39;junio&#39;" in week.text
    client.get("/lang/en?next=/")
    assert "Dates must be between 1900 and 2999" in client.get("/?from=1850-01-01").text


def test_the_posts_list_shows_previews_rates_and_the_comparison(session):
    web_data.build(session)
    client = make_client(session)
    login(client, "ana")
    page = client.get("/posts?from=2018-06-18&to=2018-07-01").text
    assert "Tu voz cuenta: propuestas para el PAN" in page  # the text, not only "arte 3"
    assert 'id="period-comparison"' in page
    table = post_table(session=session, posts=posts_query())
    arte3 = table[table["label"] == "arte 3"].iloc[0]
    from pulso.i18n import format_percent

    assert format_percent(arte3["engagement_rate"], "es") in page
    # A week filter is a period too.
    assert 'id="period-comparison"' in client.get("/posts?week=2018-06-25").text


def test_the_posts_download_honours_the_filters(session):
    web_data.build(session)
    client = make_client(session)
    login(client, "ana")
    everything = client.get("/posts.csv")
    assert everything.status_code == 200
    assert everything.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(everything.text.lstrip("\ufeff"))))
    assert {r["Publicación"] for r in rows} == {"arte 1", "arte 3", "tuit 1"}
    table = post_table(session=session, posts=posts_query()).set_index("label")
    for row in rows:
        expected = table.loc[row["Publicación"]]
        pairs = [("Alcance", "reach"), ("Interacciones", "interactions"),
                 ("Tasa de interacción", "engagement_rate"), ("CTR", "ctr")]  # fmt: skip
        for column, key in pairs:
            value = expected[key]
            if value != value:
                assert row[column] == "", (row, column)
            else:
                assert float(row[column]) == pytest.approx(float(value)), (row, column)
    only_x = client.get("/posts.csv?platform=x")
    assert [r["Publicación"] for r in csv.DictReader(io.StringIO(only_x.text.lstrip("\ufeff")))
            ] == ["tuit 1"]  # fmt: skip
    in_range = client.get("/posts.xlsx?from=2018-06-29&to=2018-06-29")
    sheet = openpyxl.load_workbook(io.BytesIO(in_range.content))["Publicaciones"]
    assert [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["arte 3"]
    assert client.get("/posts.pdf").status_code == 404
    # The page links to the download with its filters.
    assert 'href="/posts.csv?platform=x"' in client.get("/posts?platform=x").text


def test_the_proposals_download_honours_the_filters(session):
    data = web_data.build(session)
    client = make_client(session)
    login(client, "ana")
    counted = client.get("/proposals.csv")
    rows = list(csv.DictReader(io.StringIO(counted.text.lstrip("\ufeff"))))
    page = client.get("/proposals").text
    assert len(rows) == page.count('name="proposal_ids"') or len(rows) >= 1
    salud = data.proposals["salud"]
    one = client.get(f"/proposals.xlsx?theme={salud.theme_id}")
    sheet = openpyxl.load_workbook(io.BytesIO(one.content))["Propuestas"]
    ids = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert salud.id in ids
    assert all(r[2] == "Salud" for r in sheet.iter_rows(min_row=2, values_only=True))
    english = client.get("/proposals.csv?lang=en")
    assert english.status_code == 200


def test_the_overview_shows_the_tone_trend_and_its_alert(session):
    web_data.build(session)
    client = make_client(session, abuse_alert_share=0.2, abuse_alert_min_comments=4)
    login(client, "ana")
    page = client.get("/").text
    assert 'id="tone"' in page
    # 4 comments on 30 June, one scored abusive: 25 % > 20 %.
    assert 'id="abuse-alert"' in page and "25.0 %" in page
    quiet = make_client(session, abuse_alert_share=0.3)
    login(quiet, "ana")
    assert 'id="abuse-alert"' not in quiet.get("/").text


def test_the_reports_page_lists_reports_by_kind_with_spanish_titles(session, tmp_path):
    web_data.build(session)
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("weekly-2018-W26.es.pdf", "weekly-2018-W26.es.xlsx",
                 "consultation-pan-2018-2020.es.html"):  # fmt: skip
        (folder / name).write_bytes(b"x")
    client = make_client(session, web_reports_dir=str(folder))
    login(client, "ana")
    page = client.get("/reports").text
    assert "Informes semanales" in page and "Informes de la consulta" in page
    assert "Informe semanal · semana del 25 de junio de 2018" in page
    assert "Informe de la consulta PAN 2018-2020" in page
    assert page.count('data-scope="2018-W26"') == 1  # one report, two formats
    assert session.scalar(select(Post.id).limit(1))
