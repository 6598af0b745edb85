"""Downloads of a page's table as it is filtered: CSV and XLSX of plain columns and rows.

The page computes the rows (``web``), this module only writes them: raw values (numbers as
numbers, rates as fractions, dates as ISO text), a header of labels in the page's language,
and every text cell defused against formula injection (``document.neutralise``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pulso.reports.document import is_missing, neutralise

# Excel's limit on a sheet's name.
SHEET_NAME_LIMIT = 31


@dataclass(frozen=True)
class ExportColumn:
    key: str
    label: str
    kind: str = "text"  # text, int, float, pct, date


def _cell(value, kind: str):
    if is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind in ("int", "float", "pct") and isinstance(value, int | float):
        return int(value) if kind == "int" and float(value).is_integer() else float(value)
    if isinstance(value, bool):
        return value
    return neutralise(str(value))


def table_csv(columns: Sequence[ExportColumn], rows: Iterable[dict]) -> bytes:
    """UTF-8 CSV with a byte-order mark (Excel opens accents right), header of labels."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(c.label) for c in columns])
    for row in rows:
        writer.writerow(
            ["" if (v := _cell(row.get(c.key), c.kind)) is None else v for c in columns]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(sheet: str, columns: Sequence[ExportColumn], rows: Iterable[dict]) -> bytes:
    """One sheet named ``sheet`` (at most ``SHEET_NAME_LIMIT`` characters: a longer name is
    refused, not cut), the header frozen, rates formatted as percentages."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    if len(sheet) > SHEET_NAME_LIMIT:
        raise ValueError(f"sheet name {sheet!r} is longer than {SHEET_NAME_LIMIT} characters")
    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append([c.label for c in columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(row.get(c.key), c.kind) for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = 48 if column.key in ("text", "preview") else 16
        if column.kind == "pct":
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.0%"
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
