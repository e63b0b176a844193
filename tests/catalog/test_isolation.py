"""One unit's catalogue is invisible to another unit's staff: every id of unit A, under any unit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from siang.catalog import services
from siang.catalog.services import CatalogError
from tests.catalog.helpers import approved_process, make_process


@pytest.fixture
def unit_a(departments, personas):
    user, admin = personas["user_a"], personas["admin_a"]
    approved = approved_process(departments["a2"], user, admin)
    services.revision_update(process=approved, actor=user, content={"criteria_th": "แก้ไข"})
    approved.refresh_from_db()
    [waiting] = services.process_submit(processes=[approved], actor=user)
    draft = make_process(departments["a2"], user, sequence=2, name_th="การขออนุญาตก่อสร้างอาคาร")
    return {"department": departments["a2"], "approved": approved, "draft": draft, "waiting": waiting}


def unit_a_urls(a, unit_pk: int) -> list[str]:
    """Unit A's objects, addressed under `unit_pk` (A's own or B's)."""
    department, approved, draft, waiting = (
        a["department"].pk,
        a["approved"].pk,
        a["draft"].pk,
        a["waiting"].pk,
    )
    return [
        reverse("catalog_unit", args=[unit_pk]),
        reverse("catalog_departments", args=[unit_pk]),
        reverse("catalog_department_edit", args=[unit_pk, department]),
        reverse("catalog_process_new", args=[unit_pk]),
        reverse("catalog_process", args=[unit_pk, approved]),
        reverse("catalog_process_edit", args=[unit_pk, draft]),
        reverse("catalog_process_history", args=[unit_pk, approved]),
        reverse("catalog_review_queue", args=[unit_pk]),
        reverse("catalog_review", args=[unit_pk, waiting]),
    ]


def test_the_admin_of_unit_b_gets_not_found_on_every_unit_a_page(client, phrae, personas, unit_a):
    client.force_login(personas["admin_b"])
    unit_a_pk, unit_b_pk = phrae["units"]["a"].pk, phrae["units"]["b"].pk
    for url in unit_a_urls(unit_a, unit_a_pk):
        assert client.get(url).status_code == 404, url
    # A's objects under B's own address: B's Admin may open B's pages, never A's objects
    for url in unit_a_urls(unit_a, unit_b_pk):
        if "/catalogue/" in url and url.rstrip("/").rsplit("/", 1)[-1].isdigit():
            assert client.get(url).status_code == 404, url


def test_a_user_of_unit_a_cannot_reach_unit_a_objects_through_unit_b(client, phrae, personas, unit_a):
    client.force_login(personas["user_a"])
    for url in unit_a_urls(unit_a, phrae["units"]["b"].pk):
        assert client.get(url).status_code == 404, url


def test_posting_unit_a_ids_to_unit_b_changes_nothing(client, phrae, personas, unit_a):
    client.force_login(personas["admin_b"])
    unit_b = phrae["units"]["b"].pk
    client.post(reverse("catalog_submit", args=[unit_b]), {"process": [unit_a["draft"].pk]})
    client.post(reverse("catalog_review_approve", args=[unit_b]), {"revision": [unit_a["waiting"].pk]})
    unit_a["draft"].refresh_from_db()
    unit_a["waiting"].refresh_from_db()
    assert unit_a["draft"].draft_revision.status == "draft"
    assert unit_a["waiting"].status == "submitted"


def test_the_services_refuse_unit_b_staff_too(personas, departments, unit_a):
    admin_b = personas["admin_b"]
    for act in (
        lambda: services.process_submit(processes=[unit_a["draft"]], actor=admin_b),
        lambda: services.revision_approve(revision=unit_a["waiting"], actor=admin_b),
        lambda: services.revision_return(revision=unit_a["waiting"], actor=admin_b, comment="x"),
        lambda: services.revision_update(
            process=unit_a["draft"], actor=admin_b, content={"criteria_th": "x"}
        ),
        lambda: services.department_retire(department=departments["a1"], actor=admin_b),
        lambda: services.process_move(
            process=unit_a["draft"], actor=admin_b, department=departments["b1"], sequence=3
        ),
    ):
        with pytest.raises(CatalogError):
            act()


def test_views_never_query_tenant_models_unscoped():
    """Views reach departments, processes and revisions only through siang.accounts.access."""
    from pathlib import Path

    import siang.catalog.views as views

    source = Path(views.__file__).read_text()
    for model in ("ServiceProcess.objects", "ProcessRevision.objects", "get_object_or_404"):
        assert model not in source, model
    assert source.count("Department.objects") == 1  # the unit's own active departments, filtered by unit=
    assert "Department.objects.filter(unit=unit, is_active=True)" in source
