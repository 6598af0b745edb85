"""X Analytics exports: the legacy ``tweet_activity_metrics_*.csv`` and the 2024+
``account_analytics_content_*.csv``.

- Legacy (analytics.twitter.com, 40 columns): "Tweet id", "Tweet permalink", "Tweet text",
  "time" ("2018-06-28 18:04 +0000"), "impressions", ..., "likes" (older files: "favorites"),
  then 18 "promoted ..." columns holding "-" when the post was not promoted.
- 2024+ (x.com/i/account_analytics): "Post id", "Date" ("Fri, Jul 10, 2026"), "Post text",
  "Post Link", "Impressions", "Likes", ..., numbers with thousands separators.

Columns are matched by name (case and spacing ignored), so extra or reordered columns are
fine. The post id is taken from the link when there is one: spreadsheet tools round
19-digit ids ("1.01239637112132E+18"). The publication time comes from the id itself (X ids
carry their creation time in milliseconds), so an import agrees with the API to the second.

Values are stored as observations with source ``file:<file name>``, observed at the end of
the period in the file name (``..._20180601_20180701_...`` or ``..._2026-04-27_2026-07-25``),
else at the file's modification time. Re-importing a file changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from pulso.errors import InputError
from pulso.records import ObservationRecord, Page, PostRecord

PLATFORM = "x"
TWITTER_EPOCH_MS = 1288834974657
# Ids from before snowflake ids (Nov 2010) carry no time.
FIRST_SNOWFLAKE = 1 << 40

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
_STATUS_ID = re.compile(r"/status(?:es)?/(\d+)")
_PERIOD = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})_(\d{4})-?(\d{2})-?(\d{2})")


@dataclass
class ExportRow:
    line: int
    post_id: str
    published_at: dt.datetime
    text: str | None
    permalink: str | None
    values: dict[tuple[str, str], float] = field(default_factory=dict)  # (metric, scope)
    promoted: bool = False


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


def read_export(path: str | Path, *, observed_at: dt.datetime | None = None) -> ExportFile:
    """Parse one export; raise ``InputError`` naming file, line and column on bad input."""
    path = Path(path)
    where = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=where) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text (is it the CSV export?)", path=where, line=1) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty file", path=where, line=1) from None
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path=where, line=1) from None
    columns = {_key(name): index for index, name in enumerate(header)}
    if "tweet id" in columns or "tweet permalink" in columns:
        fmt, metrics, time_col, link_col, id_col, text_col = (
            "legacy",
            LEGACY_METRICS,
            "time",
            "tweet permalink",
            "tweet id",
            "tweet text",
        )
    elif "post id" in columns or "post link" in columns:
        fmt, metrics, time_col, link_col, id_col, text_col = (
            "content",
            CONTENT_METRICS,
            "date",
            "post link",
            "post id",
            "post text",
        )
    else:
        raise InputError(
            "not an X Analytics export: no 'Tweet id' or 'Post id' column", path=where, line=1
        )
    if time_col not in columns:
        raise InputError(f"missing column {time_col!r}", path=where, line=1, field=time_col)
    if not any(name in columns for name in metrics):
        raise InputError("no metric column found", path=where, line=1)
    rows: list[ExportRow] = []
    last_line = 1
    while True:
        start = last_line + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise InputError(f"malformed CSV: {exc}", path=where, line=start) from None
        last_line = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise InputError(
                f"{len(record)} columns where the header has {len(header)}", path=where, line=start
            )

        def cell(name: str, record=record) -> str:
            index = columns.get(name)
            return record[index].strip() if index is not None else ""

        id_name = header[columns[id_col]] if id_col in columns else id_col
        post_id = _post_id(cell(link_col), cell(id_col), where, start, id_name)
        published = _published(
            post_id, cell(time_col), fmt, where, start, header[columns[time_col]]
        )
        row = ExportRow(start, post_id, published, cell(text_col) or None, cell(link_col) or None)
        for name, metric in metrics.items():
            for prefix, scope in (("", "total"), ("promoted ", "paid")):
                column = prefix + name
                if column not in columns:
                    continue
                value = _number(cell(column), where, start, header[columns[column]])
                if value is None:
                    continue
                row.values[(metric, scope)] = value
                if scope == "paid":
                    row.promoted = True
        rows.append(row)
    return ExportFile(path, fmt, observed_at or _observed_at(path), rows)


def _post_id(link: str, raw_id: str, where: str, line: int, id_col: str) -> str:
    if match := _STATUS_ID.search(link):
        return match.group(1)
    if raw_id.isdigit():
        return raw_id
    raise InputError(
        f"no usable post id ({raw_id!r}; spreadsheet tools round long ids, keep the link column)",
        path=where,
        line=line,
        field=id_col,
    )


def _published(post_id, value, fmt, where, line, column) -> dt.datetime:
    number = int(post_id)
    if number >= FIRST_SNOWFLAKE:
        ms = (number >> 22) + TWITTER_EPOCH_MS
        return dt.datetime.fromtimestamp(ms // 1000, tz=dt.UTC)
    try:
        if fmt == "legacy":
            return dt.datetime.strptime(value, "%Y-%m-%d %H:%M %z").astimezone(dt.UTC)
        return dt.datetime.strptime(value, "%a, %b %d, %Y").replace(tzinfo=dt.UTC)
    except ValueError:
        raise InputError(f"not a date: {value!r}", path=where, line=line, field=column) from None


def _number(value: str, where: str, line: int, column: str) -> float | None:
    if value in ("", "-"):
        return None  # "-": the post was not promoted
    # float() would also take "nan", "inf" and "1e5", which no export writes.
    if not re.fullmatch(r"-?[\d,]*\.?\d+", value.strip()):
        raise InputError(f"not a number: {value!r}", path=where, line=line, field=column)
    return float(value.replace(",", ""))


def _observed_at(path: Path) -> dt.datetime:
    if match := _PERIOD.search(path.name):
        y, m, d = (int(g) for g in match.groups()[3:])
        try:
            return dt.datetime(y, m, d, tzinfo=dt.UTC) + dt.timedelta(days=1)
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(int(path.stat().st_mtime), tz=dt.UTC)


def export_page(export: ExportFile, *, known_posts: set[str]) -> Page:
    """Records of one export. Posts already known are not re-written (the API knows their
    kind and account better than a spreadsheet does); their metrics are."""
    records: list = []
    for row in export.rows:
        if row.post_id not in known_posts:
            records.append(
                PostRecord(
                    PLATFORM,
                    row.post_id,
                    row.published_at,
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
    return Page(records)
