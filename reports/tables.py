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
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from reports.document import Document, Table, is_missing, neutralise

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


def _sheet_name(key: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", key)[:31] or "table"
    name, n = base, 2
    while name in used:
        suffix = f"_{n}"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def render_xlsx(doc: Document) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    for table in doc.tables():
        sheet = book.create_sheet(_sheet_name(table.key, used))
        sheet.append([neutralise(c.label) for c in table.columns])
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        rows = list(table.rows) + ([table.total] if table.total else [])
        for row in rows:
            sheet.append([_raw(row.get(c.key), c.kind) for c in table.columns])
        for index, column in enumerate(table.columns, start=1):
            letter = get_column_letter(index)
            fmt = FORMATS.get(column.kind)
            if fmt:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = fmt
            sheet.column_dimensions[letter].width = min(60, max(10, 12 * column.width))
        if table.total:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
