"""Issue 7's done-when, on the demo data through the pages a PACC officer and an Admin use."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from siang.audit.models import AuditEvent
from siang.casework.models import Case, CaseStatus
from siang.feedback.models import Feedback

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(phrae, personas):
    call_command("demo_data", responses=2000, stdout=io.StringIO())
    return phrae


def test_pacc_drills_into_phrae_lists_it_and_works_a_signal_while_the_admin_sees_only_results(
    client, demo, personas, django_assert_max_num_queries
):
    phrae = demo["province"]
    client.force_login(personas["pacc"])
    client.cookies["siang_lang"] = "th"

    with django_assert_max_num_queries(30):
        nation = client.get(reverse("pacc_dashboard"))
    assert nation.status_code == 200 and "แพร่" in nation.content.decode()
    with django_assert_max_num_queries(30):
        province = client.get(reverse("pacc_dashboard") + f"?province={phrae.pk}")
    assert province.status_code == 200 and "เทศบาลเมืองแพร่" in province.content.decode()

    # The Phrae units with no approved Admin, in the seed letter's format: PDF and Excel.
    args = [phrae.pk, "admin_approved"]
    pdf = client.get(reverse("compliance_list_pdf", args=args))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "ข้อมูล ณ วันที่" in text and "ร่องฟอง" in text and "ทุ่งกวาว" not in text
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("compliance_list_xlsx", args=args)).content)
    )
    rows = [[cell for cell in row] for row in workbook.active.iter_rows(values_only=True)]
    header = next(i for i, row in enumerate(rows) if row[0] == "ลำดับที่")
    assert list(rows[header][:5]) == ["ลำดับที่", "ชื่อหน่วยบริการ", "อำเภอ", "จังหวัด", "หมายเหตุ"]
    listed = [row[1] for row in rows[header + 1 :] if row[1]]
    assert "องค์การบริหารส่วนตำบลร่องฟอง" in listed and "เทศบาลเมืองแพร่" not in listed
    assert AuditEvent.objects.filter(action="compliance_export").count() == 2

    # A signal from new to closed.
    queue = client.get(reverse("casework_queue"))
    assert queue.status_code == 200
    case = Case.objects.filter(status=CaseStatus.NEW).first()
    assert case is not None
    client.post(reverse("casework_take", args=[case.pk]))
    client.post(reverse("casework_start_review", args=[case.pk]))
    client.post(reverse("casework_close", args=[case.pk]), {"outcome": "ตรวจสอบแล้ว ส่งเรื่องให้จังหวัดดำเนินการ"})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.assignee == personas["pacc"]
    reported = Feedback.objects.filter(signals__case=case).first()
    assert reported is not None and reported.status == "closed"

    # The unit Admin sees the unit's results, never a signal.
    client.force_login(personas["admin_a"])
    client.cookies["siang_lang"] = "en"
    unit = demo["units"]["a"]
    with django_assert_max_num_queries(30):
        html = client.get(reverse("unit_dashboard", args=[unit.pk])).content.decode()
    responses = Feedback.objects.filter(unit=unit).count()
    assert responses > 0 and "Responses" in html
    for secret in (
        "signal",
        "Signals by kind",
        "Corruption signals",
        "Asked for money",
        reported.tracking_code,
    ):
        assert secret not in html
