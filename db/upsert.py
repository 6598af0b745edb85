"""Idempotent batch writes on SQLite and PostgreSQL (``INSERT ... ON CONFLICT``).

Every function takes the session as a keyword argument and never commits: the job that
runs them owns the transaction, so a page of records and its bookmark land together.

How rows reach the database (the statement is compiled once per table and column set):

* SQLite: one multi-row ``INSERT ... VALUES (...), (...) ... ON CONFLICT`` per batch.
  SQLite applies the rows in order, so a key repeated in a batch is inserted then updated,
  as one statement per row would. Per-row statements cost more than the insert itself:
  with foreign keys on, an upsert statement opens a statement journal on every execution.
* PostgreSQL: the rows are streamed with ``COPY`` into a session-local temporary table,
  then one ``INSERT ... SELECT ... ON CONFLICT`` moves them. A key repeated in a call is
  written in successive rounds (first occurrences, then second ones...), because one
  statement cannot update a row twice. Small calls keep the driver's ``executemany``.
"""

from __future__ import annotations

import weakref
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    MetaData,
    String,
    Table,
    case,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.orm import DeclarativeBase, Session

BATCH_SIZE = 1000
# On PostgreSQL, calls with fewer rows than this use executemany: COPY through a temporary
# table costs a few round trips that only pay off from a few dozen rows.
PG_COPY_MIN_ROWS = 64


def table_of(model: type[DeclarativeBase] | Table) -> Table:
    return model if isinstance(model, Table) else model.__table__  # type: ignore[return-value]


def _insert_for(dialect: Dialect, table: Table):
    if dialect.name == "postgresql":
        return postgresql.insert(table)
    if dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"upserts are not implemented for dialect {dialect.name!r}")


def upsert(
    model: type[DeclarativeBase] | Table,
    rows: Iterable[Mapping[str, Any]],
    *,
    session: Session,
    key: Sequence[str],
    update: Sequence[str] | None = None,
    coalesce: Sequence[str] = (),
    sticky_true: Sequence[str] = (),
    weak: Mapping[str, str] | None = None,
    keep: Sequence[str] = (),
    batch_size: int = BATCH_SIZE,
) -> int:
    """Insert ``rows``, or update the ``update`` columns of rows whose ``key`` exists.

    ``update=None`` updates every given column except the key; ``update=()`` inserts new
    rows only (``DO NOTHING``). ``coalesce`` columns keep their stored value when the new
    one is NULL (or an empty string); ``sticky_true`` booleans never go back to false;
    ``weak`` maps a column to a value that means "unknown" (a post kind of ``"other"``)
    and never replaces a known stored value; ``keep`` columns are only filled in (a stored
    value other than NULL is kept).
    Rows in one call must all have the same columns; they are applied in order, so a key
    given twice ends as if each row had been upserted in turn. Returns the number of rows
    sent.
    """
    rows = rows if isinstance(rows, list) else list(rows)
    if not rows:
        return 0
    columns = {name: list(map(itemgetter(name), rows)) for name in rows[0]}
    return upsert_columns(
        model,
        columns,
        session=session,
        key=key,
        update=update,
        coalesce=coalesce,
        sticky_true=sticky_true,
        weak=weak,
        keep=keep,
        batch_size=batch_size,
    )


def upsert_columns(
    model: type[DeclarativeBase] | Table,
    columns: Mapping[str, Sequence[Any]],
    *,
    session: Session,
    key: Sequence[str],
    update: Sequence[str] | None = None,
    coalesce: Sequence[str] = (),
    sticky_true: Sequence[str] = (),
    weak: Mapping[str, str] | None = None,
    keep: Sequence[str] = (),
    batch_size: int = BATCH_SIZE,
) -> int:
    """``upsert`` of rows given column by column: ``{"name": [value of row 0, ...], ...}``.

    Every list has one value per row. Writers that build many rows use this form directly:
    it skips building (and taking apart again) one dictionary per row.
    """
    names = tuple(columns)
    if not names:
        return 0
    count = len(columns[names[0]])
    if not count:
        return 0
    if any(len(values) != count for values in columns.values()):
        raise ValueError("every column needs one value per row")
    table = table_of(model)
    if update is None:
        update = [c for c in names if c not in key]
    connection = session.connection()
    rules = _Rules(
        key=tuple(key),
        update=tuple(update),
        coalesce=frozenset(coalesce),
        sticky_true=frozenset(sticky_true),
        weak=tuple(sorted((weak or {}).items())),
        keep=frozenset(keep),
    )
    plan = _plan(connection.dialect, table, names, rules)
    if plan.generic is not None:
        table_rows = zip(*columns.values(), strict=True)
        rows = [dict(zip(names, values, strict=True)) for values in table_rows]
        for start in range(0, count, batch_size):
            session.execute(plan.generic, rows[start : start + batch_size])
        return count
    values = _bound_columns(plan, columns, count)
    if plan.dialect_name == "sqlite":
        _write_sqlite(connection, plan, values, count, batch_size)
    elif count >= PG_COPY_MIN_ROWS:
        _write_postgresql_copy(connection, plan, values, count)
    else:
        rows = [dict(zip(plan.binds, row, strict=True)) for row in zip(*values, strict=True)]
        for start in range(0, count, batch_size):
            connection.exec_driver_sql(plan.sql, rows[start : start + batch_size])
    return count


