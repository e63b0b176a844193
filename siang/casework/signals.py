"""Corruption signals from a citizen's response: which ones a response raises, and writing them.

Written with the response (siang.feedback.writing), in the same transaction or statement, so a
response and its signals are written together or not at all. The rules:

- benefit_demand: the citizen says staff asked for money, property or another benefit
  (any of asked_money, asked_property, asked_other_benefit).
- overcharge: the fee paid is above the published fee. The published fee is what the live
  manual lists (the sum of its fees, so a citizen who paid several listed fees is not flagged),
  0 when the manual says "no fee"; no signal when the manual publishes no fee statement.
- delay: the citizen says it took longer than the published time; or says it is not finished
  yet while more calendar days have passed since the visit than the published time allows.
  The manuals count working days, so the published days are stretched by 7/5 (weekends) and
  rounded up before comparing; a "not finished yet" with no published time raises no signal.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils import timezone

from siang.casework.models import Signal, SignalKind
from siang.feedback.models import Feedback, FinishedInTime

WORKING_TO_CALENDAR = Decimal(7) / Decimal(5)


def calendar_days_allowed(published_working_days: Decimal) -> int:
    return math.ceil(published_working_days * WORKING_TO_CALENDAR)


def is_delayed(feedback: Feedback, *, today: dt.date) -> bool:
    if feedback.finished_in_time == FinishedInTime.LONGER:
        return True
    if feedback.finished_in_time != FinishedInTime.NOT_YET or feedback.published_time_days is None:
        return False
    waited = (today - feedback.visit_date).days
    return waited > calendar_days_allowed(Decimal(feedback.published_time_days))


def signal_kinds(feedback: Feedback, *, today: dt.date) -> list[str]:
    kinds: list[str] = []
    if feedback.asked_for_benefit:
        kinds.append(SignalKind.BENEFIT_DEMAND)
    if (
        feedback.fee_paid is not None
        and feedback.fee_published is not None
        and Decimal(feedback.fee_paid) > Decimal(feedback.fee_published)
    ):
        kinds.append(SignalKind.OVERCHARGE)
    if is_delayed(feedback, today=today):
        kinds.append(SignalKind.DELAY)
    return kinds


def record_signals(*, feedback: Feedback, today: dt.date | None = None) -> list[Signal]:
    """Create a response's signals (PACC only), as the rules above find them."""
    from siang.feedback.integrity import today_in_bangkok

    return write_signals(feedback=feedback, kinds=signal_kinds(feedback, today=today or today_in_bangkok()))


def write_signals(*, feedback: Feedback, kinds: list[str]) -> list[Signal]:
    """Write a new response's signals of these kinds; called once, when the response is written."""
    if not kinds:
        return []
    signals = [
        Signal(
            feedback=feedback,
            kind=kind,
            unit_id=feedback.unit_id,
            department_id=feedback.department_id,
            process_id=feedback.process_id,
        )
        for kind in kinds
    ]
    _insert(signals)
    return signals


def _insert(signals: list[Signal]) -> None:
    """Signal.objects.bulk_create(signals) in one prepared statement: this runs inside the
    submission of every response that raises a signal. Nothing listens to Signal's save signals."""
    now = timezone.now()
    quote = connection.ops.quote_name
    columns = ("feedback_id", "kind", "unit_id", "department_id", "process_id", "created_at")
    rows = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(signals))
    sql = (
        f"INSERT INTO {quote(Signal._meta.db_table)} ({', '.join(quote(c) for c in columns)})"  # noqa: S608
        f" VALUES {rows} RETURNING {quote('id')}"
    )
    created_at = connection.ops.adapt_datetimefield_value(now)
    params: list[Any] = []
    for signal in signals:
        signal.created_at = now
        params += [
            signal.feedback_id,
            str(signal.kind),
            signal.unit_id,
            signal.department_id,
            signal.process_id,
        ]
        params.append(created_at)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        ids = [row[0] for row in cursor.fetchall()]
    for signal, pk in zip(signals, ids, strict=True):
        signal.pk = pk
        signal._state.adding = False
        signal._state.db = connection.alias
