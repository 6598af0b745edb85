"""Replies linked to their parents by id, whatever order they arrive in: ids given in
advance in the batch's order (SQLite) or drawn for the batch's parents first (PostgreSQL),
then the replies whose parent arrived later linked by one statement per dialect."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from pulso.db.keys import id_map
from pulso.db.models import (
    Comment,
)
from pulso.records import (
    CommentRecord,
)

# The parent's id, looked up by the reply's platform and parent_external_id.
_PARENT_ID = (
    "(SELECT p.id FROM comment AS p"
    " WHERE p.platform = comment.platform AND p.external_id = comment.parent_external_id)"
)
# SQLite: {ids} is a JSON array of external ids. Its planner looks each one up through the
# index the condition names (the first statement's WHERE clause does not imply the partial
# index's, so that index, which holds every reply still waiting, is not used there).
_SQLITE_LINK = (
    f"UPDATE comment SET parent_id = {_PARENT_ID}"
    " WHERE platform = :platform AND parent_id IS NULL AND external_id IN"
    f" (SELECT value FROM json_each(:ids)) AND EXISTS {_PARENT_ID}",
    f"UPDATE comment SET parent_id = {_PARENT_ID}"
    " WHERE platform = :platform AND parent_id IS NULL AND parent_external_id IS NOT NULL"
    " AND parent_external_id IN (SELECT value FROM json_each(:ids))",
)
# PostgreSQL: the rows are found by one index probe per external id (a LATERAL subquery
# behind OFFSET 0, which the planner cannot turn into a hash join over every row of the
# platform: it does so with statistics older than the table's growth, and the partial
# index then also yields the entries of every reply linked since the last vacuum), and
# updated by primary key.
_PG_PROBE = (
    "UPDATE comment SET parent_id = {parent} WHERE parent_id IS NULL AND id = ANY(ARRAY("
    "SELECT found.id FROM json_array_elements_text(CAST(:ids AS JSON)) AS wanted(external_id)"
    " CROSS JOIN LATERAL (SELECT c.id FROM comment AS c"
    " WHERE c.platform = :platform AND c.parent_id IS NULL AND {match} OFFSET 0) AS found))"
)
_PG_LINK = (
    _PG_PROBE.format(parent=_PARENT_ID, match="c.external_id = wanted.external_id")
    + f" AND EXISTS {_PARENT_ID}",
    _PG_PROBE.format(
        parent=_PARENT_ID,
        match="c.parent_external_id IS NOT NULL AND c.parent_external_id = wanted.external_id",
    ),
)
_LINK_SQL = {
    "sqlite": tuple(text(sql) for sql in _SQLITE_LINK),
    "postgresql": tuple(text(sql) for sql in _PG_LINK),
}


def write_order(
    records: Sequence[CommentRecord], *, parents_first: bool
) -> tuple[list[int] | None, int]:
    """The order in which to write the batch, and how many rows come first to be given
    their ids in advance: with ``parents_first``, the parents of other rows of the batch;
    otherwise all of them.

    Every reply comes after its parent when that parent is in the batch; with
    ``parents_first`` the batch's parents come before every other row; otherwise the
    batch's order is kept. The order is None when it is the batch's own.

    A cycle (bad data, or a comment replying to itself) is cut where the walk closes it:
    that row comes first, and is linked to its parent after the batch is written.
    """
    position = {(r.platform, r.external_id): i for i, r in enumerate(records)}
    parent_row = [
        None if r.parent_external_id is None else position.get((r.platform, r.parent_external_id))
        for r in records
    ]
    if all(row is None or row < i for i, row in enumerate(parent_row)):
        order: Sequence[int] = range(len(records))
    else:
        order = _parents_first(parent_row)
    if not parents_first:
        return (None if isinstance(order, range) else order), len(records)
    is_parent = [False] * len(records)
    for row in parent_row:
        if row is not None:
            is_parent[row] = True
    parents = [row for row in order if is_parent[row]]
    ordered = parents + [row for row in order if not is_parent[row]]
    return (None if ordered == list(range(len(records))) else ordered), len(parents)


def _parents_first(parent_row: list[int | None]) -> list[int]:
    """Rows ordered so each comes after its parent row; cuts cycles in ``parent_row``."""
    order: list[int] = []
    placed = [False] * len(parent_row)
    for start in range(len(parent_row)):
        while True:  # walk up to a placed row or a root; cut a cycle and walk again
            path: list[int] = []
            on_path: set[int] = set()
            row = start
            while row is not None and not placed[row] and row not in on_path:
                path.append(row)
                on_path.add(row)
                row = parent_row[row]
            if row is None or placed[row]:
                break
            parent_row[row] = None
        for row in reversed(path):
            placed[row] = True
            order.append(row)
    return order


def ids_and_parent_ids(
    session: Session,
    platforms: Sequence[str],
    external_ids: Sequence[str],
    parent_external_ids: Sequence[str | None],
    parents: int,
) -> tuple[list[int], list[int | None]]:
    """The ids of the first ``parents`` rows (``write_order``: the batch's parents, or
    every row), and each row's parent id when the parent is stored or comes earlier in the
    batch.

    Storing replies with their parent_id saves rewriting each of them afterwards (on
    PostgreSQL a new row version and an entry in every index). Page writers take turns
    (serialise_writers), so the ids the database would give the new parents are known: the
    next ones after the largest on SQLite (whose rowids are exactly that), the sequence's
    next values on PostgreSQL. The other rows take the database's ids after them. A
    concurrent writer that did not take its turn would make the insert fail on a key, never
    store a wrong link.

    Only the parents named in the batch are looked up. Any other row given an id that is
    stored already keeps its stored id (the upsert does not update ids), and the id given
    is never used. (Looking up every row cost 15% of writing a batch of new comments.)
    """
    keys = list(zip(platforms, external_ids, strict=True))
    position = {key: i for i, key in enumerate(keys)}
    replies = [
        (i, (platform, parent))
        for i, (platform, parent) in enumerate(zip(platforms, parent_external_ids, strict=True))
        if parent is not None
    ]
    wanted = {parent for _, parent in replies}
    stored = id_map(Comment, wanted, session=session, key=("platform", "external_id"))
    parent_keys = keys[:parents]
    fresh = iter(_next_comment_ids(session, sum(key not in stored for key in parent_keys)))
    ids = [stored[key] if key in stored else next(fresh) for key in parent_keys]
    parent_ids: list[int | None] = [None] * len(keys)
    for i, parent in replies:
        row = position.get(parent)
        if row is None:
            parent_ids[i] = stored.get(parent)
        elif row < i:
            # A reply after its parent, which is one of the first rows. (A link cut from a
            # cycle points to a later row: it is made once the batch is written.)
            parent_ids[i] = ids[row]
    return ids, parent_ids


def _next_comment_ids(session: Session, count: int) -> list[int]:
    if not count:
        return []
    if session.get_bind().dialect.name == "postgresql":
        return sorted(
            session.scalars(
                text(
                    "SELECT nextval(pg_get_serial_sequence('comment', 'id'))"
                    " FROM generate_series(1, :count)"
                ),
                {"count": count},
            )
        )
    largest = session.scalar(select(func.max(Comment.id))) or 0
    return list(range(largest + 1, largest + 1 + count))


def link_parents(
    session: Session,
    platforms: Sequence[str],
    external_ids: Sequence[str],
    parent_external_ids: Sequence[str | None],
    parent_ids: Sequence[int | None],
) -> None:
    """Link what writing the batch could not: its replies written without a parent_id
    (their parent is not stored yet, or they close a cycle), and the stored replies
    waiting for one of the batch's comments (a reply may arrive before its parent).

    Both updates are proportional to the batch, not to the table or to its unresolved
    replies: the first finds the batch's unlinked replies by their natural key, the second
    finds the replies waiting for one of the batch's comments through the partial index
    ``ix_comment_orphans``.
    """
    dialect = session.get_bind().dialect.name
    link_replies, link_waiting = _LINK_SQL[dialect]
    # The ids go as one JSON array on both dialects: psycopg's array dumper checks every
    # string with a regular expression, json.dumps does its work in C.
    as_list = json.dumps
    unlinked = [
        (platform, external_id)
        for platform, external_id, parent, parent_id in zip(
            platforms, external_ids, parent_external_ids, parent_ids, strict=True
        )
        if parent is not None and parent_id is None
    ]
    batch_platforms = sorted(set(platforms))
    for platform in batch_platforms:
        if len(batch_platforms) == 1:
            ids = list(external_ids)
        else:
            ids = [e for p, e in zip(platforms, external_ids, strict=True) if p == platform]
        waiting = [e for p, e in unlinked if p == platform]
        if waiting:
            session.execute(link_replies, {"platform": platform, "ids": as_list(waiting)})
        session.execute(link_waiting, {"platform": platform, "ids": as_list(ids)})
