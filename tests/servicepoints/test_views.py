"""The Admin's forms and PACC's queue through the pages: messages, kept input, what each side sees."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from siang.accounts.models import Notification
from siang.audit.models import AuditEvent
from siang.servicepoints import qr
from siang.servicepoints.models import InstallationReport, ServicePoint
from tests.servicepoints import helpers


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["admin_a"])
    return client


def test_the_admin_adds_a_counter_and_lands_on_its_downloads(admin_client, unit_a, water):
    response = admin_client.post(
        reverse("servicepoint_new", args=[unit_a.pk]),
        {"placement": "counter", "department": water.pk, "label": "ชั้น 2"},
        follow=True,
    )
    point = ServicePoint.objects.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("servicepoint_detail", args=[unit_a.pk, point.pk])
    assert qr.citizen_url(point) in page and "Poster A4" in page and "data:image/svg+xml;base64," in page


def test_a_counter_without_a_department_keeps_what_was_typed(admin_client, unit_a, water):
    response = admin_client.post(
        reverse("servicepoint_new", args=[unit_a.pk]), {"placement": "counter", "label": "ช่องที่ 9"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "A service counter belongs to a department" in page
    assert 'value="ช่องที่ 9"' in page and not ServicePoint.objects.exists()


def test_another_units_department_cannot_be_chosen(admin_client, unit_a, phrae):
    other = helpers.department(phrae["units"]["b"], name_th="กองคลัง")
    response = admin_client.post(
        reverse("servicepoint_new", args=[unit_a.pk]), {"placement": "counter", "department": other.pk}
    )
    assert response.status_code == 200 and not ServicePoint.objects.exists()


def test_retire_and_replace_through_the_page(admin_client, unit_a, point):
    url = reverse("servicepoint_retire", args=[unit_a.pk, point.pk])
    assert "field-error" in admin_client.post(url, {"reason": ""}).content.decode()
    response = admin_client.post(url, {"reason": "มีผู้นำไปติดที่ร้านค้า"}, follow=True)
    new = ServicePoint.objects.get(is_active=True)
    assert new.pk != point.pk and qr.citizen_url(new) in response.content.decode()
    listing = admin_client.get(reverse("servicepoints_list", args=[unit_a.pk])).content.decode()
    assert "Retired codes" in listing and point.token in listing and "มีผู้นำไปติดที่ร้านค้า" in listing


def _installation(admin_client, unit_a, point, files, **data):
    values = {"location": "ผนังหน้าช่องบริการ", "installed_on": "2026-11-20", "note": ""} | data
    return admin_client.post(
        reverse("servicepoint_installation", args=[unit_a.pk, point.pk]), values | {"photos": files}
    )


def test_a_text_file_named_jpg_is_refused_on_the_page_and_the_form_keeps_the_place(
    admin_client, unit_a, point
):
    fake = SimpleUploadedFile("wall.jpg", b"hello, not a photo", content_type="image/jpeg")
    response = _installation(admin_client, unit_a, point, [helpers.jpeg(1), fake], location="หน้าห้องกองช่าง")
    page = response.content.decode()
    assert response.status_code == 200 and "“wall.jpg” is not a photo we can read" in page
    assert 'value="หน้าห้องกองช่าง"' in page and not InstallationReport.objects.exists()


def test_six_photos_are_refused_with_the_limit(admin_client, unit_a, point):
    response = _installation(admin_client, unit_a, point, [helpers.jpeg(i) for i in range(6)])
    assert "at most 5 photos" in response.content.decode() and not InstallationReport.objects.exists()


def test_an_oversized_photo_is_refused_with_the_limit_named(admin_client, unit_a, point, settings):
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1))
    response = _installation(admin_client, unit_a, point, [big])
    assert "larger than 10 MB" in response.content.decode()


def test_the_report_goes_to_pacc_who_sees_the_photos_metadata_and_the_duplicate_flag(
    client, personas, unit_a, point
):
    client.force_login(personas["admin_a"])
    board = helpers.board(unit_a, personas["admin_a"], label="บอร์ดหน้าอาคาร")
    _installation(client, unit_a, point, [helpers.jpeg(1, exif=helpers.gps_exif()), helpers.jpeg(2)])
    out = io.BytesIO()
    helpers.picture(1).save(out, "JPEG", quality=60)  # the same picture again, for another point
    response = _installation(client, unit_a, board, [SimpleUploadedFile("again.jpg", out.getvalue())])
    first, second = InstallationReport.objects.order_by("pk")
    client.force_login(personas["pacc"])
    queue = client.get(reverse("pacc_installations")).content.decode()
    assert "18.141667" in queue and "100.137500" in queue  # GPS from EXIF, shown to PACC
    assert "Possibly the same photo used for another service point" in queue
    assert (
        reverse("pacc_installation", args=[first.pk]) in queue
        and reverse("pacc_installation", args=[second.pk]) in queue
    )
    detail = client.get(reverse("pacc_installation", args=[second.pk])).content.decode()
    assert reverse("pacc_installation", args=[first.pk]) in detail  # the link to the other report
    assert response is not None


def test_pacc_rejects_with_a_reason_and_the_unit_sees_it_and_reports_again(client, personas, unit_a, point):
    report = helpers.report(point, personas["admin_a"], seeds=(5,))
    client.force_login(personas["pacc"])
    url = reverse("pacc_installation", args=[report.pk])
    page = client.post(url, {"decision": "reject", "reason": ""}).content.decode()
    assert "Give the reason" in page
    report.refresh_from_db()
    assert report.status == "pending"
    client.post(url, {"decision": "reject", "reason": "ภาพไม่ชัด มองไม่เห็นคิวอาร์โค้ด"})
    report.refresh_from_db()
    assert report.status == "rejected" and report.reviewer == personas["pacc"]
    assert AuditEvent.objects.filter(action="installation.rejected", note__contains="ภาพไม่ชัด").exists()
    told = Notification.objects.filter(user=personas["admin_a"], subject__contains="rejected").get()
    assert "ภาพไม่ชัด" in told.body
    client.force_login(personas["user_a"])
    listing = client.get(reverse("servicepoints_list", args=[unit_a.pk])).content.decode()
    assert "Rejected by PACC" in listing and "ภาพไม่ชัด" in listing
    checklist = client.get(reverse("servicepoints_checklist", args=[unit_a.pk])).content.decode()
    assert "1 service point has no installation verified by PACC yet" in checklist
    client.force_login(personas["admin_a"])
    _installation(client, unit_a, point, [helpers.jpeg(6)])
    assert InstallationReport.objects.filter(service_point=point).count() == 2


def test_pacc_verifies_and_the_checklist_is_clear(client, personas, unit_a, point):
    report = helpers.report(point, personas["admin_a"], seeds=(5,))
    client.force_login(personas["pacc"])
    client.post(reverse("pacc_installation", args=[report.pk]), {"decision": "verify"})
    report.refresh_from_db()
    assert report.status == "verified" and report.reviewed_at is not None
    assert Notification.objects.filter(user=personas["admin_a"], subject__contains="verified").exists()
    assert "Nothing waiting" in client.get(reverse("pacc_installations")).content.decode()
    client.force_login(personas["admin_a"])
    checklist = client.get(reverse("servicepoints_checklist", args=[unit_a.pk])).content.decode()
    assert "0 service points have no installation verified by PACC yet" in checklist
    # deciding twice is refused with a message, not an error page
    client.force_login(personas["pacc"])
    response = client.post(
        reverse("pacc_installation", args=[report.pk]), {"decision": "reject", "reason": "x"}, follow=True
    )
    assert "already been decided" in response.content.decode()


def test_the_queue_costs_a_fixed_number_of_queries(
    client, personas, unit_a, water, django_assert_max_num_queries
):
    admin = personas["admin_a"]
    for number in range(4):
        department = helpers.department(unit_a, sequence=number + 2, name_th=f"กอง {number}")
        helpers.report(
            helpers.counter(unit_a, admin, dept=department), admin, seeds=(number + 40, number + 50)
        )
    client.force_login(personas["pacc"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("pacc_installations")).status_code == 200


def test_the_installation_date_cannot_be_tomorrow(admin_client, unit_a, point):
    tomorrow = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    response = _installation(admin_client, unit_a, point, [helpers.jpeg(1)], installed_on=tomorrow)
    assert "cannot be in the future" in response.content.decode()


def test_the_counter_department_is_not_called_optional_and_is_named_as_the_seed_names_it(
    admin_client, unit_a, water
):
    admin_client.cookies["siang_lang"] = "th"
    url = reverse("servicepoint_new", args=[unit_a.pk])
    label = re.search(r'<label for="id_department">(.*?)</label>', admin_client.get(url).content.decode())
    assert label and "ไม่บังคับ" not in label[1] and "สำนัก/กอง/ฝ่าย" in label[1]
    page = admin_client.post(url, {"placement": "counter", "label": "ช่องที่ 9"}).content.decode()
    assert "ต้องสังกัดสำนัก/กอง/ฝ่าย" in page and "ส่วนราชการ" not in page