# -- compiled plans ---------------------------------------------------------------------


@dataclass
class _Plan:
    dialect_name: str
    table: Table
    names: tuple[str, ...]
    # Binds of the compiled single-row statement, in its order (the table's column order);
    # columns the rows lack are Python-side defaults, evaluated once per call.
    binds: tuple[str, ...] = ()
    defaults: dict[str, Any] = field(default_factory=dict)
    processors: tuple[Callable[[Any], Any] | None, ...] = ()
    key_positions: tuple[int, ...] = ()
    sql: str = ""  # the single-row statement
    # SQLite: the statement around its VALUES group, to repeat the group per row.
    head: str = ""
    group: str = ""
    tail: str = ""
    multi_sql: dict[int, str] = field(default_factory=dict)
    # PostgreSQL: the temporary table and the statements that use it.
    create_temp: str = ""
    copy_sql: str = ""
    move_sql: str = ""
    clear_sql: str = ""
    # When the statement is not one bind per column (a SQL-expression default), the
    # statement runs through SQLAlchemy's own executemany instead.
    generic: Any = None


_PLANS: weakref.WeakKeyDictionary[Dialect, dict[tuple, _Plan]] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class _Rules:
    """What a conflicting row does: which columns it updates, and how each merges."""

    key: tuple[str, ...]
    update: tuple[str, ...]
    coalesce: frozenset[str]
    sticky_true: frozenset[str]
    weak: tuple[tuple[str, str], ...]
    keep: frozenset[str]


def _plan(dialect: Dialect, table: Table, names: tuple[str, ...], rules: _Rules) -> _Plan:
    cache = _PLANS.setdefault(dialect, {})
    plan = cache.get((table, names, rules))
    if plan is None:
        plan = cache[table, names, rules] = _compile(dialect, table, names, rules)
    return plan


def _on_conflict(stmt, table: Table, rules: _Rules):
    if rules.update:
        return stmt.on_conflict_do_update(
            index_elements=list(rules.key),
            set_={column: _merge_value(table, stmt, column, rules) for column in rules.update},
        )
    return stmt.on_conflict_do_nothing(index_elements=list(rules.key))


def _compile(dialect, table: Table, names: tuple[str, ...], rules: _Rules) -> _Plan:
    plan = _Plan(dialect_name=dialect.name, table=table, names=names)
    stmt = _on_conflict(_insert_for(dialect, table), table, rules)
    compiled = stmt.compile(dialect=dialect, column_keys=list(names))
    binds = tuple(compiled.positiontup) if compiled.positional else tuple(compiled.binds)
    for name in set(binds) - set(names):
        default = table.c[name].default if name in table.c else None
        if default is None or not (default.is_scalar or default.is_callable):
            plan.generic = stmt
            return plan
        plan.defaults[name] = default
    plan.binds = binds
    plan.sql = compiled.string
    plan.processors = tuple(_bind_processor(table.c[name].type, dialect) for name in binds)
    plan.key_positions = tuple(binds.index(name) for name in rules.key)
    if dialect.name == "sqlite":
        group = "(" + ", ".join(["?"] * len(binds)) + ")"
        marker = " VALUES " + group
        if not compiled.positional or compiled.string.count(marker) != 1:
            plan.generic = stmt
            return plan
        plan.head, plan.tail = compiled.string.split(marker)
        plan.group = group
    else:
        _compile_postgresql_copy(plan, dialect, table, rules)
    return plan


def _compile_postgresql_copy(plan: _Plan, dialect, table: Table, rules: _Rules) -> None:
    prepare = dialect.identifier_preparer
    # One temporary table per target table and column set; it lives as long as the
    # connection and empties itself at every commit.
    digest = zlib.crc32(",".join(plan.binds).encode())
    temp_name = f"pulso_upsert_{table.name}_{digest:08x}"
    temp = Table(temp_name, MetaData(), *(Column(name, table.c[name].type) for name in plan.binds))
    columns = ", ".join(prepare.quote(name) for name in plan.binds)
    temp_sql, target = prepare.quote(temp_name), prepare.format_table(table)
    plan.create_temp = (
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {temp_sql} ON COMMIT DELETE ROWS"
        f" AS SELECT {columns} FROM {target} WITH NO DATA"
    )
    plan.copy_sql = f"COPY {temp_sql} ({columns}) FROM STDIN"
    move = postgresql.insert(table).from_select(list(plan.binds), select(*temp.c))
    move = _on_conflict(move, table, rules)
    compiled = move.compile(dialect=dialect)
    if compiled.binds:
        plan.generic = _on_conflict(postgresql.insert(table), table, rules)
        return
    plan.move_sql = compiled.string
    plan.clear_sql = f"DELETE FROM {temp_sql}"


