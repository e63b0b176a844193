"""The seed's unit setup, steps 5–6, in a real Chromium: QR codes posted, photographed, checked by PACC.

The Admin adds three service points, downloads a poster and the unit's ZIP, and reports each
installation with photos — the third with the same photo as the first. PACC sees that photo
flagged, rejects that report with a reason and verifies the others. The QR code on the
downloaded poster, read from its rendered image, opens the citizen form of that service point.
"""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import NoReverseMatch, reverse

from siang.servicepoints import qr
from siang.servicepoints.models import InstallationReport, ServicePoint
from tests.browsers import screenshot
from tests.catalog.test_browser import fits_the_screen, messages, signed_in
from tests.servicepoints import helpers
from tests.servicepoints.decode import pdf_pages, qr_texts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_axe_violations(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def _photo_file(tmp_path, seed: int, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(helpers.jpeg(seed, exif=helpers.gps_exif()).read())
    return str(path)


def _add_point(
    page, site: str, unit_id: int, *, placement: str, department: str = "", label: str = ""
) -> None:
    page.goto(f"{site}/unit/{unit_id}/service-points/new/")
    page.get_by_label(placement, exact=True).check()
    if department:
        page.get_by_label("Department").select_option(label=department)
    page.get_by_label("Where exactly").fill(label)
    page.get_by_role("button", name="Add and make its QR code").click()
    assert "Download its QR code below" in messages(page)


def _report(page, site: str, point: ServicePoint, files: list[str], where: str) -> None:
    page.goto(f"{site}{reverse('servicepoint_installation', args=[point.unit_id, point.pk])}")
    page.get_by_label("Where it is posted").fill(where)
    page.get_by_label("Installed on").fill("2026-11-20")
    page.get_by_label("Photos (1–5)").set_input_files(files)
    page.get_by_role("button", name="Send to PACC").click()
    assert "Sent to PACC" in messages(page)


def test_the_admin_posts_codes_reports_them_and_pacc_checks_them(
    live_server, phrae, personas, browser, tmp_path
):
    site = live_server.url
    unit = phrae["units"]["a"]
    helpers.department(unit, sequence=1, name_th="สำนักปลัดเทศบาล", name_en="Office of the Clerk")
    helpers.department(unit, sequence=2, name_th="กองการประปา", name_en="Waterworks Division")
    list_url = f"{site}/unit/{unit.pk}/service-points/"

    # 1. The Admin adds three service points: two counters and the PR board.
    admin_context, admin = signed_in(browser, site, personas["admin_a"], width=1280)
    _add_point(
        admin, site, unit.pk, placement="Service counter", department="2. กองการประปา", label="ชั้น 1 ช่องที่ 2"
    )
    _add_point(admin, site, unit.pk, placement="Service counter", department="1. สำนักปลัดเทศบาล", label="ชั้น 1")
    _add_point(admin, site, unit.pk, placement="PR board", label="บอร์ดหน้าสำนักงาน")
    screenshot(admin, "servicepoints-1-detail-desktop")
    no_axe_violations(admin)
    water, clerk, board = ServicePoint.objects.filter(unit=unit).order_by("pk")
    admin.goto(list_url)
    assert admin.locator(".sp-point").count() == 3
    assert qr.citizen_url(water) in admin.locator(".sp-points").inner_text()
    screenshot(admin, "servicepoints-2-list-desktop")
    no_axe_violations(admin)

    # 2. … downloads the water counter's poster and the unit's ZIP.
    water_row = admin.locator(".sp-point", has_text="กองการประปา")
    with admin.expect_download() as poster_download:
        water_row.get_by_role("link", name="Poster A4").click()
    poster_pdf = tmp_path / "poster.pdf"
    poster_download.value.save_as(poster_pdf)
    assert poster_download.value.suggested_filename.endswith(f"{water.token}.pdf")
    # The ZIP is made in the background: the button opens its progress page, which offers the file.
    admin.get_by_role("button", name="All QR codes and posters (ZIP)").click()
    admin.get_by_text("The file is ready").wait_for()
    screenshot(admin, "servicepoints-2b-zip-ready-desktop")
    with admin.expect_download() as zip_download:
        admin.get_by_role("link", name="Download").click()
    archive = zipfile.ZipFile(io.BytesIO(zip_download.value.path().read_bytes()))
    assert len([name for name in archive.namelist() if name.endswith("poster-A4.pdf")]) == 3

    # 3. … and reports each installation with photos; the board's report reuses the water counter's photo.
    _report(
        admin,
        site,
        water,
        [_photo_file(tmp_path, 1, "water-1.jpg"), _photo_file(tmp_path, 2, "water-2.jpg")],
        "ผนังหน้าช่องบริการที่ 2",
    )
    _report(admin, site, clerk, [_photo_file(tmp_path, 3, "clerk.jpg")], "เคาน์เตอร์สำนักปลัด")
    _report(admin, site, board, [_photo_file(tmp_path, 1, "board.jpg")], "บอร์ดหน้าสำนักงาน")
    admin.goto(f"{site}{reverse('servicepoint_detail', args=[unit.pk, water.pk])}")
    assert admin.locator(".sp-photos img").count() == 2

    # 4. PACC sees the duplicate flagged, rejects that report with a reason and verifies the others.
    pacc_context, pacc = signed_in(browser, site, personas["pacc"], width=1280)
    pacc.goto(f"{site}/pacc/installations/")
    assert pacc.locator(".sp-report").count() == 3
    flagged = pacc.locator(".sp-report", has_text="บอร์ดหน้าสำนักงาน")
    assert "Possibly the same photo used for another service point" in flagged.inner_text()
    pacc.wait_for_load_state("networkidle")
    screenshot(pacc, "servicepoints-3-pacc-queue-desktop")
    no_axe_violations(pacc)
    flagged.get_by_role("link", name="Check and decide").click()
    assert pacc.locator(".sp-similar").is_visible()
    pacc.wait_for_load_state("networkidle")
    screenshot(pacc, "servicepoints-4-pacc-report-desktop")
    no_axe_violations(pacc)
    pacc.get_by_label("Reason (required to reject)").fill("ภาพเดียวกับจุดบริการกองการประปา โปรดถ่ายภาพบอร์ดจริง")
    pacc.get_by_role("button", name="Reject with this reason").click()
    assert "Rejected" in messages(pacc)
    for _ in range(2):
        pacc.get_by_role("link", name="Check and decide").first.click()
        pacc.get_by_role("button", name="Verify the installation").click()
        assert "Verified" in messages(pacc)
    assert "Nothing waiting" in pacc.locator("main").inner_text()
    statuses = dict(InstallationReport.objects.values_list("service_point_id", "status"))
    assert statuses == {water.pk: "verified", clerk.pk: "verified", board.pk: "rejected"}

    # 5. The unit sees the result: the board still needs a verified installation.
    phone_context, phone = signed_in(browser, site, personas["admin_a"], width=360)
    phone.goto(f"{list_url}checklist/")
    assert "1 service point has no installation verified by PACC yet" in phone.locator("main").inner_text()
    assert "โปรดถ่ายภาพบอร์ดจริง" in phone.locator("main").inner_text()
    assert fits_the_screen(phone)
    screenshot(phone, "servicepoints-5-checklist-360")
    no_axe_violations(phone)
    phone.goto(list_url)
    assert fits_the_screen(phone)
    screenshot(phone, "servicepoints-6-list-360")
    phone.goto(f"{site}{reverse('servicepoint_installation', args=[unit.pk, board.pk])}")
    assert fits_the_screen(phone)
    screenshot(phone, "servicepoints-7-report-form-360")
    no_axe_violations(phone)
    phone.goto(f"{site}{reverse('servicepoint_new', args=[unit.pk])}")
    assert fits_the_screen(phone)
    no_axe_violations(phone)

    # 6. The code on the downloaded poster, read from its rendered image, opens that point's citizen form.
    [decoded] = qr_texts(pdf_pages(poster_pdf.read_bytes())[0])
    assert decoded == qr.citizen_url(water)
    address = urlsplit(decoded)
    assert address.path == f"/f/{water.token}"
    citizen = browser.new_context(viewport={"width": 360, "height": 740}, locale="th-TH")
    form = citizen.new_page()
    form.goto(f"{site}{address.path}")
    try:
        reverse("feedback_form", kwargs={"token": water.token})
    except NoReverseMatch:  # the citizen form is another issue's; until it is wired, the path is enough
        pass
    else:
        where = form.locator(".where").inner_text()
        assert "เทศบาลเมืองแพร่" in where and "กองการประปา" in where and "ชั้น 1 ช่องที่ 2" in where
        assert form.locator("form#feedback-form").count() == 1
        screenshot(form, "servicepoints-8-citizen-form-from-poster-360")
    for context in (admin_context, pacc_context, phone_context, citizen):
        context.close()
