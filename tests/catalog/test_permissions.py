"""Every catalogue URL × every persona. A unit's catalogue belongs to its staff; PACC reads it;
anyone else gets "not found" (404), never a hint that it exists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from siang.catalog.models import Department, ProcessRevision, RevisionStatus, ServiceProcess
from tests.catalog.helpers import build_catalogue

PERSONAS = ("pacc", "overseer", "admin_a", "user_a", "admin_b", "newcomer", "anonymous")


def expect(**outcomes: int) -> dict[str, int]:
    """404 for every signed-in persona not named; anonymous is sent to sign in (302)."""
    return {key: 404 for key in PERSONAS} | {"anonymous": 302} | outcomes


STAFF_A = {"admin_a": 200, "user_a": 200}
READERS_A = STAFF_A | {"pacc": 200}


@pytest.fixture
def catalogue(phrae, personas):
    from siang.accounts import services as accounts

    accounts.profile_complete(user=personas["newcomer"], email="thana@example.go.th", phone="0812345678")
    return build_catalogue(phrae, personas)


def matrix(c) -> dict[str, tuple[str, dict[str, int]]]:
    unit = c["unit"].pk
    department, approved, draft = c["department"].pk, c["approved"].pk, c["draft"].pk
    return {
        "catalogue": (reverse("catalog_unit", args=[unit]), expect(**READERS_A)),
        "departments": (reverse("catalog_departments", args=[unit]), expect(admin_a=200)),
        "department": (reverse("catalog_department_edit", args=[unit, department]), expect(admin_a=200)),
        "new process": (reverse("catalog_process_new", args=[unit]), expect(**STAFF_A)),
        "process": (reverse("catalog_process", args=[unit, approved]), expect(**READERS_A)),
        "editor": (reverse("catalog_process_edit", args=[unit, draft]), expect(**STAFF_A)),
        "history": (reverse("catalog_process_history", args=[unit, approved]), expect(**READERS_A)),
        "review queue": (reverse("catalog_review_queue", args=[unit]), expect(admin_a=200)),
        "review": (reverse("catalog_review", args=[unit, c["waiting"].pk]), expect(admin_a=200)),
        "template library": (
            reverse("catalog_templates"),
            expect(pacc=200, admin_a=200, user_a=200, admin_b=200),
        ),
        "template": (
            reverse("catalog_template", args=[c["template"].pk]),
            expect(pacc=200, admin_a=200, user_a=200, admin_b=200),
        ),
        "citizen manual": (
            reverse("service_manual", args=[unit, approved]),
            {key: 200 for key in PERSONAS},
        ),
        "a draft has no citizen manual": (
            reverse("service_manual", args=[unit, draft]),
            {key: 404 for key in PERSONAS},
        ),
    }


def test_every_catalogue_page_for_every_persona(client, personas, catalogue):
    outcomes: dict[str, dict[str, int]] = {}
    expected: dict[str, dict[str, int]] = {}
    for name, (url, expect_) in matrix(catalogue).items():
        expected[name] = expect_
        outcomes[name] = {}
        for key in PERSONAS:
            client.logout()
            if key != "anonymous":
                client.force_login(personas[key])
            outcomes[name][key] = client.get(url).status_code
    assert outcomes == expected


def posts(c) -> dict[str, tuple[str, dict]]:
    unit = c["unit"].pk
    return {
        "submit": (reverse("catalog_submit", args=[unit]), {"process": [c["draft"].pk]}),
        "add department": (reverse("catalog_departments", args=[unit]), {"sequence": 9, "name_th": "กองคลัง"}),
        "renumber": (reverse("catalog_departments_order", args=[unit]), {f"d{c['department'].pk}": 5}),
        "rename": (
            reverse("catalog_department_edit", args=[unit, c["department"].pk]),
            {"name_th": "กองโยธา"},
        ),
        "retire": (reverse("catalog_department_retire", args=[unit, c["department"].pk]), {}),
        "new process": (
            reverse("catalog_process_new", args=[unit]),
            {"department": c["department"].pk, "name_th": "การขุดดิน"},
        ),
        "edit": (reverse("catalog_process_edit", args=[unit, c["draft"].pk]), {"name_th": "การถมดิน"}),
        "move": (
            reverse("catalog_process_move", args=[unit, c["draft"].pk]),
            {"department": c["department"].pk, "sequence": 9},
        ),
        "discard": (reverse("catalog_process_discard", args=[unit, c["draft"].pk]), {}),
        "approve": (reverse("catalog_review", args=[unit, c["waiting"].pk]), {"decision": "approve"}),
        "return": (
            reverse("catalog_review", args=[unit, c["waiting"].pk]),
            {"decision": "return", "comment": "ไม่"},
        ),
        "bulk approve": (reverse("catalog_review_approve", args=[unit]), {"revision": [c["waiting"].pk]}),
    }


def snapshot():
    return (
        list(Department.objects.values_list("pk", "sequence", "name_th", "is_active").order_by("pk")),
        list(
            ServiceProcess.objects.values_list(
                "pk", "department_id", "sequence", "live_revision_id"
            ).order_by("pk")
        ),
        list(ProcessRevision.objects.values_list("pk", "status", "name_th").order_by("pk")),
    )


@pytest.mark.parametrize("who", ["admin_b", "overseer", "pacc", "newcomer"])
def test_outsiders_cannot_change_the_catalogue_through_any_form(client, personas, catalogue, who):
    before = snapshot()
    client.force_login(personas[who])
    refused = {name: client.post(url, data).status_code for name, (url, data) in posts(catalogue).items()}
    assert refused == {name: 404 for name in refused}
    assert snapshot() == before


def test_a_user_cannot_manage_departments_or_review(client, personas, catalogue):
    before = snapshot()
    client.force_login(personas["user_a"])
    admin_only = ("add department", "renumber", "rename", "retire", "approve", "return", "bulk approve")
    for name in admin_only:
        url, data = posts(catalogue)[name]
        assert client.post(url, data).status_code == 404, name
    assert snapshot() == before
    assert ProcessRevision.objects.get(pk=catalogue["waiting"].pk).status == RevisionStatus.SUBMITTED


def test_only_pacc_offers_templates(client, personas, catalogue):
    url = reverse("catalog_template_offer", args=[catalogue["template"].pk])
    for key in ("admin_a", "user_a", "overseer"):
        client.force_login(personas[key])
        assert client.post(url, {"offer": "0"}).status_code == 404
    assert catalogue["template"].__class__.objects.get().is_active is True
