"""Metric observations: appended only when a value changed, with ``metric_latest`` kept
alongside (each series' newest value)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, delete, func, insert, select
from sqlalchemy.orm import Session

from pulso.db.locks import serialise_writers
from pulso.db.models import (
    MetricLatest,
    MetricObservation,
)
from pulso.db.upsert import upsert


def record_observations(rows: Sequence[dict[str, Any]], *, session: Session) -> int:
    """Append observations whose value changed since the latest one; returns rows added.

    An observation older than the latest one (a backfill from an old export, or a slower
    concurrent collector) is kept only if it changes the history: its value differs from
    the value in effect at its time and from the next stored value. Otherwise it adds
    nothing a reader could see but a redundant row.

    ``metric_latest`` follows in the same transaction: a series whose newest observation
    moved gets its new value; two sources at the same instant are settled from the stored
    observations (the larger value), as ``rebuild_latest`` does.
    """
    if not rows:
        return 0
    serialise_writers(session=session)
    rows = sorted(rows, key=lambda row: row["observed_at"])
    latest = _latest_values(session, {row["post_id"] for row in rows})
    to_insert = []
    moved: dict[tuple[int, str, str], dict[str, Any]] = {}
    ties: set[tuple[int, str, str]] = set()
    for row in rows:
        series = (row["post_id"], row["metric"], str(row["scope"]))
        previous = latest.get(series)
        if previous is not None:
            previous_at, previous_value = previous
            if row["observed_at"] >= previous_at and row["value"] == previous_value:
                continue
            if row["observed_at"] < previous_at:
                if _changes_history(session, row):
                    to_insert.append(row)
                continue
            if row["observed_at"] == previous_at:
                ties.add(series)
        latest[series] = (row["observed_at"], row["value"])
        moved[series] = row
        to_insert.append(row)
    if not to_insert:
        return 0
    added = upsert(
        MetricObservation,
        to_insert,
        session=session,
        key=("post_id", "metric", "scope", "observed_at", "source"),
        update=(),
    )
    upsert(
        MetricLatest,
        [
            {
                "post_id": row["post_id"],
                "metric": row["metric"],
                "scope": row["scope"],
                "observed_at": row["observed_at"],
                "value": row["value"],
            }
            for series, row in moved.items()
            if series not in ties
        ],
        session=session,
        key=("post_id", "metric", "scope"),
        update=("observed_at", "value"),
    )
    if ties:
        rebuild_latest(session=session, post_ids={post_id for post_id, _, _ in ties})
    return added


def rebuild_latest(*, session: Session, post_ids: Iterable[int] | None = None) -> None:
    """Recompute ``metric_latest`` from the observations (of ``post_ids``, default all).

    The writer keeps the table current; this is for rows that reached
    ``metric_observation`` another way (a bulk load, a repair) and for ties between sources.
    """
    o = MetricObservation
    latest = MetricLatest.__table__
    chunks: list[list[int] | None]
    if post_ids is None:
        chunks = [None]
    else:
        ids = sorted(set(post_ids))
        chunks = [ids[start : start + 500] for start in range(0, len(ids), 500)]
    for chunk in chunks:
        where = [] if chunk is None else [o.post_id.in_(chunk)]
        newest = (
            select(o.post_id, o.metric, o.scope, func.max(o.observed_at).label("at"))
            .where(*where)
            .group_by(o.post_id, o.metric, o.scope)
            .subquery()
        )
        values = (
            select(o.post_id, o.metric, o.scope, o.observed_at, func.max(o.value))
            .join(
                newest,
                and_(
                    o.post_id == newest.c.post_id,
                    o.metric == newest.c.metric,
                    o.scope == newest.c.scope,
                    o.observed_at == newest.c.at,
                ),
            )
            .group_by(o.post_id, o.metric, o.scope, o.observed_at)
        )
        delete_where = [] if chunk is None else [latest.c.post_id.in_(chunk)]
        session.execute(delete(latest).where(*delete_where))
        session.execute(
            insert(latest).from_select(
                ["post_id", "metric", "scope", "observed_at", "value"], values
            )
        )


def _latest_values(
    session: Session, post_ids: set[int]
) -> dict[tuple[int, str, str], tuple[dt.datetime, float]]:
    latest: dict[tuple[int, str, str], tuple[dt.datetime, float]] = {}
    ids = sorted(post_ids)
    m = MetricLatest
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(m.post_id, m.metric, m.scope, m.observed_at, m.value).where(
            m.post_id.in_(chunk)
        )
        for post_id, metric, scope, at, value in session.execute(query):
            latest[(post_id, metric, str(scope))] = (at, value)
    return latest


def _changes_history(session: Session, row: dict[str, Any]) -> bool:
    series = (
        MetricObservation.post_id == row["post_id"],
        MetricObservation.metric == row["metric"],
        MetricObservation.scope == row["scope"],
    )
    before = session.scalar(
        select(MetricObservation.value)
        .where(*series, MetricObservation.observed_at <= row["observed_at"])
        .order_by(MetricObservation.observed_at.desc())
        .limit(1)
    )
    after = session.scalar(
        select(MetricObservation.value)
        .where(*series, MetricObservation.observed_at > row["observed_at"])
        .order_by(MetricObservation.observed_at)
        .limit(1)
    )
    return row["value"] != before and row["value"] != after
