"""Idempotent batch writes on SQLite and PostgreSQL (``INSERT ... ON CONFLICT``).

Every function takes the session as a keyword argument and never commits: the job that
runs them owns the transaction, so a page of records and its bookmark land together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Boolean, String, Table, case, func, literal_column, or_, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session

BATCH_SIZE = 1000


def _table(model: type[DeclarativeBase] | Table) -> Table:
    return model if isinstance(model, Table) else model.__table__  # type: ignore[return-value]


def _insert_for(session: Session, table: Table):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"upserts are not implemented for dialect {dialect!r}")


def _chunks(rows: Sequence[Mapping[str, Any]], size: int):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


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
    batch_size: int = BATCH_SIZE,
) -> int:
    """Insert ``rows``, or update the ``update`` columns of rows whose ``key`` exists.

    ``update=None`` updates every given column except the key; ``update=()`` inserts new
    rows only (``DO NOTHING``). ``coalesce`` columns keep their stored value when the new
    one is NULL (or an empty string); ``sticky_true`` booleans never go back to false;
    ``weak`` maps a column to a value that means "unknown" (a post kind of ``"other"``)
    and never replaces a known stored value.
    Rows in one call must all have the same columns. Returns the number of rows sent.
    """
    rows = [dict(row) for row in rows]
    if not rows:
        return 0
    table = _table(model)
    columns = list(rows[0])
    if update is None:
        update = [c for c in columns if c not in key]
    written = 0
    for chunk in _chunks(rows, batch_size):
        stmt = _insert_for(session, table)
        if update:
            stmt = stmt.on_conflict_do_update(
                index_elements=list(key),
                set_={
                    column: _merge_value(table, stmt, column, coalesce, sticky_true, weak or {})
                    for column in update
                },
            )
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=list(key))
        _execute_many(session, table, stmt, columns, chunk)
        written += len(chunk)
    return written


def _execute_many(session: Session, table: Table, stmt, columns: list[str], rows) -> None:
    """Run ``stmt`` once per row through the driver's ``executemany``.

    SQLAlchemy's per-row parameter processing costs more than SQLite's insert itself, so
    the statement is compiled once and the rows are converted with each column type's own
    ``bind_processor`` (the same conversion SQLAlchemy applies). Any statement whose binds
    are not exactly the row's columns takes SQLAlchemy's normal path.
    """
    connection = session.connection()
    dialect = connection.dialect
    compiled = stmt.compile(dialect=dialect, column_keys=columns)
    binds = list(compiled.positiontup) if compiled.positional else list(compiled.binds)
    # Columns with Python-side defaults that the rows lack are binds too: fill them once
    # per batch (as SQLAlchemy would per row; ``utcnow`` is the same instant for a batch).
    defaults = {}
    for name in set(binds) - set(columns):
        default = table.c[name].default if name in table.c else None
        if default is None or not (default.is_scalar or default.is_callable):
            session.execute(stmt, rows)
            return
        defaults[name] = default.arg if default.is_scalar else default.arg(None)
    if defaults:
        rows = [{**defaults, **row} for row in rows]
    processors = [_bind_processor(table.c[name].type, dialect) for name in binds]
    pairs = list(zip(binds, processors, strict=True))
    if compiled.positional:
        params = [
            tuple(row[name] if p is None else p(row[name]) for name, p in pairs) for row in rows
        ]
    else:
        params = [
            {name: row[name] if p is None else p(row[name]) for name, p in pairs} for row in rows
        ]
    connection.exec_driver_sql(compiled.string, params)


def _bind_processor(column_type, dialect):
    if dialect.name == "sqlite" and isinstance(column_type, Boolean):
        return None  # sqlite3 stores Python bools as 1/0 itself
    fast = getattr(column_type, "fast_bind_processor", None)
    if fast is not None:
        return fast(dialect)
    return column_type.dialect_impl(dialect).bind_processor(dialect)


def _merge_value(table: Table, stmt, column: str, coalesce, sticky_true, weak):
    new = stmt.excluded[column]
    old = table.c[column]
    if column in weak:
        unknown = literal_column("'" + weak[column].replace("'", "''") + "'")
        return case((new == unknown, old), else_=new)
    if column in sticky_true:
        return or_(new, old)
    if column in coalesce:
        if isinstance(old.type, String):
            # A literal, not a bind: keeps the statement's binds equal to the row's columns.
            new = func.nullif(new, literal_column("''"))
        return func.coalesce(new, old)
    return new


def insert_missing(
    model: type[DeclarativeBase] | Table,
    rows: Iterable[Mapping[str, Any]],
    *,
    session: Session,
    key: Sequence[str],
    batch_size: int = BATCH_SIZE,
) -> int:
    """Insert the rows whose ``key`` does not exist yet; existing rows are left untouched."""
    return upsert(model, rows, session=session, key=key, update=(), batch_size=batch_size)


def id_map(
    model: type[DeclarativeBase],
    keys: Iterable[tuple[Any, ...]],
    *,
    session: Session,
    key: Sequence[str],
    batch_size: int = 500,
) -> dict[tuple[Any, ...], int]:
    """Look up surrogate ids by natural key, in batches: {(natural key...): id}."""
    table = _table(model)
    wanted = list(dict.fromkeys(tuple(k) for k in keys))
    found: dict[tuple[Any, ...], int] = {}
    key_columns = [table.c[name] for name in key]
    for start in range(0, len(wanted), batch_size):
        chunk = wanted[start : start + batch_size]
        if len(key_columns) == 1:
            condition = key_columns[0].in_([k[0] for k in chunk])
        else:
            condition = tuple_(*key_columns).in_(chunk)
        for row in session.execute(select(table.c.id, *key_columns).where(condition)):
            found[tuple(row[1:])] = row[0]
    return found
