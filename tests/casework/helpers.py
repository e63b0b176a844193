"""Feedback and signals for casework tests, written straight to the tables (the form is B's)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

from siang.casework.models import Signal, SignalKind
from siang.feedback.models import Feedback
from siang.servicepoints.models import Placement, ServicePoint

_numbers = itertools.count(1)


def service_point(unit, actor) -> ServicePoint:
    point = ServicePoint.objects.filter(unit=unit, placement=Placement.PR_BOARD).first()
    return point or ServicePoint.objects.create(unit=unit, placement=Placement.PR_BOARD, created_by=actor)


def make_feedback(unit, actor, **fields: Any) -> Feedback:
    number = next(_numbers)
    values: dict[str, Any] = {
        "service_point": service_point(unit, actor),
        "unit": unit,
        "visit_date": dt.date(2026, 11, 20),
        "rating_overall": 2,
        "fee_paid": Decimal("1500"),
        "fee_published": Decimal("500"),
        "asked_money": True,
        "benefit_details": "เจ้าหน้าที่ขอเงินค่าดำเนินการเร่งด่วน 1,000 บาท",
        "comment": "รอนานมาก",
        "tracking_code": f"T{number:07d}",
        "idempotency_key": f"key-{number}",
    }
    values.update(fields)
    return Feedback.objects.create(**values)


def make_signal(unit, actor, *, kind: str = SignalKind.BENEFIT_DEMAND, process=None, **fields: Any) -> Signal:
    feedback = make_feedback(unit, actor, process=process, **fields)
    return Signal.objects.create(feedback=feedback, kind=kind, unit=unit, process=process)


def default_lexicon() -> None:
    """The lexicon the data migration ships. A transactional test's flush empties every table,
    rows of data migrations too; the tests after it put the default set back this way."""
    import importlib

    from django.apps import apps

    from siang.casework.models import CommentTerm

    if not CommentTerm.objects.exists():
        migration = importlib.import_module("siang.casework.migrations.0006_default_comment_terms")
        migration.add_defaults(apps, None)
