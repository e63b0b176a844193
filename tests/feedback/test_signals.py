"""Which responses raise a signal for PACC, and that unit staff never see them or the reporter."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from siang.casework.models import Signal, SignalKind
from siang.casework.signals import calendar_days_allowed
from siang.feedback.models import Feedback
from tests.feedback.helpers import answers

TODAY = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def send(client, point, **fields) -> Feedback:
    response = client.post(reverse("feedback_form", args=[point.token]), answers(point, **fields))
    assert response.status_code == 303, response.content.decode()[:2000]
    return Feedback.objects.order_by("-pk").first()


def kinds(feedback: Feedback) -> set[str]:
    return set(Signal.objects.filter(feedback=feedback).values_list("kind", flat=True))


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"asked_money": "1"}, {SignalKind.BENEFIT_DEMAND}),
        ({"asked_property": "1", "benefit_details": "ขอไก่สองตัว"}, {SignalKind.BENEFIT_DEMAND}),
        ({"asked_other_benefit": "1"}, {SignalKind.BENEFIT_DEMAND}),
        ({"fee_paid": "600"}, {SignalKind.OVERCHARGE}),
        ({"fee_paid": "500"}, set()),
        ({"fee_paid": "0"}, set()),
        ({"finished_in_time": "longer"}, {SignalKind.DELAY}),
        # 15 working days published: 21 calendar days allowed
        ({"finished_in_time": "not_yet", "visit_date": "2026-11-04"}, set()),
        ({"finished_in_time": "not_yet", "visit_date": "2026-11-03"}, {SignalKind.DELAY}),
        (
            {"asked_money": "1", "fee_paid": "1,500", "finished_in_time": "longer"},
            {SignalKind.BENEFIT_DEMAND, SignalKind.OVERCHARGE, SignalKind.DELAY},
        ),
        ({"finished_in_time": "yes", "fee_paid": "", "comment": "ดีมาก"}, set()),
    ],
)
def test_signals_of_a_response_about_a_published_service(client, points, fields, expected):
    feedback = send(client, points["counter"], process=str(points["water"].pk), **fields)
    assert kinds(feedback) == expected
    for signal in Signal.objects.filter(feedback=feedback):
        assert (signal.unit, signal.department, signal.process) == (
            points["unit"],
            points["engineering"],
            points["water"],
        )


def test_any_fee_is_an_overcharge_when_the_manual_says_no_fee(client, points):
    feedback = send(client, points["board"], process=str(points["moving"].pk), fee_paid="50")
    assert feedback.fee_published == 0 and kinds(feedback) == {SignalKind.OVERCHARGE}


def test_other_services_have_no_published_fee_or_time_to_compare_with(client, points):
    feedback = send(
        client,
        points["board"],
        process="other",
        other_service="x",
        fee_paid="900",
        finished_in_time="not_yet",
    )
    assert kinds(feedback) == set()
    feedback = send(client, points["board"], process="other", other_service="y", finished_in_time="longer")
    assert kinds(feedback) == {SignalKind.DELAY}


@pytest.fixture
def no_legal_limit(points, personas):
    """A process like 13 of the 27 library templates: no time set by law, 15 days in the manual."""
    from tests.catalog.helpers import approved_process

    return approved_process(
        points["engineering"],
        personas["user_a"],
        personas["admin_a"],
        sequence=9,
        name_th="การขอข้อมูลข่าวสารของราชการ",
        name_en="Requesting official information",
        legal_time_limit_days=None,
        legal_time_limit_th="ไม่มีกฎหมายกำหนด",
        legal_time_limit_en="Not set by law",
        total_time_days=15,
        total_time_th="15 วัน",
        total_time_en="15 days",
    )


@time_machine.travel(TODAY, tick=False)
def test_the_form_shows_the_manuals_time_where_the_law_sets_none(client, points, no_legal_limit):
    url = reverse("feedback_form", args=[points["counter"].token])
    data = answers(points["counter"], process=str(no_legal_limit.pk), comment="x" * 3)
    page = client.post(url, {**data, "rating_overall": ""}).content.decode()
    assert 'id="pub-time">15 วัน</span>' in page
    assert "ไม่มีกฎหมายกำหนด" not in page


@time_machine.travel(TODAY, tick=False)
def test_a_delay_is_measured_against_the_manuals_time_where_the_law_sets_none(client, points, no_legal_limit):
    process = str(no_legal_limit.pk)
    # 15 working days published: 21 calendar days allowed
    waiting = send(
        client, points["counter"], process=process, finished_in_time="not_yet", visit_date="2026-11-04"
    )
    assert waiting.published_time_days == 15 and kinds(waiting) == set()
    late = send(
        client, points["counter"], process=process, finished_in_time="not_yet", visit_date="2026-11-03"
    )
    assert kinds(late) == {SignalKind.DELAY}


def test_working_days_are_stretched_to_calendar_days():
    from decimal import Decimal

    assert calendar_days_allowed(Decimal(15)) == 21
    assert calendar_days_allowed(Decimal(1)) == 2
    assert calendar_days_allowed(Decimal("7.5")) == 11


def test_a_response_and_its_signals_are_written_together_or_not_at_all(client, points, monkeypatch):
    import siang.feedback.services as services

    # The same signal twice breaks its unique constraint: the signals cannot be written.
    monkeypatch.setattr(services, "signal_kinds", lambda feedback, today: ["benefit_demand"] * 2)
    data = answers(points["counter"], process=str(points["water"].pk), asked_money="1")
    response = client.post(reverse("feedback_form", args=[points["counter"].token]), data)
    assert response.status_code == 503
    assert "บันทึกคำตอบไม่สำเร็จ โปรดส่งอีกครั้ง" in response.content.decode()
    assert Feedback.objects.count() == 0 and Signal.objects.count() == 0


# --- unit staff never see a signal or the reporter ----------------------------------------------

SECRETS = ("สมหญิง ลับเฉพาะ", "0899999999", "reporter@example.com", "เรียกเงินสามพันบาท", "นายสมชาย ใจร้าย")


@pytest.fixture
def reported(client, points):
    return send(
        client,
        points["counter"],
        process=str(points["water"].pk),
        asked_money="1",
        benefit_details="เรียกเงินสามพันบาท",
        comment="นายสมชาย ใจร้าย เป็นคนเรียก",
        contact_name="สมหญิง ลับเฉพาะ",
        contact_phone="0899999999",
        contact_email="reporter@example.com",
    )


@pytest.mark.parametrize("persona", ["admin_a", "user_a", "user_a2", "admin_b", "overseer"])
def test_no_page_shows_staff_the_reporter_or_the_details_of_a_signal(
    client, phrae, personas, reported, persona
):
    """Every page of the site a staff member may open (tests/test_pages.py's list, plus the unit's
    own pages with this response in them): no contact details, no details of what was asked, no
    comment written beside a signal."""
    from tests.test_pages import page_urls

    assert kinds(reported) == {SignalKind.BENEFIT_DEMAND}
    pages = page_urls(phrae, personas=personas)
    # The newest comments, among enough responses: only the signal keeps this one from the unit.
    point, process = reported.service_point, str(reported.process_id)
    for number in range(4):
        send(client, point, process=process, comment=f"ดี {number}")
    send(client, point, process=process, comment="นายสมชาย ใจร้าย ขอเงิน", asked_money="1")
    client.force_login(personas[persona])
    looked = 0
    for name, (url, _who) in pages.items():
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        looked += 1
        html = response.content.decode()
        for secret in SECRETS:
            assert secret not in html, f"{persona} sees {secret!r} on {name}"
    assert looked > 10
