"""The official list in the seed letter's attachment format: PDF, Excel, cover letter, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from siang.audit.models import AuditEvent
from siang.reporting.compliance import Area, get_step
from siang.reporting.official_list import build_list, list_pdf, list_xlsx
from tests.conftest import make_unit

pytestmark = pytest.mark.django_db

SEED_LIST = Path(__file__).resolve().parent.parent / "data" / "phrae_no_admin_2569-05-05.csv"
MAY_5 = dt.datetime(2026, 5, 5, 3, 0, tzinfo=dt.UTC)  # 10:00 in Bangkok
# The list of units with no Admin, named as the seed letter's enclosure names it. (The seed's
# attachment itself says "…ขอขึ้นทะเบียนผู้ใช้งาน", the User step: a slip not to copy.)
SEED_TITLE = "ข้อมูลหน่วยบริการที่ยังไม่ทำการขึ้นทะเบียนผู้ดูแลระบบ (Admin)"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def same_text(text: str) -> str:
    """What pypdf reads back of Thai: SARA AM (ำ) comes out as SARA AA, with or without its NIKHAHIT.

    The PDF looks right (see the rendered pages); only the text layer's mapping of the glyphs is
    ambiguous, and the marks above a letter may come out in another order. Both sides are compared
    with SARA AM folded to SARA AA, the marks above and below letters dropped, and spaces made plain.
    """
    folded = text.replace("\u0e33", "\u0e32").replace("\xa0", " ")
    return "".join(char for char in folded if unicodedata.category(char) != "Mn")


def pdf_text(data: bytes) -> str:
    return same_text("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def seed_rows() -> list[dict[str, str]]:
    with SEED_LIST.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def seed_units(phrae):
    """The 47 units of the seed's list, in Phrae, with none of them holding an approved Admin."""
    from siang.directory.models import District
    from siang.directory.names import thai_sort_key

    province = phrae["province"]
    districts = {d.name_th: d for d in District.objects.filter(province=province)}
    for row in seed_rows():
        name = row["อำเภอ"]
        if name not in districts:
            districts[name] = District.objects.create(
                code=f"54{60 + len(districts)}",
                province=province,
                name_th=name,
                name_en=name,
                sort_key=thai_sort_key(name),
            )
        kind = "sao" if row["ชื่อหน่วยบริการ"].startswith("องค์การ") else "subdistrict_municipality"
        make_unit(name_th=row["ชื่อหน่วยบริการ"], kind=kind, district=districts[name], province=province)
    return districts


def test_the_seed_letters_phrae_list_comes_out_with_the_same_rows(phrae, personas, seed_units):
    """The fixture's own units without an Admin (PAO, Rong Fong, Ban Pin SAO) are listed too."""
    with time_machine.travel(MAY_5):
        official = build_list(Area(province=phrae["province"]), get_step("admin_approved"))
    listed = {(r.unit, r.district, r.province) for r in official.rows}
    seed = {(r["ชื่อหน่วยบริการ"], r["อำเภอ"], r["จังหวัด"]) for r in seed_rows()}
    assert seed <= listed
    assert listed - seed == {
        ("องค์การบริหารส่วนจังหวัดแพร่", "", "แพร่"),
        ("องค์การบริหารส่วนตำบลร่องฟอง", "เมืองแพร่", "แพร่"),
        ("องค์การบริหารส่วนตำบลบ้านปิน", "ลอง", "แพร่"),
    }
    assert [r.number for r in official.rows] == [str(n) for n in range(1, 51)]
    assert official.title == SEED_TITLE
    assert official.as_of_line == "ข้อมูล ณ วันที่ 5 พฤษภาคม 2569"


def test_pdf_has_the_title_the_thai_date_and_every_row(phrae, personas, seed_units):
    with time_machine.travel(MAY_5):
        official = build_list(Area(province=phrae["province"]), get_step("admin_approved"))
    data = list_pdf(official)
    text = pdf_text(data)
    assert same_text(SEED_TITLE) in text
    assert same_text("ระบบรับแจ้งข้อมูลการเข้ารับบริการภาครัฐจากประชาชนผู้รับบริการ") in text
    assert same_text("ข้อมูล ณ วันที่ 5 พฤษภาคม 2569") in text
    for column in ("ลำดับที่", "ชื่อหน่วยบริการ", "อำเภอ", "จังหวัด", "หมายเหตุ"):
        assert same_text(column) in text
    for row in official.rows:
        assert same_text(row.unit) in text
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) >= 2
    assert all(
        same_text("ลำดับที่") in same_text(page.extract_text()) for page in pages
    )  # the header repeats on each page
    assert same_text(f"หน้า 2 / {len(pages)}") in same_text(pages[1].extract_text())


