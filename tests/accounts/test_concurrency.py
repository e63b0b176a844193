"""At most 2 approved Admins per unit, even when two PACC officers approve at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from siang.accounts import services
from siang.accounts.documents import check_pdf, expected_file_name
from siang.accounts.models import Membership, MembershipStatus, Role, User
from tests.accounts.pdfs import upload

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI runs it)"
    ),
]


def _apply(user: User, unit) -> object:
    document = upload(expected_file_name(unit))
    return services.admin_application_submit(
        user=user, unit=unit, document=document, listed_names=[user.name_th], checked=check_pdf(document)
    )


def test_two_simultaneous_approvals_cannot_make_a_third_admin(phrae, personas):
    unit = phrae["units"]["a"]  # admin_a is already approved: one place left
    first, second = _apply(personas["user_a"], unit), _apply(personas["newcomer"], unit)
    pacc = personas["pacc"]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(application) -> None:
        try:
            start.wait()
            services.admin_application_approve(application=application, actor=pacc)
            outcomes.append("approved")
        except services.AccountError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(a,)) for a in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["approved", "refused"]
    approved = Membership.objects.filter(unit=unit, role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED)
    assert approved.count() == 2
