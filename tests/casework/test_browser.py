"""A PACC officer works a signal from new to closed in a real Chromium, on a phone and a desktop."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe

from siang.audit.models import AuditEvent
from siang.casework.models import Case, CaseStatus, SignalKind
from siang.feedback.contact import seal_contact
from siang.feedback.models import TrackingStatus
from tests.browsers import screenshot
from tests.casework.helpers import make_signal
from tests.catalog.test_browser import fits_the_screen, messages, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_axe_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _signals(phrae, personas):
    staff = personas["admin_a"]
    contact = seal_contact({"name": "นางสาวสมใจ แจ้งจริง", "phone": "0891112222"})
    with time_machine.travel(dt.datetime(2026, 11, 2, 3, 0, tzinfo=dt.UTC)):
        old = make_signal(phrae["units"]["b"], staff, kind=SignalKind.OVERCHARGE, comment="จ่ายเกิน")
    first = make_signal(phrae["units"]["a"], staff, has_contact=True, contact_sealed=contact)
    make_signal(phrae["units"]["a"], staff, comment="ขอเงินอีกแล้ว", fee_paid=None)
    make_signal(phrae["units"]["pao"], staff, kind=SignalKind.DELAY, finished_in_time="longer")
    return old, first


def test_pacc_works_a_signal_from_new_to_closed(live_server, phrae, personas, browser):
    site = live_server.url
    old, first = _signals(phrae, personas)

    context, phone = signed_in(browser, site, personas["pacc"], width=360)
    phone.goto(f"{site}/pacc/cases/")
    assert Case.objects.count() == 3, "the queue attached the waiting signals"
    old.refresh_from_db(), first.refresh_from_db()
    rows = phone.locator(".case-row")
    assert rows.count() == 3
    assert "Overdue" in rows.first.inner_text()
    assert "Thung Kwao Subdistrict Municipality" in rows.first.inner_text()  # its English name, in English
    assert fits_the_screen(phone)
    no_axe_violations(phone)
    screenshot(phone, "casework-queue-360")

    phone.get_by_role("link", name=f"#{first.case_id} Asked for money, property or another benefit").click()
    assert phone.locator("h1").inner_text().startswith(f"Case #{first.case_id}")
    assert phone.locator("article.signal").count() == 2
    assert "0891112222" not in phone.content()
    phone.get_by_role("button", name="Start the review").click()
    assert "The case is under review" in messages(phone)
    first.feedback.refresh_from_db()
    assert first.feedback.status == TrackingStatus.UNDER_REVIEW

    phone.locator("summary", has_text="Show the reporter's contact").click()
    phone.get_by_role("button", name="Show the reporter's contact").click()
    assert "This field is required." in phone.locator(".signal .field-error").inner_text()
    phone.get_by_label("Why you need the reporter's contact").fill("ต้องการสอบถามรายละเอียดเพิ่มเติม")
    phone.get_by_role("button", name="Show the reporter's contact").click()
    assert "0891112222" in phone.locator(".revealed").inner_text()
    assert fits_the_screen(phone)
    no_axe_violations(phone)
    screenshot(phone, "casework-case-contact-360")
    assert AuditEvent.objects.filter(action="reporter_contact_revealed").count() == 1

    phone.get_by_label("New note").fill("โทรหาผู้แจ้งแล้ว ยืนยันว่าถูกเรียกเงิน 1,000 บาท")
    phone.get_by_role("button", name="Add the note").click()
    assert "0891112222" not in phone.content(), "the contact is gone on the next page"
    phone.locator("summary", has_text="Close the case").click()
    phone.get_by_label("Outcome").fill("ส่งเรื่องให้นายกเทศมนตรีสอบข้อเท็จจริง หน่วยคืนเงินแล้ว")
    phone.get_by_role("button", name="Close the case").click()
    assert "The case was closed" in messages(phone)
    assert Case.objects.get(pk=first.case_id).status == CaseStatus.CLOSED
    history = phone.locator(".case-history").inner_text()
    for event in ("Case opened", "Review started", "Reporter's contact shown", "Note", "Closed"):
        assert event in history
    context.close()

    context, desktop = signed_in(browser, site, personas["pacc"], width=1280)
    desktop.goto(f"{site}/pacc/cases/?status=&overdue=")
    screenshot(desktop, "casework-queue-desktop")
    no_axe_violations(desktop)
    desktop.goto(f"{site}/pacc/cases/{old.case_id}/")
    no_axe_violations(desktop)
    screenshot(desktop, "casework-case-desktop")
    desktop.goto(f"{site}/pacc/cases/{first.case_id}/")
    screenshot(desktop, "casework-case-closed-desktop")
    context.add_cookies([{"name": "siang_lang", "value": "th", "url": site}])
    desktop.goto(f"{site}/pacc/cases/")
    assert desktop.locator("h1").inner_text() == "เรื่องที่ต้องตรวจสอบ"
    screenshot(desktop, "casework-queue-th-desktop")
    desktop.goto(f"{site}/pacc/cases/{old.case_id}/")
    no_axe_violations(desktop)
    screenshot(desktop, "casework-case-th-desktop")
    context.close()
