"""The policy's two questions, asked directly: may this person do this here, and which may they see."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from siang.accounts import services
from siang.accounts.documents import check_pdf, expected_file_name
from siang.accounts.models import AdminApplication, Membership, MembershipStatus, Role
from siang.directory.models import Province
from siang.policy import NATION, actions, can, visible
from siang.policy.roles import ACTIONS
from tests.accounts.pdfs import upload


@pytest.fixture
def nan(db):
    return Province.objects.create(code="55", name_th="น่าน", name_en="Nan", sort_key="น่าน")


def test_an_overseer_answers_for_their_province_only(phrae, personas, nan):
    overseer = personas["overseer"]
    mueang, unit_a = phrae["districts"]["mueang"], phrae["units"]["a"]
    for place in (phrae["province"], mueang, unit_a):
        assert can(overseer, actions.COMPLIANCE_VIEW, place)
    assert not can(overseer, actions.COMPLIANCE_VIEW, nan)
    assert not can(overseer, actions.COMPLIANCE_VIEW, NATION)
    assert not can(overseer, actions.CATALOG_VIEW, unit_a)  # an area, not the unit's own pages


def test_a_district_overseer_answers_for_their_district_only(phrae, personas):
    district_overseer = personas["newcomer"]
    Membership.objects.create(
        user=district_overseer,
        role=Role.OVERSEER,
        province=phrae["province"],
        district=phrae["districts"]["long"],
        status=MembershipStatus.APPROVED,
    )
    assert can(district_overseer, actions.COMPLIANCE_VIEW, phrae["districts"]["long"])
    assert can(district_overseer, actions.COMPLIANCE_VIEW, phrae["units"]["ban_pin_sao"])
    assert not can(district_overseer, actions.COMPLIANCE_VIEW, phrae["units"]["a"])  # เมืองแพร่
    assert not can(district_overseer, actions.COMPLIANCE_VIEW, phrae["province"])


def test_unit_roles_answer_for_their_unit_only(phrae, personas):
    unit_a, unit_b = phrae["units"]["a"], phrae["units"]["b"]
    assert can(personas["admin_a"], actions.CATALOG_REVIEW, unit_a)
    assert not can(personas["admin_a"], actions.CATALOG_REVIEW, unit_b)
    assert can(personas["user_a"], actions.CATALOG_EDIT, unit_a)
    assert not can(personas["user_a"], actions.CATALOG_REVIEW, unit_a)
    assert can(personas["pacc"], actions.CATALOG_VIEW, unit_b)
    assert not can(personas["pacc"], actions.CATALOG_EDIT, unit_b)


def test_nobody_anonymous_or_without_a_role_may_do_anything(phrae, personas):
    for nobody in (AnonymousUser(), None, personas["newcomer"]):
        assert not any(can(nobody, action) for action in ACTIONS)


def test_a_misspelt_action_is_an_error_not_a_refusal(personas):
    with pytest.raises(ValueError, match=r"catalog\.proces\.edit"):
        can(personas["pacc"], "catalog.proces.edit")


def test_a_revoked_role_no_longer_counts_in_a_service(phrae, personas):
    admin = personas["admin_a"]
    assert can(admin, actions.CATALOG_REVIEW, phrae["units"]["a"])  # cached for the request
    Membership.objects.filter(user=admin, role=Role.UNIT_ADMIN).update(status=MembershipStatus.REVOKED)
    assert not can(admin, actions.CATALOG_REVIEW, phrae["units"]["a"], fresh=True)


def test_the_list_of_applications_is_scoped_without_a_query_of_its_own(
    phrae, personas, django_assert_max_num_queries
):
    newcomer = personas["newcomer"]
    services.profile_complete(user=newcomer, email="thana@example.go.th", phone="0812345678")
    document = upload(expected_file_name(phrae["units"]["a"]))
    services.admin_application_submit(
        user=newcomer,
        unit=phrae["units"]["a"],
        document=document,
        listed_names=[newcomer.name_th],
        checked=check_pdf(document),
    )
    seen = {}
    for key in ("pacc", "admin_a", "admin_b", "overseer"):
        person = personas[key]
        can(person, actions.APPLICATION_VIEW)  # the person's memberships, read once per request
        with django_assert_max_num_queries(1):  # none at all when nothing is visible
            seen[key] = list(visible(person, actions.APPLICATION_VIEW, AdminApplication.objects.all()))
    assert {key: len(rows) for key, rows in seen.items()} == {
        "pacc": 1,
        "admin_a": 1,
        "admin_b": 0,
        "overseer": 0,
    }


def test_templates_ask_with_the_can_tag(phrae, personas):
    template = Template(
        '{% load policy %}{% can "catalog.revision.review" unit as may %}{% if may %}review{% else %}read{% endif %}'
    )
    request = RequestFactory().get("/")
    for key, shown in (("admin_a", "review"), ("user_a", "read"), ("pacc", "read")):
        request.user = personas[key]
        assert template.render(Context({"request": request, "unit": phrae["units"]["a"]})) == shown
