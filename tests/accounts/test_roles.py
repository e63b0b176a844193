"""Users at a unit are approved by its Admin; overseers by PACC; each role has its own home."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from siang.accounts import services
from siang.accounts.models import Membership, MembershipStatus, Notification, Role
from siang.audit.models import AuditEvent


@pytest.fixture
def requester(personas):
    user = personas["newcomer"]
    services.profile_complete(user=user, email="thana@example.go.th", phone="081-234-5678")
    return user


def test_phone_is_checked_and_kept_as_digits(client, personas):
    client.force_login(personas["newcomer"])
    bad = client.post(reverse("profile"), {"email": "thana@example.go.th", "phone": "02 123 4567"})
    assert "06, 08 หรือ 09" in bad.content.decode()
    assert "thana@example.go.th" in bad.content.decode()
    client.post(reverse("profile"), {"email": "thana@example.go.th", "phone": "+66 81 234 5678"})
    personas["newcomer"].refresh_from_db()
    assert personas["newcomer"].phone == "0812345678"


def test_admin_approves_two_users_and_the_flag_clears(client, phrae, personas, requester):
    unit = phrae["units"]["b"]  # admin_b's unit, no Users yet
    client.force_login(personas["admin_b"])
    assert "อย่างน้อย 2 คน" in client.get(reverse("account_home")).content.decode()

    for person in (requester, personas["user_a2"]):
        client.force_login(person)
        assert client.post(reverse("request_user", args=[unit.pk])).status_code == 302
    assert Notification.objects.filter(user=personas["admin_b"]).count() == 2

    client.force_login(personas["admin_b"])
    page = client.get(reverse("unit_users", args=[unit.pk])).content.decode()
    assert "นายธนา รอสิทธิ์" in page and "นางสาวกานดา สุขใจ" in page
    for membership in Membership.objects.filter(unit=unit, role=Role.UNIT_USER):
        client.post(reverse("unit_user_decide", args=[unit.pk, membership.pk]), {"decision": "approve"})
    assert (
        Membership.objects.filter(unit=unit, role=Role.UNIT_USER, status=MembershipStatus.APPROVED).count()
        == 2
    )
    assert "อย่างน้อย 2 คน" not in client.get(reverse("account_home")).content.decode()

    client.force_login(requester)
    assert "ผู้ใช้งานของเทศบาลตำบลทุ่งกวาว" in client.get(reverse("account_home")).content.decode()


def test_admin_rejects_with_a_reason_and_revokes(client, phrae, personas, requester):
    unit = phrae["units"]["a"]
    membership = services.unit_user_request(user=requester, unit=unit)
    client.force_login(personas["admin_a"])
    url = reverse("unit_user_decide", args=[unit.pk, membership.pk])
    client.post(url, {"decision": "reject", "reason": ""})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING  # no reason, no decision

    client.post(url, {"decision": "reject", "reason": "ไม่ใช่เจ้าหน้าที่ของหน่วย"})
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REJECTED
    assert membership.decision_reason == "ไม่ใช่เจ้าหน้าที่ของหน่วย"

    approved = Membership.objects.get(user=personas["user_a"], unit=unit)
    client.post(reverse("unit_user_revoke", args=[unit.pk, approved.pk]), {"reason": "ย้ายไปหน่วยอื่น"})
    approved.refresh_from_db()
    assert approved.status == MembershipStatus.REVOKED
    assert AuditEvent.objects.filter(
        action="membership.revoked.unit_user", actor=personas["admin_a"]
    ).exists()
    client.force_login(personas["user_a"])
    assert "ผู้ใช้งานของเทศบาลเมืองแพร่" not in client.get(reverse("account_home")).content.decode()


def test_a_decision_cannot_be_made_twice(phrae, personas, requester):
    membership = services.unit_user_request(user=requester, unit=phrae["units"]["a"])
    services.unit_user_approve(membership=membership, actor=personas["admin_a"])
    with pytest.raises(services.AccountError, match=r"พิจารณาแล้ว|already been decided"):
        services.unit_user_reject(membership=membership, actor=personas["admin_a"], reason="x")


def test_each_role_sees_its_own_home(client, personas, phrae):
    expectations = {
        "pacc": "คำขอเป็นผู้ดูแลระบบที่รอตรวจสอบ",
        "overseer": "ผู้กำกับดูแลจังหวัดแพร่",
        "admin_a": "ผู้ดูแลระบบของเทศบาลเมืองแพร่",
        "user_a": "ผู้ใช้งานของเทศบาลเมืองแพร่",
    }
    for key, text in expectations.items():
        client.force_login(personas[key])
        page = client.get(reverse("account_home")).content.decode()
        assert text in page, key
        others = set(expectations.values()) - {text}
        assert not any(other in page for other in others), key


def test_overseer_home_counts_units_without_an_admin(client, personas, phrae):
    client.force_login(personas["overseer"])
    page = client.get(reverse("account_home")).content.decode()
    # 5 units in the Phrae fixture; units A and B have approved Admins
    assert "<strong>5</strong> หน่วยบริการในพื้นที่" in page
    assert "<strong>3</strong> หน่วยบริการที่ยังไม่มีผู้ดูแลระบบ" in page


def test_home_queries_do_not_grow_with_the_number_of_requests(
    client, personas, phrae, django_assert_max_num_queries
):
    client.force_login(personas["admin_a"])
    with django_assert_max_num_queries(12):
        client.get(reverse("account_home"))


def test_after_the_profile_the_person_returns_to_the_page_they_asked_for(client, personas):
    client.force_login(personas["newcomer"])
    wanted = reverse("role_request") + "?" + urlencode({"q": "แพร่"})  # as a browser sends it
    profile_url = client.get(wanted)["Location"]
    back = client.post(profile_url, {"email": "thana@example.go.th", "phone": "0812345678"})
    assert back.status_code == 302
    assert back["Location"] == wanted
    assert "แพร่" in client.get(back["Location"]).content.decode()


def test_the_profile_never_sends_a_person_off_site(client, personas):
    client.force_login(personas["newcomer"])
    response = client.post(
        reverse("profile") + "?next=https://evil.example/",
        {"email": "a@example.go.th", "phone": "0812345678"},
    )
    assert response["Location"] == reverse("account_home")


def test_the_units_found_are_headed_as_units_not_as_a_count(client, personas):
    """ "Units" was translated "จำนวน" (number of) as the heading of the units found."""
    client.force_login(personas["newcomer"])
    personas["newcomer"].profile_completed_at = personas["pacc"].profile_completed_at
    personas["newcomer"].save(update_fields=["profile_completed_at"])
    page = client.get(reverse("role_request"), {"q": "แพร่"}).content.decode()
    heading = re.search(r"<h2>([^<]*)</h2>\s*<ul class=\"results\">", page)
    assert heading and heading[1] == "หน่วยบริการที่พบ"
