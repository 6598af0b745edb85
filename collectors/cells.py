"""Checks every file importer applies to its cells, written once.

Each function returns the value or raises a ``ValueError`` (a ``KeyedValueError``: its
message is in the catalogue, ``pulso.i18n.inputs``) that says what was found and what was
expected; the importer adds file, line and column (``InputError.of_value``).

- Counts (reach, reactions, impressions...) are whole numbers from 0 to ``MAX_COUNT``,
  written plainly or with thousands separators in groups of three ("74926", "74,926",
  "812.0"). Negative, fractional, oddly grouped ("1,2,3,4") or absurdly large values are
  refused; ``-`` and an empty cell mean "no value" (``None``), never zero.
- Text must not hold control characters (NUL and the other C0 codes except tab and line
  breaks): PostgreSQL refuses NUL and SQLite stores it, so such a cell is refused, never
  stripped, and every backend behaves the same.
- Ids a spreadsheet rounded ("1897000000000000000") are recognised by their run of trailing
  zeros (see ``looks_rounded``).
- A publication time more than ``FUTURE_TOLERANCE`` ahead of now is refused.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pulso.errors import InputError, KeyedValueError

# Larger than any reach or impression count a post can have (the world has 8e9 people),
# smaller than what a float stores exactly.
MAX_COUNT = 10**12
FUTURE_TOLERANCE = dt.timedelta(days=1)
NO_VALUE = ("", "-", "--", "—")

_COUNT = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.0*)?")
_DECIMAL = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# 6+ trailing zeros in a 15+ digit id: a real id ends so with probability 1e-6, a
# spreadsheet that kept 13 significant digits or fewer always writes it so.
_ROUNDED = re.compile(r"\d{9,}0{6}")


def parse_count(value: Any, *, fraction: bool = False) -> float | None:
    """A count (``fraction``: a non-negative decimal, e.g. seconds viewed), or ``None``
    when the cell holds no value."""
    if isinstance(value, bool):
        raise KeyedValueError("err.cell.not_a_number", value=value)
    if isinstance(value, int | float):
        number = float(value)
        text = repr(value)
    else:
        text = "" if value is None else str(value).strip()
        if text in NO_VALUE:
            return None
        pattern = _DECIMAL if fraction else _COUNT
        if not pattern.fullmatch(text):
            raise KeyedValueError(
                "err.cell.not_a_decimal" if fraction else "err.cell.not_a_count", value=text[:40]
            )
        number = float(text.replace(",", ""))
    if number != number or number < 0 or (not fraction and not number.is_integer()):
        raise KeyedValueError("err.cell.not_whole", value=text[:40])
    if number > MAX_COUNT:
        raise KeyedValueError("err.cell.too_large", value=text[:40], most=f"{MAX_COUNT:,}")
    return number


def check_text(value: Any) -> Any:
    """``value`` unchanged, unless it is text holding a control character."""
    if isinstance(value, str) and (found := _CONTROL.search(value)):
        code = f"U+{ord(found.group()):04X}"
        raise KeyedValueError("err.cell.control", code=code, position=found.start() + 1)
    return value


def looks_rounded(post_id: str) -> bool:
    """Whether a numeric id looks like a spreadsheet rounded it (many trailing zeros)."""
    return bool(_ROUNDED.fullmatch(post_id))


def check_not_future(moment: dt.datetime, *, now: dt.datetime | None = None) -> dt.datetime:
    """``moment`` unless it is more than a day ahead of ``now``."""
    now = now or dt.datetime.now(dt.UTC)
    if moment > now + FUTURE_TOLERANCE:
        raise KeyedValueError("err.cell.future", moment=moment.isoformat(timespec="minutes"))
    return moment


def bad_utf8_line(path: Path, *, block_size: int = 1 << 20) -> int:
    """The line of a file's first byte that is not UTF-8 (read in blocks, only on error)."""
    newlines = 0
    carry = b""
    with Path(path).open("rb") as handle:
        while block := handle.read(block_size):
            block = carry + block
            try:
                block.decode("utf-8")
                carry = b""
            except UnicodeDecodeError as exc:
                if exc.reason != "unexpected end of data" or len(block) - exc.start > 4:
                    return newlines + block[: exc.start].count(b"\n") + 1
                carry = block[exc.start :]  # a character cut by the block: read on
                block = block[: exc.start]
            newlines += block.count(b"\n")
    return newlines + 1


def csv_error(exc: Exception, path: str, line: int) -> InputError:
    """The one-line error for a ``csv.Error`` in the record that starts on ``line``.

    Readers run with ``strict=True``, so a quote that is never closed ends in "unexpected
    end of data" instead of silently swallowing every following row into one cell.
    """
    if "unexpected end of data" in str(exc):
        return InputError.of("err.input.unclosed_quote", path=path, line=line)
    return InputError.of("err.input.malformed_csv", path=path, line=line, problem=exc)
