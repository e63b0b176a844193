"""Departments: the Admin adds, renames, renumbers and retires them; numbers unique in the unit."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from siang.audit.models import AuditEvent
from siang.catalog import services
from siang.catalog.models import Department
from siang.catalog.services import CatalogError
from tests.catalog.helpers import make_process


def test_the_admin_adds_a_department_and_it_is_audited(phrae, personas):
    department = services.department_create(
        unit=phrae["units"]["a"],
        actor=personas["admin_a"],
        sequence=3,
        name_th="  กองคลัง\u200b ",
        name_en="Finance",
    )
    assert (department.sequence, department.name_th, department.name_en) == (3, "กองคลัง", "Finance")
    event = AuditEvent.objects.get(action="department.created")
    assert event.actor == personas["admin_a"] and event.after["name_th"] == "กองคลัง"


@pytest.mark.parametrize("who", ["user_a", "admin_b", "pacc", "overseer"])
def test_only_an_admin_of_the_unit_manages_departments(phrae, personas, departments, who):
    actor = personas[who]
    with pytest.raises(CatalogError, match="Only an Admin of this unit"):
        services.department_create(unit=phrae["units"]["a"], actor=actor, sequence=9, name_th="กองคลัง")
    for change in (
        lambda: services.department_update(department=departments["a2"], actor=actor, name_th="กองโยธา"),
        lambda: services.departments_reorder(
            unit=phrae["units"]["a"], actor=actor, order={departments["a2"].pk: 5}
        ),
        lambda: services.department_retire(department=departments["a2"], actor=actor),
    ):
        with pytest.raises(CatalogError):
            change()
    departments["a2"].refresh_from_db()
    assert (departments["a2"].name_th, departments["a2"].sequence, departments["a2"].is_active) == (
        "กองช่าง",
        2,
        True,
    )


def test_a_number_used_in_the_unit_is_refused_with_a_clear_message(phrae, personas, departments):
    with pytest.raises(CatalogError) as refused:
        services.department_create(
            unit=phrae["units"]["a"], actor=personas["admin_a"], sequence=2, name_th="กองคลัง"
        )
    assert str(refused.value) == "Number 2 is already used by “กองช่าง” in this unit. Choose another number."
    # another unit may use the same number
    services.department_create(
        unit=phrae["units"]["b"], actor=personas["admin_b"], sequence=2, name_th="กองคลัง"
    )


def test_when_the_database_refuses_the_number_the_message_is_the_same(
    phrae, personas, departments, monkeypatch
):
    """Two Admins adding number 3 at once: the check passes for both; the database stops the second."""
    unit = phrae["units"]["a"]
    monkeypatch.setattr(services, "department_clash", lambda *a, **k: None)
    services.department_create(unit=unit, actor=personas["admin_a"], sequence=3, name_th="กองคลัง")
    monkeypatch.undo()
    real_clash = services.department_clash
    calls = []

    def clash_after_the_insert(*args, **kwargs):
        calls.append(args)
        return None if len(calls) == 1 else real_clash(*args, **kwargs)

    monkeypatch.setattr(services, "department_clash", clash_after_the_insert)
    with pytest.raises(CatalogError) as refused:
        services.department_create(unit=unit, actor=personas["admin_a"], sequence=3, name_th="กองการศึกษา")
    assert str(refused.value) == "Number 3 is already used by “กองคลัง” in this unit. Choose another number."
    assert len(calls) == 2, "the message must come from the database's refusal, after the insert"
    assert isinstance(refused.value.__context__, IntegrityError)
    assert Department.objects.filter(unit=unit, name_th="กองการศึกษา").count() == 0


def test_a_department_name_is_unique_in_the_unit(phrae, personas, departments):
    with pytest.raises(CatalogError, match="already has a department named “กองช่าง”"):
        services.department_create(
            unit=phrae["units"]["a"], actor=personas["admin_a"], sequence=5, name_th="กองช่าง "
        )


def test_rename(personas, departments):
    department = services.department_update(
        department=departments["a2"],
        actor=personas["admin_a"],
        name_th="กองโยธา",
        name_en="Public Works",
        serves_public=True,
    )
    assert (department.name_th, department.name_en) == ("กองโยธา", "Public Works")
    event = AuditEvent.objects.get(action="department.updated")
    assert event.before == {"name_th": "กองช่าง", "name_en": "Engineering Division"}


def test_reorder_swaps_numbers_without_breaking_uniqueness(phrae, personas, departments):
    unit = phrae["units"]["a"]
    a1, a2 = departments["a1"], departments["a2"]
    services.departments_reorder(unit=unit, actor=personas["admin_a"], order={a1.pk: 2, a2.pk: 1})
    a1.refresh_from_db()
    a2.refresh_from_db()
    assert (a1.sequence, a2.sequence) == (2, 1)
    assert AuditEvent.objects.filter(action="department.renumbered").count() == 2


def test_reorder_refuses_two_departments_on_one_number(phrae, personas, departments):
    with pytest.raises(CatalogError, match="Number 2 is given to more than one department"):
        services.departments_reorder(
            unit=phrae["units"]["a"], actor=personas["admin_a"], order={departments["a1"].pk: 2}
        )


def test_reorder_cannot_touch_another_units_department(phrae, personas, departments):
    with pytest.raises(CatalogError):
        services.departments_reorder(
            unit=phrae["units"]["a"], actor=personas["admin_a"], order={departments["b1"].pk: 7}
        )
    departments["b1"].refresh_from_db()
    assert departments["b1"].sequence == 1


@pytest.mark.parametrize("number", [0, 1000])
def test_numbers_are_from_1_to_999(phrae, personas, number):
    with pytest.raises(CatalogError, match="between 1 and 999"):
        services.department_create(
            unit=phrae["units"]["a"], actor=personas["admin_a"], sequence=number, name_th="กอง"
        )


def test_retire_frees_the_number_and_keeps_the_record(phrae, personas, departments):
    services.department_retire(department=departments["a2"], actor=personas["admin_a"])
    departments["a2"].refresh_from_db()
    assert departments["a2"].is_active is False
    replacement = services.department_create(
        unit=phrae["units"]["a"], actor=personas["admin_a"], sequence=2, name_th="กองช่าง"
    )
    assert replacement.sequence == 2
    with pytest.raises(CatalogError, match="already retired"):
        services.department_retire(department=departments["a2"], actor=personas["admin_a"])


def test_a_department_with_processes_is_not_retired(personas, departments):
    make_process(departments["a2"], personas["user_a"])
    with pytest.raises(CatalogError, match=r"still has 1 service processes\. Move them"):
        services.department_retire(department=departments["a2"], actor=personas["admin_a"])
