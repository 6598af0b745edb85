"""Labelled rows: the bundled seed set and any labelled CSV (``text`` plus labels)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pulso.errors import InputError

LABEL_COLUMNS = ("is_proposal", "theme", "abusive", "sentiment")
_TRUE = {"1", "true", "yes", "si", "sí", "y", "x"}
_FALSE = {"0", "false", "no", "n", ""}


@dataclass
class Row:
    text: str
    is_proposal: int | None = None
    theme: str | None = None
    abusive: int | None = None
    sentiment: str | None = None
    source: str = "seed"
    # Rows written as variants of one another (a seed file's region): cross-validation keeps
    # a group in one fold. None: the row is a group of its own.
    group: str | None = None


def _flag(value: str | None, *, path: str, line: int, field: str) -> int | None:
    if value is None:
        return None
    v = value.strip().lower()
    if v == "":
        return None
    if v in _TRUE:
        return 1
    if v in _FALSE:
        return 0
    raise InputError.of("err.labels.label", path=path, line=line, field=field, value=value)


def read_labelled_csv(path: str | Path, *, source: str | None = None) -> list[Row]:
    """Rows of a CSV with a ``text`` column and any of ``is_proposal``, ``theme``,
    ``abusive``, ``sentiment``. A blank cell means "not labelled"."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError.of("err.input.cannot_read", path=str(path), problem=exc.strerror) from None
    with handle:
        return list(_parse(csv.DictReader(handle), str(path), source or "file"))


def _parse(reader: csv.DictReader, path: str, source: str) -> Iterator[Row]:
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    if "text" not in header:
        raise InputError.of("err.labels.missing_text", path=path, line=1, field="text")
    if not any(c in header for c in LABEL_COLUMNS):
        raise InputError.of(
            "err.labels.no_label_column", path=path, line=1, columns=", ".join(LABEL_COLUMNS)
        )
    for record in reader:
        line = reader.line_num
        text = (record.get("text") or "").strip()
        if not text:
            raise InputError.of("err.labels.empty_text", path=path, line=line, field="text")
        sentiment = (record.get("sentiment") or "").strip().lower() or None
        if sentiment and sentiment not in ("negative", "neutral", "positive"):
            raise InputError.of(
                "err.labels.sentiment",
                value=sentiment,
                path=path,
                line=line,
                field="sentiment",
            )
        yield Row(
            text=text,
            is_proposal=_flag(record.get("is_proposal"), path=path, line=line, field="is_proposal"),
            theme=(record.get("theme") or "").strip() or None,
            abusive=_flag(record.get("abusive"), path=path, line=line, field="abusive"),
            sentiment=sentiment,
            source=source,
            group=(record.get("region") or "").strip() or None,
        )


def load_seed() -> list[Row]:
    """The seed set written by the project (``analytics/extraction/seed/*.csv``); a row's
    group is its ``region`` column, else its file's name (regional files are near twins of
    one another: docs/training-data.md)."""
    rows: list[Row] = []
    folder = resources.files("pulso.analytics.extraction") / "seed"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".csv"):
            with resources.as_file(entry) as path:
                for row in read_labelled_csv(path, source="seed"):
                    row.group = row.group or entry.name
                    rows.append(row)
    return rows
