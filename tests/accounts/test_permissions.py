"""Every staff URL × every persona → the expected outcome. Not yours is 404, not 403."""

from __future__ import annotations

import pytest
from django.urls import reverse

from siang.accounts import services
from siang.accounts.documents import check_pdf, expected_file_name
from siang.accounts.models import Membership, MembershipStatus, Role
from tests.accounts.pdfs import upload

PERSONAS = ("pacc", "overseer", "admin_a", "user_a", "admin_b", "newcomer", "anonymous")
ALL_SIGNED_IN = {key: 200 for key in PERSONAS if key != "anonymous"} | {"anonymous": 302}


def only(*allowed: str) -> dict[str, int]:
    return {key: 200 if key in allowed else 404 for key in PERSONAS} | {"anonymous": 302}


@pytest.fixture
def world(phrae, personas):
    newcomer = personas["newcomer"]
    services.profile_complete(user=newcomer, email="thana@example.go.th", phone="0812345678")
    unit_a = phrae["units"]["a"]
    document = upload(expected_file_name(unit_a))
    application = services.admin_application_submit(
        user=newcomer,
        unit=unit_a,
        document=document,
        listed_names=[newcomer.name_th],
        checked=check_pdf(document),
    )
    user_request = services.unit_user_request(user=personas["user_a2"], unit=phrae["units"]["b"])
    overseer_request = services.overseer_request(user=newcomer, province=phrae["province"])
    return {"application": application, "user_request_b": user_request, "overseer_request": overseer_request}


def matrix(phrae, world) -> dict[str, tuple[str, dict[str, int]]]:
    unit_a, unit_b = phrae["units"]["a"], phrae["units"]["b"]
    application = world["application"]
    return {
        "home": (reverse("account_home"), ALL_SIGNED_IN),
        "profile": (reverse("profile"), ALL_SIGNED_IN),
        "notifications": (reverse("notifications"), ALL_SIGNED_IN),
        "role request": (reverse("role_request") + "?q=แพร่", ALL_SIGNED_IN),
        "request admin": (reverse("request_admin", args=[unit_b.pk]), ALL_SIGNED_IN),
        "request user": (reverse("request_user", args=[unit_b.pk]), ALL_SIGNED_IN),
        "request overseer": (reverse("request_overseer"), ALL_SIGNED_IN),
        "pacc queue": (reverse("pacc_applications"), only("pacc")),
        "pacc review": (reverse("pacc_application", args=[application.pk]), only("pacc")),
        "pacc overseers": (reverse("pacc_overseers"), only("pacc")),
        "pacc officers": (reverse("pacc_officers"), only("pacc")),
        "order pdf": (reverse("application_document", args=[application.pk]), only("pacc", "admin_a")),
        "users of unit A": (reverse("unit_users", args=[unit_a.pk]), only("admin_a")),
        "users of unit B": (reverse("unit_users", args=[unit_b.pk]), only("admin_b")),
    }


def test_every_staff_page_for_every_persona(client, phrae, personas, world):
    outcomes: dict[str, dict[str, int]] = {}
    expected: dict[str, dict[str, int]] = {}
    for name, (url, expect) in matrix(phrae, world).items():
        expected[name] = expect
        outcomes[name] = {}
        for key in PERSONAS:
            client.logout()
            if key != "anonymous":
                client.force_login(personas[key])
            outcomes[name][key] = client.get(url).status_code
    assert outcomes == expected


def test_anonymous_is_sent_to_sign_in(client, phrae, world):
    response = client.get(reverse("pacc_applications"))
    assert response["Location"].startswith(reverse("signin"))


def test_a_person_without_contact_details_completes_the_profile_first(client, personas):
    user = personas["newcomer"]
    client.force_login(user)
    response = client.get(reverse("account_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("profile"))


def test_an_admin_cannot_decide_for_another_unit(client, phrae, personas, world):
    request_b = world["user_request_b"]
    client.force_login(personas["admin_a"])
    for unit in (phrae["units"]["a"], phrae["units"]["b"]):
        response = client.post(
            reverse("unit_user_decide", args=[unit.pk, request_b.pk]), {"decision": "approve"}
        )
        assert response.status_code == 404
    request_b.refresh_from_db()
    assert request_b.status == MembershipStatus.PENDING


def test_only_pacc_decides_overseers(client, personas, world):
    url = reverse("pacc_overseer_decide", args=[world["overseer_request"].pk])
    for key in ("overseer", "admin_a", "user_a"):
        client.force_login(personas[key])
        assert client.post(url, {"decision": "approve"}).status_code == 404
    client.force_login(personas["pacc"])
    client.post(url, {"decision": "approve"})
    assert Membership.objects.get(pk=world["overseer_request"].pk).status == MembershipStatus.APPROVED


def test_posts_without_csrf_token_are_refused(phrae, personas, world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(personas["pacc"])
    response = strict.post(
        reverse("pacc_application", args=[world["application"].pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(
        role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED, user=world["application"].membership.user
    ).exists()


def test_the_citizen_id_is_shown_masked_outside_pacc_and_never_in_full(client, phrae, personas, world):
    from siang.accounts.personas import persona

    full = persona("newcomer").citizen_id
    client.force_login(personas["pacc"])
    page = client.get(reverse("pacc_application", args=[world["application"].pk])).content.decode()
    assert "x-xxxx-xxxxx-" in page
    assert full not in page
