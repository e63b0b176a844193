"""The seed's registration procedure: the appointment order, PACC's review, the 2-Admin limit."""

from __future__ import annotations

import unicodedata

import pytest
from django.core import mail
from django.urls import reverse

from siang.accounts import services
from siang.accounts.documents import expected_file_name
from siang.accounts.models import AdminApplication, Membership, MembershipStatus, Notification, Role
from siang.audit.models import AuditEvent
from siang.lib import sms
from tests.accounts.pdfs import pdf_bytes, upload

GOOD_NAME = "องค์การบริหารส่วนตำบลร่องฟอง_แพร่.pdf"


@pytest.fixture(autouse=True)
def _memory_sms(settings):
    settings.SMS_BACKEND = "siang.lib.sms.MemorySmsBackend"
    sms.outbox.clear()


@pytest.fixture
def applicant(personas):
    user = personas["newcomer"]
    services.profile_complete(user=user, email="thana@example.go.th", phone="0812345678")
    return user


def submit(client, unit, *, name=GOOD_NAME, content=None, listed="นายธนา รอสิทธิ์"):
    return client.post(
        reverse("request_admin", args=[unit.pk]),
        {"document": upload(name, content), "listed_names": listed},
    )


def test_expected_file_name_is_unit_underscore_province(phrae):
    assert expected_file_name(phrae["units"]["rong_fong"]) == GOOD_NAME


def test_a_correct_application_waits_for_pacc(client, phrae, applicant):
    client.force_login(applicant)
    unit = phrae["units"]["rong_fong"]
    response = submit(client, unit)
    assert response.status_code == 302
    application = AdminApplication.objects.get()
    assert application.unit == unit
    assert application.membership.status == MembershipStatus.PENDING
    assert application.listed_names == ["นายธนา รอสิทธิ์"]
    assert application.document_pages == 2
    assert AuditEvent.objects.filter(
        action="admin_application.submitted", object_id=str(application.pk)
    ).exists()


