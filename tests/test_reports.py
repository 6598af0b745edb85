"""Reports on sample data written through the real write path, on both backends."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from importlib import resources

import jsonschema
import openpyxl
import pytest
from pypdf import PdfReader
from sqlalchemy import select

from pulso.analytics.posts import latest_observations, metric_series
from pulso.db.models import Post, Proposal
from pulso.db.writer import Writer
from pulso.records import ObservationRecord, Page, PostRecord
from pulso.reports import consultation_report, weekly_report, write_consultation, write_weekly
from tests.report_sample import write_sample

UTC = dt.UTC
ALL = ["html", "pdf", "xlsx", "csv", "json"]


def _schema(name: str) -> dict:
    return json.loads(resources.files("pulso.reports").joinpath(f"schemas/{name}.json").read_text())


def _validate(data: dict, name: str) -> None:
    # Through a JSON round trip: what a consumer parses, not the Python objects.
    parsed = json.loads(json.dumps(data, allow_nan=False))
    validator = jsonschema.Draft202012Validator(
        _schema(name), format_checker=jsonschema.FormatChecker()
    )
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(parsed)]
    assert not errors, errors[:5]


def _pages(pdf_bytes: bytes) -> list[str]:
    """Each page's text with whitespace collapsed (table cells wrap)."""
    return [
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf_bytes)).pages
    ]


def test_value_at_a_time_is_the_latest_observation_at_or_before_it(session):
    t0 = dt.datetime(2018, 6, 29, 12, tzinfo=UTC)
    pages = [
        PostRecord("facebook", "p1", t0, label="arte 3"),
        ObservationRecord("facebook", "p1", "reach", 1000, t0, "graph"),
        ObservationRecord("facebook", "p1", "reach", 5000, t0 + dt.timedelta(days=1), "graph"),
        ObservationRecord("facebook", "p1", "reach", 74926, t0 + dt.timedelta(days=3), "graph"),
    ]
    Writer(author_secret="k").write_page(Page(records=pages), session=session)
    post_id = session.query(Post.id).filter_by(external_id="p1").scalar()

    def reach(at):
        frame = latest_observations(session=session, post_ids=[post_id], at=at)
        return frame["value"].tolist()

    assert reach(None) == [74926]
    assert reach(t0 + dt.timedelta(days=2)) == [5000]
    assert reach(t0 + dt.timedelta(days=1)) == [5000]  # at or before
    assert reach(t0 - dt.timedelta(seconds=1)) == []
    series = metric_series(session=session, post_id=post_id, metric="reach")
    assert series["value"].tolist() == [1000, 5000, 74926]  # over time, in order


def test_weekly_figures_on_the_sample(session):
    write_sample(session)
    data = weekly_report(
        session=session, week="2018-W26", consultation="pan-prueba", campaign="consulta-2018"
    )
    _validate(data, "weekly")
    posts = {row["label"]: row for row in data["posts"]}
    # Local days: arte 3 (03:00 UTC on 30 June) is 29 June; arte 6 (Monday 03:00 UTC) is
    # Sunday 1 July and belongs to this week.
    assert posts["arte 3"]["published"] == "2018-06-29"
    assert posts["arte 6"]["published"] == "2018-07-01"
    assert set(posts) == {"tweet 1", "tweet 2", "tweet 3", "arte 3", "arte 5", "arte 6"}
    assert posts["arte 3"]["notes"] == "pauta $100.00, 3 días"
    assert posts["arte 3"]["interactions"] == 1782 and posts["arte 3"]["shares"] == 116
    assert posts["arte 5"]["interactions"] is None and "sin datos aún" in posts["arte 5"]["notes"]
    headline = {item["key"]: item for item in data["headline"]}
    assert headline["reach"]["method"] == "sum_of_post_reach"
    assert headline["reach"]["value"] == 74926 + 50
    assert headline["interactions"]["value"] == 1782 + 8 + 3 + 7
    # Week 25: arte 1, arte 2, three videos and tweet 4.
    assert (headline["posts"]["value"], headline["posts"]["previous"]) == (6, 6)
    assert headline["video_plays"]["previous"] == 85 and headline["video_plays"]["value"] is None
    assert headline["spend"]["value"] == 100 and headline["link_clicks"]["value"] == 272
    platforms = {row["platform"]: row for row in data["by_platform"]}
    assert platforms["x"]["posts"] == 3 and platforms["x"]["interactions"] == 18
    assert platforms["facebook"]["posts_with_data"] == 2  # arte 5 has no data yet
    paid = data["paid"][0]
    assert paid["paid_reach"] == 68800 and paid["days"] == 3
    assert paid["cost_per_link_click"] == pytest.approx(100 / 272)
    below = [r for r in data["audience"]["rows"] if r["below_threshold"]]
    assert [r["bucket"] for r in below] == ["65+|male"]
    assert data["comments"]["comments"] == 5 and data["comments"]["proposals"] == 2
    assert data["proposals"]["total"] == 6  # the merged duplicate is not counted
    assert data["cadence"]["planned"] == 21 and data["cadence"]["actual"] == 3
    assert data["best_posts"][0] == posts["arte 3"]["post_id"]
    assert posts["arte 5"]["post_id"] not in data["best_posts"] + data["worst_posts"]