# -- values ----------------------------------------------------------------------------


def _bound_columns(plan: _Plan, columns: Mapping[str, Sequence[Any]], count: int) -> list[list]:
    """The driver's values, one list per bind: each column type's bind processing applied
    (the conversion SQLAlchemy would apply), and Python-side defaults filled in."""
    out = []
    for name, process in zip(plan.binds, plan.processors, strict=True):
        if name in plan.defaults:
            default = plan.defaults[name]
            value = default.arg if default.is_scalar else default.arg(None)
            values: Sequence[Any] = [value] * count
        else:
            values = columns[name]
        out.append(values if process is None else _process(process, values))
    return out


def _process(process: Callable[[Any], Any], values: Sequence[Any]) -> list:
    """``[process(v) for v in values]``, calling ``process`` once per distinct object.

    Columns often repeat one object (the batch's ``now``, a platform name, a default), and
    bind processors are pure functions of their value. The bookkeeping runs in C.
    """
    ids = list(map(id, values))
    first = dict(zip(ids, values, strict=True))
    if len(first) == 1:
        return [process(values[0])] * len(values)
    if len(first) == len(ids):
        return list(map(process, values))
    done = {marker: process(value) for marker, value in first.items()}
    return list(map(done.__getitem__, ids))


def _bind_processor(column_type, dialect):
    if dialect.name == "sqlite" and isinstance(column_type, Boolean):
        return None  # sqlite3 stores Python bools as 1/0 itself
    fast = getattr(column_type, "fast_bind_processor", None)
    if fast is not None:
        return fast(dialect)
    return column_type.dialect_impl(dialect).bind_processor(dialect)


# -- writing ---------------------------------------------------------------------------


def _write_sqlite(
    connection: Connection, plan: _Plan, values: list[Sequence], count: int, batch_size: int
) -> None:
    width = len(plan.binds)
    limit = _sqlite_variable_limit(connection)
    per_statement = max(1, min(batch_size, limit // width))
    for start in range(0, count, per_statement):
        end = min(start + per_statement, count)
        rows = end - start
        sql = plan.multi_sql.get(rows)
        if sql is None:
            sql = f"{plan.head} VALUES {', '.join([plan.group] * rows)}{plan.tail}"
            if len(plan.multi_sql) < 16:
                plan.multi_sql[rows] = sql
        # Row-major parameters, filled column by column (slice assignment runs in C).
        flat: list[Any] = [None] * (rows * width)
        for position, values_of in enumerate(values):
            flat[position::width] = values_of[start:end]
        connection.exec_driver_sql(sql, tuple(flat))


def _sqlite_variable_limit(connection: Connection) -> int:
    raw = connection.connection.dbapi_connection
    getlimit = getattr(raw, "getlimit", None)
    if getlimit is None:  # Python < 3.11: the lowest limit any SQLite build has
        return 999
    import sqlite3

    return getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)


def _write_postgresql_copy(connection: Connection, plan: _Plan, values: list[list], count: int):
    rounds = _rounds(list(zip(*values, strict=True)), plan.key_positions)
    connection.exec_driver_sql(plan.create_temp)
    cursor = connection.connection.dbapi_connection.cursor()
    try:
        for batch in rounds:
            with cursor.copy(plan.copy_sql) as copy:
                write_row = copy.write_row
                for row in batch:
                    write_row(row)
            connection.exec_driver_sql(plan.move_sql)
            connection.exec_driver_sql(plan.clear_sql)
    finally:
        cursor.close()


def _rounds(rows: list[tuple], key_positions: tuple[int, ...]) -> list[list[tuple]]:
    """Split rows so no key repeats within a round, keeping each key's rows in order.

    One ``INSERT ... ON CONFLICT DO UPDATE`` cannot touch a row twice (and with ``DO
    NOTHING`` which of two new rows wins would depend on scan order); successive rounds
    apply a repeated key's rows one after the other, as separate statements would.
    """
    keys = list(map(itemgetter(*key_positions), rows))
    if len(set(keys)) == len(keys):
        return [rows]
    seen: dict[Any, int] = {}
    rounds: list[list[tuple]] = []
    for row, k in zip(rows, keys, strict=True):
        n = seen.get(k, 0)
        seen[k] = n + 1
        if n == len(rounds):
            rounds.append([])
        rounds[n].append(row)
    return rounds


def _merge_value(table: Table, stmt, column: str, rules: _Rules):
    new = stmt.excluded[column]
    old = table.c[column]
    weak = dict(rules.weak)
    if column in weak:
        unknown = literal_column("'" + weak[column].replace("'", "''") + "'")
        return case((new == unknown, old), else_=new)
    if column in rules.sticky_true:
        return or_(new, old)
    if column in rules.keep:
        return func.coalesce(old, new)
    if column in rules.coalesce:
        if isinstance(old.type, String):
            # A literal, not a bind: keeps the statement's binds equal to the row's columns.
            new = func.nullif(new, literal_column("''"))
        return func.coalesce(new, old)
    return new
