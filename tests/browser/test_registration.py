"""The seed letters' registration procedure, walked in a real Chromium through the ThaiD sandbox.

A new person signs in, asks to be Admin of เทศบาลเมืองแพร่ with a correctly named PDF, PACC
approves, the person sees the Admin home; two Users ask and the new Admin approves them; a
third Admin application at the same unit is refused with a clear reason.
"""

from __future__ import annotations

import re

import pytest

from siang.accounts.models import Membership, MembershipStatus, Role
from siang.lib.citizen_id import with_check_digit
from tests.accounts.pdfs import pdf_bytes
from tests.browsers import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORDER_NAME = "เทศบาลเมืองแพร่_แพร่.pdf"


@pytest.fixture
def site(live_server, settings):
    settings.THAID_DISCOVERY_URL = live_server.url + "/thaid-sandbox/.well-known/openid-configuration"
    settings.SITE_URL = live_server.url
    return live_server.url


def sign_in_typed(page, site: str, *, name_th: str, citizen_id: str) -> None:
    page.goto(site + "/accounts/signin/")
    page.locator("form.signin-form button").click()
    manual = page.locator("form:has(input[name=action][value=manual])")
    manual.locator("#id_name_th").fill(name_th)
    manual.locator("#id_citizen_id").fill(citizen_id)
    manual.locator("button[type=submit]").click()


def sign_in_persona(page, site: str, name_th: str) -> None:
    page.goto(site + "/accounts/signin/")
    page.locator("form.signin-form button").click()
    page.get_by_role("button", name=re.compile(name_th)).click()
    page.wait_for_url(re.compile(r"/accounts/home/"))


def complete_profile(page, *, email: str, phone: str) -> None:
    page.wait_for_url(re.compile(r"/accounts/profile/"))
    page.get_by_label("อีเมล").fill(email)
    page.get_by_label("โทรศัพท์มือถือ").fill(phone)
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url(re.compile(r"/accounts/home/"))


def request_role(page, site: str, *, unit_query: str, role_link: str) -> None:
    page.goto(site + "/accounts/request/")
    page.get_by_label("ชื่อหน่วยบริการ").fill(unit_query)
    page.locator("main").get_by_role("button", name="ค้นหา").click()
    page.get_by_role("link", name=role_link).first.click()


def apply_for_admin(page, site: str, order, *, listed: str) -> None:
    request_role(page, site, unit_query="เทศบาลเมืองแพร่", role_link="ขอเป็นผู้ดูแลระบบ")
    page.locator("input[type=file]").set_input_files(str(order))
    page.get_by_label("รายชื่อผู้ดูแลระบบตามคำสั่ง").fill(listed)
    page.get_by_role("button", name="ส่งถึง ป.ป.ท.").click()
    page.wait_for_url(re.compile(r"/accounts/home/"))


def pacc_decides(browser, site: str, *, unit_name: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_persona(page, site, "นางสาวศรีสุดา ตรงธรรม")
    page.get_by_role("link", name=re.compile("คำขอเป็นผู้ดูแลระบบที่รอตรวจสอบ")).click()
    page.get_by_role("link", name=unit_name).first.click()
    page.get_by_role("button", name="อนุมัติ", exact=True).click()
    return context, page


def test_the_registration_procedure_of_the_seed_letters(site, personas, browser, phone, tmp_path):
    order = tmp_path / ORDER_NAME
    order.write_bytes(pdf_bytes(pages=3))
    new_admin_id = with_check_digit("354010000101")

    # 1. A new person signs in with ThaiD, completes the profile and applies to be Admin.
    sign_in_typed(phone, site, name_th="นายสมชาย ใจซื่อ", citizen_id=new_admin_id)
    complete_profile(phone, email="somchai@phrae.example.go.th", phone="0891234567")
    apply_for_admin(phone, site, order, listed="นายสมชาย ใจซื่อ")
    assert "ขอเป็นผู้ดูแลระบบ" not in phone.url
    assert "รออนุมัติ" in phone.locator("main").inner_text()
    screenshot(phone, "walk-1-applied-360")

    # 2. PACC reviews the PDF beside the names and approves.
    pacc_context, pacc_page = pacc_decides(browser, site, unit_name="เทศบาลเมืองแพร่")
    assert "อนุมัติแล้ว" in pacc_page.locator(".messages").inner_text()
    screenshot(pacc_page, "walk-2-pacc-approved-desktop")

    # 3. The person sees the Admin home.
    phone.goto(site + "/accounts/home/")
    assert "ผู้ดูแลระบบของเทศบาลเมืองแพร่" in phone.locator("main").inner_text()
    screenshot(phone, "walk-3-admin-home-360")

    # 4. Two Users ask; the new Admin approves them.
    for number, name in (("354010000102", "นางสาวสุดา ขยัน"), ("354010000103", "นายวีระ ตั้งใจ")):
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        sign_in_typed(page, site, name_th=name, citizen_id=with_check_digit(number))
        complete_profile(page, email=f"{number}@phrae.example.go.th", phone="0861234567")
        request_role(page, site, unit_query="เทศบาลเมืองแพร่", role_link="ขอเป็นผู้ใช้งาน")
        page.get_by_role("button", name="ส่งคำขอ").click()
        page.wait_for_url(re.compile(r"/accounts/home/"))
        context.close()

    phone.goto(site + "/accounts/home/")
    phone.get_by_role("link", name=re.compile("คำขอเป็นผู้ใช้งานที่รอท่านพิจารณา")).click()
    for name in ("นางสาวสุดา ขยัน", "นายวีระ ตั้งใจ"):
        item = phone.locator("li", has_text=name)
        item.get_by_role("button", name="อนุมัติ", exact=True).click()
        assert "บันทึกผลการพิจารณาแล้ว" in phone.locator(".messages").inner_text()
    screenshot(phone, "walk-4-users-approved-360")
    approved_users = Membership.objects.filter(
        unit__dla_code="4540102",
        role=Role.UNIT_USER,
        status=MembershipStatus.APPROVED,
        user__name_th__in=["นางสาวสุดา ขยัน", "นายวีระ ตั้งใจ"],
    )
    assert approved_users.count() == 2

    # 5. The unit now has 2 Admins: a third application is refused with a clear reason.
    third = browser.new_context(viewport={"width": 360, "height": 740})
    third_page = third.new_page()
    sign_in_typed(third_page, site, name_th="นายเกิน โควตา", citizen_id=with_check_digit("354010000104"))
    complete_profile(third_page, email="koen@phrae.example.go.th", phone="0871234567")
    apply_for_admin(third_page, site, order, listed="นายเกิน โควตา")
    third.close()

    pacc_page.goto(site + "/pacc/applications/")
    pacc_page.get_by_role("link", name="เทศบาลเมืองแพร่").first.click()
    assert "ครบ 2 คน" in pacc_page.locator(".flags").inner_text()
    pacc_page.get_by_role("button", name="อนุมัติ", exact=True).click()
    refusal = pacc_page.locator(".error-summary").inner_text()
    assert "มีผู้ดูแลระบบที่อนุมัติแล้ว 2 คน" in refusal
    screenshot(pacc_page, "walk-5-third-admin-refused-desktop")
    pacc_context.close()
    admins = Membership.objects.filter(
        unit__dla_code="4540102", role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED
    )
    assert admins.count() == 2
