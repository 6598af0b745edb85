"""Writing a report in several formats to a folder, each file complete or absent.

File names: ``weekly-2018-W26.es.pdf``, ``consultation-pan-2018-2020.en.json``; CSV gives one
file per table: ``weekly-2018-W26.es.posts.csv``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from pulso.errors import InputError
from pulso.reports.document import Document

FORMATS = ("html", "pdf", "xlsx", "csv", "json")


def parse_formats(values: Iterable[str]) -> list[str]:
    """``("pdf,xlsx", "json")`` -> ``["pdf", "xlsx", "json"]`` (order kept, no repeats)."""
    result: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip().lower()
            if not name:
                continue
            if name not in FORMATS:
                raise InputError.of(
                    "err.report.format", field="--format", name=name, formats=", ".join(FORMATS)
                )
            if name not in result:
                result.append(name)
    return result or ["html"]


def _write_atomic(path: Path, content: bytes) -> None:
    # Write next to the target and rename: a reader never sees half a file.
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def report_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")


def write_report(
    data: dict,
    build_document: Callable[[dict], Document],
    *,
    formats: list[str],
    out: Path,
    basename: str,
) -> list[Path]:
    """Render ``data`` in every format into ``out``; returns the files written."""
    from pulso.reports.html import render_html
    from pulso.reports.pdf import render_pdf
    from pulso.reports.tables import render_csv, render_xlsx

    out.mkdir(parents=True, exist_ok=True)
    stem = f"{basename}.{data['lang']}"
    outputs: list[tuple[Path, bytes]] = []
    document = build_document(data) if set(formats) - {"json"} else None
    for name in formats:
        if name == "json":
            outputs.append((out / f"{stem}.json", report_json(data)))
        elif name == "html":
            outputs.append((out / f"{stem}.html", render_html(document).encode("utf-8")))
        elif name == "pdf":
            outputs.append((out / f"{stem}.pdf", render_pdf(document)))
        elif name == "xlsx":
            outputs.append((out / f"{stem}.xlsx", render_xlsx(document)))
        elif name == "csv":
            for table in document.tables():
                # A BOM so that spreadsheet programs read the accents as UTF-8.
                content = ("\ufeff" + render_csv(table)).encode("utf-8")
                outputs.append((out / f"{stem}.{table.key}.csv", content))
    # Everything is rendered before anything is written: a rendering error leaves no file.
    for path, content in outputs:
        _write_atomic(path, content)
    return [path for path, _ in outputs]
