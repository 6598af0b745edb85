"""Reading the spreadsheets people fill in by hand: CSV (UTF-8, with or without a BOM, comma,
semicolon or tab separated) and XLSX (first sheet).

Columns are matched by name, ignoring case, accents, spaces, ``_`` and ``-``, against a list
of aliases per field (Spanish and English). Rows keep their number as the spreadsheet shows
it (the header is row 1), so that an error can name file, row and column.

A column that two headers map to (``texto`` twice, or ``texto`` and ``propuesta``) is
refused: which of the two holds the value? A cell holding a control character (NUL and the
other C0 codes but tab and line breaks) is refused too (``pulso.collectors.cells``): SQLite
would store it, PostgreSQL would not.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulso.collectors.cells import bad_utf8_line, check_text, csv_error
from pulso.errors import InputError, KeyedValueError, PulsoError

_SPACES = re.compile(r"[\s_\-]+")


def normalise_header(name: Any) -> str:
    text = unicodedata.normalize("NFKD", str(name or "").casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip(" .:*")


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet shows it (header = 1 when it is the first row)
    values: dict[str, Any]  # canonical field -> raw cell value (None when empty)
    extra: dict[str, Any]  # unrecognised column header -> value (non-empty only)


@dataclass(frozen=True)
class Table:
    path: str
    columns: dict[str, str]  # canonical field -> header as written in the file
    rows: list[Row]

    def error(
        self, key: str, row: Row | None = None, field: str | None = None, **values: object
    ) -> InputError:
        """The error at ``row``'s ``field`` (named as the file's header names it), its
        reason the catalogue message ``key``."""
        column = self.columns.get(field, field) if field else None
        line = row.number if row else None
        return InputError.of(key, path=self.path, line=line, field=column, **values)

    def refused(self, exc: PulsoError, row: Row, field: str) -> InputError:
        """A domain error (a workflow rule) about ``row``'s ``field``, its message kept."""
        if exc.key is None:
            return self.error("err.input.invalid", row, field, problem=str(exc))
        return self.error(exc.key, row, field, **exc.values)

    def bad_value(self, exc: ValueError, row: Row, field: str) -> InputError:
        """A cell parser's ``ValueError`` at ``row``'s ``field``."""
        column = self.columns.get(field, field)
        return InputError.of_value(exc, path=self.path, line=row.number, field=column)


