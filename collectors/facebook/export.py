"""Meta Business Suite post exports (CSV UTF-8 with BOM, UTF-16 with ``sep=,``, XLSX).

Columns are matched by name, case-insensitively and ignoring spacing; a required subset
(post id, publish time, permalink, reach, reactions, comments, shares) must be there, and
the rest (views, clicks, link clicks, boosted reach, 3-second video views, ...) are used
when present. Each row becomes the same ``PostRecord`` and ``ObservationRecord`` the Graph
collector yields, with ``source="file:<name>"``. A file is read and checked completely
before anything is returned, so a malformed file raises ``InputError`` (file, line, column)
and the caller's transaction writes nothing.

Post ids: Business Suite writes the Page's id and the post's own id in separate columns;
Graph ids are "{page id}_{post id}", so the two are joined when the post id has no page
part, and the same post collected from the API and from an export is one post.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pulso.errors import InputError
from pulso.records import ObservationRecord, Page, PostRecord

PLATFORM = "facebook"

REQUIRED = {
    "post id": "post_id",
    "publish time": "published",
    "permalink": "permalink",
    "reach": "reach",
    "reactions": "reactions",
    "comments": "comments",
    "shares": "shares",
}
OPTIONAL = {
    "page id": "page_id",
    "page name": "page_name",
    "title": "title",
    "description": "description",
    "post type": "post_type",
}
# column -> (canonical metric, scope)
METRIC_COLUMNS = {
    "reach": ("reach", "total"),
    "reactions": ("reactions", "total"),
    "comments": ("comments", "total"),
    "shares": ("shares", "total"),
    "views": ("views", "total"),
    "impressions": ("impressions", "total"),
    "total clicks": ("clicks", "total"),
    "link clicks": ("link_clicks", "total"),
    "other clicks": ("other_clicks", "total"),
    "seconds viewed": ("video_watch_seconds", "total"),
    "3-second video views": ("video_plays", "total"),
    "reach from organic posts": ("reach", "organic"),
    "reach from boosted posts": ("reach", "paid"),
}
KINDS = {
    "photo": "image",
    "photos": "image",
    "image": "image",
    "video": "video",
    "videos": "video",
    "reel": "reel",
    "reels": "reel",
    "link": "link",
    "links": "link",
    "text": "text",
    "status": "text",
}
TIME_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


@dataclass
class _Table:
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[Any]]]  # (line number, cells)


def read_export(
    path: Path, *, timezone: str = "America/El_Salvador", observed_at: dt.datetime | None = None
) -> Page:
    """All posts and observations of one export file, as one page (checked completely)."""
    path = Path(path)
    if not path.is_file():
        raise InputError("no such file", path=str(path))
    table = _read_xlsx(path) if _is_xlsx(path) else _read_csv(path)
    columns = _match_columns(path, table)
    zone = ZoneInfo(timezone)
    when = observed_at or dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.UTC)
    source = f"file:{path.name}"
    records: list[Any] = []
    for line, cells in table.rows:
        row = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        if _blank(row.get("post id")):
            continue
        records.extend(_row_records(path, line, row, zone, when, source))
    return Page(records, [])


def _row_records(path, line, row, zone, when, source) -> Iterator[Any]:
    post_id = _post_id(path, line, row)
    published = _time(path, line, "publish time", row["publish time"], zone)
    permalink = _text(row.get("permalink"))
    yield PostRecord(
        PLATFORM,
        post_id,
        published,
        account_external_id=_id_text(row.get("page id"))
        or (post_id.split("_", 1)[0] if "_" in post_id else None),
        kind=KINDS.get((_text(row.get("post type")) or "").strip().lower(), "other"),
        permalink=permalink,
        text=_text(row.get("description")) or _text(row.get("title")),
    )
    for column, (metric, scope) in METRIC_COLUMNS.items():
        if column not in row:
            continue
        value = _number(path, line, column, row[column], required=column in REQUIRED)
        if value is not None:
            yield ObservationRecord(PLATFORM, post_id, metric, value, when, source, scope)


# -- reading ---------------------------------------------------------------------------------


def _is_xlsx(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _read_csv(path: Path) -> _Table:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid {encoding} text", path=str(path), line=line) from None
    lines = text.splitlines(keepends=True)
    delimiter, first = ",", 1
    if lines and re.fullmatch(r"sep=(.)\s*", lines[0], flags=re.IGNORECASE):
        # Excel's hint line: "sep=," names the delimiter and is not the header.
        delimiter, first = lines[0].strip()[4], 2
        lines = lines[1:]
    reader = csv.reader(io.StringIO("".join(lines)), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[Any]]] = []
    header: list[str] | None = None
    header_line = first
    try:
        for cells in reader:
            line = first + reader.line_num - 1
            if header is None:
                if not any(c.strip() for c in cells):
                    continue
                header, header_line = cells, line
                continue
            if any(c.strip() for c in cells):
                rows.append((line, cells))
    except csv.Error as exc:
        line = first + reader.line_num - 1
        raise InputError(f"malformed CSV: {exc}", path=str(path), line=line) from None
    if header is None:
        raise InputError("the file has no header row", path=str(path), line=first)
    return _Table(header, header_line, rows)


def _read_xlsx(path: Path) -> _Table:
    from openpyxl import load_workbook

    try:
        # Not data_only: a formula must be refused, not read as its cached (or no) value.
        book = load_workbook(path, read_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise InputError(f"not a readable XLSX workbook ({exc})", path=str(path)) from None
    try:
        sheet = book.worksheets[0]
        header: list[str] | None = None
        header_line = 1
        rows: list[tuple[int, list[Any]]] = []
        for line, row in enumerate(sheet.iter_rows(), start=1):
            cells = [getattr(cell, "value", None) for cell in row]
            for index, cell in enumerate(row):
                if getattr(cell, "data_type", None) == "f":
                    name = header[index] if header and index < len(header) else None
                    raise InputError(
                        f"a formula ({str(cell.value)[:40]!r}), not a value: paste values only",
                        path=str(path),
                        line=line,
                        field=_normalise(name) if name else None,
                    )
            if header is None:
                if any(c not in (None, "") for c in cells):
                    header, header_line = [str(c or "") for c in cells], line
                continue
            if any(c not in (None, "") for c in cells):
                rows.append((line, cells))
    finally:
        book.close()
    if header is None:
        raise InputError("the workbook has no header row", path=str(path), line=1)
    return _Table(header, header_line, rows)


def _normalise(name: str) -> str:
    return re.sub(r"\s+", " ", str(name).replace("\ufeff", "")).strip().lower()


def _match_columns(path: Path, table: _Table) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, name in enumerate(table.header):
        key = _normalise(name)
        if key and key not in positions:
            positions[key] = index
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise InputError(
            f"missing required column(s): {', '.join(missing)}",
            path=str(path),
            line=table.header_line,
            field=missing[0],
        )
    wanted = set(REQUIRED) | set(OPTIONAL) | set(METRIC_COLUMNS)
    columns = {name: positions[name] for name in wanted if name in positions}
    # Old exports put a description of each column under the header: skip that row.
    if table.rows and table.rows[0][0] == table.header_line + 1:
        first = table.rows[0][1]
        reach = first[columns["reach"]] if columns["reach"] < len(first) else None
        post_id = _id_text(first[columns["post id"]] if columns["post id"] < len(first) else None)
        # A data row with a bad number is not that row: it has a post id and must fail.
        is_post = bool(post_id and re.fullmatch(r"\d+(_\d+)?", post_id))
        if isinstance(reach, str) and reach.strip() and not _looks_numeric(reach) and not is_post:
            table.rows = table.rows[1:]
    return columns


# -- values ----------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def _id_text(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _text(value)


def _post_id(path: Path, line: int, row: dict) -> str:
    raw = row["post id"]
    if isinstance(raw, float) and raw > 2**53:
        # A spreadsheet stored the id as a float and lost digits: the permalink keeps them.
        match = re.search(r"(?:/posts/|/videos/|story_fbid=|fbid=)(\d+)", str(row.get("permalink")))
        raw = match.group(1) if match else raw
    value = _id_text(raw)
    if not value or not re.fullmatch(r"\d+(_\d+)?", value):
        raise InputError(f"not a post id: {value!r}", path=str(path), line=line, field="post id")
    page = _id_text(row.get("page id"))
    if "_" not in value and page and page.isdigit():
        return f"{page}_{value}"
    return value


def _looks_numeric(value: str) -> bool:
    return bool(re.fullmatch(r"-?[\d,]*\.?\d+", value.strip()))


def _number(path, line, column, value, *, required: bool) -> float | None:
    if isinstance(value, bool):
        raise InputError(f"not a number: {value!r}", path=str(path), line=line, field=column)
    if isinstance(value, int | float):
        return float(value)
    if _blank(value) or str(value).strip() in ("-", "--"):
        return 0.0 if required else None
    text = str(value).strip()
    if not _looks_numeric(text):
        raise InputError(f"not a number: {text!r}", path=str(path), line=line, field=column)
    return float(text.replace(",", ""))


def _time(path, line, column, value, zone) -> dt.datetime:
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = _text(value)
        moment = None
        if text:
            for fmt in TIME_FORMATS:
                try:
                    moment = dt.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
            if moment is None:
                try:
                    moment = dt.datetime.fromisoformat(text)
                except ValueError:
                    moment = None
        if moment is None:
            raise InputError(
                f"not a date and time: {text!r}", path=str(path), line=line, field=column
            )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)  # Business Suite writes the Page's local time
    return moment.astimezone(dt.UTC)