def test_report_weeks_cover_the_posts_in_local_weeks(session):
    from pulso.reports import report_weeks

    write_sample(session)
    # arte 1 on 20 June (W25) ... arte 4 on 22 July (W29).
    assert report_weeks(session=session, consultation="pan-prueba") == [
        "2018-W25",
        "2018-W26",
        "2018-W27",
        "2018-W28",
        "2018-W29",
    ]


def test_a_week_with_no_posts_renders(session, tmp_path):
    write_sample(session)
    data = weekly_report(session=session, week="2018-W40", consultation="pan-prueba", lang="en")
    _validate(data, "weekly")
    assert data["posts"] == [] and data["headline"][0]["value"] == 0
    files = write_weekly(data, formats=ALL, out=tmp_path)
    html = (tmp_path / "weekly-2018-W40.en.html").read_text(encoding="utf-8")
    assert "There were no posts this week." in html
    assert any(p.suffix == ".pdf" for p in files)


def test_weekly_outputs(session, tmp_path):
    write_sample(session)
    data = weekly_report(session=session, week="2018-W26", consultation="pan-prueba")
    files = {p.name: p for p in write_weekly(data, formats=ALL, out=tmp_path)}
    stem = "weekly-2018-W26.es"

    book = openpyxl.load_workbook(files[f"{stem}.xlsx"])
    # Sheets are named by the tables' titles (or a short name of their own), in the
    # report's language, in full; the executive summary and the headline figures first.
    assert book.sheetnames[:2] == ["Resumen ejecutivo", "Cifras principales"]
    assert {
        "Publicaciones de la semana",
        "Resultados pagados",
        "Costos de la pauta",
        "Audiencia por edad y género",
        "Frecuencia de publicación",
        "Propuestas por temática",
        "Propuestas por canal",
    } <= set(book.sheetnames), book.sheetnames
    assert not [name for name in book.sheetnames if name.endswith("…")]
    assert all(len(name) <= 31 for name in book.sheetnames)
    sheet = book["Publicaciones de la semana"]
    header = [c.value for c in sheet[1]]
    # The sample's posts have no text: no column of previews.
    assert header[:3] == ["Publicación", "Enlace", "Fecha de publicación"]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    arte3 = dict(zip(header, rows["arte 3"], strict=True))
    assert arte3["Personas alcanzadas"] == 74926 and arte3["Compartidos"] == 116
    assert arte3["Fecha de publicación"].date() == dt.date(2018, 6, 29)

    csv_text = files[f"{stem}.posts.csv"].read_bytes().decode("utf-8")
    assert csv_text.startswith("\ufefflabel,permalink,published,reach")
    assert "arte 3,https://facebook.com/spta/posts/fb_3,2018-06-29,74926,1782,116,," in csv_text

    pages = _pages(files[f"{stem}.pdf"].read_bytes())
    assert 2 <= len(pages) <= 6
    assert "Informe semanal de redes sociales" in pages[0]
    assert "74,926" in pages[0] and "29 de junio de 2018" in pages[0]
    text = "\n".join(pages)
    for title in ("Resultados pagados y audiencia", "Comentarios y propuestas", "Frecuencia"):
        assert title in text
    html = files[f"{stem}.html"].read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 4  # reach, daily, audience, themes
    assert "pauta $100.00, 3 días" in html
    assert json.loads(files[f"{stem}.json"].read_text(encoding="utf-8"))["week"]["label"] == (
        "2018-W26"
    )


