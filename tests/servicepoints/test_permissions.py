"""Every page and download, for every persona: the unit's staff look, its Admins change, PACC checks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from siang.servicepoints.models import Placement, ServicePoint
from tests.servicepoints import helpers

VIEW_PAGES = [
    ("servicepoints_list", False),
    ("servicepoints_checklist", False),
]
POINT_PAGES = [
    "servicepoint_detail",
    "servicepoint_qr_svg",
    "servicepoint_poster",
    "servicepoint_card",
    "servicepoint_snippet",
]


@pytest.fixture
def setup(unit_a, point, personas):
    website = helpers.board(unit_a, personas["admin_a"], placement=Placement.WEBSITE)
    report = helpers.report(point, personas["admin_a"], seeds=(1,))
    photo = report.photos.get()
    return {"unit": unit_a, "point": point, "website": website, "report": report, "photo": photo}


def _reader_urls(setup) -> list[str]:
    unit, point = setup["unit"], setup["point"]
    urls = [reverse(name, args=[unit.pk]) for name, _ in VIEW_PAGES]
    urls += [
        reverse(name, args=[unit.pk, point.pk]) for name in POINT_PAGES if name != "servicepoint_snippet"
    ]
    urls.append(reverse("servicepoint_snippet", args=[unit.pk, setup["website"].pk]))
    urls.append(reverse("servicepoint_qr_png", args=[unit.pk, point.pk, "print"]))
    urls.append(reverse("installation_photo", args=[unit.pk, setup["photo"].pk, "thumb"]))
    urls.append(reverse("installation_photo", args=[unit.pk, setup["photo"].pk, "large"]))
    return urls


def _admin_urls(setup) -> list[str]:
    unit, point = setup["unit"], setup["point"]
    return [
        reverse("servicepoint_new", args=[unit.pk]),
        reverse("servicepoint_retire", args=[unit.pk, point.pk]),
        reverse("servicepoint_installation", args=[unit.pk, setup["website"].pk]),
    ]


@pytest.mark.parametrize("who", ["admin_a", "user_a", "user_a2", "pacc"])
def test_the_units_staff_and_pacc_see_the_codes_and_downloads(client, personas, setup, who):
    client.force_login(personas[who])
    for url in _reader_urls(setup):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["admin_b", "overseer"])
def test_anyone_else_gets_not_found_for_unit_as_pages_downloads_and_photos(client, personas, setup, who):
    client.force_login(personas[who])
    for url in _reader_urls(setup) + _admin_urls(setup):
        assert client.get(url).status_code == 404, url


def test_a_newcomer_is_refused_everything(client, personas, setup):
    """Without a completed profile the newcomer is sent to it first; with one, 'not found'."""
    newcomer = personas["newcomer"]
    client.force_login(newcomer)
    for url in _reader_urls(setup) + _admin_urls(setup):
        response = client.get(url)
        assert response.status_code == 302 and "/profile/" in response["Location"], url
    newcomer.email, newcomer.phone = "thana@example.com", "0812345678"
    from django.utils import timezone

    newcomer.profile_completed_at = timezone.now()
    newcomer.save()
    for url in _reader_urls(setup) + _admin_urls(setup):
        assert client.get(url).status_code == 404, url


def test_a_signed_out_visitor_is_sent_to_sign_in(client, setup):
    response = client.get(reverse("servicepoints_list", args=[setup["unit"].pk]))
    assert response.status_code == 302 and "signin" in response["Location"]


@pytest.mark.parametrize("who", ["user_a", "pacc", "admin_b"])
def test_only_the_units_admin_changes_anything(client, personas, setup, who):
    client.force_login(personas[who])
    for url in _admin_urls(setup):
        assert client.get(url).status_code == 404, url
    unit = setup["unit"]
    response = client.post(reverse("servicepoint_new", args=[unit.pk]), {"placement": "pr_board"})
    assert response.status_code == 404 and ServicePoint.objects.filter(unit=unit).count() == 2
    response = client.post(reverse("servicepoint_retire", args=[unit.pk, setup["point"].pk]), {"reason": "x"})
    assert response.status_code == 404 and ServicePoint.objects.get(pk=setup["point"].pk).is_active


def test_the_admin_pages_open_for_the_admin(client, personas, setup):
    client.force_login(personas["admin_a"])
    for url in _admin_urls(setup):
        assert client.get(url).status_code == 200, url


def test_admin_b_cannot_reach_unit_as_point_under_its_own_unit(client, personas, setup, phrae):
    client.force_login(personas["admin_b"])
    unit_b = phrae["units"]["b"]
    point, photo = setup["point"], setup["photo"]
    for url in (
        reverse("servicepoint_detail", args=[unit_b.pk, point.pk]),
        reverse("servicepoint_poster", args=[unit_b.pk, point.pk]),
        reverse("installation_photo", args=[unit_b.pk, photo.pk, "large"]),
        reverse("servicepoint_installation", args=[unit_b.pk, point.pk]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["admin_a", "user_a", "overseer", "newcomer", "admin_b"])
def test_only_pacc_sees_the_verification_queue(client, personas, setup, who):
    client.force_login(personas[who])
    refused = {404} if who != "newcomer" else {302}  # the newcomer is first sent to complete a profile
    assert client.get(reverse("pacc_installations")).status_code in refused
    assert client.get(reverse("pacc_installation", args=[setup["report"].pk])).status_code in refused
    response = client.post(reverse("pacc_installation", args=[setup["report"].pk]), {"decision": "verify"})
    assert response.status_code in refused
    setup["report"].refresh_from_db()
    assert setup["report"].status == "pending"


def test_pacc_sees_the_queue(client, personas, setup):
    client.force_login(personas["pacc"])
    assert client.get(reverse("pacc_installations")).status_code == 200


def test_a_retired_codes_downloads_are_gone_but_its_page_says_why(client, personas, setup):
    from siang.servicepoints import services

    unit, point = setup["unit"], setup["point"]
    new = services.service_point_retire_and_replace(point=point, actor=personas["admin_a"], reason="ถูกขโมย")
    client.force_login(personas["admin_a"])
    assert client.get(reverse("servicepoint_poster", args=[unit.pk, point.pk])).status_code == 404
    page = client.get(reverse("servicepoint_detail", args=[unit.pk, point.pk])).content.decode()
    assert "ถูกขโมย" in page and reverse("servicepoint_detail", args=[unit.pk, new.pk]) in page
