"""The seed's unit setup, steps 2–4, in a real Chromium: departments, processes, review, publication.

The Admin adds two departments; a User enters one process from a library template and one by
hand (the "คู่มือ" name refused, the suggested name taken), submits both; the Admin returns one
with a comment and approves the other; the User fixes and resubmits; the Admin approves; the
unit's public page shows exactly the approved versions.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from siang.catalog import excel
from siang.catalog.models import RevisionStatus, ServiceProcess
from siang.catalog.process_library import load_library
from tests.browsers import ARTIFACTS, screenshot
from tests.catalog.helpers import fill_workbook, workbook_row

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ELDERLY = "การขอรับเงินเบี้ยยังชีพผู้สูงอายุ"
WATER = "การขออนุญาตใช้น้ำประปา"
EXCAVATION = "การแจ้งการขุดดิน"


def signed_in(browser, site: str, user, *, width: int):
    """A browser context signed in as `user` (the session of a test client's force_login), in English."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    if width <= 360:
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
        )
    else:
        context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site},
            {"name": "siang_lang", "value": "en", "url": site},
        ]
    )
    return context, context.new_page()


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def messages(page) -> str:
    return page.locator(".messages").inner_text()


def fill_row(page, prefix: str, **values: str) -> None:
    for key, value in values.items():
        page.locator(f"#id_{prefix}-{key}").fill(value)


def _completeness_of(page, catalogue_url: str, name: str) -> str:
    page.goto(catalogue_url)
    page.get_by_role("link", name=name).click()
    return page.locator(".completeness").inner_text()


