"""Building feedback data for tests: a unit with approved processes, service points, responses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max

from siang.catalog import services as catalog_services
from siang.catalog.models import Department
from siang.feedback.models import Feedback
from siang.servicepoints.models import Placement, ServicePoint
from tests.catalog.helpers import approved_process


def _department(unit, admin, name_th: str, name_en: str) -> Department:
    """The unit's department of that name (another fixture may have made it), or a new one."""
    found = Department.objects.filter(unit=unit, name_th=name_th, is_active=True).first()
    if found:
        return found
    taken = Department.objects.filter(unit=unit, is_active=True).aggregate(top=Max("sequence"))["top"] or 0
    return catalog_services.department_create(
        unit=unit, actor=admin, sequence=taken + 1, name_th=name_th, name_en=name_en
    )


def _next_sequence(department: Department) -> int:
    return (department.processes.aggregate(top=Max("sequence"))["top"] or 0) + 1


def build_points(phrae, personas) -> dict[str, Any]:
    """Unit A: two departments with approved processes (one with a fee, one without), a counter
    point for the first department and a unit-wide PR-board point."""
    unit = phrae["units"]["a"]
    user, admin = personas["user_a"], personas["admin_a"]
    engineering = _department(unit, admin, "กองช่าง", "Engineering Division")
    registry = _department(unit, admin, "งานทะเบียนราษฎร", "Civil Registration")
    water = approved_process(
        engineering, user, admin, sequence=_next_sequence(engineering), name_en="Applying for tap water"
    )
    building = approved_process(
        engineering,
        user,
        admin,
        sequence=_next_sequence(engineering),
        name_th="การขออนุญาตก่อสร้างอาคาร",
        name_en="Building permit",
        legal_time_limit_days=45,
        legal_time_limit_th="45 วัน",
        legal_time_limit_en="45 days",
        fees=[{"th": "ค่าธรรมเนียมใบอนุญาต", "en": "Permit fee", "amount": 20}],
    )
    moving = approved_process(
        registry,
        user,
        admin,
        sequence=_next_sequence(registry),
        name_th="การแจ้งย้ายที่อยู่",
        name_en="Notifying a change of address",
        fees=[],
        no_fee=True,
        legal_time_limit_days=1,
        legal_time_limit_th="1 วัน",
        legal_time_limit_en="1 day",
    )
    counter = ServicePoint.objects.create(
        unit=unit, department=engineering, placement=Placement.COUNTER, label="ช่องบริการ 1", created_by=admin
    )
    board = ServicePoint.objects.create(unit=unit, placement=Placement.PR_BOARD, created_by=admin)
    return {
        "unit": unit,
        "engineering": engineering,
        "registry": registry,
        "water": water,
        "building": building,
        "moving": moving,
        "counter": counter,
        "board": board,
    }


def make_feedback(point: ServicePoint, *, code: str = "TEST2345", **fields: Any) -> Feedback:
    values: dict[str, Any] = {
        "service_point": point,
        "unit": point.unit,
        "department": point.department,
        "visit_date": dt.date(2026, 11, 25),
        "rating_overall": 4,
        "tracking_code": code,
        "idempotency_key": f"key-{code}",
    }
    values.update(fields)
    return Feedback.objects.create(**values)


def answers(point: ServicePoint, **overrides: Any) -> dict[str, Any]:
    """A complete, valid POST of the form at `point`, opened a minute ago."""
    import time

    from siang.feedback.integrity import form_token

    data: dict[str, Any] = {
        "t": form_token(point.pk, now=time.time() - 60),
        "website": "",
        "process": "",
        "other_service": "",
        "visit_date": "",
        "rating_overall": "4",
        "rating_steps": "5",
        "rating_time": "",
        "rating_information": "3",
        "rating_courtesy": "5",
        "rating_equal": "4",
        "finished_in_time": "yes",
        "fee_paid": "",
        "benefit_details": "",
        "comment": "",
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
    }
    data.update(overrides)
    return data