def test_a_decomposed_file_name_from_a_phone_is_accepted(client, phrae, applicant):
    client.force_login(applicant)
    response = submit(client, phrae["units"]["rong_fong"], name=unicodedata.normalize("NFD", GOOD_NAME))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ร่องฟอง.pdf", None, "องค์การบริหารส่วนตำบลร่องฟอง_แพร่.pdf"),
        (GOOD_NAME, b"GIF89a not a pdf at all", "ไม่ใช่ไฟล์ PDF"),
        (GOOD_NAME, pdf_bytes(password="secret"), "รหัสผ่าน"),
        (GOOD_NAME, pdf_bytes(pages=51), "51 หน้า"),
        (GOOD_NAME, b"%PDF-1.7\n1 0 obj broken", "อ่านไฟล์ PDF ไม่ได้"),
        (GOOD_NAME, b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024), "10 MB"),
    ],
    ids=["wrong-name", "not-a-pdf", "encrypted", "too-many-pages", "damaged", "too-large"],
)
def test_a_bad_upload_is_refused_with_a_clear_thai_message_and_keeps_the_names(
    client, phrae, applicant, name, content, message
):
    client.force_login(applicant)
    response = submit(
        client, phrae["units"]["rong_fong"], name=name, content=content, listed="นายธนา รอสิทธิ์\nนางมาลี ใจงาม"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "นางมาลี ใจงาม" in page  # what was typed is still there
    assert not AdminApplication.objects.exists()
    assert not Membership.objects.filter(user=applicant).exists()


def test_more_than_two_listed_names_is_refused(client, phrae, applicant):
    client.force_login(applicant)
    response = submit(client, phrae["units"]["rong_fong"], listed="ก ข\nค ง\nจ ฉ")
    assert "ไม่เกิน 2" in response.content.decode()


def test_pacc_sees_a_name_mismatch_and_approves_telling_the_applicant(
    client, phrae, personas, applicant, mailoutbox
):
    client.force_login(applicant)
    submit(client, phrae["units"]["rong_fong"], listed="นายสมปอง ไม่ใช่คนนี้")
    application = AdminApplication.objects.get()

    client.force_login(personas["pacc"])
    queue = client.get(reverse("pacc_applications")).content.decode()
    assert "องค์การบริหารส่วนตำบลร่องฟอง" in queue and "1 จุดที่ต้องตรวจ" in queue
    review = client.get(reverse("pacc_application", args=[application.pk])).content.decode()
    assert "ไม่อยู่ในรายชื่อ" in review
    assert reverse("application_document", args=[application.pk]) in review

    with_commit = client.post(reverse("pacc_application", args=[application.pk]), {"decision": "approve"})
    assert with_commit.status_code == 302
    membership = Membership.objects.get(user=applicant)
    assert membership.status == MembershipStatus.APPROVED and membership.decided_by == personas["pacc"]
    assert Notification.objects.filter(user=applicant, subject__contains="Admin").exists()
    assert AuditEvent.objects.filter(action="membership.approved.unit_admin", actor=personas["pacc"]).exists()


def test_decisions_are_told_by_email_and_sms_after_commit(
    phrae, personas, applicant, django_capture_on_commit_callbacks, mailoutbox
):
    application = _application(phrae, applicant)
    with django_capture_on_commit_callbacks(execute=True):
        services.admin_application_approve(application=application, actor=personas["pacc"])
    assert [m.to for m in mail.outbox] == [["thana@example.go.th"]]
    assert "องค์การบริหารส่วนตำบลร่องฟอง" in mail.outbox[0].body
    assert sms.outbox and sms.outbox[0]["to"] == "0812345678"


def test_rejection_needs_a_reason_which_the_applicant_sees(client, phrae, personas, applicant):
    application = _application(phrae, applicant)
    client.force_login(personas["pacc"])
    url = reverse("pacc_application", args=[application.pk])
    assert "ระบุเหตุผล" in client.post(url, {"decision": "reject", "reason": ""}).content.decode()
    client.post(url, {"decision": "reject", "reason": "ไม่พบลายมือชื่อนายก"})
    client.force_login(applicant)
    home = client.get(reverse("account_home")).content.decode()
    assert "ไม่พบลายมือชื่อนายก" in home and "ไม่อนุมัติ" in home


def _application(phrae, user, unit=None):
    unit = unit or phrae["units"]["rong_fong"]
    from siang.accounts.documents import check_pdf

    document = upload(expected_file_name(unit))
    return services.admin_application_submit(
        user=user, unit=unit, document=document, listed_names=[user.name_th], checked=check_pdf(document)
    )


def test_a_third_admin_is_refused_with_a_clear_reason(client, phrae, personas, applicant):
    unit = phrae["units"]["a"]  # already has admin_a
    second = personas["user_a"]
    services.admin_application_approve(application=_application(phrae, second, unit), actor=personas["pacc"])
    third = _application(phrae, applicant, unit)
    client.force_login(personas["pacc"])
    response = client.post(reverse("pacc_application", args=[third.pk]), {"decision": "approve"})
    page = response.content.decode()
    assert "มีผู้ดูแลระบบที่อนุมัติแล้ว 2 คน" in page
    assert (
        Membership.objects.filter(unit=unit, role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED).count()
        == 2
    )
    assert Membership.objects.get(user=applicant).status == MembershipStatus.PENDING


def test_only_pacc_can_decide_even_through_the_service(phrae, personas, applicant):
    application = _application(phrae, applicant)
    with pytest.raises(services.AccountError):
        services.admin_application_approve(application=application, actor=personas["admin_a"])


def test_the_order_is_served_only_to_pacc_and_the_units_admins(client, phrae, personas, applicant):
    unit = phrae["units"]["a"]
    application = _application(phrae, applicant, unit)
    url = reverse("application_document", args=[application.pk])
    outcomes = {}
    for key in ("pacc", "admin_a", "user_a", "admin_b", "overseer"):
        client.force_login(personas[key])
        response = client.get(url)
        outcomes[key] = response.status_code
        if response.status_code == 200:
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
            assert response["Content-Type"] == "application/pdf"
    assert outcomes == {"pacc": 200, "admin_a": 200, "user_a": 404, "admin_b": 404, "overseer": 404}
    with pytest.raises(ValueError, match="no public URL"):
        application.document.url  # noqa: B018


def test_asking_twice_for_the_same_role_is_refused(phrae, applicant):
    _application(phrae, applicant)
    with pytest.raises(services.AccountError):
        _application(phrae, applicant)


def test_an_order_uploaded_while_the_file_store_is_down_keeps_the_form(
    client, phrae, applicant, s3, settings
):
    settings.S3_OPTIONS = {**settings.S3_OPTIONS, "endpoint_url": "http://127.0.0.1:1"}
    client.force_login(applicant)
    response = submit(client, phrae["units"]["rong_fong"], listed="นายธนา รอสิทธิ์, นางสาวใจดี มีสุข")
    page = response.content.decode()
    assert response.status_code == 200
    assert "ขณะนี้ติดต่อที่เก็บไฟล์ไม่ได้ จึงยังไม่ได้บันทึกสิ่งใด" in page
    assert "นางสาวใจดี มีสุข" in page
    assert not AdminApplication.objects.exists()
