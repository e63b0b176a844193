"""The home page and a unit page on a 360 px phone: Thai text, search, the language switch."""

from __future__ import annotations

import pytest

from tests.browsers import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_citizen_finds_a_unit_on_a_phone_and_switches_language(live_server, phrae, phone):
    phone.goto(live_server.url + "/")
    heading = phone.get_by_role("heading", level=1)
    assert heading.inner_text() == "บอกเราว่าได้รับบริการอย่างไร"
    assert phone.evaluate("document.fonts.check('16px Sarabun')")
    assert phone.evaluate("document.fonts.status") == "loaded"
    assert _fits_the_screen(phone)
    screenshot(phone, "home-360-th")

    phone.get_by_label("ค้นหาหน่วยบริการจากชื่อ").fill("อบต. ร่อง\u200bฟอง")
    phone.get_by_role("button", name="ค้นหา").click()
    phone.get_by_role("link", name="องค์การบริหารส่วนตำบลร่องฟอง").click()

    assert phone.get_by_role("heading", level=1).inner_text() == "องค์การบริหารส่วนตำบลร่องฟอง"
    assert "องค์การบริหารส่วนตำบล" in phone.locator(".facts").inner_text()
    assert _fits_the_screen(phone)
    screenshot(phone, "unit-360-th")
    unit_url = phone.url

    phone.get_by_role("link", name="English").click()
    assert phone.url == unit_url
    assert phone.locator("html").get_attribute("lang") == "en"
    assert "Subdistrict Administrative Organization" in phone.locator(".facts").inner_text()
    assert phone.get_by_role("link", name="Find a unit").is_visible()
    screenshot(phone, "unit-360-en")

    phone.get_by_role("link", name="ภาษาไทย").click()
    assert phone.locator("html").get_attribute("lang") == "th"


def test_keyboard_user_can_skip_to_the_content(live_server, phrae, desktop):
    desktop.goto(live_server.url + "/")
    desktop.keyboard.press("Tab")
    focused = desktop.evaluate("document.activeElement.textContent.trim()")
    assert focused == "ข้ามไปยังเนื้อหาหลัก"
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("location.hash") == "#main"
    screenshot(desktop, "home-desktop-th")