def test_consultation_report(session, tmp_path):
    write_sample(session)
    data = consultation_report(session=session, consultation="pan-prueba")
    _validate(data, "consultation")
    assert data["proposals"]["total"] == 8 and data["proposals"]["structured"] == 1
    assert data["reconciliation"] == {
        "received": 10,
        "not_proposals": 1,
        "merged": 1,
        "counted": 8,
        "structured": 1,
    }
    web = {row["theme"]: (row["proposals"], row["people"]) for row in data["web_by_theme"]}
    # The merged duplicate's author (luis) already counts: 2 people in Medio ambiente.
    assert web == {"Derechos humanos": (0, 0), "Medio ambiente": (3, 2), "Educación": (2, 1)}
    # The report's total of people counts each person once, whatever the themes they
    # proposed in, and the theme table's total row says it.
    people = data["proposals"]["people"]
    assert 0 < people <= sum(row["people"] for row in data["by_theme"])
    from pulso.analytics.consultation import distinct_people
    from pulso.db.models import Consultation

    consultation = session.scalar(select(Consultation).where(Consultation.slug == "pan-prueba"))
    assert people == distinct_people(session=session, consultation_id=consultation.id)
    assert {k: data["x"][k] for k in ("posts", "retweets", "likes", "replies")} == {
        "posts": 4,
        "retweets": 14,
        "likes": 4,
        "replies": 3,
    }
    fb = {row["label"]: row for row in data["facebook_posts"]}
    assert len(fb) == 9
    assert (fb["arte 3"]["published"], fb["arte 3"]["reach"], fb["arte 3"]["interactions"]) == (
        "2018-06-29",
        74926,
        1782,
    )
    assert fb["arte 3"]["comments_taken_as_proposals"] == 1
    assert fb["arte 3"]["notes"] == (
        "pauta $100.00, 3 días (18-65+, El Salvador); 47 comentarios, 1 retomados como "
        "propuestas; 613 clics, 272 en el enlace (durante la pauta); alcance pagado: "
        "55 % mujeres, 45 % hombres"
    )
    weeks = [(row["week"], row["posts"]) for row in data["by_week"]]
    assert weeks == [("2018-W25", 6), ("2018-W26", 6), ("2018-W27", 0), ("2018-W28", 0),
                     ("2018-W29", 1)]  # fmt: skip
    assert fb["animación 1"]["video_plays"] == 21 and fb["arte 2"]["interactions"] == 2
    assert data["answers"]["accepted"] == 1 and data["answers"]["rejected"] == 1
    annex = data["annexes"]
    assert annex["rejections"][0]["justification"].startswith("Ya existe")
    assert annex["commitments"][0]["indicator"] == "Informes publicados"
    assert annex["routing"][0]["acronym"] == "MARN" and annex["routing"][0]["proposals"] == 3
    assert [i["organisation"] for i in data["intake"]] == ["FUNDE", "DNG"]

    files = {p.name: p for p in write_consultation(data, formats=ALL, out=tmp_path)}
    stem = "consultation-pan-prueba.es"
    raw = b"".join(p.read_bytes() for name, p in files.items() if not name.endswith(".pdf"))
    text = raw.decode("utf-8", errors="replace")
    # No author key (64 hex), commenter name or e-mail address in any output.
    assert not re.search(r"\b[0-9a-f]{64}\b", text)
    assert "Persona 0" not in text and "juan@example.org" not in text and "[email]" in text

    book = openpyxl.load_workbook(files[f"{stem}.xlsx"])
    for sheet in ("Canales de participación", "Consulta electrónica", "Totales en X (Twitter)",
                  "Publicaciones en Facebook", "Sistematización", "Anexo A. Lista de propuestas",
                  "Anexo D. Matrices SMART"):  # fmt: skip
        assert sheet in book.sheetnames, book.sheetnames
    annex = list(book["Anexo A. Lista de propuestas"].iter_rows(values_only=True))
    titles = [r[4] for r in annex[1:]]
    # The annex numbers proposals by their own ids (those of the web and the CLI).
    with_ids = {p.id: p.text for p in session.scalars(select(Proposal))}
    for row in annex[1:]:
        assert row[0] in with_ids
    reconciliation = [r[0] for r in book["Sistematización"].iter_rows(values_only=True)]
    assert "Resultado: propuestas contabilizadas" in reconciliation
    # A cell that would run as a formula is neutralised.
    assert "'=1+1 escriban a [email]" in titles
    assert not any(isinstance(v, str) and v.startswith("=") for v in titles)
    csv_text = files[f"{stem}.annex_proposals.csv"].read_text(encoding="utf-8-sig")
    assert "'=1+1 escriban" in csv_text and ",=1+1" not in csv_text

    pages = _pages(files[f"{stem}.pdf"].read_bytes())
    first = {title: next(i for i, p in enumerate(pages) if title in p)
             for title in ("Canales de participación", "Sistematización", "Anexo A",
                           "Anexo C", "Anexo D")}  # fmt: skip
    assert first["Canales de participación"] == 0
    # Annexes start on pages of their own.
    assert first["Sistematización"] < first["Anexo A"] < first["Anexo C"] < first["Anexo D"]
    assert "74,926" in "\n".join(pages) and "Publicar mensualmente" in pages[first["Anexo D"]]


