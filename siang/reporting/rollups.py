"""Keeping the rollups current: each response is added to them exactly once.

`roll_up_pending` takes a batch of responses not yet rolled up, adds them to the four rollup
tables with one additive upsert per table (`INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE SET
n = n + excluded.n`, which PostgreSQL and SQLite ≥ 3.24 both understand) and marks them rolled up,
all in one transaction. Concurrent runners never count a response twice: on PostgreSQL each takes
its batch with `SELECT … FOR UPDATE SKIP LOCKED`; everywhere the marking `UPDATE … WHERE rolled_up
= false` must touch every row of the batch, or the whole batch is rolled back and tried again.

Dashboards call `catch_up()` before reading (one indexed query when nothing is pending), so the
embedded default needs no scheduler; in production `manage.py rollup_feedback --every 60` keeps
the backlog small.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import OperationalError, connection, transaction
from django.db.models import Model

from siang.casework.models import Signal, SignalKind
from siang.directory.models import Unit
from siang.feedback.models import Feedback, FinishedInTime
from siang.reporting.models import (
    COUNTERS,
    DIMENSIONS,
    AreaMonthRollup,
    DailyRollup,
    ProvinceMonthRollup,
    UnitMonthRollup,
)

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 5000
# SQLite allows 32,766 bound parameters in one statement; the batch's ids are bound one each.
SQLITE_MAX_BATCH = 30000


class BatchTaken(Exception):
    """Another runner marked part of this batch first; roll back and take a fresh batch."""


def _month(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _flag(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _has_signal(kind: str) -> str:
    signal_table = Signal._meta.db_table
    # Table names and kinds are our own constants, never user input.
    exists = f"EXISTS (SELECT 1 FROM {signal_table} s WHERE s.feedback_id = f.id AND s.kind = '{kind}')"  # noqa: S608
    return _flag(exists)


def _counter_expressions() -> list[str]:
    """One SQL aggregate per name in COUNTERS, in the same order."""
    expressions = ["COUNT(*)"]
    for dimension in DIMENSIONS:
        column = f"f.rating_{dimension}"
        expressions += [f"COUNT({column})", f"COALESCE(SUM({column}), 0)", _flag(f"{column} >= 4")]
    expressions += [
        _flag(f"f.finished_in_time = '{FinishedInTime.YES}'"),
        _flag("f.finished_in_time <> ''"),
        _flag("f.fee_paid > f.fee_published"),
        _flag("f.is_flagged"),
        _has_signal(SignalKind.BENEFIT_DEMAND),
        _has_signal(SignalKind.OVERCHARGE),
        _has_signal(SignalKind.DELAY),
        _has_signal(SignalKind.COMMENT),
    ]
    assert len(expressions) == len(COUNTERS)
    return expressions


@dataclass(frozen=True)
class Grain:
    """A rollup table: its key columns (the ON CONFLICT target) and columns copied from the unit,
    each with the SQL expression that fills it."""

    model: type[Model]
    keys: list[tuple[str, str]]
    copied: list[tuple[str, str]] = field(default_factory=list)


def _grains() -> list[Grain]:
    month = _month("f.visit_date")
    district = "COALESCE(u.district_id, '')"
    return [
        Grain(
            DailyRollup,
            [
                ("unit_id", "f.unit_id"),
                ("department_key", "COALESCE(f.department_id, 0)"),
                ("process_key", "COALESCE(f.process_id, 0)"),
                ("day", "f.visit_date"),
            ],
        ),
        Grain(
            UnitMonthRollup,
            [("unit_id", "f.unit_id"), ("month", month)],
            [("province_id", "u.province_id"), ("district_key", district)],
        ),
        Grain(ProvinceMonthRollup, [("province_id", "u.province_id"), ("kind", "u.kind"), ("month", month)]),
        Grain(
            AreaMonthRollup,
            [
                ("province_id", "u.province_id"),
                ("district_key", district),
                ("kind", "u.kind"),
                ("month", month),
            ],
        ),
    ]


def _upsert_sql(grain: Grain, where: str, counters: Sequence[str] = COUNTERS) -> str:
    table = grain.model._meta.db_table
    key_columns = [column for column, _expression in grain.keys]
    grouped_by = [expression for _column, expression in [*grain.keys, *grain.copied]]
    # Counters not added are inserted as 0 (a new row needs every column), and left alone otherwise.
    expressions = [
        expression if name in counters else "0"
        for name, expression in zip(COUNTERS, _counter_expressions(), strict=True)
    ]
    columns = ", ".join([*key_columns, *(column for column, _e in grain.copied), *COUNTERS])
    selected = ", ".join([*grouped_by, *expressions])
    added = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in counters)
    # Our own table and column names; the ids are bound parameters.
    return (
        f"INSERT INTO {table} ({columns}) "  # noqa: S608
        f"SELECT {selected} FROM {Feedback._meta.db_table} f "
        f"JOIN {Unit._meta.db_table} u ON u.id = f.unit_id "
        f"WHERE {where} GROUP BY {', '.join(grouped_by)} "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET {added}"
    )


def _add_to_rollups(ids: Sequence[int], counters: Sequence[str] = COUNTERS) -> None:
    params: list[Any]
    if connection.vendor == "postgresql":
        where, params = "f.id = ANY(%s)", [list(ids)]
    else:
        where, params = f"f.id IN ({', '.join(['%s'] * len(ids))})", [*ids]
    with connection.cursor() as cursor:
        for grain in _grains():
            cursor.execute(_upsert_sql(grain, where, counters), params)


def add_late_signals(ids: Sequence[int]) -> None:
    """Count the comment signal just found for these responses, already rolled up without it.
    The caller holds their rows locked and wrote one new comment signal for each."""
    if ids:
        _add_to_rollups(ids, ("signals_comment",))


def _no_jit() -> None:
    """A batch is small, but on a large table the planner's estimates trip PostgreSQL's JIT
    compilation (about 50 ms per statement, more than the statement itself): off for this
    transaction only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def _take_batch(batch: int) -> list[int]:
    pending = Feedback.objects.filter(rolled_up=False).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True, of=("self",))
    ids = list(pending.values_list("pk", flat=True)[:batch])
    if ids and Feedback.objects.filter(pk__in=ids, rolled_up=False).update(rolled_up=True) != len(ids):
        raise BatchTaken
    return ids


