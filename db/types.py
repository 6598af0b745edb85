"""Column types shared by the models."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, Integer
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from pulso.clock import utcnow  # noqa: F401 - re-exported for the models' defaults

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key.
BigIntPK = BigInteger().with_variant(Integer(), "sqlite")


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored in UTC on every dialect.

    SQLite has no timezone type, so values are stored as naive UTC and made aware again on
    the way out. Naive datetimes are refused on the way in: they are always a bug.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect):
        if value is None:
            return None
        tz = value.tzinfo
        if tz is not dt.UTC:  # fast path: most values are already UTC
            if tz is None or tz.utcoffset(value) is None:
                raise ValueError(f"naive datetime {value!r}: Pulso stores timezone-aware UTC only")
            value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def fast_bind_processor(self, dialect: Dialect):
        """A cheaper equivalent of the bind processing chain, for bulk writes.

        On SQLite it produces the same text SQLAlchemy's DATETIME stores
        ("YYYY-MM-DD HH:MM:SS.ffffff"); on other dialects it returns the aware UTC value.
        """
        to_text = dialect.name == "sqlite"

        def process(value: dt.datetime | None):
            if value is None:
                return None
            tz = value.tzinfo
            if tz is not dt.UTC:
                if tz is None or tz.utcoffset(value) is None:
                    raise ValueError(f"naive datetime {value!r}: Pulso stores aware UTC only")
                value = value.astimezone(dt.UTC)
            if to_text:
                # "YYYY-MM-DD HH:MM:SS.ffffff+00:00" without its offset.
                return value.isoformat(sep=" ", timespec="microseconds")[:-6]
            return value

        return process

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