def test_english_consultation_report(session, tmp_path):
    write_sample(session)
    data = consultation_report(session=session, consultation="pan-prueba", lang="en")
    _validate(data, "consultation")
    files = write_consultation(data, formats=["html"], out=tmp_path)
    html = files[0].read_text(encoding="utf-8")
    assert "Consultation results" in html and "29 June 2018" in html and "boosted $100.00" in html


def test_long_tables_are_cut_in_pdf_and_html_but_not_in_xlsx():
    from pulso.reports.document import Column, Document, Section, Table
    from pulso.reports.html import render_html
    from pulso.reports.pdf import MAX_ROWS, render_pdf
    from pulso.reports.tables import render_xlsx

    rows = [{"label": f"post {i}", "reach": i} for i in range(MAX_ROWS + 5)]
    table = Table(
        "posts", "Posts", [Column("label", "Post"), Column("reach", "Reach", "int")], rows
    )
    doc = Document("weekly", "T", "S", "en", "G", [Section("Posts", tables=[table])])
    note = f"The first {MAX_ROWS} of {MAX_ROWS + 5:,} rows are shown"
    assert note in " ".join(" ".join(_pages(render_pdf(doc))).split())
    html = render_html(doc)
    assert note in html and f"post {MAX_ROWS - 1}<" in html and f"post {MAX_ROWS}<" not in html
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(doc)))
    assert book["Posts"].max_row == MAX_ROWS + 5 + 1  # every row and the header


WRAP_TEXTS = [
    "post 3891",
    "example.org/facebook/3891",
    "18 de junio de 2018",
    "sin pauta; 3 comentarios, 1 tomado como propuesta; alcance pagado: 55 % mujeres",
    "Propuesta número 17 sobre el tema de la transparencia en la inversión pública municipal",
    "Supercalifragilísticoespialidoso-sin-espacios-que-no-cabe-en-ninguna-línea",
    "dos  espacios  seguidos   y tres",
    "espacio al final ",
    " espacio al principio",
    "ÁÉÍÓÚ ñandú — «comillas» “curvas” … 74,926",
    "1,234,567",
    "—",
]


@pytest.mark.parametrize("style", [("", 7.0), ("B", 6.3), ("", 8.2)])
def test_pdf_table_cells_wrap_as_fpdf2_would(style):
    """The PDF tables break cell text themselves (once per cell): the lines and widths must be
    the ones fpdf2's own multi_cell gives in the same column, or the table would change."""
    from pulso.reports.document import Document
    from pulso.reports.pdf import _PDF, FONT, INK, PAD_H, PAD_V, _lines, _Measure, _RowStyle, _wrap

    pdf = _PDF(Document("weekly", "T", "S", "es", "G", []))
    pdf.add_page()
    row_style = _RowStyle(style[0], INK, (255, 255, 255), style[1])
    measure = _Measure.of(pdf, row_style)
    for width in (9.0, 12.5, 17.3, 24.0, 41.7, 90.0):
        for text in WRAP_TEXTS + ["línea uno\nlínea dos", "sin\u00a0corte aquí"]:
            pdf.set_font(FONT, *style)
            expected = pdf.multi_cell(
                width, 3.5, text, max_line_height=3.5, padding=(PAD_V, PAD_H),
                dry_run=True, output="LINES", align="L",
            )  # fmt: skip
            lines = _lines(pdf, measure, text, width, row_style, 3.5)
            assert [line for line, _ in lines] == expected, (text, width)
            for line, line_width in lines:
                assert line_width == pytest.approx(pdf.get_string_width(line), abs=1e-9)
            if "\n" not in text and "\u00a0" not in text:
                assert _wrap(measure, text, width - PAD_H - PAD_H) == lines  # the fast path


def test_pdf_figure_cards_shrink_a_long_label_to_fit_its_card():
    """A figure's label, value or change too wide for its card is set smaller (down to 60%
    of its size) until it fits; one that fits keeps its size."""
    from pulso.reports.document import Document
    from pulso.reports.pdf import _PDF, FONT, _fit_font

    pdf = _PDF(Document("consultation", "T", "S", "es", "G", []))
    pdf.add_page()
    room = 40.0
    assert _fit_font(pdf, "Aceptadas", "", 7.5, room) == 7.5
    long = "No incorporadas (justificadas)"
    pdf.set_font(FONT, "", 7.5)
    assert pdf.get_string_width(long) > room - 2  # too wide at full size for this room
    size = _fit_font(pdf, long, "", 7.5, room - 2)
    assert 7.5 * 0.6 <= size < 7.5 and pdf.get_string_width(long) <= room - 2
    assert _fit_font(pdf, "x" * 500, "B", 13, room) == pytest.approx(13 * 0.6)
