"""Done when (issue 18): a citizen's comment "เจ้าหน้าที่บอกว่าต้องมีค่าน้ำร้อนน้ำชา", with no box
ticked, reaches PACC's queue as a signal with its evidence, in a real Chromium; the unit's
dashboard, its comment list and its export never show it."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from siang.casework.models import Signal, SignalKind
from tests.browsers import screenshot
from tests.casework.helpers import default_lexicon
from tests.catalog.test_browser import fits_the_screen, signed_in
from tests.feedback.helpers import build_points, make_feedback

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "เจ้าหน้าที่บอกว่าต้องมีค่าน้ำร้อนน้ำชา"


@pytest.fixture
def points(phrae, personas, settings):
    settings.FEEDBACK_MIN_SECONDS = 0  # a robot answers faster than a person
    default_lexicon()
    return build_points(phrae, personas)


def test_a_comment_that_describes_a_bribe_reaches_pacc_and_never_the_unit(
    live_server, browser, phone, points, personas, tmp_path
):
    site, point, water = live_server.url, points["counter"], points["water"]
    today = timezone.localdate()
    for number in range(5):  # enough responses for the unit to see this service's comments
        make_feedback(
            point, code=f"PLAIN{number:03d}", process=water, visit_date=today, comment=f"บริการดี ครั้งที่ {number}"
        )

    # The citizen ticks no box and writes it in the comment.
    phone.context.add_cookies([{"name": "siang_lang", "value": "th", "url": site}])
    phone.goto(site + reverse("feedback_form", args=[point.token]))
    phone.select_option("#process", label="การขออนุญาตใช้น้ำประปา")
    for name, value in (("rating_overall", 2), ("rating_steps", 3), ("rating_courtesy", 2)):
        phone.locator(f"label[for='{name}-{value}']").click()
    phone.fill("#comment", COMMENT)
    phone.get_by_role("button", name="ส่งแบบประเมิน").click()
    phone.wait_for_url(re.compile(r"/track/"))
    signal = Signal.objects.get(feedback__comment=COMMENT)
    assert signal.kind == SignalKind.COMMENT

    # PACC's queue: a case "described in the comment", with the words that raised it.
    context, desktop = signed_in(browser, site, personas["pacc"], width=1280)
    desktop.goto(f"{site}/pacc/cases/")
    row = desktop.locator(".case-row", has_text="Described in the comment")
    assert row.count() == 1
    assert "ค่าน้ำร้อนน้ำชา" in row.locator(".evidence").inner_text()
    screenshot(desktop, "comment-signal-queue-desktop")
    row.get_by_role("link").click()
    assert "ค่าน้ำร้อนน้ำชา" in desktop.locator("article.signal").inner_text()
    assert COMMENT in desktop.locator("article.signal").inner_text()
    context.close()
    context, pacc_phone = signed_in(browser, site, personas["pacc"], width=360)
    pacc_phone.goto(f"{site}/pacc/cases/")
    assert fits_the_screen(pacc_phone)
    screenshot(pacc_phone, "comment-signal-queue-360")
    context.close()

    # The unit: its dashboard and comment list show the other comments, never this one.
    unit = point.unit
    context, staff = signed_in(browser, site, personas["admin_a"], width=1280)
    staff.goto(f"{site}/unit/{unit.pk}/dashboard/")
    comments = staff.locator(".dash-comments").inner_text()
    assert "บริการดี ครั้งที่ 4" in comments
    assert "ค่าน้ำร้อนน้ำชา" not in staff.content()
    screenshot(staff, "comment-signal-unit-dashboard-desktop")

    # …nor its export of responses.
    staff.goto(f"{site}/unit/{unit.pk}/exports/")
    staff.get_by_role("button", name="Export Responses (CSV)").click()
    download_link = staff.get_by_role("link", name="Download")
    download_link.wait_for(timeout=15000)
    with staff.expect_download() as download:
        download_link.click()
    path = tmp_path / "responses.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 6
    assert "บริการดี ครั้งที่ 0" in {row["Comment"] for row in rows}
    assert not any("ค่าน้ำร้อนน้ำชา" in value for row in rows for value in row.values())
    context.close()


def test_pacc_extends_the_lexicon_in_the_app_and_the_change_is_audited(live_server, browser, phrae, personas):
    from siang.audit.models import AuditEvent

    default_lexicon()
    site = live_server.url
    context, desktop = signed_in(browser, site, personas["pacc"], width=1280)
    desktop.goto(f"{site}/pacc/cases/")
    desktop.get_by_role("link", name="Lexicon of comment signals").click()
    desktop.get_by_label("Word or phrase").fill("ก")
    desktop.get_by_role("button", name="Add to the lexicon").click()
    assert "at least two letters" in desktop.locator(".field-error").inner_text()
    assert desktop.get_by_label("Word or phrase").input_value() == "ก", "what was typed is kept"
    screenshot(desktop, "lexicon-refused-desktop")
    desktop.get_by_label("Word or phrase").fill("ค่าปากถุง")
    desktop.get_by_role("button", name="Add to the lexicon").click()
    assert "“ค่าปากถุง” was added to the lexicon." in desktop.locator(".messages").inner_text()
    desktop.get_by_role("link", name="ค่าปากถุง").click()
    desktop.get_by_label("In use").uncheck()
    desktop.get_by_role("button", name="Save a new version").click()
    assert "Version 2" in desktop.locator("main").inner_text()
    screenshot(desktop, "lexicon-term-desktop")
    context.close()
    assert list(
        AuditEvent.objects.filter(action__startswith="casework.lexicon.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["casework.lexicon.add", "casework.lexicon.change"]

    context, phone = signed_in(browser, site, personas["pacc"], width=360)
    context.add_cookies([{"name": "siang_lang", "value": "th", "url": site}])
    phone.goto(f"{site}/pacc/lexicon/")
    assert fits_the_screen(phone)
    screenshot(phone, "lexicon-th-360")
    context.close()
