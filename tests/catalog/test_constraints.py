"""The database itself refuses what the services refuse (validate twice: messages, then truth)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from siang.catalog.models import Department, ProcessRevision, RevisionStatus, ServiceProcess


def refused(create) -> bool:
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def test_department_numbers_are_unique_in_a_unit_by_the_database(departments, phrae):
    unit_a = phrae["units"]["a"]
    assert refused(lambda: Department.objects.create(unit=unit_a, sequence=2, name_th="กองคลัง"))
    # the same number in another unit is fine, and so is a retired department's number
    Department.objects.create(unit=phrae["units"]["b"], sequence=2, name_th="กองคลัง")
    Department.objects.create(unit=unit_a, sequence=2, name_th="กองช่างเดิม", is_active=False)
    assert Department.objects.filter(unit=unit_a, sequence=2).count() == 2


def test_department_numbers_start_at_one(phrae):
    assert refused(lambda: Department.objects.create(unit=phrae["units"]["a"], sequence=0, name_th="กองคลัง"))


def test_process_numbers_are_unique_in_a_department_by_the_database(water, departments, personas):
    clash = ServiceProcess(
        unit=water.unit, department=departments["a2"], sequence=water.sequence, created_by=personas["user_a"]
    )
    assert refused(clash.save)
    ServiceProcess.objects.create(
        unit=water.unit, department=departments["a1"], sequence=water.sequence, created_by=personas["user_a"]
    )


def _revision(process, user, **fields) -> ProcessRevision:
    values = {"process": process, "number": 9, "name_th": "การทดสอบ", "created_by": user} | fields
    return ProcessRevision(**values)


def test_a_submitted_or_approved_revision_must_state_its_fee(water, personas):
    user = personas["user_a"]
    now = timezone.now()
    submitted = {"status": RevisionStatus.SUBMITTED, "submitted_by": user, "submitted_at": now}
    approved = submitted | {"status": RevisionStatus.APPROVED, "decided_by": user, "decided_at": now}
    other = ServiceProcess.objects.create(
        unit=water.unit, department=water.department, sequence=2, created_by=user
    )
    assert refused(_revision(other, user, number=1, fees=[], no_fee=False, **submitted).save)
    assert refused(_revision(other, user, number=1, fees=[], no_fee=False, **approved).save)
    _revision(other, user, number=1, fees=[], no_fee=True, **approved).save()
    _revision(other, user, number=2, fees=[{"th": "ค่าธรรมเนียม", "en": "", "amount": 10}], **submitted).save()
    # a draft may still be without a fee statement
    third = ServiceProcess.objects.create(
        unit=water.unit, department=water.department, sequence=3, created_by=user
    )
    _revision(third, user, number=1, fees=[], no_fee=False, status=RevisionStatus.DRAFT).save()


def test_one_open_revision_per_process_and_unique_numbers(water, personas):
    user = personas["user_a"]
    assert refused(_revision(water, user, number=2).save)  # a second draft beside the first
    assert refused(
        _revision(
            water,
            user,
            number=1,
            status=RevisionStatus.RETURNED,
            review_comment="x",
            submitted_by=user,
            submitted_at=timezone.now(),
            decided_by=user,
            decided_at=timezone.now(),
        ).save
    )


def test_a_returned_revision_carries_the_admins_comment(water, personas):
    user = personas["user_a"]
    now = timezone.now()
    returned = {
        "status": RevisionStatus.RETURNED,
        "submitted_by": user,
        "submitted_at": now,
        "decided_by": user,
        "decided_at": now,
    }
    assert refused(_revision(water, user, number=5, review_comment="", **returned).save)
    _revision(water, user, number=5, review_comment="เพิ่มค่าธรรมเนียม", **returned).save()


def test_a_decision_records_who_and_when(water, personas):
    user = personas["user_a"]
    assert refused(
        _revision(
            water,
            user,
            number=5,
            status=RevisionStatus.APPROVED,
            no_fee=True,
            submitted_by=user,
            submitted_at=timezone.now(),
        ).save
    )
    assert refused(_revision(water, user, number=6, status=RevisionStatus.SUBMITTED, no_fee=True).save)


def test_a_revision_needs_a_thai_name(water, personas):
    assert refused(_revision(water, personas["user_a"], number=5, name_th="").save)


def test_process_numbers_start_at_one(water, personas):
    bad = ServiceProcess(
        unit=water.unit, department=water.department, sequence=0, created_by=personas["user_a"]
    )
    assert refused(bad.save)
