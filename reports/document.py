"""A small document model that every renderer (HTML, PDF, XLSX, CSV) draws from.

A report is built once as data (the JSON schema), then turned into a ``Document`` in one
language: sections with paragraphs, key figures, tables and charts. Renderers only lay
out; they never compute.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from pulso.i18n import format_date, format_money, format_number, format_percent

# Column kinds and how they are written for people (HTML/PDF); XLSX and CSV keep raw values.
KINDS = ("text", "int", "float", "pct", "money", "date", "link", "change")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"
    width: float = 1.0  # relative width in the PDF

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Table:
    key: str  # stable name: the XLSX sheet and the CSV file
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    note: str | None = None
    total: dict[str, Any] | None = None  # an optional bold last row


@dataclass
class Figure:
    label: str
    value: str
    change: str | None = None  # "+12.0 %" week over week
    trend: int = 0  # -1, 0, 1 for colouring
    note: str | None = None
    raw: float | None = None  # the number behind ``value`` (the spreadsheet's summary sheet)


@dataclass
class Chart:
    key: str
    title: str
    png: bytes
    alt: str = ""


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)
    page_break: bool = False  # start on a new page in the PDF (annexes)


@dataclass
class Document:
    kind: str  # "weekly" or "consultation"
    title: str
    subtitle: str
    lang: str
    generated: str
    sections: list[Section]
    footer: str = ""

    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def display(value: Any, kind: str, lang: str, currency: str = "USD") -> str:
    """A cell as people read it, in ``lang`` (an em dash for no data, never a zero)."""
    if is_missing(value):
        return "—"
    if kind == "int":
        return format_number(value, lang)
    if kind == "float":
        return format_number(value, lang, decimals=2)
    if kind == "pct":
        return format_percent(value, lang)
    if kind == "change":
        sign = "+" if value > 0 else ""
        return sign + format_percent(value, lang)
    if kind == "money":
        return format_money(float(value), currency, lang)
    if kind == "date":
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value[:10])
            except ValueError:
                return value  # a label in a date column, e.g. "Total"
        return format_date(value, lang)
    return str(value)


def neutralise(value: Any) -> Any:
    """Defuse spreadsheet formula injection: text starting with = + - @ (or a tab or carriage
    return, which some programs strip first) gets a leading apostrophe (OWASP CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
