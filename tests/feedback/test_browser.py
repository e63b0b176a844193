"""A citizen on a cheap phone, in a real Chromium: scan, answer, send, keep the code.

In Thai and in English, offline (sent once when the network returns), keyboard only, and an
axe-core audit of every citizen page.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from siang.casework.models import Signal, SignalKind
from siang.feedback.models import Feedback
from tests.browsers import screenshot
from tests.feedback.helpers import build_points

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$")


@pytest.fixture
def points(phrae, personas, settings):
    settings.FEEDBACK_MIN_SECONDS = 0  # a robot answers faster than a person
    return build_points(phrae, personas)


def open_form(page, live_server, point, *, language: str = "th") -> None:
    page.context.add_cookies([{"name": "siang_lang", "value": language, "url": live_server.url}])
    page.goto(live_server.url + reverse("feedback_form", args=[point.token]))


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def rate(page, name: str, value: int) -> None:
    page.locator(f"label[for='{name}-{value}']").click()


def no_axe_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_citizen_answers_in_thai_on_a_phone_and_gets_a_tracking_code(phone, live_server, points):
    open_form(phone, live_server, points["counter"])
    assert phone.locator("h1").inner_text() == "ท่านได้รับบริการเป็นอย่างไร"
    assert fits_the_screen(phone)
    phone.select_option("#process", label="การขออนุญาตใช้น้ำประปา")
    assert phone.locator("#pub-time").inner_text() == "15 วันทำการ"
    assert phone.locator("#pub-fee").inner_text() == "500 บาท"
    screenshot(phone, "feedback-form-th-360")
    for name, value in (
        ("rating_overall", 2),
        ("rating_steps", 3),
        ("rating_time", 1),
        ("rating_courtesy", 2),
    ):
        rate(phone, name, value)
    phone.locator("label[for='fit-longer']").click()
    phone.fill("#fee_paid", "800")
    phone.locator("label[for='asked_money']").click()
    phone.fill("#benefit_details", "เจ้าหน้าที่ขอค่าดำเนินการเพิ่ม 300 บาท")
    phone.fill("#comment", "รอนานมาก")
    screenshot(phone, "feedback-form-th-360-answered")
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()
    phone.wait_for_url(re.compile(r"/track/"))
    code = phone.locator("#tracking-code").inner_text()
    assert CODE.match(code)
    assert "ขอบคุณ" in phone.locator("h1").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "feedback-sent-th-360")
    feedback = Feedback.objects.get()
    assert feedback.tracking_code == code.replace("-", "")
    assert (feedback.rating_overall, feedback.fee_paid, feedback.finished_in_time) == (2, 800, "longer")
    assert set(Signal.objects.values_list("kind", flat=True)) == {
        SignalKind.BENEFIT_DEMAND,
        SignalKind.OVERCHARGE,
        SignalKind.DELAY,
    }


def test_a_citizen_answers_in_english_with_other_service(phone, live_server, points):
    open_form(phone, live_server, points["board"], language="en")
    assert phone.locator("h1").inner_text() == "How were you served?"
    phone.get_by_role("button", name="Send").click()  # nothing answered: the browser asks first
    assert Feedback.objects.count() == 0
    phone.select_option("#process", value="other")
    phone.fill("#other_service", "Copy of a house registration")
    rate(phone, "rating_overall", 5)
    rate(phone, "rating_equal", 5)
    phone.locator("label[for='fit-yes']").click()
    phone.fill("#contact_phone", "081 234 5678")
    screenshot(phone, "feedback-form-en-360")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_url(re.compile(r"/track/"))
    assert CODE.match(phone.locator("#tracking-code").inner_text())
    assert "Received" in phone.locator(".now").inner_text()
    feedback = Feedback.objects.get()
    assert feedback.other_service == "Copy of a house registration" and feedback.language == "en"
    assert feedback.has_contact


def test_a_mistake_is_explained_and_the_answers_stay(phone, live_server, points):
    open_form(phone, live_server, points["counter"], language="en")
    phone.select_option("#process", label="Applying for tap water")
    rate(phone, "rating_overall", 4)
    phone.fill("#fee_paid", "five hundred")
    phone.fill("#comment", "Quick service")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_load_state()
    assert "Enter the fee as a number of baht" in phone.locator("#fee_paid-err").inner_text()
    assert phone.input_value("#comment") == "Quick service"
    assert phone.is_checked("#rating_overall-4")
    screenshot(phone, "feedback-error-en-360")
    no_axe_violations(phone)
    phone.fill("#fee_paid", "500")
    phone.get_by_role("button", name="Send").click()
    phone.wait_for_url(re.compile(r"/track/"))
    assert Feedback.objects.count() == 1


def test_a_client_that_ignores_the_length_limits_is_told_next_to_each_answer(phone, live_server, points):
    open_form(phone, live_server, points["counter"])
    phone.select_option("#process", index=1)
    rate(phone, "rating_overall", 3)
    # An old browser or a script does not honour maxlength; the server says what to shorten.
    phone.evaluate("document.querySelectorAll('[maxlength]').forEach(e => e.removeAttribute('maxlength'))")
    phone.fill("#comment", "ก" * 2001)
    phone.fill("#contact_name", "ข" * 201)
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()
    phone.wait_for_load_state()
    assert "ไม่เกิน 2000 ตัวอักษร" in phone.locator("#comment-err").inner_text()
    assert "ไม่เกิน 200 ตัวอักษร" in phone.locator("#contact_name-err").inner_text()
    assert phone.get_attribute("#comment", "aria-invalid") == "true"
    assert len(phone.input_value("#comment")) == 2001  # nothing typed is lost
    screenshot(phone, "feedback-too-long-th-360")
    no_axe_violations(phone)
    assert Feedback.objects.count() == 0


def test_an_answer_sent_offline_is_kept_and_sent_once_when_the_network_returns(phone, live_server, points):
    open_form(phone, live_server, points["counter"])
    phone.select_option("#process", label="การขออนุญาตก่อสร้างอาคาร")
    rate(phone, "rating_overall", 3)
    phone.fill("#comment", "ส่งตอนไม่มีสัญญาณ")
    phone.context.set_offline(True)
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()
    notice = phone.locator("#offline")
    notice.wait_for(state="visible")
    assert "บันทึกไว้ในโทรศัพท์" in notice.inner_text()
    screenshot(phone, "feedback-offline-th-360")
    assert Feedback.objects.count() == 0
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()  # an impatient second tap, still offline
    phone.context.set_offline(False)
    phone.wait_for_url(re.compile(r"/track/"), timeout=15000)
    code = phone.locator("#tracking-code").inner_text()
    assert CODE.match(code)
    phone.wait_for_timeout(6000)  # the page's retry timer would have sent a second copy by now
    feedback = Feedback.objects.get()
    assert feedback.tracking_code == code.replace("-", "") and feedback.comment == "ส่งตอนไม่มีสัญญาณ"
    assert phone.evaluate("localStorage.getItem('siang-feedback-queue')") == "[]"


def test_keyboard_only(browser, live_server, points):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        open_form(page, live_server, points["counter"], language="en")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # the language switch is before main; the first field is next
        while page.evaluate("document.activeElement.id") != "process":
            page.keyboard.press("Tab")
        page.keyboard.press("ArrowDown")  # "Choose…" → the first service
        assert page.input_value("#process") == str(points["water"].pk)
        while page.evaluate("document.activeElement.name") != "rating_overall":
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")  # 1 → 2
        outline = page.evaluate(
            "getComputedStyle(document.querySelector('label[for=\"rating_overall-2\"]')).outlineStyle"
        )
        assert outline == "solid"  # the focused choice is visible
        screenshot(page, "feedback-keyboard-focus")
        while page.evaluate("document.activeElement.id") != "asked_money":
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        while page.evaluate("document.activeElement.type") != "submit":
            page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/track/"))
        feedback = Feedback.objects.get()
        assert feedback.rating_overall == 2 and feedback.asked_money and feedback.process == points["water"]
    finally:
        context.close()


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_citizen_page_passes_axe(phone, desktop, live_server, points, language):
    for page in (phone, desktop):
        open_form(page, live_server, points["board"], language=language)
        no_axe_violations(page)
    screenshot(desktop, f"feedback-form-{language}-desktop")
    desktop.select_option("#process", index=1)
    rate(desktop, "rating_overall", 5)
    desktop.get_by_role("button", name="ส่งแบบประเมิน" if language == "th" else "Send").click()
    desktop.wait_for_url(re.compile(r"/track/"))
    no_axe_violations(desktop)
    for url in (
        reverse("feedback_track_lookup"),
        reverse("feedback_track_lookup") + "?code=ZZZZ-ZZZZ",
        reverse("feedback_form", args=["nosuchtoken1"]),
    ):
        phone.goto(live_server.url + url)
        no_axe_violations(phone)
    screenshot(phone, f"feedback-unknown-{language}-360")


def test_usable_at_320_px(browser, live_server, points):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_form(page, live_server, points["board"])
        assert fits_the_screen(page)
        screenshot(page, "feedback-form-th-320")
    finally:
        context.close()


def test_a_corruption_report_reaches_pacc_and_no_unit_screen(browser, phone, live_server, points, personas):
    from tests.catalog.test_browser import signed_in

    open_form(phone, live_server, points["counter"])
    phone.select_option("#process", label="การขออนุญาตใช้น้ำประปา")
    rate(phone, "rating_overall", 1)
    phone.locator("label[for='asked_money']").click()
    phone.fill("#benefit_details", "ขอเงินใต้โต๊ะสองพันบาท")
    phone.fill("#contact_name", "ผู้แจ้งลับ")
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()
    phone.wait_for_url(re.compile(r"/track/"))

    context, pacc = signed_in(browser, live_server.url, personas["pacc"], width=1280)
    try:
        pacc.goto(live_server.url + reverse("casework_queue"))
        assert "Phrae Town Municipality" in pacc.content() or "เทศบาลเมืองแพร่" in pacc.content()
        screenshot(pacc, "feedback-signal-in-pacc-queue")
    finally:
        context.close()
    context, admin = signed_in(browser, live_server.url, personas["admin_a"], width=1280)
    try:
        response = admin.goto(live_server.url + reverse("casework_queue"))
        assert response.status in {403, 404}
        for url in (reverse("account_home"), reverse("unit_detail", args=[points["unit"].pk])):
            admin.goto(live_server.url + url)
            html = admin.content()
            assert "ขอเงินใต้โต๊ะ" not in html and "ผู้แจ้งลับ" not in html
    finally:
        context.close()
