"""Rows by natural key: the ids of stored rows (``id_map``), inserting what is missing, and
dropping repeated keys from a batch (``dedupe``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    String,
    Table,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    true,
    tuple_,
)
from sqlalchemy.orm import DeclarativeBase, Session

from pulso.db.upsert import BATCH_SIZE, table_of, upsert


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
    """Look up surrogate ids by natural key, in batches: {(natural key...): id}.

    When the keys share a few leading parts (a platform) and end in strings or integers
    (an external id), one query per leading part binds all the last parts as a single
    value (a JSON array on SQLite, an array on PostgreSQL) instead of one bind per key,
    and looks each one up through the key's index.
    """
    table = table_of(model)
    wanted = list(dict.fromkeys(tuple(k) for k in keys))
    found: dict[tuple[Any, ...], int] = {}
    key_columns = [table.c[name] for name in key]
    dialect = session.get_bind().dialect.name
    groups = _by_leading_parts(wanted) if dialect in ("sqlite", "postgresql") else None
    if groups is not None:
        for parts, values in groups.items():
            query = _lookup(dialect, table, key_columns, parts, values)
            for row in session.execute(query):
                found[tuple(row[1:])] = row[0]
        return found
    for start in range(0, len(wanted), batch_size):
        chunk = wanted[start : start + batch_size]
        if len(key_columns) == 1:
            condition = key_columns[0].in_([k[0] for k in chunk])
        else:
            condition = tuple_(*key_columns).in_(chunk)
        for row in session.execute(select(table.c.id, *key_columns).where(condition)):
            found[tuple(row[1:])] = row[0]
    return found


def _by_leading_parts(keys: list[tuple[Any, ...]], most: int = 8) -> dict[tuple, list] | None:
    """{leading parts: [last parts]} if there are at most ``most`` groups and the last parts
    are all strings or all integers; otherwise None."""
    if not keys:
        return None
    *leading_columns, last = zip(*keys, strict=True)
    kinds = set(map(type, last))
    if kinds != {str} and kinds != {int}:
        return None
    leading = list(zip(*leading_columns, strict=True)) if leading_columns else [()] * len(keys)
    distinct = set(leading)
    if len(distinct) > most:
        return None
    if len(distinct) == 1:
        return {leading[0]: list(last)}
    groups: dict[tuple, list] = {parts: [] for parts in leading}
    for parts, value in zip(leading, last, strict=True):
        groups[parts].append(value)
    return groups


def _lookup(dialect: str, table: Table, key_columns: list, parts: tuple, values: list):
    """SELECT id and the key of the rows whose key is ``parts`` + one of ``values``."""
    *leading, last = key_columns
    same = [column == part for column, part in zip(leading, parts, strict=True)]
    if dialect == "sqlite":
        listed = func.json_each(bindparam("values", json.dumps(values), type_=String()))
        one_of = last.in_(select(literal_column("value")).select_from(listed))
        return select(table.c.id, *key_columns).where(*same, one_of)
    # One index probe per value: a LATERAL subquery behind OFFSET 0 cannot be flattened
    # into a join, so the planner cannot pick a hash join that reads every row of the
    # leading part (it does when its statistics are older than the table's growth). The
    # values go as one JSON array, as on SQLite: psycopg's array dumper checks every string
    # with a regular expression, json.dumps does its work in C.
    listed = (
        func.json_array_elements_text(cast(bindparam("values", json.dumps(values)), JSON))
        .table_valued(column("value", String()))
        .render_derived(name="wanted")
    )
    wanted = listed.c.value if isinstance(values[0], str) else cast(listed.c.value, BigInteger)
    probe = (
        select(table.c.id, *key_columns)
        .where(*same, last == wanted)
        .offset(literal_column("0"))
        .lateral("found")
    )
    return select(probe.c.id, *(probe.c[c.name] for c in key_columns)).join_from(
        listed, probe, true()
    )


def dedupe(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Last write wins within one batch (ON CONFLICT cannot touch a row twice)."""
    rows = list(rows)
    if rows and "platform" in rows[0] and "external_id" in rows[0]:
        unique = {(row["platform"], row["external_id"]): row for row in rows}
    else:
        unique = {_row_key(row): row for row in rows}
    return rows if len(unique) == len(rows) else list(unique.values())


def _row_key(row: dict[str, Any]) -> tuple:
    for keys in (
        ("platform", "external_id"),
        ("post_id", "external_id"),
        ("promotion_id", "metric", "dimension", "bucket"),
        ("platform", "account", "stream", "partition"),
    ):
        if all(k in row for k in keys):
            return tuple(row[k] for k in keys)
    return tuple(sorted(row.items()))