def test_pdf_in_thai_digits(phrae, personas):
    with time_machine.travel(MAY_5):
        official = build_list(Area(province=phrae["province"]), get_step("admin_approved"), thai_numbers=True)
    text = pdf_text(list_pdf(official))
    assert same_text("ข้อมูล ณ วันที่ ๕ พฤษภาคม ๒๕๖๙") in text
    assert [r.number for r in official.rows] == ["๑", "๒", "๓"]
    assert same_text("หน้า ๑ / ๑") in text


def test_excel_cells_are_the_table(phrae, personas):
    with time_machine.travel(MAY_5):
        official = build_list(Area(province=phrae["province"]), get_step("admin_approved"))
    sheet = load_workbook(io.BytesIO(list_xlsx(official))).active
    values = [
        [cell for cell in row] for row in sheet.iter_rows(min_row=1, max_row=8, max_col=5, values_only=True)
    ]
    assert values == [
        [SEED_TITLE, None, None, None, None],
        [
            "ระบบรับแจ้งข้อมูลการเข้ารับบริการภาครัฐจากประชาชนผู้รับบริการ (Feedback) ของสำนักงาน ป.ป.ท.",
            None,
            None,
            None,
            None,
        ],
        ["ข้อมูล ณ วันที่ 5 พฤษภาคม 2569", None, None, None, None],
        [None, None, None, None, None],
        ["ลำดับที่", "ชื่อหน่วยบริการ", "อำเภอ", "จังหวัด", "หมายเหตุ"],
        [1, "องค์การบริหารส่วนจังหวัดแพร่", None, "แพร่", None],
        [2, "องค์การบริหารส่วนตำบลร่องฟอง", "เมืองแพร่", "แพร่", None],
        [3, "องค์การบริหารส่วนตำบลบ้านปิน", "ลอง", "แพร่", None],
    ]
    assert sheet["B6"].font.name == "TH Sarabun New"
    assert sheet.print_title_rows == "$5:$5"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
    assert sheet.column_dimensions["B"].width == 48


def test_downloads_are_audited(phrae, personas):
    client = client_for(personas["overseer"])
    with time_machine.travel(MAY_5):
        pdf = client.get("/compliance/54/admin_approved/list.pdf")
        xlsx = client.get("/compliance/5401/admin_approved/list.xlsx")
        letter = client.get(
            "/compliance/54/admin_approved/letter.pdf",
            {"reference": "ปป ๐๐๑๒/๗๐๐", "signer_name": "นายทดสอบ ใจดี"},
        )
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"] and ".pdf" in pdf["Content-Disposition"]
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    events = list(AuditEvent.objects.filter(action="compliance_export").order_by("pk"))
    assert [(e.object_type, e.object_id, e.after["format"], e.after["units"]) for e in events] == [
        ("directory.province", "54", "pdf", 3),
        ("directory.district", "5401", "xlsx", 1),
        ("directory.province", "54", "letter", 3),
    ]
    assert all(e.actor == personas["overseer"] for e in events)
    text = pdf_text(letter.content)
    for part in (
        "ที่",
        "ปป ๐๐๑๒/๗๐๐",
        "๕ พฤษภาคม ๒๕๖๙",
        "เรื่อง",
        "เรียน",
        "ผู้ว่าราชการจังหวัดแพร่",
        "สิ่งที่ส่งมาด้วย",
        "จำนวน ๓ แห่ง",
        "ขอแสดงความนับถือ",
        "(นายทดสอบ ใจดี)",
    ):
        assert same_text(part) in text, part


def test_the_export_queries_do_not_grow_with_units(phrae, personas, django_assert_max_num_queries):
    client = client_for(personas["pacc"])
    counts = []
    for round_ in range(2):
        for number in range(15):
            make_unit(
                name_th=f"องค์การบริหารส่วนตำบลเพิ่ม{round_}{number}",
                kind="sao",
                district=phrae["districts"]["long"],
                province=phrae["province"],
            )
        with django_assert_max_num_queries(12) as captured:
            assert client.get("/compliance/54/admin_approved/list.xlsx").status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_thai_digit_pdf_downloads_under_its_own_name(phrae, personas):

    client = client_for(personas["overseer"])
    with time_machine.travel(MAY_5):
        plain = client.get("/compliance/54/admin_approved/list.pdf")["Content-Disposition"]
        thai = client.get("/compliance/54/admin_approved/list.pdf", {"digits": "thai"})["Content-Disposition"]
    assert plain != thai
    assert "thai-digits" in thai and "thai-digits" not in plain
