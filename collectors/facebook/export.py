"""Meta Business Suite post exports (CSV UTF-8 with BOM, UTF-16 with ``sep=,``, XLSX).

Columns are matched by name, case-insensitively and ignoring spacing; a required subset
(post id, publish time, permalink, reach, reactions, comments, shares) must be there, each
once (a repeated column is refused: which of the two holds the figure?), and the rest
(views, clicks, link clicks, boosted reach, 3-second video views, funded content status,
...) are used when present. Each row becomes the same ``PostRecord`` and
``ObservationRecord`` the Graph collector yields, with ``source="file:<name>"``.

The file is read as a stream (``export_pages``: pages of ``CHUNK`` rows), so memory stays
flat however long the export; the caller writes every page in one transaction, so a
malformed row anywhere raises ``InputError`` (file, line, column) and nothing is written.
An export with a header and no post is refused: it is a cut file, not "0 posts".

Cells (``pulso.collectors.cells``): counts are whole numbers >= 0 (thousands separators in
groups of three); "Seconds viewed" may be fractional. "No value" is not zero:

- Reach blank or ``-``: refused. Business Suite writes a reach for every post it lists,
  and every reach figure Pulso shows starts there, so a blank is a damaged file.
- Every other count (reactions, comments, shares, clicks, views...) blank or ``-``: no
  observation is stored for that metric and post (the figure is unknown, not 0).

A publish time more than a day in the future, and a control character (NUL...) in any
cell, are refused.

Post ids: Business Suite writes the Page's id and the post's own id in separate columns;
Graph ids are "{page id}_{post id}", so the two are joined when the post id has no page
part, and the same post collected from the API and from an export is one post. A post id
that a spreadsheet rounded (a float past 2**53, or six or more trailing zeros) is taken
from the permalink when the permalink has it, and refused otherwise.

Boosted posts: "Funded content status" saying boosted (or a paid reach above 0) marks the
post boosted, as the Marketing API would.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pulso.collectors.cells import (
    bad_utf8_line,
    check_not_future,
    check_text,
    csv_error,
    looks_rounded,
    parse_count,
)
from pulso.errors import InputError
from pulso.i18n import Message
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
    "funded content status": "funded",
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
FIRST_YEAR = 2004
CHUNK = 1000  # rows per page: memory is bounded by one page, not by the file
TIME_FORMATS = ("%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


_BOOSTED = re.compile(r"boost|promo|impuls|paid|pagad|sponsor|patrocin|ad\b|anuncio")
_NOT = re.compile(r"^(not?|sin|un|non)\b|^-$|^no ")


def read_export(
    path: Path,
    *,
    timezone: str = "America/El_Salvador",
    observed_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Page:
    """All posts and observations of one export file, as one page (checked completely)."""
    records: list[Any] = []
    for page in export_pages(path, timezone=timezone, observed_at=observed_at, now=now):
        records.extend(page.records)
    return Page(records, [])


def export_pages(
    path: Path,
    *,
    timezone: str = "America/El_Salvador",
    observed_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    chunk: int = CHUNK,
) -> Iterator[Page]:
    """The export's records, ``chunk`` rows per page, read as a stream. Write them all in
    one transaction: a bad row raises ``InputError`` after earlier pages were yielded."""
    path = Path(path)
    if not path.is_file():
        raise InputError.of("err.input.no_such_file", path=str(path))
    rows = _xlsx_rows(path) if _is_xlsx(path) else _csv_rows(path)
    header_line, header = next(rows, (None, None))
    if header is None:
        raise InputError.of("err.facebook.no_header", path=str(path))
    header = [str(c if c is not None else "") for c in header]
    columns = _match_columns(path, header_line, header)
    zone = ZoneInfo(timezone)
    when = observed_at or dt.datetime.fromtimestamp(int(path.stat().st_mtime), dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    source = f"file:{path.name}"
    posts = 0
    records: list[Any] = []
    for line, cells in rows:
        row = {name: cells[i] if i < len(cells) else None for name, i in columns.items()}
        if posts == 0 and line == header_line + 1 and _is_description_row(row):
            continue  # old exports describe each column in the row under the header
        if _blank(row.get("post id")):
            continue
        posts += 1
        records.extend(_row_records(path, line, row, zone, when, source, now))
        if posts % chunk == 0:
            yield Page(records, [])
            records = []
    if posts == 0:
        raise InputError.of(
            "err.input.no_rows",
            path=str(path),
            line=header_line,
        )
    if records:
        yield Page(records, [])


def _row_records(path, line, row, zone, when, source, now) -> Iterator[Any]:
    for column, value in row.items():
        _cell(path, line, column, check_text, value)
    post_id = _post_id(path, line, row)
    published = _time(path, line, "publish time", row["publish time"], zone)
    _cell(path, line, "publish time", lambda m: check_not_future(m, now=now), published)
    values: dict[str, float | None] = {}
    for column in METRIC_COLUMNS:
        if column in row:
            values[column] = _number(path, line, column, row[column])
    if values.get("reach") is None:
        raise InputError.of(
            "err.facebook.reach",
            value=_shown(row["reach"]),
            path=str(path),
            line=line,
            field="reach",
        )
    funded = (_text(row.get("funded content status")) or "").casefold()
    boosted = bool(_BOOSTED.search(funded) and not _NOT.search(funded)) or bool(
        values.get("reach from boosted posts")
    )
    yield PostRecord(
        PLATFORM,
        post_id,
        published,
        account_external_id=_id_text(row.get("page id"))
        or (post_id.split("_", 1)[0] if "_" in post_id else None),
        kind=KINDS.get((_text(row.get("post type")) or "").strip().lower(), "other"),
        permalink=_text(row.get("permalink")),
        text=_text(row.get("description")) or _text(row.get("title")),
        is_boosted=boosted,
    )
    for column, value in values.items():
        if value is not None:
            metric, scope = METRIC_COLUMNS[column]
            yield ObservationRecord(PLATFORM, post_id, metric, value, when, source, scope)


# -- reading ---------------------------------------------------------------------------------


def _is_xlsx(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def _csv_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """Non-blank rows as (line, cells), read as a stream; the header is the first."""
    with path.open("rb") as fh:
        start = fh.read(3)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif start.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    first, line = 1, 1
    try:
        with path.open(encoding=encoding, newline="") as handle:
            opening = handle.readline()
            lines: Iterator[str] = itertools.chain([opening], handle)
            delimiter = ","
            if re.fullmatch(r"sep=(.)\s*", opening, flags=re.IGNORECASE):
                # Excel's hint line: "sep=," names the delimiter and is not the header.
                delimiter, first, lines = opening.strip()[4], 2, handle
            line = first
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield line, cells
                line = first + reader.line_num  # where the next record starts
    except UnicodeDecodeError:
        raise InputError.of(
            "err.input.not_encoding",
            encoding=encoding,
            path=str(path),
            line=1 if encoding == "utf-16" else bad_utf8_line(path),
        ) from None
    except csv.Error as exc:
        raise csv_error(exc, str(path), line) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        # Not data_only: a formula must be refused, not read as its cached (or no) value.
        book = load_workbook(path, read_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file
        raise InputError.of("err.facebook.not_xlsx", path=str(path), problem=exc) from None
    try:
        sheet = book.worksheets[0]
        header: list[Any] | None = None
        for line, row in enumerate(sheet.iter_rows(), start=1):
            cells = [getattr(cell, "value", None) for cell in row]
            for index, cell in enumerate(row):
                if getattr(cell, "data_type", None) == "f":
                    name = header[index] if header and index < len(header) else None
                    raise InputError.of(
                        "err.input.formula",
                        formula=str(cell.value)[:40],
                        path=str(path),
                        line=line,
                        field=_normalise(name) if name else None,
                    )
            if any(c not in (None, "") for c in cells):
                header = header or cells
                yield line, cells
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet inside a readable zip
        raise InputError.of(
            "err.facebook.not_xlsx", path=str(path), problem=type(exc).__name__
        ) from None
    finally:
        book.close()


def _normalise(name: str) -> str:
    return re.sub(r"\s+", " ", str(name).replace("\ufeff", "")).strip().lower()


def _match_columns(path: Path, header_line: int, header: list[str]) -> dict[str, int]:
    wanted = set(REQUIRED) | set(OPTIONAL) | set(METRIC_COLUMNS)
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _normalise(name)
        if key in positions and key in wanted:
            raise InputError.of(
                "err.input.column_twice",
                first=positions[key] + 1,
                second=index + 1,
                path=str(path),
                line=header_line,
                field=key,
            )
        if key:
            positions.setdefault(key, index)
    missing = [name for name in REQUIRED if name not in positions]
    if missing:
        raise InputError.of(
            "err.facebook.missing_columns",
            columns=", ".join(missing),
            path=str(path),
            line=header_line,
            field=missing[0],
        )
    return {name: positions[name] for name in wanted if name in positions}


def _is_description_row(row: dict[str, Any]) -> bool:
    """Whether the first row under the header describes the columns instead of a post."""
    reach = row.get("reach")
    post_id = _id_text(row.get("post id"))
    # A data row with a bad number is not that row: it has a post id and must fail.
    is_post = bool(post_id and re.fullmatch(r"\d+(_\d+)?", post_id))
    return (
        isinstance(reach, str)
        and bool(reach.strip())
        and not _looks_numeric(reach)
        and (not is_post)
    )


# -- values ----------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    return None if _blank(value) else str(value).strip()


def _shown(value: Any) -> str | Message:
    """A cell's value as an error shows it: quoted, or "no value" in the error's language."""
    return Message.of("err.input.no_value") if _blank(value) else repr(_text(value)[:40])


def _id_text(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _text(value)


def _cell(path: Path, line: int, column: str, check, value: Any) -> Any:
    try:
        return check(value)
    except ValueError as exc:
        raise InputError.of_value(exc, path=str(path), line=line, field=column) from None


_LINK_ID = re.compile(r"(?:/posts/|/videos/|/reel/|story_fbid=|fbid=)(\d+)")


def _post_id(path: Path, line: int, row: dict) -> str:
    raw = row["post id"]
    value = _id_text(raw)
    rounded = (isinstance(raw, float) and raw > 2**53) or bool(
        value and value.isdigit() and looks_rounded(value)
    )
    if rounded:
        # A spreadsheet stored the id as a number and lost digits: the permalink keeps them.
        match = _LINK_ID.search(str(row.get("permalink") or ""))
        if match is None:
            raise InputError.of(
                "err.facebook.rounded_id",
                value=value,
                path=str(path),
                line=line,
                field="post id",
            )
        value = match.group(1)
    if not value or not re.fullmatch(r"\d+(_\d+)?", value) or len(value) > 60:
        raise InputError.of(
            "err.facebook.post_id",
            value=_shown(value),
            path=str(path),
            line=line,
            field="post id",
        )
    page = _id_text(row.get("page id"))
    if "_" not in value and page and page.isdigit() and len(page) <= 30:
        return f"{page}_{value}"
    return value


def _looks_numeric(value: str) -> bool:
    return bool(re.fullmatch(r"-?[\d,]*\.?\d+", value.strip()))


def _number(path, line, column, value) -> float | None:
    fraction = METRIC_COLUMNS[column][0] == "video_watch_seconds"
    return _cell(path, line, column, lambda v: parse_count(v, fraction=fraction), value)


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
            raise InputError.of(
                "err.facebook.time",
                value=_shown(text),
                path=str(path),
                line=line,
                field=column,
            )
    if moment.year < FIRST_YEAR:
        raise InputError.of(
            "err.facebook.too_early",
            date=moment.date().isoformat(),
            year=FIRST_YEAR,
            path=str(path),
            line=line,
            field=column,
        )
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)  # Business Suite writes the Page's local time
    return moment.astimezone(dt.UTC)
