"""The compliance chase in a real Chromium: PACC drills into Phrae and downloads the official list;
a unit's Admin sees what is left. Screenshots at 360 px and on a desktop (test-artifacts/)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook

from tests.browsers import screenshot
from tests.reporting.compliance_helpers import set_up_unit_a

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, site: str, user, *, width: int):
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    if width <= 360:
        context = browser.new_context(
            viewport={"width": 360, "height": 740},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            accept_downloads=True,
        )
    else:
        context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])
    return context, context.new_page()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [360, 1280])
def test_pacc_drills_into_phrae_and_downloads_the_no_admin_list(browser, live_server, phrae, personas, width):
    set_up_unit_a(phrae, personas)
    context, page = signed_in(browser, live_server.url, personas["pacc"], width=width)
    page.goto(f"{live_server.url}/compliance/")
    assert page.locator("h1").inner_text().endswith("ทั้งประเทศ")
    screenshot(page, f"compliance_nation_{width}")
    page.get_by_role("link", name="แพร่", exact=True).click()
    assert "จังหวัดแพร่" in page.locator("h1").inner_text()
    assert page.locator("svg.chart-funnel").is_visible()
    assert fits_the_screen(page)
    screenshot(page, f"compliance_province_{width}")
    page.locator("table.compliance-steps a[href$='/admin_approved/']").click()
    assert "ยังไม่มีผู้ดูแลระบบ (Admin) ที่ได้รับอนุมัติ" in page.locator("h1").inner_text()
    rows = page.locator("table.compliance-units tbody tr")
    assert rows.count() == 3
    assert fits_the_screen(page)
    screenshot(page, f"compliance_units_{width}")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="ดาวน์โหลด PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as xlsx:
        page.get_by_role("link", name="ดาวน์โหลด Excel").click()
    sheet = load_workbook(io.BytesIO(Path(xlsx.value.path()).read_bytes())).active
    assert [sheet.cell(row=r, column=2).value for r in (6, 7, 8)] == [
        "องค์การบริหารส่วนจังหวัดแพร่",
        "องค์การบริหารส่วนตำบลร่องฟอง",
        "องค์การบริหารส่วนตำบลบ้านปิน",
    ]
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_unit_admin_sees_the_steps_left_with_links(browser, live_server, phrae, personas, width):
    unit = phrae["units"]["b"]
    context, page = signed_in(browser, live_server.url, personas["admin_b"], width=width)
    page.goto(f"{live_server.url}/unit/{unit.pk}/steps/")
    assert "เทศบาลตำบลทุ่งกวาว" in page.locator("h1").inner_text()
    assert page.locator(".unit-step.is-done").count() == 2
    assert fits_the_screen(page)
    screenshot(page, f"compliance_unit_steps_{width}")
    page.locator(".unit-step.is-todo a", has_text="ไปยังขั้นตอนนี้").nth(2).click()  # departments
    assert page.url.endswith(f"/unit/{unit.pk}/catalogue/departments/")
    context.close()
