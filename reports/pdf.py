"""PDF rendering with fpdf2 (pure Python) on A4, with the DejaVu Sans font that matplotlib
ships, so Spanish accents and symbols print on a machine with nothing but Python."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
from fpdf import FPDF, FontFace

from reports.document import Document, Figure, Section, Table, display, is_missing

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
BAND = (31, 78, 121)
INK = (29, 36, 51)
MUTED = (91, 100, 118)
SOFT = (243, 246, 250)
UP = (29, 122, 70)
DOWN = (176, 58, 46)
NUMERIC = ("int", "float", "pct", "money", "change")
MARGIN = 16
# Tables longer than this are cut in the PDF and HTML (the XLSX, CSV and JSON have every
# row), with a note saying so: a director reads a summary, not 10,000 rows.
MAX_ROWS = 300


class _PDF(FPDF):
    def __init__(self, doc: Document) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc = doc
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.add_font(FONT, "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
        self.set_margins(MARGIN, 16, MARGIN)
        self.set_auto_page_break(True, margin=16)
        self.set_title(f"{doc.title} — {doc.subtitle}")
        self.set_creator("Pulso")
        self.set_lang(doc.lang)

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self._running_title(), new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(217, 222, 231)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(3)

    def _running_title(self) -> str:
        """Title · subtitle, shortened with an ellipsis to fit one line of the page."""
        text = f"{self.doc.title} · {self.doc.subtitle}"
        room = self.w - 2 * MARGIN - 2
        if self.get_string_width(text) <= room:
            return text
        while text and self.get_string_width(text + "…") > room:
            text = text[:-1]
        return text.rstrip(" ·—,") + "…"

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.doc.footer, align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, f"{self.page_no()} / {{nb}}", align="R")


def _masthead(pdf: _PDF, doc: Document) -> None:
    pdf.set_fill_color(*BAND)
    pdf.rect(0, 0, pdf.w, 42, style="F")
    pdf.set_xy(MARGIN, 11)
    pdf.set_text_color(255, 255, 255)
    pdf.set_font(FONT, "B", 19)
    pdf.multi_cell(0, 9, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    pdf.multi_cell(0, 5.5, doc.subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8)
    pdf.cell(0, 6, doc.generated, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), 42) + 6)
    pdf.set_text_color(*INK)


def _heading(pdf: _PDF, title: str) -> None:
    if pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 13)
    pdf.set_text_color(*BAND)
    pdf.multi_cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*BAND)
    pdf.set_line_width(0.5)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.set_line_width(0.2)
    pdf.ln(3)
    pdf.set_text_color(*INK)


def _paragraph(pdf: _PDF, text: str, size: float = 9.5, colour=INK, style: str = "") -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)
    pdf.set_text_color(*INK)


def _figures(pdf: _PDF, figures: list[Figure]) -> None:
    per_row, gap, height = (4 if len(figures) == 4 else 3), 3, 19
    width = (pdf.w - 2 * MARGIN - gap * (per_row - 1)) / per_row
    for start in range(0, len(figures), per_row):
        if pdf.get_y() + height > pdf.h - 20:
            pdf.add_page()
        y = pdf.get_y()
        for index, figure in enumerate(figures[start : start + per_row]):
            x = MARGIN + index * (width + gap)
            pdf.set_fill_color(*SOFT)
            pdf.rect(x, y, width, height, style="F")
            pdf.set_fill_color(*BAND)
            pdf.rect(x, y, 1, height, style="F")
            pdf.set_xy(x + 3, y + 2)
            pdf.set_font(FONT, "", 7.5)
            pdf.set_text_color(*MUTED)
            pdf.cell(width - 4, 4, figure.label)
            pdf.set_xy(x + 3, y + 6.5)
            pdf.set_font(FONT, "B", 13)
            pdf.set_text_color(*INK)
            pdf.cell(width - 4, 6.5, figure.value)
            if figure.change:
                pdf.set_xy(x + 3, y + 13.3)
                pdf.set_font(FONT, "", 7)
                colour = UP if figure.trend > 0 else DOWN if figure.trend < 0 else MUTED
                pdf.set_text_color(*colour)
                pdf.cell(width - 4, 4, figure.change)
        pdf.set_xy(MARGIN, y + height + gap)
    pdf.set_text_color(*INK)
    pdf.ln(1)


def _cell_text(row: dict, column, lang: str) -> str:
    value = row.get(column.key)
    if column.kind == "link" and not is_missing(value):
        text = str(value).split("://", 1)[-1]
        return text if len(text) <= 30 else text[:29] + "…"
    return display(value, column.kind, lang, row.get("currency") or "USD")


def _table(pdf: _PDF, table: Table, lang: str, show_title: bool) -> None:
    if show_title:
        if pdf.get_y() > pdf.h - 45:
            pdf.add_page()
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(0, 6, table.title, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.5)
    rows = table.rows[:MAX_ROWS]
    wide = len(table.columns) >= 7
    size = 7.0 if wide else 8.2
    heading_size = 6.3 if wide else size
    texts = [[_cell_text(row, column, lang) for column in table.columns] for row in rows]
    total = [_cell_text(table.total, c, lang) for c in table.columns] if table.total else None
    widths = _column_widths(pdf, table, texts + ([total] if total else []), size, heading_size)
    pdf.set_draw_color(217, 222, 231)
    headings = FontFace(
        emphasis="BOLD", color=(255, 255, 255), fill_color=BAND, size_pt=heading_size
    )
    # Stripes as explicit row styles: the plain and striped rows share one font.
    plain = FontFace(emphasis="", color=INK, fill_color=(255, 255, 255), size_pt=size)
    striped = FontFace(emphasis="", color=INK, fill_color=(244, 247, 251), size_pt=size)
    align = ["RIGHT" if c.kind in NUMERIC else "LEFT" for c in table.columns]
    pdf.set_font(FONT, "", size)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        line_height=size * 0.5,
        headings_style=headings,
        borders_layout="HORIZONTAL_LINES",
        padding=(1.2, 1.5),
        repeat_headings=1,
        v_align="TOP",
        width=sum(widths),
        align="LEFT",
    ) as grid:
        header = grid.row()
        for column in table.columns:
            header.cell(column.label)
        for index, values in enumerate(texts):
            line = grid.row(style=striped if index % 2 else plain)
            for value in values:
                line.cell(value)
        if total:
            bold = FontFace(emphasis="BOLD", color=INK, fill_color=(255, 255, 255), size_pt=size)
            line = grid.row(style=bold)
            for value in total:
                line.cell(value)
    pdf.ln(1.5)
    notes = []
    if len(table.rows) > MAX_ROWS:
        notes.append(_cut_note(len(table.rows), lang))
    if table.note:
        notes.append(table.note)
    for note in notes:
        _paragraph(pdf, note, size=7.5, colour=MUTED)
    pdf.ln(1.5)


def _column_widths(
    pdf: _PDF, table: Table, texts: list[list[str]], size: float, heading_size: float
) -> list[float]:
    """Widths (mm) that fit the longest word of each heading and every number unbroken, with
    the rest of the line shared by the columns' relative widths."""
    available = pdf.epw - 0.01  # rounding must never exceed the page width
    padding = 3.4 + 2 * pdf.c_margin  # the table padding plus fpdf2's own cell margin
    minimum = []
    for index, column in enumerate(table.columns):
        pdf.set_font(FONT, "B", heading_size)
        words = column.label.split() or [""]
        need = max(pdf.get_string_width(word) for word in words)
        pdf.set_font(FONT, "", size)
        if column.kind in NUMERIC or column.kind == "date":
            cells = [row[index] for row in texts]
            if column.kind == "date":
                cells = [word for cell in cells for word in cell.split()]
            need = max([need, *(pdf.get_string_width(cell) for cell in cells)])
        else:
            # The longest word of a text column, capped: long texts wrap on word boundaries.
            longest = max(
                (pdf.get_string_width(word) for row in texts for word in row[index].split()),
                default=0.0,
            )
            need = max(need, min(longest, 28.0))
        # fpdf2 wraps a little before the measured width: keep a margin of safety.
        minimum.append(max(need * 1.15 + padding, 9.0))
    spare = available - sum(minimum)
    if spare <= 0:
        return [w * available / sum(minimum) for w in minimum]
    weights = [c.width if c.kind not in NUMERIC else c.width * 0.25 for c in table.columns]
    return [w + spare * weight / sum(weights) for w, weight in zip(minimum, weights, strict=True)]


