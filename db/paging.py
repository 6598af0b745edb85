"""Paged reads, written once for every listing (pages, the API, the review queue): page
numbers (OFFSET) and keyset cursors that seek past the previous page's last row, with a
count that stops at ``COUNT_LIMIT``."""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Select, and_, func, literal_column, or_, select
from sqlalchemy.orm import Session

# Counting stops here: an exact count of a million comments or ten million observations
# read them all on every page view, and even 10,000 rows cost more than the rest of an API
# answer. Up to the limit ``total`` is exact; beyond it, a page says "more than 1,000" and
# the API answers ``total_exact: false``.
COUNT_LIMIT = 1_000


@dataclass(frozen=True)
class SortKey:
    """One term of a listing's order. ``kind`` is the Python type of its values (how a
    cursor carries them)."""

    expr: Any
    kind: type
    descending: bool = False

    def clause(self):
        return self.expr.desc() if self.descending else self.expr.asc()


@dataclass(frozen=True)
class PageOf:
    items: list[Any]
    page: int
    per_page: int
    total: int
    total_exact: bool = True
    has_next: bool | None = None  # None: derived from an exact total
    next_cursor: str | None = None

    @property
    def pages(self) -> int | None:
        """The number of pages, when the total is exact."""
        return max(1, math.ceil(self.total / self.per_page)) if self.total_exact else None

    @property
    def next_page(self) -> int | None:
        more = self.page < (self.pages or 0) if self.has_next is None else self.has_next
        return self.page + 1 if more else None

    def with_items(self, items: list[Any]) -> PageOf:
        return replace(self, items=items)


class BadCursor(ValueError):
    """A cursor this service did not make (or for another listing)."""


def count_up_to(session: Session, query: Select, limit: int | None = None) -> tuple[int, bool]:
    """(rows of ``query``, exact): counting stops after ``limit`` (``COUNT_LIMIT``) rows."""
    limit = COUNT_LIMIT if limit is None else limit
    # Only a constant per row: the database reads no column it does not filter on.
    narrow = query.order_by(None).with_only_columns(literal_column("1"), maintain_column_froms=True)
    bounded = narrow.limit(limit + 1).subquery()
    counted = session.scalar(select(func.count()).select_from(bounded)) or 0
    return (counted, True) if counted <= limit else (limit, False)


def _cursor_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.datetime) else value


def encode_cursor(page: int, values: tuple) -> str:
    raw = json.dumps([page, [_cursor_value(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_value(value: Any, kind: type) -> Any:
    if kind is dt.datetime and isinstance(value, str) and len(value) <= 40:
        parsed = dt.datetime.fromisoformat(value)
        return (parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    if kind is int and type(value) is int and abs(value) < 2**63:
        return value
    if kind is float and type(value) in (int, float) and math.isfinite(value):
        return float(value)
    if kind is str and isinstance(value, str) and len(value) <= 1000 and "\x00" not in value:
        return value
    raise BadCursor(f"not a {kind.__name__}")


def decode_cursor(cursor: str, keys: tuple[SortKey, ...]) -> tuple[int, tuple]:
    """(page, key values of the last item before it); ``BadCursor`` when it does not parse."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        page, values = json.loads(raw, parse_constant=lambda name: name)
        if type(page) is not int or not 1 <= page <= 10**9 or len(values) != len(keys):
            raise BadCursor("malformed")
        return page, tuple(_decode_value(v, k.kind) for v, k in zip(values, keys, strict=True))
    except (ValueError, TypeError, OverflowError) as exc:
        raise BadCursor("not a cursor of this listing") from exc


def after(keys: tuple[SortKey, ...], values: tuple):
    """Rows that come after ``values`` in the order of ``keys`` (keyset pagination).

    ``k1 >= v1 AND (k1 > v1 OR (k1 = v1 AND k2 > v2) ...)``: the leading bound lets both
    databases start an index range at the cursor instead of reading the rows before it."""
    first, first_value = keys[0], values[0]
    bound = first.expr <= first_value if first.descending else first.expr >= first_value
    branches = []
    for i, key in enumerate(keys):
        equal = [k.expr == v for k, v in zip(keys[:i], values[:i], strict=True)]
        beyond = key.expr < values[i] if key.descending else key.expr > values[i]
        branches.append(and_(*equal, beyond))
    return and_(bound, or_(*branches))


def settle_total(
    counted: int, exact: bool, offset: int, shown: int, has_next: bool
) -> tuple[int, bool]:
    """A page's (total, exact) from a capped count and what the page itself saw.

    An exact total is kept (raised if rows arrived since the count). A capped one means
    "more than ``total``": the last page with items counts everything exactly; any other
    page knows at least its own rows."""
    if exact:
        return max(counted, offset + shown + has_next), True
    if shown and not has_next:
        return offset + shown, True
    return max(counted, offset + shown if shown else 0), False


def paginate(
    session: Session,
    query: Select,
    *,
    page: int,
    per_page: int,
    keys: tuple[SortKey, ...] | None = None,
    cursor: str | None = None,
    scalars: bool = True,
) -> PageOf:
    """One page of ``query`` (already ordered by ``keys``, when given).

    Pages are numbered from 1 (OFFSET). With ``keys`` the answer also carries a
    ``next_cursor``; following it (``cursor``) seeks past the previous page's last row
    instead of skipping every earlier row. ``total`` is counted up to ``COUNT_LIMIT``.
    """
    page = max(1, page)
    counted, exact = count_up_to(session, query)
    offset = (page - 1) * per_page
    if keys and cursor:
        page, last = decode_cursor(cursor, keys)
        offset = (page - 1) * per_page
        query = query.where(after(keys, last))
    elif offset:
        query = query.offset(offset)
    if keys:
        query = query.add_columns(*(k.expr for k in keys))
    rows = session.execute(query.limit(per_page + 1)).all()
    has_next = len(rows) > per_page
    rows = rows[:per_page]
    next_cursor = None
    if keys:
        width = len(keys)
        if has_next:
            next_cursor = encode_cursor(page + 1, tuple(rows[-1][-width:]))
        rows = [row[:-width] for row in rows]
    items = [row[0] for row in rows] if scalars else [tuple(row) for row in rows]
    counted, exact = settle_total(counted, exact, offset, len(items), has_next)
    return PageOf(items, page, per_page, counted, exact, has_next, next_cursor)
