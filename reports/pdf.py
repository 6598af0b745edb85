"""PDF rendering with fpdf2 (pure Python) on A4, with the DejaVu Sans font that matplotlib
ships, so Spanish accents and symbols print on a machine with nothing but Python."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.fonts import TTFFont
from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, FORM_FEED, NBSP, SOFT_HYPHEN
from fpdf.util import FloatTolerance

from pulso.reports.document import Document, Figure, Section, Table, display, is_missing

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
        self.measures: dict[tuple[str, float], _Measure] = {}  # per table font and size

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
            room = width - 5  # from 3 mm inside the card to 2 mm before its edge
            pdf.set_xy(x + 3, y + 2)
            _fit_font(pdf, figure.label, "", 7.5, room)
            pdf.set_text_color(*MUTED)
            pdf.cell(width - 4, 4, figure.label)
            pdf.set_xy(x + 3, y + 6.5)
            _fit_font(pdf, figure.value, "B", 13, room)
            pdf.set_text_color(*INK)
            pdf.cell(width - 4, 6.5, figure.value)
            if figure.change:
                pdf.set_xy(x + 3, y + 13.3)
                _fit_font(pdf, figure.change, "", 7, room)
                colour = UP if figure.trend > 0 else DOWN if figure.trend < 0 else MUTED
                pdf.set_text_color(*colour)
                pdf.cell(width - 4, 4, figure.change)
        pdf.set_xy(MARGIN, y + height + gap)
    pdf.set_text_color(*INK)
    pdf.ln(1)


def _fit_font(pdf: _PDF, text: str, style: str, size: float, room: float) -> float:
    """Set the font at ``size``, or smaller (down to 60% of it) until ``text`` fits in
    ``room`` mm: a long label ("No incorporadas (justificadas)") stays inside its card."""
    smallest = size * 0.6
    pdf.set_font(FONT, style, size)
    while size > smallest and pdf.get_string_width(text) > room:
        size = max(smallest, size - 0.25)
        pdf.set_font(FONT, style, size)
    return size


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
    # Stripes as explicit row styles: the plain and striped rows share one font.
    heading = _RowStyle("B", (255, 255, 255), BAND, heading_size)
    plain = _RowStyle("", INK, (255, 255, 255), size)
    striped = _RowStyle("", INK, (244, 247, 251), size)
    grid = [([c.label for c in table.columns], heading)]
    grid += [(values, striped if index % 2 else plain) for index, values in enumerate(texts)]
    if total:
        grid.append((total, _RowStyle("B", INK, (255, 255, 255), size)))
    _grid(pdf, widths, [c.kind in NUMERIC for c in table.columns], grid, line_height=size * 0.5)
    pdf.set_font(FONT, "", size)
    pdf.ln(1.5)
    notes = []
    if len(table.rows) > MAX_ROWS:
        notes.append(_cut_note(len(table.rows), lang))
    if table.note:
        notes.append(table.note)
    for note in notes:
        _paragraph(pdf, note, size=7.5, colour=MUTED)
    pdf.ln(1.5)


@dataclass(frozen=True)
class _RowStyle:
    emphasis: str  # "" or "B"
    colour: tuple[int, int, int]
    fill: tuple[int, int, int]
    size: float  # points


# Cell padding (mm): top and bottom, left and right.
PAD_V, PAD_H = 1.2, 1.5
RULE = (217, 222, 231)
_SPECIAL = set(BREAKING_SPACE_SYMBOLS_STR + NBSP + SOFT_HYPHEN + FORM_FEED + "\n\r") - {" "}


def _grid(
    pdf: _PDF,
    widths: list[float],
    right: list[bool],
    rows: list[tuple[list[str], _RowStyle]],
    *,
    line_height: float,
) -> None:
    """Draw a table whose first row is its heading, repeated on every page it runs onto.

    The layout is the one fpdf2's ``FPDF.table`` gives with horizontal rules, top-aligned
    cells and ``PAD_V``/``PAD_H`` padding, but each cell's text is broken into lines once
    (fpdf2 lays out every cell twice and re-measures the line for every character, which
    made a 300-row table cost about a second).
    """
    xs = [pdf.l_margin]
    for width in widths[:-1]:
        xs.append(xs[-1] + width)
    laid = []
    for values, style in rows:
        measure = _Measure.of(pdf, style)
        cells = [
            _lines(pdf, measure, text, width, style, line_height) if text else []
            for text, width in zip(values, widths, strict=True)
        ]
        heights = [len(lines) * line_height + 2 * PAD_V for lines in cells if lines]
        laid.append((cells, max(heights, default=0) or line_height, style))
    count = len(laid)
    if count > 1 and pdf.will_page_break(laid[0][1] + laid[1][1]):
        pdf.add_page()  # never a heading alone at the foot of a page
    for index, row in enumerate(laid):
        if pdf.will_page_break(row[1]):
            pdf.add_page()
            if pdf.will_page_break(row[1]):  # as fpdf2: a row never runs off a page
                raise ValueError(f"the row with index {index} is too high for a page")
            if index > 0:
                _grid_row(pdf, xs, widths, right, laid[0], line_height, first=True, last=False)
                pdf.set_xy(pdf.l_margin, pdf.y + laid[0][1])
        _grid_row(pdf, xs, widths, right, row, line_height, first=index == 0,
                  last=index == count - 1)  # fmt: skip
        pdf.set_xy(pdf.l_margin, pdf.y + row[1])
    pdf.set_text_color(*INK)


def _grid_row(
    pdf: _PDF,
    xs: list[float],
    widths: list[float],
    right: list[bool],
    row: tuple[list[list[tuple[str, float]]], float, _RowStyle],
    line_height: float,
    *,
    first: bool,
    last: bool,
) -> None:
    """One row at the current position: background, rules between rows, then the text."""
    cells, height, style = row
    y = pdf.y
    pdf.set_font(FONT, style.emphasis, style.size)
    pdf.set_text_color(*style.colour)
    pdf.set_fill_color(*style.fill)
    pdf.set_draw_color(*RULE)
    baseline = 0.5 * line_height + 0.3 * pdf.font_size
    for x, width, align_right, lines in zip(xs, widths, right, cells, strict=True):
        pdf.rect(x, y, width, height, style="F")
        if not last:
            pdf.line(x, y + height, x + width, y + height)
        if not first:
            pdf.line(x, y, x + width, y)
        top = y + PAD_V + baseline
        for number, (text, text_width) in enumerate(lines):
            left = x + width - PAD_H - text_width if align_right else x + PAD_H
            pdf.text(left, top + number * line_height, text)


class _Measure:
    """Text widths in one font and size, as fpdf2 computes them, with each character's width
    looked up once."""

    def __init__(self, pdf: _PDF) -> None:
        self.font = pdf.current_font
        self.size_pt = pdf.font_size_pt
        self.k = pdf.k
        self.fast = (
            isinstance(self.font, TTFFont)
            and not self.font.is_symbol
            and not pdf.text_shaping
            and pdf.char_spacing == 0
            and pdf.font_stretching == 100
        )
        self.units: dict[str, int] = {}
        self.widths: dict[str, float] = {}

    @classmethod
    def of(cls, pdf: _PDF, style: _RowStyle) -> _Measure:
        key = (style.emphasis, style.size)
        if key not in pdf.measures:
            pdf.set_font(FONT, style.emphasis, style.size)
            pdf.measures[key] = cls(pdf)
        return pdf.measures[key]

    def unit(self, char: str) -> int:
        value = self.units.get(char)
        if value is None:
            value = self.units[char] = self.font.cw[ord(char)]
        return value

    def width(self, units: int) -> float:
        # The same arithmetic as fpdf2's Fragment.get_width: the same floats.
        return units * self.size_pt * 0.001 / self.k

    def char_width(self, char: str) -> float:
        value = self.widths.get(char)
        if value is None:
            value = self.widths[char] = self.width(self.unit(char))
        return value


def _lines(
    pdf: _PDF, measure: _Measure, text: str, width: float, style: _RowStyle, line_height: float
) -> list[tuple[str, float]]:
    """``text`` broken into the lines of a cell ``width`` mm wide, with their widths: fpdf2's
    word wrapping (``MultiLineBreak``), at the last space that fits, or inside a word too long
    for the line. Text with line feeds or special spaces goes through fpdf2 itself."""
    room = width - PAD_H - PAD_H  # as fpdf2 takes the padding off
    lines = _wrap(measure, text, room) if measure.fast and _SPECIAL.isdisjoint(text) else None
    if lines is not None:
        return lines
    pdf.set_font(FONT, style.emphasis, style.size)
    found = pdf.multi_cell(
        width, line_height, text, max_line_height=line_height,
        padding=(PAD_V, PAD_H), dry_run=True, output="LINES", align="L",
    )  # fmt: skip
    return [(line, pdf.get_string_width(line)) for line in found] or [("", 0.0)]


def _wrap(measure: _Measure, text: str, room: float) -> list[tuple[str, float]] | None:
    lines: list[tuple[str, float]] = []
    start, index, end = 0, 0, len(text)
    while index < end:
        start, units, space, space_units = index, 0, -1, 0
        while index < end:
            char = text[index]
            if measure.width(units) + measure.char_width(char) - room > FloatTolerance.TOLERANCE:
                if char == " ":  # a space at the break is dropped
                    lines.append((text[start:index], measure.width(units)))
                    index += 1
                elif space >= 0:  # break at the last space
                    lines.append((text[start:space], measure.width(space_units)))
                    index = space + 1
                elif index > start:  # a word longer than the line
                    lines.append((text[start:index], measure.width(units)))
                else:
                    return None  # not even one character fits: let fpdf2 say so
                break
            if char == " ":
                space, space_units = index, units
            units += measure.unit(char)
            index += 1
        else:
            if units:
                lines.append((text[start:], measure.width(units)))
    return lines or [("", 0.0)]


def _column_widths(
    pdf: _PDF, table: Table, texts: list[list[str]], size: float, heading_size: float
) -> list[float]:
    """Widths (mm) that fit the longest word of each heading and every number unbroken, with
    the rest of the line shared by the columns' relative widths."""
    available = pdf.epw - 0.01  # rounding must never exceed the page width
    padding = 3.4 + 2 * pdf.c_margin  # the table padding plus fpdf2's own cell margin
    measured: dict[str, float] = {}

    def width(text: str) -> float:  # in the current font; many cells repeat
        value = measured.get(text)
        if value is None:
            value = measured[text] = pdf.get_string_width(text)
        return value

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
            need = max([need, *(width(cell) for cell in cells)])
        else:
            # The longest word of a text column, capped: long texts wrap on word boundaries.
            longest = max(
                (width(word) for row in texts for word in row[index].split()),
                default=0.0,
            )
            # A link is cut into pieces anyway (it has no spaces): it needs less room than a
            # word, which leaves the headings of the number columns whole.
            need = max(need, min(longest, 16.0 if column.kind == "link" else 28.0))
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