def read_table(
    path: str | Path,
    aliases: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str] = (),
) -> Table:
    """Read a CSV or XLSX file and map its columns to the fields of ``aliases``.

    Missing required columns and unreadable files raise ``InputError``.
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raw_rows = _xlsx_rows(path)
    elif path.suffix.lower() in (".csv", ".txt", ".tsv"):
        raw_rows = _csv_rows(path)
    else:
        raise InputError.of("err.table.not_csv_or_xlsx", path=str(path))
    lookup = {normalise_header(alias): field for field, names in aliases.items() for alias in names}
    header: list[str] | None = None
    header_number = 0
    rows: list[Row] = []
    columns: dict[str, str] = {}
    positions: dict[int, str] = {}
    for number, cells in raw_rows:
        if all(_blank(c) for c in cells):
            continue
        if header is None:
            header, header_number = [str(c or "").strip() for c in cells], number
            for index, name in enumerate(header):
                field = lookup.get(normalise_header(name))
                if field is None:
                    continue
                if field in columns:
                    first = next(i for i, f in positions.items() if f == field)
                    raise InputError.of(
                        "err.table.two_columns",
                        path=str(path),
                        line=number,
                        field=field,
                        first=columns[field],
                        first_index=first + 1,
                        second=name,
                        second_index=index + 1,
                    )
                columns[field] = name
                positions[index] = field
            missing = [f for f in required if f not in columns]
            if missing:
                expected = " | ".join(aliases[missing[0]])
                raise InputError.of(
                    "err.table.missing_column",
                    path=str(path),
                    line=header_number,
                    field=missing[0],
                    expected=expected,
                )
            continue
        values: dict[str, Any] = dict.fromkeys(columns)
        extra: dict[str, Any] = {}
        for index, cell in enumerate(cells):
            cell = None if _blank(cell) else (cell.strip() if isinstance(cell, str) else cell)
            try:
                check_text(cell)
            except ValueError as exc:
                name = header[index] if index < len(header) else None
                raise InputError.of_value(exc, path=str(path), line=number, field=name) from None
            if index in positions:
                values[positions[index]] = cell
            elif cell is not None and index < len(header) and header[index]:
                extra[header[index]] = cell
        rows.append(Row(number, values, extra))
    if header is None:
        raise InputError.of("err.input.empty_file", path=str(path))
    return Table(str(path), columns, rows)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """Rows read as a stream (a large file takes the memory of one row)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            delimiter = max((",", ";", "\t"), key=first.count)
            reader = csv.reader(itertools.chain([first], handle), delimiter=delimiter, strict=True)
            start = 1  # the physical line where the next record starts
            try:
                for cells in reader:
                    yield start, cells
                    start = reader.line_num + 1
            except csv.Error as exc:
                raise csv_error(exc, str(path), start) from None
    except OSError as exc:
        raise InputError.of(
            "err.input.cannot_read", path=str(path), problem=exc.strerror or exc
        ) from None
    except UnicodeDecodeError:
        raise InputError.of(
            "err.table.not_utf8", path=str(path), line=bad_utf8_line(path)
        ) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook  # imported here: only XLSX imports need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # Not data_only: a formula must be refused, not read as its cached (or no) value.
        workbook = load_workbook(path, read_only=True)
    except (OSError, InvalidFileException, KeyError, ValueError) as exc:
        raise InputError.of("err.table.not_xlsx", path=str(path), problem=exc) from None
    except Exception as exc:  # zipfile.BadZipFile and friends
        raise InputError.of(
            "err.table.not_xlsx", path=str(path), problem=type(exc).__name__
        ) from None
    try:
        sheet = workbook.worksheets[0]
        header: list[Any] | None = None
        for number, row in enumerate(sheet.iter_rows(), start=1):
            cells = [getattr(cell, "value", None) for cell in row]
            for index, cell in enumerate(row):
                if getattr(cell, "data_type", None) == "f":
                    name = header[index] if header and index < len(header) else None
                    raise InputError.of(
                        "err.input.formula",
                        formula=str(cell.value)[:40],
                        path=str(path),
                        line=number,
                        field=str(name).strip() if name else None,
                    )
            if header is None and not all(_blank(c) for c in cells):
                header = cells
            yield number, cells
    finally:
        workbook.close()


# -- cell parsers: each returns a value or raises ValueError with a message for the user --

_TRUE = {"yes", "y", "si", "sí", "s", "true", "verdadero", "1", "x"}
_FALSE = {"no", "n", "false", "falso", "0"}


def parse_bool(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = normalise_header(value)
    if text in {normalise_header(t) for t in _TRUE}:
        return True
    if text in _FALSE:
        return False
    raise KeyedValueError("err.table.not_yes_no", value=value)


_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d/%m/%y", "%Y/%m/%d")


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    spelled = _SPELLED.fullmatch(normalise_header(text))
    if spelled and spelled.group(2) in _MONTHS:
        day, month, year = (
            int(spelled.group(1)),
            _MONTHS.index(spelled.group(2)) + 1,
            spelled.group(3),
        )
        try:
            return dt.date(int(year), month, day)
        except ValueError:
            pass
    raise KeyedValueError("err.table.not_a_date", value=text)


# "25 de julio de 2018", "25 julio 2018" (written out, as people do in Spanish documents)
_SPELLED = re.compile(r"(\d{1,2})(?: de)? ([a-z]+)(?: de| del)? (\d{4})")
_MONTHS = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip


def parse_datetime(value: Any, zone: dt.tzinfo) -> dt.datetime:
    """A date or date-time in ``zone`` (a naive value is local time there) -> aware UTC."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime.combine(value, dt.time(12))
    else:
        text = str(value).strip()
        try:
            moment = dt.datetime.fromisoformat(text)
            if len(text) <= 10:
                moment = moment.replace(hour=12)  # a bare date: midday, so the day is stable
        except ValueError:
            moment = dt.datetime.combine(parse_date(text), dt.time(12))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(dt.UTC)


def text_value(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None
