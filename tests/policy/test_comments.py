"""The one rule for the comments a unit's staff may see (siang.policy.comments), asked of one
response and as a queryset filter: the two must agree, case by case."""

from __future__ import annotations

import pytest

from siang.casework.models import Signal, SignalKind
from siang.feedback.models import Feedback
from siang.policy import comments
from tests.casework.helpers import make_feedback

OFFICER = "นายสมชาย ใจร้าย เรียกเงิน 2,000 บาท"


@pytest.fixture
def unit_and_process(phrae, personas):
    from tests.catalog.helpers import build_catalogue

    catalogue = build_catalogue(phrae, personas)
    return phrae["units"]["a"], personas["admin_a"], catalogue["approved"]


def plain(unit, staff, **fields) -> Feedback:
    """A response that raises nothing: no demand for a benefit, no overcharge, not flagged."""
    values = {"asked_money": False, "benefit_details": "", "fee_paid": None, "comment": "บริการดี"} | fields
    return make_feedback(unit, staff, **values)


def visible(unit) -> set[str]:
    enough = comments.dimensions_with_enough(unit.pk)
    rows = comments.visible_comments(Feedback.objects.filter(unit=unit), enough)
    return set(rows.values_list("comment", flat=True))


def test_the_rule_asked_of_one_response_agrees_with_the_filter(unit_and_process):
    unit, staff, process = unit_and_process
    cases = {
        "shown": plain(unit, staff, process=process, comment="shown"),
        "asked": plain(unit, staff, process=process, comment=OFFICER, asked_money=True),
        "flagged": plain(unit, staff, process=process, comment="flagged", is_flagged=True),
        "signal": plain(unit, staff, process=process, comment="signal"),
        "too few": plain(unit, staff, process=None, comment="too few"),
        "empty": plain(unit, staff, process=process, comment=""),
    }
    Signal.objects.create(feedback=cases["signal"], kind=SignalKind.DELAY, unit=unit, process=process)
    plain(unit, staff, process=process)  # the process's fifth response

    assert {name: comments.may_show_comment(f) for name, f in cases.items()} == {
        "shown": True,
        "asked": False,
        "flagged": False,
        "signal": False,
        "too few": False,
        "empty": False,
    }
    assert visible(unit) == {"shown", "บริการดี"}


def test_another_service_is_a_dimension_of_its_own(unit_and_process):
    unit, staff, process = unit_and_process
    for number in range(4):
        plain(unit, staff, process=None, other_service="ขอใบรับรอง", comment=f"อื่น {number}")
    plain(unit, staff, process=process, comment="ไม่นับรวม")
    assert visible(unit) == set()
    plain(unit, staff, process=None, other_service="ขอใบรับรอง", comment="อื่น 4")
    assert visible(unit) == {f"อื่น {number}" for number in range(5)}


def test_a_unit_sees_comments_without_contact_details():
    shown = comments.shown_comment("ติดต่อ 081-234-5678 หรือ a@b.co หรือ line id: somchai99")
    assert shown == "ติดต่อ […] หรือ […] หรือ […]"
