"""Two people acting at the same moment: numbers stay unique and a revision is decided once."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.utils import translation

from siang.catalog import services
from siang.catalog.models import Department, RevisionStatus, ServiceProcess
from tests.catalog.helpers import make_process

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
    ),
]


def at_once(*actions: Callable[[], object]) -> list[str]:
    start = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action) -> None:
        try:
            start.wait()
            with translation.override("en"):
                action()
            outcomes.append("done")
        except services.CatalogError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes, key=lambda outcome: outcome != "done")  # "done" first


def test_two_admins_taking_one_department_number(phrae, personas):
    unit = phrae["units"]["a"]
    outcomes = at_once(
        lambda: services.department_create(
            unit=unit, actor=personas["admin_a"], sequence=1, name_th="กองคลัง"
        ),
        lambda: services.department_create(
            unit=unit, actor=personas["admin_a"], sequence=1, name_th="กองช่าง"
        ),
    )
    assert outcomes[0] == "done" and outcomes[1].startswith("Number 1 is already used by")
    assert Department.objects.filter(unit=unit).count() == 1


def test_two_users_taking_one_process_number(departments, personas):
    department = departments["a2"]
    outcomes = at_once(
        lambda: services.process_create(
            department=department, actor=personas["user_a"], sequence=1, name_th="การขุดดิน"
        ),
        lambda: services.process_create(
            department=department, actor=personas["user_a2"], sequence=1, name_th="การถมดิน"
        ),
    )
    assert outcomes[0] == "done" and outcomes[1].startswith("Number 1 is already used by")
    assert ServiceProcess.objects.filter(department=department).count() == 1


def test_approve_and_return_at_the_same_moment_decide_once(departments, personas):
    process = make_process(departments["a2"], personas["user_a"])
    [revision] = services.process_submit(processes=[process], actor=personas["user_a"])
    admin = personas["admin_a"]
    outcomes = at_once(
        lambda: services.revision_approve(revision=revision, actor=admin),
        lambda: services.revision_return(revision=revision, actor=admin, comment="แก้ค่าธรรมเนียม"),
    )
    assert outcomes[0] == "done" and "is not waiting for review" in outcomes[1]
    revision.refresh_from_db()
    assert revision.status in {RevisionStatus.APPROVED, RevisionStatus.RETURNED}
