"""QR codes, posters, cards, the unit's PDF and ZIP: each decodes to the point's address, at bounded cost."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from siang.audit.models import AuditEvent
from siang.servicepoints import posters, qr
from siang.servicepoints.models import Placement
from tests.servicepoints import helpers
from tests.servicepoints.decode import pdf_pages, pdf_qr_texts, qr_texts


def _get(client, name, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, name
    return response


def _bundle(client, name, unit, capture):
    """Ask for the unit's bundle, follow it to its job page, and download the file made there
    (in the process, as without a broker; a worker does the same)."""
    from siang.exports.models import ExportJob, ExportStatus

    with capture() as after_commit:
        response = client.post(reverse(name, args=[unit.pk]))
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports_job", args=[job.pk])
    assert job.status == ExportStatus.QUEUED, "not made inside the request"
    for callback in after_commit:
        callback()
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.error
    download = client.get(reverse("exports_download", args=[job.pk]))
    assert download.status_code == 200
    return download, b"".join(download.streaming_content)


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["admin_a"])
    return client


def test_the_png_codes_decode_and_come_in_screen_and_print_sizes(admin_client, point):
    url = qr.citizen_url(point)
    for size, least in (("screen", 300), ("print", 1200)):
        response = _get(admin_client, "servicepoint_qr_png", point.unit_id, point.pk, size)
        image = Image.open(io.BytesIO(response.content))
        assert least <= image.width < least * 1.5
        assert qr_texts(image.convert("RGB")) == [url]
        assert "attachment" in response["Content-Disposition"]


def test_the_code_uses_high_error_correction_for_printed_posters(point):
    assert qr.make_qr(point).error == "H"


def test_the_svg_holds_a_vector_code_titled_with_the_address(admin_client, point):
    response = _get(admin_client, "servicepoint_qr_svg", point.unit_id, point.pk)
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content and qr.citizen_url(point).encode() in response.content


@pytest.mark.parametrize("name", ["servicepoint_poster", "servicepoint_card"])
def test_the_poster_and_the_table_card_decode_to_the_points_address(admin_client, point, name):
    response = _get(admin_client, name, point.unit_id, point.pk)
    assert response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) == 1
    # A4 at 150 dpi is 1240 × 1754 px; A5 is 874 × 1240 px
    width, height = (1240, 1754) if name == "servicepoint_poster" else (874, 1240)
    assert abs(pages[0].width - width) <= 1 and abs(pages[0].height - height) <= 1
    assert qr_texts(pages[0]) == [qr.citizen_url(point)]


def test_the_poster_prints_the_short_address_the_hotline_and_the_thai_call(point):
    # The text is checked on the HTML the PDF is laid out from (PDF text extraction mangles Thai).
    text = render_to_string(
        "servicepoints/print/posters.html", {"pages": [posters.printed(point)], "kind": "poster", "fonts": ""}
    )
    assert qr.short_url(point) in text and "1206" in text
    assert "สแกนเพื่อแจ้งความคิดเห็นการรับบริการ" in text and "Scan to tell us how you were served" in text
    assert "กองการประปา" in text and "เทศบาลเมืองแพร่" in text


def test_all_posters_make_one_pdf_with_a_page_per_point_each_decoding(
    admin_client, unit_a, point, personas, django_capture_on_commit_callbacks
):
    board = helpers.board(unit_a, personas["admin_a"], label="บอร์ดหน้าสำนักงาน")
    response, content = _bundle(
        admin_client, "servicepoints_posters", unit_a, django_capture_on_commit_callbacks
    )
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert (
        "%E0%B9%82%E0%B8%9B%E0%B8%AA%E0%B9%80%E0%B8%95%E0%B8%AD%E0%B8%A3%E0%B9%8C"
        in response["Content-Disposition"]
    )
    assert pdf_qr_texts(content) == [[qr.citizen_url(point)], [qr.citizen_url(board)]]
    assert AuditEvent.objects.filter(action="export_start", after__kind="posters_pdf").count() == 1


def test_the_zip_holds_a_folder_per_point_with_thai_names(
    admin_client, unit_a, point, personas, django_capture_on_commit_callbacks
):
    board = helpers.board(unit_a, personas["admin_a"], label="บอร์ด/หน้า:สำนักงาน")
    _, content = _bundle(admin_client, "servicepoints_zip", unit_a, django_capture_on_commit_callbacks)
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = archive.namelist()
    folders = sorted({name.split("/")[0] for name in names if "/" in name})
    assert folders == [
        f"01_กองการประปา_ชั้น_1_ช่องที่_2_{point.token}",
        f"02_{posters.safe_name(_thai(board.get_placement_display))}_บอร์ด_หน้า_สำนักงาน_{board.token}",
    ]
    for folder, the_point in zip(folders, (point, board), strict=True):
        files = {name.split("/")[1] for name in names if name.startswith(folder + "/")}
        assert files == {"qr-screen.png", "qr-print.png", "qr.svg", "poster-A4.pdf"}
        print_png = Image.open(io.BytesIO(archive.read(f"{folder}/qr-print.png"))).convert("RGB")
        assert qr_texts(print_png) == [qr.citizen_url(the_point)]
        assert pdf_qr_texts(archive.read(f"{folder}/poster-A4.pdf")) == [[qr.citizen_url(the_point)]]
    assert qr.citizen_url(board) in archive.read("อ่านก่อน-README.txt").decode()
    assert AuditEvent.objects.filter(action="export_download", after__kind="posters_zip").count() == 1


def _thai(text) -> str:
    from django.utils import translation

    with translation.override("th"):
        return str(text())


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_exports_and_the_list_cost_the_same_queries_for_more_points(
    admin_client, unit_a, personas, point
):
    admin = personas["admin_a"]
    urls = [
        reverse("servicepoints_list", args=[unit_a.pk]),
        reverse("servicepoints_checklist", args=[unit_a.pk]),
    ]
    helpers.report(point, admin, seeds=(1,))
    few = [_queries(admin_client, url) for url in urls]
    for number in range(2, 6):
        department = helpers.department(unit_a, sequence=number, name_th=f"กอง {number}")
        other = helpers.counter(unit_a, admin, dept=department)
        helpers.report(other, admin, seeds=(number * 10,))
    helpers.board(unit_a, admin, placement=Placement.WEBSITE)
    many = [_queries(admin_client, url) for url in urls]
    assert many == few
    assert max(few) <= 12


def test_the_list_shows_each_address_and_what_to_do(
    admin_client, unit_a, point, personas, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        page = _get(admin_client, "servicepoints_list", unit_a.pk).content.decode()
    assert qr.citizen_url(point) in page and "Report the installation" in page


def test_the_website_snippet_has_the_link_and_an_inline_image(admin_client, unit_a, personas):
    website = helpers.board(unit_a, personas["admin_a"], placement=Placement.WEBSITE)
    page = _get(admin_client, "servicepoint_snippet", unit_a.pk, website.pk).content.decode()
    textarea = re.search(r'<textarea id="snippet"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert f'href="{qr.citizen_url(website)}"' in textarea.replace("&quot;", '"')
    assert "data:image/png;base64," in textarea and "&lt;img" in textarea


def test_safe_names_keep_thai_and_drop_separators():
    assert posters.safe_name('กองช่าง / งาน: "ประปา"?') == "กองช่าง_งาน_ประปา"
    assert posters.safe_name("...") == "file"


def test_a_unit_without_points_is_told_to_add_one(admin_client, unit_a):
    response = admin_client.post(reverse("servicepoints_zip", args=[unit_a.pk]))
    assert response["Location"] == reverse("servicepoints_list", args=[unit_a.pk])
