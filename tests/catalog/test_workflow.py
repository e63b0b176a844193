"""The review workflow: draft → submitted → returned (comment) → resubmitted → approved, and after."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from siang.accounts.models import Notification
from siang.audit.models import AuditEvent
from siang.catalog import services
from siang.catalog.models import ProcessRevision, RevisionStatus, ServiceProcess
from siang.catalog.services import CatalogError, IncompleteError
from tests.catalog.helpers import approved_process, complete_content, make_process


def actions(obj) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_the_whole_review_workflow(departments, personas, mailoutbox, django_capture_on_commit_callbacks):
    user, admin = personas["user_a"], personas["admin_a"]
    process = make_process(departments["a2"], user)
    first = process.draft_revision
    assert (first.number, first.status) == (1, RevisionStatus.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        [submitted] = services.process_submit(processes=[process], actor=user)
    assert (submitted.pk, submitted.status, submitted.submitted_by) == (
        first.pk,
        RevisionStatus.SUBMITTED,
        user,
    )
    to_admin = Notification.objects.get(user=admin)
    assert "การขออนุญาตใช้น้ำประปา" in to_admin.body and to_admin.link.endswith("/catalogue/review/")
    assert [m.to for m in mailoutbox] == [[admin.email]]

    with django_capture_on_commit_callbacks(execute=True):
        returned = services.revision_return(revision=submitted, actor=admin, comment="ค่าประกันมาตรวัดน้ำไม่ถูกต้อง")
    assert (returned.status, returned.review_comment, returned.decided_by) == (
        RevisionStatus.RETURNED,
        "ค่าประกันมาตรวัดน้ำไม่ถูกต้อง",
        admin,
    )
    to_user = Notification.objects.get(user=user)
    assert "ค่าประกันมาตรวัดน้ำไม่ถูกต้อง" in to_user.body
    assert mailoutbox[-1].to == [user.email]

    # The User fixes it: a new revision, copied from the returned one, which stays as the record.
    fixed = services.revision_update(
        process=process, actor=user, content={"fees": [{"th": "ค่าประกันมาตรวัดน้ำ", "en": "", "amount": 300}]}
    )
    assert (fixed.number, fixed.status, fixed.based_on_id) == (2, RevisionStatus.DRAFT, first.pk)
    first.refresh_from_db()
    assert (first.status, first.fees[0]["amount"]) == (RevisionStatus.RETURNED, 500)

    [resubmitted] = services.process_submit(processes=[process], actor=user)
    approved = services.revision_approve(revision=resubmitted, actor=admin)
    process.refresh_from_db()
    assert (approved.status, approved.decided_by) == (RevisionStatus.APPROVED, admin)
    assert (process.live_revision_id, process.draft_revision_id) == (fixed.pk, None)
    assert actions(first) == ["revision.updated", "revision.submitted", "revision.returned"]
    assert actions(fixed) == [
        "revision.started",
        "revision.updated",
        "revision.submitted",
        "revision.approved",
    ]
    assert Notification.objects.filter(user=user, subject__contains="Service processes approved").count() == 1


def test_changing_an_approved_process_makes_a_new_revision_and_the_old_stays_live(departments, personas):
    user, admin = personas["user_a"], personas["admin_a"]
    process = approved_process(departments["a2"], user, admin)
    live = process.live_revision
    draft = services.revision_update(process=process, actor=user, content={"total_time_th": "5 วันทำการ"})
    process.refresh_from_db()
    assert (draft.number, draft.status, draft.based_on_id) == (2, RevisionStatus.DRAFT, live.pk)
    assert process.live_revision_id == live.pk and process.draft_revision_id == draft.pk
    live.refresh_from_db()
    assert live.total_time_th == "7 วันทำการ 30 นาที"
    # further edits change the same draft
    again = services.revision_update(process=process, actor=user, content={"total_time_th": "6 วันทำการ"})
    assert again.pk == draft.pk and ProcessRevision.objects.filter(process=process).count() == 2


def test_saving_without_a_change_makes_no_revision(departments, personas):
    process = approved_process(departments["a2"], personas["user_a"], personas["admin_a"])
    same = services.revision_update(process=process, actor=personas["user_a"], content=complete_content())
    assert same.pk == process.live_revision_id
    process.refresh_from_db()
    assert process.draft_revision_id is None


def test_an_incomplete_process_is_refused_with_what_it_lacks(departments, personas):
    user = personas["user_a"]
    complete = make_process(departments["a2"], user)
    bare = services.process_create(
        department=departments["a2"], actor=user, sequence=2, name_th="การขออนุญาตขุดดิน"
    )
    with pytest.raises(IncompleteError) as refused:
        services.process_submit(processes=[complete, bare], actor=user)
    [(process, missing)] = refused.value.problems
    assert process.pk == bare.pk
    assert {m.section for m in missing} == {
        "legal_bases",
        "channels",
        "steps",
        "time",
        "documents",
        "fees",
        "complaint_channels",
    }
    assert "Nothing was sent" in str(refused.value) and "การขออนุญาตขุดดิน" in str(refused.value)
    complete.refresh_from_db()
    assert complete.draft_revision.status == RevisionStatus.DRAFT  # all or nothing


def test_submit_many_and_approve_in_bulk(departments, personas, django_capture_on_commit_callbacks):
    user, admin = personas["user_a"], personas["admin_a"]
    processes = [
        make_process(
            departments["a1"], user, sequence=1, name_th="การขอรับเงินเบี้ยยังชีพผู้สูงอายุ", no_fee=True, fees=[]
        ),
        make_process(departments["a2"], user, sequence=1),
        make_process(departments["a2"], user, sequence=2, name_th="การขออนุญาตก่อสร้างอาคาร"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        revisions = services.process_submit(processes=processes, actor=user)
    assert Notification.objects.filter(user=admin).count() == 1  # one message for the batch
    with django_capture_on_commit_callbacks(execute=True):
        services.revisions_approve(revisions=revisions, actor=admin)
    assert (
        ServiceProcess.objects.filter(live_revision__isnull=False, draft_revision__isnull=True).count() == 3
    )
    assert AuditEvent.objects.filter(action="revision.approved").count() == 3
    assert Notification.objects.filter(user=user).count() == 1


def test_bulk_approval_is_all_or_nothing(departments, personas):
    user, admin = personas["user_a"], personas["admin_a"]
    submitted = services.process_submit(processes=[make_process(departments["a2"], user)], actor=user)
    draft = make_process(departments["a2"], user, sequence=2, name_th="การขออนุญาตก่อสร้างอาคาร").draft_revision
    with pytest.raises(CatalogError, match="is not waiting for review; it is Draft"):
        services.revisions_approve(revisions=[*submitted, draft], actor=admin)
    assert ProcessRevision.objects.filter(status=RevisionStatus.APPROVED).count() == 0


def test_illegal_transitions_are_refused(departments, personas):
    user, admin = personas["user_a"], personas["admin_a"]
    process = make_process(departments["a2"], user)
    draft = process.draft_revision
    with pytest.raises(CatalogError, match="not waiting for review"):
        services.revision_approve(revision=draft, actor=admin)
    with pytest.raises(CatalogError, match="not waiting for review"):
        services.revision_return(revision=draft, actor=admin, comment="x")

    [submitted] = services.process_submit(processes=[process], actor=user)
    with pytest.raises(CatalogError, match="already waiting for the Admin's review"):
        services.process_submit(processes=[process], actor=user)
    with pytest.raises(CatalogError, match="waiting for the Admin's review"):
        services.revision_update(process=process, actor=user, content={"criteria_th": "ใหม่"})
    with pytest.raises(CatalogError, match="Only an Admin of this unit"):
        services.revision_approve(revision=submitted, actor=user)
    with pytest.raises(CatalogError, match="Write what needs to change"):
        services.revision_return(revision=submitted, actor=admin, comment="  ")

    services.revision_approve(revision=submitted, actor=admin)
    with pytest.raises(CatalogError, match="not waiting for review; it is Approved"):
        services.revision_approve(revision=submitted, actor=admin)
    with pytest.raises(CatalogError, match="not waiting for review"):
        services.revision_return(revision=submitted, actor=admin, comment="ช้าไป")
    process.refresh_from_db()
    with pytest.raises(CatalogError, match="no changes to submit"):
        services.process_submit(processes=[process], actor=user)
    with pytest.raises(CatalogError, match="at least one"):
        services.process_submit(processes=[], actor=user)


def test_a_returned_process_may_be_sent_again_as_it_is(departments, personas):
    user, admin = personas["user_a"], personas["admin_a"]
    process = make_process(departments["a2"], user)
    [submitted] = services.process_submit(processes=[process], actor=user)
    services.revision_return(revision=submitted, actor=admin, comment="ตรวจสอบอีกครั้ง")
    process.refresh_from_db()
    [again] = services.process_submit(processes=[process], actor=user)
    assert (again.number, again.status, again.based_on_id) == (2, RevisionStatus.SUBMITTED, submitted.pk)


def test_unsent_changes_to_an_approved_process_can_be_discarded(departments, personas):
    user = personas["user_a"]
    process = approved_process(departments["a2"], user, personas["admin_a"])
    services.revision_update(process=process, actor=user, content={"criteria_th": "ใหม่"})
    process.refresh_from_db()
    services.draft_discard(process=process, actor=user)
    process.refresh_from_db()
    assert process.draft_revision_id is None and process.revisions.count() == 1
    with pytest.raises(CatalogError, match="no unsent changes"):
        services.draft_discard(process=process, actor=user)


def test_process_numbers_clash_in_a_department_with_a_clear_message(departments, personas, monkeypatch):
    user = personas["user_a"]
    make_process(departments["a2"], user, sequence=1)
    with pytest.raises(CatalogError) as refused:
        services.process_create(department=departments["a2"], actor=user, sequence=1, name_th="การขุดดิน")
    expected = "Number 1 is already used by “การขออนุญาตใช้น้ำประปา” in this department. Choose another number."
    assert str(refused.value) == expected
    # the same number in another department is fine
    services.process_create(department=departments["a1"], actor=user, sequence=1, name_th="การขุดดิน")

    # when two people take the number at once, both pass the check; the database refuses the second,
    # and the message is the same
    monkeypatch.setattr(services, "_raise", lambda error: None)
    with pytest.raises(CatalogError) as refused:
        services.process_create(department=departments["a2"], actor=user, sequence=1, name_th="การถมดิน")
    assert isinstance(refused.value.__context__, IntegrityError)
    assert str(refused.value) == expected
    assert ServiceProcess.objects.filter(department=departments["a2"]).count() == 1


def test_moving_a_process(departments, personas):
    user = personas["user_a"]
    water = make_process(departments["a2"], user, sequence=1)
    make_process(departments["a1"], user, sequence=1, name_th="การขออนุญาตก่อสร้างอาคาร")
    with pytest.raises(CatalogError, match="Number 1 is already used by “การขออนุญาตก่อสร้างอาคาร”"):
        services.process_move(process=water, actor=user, department=departments["a1"], sequence=1)
    moved = services.process_move(process=water, actor=user, department=departments["a1"], sequence=2)
    assert (moved.department_id, moved.sequence) == (departments["a1"].pk, 2)
    with pytest.raises(CatalogError, match="department of this unit"):
        services.process_move(process=water, actor=user, department=departments["b1"], sequence=5)


def test_a_process_is_not_created_in_a_retired_department(departments, personas):
    services.department_retire(department=departments["a1"], actor=personas["admin_a"])
    with pytest.raises(CatalogError, match="retired"):
        services.process_create(
            department=departments["a1"], actor=personas["user_a"], sequence=1, name_th="การขุดดิน"
        )


@pytest.mark.parametrize("who", ["admin_b", "pacc", "overseer", "newcomer"])
def test_people_outside_the_unit_cannot_act_on_its_catalogue(departments, personas, who):
    user, admin, outsider = personas["user_a"], personas["admin_a"], personas[who]
    process = make_process(departments["a2"], user)
    with pytest.raises(CatalogError):
        services.process_create(department=departments["a2"], actor=outsider, sequence=5, name_th="การขุดดิน")
    with pytest.raises(CatalogError):
        services.revision_update(process=process, actor=outsider, content={"criteria_th": "แก้"})
    with pytest.raises(CatalogError):
        services.process_submit(processes=[process], actor=outsider)
    with pytest.raises(CatalogError):
        services.process_move(process=process, actor=outsider, department=departments["a2"], sequence=7)
    [submitted] = services.process_submit(processes=[process], actor=user)
    with pytest.raises(CatalogError):
        services.revision_approve(revision=submitted, actor=outsider)
    with pytest.raises(CatalogError):
        services.revision_return(revision=submitted, actor=outsider, comment="ไม่")
    submitted.refresh_from_db()
    assert submitted.status == RevisionStatus.SUBMITTED
    assert admin is not outsider


def test_an_admin_may_enter_and_submit_processes_too(departments, personas):
    admin = personas["admin_a"]
    process = make_process(departments["a2"], admin)
    [revision] = services.process_submit(processes=[process], actor=admin)
    assert revision.submitted_by == admin