def roll_up_pending(*, batch: int = DEFAULT_BATCH) -> int:
    """Roll up at most `batch` responses; returns how many were added (0: nothing pending)."""
    if connection.vendor != "postgresql":
        batch = min(batch, SQLITE_MAX_BATCH)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                _no_jit()
                ids = _take_batch(batch)
                if ids:
                    _add_to_rollups(ids)
                return len(ids)
        except BatchTaken:
            logger.info("A concurrent rollup took part of the batch; trying again.")
    return 0


def has_pending() -> bool:
    return Feedback.objects.filter(rolled_up=False).exists()


def catch_up(*, limit: int = 50_000, batch: int = DEFAULT_BATCH) -> int:
    """Roll up what is pending, up to `limit` responses. One indexed query when nothing is."""
    done = 0
    if not has_pending():
        return done
    while done < limit:
        try:
            added = roll_up_pending(batch=batch)
        except OperationalError:
            # Another writer holds SQLite's lock: show what is rolled up; the next page view catches up.
            logger.warning("Rollup catch-up deferred: the database is busy.", exc_info=True)
            break
        if not added:
            break
        done += added
    return done


def rebuild_all(*, only: Sequence[type[Model]] = ()) -> int:
    """Recompute the rollups (every table, or `only` these) from the raw responses: after a
    restore, a new rollup table, or in the benchmark.

    Stop `rollup_feedback` first: responses rolled up concurrently would be lost from the totals.
    """
    with transaction.atomic():
        Feedback.objects.filter(rolled_up=False).update(rolled_up=True)
        with connection.cursor() as cursor:
            for grain in _grains():
                if only and grain.model not in only:
                    continue
                grain.model._default_manager.all().delete()
                cursor.execute(_upsert_sql(grain, "f.rolled_up = %s"), [True])
        return Feedback.objects.count()
