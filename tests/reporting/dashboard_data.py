"""Feedback for dashboard tests: varied responses at unit A's processes, rolled up or pending."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal
from typing import Any

from siang.casework.models import Signal, SignalKind
from siang.feedback.models import Feedback, FinishedInTime
from tests.feedback.helpers import build_points

_codes = itertools.count(1)


def varied_feedback(point, *, count: int, seed: int = 7, process=None, **fields: Any) -> list[Feedback]:
    """`count` responses at a service point, spread over 2026 with every kind of answer."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        number = next(_codes)
        values: dict[str, Any] = {
            "service_point": point,
            "unit": point.unit,
            "department": point.department,
            "process": process,
            "visit_date": dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(320)),
            "rating_overall": rng.choice([1, 2, 3, 4, 4, 5, 5, 5]),
            "rating_steps": rng.choice([None, 2, 4, 5]),
            "rating_time": rng.choice([None, 1, 3, 5]),
            "rating_information": rng.choice([3, 4]),
            "rating_courtesy": rng.choice([None, 5]),
            "rating_equal": rng.choice([None, 1, 4]),
            "finished_in_time": rng.choice(["", *FinishedInTime.values]),
            "fee_published": rng.choice([None, Decimal("20.00")]),
            "fee_paid": rng.choice([None, Decimal("0"), Decimal("20.00"), Decimal("120.50")]),
            "is_flagged": rng.random() < 0.1,
            "tracking_code": f"DASH{number:06d}",
            "idempotency_key": f"dash-{number}",
        }
        values.update(fields)
        rows.append(Feedback(**values))
    return Feedback.objects.bulk_create(rows)


def unit_a_with_feedback(phrae, personas, *, count: int = 60) -> dict[str, Any]:
    points = build_points(phrae, personas)
    water = varied_feedback(points["counter"], count=count, process=points["water"])
    other = varied_feedback(points["board"], count=count // 3, seed=8)
    signal_source = water[0]
    Signal.objects.create(
        feedback=signal_source,
        kind=SignalKind.BENEFIT_DEMAND,
        unit=signal_source.unit,
        process=points["water"],
    )
    return points | {"water_feedback": water, "other_feedback": other}
