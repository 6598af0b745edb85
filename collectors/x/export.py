"""X Analytics exports: the legacy ``tweet_activity_metrics_*.csv`` and the 2024+
``account_analytics_content_*.csv``.

- Legacy (analytics.twitter.com, 40 columns): "Tweet id", "Tweet permalink", "Tweet text",
  "time" ("2018-06-28 18:04 +0000"), "impressions", ..., "likes" (older files: "favorites"),
  then 18 "promoted ..." columns holding "-" when the post was not promoted.
- 2024+ (x.com/i/account_analytics): "Post id", "Date" ("Fri, Jul 10, 2026"), "Post text",
  "Post Link", "Impressions", "Likes", ..., numbers with thousands separators.

Columns are matched by name (case and spacing ignored), so extra or reordered columns are
fine; a column the import uses may appear only once. The post id is taken from the link
when there is one: spreadsheet tools round 19-digit ids ("1.01239637112132E+18",
"1897000000000000000"), so an id without a link that looks rounded is refused. The link
also names the account (``x.com/<handle>/status/<id>``), and the post is stored under it.

The publication time is the file's time column ("time" in legacy files, to the minute;
"Date" in 2024+ files, the day). An X id carries its creation time in milliseconds: when it
falls within the column's minute (legacy) or day (give or take the 14 hours between time
zones, 2024+ files), that time is kept, so an import agrees with the API to the second;
otherwise the column wins, and an id from the "Post id" column alone that disagrees with
it is refused (a spreadsheet changed the id). A "Date" without a usable id is stored at
midday UTC, so the day holds in every zone of the Americas. Times that do not exist
(``25:99``) or lie more than a day in the future are refused.

Counts are whole numbers >= 0 (``pulso.collectors.cells``); "-" (legacy files' promoted
columns when the post was not promoted) and an empty cell mean no value: no observation is
stored. A control character (NUL...) in any cell is refused. A file with a header and no
post is refused. The file is read as a stream (``scan_export``), so a million rows take
the memory of one.

Values are stored as observations with source ``file:<file name>``, observed at the end of
the period in the file name (``..._20180601_20180701_...`` or ``..._2026-04-27_2026-07-25``),
else at the file's modification time. Re-importing a file changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pulso.collectors.cells import (
    bad_utf8_line,
    check_not_future,
    check_text,
    csv_error,
    looks_rounded,
    parse_count,
)
from pulso.errors import InputError
from pulso.records import AccountRecord, ObservationRecord, Page, PostRecord

PLATFORM = "x"
TWITTER_EPOCH_MS = 1288834974657
# Ids from before snowflake ids (Nov 2010) carry no time.
FIRST_SNOWFLAKE = 1 << 40
FIRST_YEAR = 2006

# Pulso metric for each export column (lower-cased); promoted columns are "promoted " + name.
LEGACY_METRICS = {
    "impressions": "impressions",
    "engagements": "engagements",
    "retweets": "reposts",
    "replies": "replies",
    "likes": "likes",
    "favorites": "likes",
    "user profile clicks": "profile_clicks",
    "url clicks": "link_clicks",
    "hashtag clicks": "hashtag_clicks",
    "detail expands": "detail_expands",
    "permalink clicks": "permalink_clicks",
    "follows": "follows",
    "media views": "media_views",
    "media engagements": "media_engagements",
}
CONTENT_METRICS = {
    "impressions": "impressions",
    "likes": "likes",
    "engagements": "engagements",
    "bookmarks": "bookmarks",
    "shares": "shares",
    "new follows": "follows",
    "replies": "replies",
    "reposts": "reposts",
    "profile visits": "profile_clicks",
    "detail expands": "detail_expands",
    "url clicks": "link_clicks",
    "hashtag clicks": "hashtag_clicks",
    "permalink clicks": "permalink_clicks",
}
_STATUS_ID = re.compile(r"/status(?:es)?/(\d{1,30})")
# x.com/<handle>/status/<id>; "i" (x.com/i/web/status/<id>) names no account.
_HANDLE = re.compile(
    r"^(?:https?://)?(?:www\.|mobile\.)?(?:x|twitter)\.com/(?!i/)([A-Za-z0-9_]{1,15})/status",
    re.IGNORECASE,
)
_PERIOD = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})_(\d{4})-?(\d{2})-?(\d{2})")
LEGACY_TIME_FORMATS = ("%Y-%m-%d %H:%M %z", "%Y-%m-%d %H:%M:%S %z")
CONTENT_DATE_FORMATS = ("%a, %b %d, %Y", "%b %d, %Y", "%Y-%m-%d")
# A 2024+ "Date" is the day where the account lives: its id's time may be off by a zone.
_ZONES = dt.timedelta(hours=14)


@dataclass
class ExportRow:
    line: int
    post_id: str
    published_at: dt.datetime
    text: str | None
    permalink: str | None
    values: dict[tuple[str, str], float] = field(default_factory=dict)  # (metric, scope)
    promoted: bool = False
    handle: str | None = None  # the account, from the link


@dataclass
class ExportFile:
    path: Path
    format: str  # "legacy" or "content"
    observed_at: dt.datetime
    rows: list[ExportRow]

    @property
    def source(self) -> str:
        return f"file:{self.path.name}"


def _key(name: str) -> str:
    return " ".join(name.replace("\ufeff", "").strip().lower().split())


def read_export(
    path: str | Path, *, observed_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> ExportFile:
    """Parse one export; raise ``InputError`` naming file, line and column on bad input."""
    export, rows = scan_export(path, observed_at=observed_at, now=now)
    export.rows = list(rows)
    return export


def scan_export(
    path: str | Path, *, observed_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> tuple[ExportFile, Iterator[ExportRow]]:
    """The export (its header checked now, ``rows`` left empty) and an iterator over its
    rows, read as a stream: a bad row raises ``InputError`` when the iteration reaches it."""
    path = Path(path)
    where = str(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise InputError.of(
            "err.input.cannot_read", path=where, problem=exc.strerror or exc
        ) from None
    reader = csv.reader(handle, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise InputError.of("err.x.empty_file", path=where, line=1) from None
    except (csv.Error, UnicodeDecodeError, OSError) as exc:
        handle.close()
        raise _read_error(exc, path, 1) from None
    try:
        spec = _Spec.of(header, where)
    except InputError:
        handle.close()
        raise
    export = ExportFile(path, spec.format, observed_at or _observed_at(path), [])
    return export, _rows(handle, reader, spec, where, now or dt.datetime.now(dt.UTC))


@dataclass
class _Spec:
    format: str
    header: list[str]
    columns: dict[str, int]
    metrics: dict[str, str]
    time_col: str
    link_col: str
    id_col: str
    text_col: str

    @classmethod
    def of(cls, header: list[str], where: str) -> _Spec:
        columns: dict[str, int] = {}
        for index, name in enumerate(header):
            columns.setdefault(_key(name), index)
        if "tweet id" in columns or "tweet permalink" in columns:
            spec = cls("legacy", header, columns, LEGACY_METRICS, "time", "tweet permalink",
                       "tweet id", "tweet text")  # fmt: skip
        elif "post id" in columns or "post link" in columns:
            spec = cls("content", header, columns, CONTENT_METRICS, "date", "post link",
                       "post id", "post text")  # fmt: skip
        else:
            raise InputError.of("err.x.not_an_export", path=where, line=1)
        used = {spec.time_col, spec.link_col, spec.id_col, spec.text_col}
        used |= {prefix + name for name in spec.metrics for prefix in ("", "promoted ")}
        for index, name in enumerate(header):
            key = _key(name)
            if key in used and columns[key] != index:
                raise InputError.of(
                    "err.input.column_twice",
                    first=columns[key] + 1,
                    second=index + 1,
                    path=where,
                    line=1,
                    field=name.strip(),
                )
        if spec.time_col not in columns:
            raise InputError.of(
                "err.x.missing_column",
                path=where,
                line=1,
                field=spec.time_col,
                column=spec.time_col,
            )
        if not any(name in columns for name in spec.metrics):
            raise InputError.of("err.x.no_metric", path=where, line=1)
        return spec

    def name(self, key: str) -> str:
        return self.header[self.columns[key]].strip() if key in self.columns else key


def _read_error(exc: Exception, path: Path, line: int) -> InputError:
    where = str(path)
    if isinstance(exc, UnicodeDecodeError):
        return InputError.of("err.x.not_utf8", path=where, line=bad_utf8_line(path))
    if isinstance(exc, OSError):
        return InputError.of("err.input.cannot_read", path=where, problem=exc.strerror or exc)
    return csv_error(exc, where, line)


def _rows(handle, reader, spec: _Spec, where: str, now: dt.datetime) -> Iterator[ExportRow]:
    path = Path(where)
    last_line, rows = 1, 0
    with handle:
        while True:
            start = last_line + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError, OSError) as exc:
                raise _read_error(exc, path, start) from None
            last_line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(spec.header):
                raise InputError.of(
                    "err.x.column_count",
                    found=len(record),
                    expected=len(spec.header),
                    path=where,
                    line=start,
                )
            rows += 1
            yield _row(record, spec, where, start, now)
    if rows == 0:
        raise InputError.of(
            "err.input.no_rows",
            path=where,
            line=1,
        )


def _row(record: list[str], spec: _Spec, where: str, line: int, now: dt.datetime) -> ExportRow:
    for index, value in enumerate(record):
        try:
            check_text(value)
        except ValueError as exc:
            raise InputError.of_value(
                exc, path=where, line=line, field=spec.header[index].strip()
            ) from None

    def cell(name: str) -> str:
        index = spec.columns.get(name)
        return record[index].strip() if index is not None else ""

    link = cell(spec.link_col)
    post_id, from_link = _post_id(link, cell(spec.id_col), where, line, spec.name(spec.id_col))
    published = _published(post_id, from_link, cell(spec.time_col), spec, where, line, now)
    handle = match.group(1) if (match := _HANDLE.match(link)) else None
    row = ExportRow(line, post_id, published, cell(spec.text_col) or None, link or None,
                    handle=handle)  # fmt: skip
    for name, metric in spec.metrics.items():
        for prefix, scope in (("", "total"), ("promoted ", "paid")):
            column = prefix + name
            if column not in spec.columns:
                continue
            value = _number(cell(column), where, line, spec.name(column))
            if value is None:
                continue
            row.values[(metric, scope)] = value
            if scope == "paid":
                row.promoted = True
    return row


def _post_id(link: str, raw_id: str, where: str, line: int, id_col: str) -> tuple[str, bool]:
    """The post id, and whether it came from the link."""
    if match := _STATUS_ID.search(link):
        return match.group(1).lstrip("0") or "0", True
    if raw_id.isdigit() and len(raw_id) <= 30:
        if looks_rounded(raw_id):
            raise InputError.of(
                "err.x.rounded_id",
                value=raw_id,
                path=where,
                line=line,
                field=id_col,
            )
        return raw_id, False
    raise InputError.of(
        "err.x.post_id",
        value=raw_id[:40],
        path=where,
        line=line,
        field=id_col,
    )


def _file_time(value: str, spec: _Spec, where: str, line: int) -> tuple[dt.datetime, dt.timedelta]:
    """The time column, and how long a span it stands for (a minute, or a day)."""
    legacy = spec.format == "legacy"
    formats = LEGACY_TIME_FORMATS if legacy else CONTENT_DATE_FORMATS
    span = dt.timedelta(minutes=1) if legacy else dt.timedelta(days=1)
    expected = "2018-06-28 18:04 +0000" if legacy else "Fri, Jul 10, 2026"
    for fmt in formats:
        try:
            moment = dt.datetime.strptime(value, fmt)
        except ValueError:
            continue
        if moment.year < FIRST_YEAR:
            break
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC), span
    raise InputError.of(
        "err.x.time" if legacy else "err.x.date",
        value=value[:40],
        example=expected,
        path=where,
        line=line,
        field=spec.name(spec.time_col),
    )


def _published(post_id, from_link, value, spec: _Spec, where, line, now) -> dt.datetime:
    start, span = _file_time(value, spec, where, line)
    column = spec.name(spec.time_col)
    try:
        check_not_future(start, now=now)
    except ValueError as exc:
        raise InputError.of_value(exc, path=where, line=line, field=column) from None
    slack = dt.timedelta(minutes=1) if spec.format == "legacy" else _ZONES
    number = int(post_id)
    if number >= FIRST_SNOWFLAKE:
        ms = (number >> 22) + TWITTER_EPOCH_MS
        from_id = dt.datetime.fromtimestamp(ms // 1000, tz=dt.UTC)
        if start - slack <= from_id < start + span + slack:
            return from_id
        if not from_link:
            raise InputError.of(
                "err.x.id_time",
                value=value,
                id=post_id,
                created=from_id.isoformat(timespec="minutes"),
                path=where,
                line=line,
                field=column,
            )
    return start if spec.format == "legacy" else start + dt.timedelta(hours=12)


def _number(value: str, where: str, line: int, column: str) -> float | None:
    try:
        return parse_count(value)
    except ValueError as exc:
        raise InputError.of_value(exc, path=where, line=line, field=column) from None


def _observed_at(path: Path) -> dt.datetime:
    if match := _PERIOD.search(path.name):
        y, m, d = (int(g) for g in match.groups()[3:])
        try:
            return dt.datetime(y, m, d, tzinfo=dt.UTC) + dt.timedelta(days=1)
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.UTC)


def export_page(
    export: ExportFile, *, known_posts: set[str], accounts: dict[str, str] | None = None
) -> Page:
    """Records of one export (or of the rows in ``export.rows``). Posts already known are
    not re-written (the API knows their kind and account better than a spreadsheet does);
    their metrics are. A new post's account is the handle in its link: ``accounts`` maps a
    lower-cased handle to the stored account's id (the API's numeric id once collected);
    a handle not in it becomes an account of its own, keyed by the handle."""
    accounts = accounts or {}
    records: list = []
    new_accounts: dict[str, str] = {}
    for row in export.rows:
        if row.post_id not in known_posts:
            account = None
            if row.handle:
                account = accounts.get(row.handle.lower())
                if account is None:
                    account = new_accounts.setdefault(row.handle.lower(), row.handle)
            records.append(
                PostRecord(
                    PLATFORM,
                    row.post_id,
                    row.published_at,
                    account_external_id=account,
                    permalink=row.permalink,
                    text=row.text,
                    is_boosted=row.promoted,
                )
            )
        for (metric, scope), value in row.values.items():
            records.append(
                ObservationRecord(
                    PLATFORM, row.post_id, metric, value, export.observed_at, export.source, scope
                )
            )
    heads = [AccountRecord(PLATFORM, key, handle=key) for key in new_accounts.values()]
    return Page(heads + records)
