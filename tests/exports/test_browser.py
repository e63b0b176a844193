"""Exports in a real Chromium: the page refreshes itself (no JavaScript) until the file is ready.

The export runs in a background thread, as it does on the embedded default.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.conf import settings
from django.test import Client

from siang.audit.models import AuditEvent
from siang.exports.models import ExportJob, ExportStatus
from tests.browsers import screenshot
from tests.casework.helpers import make_feedback
from tests.casework.test_browser import no_axe_violations
from tests.catalog.test_browser import fits_the_screen, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _cookies(site: str, user) -> list[dict]:
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [
        {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site},
        {"name": "siang_lang", "value": "en", "url": site},
    ]


@pytest.fixture(autouse=True)
def _threaded(settings):
    settings.EXPORTS_RUNNER = "thread"
    settings.EXPORTS_CHUNK_SIZE = 25


def test_a_unit_admin_exports_responses_and_downloads_them(live_server, phrae, personas, browser, tmp_path):
    site, unit, staff = live_server.url, phrae["units"]["a"], personas["admin_a"]
    for _ in range(120):
        make_feedback(unit, staff)
    make_feedback(phrae["units"]["b"], staff)

    # A job caught half-way shows its progress and refreshes by itself until it is done.
    running = ExportJob.objects.create(
        owner=staff, kind="responses_xlsx", unit=unit, status=ExportStatus.RUNNING, total=200, done=80
    )
    context, desktop = signed_in(browser, site, staff, width=1280)
    desktop.goto(f"{site}/exports/{running.pk}/")
    assert "80 of 200 rows (40%)" in desktop.locator(".export-progress").inner_text()
    no_axe_violations(desktop)
    screenshot(desktop, "exports-progress-desktop")
    desktop.evaluate("window.samePage = true")
    ExportJob.objects.filter(pk=running.pk).update(done=160)
    desktop.get_by_text("160 of 200 rows (80%)").wait_for(timeout=6000)
    assert desktop.evaluate("window.samePage === true"), "updated in place, not reloaded"
    assert desktop.locator("progress").get_attribute("value") == "160"

    context.close()

    # Without JavaScript, the page reloads itself instead.
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    context.add_cookies(_cookies(site, staff))
    plain = context.new_page()
    plain.goto(f"{site}/exports/{running.pk}/")
    ExportJob.objects.filter(pk=running.pk).update(done=180)
    plain.get_by_text("180 of 200 rows (90%)").wait_for(timeout=6000)
    context.close()

    context, phone = signed_in(browser, site, staff, width=360)
    phone.goto(f"{site}/exports/{running.pk}/")
    assert fits_the_screen(phone)
    screenshot(phone, "exports-progress-360")

    phone.goto(f"{site}/unit/{unit.pk}/exports/")
    no_axe_violations(phone)
    screenshot(phone, "exports-unit-360")
    phone.get_by_role("button", name="Export Responses (CSV)").click()
    download_link = phone.get_by_role("link", name="Download")
    download_link.wait_for(timeout=15000)
    assert "The file is ready: 120 rows." in phone.locator(".export-progress").inner_text()
    assert fits_the_screen(phone)
    no_axe_violations(phone)
    screenshot(phone, "exports-done-360")
    with phone.expect_download() as download:
        download_link.click()
    path = tmp_path / "responses.csv"
    download.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 120 and {row["Unit"] for row in rows} == {"เทศบาลเมืองแพร่"}
    assert AuditEvent.objects.filter(action="export_download", actor=staff).count() == 1
    context.close()


def test_pacc_exports_a_province_as_excel(live_server, phrae, personas, browser):
    site = live_server.url
    for unit in phrae["units"].values():
        make_feedback(unit, personas["admin_a"])
    context, desktop = signed_in(browser, site, personas["pacc"], width=1280)
    desktop.goto(f"{site}/pacc/exports/")
    desktop.get_by_label("Province").select_option(label="Phrae")  # its English name, in English
    desktop.get_by_label("File").select_option(label="Responses (Excel)")
    desktop.get_by_role("button", name="Start the export").click()
    desktop.get_by_role("link", name="Download").wait_for(timeout=15000)
    assert "The file is ready: 5 rows." in desktop.locator(".export-progress").inner_text()
    screenshot(desktop, "exports-done-desktop")
    desktop.goto(f"{site}/pacc/exports/")
    assert "Ready" in desktop.locator(".export-jobs").inner_text()
    no_axe_violations(desktop)
    screenshot(desktop, "exports-pacc-desktop")
    context.close()