def _cut_note(total: int, lang: str) -> str:
    if lang == "es":
        return (
            f"Se muestran las primeras {MAX_ROWS} de {total:,} filas; "
            "XLSX, CSV y JSON las incluyen todas."
        )
    return (
        f"The first {MAX_ROWS} of {total:,} rows are shown; the XLSX, CSV and JSON have them all."
    )


def _chart(pdf: _PDF, chart) -> None:
    width = pdf.w - 2 * MARGIN
    from PIL import Image  # matplotlib depends on Pillow

    with Image.open(io.BytesIO(chart.png)) as image:
        height = width * image.height / image.width
    if pdf.get_y() + height + 8 > pdf.h - 16:
        pdf.add_page()
    pdf.set_font(FONT, "B", 9)
    pdf.set_text_color(*MUTED)
    pdf.cell(0, 5, chart.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.image(io.BytesIO(chart.png), x=MARGIN, w=width)
    pdf.ln(4)


def _section(pdf: _PDF, section: Section, lang: str) -> None:
    if section.page_break:
        pdf.add_page()
    _heading(pdf, section.title)
    for paragraph in section.paragraphs:
        _paragraph(pdf, paragraph)
    for bullet in section.bullets:
        pdf.set_x(MARGIN + 3)
        pdf.set_font(FONT, "", 9.5)
        pdf.multi_cell(0, 4.8, "•  " + bullet, new_x="LMARGIN", new_y="NEXT")
    if section.bullets:
        pdf.ln(2)
    if section.figures:
        _figures(pdf, section.figures)
    for table in section.tables:
        _table(pdf, table, lang, show_title=table.title != section.title)
    for chart in section.charts:
        _chart(pdf, chart)


def render_pdf(doc: Document) -> bytes:
    pdf = _PDF(doc)
    pdf.alias_nb_pages()
    pdf.add_page()
    _masthead(pdf, doc)
    for section in doc.sections:
        _section(pdf, section, doc.lang)
    return bytes(pdf.output())
