"""Spreadsheet outputs: XLSX (one sheet per table) and CSV (one file per table).

Values are raw (numbers as numbers, dates as dates) so the team can compute with them;
every text cell is defused against formula injection (``document.neutralise``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pulso.i18n import has, t
from pulso.reports.document import Document, Table, is_missing, neutralise

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
FORMATS = {
    "int": "#,##0",
    "float": "#,##0.00",
    "pct": "0.0%",
    "change": "+0.0%;-0.0%;0.0%",
    "money": "#,##0.00",
    "date": "yyyy-mm-dd",
}


def _raw(value, kind: str):
    if is_missing(value):
        return None
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return neutralise(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, bool):
        return int(value)
    return neutralise(str(value))


def _sheet_name(title: str, used: set[str]) -> str:
    """The table's title in the report's language as an Excel sheet name: at most 31
    characters, none of ``[]:*?/\\``, unique in the book."""
    base = " ".join(_SHEET_BAD.sub(" ", title).split()) or "Tabla"
    if len(base) > 31:  # cut at a word, marked
        cut = base[:30]
        cut = cut[: cut.rfind(" ")] if " " in cut else cut
        base = cut.rstrip(" (.,;-") + "…"
    name, n = base, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
    used.add(name)
    return name


def render_xlsx(doc: Document) -> bytes:
    # Write-only: rows stream to the file as they are appended, and each cell is styled once
    # as it is made (one shared style object per kind, not a second pass over every cell).
    book = Workbook(write_only=True)
    used: set[str] = set()
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    header_alignment = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    bullets = [b for section in doc.sections[:1] for b in section.bullets]
    if bullets:
        # The executive summary first, as the report opens with it.
        sheet = book.create_sheet(_sheet_name(t("sheet.executive", doc.lang), used))
        sheet.column_dimensions["A"].width = 120
        cell = WriteOnlyCell(sheet, neutralise(doc.sections[0].title))
        cell.font = bold
        sheet.append([cell])
        for bullet in bullets:
            cell = WriteOnlyCell(sheet, neutralise(bullet))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.append([cell])
    figures = [f for section in doc.sections for f in section.figures]
    if figures:
        # The headline figures first, as the PDF and the page show them at the top.
        sheet = book.create_sheet(_sheet_name(t("sheet.summary", doc.lang), used))
        sheet.column_dimensions["A"].width = 44
        sheet.column_dimensions["B"].width = 16
        sheet.column_dimensions["C"].width = 36
        header = []
        for key in ("sheet.figure", "sheet.value", "sheet.change"):
            cell = WriteOnlyCell(sheet, t(key, doc.lang))
            cell.font, cell.fill, cell.alignment = header_font, header_fill, header_alignment
            header.append(cell)
        sheet.append(header)
        for f in figures:
            value = f.raw if f.raw is not None else (None if f.value == "—" else f.value)
            sheet.append([neutralise(f.label), _cell(sheet, value, FORMATS["float"]
                          if isinstance(value, float) and not value.is_integer()
                          else FORMATS["int"] if isinstance(value, (int, float)) else None),
                          neutralise(f.change or "")])  # fmt: skip
    for table in doc.tables():
        title = t(f"sheet.{table.key}", doc.lang) if has(f"sheet.{table.key}") else table.title
        sheet = book.create_sheet(_sheet_name(title or table.key, used))
        for index, column in enumerate(table.columns, start=1):
            width = min(60, max(10, 12 * column.width))
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        # The sheet's size, which openpyxl writes only for sheets it holds whole (readers in
        # read-only mode use it): known before the first row.
        last = get_column_letter(max(1, len(table.columns)))
        size = f"A1:{last}{len(table.rows) + 1 + bool(table.total)}"
        sheet.calculate_dimension = lambda size=size: size
        header = []
        for column in table.columns:
            cell = WriteOnlyCell(sheet, neutralise(column.label))
            cell.font, cell.fill, cell.alignment = header_font, header_fill, header_alignment
            header.append(cell)
        sheet.append(header)
        columns = [(c.key, c.kind, FORMATS.get(c.kind)) for c in table.columns]
        for row in table.rows:
            sheet.append([_cell(sheet, _raw(row.get(k), kind), f) for k, kind, f in columns])
        if table.total:
            total = []
            for key, kind, fmt in columns:
                cell = WriteOnlyCell(sheet, _raw(table.total.get(key), kind))
                cell.font = bold
                if fmt:
                    cell.number_format = fmt
                total.append(cell)
            sheet.append(total)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value, number_format: str | None):
    """A value as it goes into a write-only sheet: a styled cell when its column has a
    number format, else the bare value."""
    if number_format is None:
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.number_format = number_format
    return cell


def render_csv(table: Table) -> str:
    """One table as CSV: a header of the columns' stable keys, raw values, no total row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        values = []
        for c in table.columns:
            value = _raw(row.get(c.key), c.kind)
            values.append(
                "" if value is None else value.isoformat() if isinstance(value, dt.date) else value
            )
        writer.writerow(values)
    return out.getvalue()
