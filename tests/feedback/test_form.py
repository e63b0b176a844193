"""The citizen form: what it shows, what it accepts, what it says when something is wrong."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from siang.feedback.models import Feedback, FinishedInTime
from siang.servicepoints.models import Placement, ServicePoint
from tests.feedback.helpers import answers

TODAY = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def form_url(point: ServicePoint) -> str:
    return reverse("feedback_form", args=[point.token])


def test_a_counter_form_offers_its_departments_approved_services_with_what_they_publish(client, points):
    html = client.get(form_url(points["counter"])).content.decode()
    assert "เทศบาลเมืองแพร่" in html and "กองช่าง" in html and "ช่องบริการ 1" in html
    assert "การขออนุญาตใช้น้ำประปา" in html and "การขออนุญาตก่อสร้างอาคาร" in html
    assert "การแจ้งย้ายที่อยู่" not in html  # another department's service
    assert "<optgroup" not in html
    assert "15 วันทำการ · 500 บาท" in html and "45 วัน · 20 บาท" in html
    assert 'value="other"' in html and "อื่น ๆ" in html


def test_a_unit_wide_form_groups_all_approved_services_by_department(client, points):
    html = client.get(form_url(points["board"])).content.decode()
    assert '<optgroup label="กองช่าง">' in html and '<optgroup label="งานทะเบียนราษฎร">' in html
    assert "การแจ้งย้ายที่อยู่: 1 วัน · ไม่มีค่าธรรมเนียม" in html


def test_a_service_not_yet_approved_is_not_offered(client, points, personas):
    from tests.catalog.helpers import make_process

    make_process(points["engineering"], personas["user_a"], sequence=3, name_th="การขอรับใบอนุญาตขุดดิน")
    assert "การขอรับใบอนุญาตขุดดิน" not in client.get(form_url(points["counter"])).content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_visit_date_defaults_to_today_shown_in_the_buddhist_era(client, english_client, points):
    html = client.get(form_url(points["counter"])).content.decode()
    assert 'value="2026-11-25"' in html and "25 พฤศจิกายน 2569" in html
    english = english_client.get(form_url(points["counter"])).content.decode()
    assert "25 Nov 2026 (B.E. 2569)" in english


def test_a_single_service_is_chosen_already_and_its_time_and_fee_shown(client, points):
    point = ServicePoint.objects.create(
        unit=points["unit"],
        department=points["registry"],
        placement=Placement.COUNTER,
        created_by=points["counter"].created_by,
    )
    html = client.get(form_url(point)).content.decode()
    assert re.search(r'<option value="\d+"[^>]* selected>การแจ้งย้ายที่อยู่', html)
    assert '<span id="pub-time">1 วัน</span>' in html
    assert '<span id="pub-fee">ไม่มีค่าธรรมเนียม</span>' in html


def test_the_ratings_are_radio_groups_in_fieldsets_with_legends(client, points):
    html = client.get(form_url(points["counter"])).content.decode()
    assert html.count('<fieldset class="q rate') == 6
    assert html.count('type="radio" name="rating_equal"') == 5
    assert "ปฏิบัติต่อทุกคนอย่างเท่าเทียม" in html


def test_an_unknown_code_gets_a_friendly_page(client, english_client, db):
    response = client.get(reverse("feedback_form", args=["nosuchtoken1"]))
    assert response.status_code == 404
    assert "ไม่พบ QR code นี้" in response.content.decode()
    english = english_client.get(reverse("feedback_form", args=["nosuchtoken1"]))
    assert "This QR code is not known" in english.content.decode()


def retire(point: ServicePoint, successor: ServicePoint | None = None) -> None:
    from django.utils import timezone

    point.is_active = False
    point.retired_at = timezone.now()
    point.replaced_by = successor
    point.save()


def test_a_retired_code_points_to_the_new_form_and_the_units_page(client, points):
    new = ServicePoint.objects.create(
        unit=points["unit"], placement=Placement.WALKWAY, created_by=points["counter"].created_by
    )
    retire(points["board"], new)
    response = client.get(form_url(points["board"]))
    html = response.content.decode()
    assert response.status_code == 410
    assert "QR code นี้เลิกใช้แล้ว" in html
    assert form_url(new) in html
    assert reverse("unit_detail", args=[points["unit"].pk]) in html


def test_a_retired_code_whose_successor_is_retired_too_points_only_to_the_unit(
    client, english_client, points
):
    retire(points["counter"])
    retire(points["board"], points["counter"])
    html = english_client.get(form_url(points["board"])).content.decode()
    assert "This QR code is no longer used" in html
    assert form_url(points["counter"]) not in html
    assert reverse("unit_detail", args=[points["unit"].pk]) in html


@time_machine.travel(TODAY, tick=False)
def test_a_citizen_sends_the_form_and_gets_a_tracking_code(client, points):
    data = answers(
        points["counter"],
        process=str(points["water"].pk),
        visit_date="2026-11-20",
        fee_paid="500",
        comment="บริการดีมาก",
    )
    response = client.post(form_url(points["counter"]), data)
    assert response.status_code == 303
    feedback = Feedback.objects.get()
    assert (
        response["Location"]
        == reverse("feedback_track", args=[f"{feedback.tracking_code[:4]}-{feedback.tracking_code[4:]}"])
        + "?sent=1"
    )
    assert feedback.unit == points["unit"] and feedback.department == points["engineering"]
    assert feedback.process == points["water"] and feedback.visit_date == dt.date(2026, 11, 20)
    assert (feedback.rating_overall, feedback.rating_time) == (4, None)
    assert feedback.fee_published == 500 and feedback.published_time_days == 15
    assert feedback.finished_in_time == FinishedInTime.YES and feedback.language == "th"
    assert feedback.comment == "บริการดีมาก" and not feedback.is_flagged
    assert re.fullmatch(r"[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}", feedback.tracking_code)
    page = client.get(response["Location"]).content.decode()
    assert f"{feedback.tracking_code[:4]}-{feedback.tracking_code[4:]}" in page
    assert "ขอบคุณ" in page


def test_other_service_is_kept_with_its_text_and_the_unit_wide_department_stays_blank(client, points):
    data = answers(points["board"], process="other", other_service="ขอสำเนาทะเบียนบ้าน")
    client.post(form_url(points["board"]), data)
    feedback = Feedback.objects.get()
    assert feedback.process is None and feedback.department is None
    assert feedback.other_service == "ขอสำเนาทะเบียนบ้าน"


def test_choosing_a_service_of_a_unit_wide_point_records_its_department(client, points):
    client.post(form_url(points["board"]), answers(points["board"], process=str(points["moving"].pk)))
    assert Feedback.objects.get().department == points["registry"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("th", ["โปรดเลือกบริการที่ท่านได้รับ", "โปรดเลือกระดับความพึงพอใจโดยรวม ตั้งแต่ 1 ถึง 5"]),
        ("en", ["Choose the service you received.", "Choose how satisfied you are overall, from 1 to 5."]),
    ],
)
def test_missing_answers_are_named_and_what_was_typed_is_kept(client, points, language, expected):
    client.cookies["siang_lang"] = language
    data = answers(points["counter"], rating_overall="", comment="รอนานมาก", rating_courtesy="2")
    response = client.post(form_url(points["counter"]), data)
    html = response.content.decode()
    assert response.status_code == 200 and Feedback.objects.count() == 0
    for message in expected:
        assert message in html
    assert "รอนานมาก</textarea>" in html
    assert 'id="rating_courtesy-2" value="2" checked' in html
    assert f'value="{data["t"]}"' in html  # the same form: sending it again still makes one response
    assert 'aria-invalid="true" aria-describedby="process-err"' in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("visit_date", "2026-12-01", "วันที่ใช้บริการต้องไม่เป็นวันในอนาคต"),
        ("visit_date", "2024-01-01", "โปรดเล่าถึงการใช้บริการในช่วง 12 เดือนที่ผ่านมา"),
        ("visit_date", "31/02/2569", "โปรดกรอกวันที่เป็น วัน/เดือน/ปี"),
        ("fee_paid", "ห้าร้อย", "โปรดกรอกค่าธรรมเนียมเป็นตัวเลข"),
        ("fee_paid", "-5", "โปรดกรอกค่าธรรมเนียมเป็นตัวเลข"),
        ("contact_phone", "12345", "โปรดกรอกหมายเลขโทรศัพท์ 9 หรือ 10 หลัก"),
        ("contact_email", "somchai@", "โปรดกรอกอีเมล"),
        ("process", "999999", "โปรดเลือกบริการจากรายการ"),
        ("rating_overall", "9", "โปรดเลือกคำตอบจากตัวเลือกที่มีให้"),
        ("rating_steps", "0", "โปรดเลือกคำตอบจากตัวเลือกที่มีให้"),
        ("finished_in_time", "maybe", "โปรดเลือกคำตอบจากตัวเลือกที่มีให้"),
        ("comment", "ก" * 2001, "โปรดเขียนไม่เกิน 2000 ตัวอักษร"),
        ("contact_name", "ก" * 201, "โปรดเขียนไม่เกิน 200 ตัวอักษร"),
        ("process", "   ", "โปรดเลือกบริการที่ท่านได้รับ"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_bad_answers_get_a_specific_thai_message(client, points, field, value, message):
    data = answers(points["counter"], **{"process": str(points["water"].pk), field: value})
    html = client.post(form_url(points["counter"]), data).content.decode()
    assert message in html and Feedback.objects.count() == 0


def test_answers_are_stored_as_a_person_meant_them(client, points):
    data = answers(
        points["counter"],
        process="other",
        other_service="  ขอเลขที่บ้าน \x00 ",
        comment="\n  รอนาน  \n",
        asked_money="on",
        asked_property="0",
        asked_other_benefit="false",
        fee_paid="1,500 ฿",
        rating_steps="",
    )
    assert client.post(form_url(points["counter"]), data).status_code == 303
    saved = Feedback.objects.get()
    assert (saved.other_service, saved.comment) == ("ขอเลขที่บ้าน", "รอนาน")
    assert (saved.asked_money, saved.asked_property, saved.asked_other_benefit) == (True, False, False)
    assert saved.fee_paid == Decimal("1500.00") and saved.rating_steps is None


def test_other_without_saying_which_service_is_refused(client, english_client, points):
    data = answers(points["counter"], process="other")
    html = english_client.post(form_url(points["counter"]), data).content.decode()
    assert "You chose “other”: write which service you received." in html


@time_machine.travel(TODAY, tick=False)
def test_a_date_typed_in_the_buddhist_era_is_understood(client, points):
    data = answers(points["counter"], process=str(points["water"].pk), visit_date="20/11/2569")
    assert client.post(form_url(points["counter"]), data).status_code == 303
    assert Feedback.objects.get().visit_date == dt.date(2026, 11, 20)


def test_a_forged_or_foreign_token_is_refused_and_the_answers_kept(client, points):
    other_point = answers(points["board"])["t"]
    for token in ("", "1.2.3.4", other_point):
        data = answers(points["counter"], process=str(points["water"].pk), t=token, comment="ยังอยู่")
        response = client.post(form_url(points["counter"]), data)
        assert response.status_code == 400
        assert "ยังอยู่</textarea>" in response.content.decode()
    assert Feedback.objects.count() == 0


def test_a_token_older_than_a_week_is_refused(client, points):
    import time

    from siang.feedback.integrity import form_token

    old = form_token(points["counter"].pk, now=time.time() - 8 * 24 * 3600)
    data = answers(points["counter"], process=str(points["water"].pk), t=old)
    assert client.post(form_url(points["counter"]), data).status_code == 400


def test_the_tracking_page_shows_only_the_status(client, english_client, points):
    data = answers(points["counter"], process=str(points["water"].pk), comment="ความลับของผู้แจ้ง")
    data |= {"contact_name": "สมหญิง ใจดี", "asked_money": "1", "benefit_details": "ขอเงินห้าร้อย"}
    location = client.post(form_url(points["counter"]), data)["Location"]
    page = client.get(location.split("?")[0]).content.decode()
    assert "ได้รับแล้ว" in page
    for secret in ("ความลับของผู้แจ้ง", "สมหญิง", "ขอเงินห้าร้อย", "เทศบาลเมืองแพร่", "กองช่าง", "น้ำประปา"):
        assert secret not in page
    code = Feedback.objects.get().tracking_code
    assert "Received" in english_client.get(reverse("feedback_track", args=[code.lower()])).content.decode()


def test_an_unknown_tracking_code_is_not_found(client, db):
    assert client.get(reverse("feedback_track", args=["ABCD-2345"])).status_code == 404


def test_the_lookup_form_finds_a_code_typed_loosely(client, points):
    client.post(form_url(points["counter"]), answers(points["counter"], process=str(points["water"].pk)))
    code = Feedback.objects.get().tracking_code
    response = client.get(reverse("feedback_track_lookup"), {"code": f" {code[:4].lower()} {code[4:]} "})
    assert response.status_code == 302 and response["Location"].endswith(f"{code[:4]}-{code[4:]}")
    wrong = client.get(reverse("feedback_track_lookup"), {"code": "ZZZZ-ZZZZ"}).content.decode()
    assert "ไม่พบการแจ้งที่มีรหัสติดตามนี้" in wrong and 'value="ZZZZ-ZZZZ"' in wrong


def test_the_service_worker_is_served_with_a_scope_over_the_forms(client, db):
    response = client.get(reverse("feedback_sw"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/f/"
    assert b"addEventListener" in response.content


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1500", "1500.00"),
        ("1,500", "1500.00"),
        ("1,500 ฿", "1500.00"),
        ("฿1,500", "1500.00"),
        ("1500.50", "1500.50"),
        ("1,500.-", "1500.00"),
        ("๑,๕๐๐", "1500.00"),
        ("๑๕๐๐ บาท", "1500.00"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_a_fee_is_read_as_thai_citizens_write_it(client, points, typed, stored):
    data = answers(points["counter"], process=str(points["building"].pk), fee_paid=typed)
    assert client.post(form_url(points["counter"]), data).status_code == 303
    assert str(Feedback.objects.get().fee_paid) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1_000", "โปรดคั่นหลักพันด้วยเครื่องหมายจุลภาค เช่น 1,000 ไม่ใช่ 1_000"),
        ("١٥٠٠", "โปรดกรอกค่าธรรมเนียมด้วยเลขอารบิก 0–9 หรือเลขไทย ๐–๙ เช่น 1,500"),
        ("１５００", "โปรดกรอกค่าธรรมเนียมด้วยเลขอารบิก 0–9 หรือเลขไทย ๐–๙ เช่น 1,500"),
        ("1e3", "โปรดกรอกค่าธรรมเนียมเป็นตัวเลข (บาท) เช่น 500 หรือ 1,500.50"),
        ("-50", "โปรดกรอกค่าธรรมเนียมเป็นตัวเลข (บาท) เช่น 500 หรือ 1,500.50"),
        ("1,50", "โปรดกรอกค่าธรรมเนียมเป็นตัวเลข (บาท) เช่น 500 หรือ 1,500.50"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_a_fee_in_another_script_or_notation_is_refused_with_what_to_write(client, points, typed, message):
    data = answers(points["counter"], process=str(points["building"].pk), fee_paid=typed)
    page = client.post(form_url(points["counter"]), data).content.decode()
    assert message in page
    assert f'value="{typed}"' in page  # kept for correcting
    assert not Feedback.objects.exists()