def test_a_unit_sets_up_its_catalogue_and_citizens_see_only_what_is_approved(
    live_server, phrae, personas, library, browser, tmp_path
):
    site = live_server.url
    load_library(library)
    unit = phrae["units"]["a"]
    catalogue_url = f"{site}/unit/{unit.pk}/catalogue/"

    # 1. The Admin adds the departments that serve the public.
    admin_context, admin = signed_in(browser, site, personas["admin_a"], width=1280)
    admin.goto(f"{site}/unit/{unit.pk}/catalogue/departments/")
    for sequence, name in (("1", "สำนักปลัดเทศบาล"), ("2", "กองช่าง")):
        admin.get_by_label("Sequence number").fill(sequence)
        admin.get_by_label("Name (Thai)").fill(name)
        admin.get_by_role("button", name="Add the department").click()
        assert f"Added “{name}”." in messages(admin)
    admin.get_by_label("Sequence number").fill("2")
    admin.get_by_label("Name (Thai)").fill("กองคลัง")
    admin.get_by_role("button", name="Add the department").click()
    assert (
        "Number 2 is already used by “กองช่าง” in this unit." in admin.locator(".error-summary").inner_text()
    )
    screenshot(admin, "catalogue-1-departments-desktop")

    # 2. A User starts the water-supply process from the library template, on a phone.
    user_context, phone = signed_in(browser, site, personas["user_a"], width=360)
    phone.goto(catalogue_url)
    phone.get_by_role("link", name="Add a process", exact=True).click()
    phone.get_by_label("Department").select_option(label="2. กองช่าง")
    phone.get_by_label("Start from").select_option(label=WATER)
    phone.get_by_role("button", name="Create the draft").click()
    phone.wait_for_url(re.compile(r"/edit/$"))
    assert phone.get_by_label("Process name (Thai)").input_value() == WATER
    assert "Nothing is missing" in phone.locator(".completeness").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "catalogue-2-editor-from-template-360")
    phone.get_by_role("button", name="Save draft").first.click()

    # 3. … and the old-age allowance by hand: the manual word is refused, the corrected name offered.
    phone.goto(catalogue_url)
    phone.get_by_role("link", name="Add a process", exact=True).click()
    phone.get_by_label("Department").select_option(label="1. สำนักปลัดเทศบาล")
    phone.get_by_label("Process name (Thai)").fill(f"คู่มือสำหรับประชาชน: {ELDERLY}")
    phone.get_by_role("button", name="Create the draft").click()
    assert f"Suggested name: “{ELDERLY}”" in phone.locator(".field-error").inner_text()
    assert phone.get_by_label("Process name (Thai)").input_value() == ELDERLY
    phone.get_by_role("button", name="Create the draft").click()
    phone.wait_for_url(re.compile(r"/edit/$"))
    assert "7 things are missing" in phone.locator(".completeness").inner_text()
    phone.get_by_label("Category").select_option(label="Enrolment")
    fill_row(phone, "legal_bases-0", th="ระเบียบกระทรวงมหาดไทยว่าด้วยหลักเกณฑ์การจ่ายเงินเบี้ยยังชีพผู้สูงอายุ พ.ศ. 2552")
    fill_row(phone, "channels-0", place_th="สำนักปลัดเทศบาล ชั้น 1", hours_th="จันทร์–ศุกร์ 08.30–16.30 น.")
    fill_row(phone, "steps-0", th="ยื่นคำขอลงทะเบียน", duration_th="15 นาที", duration_minutes="15")
    phone.evaluate("window.stillThisPage = true")
    refused: list[str] = []
    phone.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security" in message.text else None,
    )
    # With JavaScript, htmx saves and swaps in the steps with one more empty row, without leaving the page
    # (without it, the same button saves and reloads the editor: tests/catalog/test_views.py).
    phone.get_by_role("button", name="Add a step").click()
    phone.locator("#id_steps-1-th").wait_for()
    assert phone.evaluate("window.stillThisPage === true")
    assert refused == []  # htmx runs under the strict CSP: no inline style, no eval
    fill_row(phone, "steps-1", th="ตรวจสอบคุณสมบัติและแจ้งผล", duration_th="1 วันทำการ")
    phone.get_by_label("Total processing time (Thai)").fill("1 วันทำการ")
    fill_row(phone, "documents-0", name_th="บัตรประจำตัวประชาชน", originals="1", copies="1")
    phone.get_by_label("No fee: this service is free of charge").check()
    fill_row(phone, "complaint_channels-0", th="เทศบาลเมืองแพร่ โทร 0 5451 1011")
    phone.get_by_role("button", name="Save draft").first.click()
    assert "Nothing is missing" in phone.locator(".completeness").inner_text()
    assert "Saved." in messages(phone)
    screenshot(phone, "catalogue-3-process-by-hand-360")

    # 3b. A third process arrives by Excel: the blank workbook, filled in, uploaded.
    workbook = tmp_path / "catalogue.xlsx"
    blank = excel.blank_workbook(unit)
    workbook.write_bytes(
        fill_workbook(
            blank,
            [workbook_row(2, 2, EXCAVATION, no_fee="ใช่", category="notification")],
            legal_bases=[[2, 2, "พระราชบัญญัติการขุดดินและถมดิน พ.ศ. 2543", ""]],
            channels=[[2, 2, "กองช่าง เทศบาลเมืองแพร่", "", "จันทร์–ศุกร์ 08.30–16.30 น.", ""]],
            steps=[[2, 2, "ยื่นแบบแจ้งการขุดดินและรับใบรับแจ้ง", "", "1 วัน", "", 480, "กองช่าง", ""]],
            documents=[[2, 2, "แบบแจ้งการขุดดิน (แบบ ขด.1)", "", "กองช่าง", "", 1, 0, "", ""]],
            complaint_channels=[[2, 2, "สายด่วน ป.ป.ท. 1206", "PACC hotline 1206"]],
        )
    )
    phone.goto(catalogue_url + "import/")
    phone.locator("input[type=file]").set_input_files(str(workbook))
    phone.get_by_role("button", name="Import", exact=True).click()
    assert "1 processes were imported as drafts" in messages(phone)
    assert "Nothing is missing" in _completeness_of(phone, catalogue_url, EXCAVATION)

    # 4. The User submits all three from the catalogue.
    phone.goto(catalogue_url)
    phone.get_by_label(f"Select “{WATER}” to submit").check()
    phone.get_by_label(f"Select “{ELDERLY}” to submit").check()
    phone.get_by_label(f"Select “{EXCAVATION}” to submit").check()
    phone.get_by_role("button", name="Submit the ticked processes for review").click()
    assert "Sent to the Admin for review" in messages(phone)
    assert fits_the_screen(phone)
    screenshot(phone, "catalogue-4-submitted-360")

    # 5. The Admin returns the water supply with a comment and approves the allowance.
    admin.goto(catalogue_url + "review/")
    admin.get_by_role("link", name=WATER).click()
    assert "A new process: nothing of it is approved yet." in admin.locator("main").inner_text()
    screenshot(admin, "catalogue-5-review-new-desktop")
    admin.get_by_label("What needs to change").fill("ระบุค่าประกันมาตรวัดน้ำตามขนาดมาตร ½ นิ้ว และ ¾ นิ้ว")
    admin.get_by_role("button", name="Return with this comment").click()
    assert "Returned. The User is told your comment." in messages(admin)
    admin.get_by_role("link", name=ELDERLY).click()
    admin.get_by_role("button", name="Approve and publish").click()
    assert "Approved. Citizens now see this version." in messages(admin)
    admin.goto(catalogue_url + "review/")
    admin.get_by_role("link", name=EXCAVATION).click()
    admin.get_by_role("button", name="Approve and publish").click()
    assert "Approved. Citizens now see this version." in messages(admin)

    # 6. The User sees the comment, fixes the fees and sends it again.
    phone.goto(catalogue_url)
    assert "ระบุค่าประกันมาตรวัดน้ำ" in phone.locator("main").inner_text()
    phone.get_by_role("link", name=WATER).click()
    assert "The Admin returned revision 1" in phone.locator("main").inner_text()
    phone.get_by_role("link", name="Edit", exact=True).click()
    fill_row(phone, "fees-0", th="ค่าประกันมาตรวัดน้ำ ขนาด ½ นิ้ว", amount="500")
    phone.get_by_role("button", name="Add a fee").click()
    fill_row(phone, "fees-1", th="ค่าประกันมาตรวัดน้ำ ขนาด ¾ นิ้ว", amount="1000")
    phone.get_by_role("button", name="Save and submit for review").click()
    assert "Sent to the Admin for review" in messages(phone)

    # 7. The Admin compares with nothing live yet, and approves from the queue.
    admin.goto(catalogue_url + "review/")
    admin.get_by_label(f"Select “{WATER}” to approve").check()
    admin.get_by_role("button", name="Approve the ticked processes").click()
    assert f"Approved and published: {WATER}." in messages(admin)

    # 8. A citizen sees exactly the approved versions.
    citizen_context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    citizen = citizen_context.new_page()
    citizen.goto(f"{site}/units/{unit.pk}/")
    services = citizen.locator(".unit-services")
    assert services.locator("h3").all_inner_texts() == ["สำนักปลัดเทศบาล", "กองช่าง"]
    assert services.locator(".service-list a").all_inner_texts() == [ELDERLY, WATER, EXCAVATION]
    screenshot(citizen, "catalogue-6-public-unit-360")
    services.get_by_role("link", name=WATER).click()
    manual = citizen.locator("main").inner_text()
    assert "ค่าประกันมาตรวัดน้ำ ขนาด ¾ นิ้ว" in manual and "1,000" in manual
    assert fits_the_screen(citizen)
    screenshot(citizen, "catalogue-7-manual-360")

    desktop_context = browser.new_context(viewport={"width": 1280, "height": 900})
    desktop_page = desktop_context.new_page()
    desktop_page.goto(citizen.url)
    screenshot(desktop_page, "catalogue-8-manual-desktop")
    desktop_page.emulate_media(media="print")
    assert desktop_page.locator(".site-header").is_hidden()
    screenshot(desktop_page, "catalogue-9-manual-print")
    pdf = desktop_page.pdf(format="A4", print_background=False)
    (ARTIFACTS / "catalogue-manual-a4.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2, "the manual should print on one or two A4 pages"

    water = ServiceProcess.objects.get(department__name_th="กองช่าง", sequence=1)
    assert water.live_revision.status == RevisionStatus.APPROVED and water.live_revision.number == 2
    assert water.draft_revision is None
    assert [f["amount"] for f in water.live_revision.fees] == [500, 1000]
    for context in (admin_context, user_context, citizen_context, desktop_context):
        context.close()
