"""Where two places in the code answered "who may" differently before the policy module, the
stricter answer is kept, in the one place every caller now asks (siang.policy)."""

from __future__ import annotations

import pytest

from siang.accounts import services
from siang.accounts.documents import check_pdf, expected_file_name
from siang.accounts.models import Membership, MembershipStatus, Role
from siang.audit.models import AuditEvent
from tests.accounts.pdfs import upload


@pytest.fixture
def admin_request(phrae, personas):
    """A second Admin's pending request at unit A, with the appointment order, for PACC to check."""
    newcomer = personas["newcomer"]
    services.profile_complete(user=newcomer, email="thana@example.go.th", phone="0812345678")
    document = upload(expected_file_name(phrae["units"]["a"]))
    application = services.admin_application_submit(
        user=newcomer,
        unit=phrae["units"]["a"],
        document=document,
        listed_names=[newcomer.name_th],
        checked=check_pdf(document),
    )
    return application.membership


def test_an_admin_cannot_approve_another_admin_of_their_unit(personas, admin_request):
    # Before: the view offered only User requests, but the service approved any request at the
    # Admin's unit, so an Admin could make a third Admin without PACC and the appointment order.
    with pytest.raises(services.AccountError, match="Only an Admin of this unit can decide this"):
        services.unit_user_approve(membership=admin_request, actor=personas["admin_a"])
    admin_request.refresh_from_db()
    assert admin_request.status == MembershipStatus.PENDING


def test_an_admin_cannot_revoke_a_fellow_admin(personas, phrae):
    fellow = Membership.objects.get(user=personas["admin_a"], role=Role.UNIT_ADMIN)
    services.profile_complete(user=personas["newcomer"], email="thana@example.go.th", phone="0812345678")
    second = Membership.objects.create(
        user=personas["newcomer"],
        role=Role.UNIT_ADMIN,
        unit=phrae["units"]["a"],
        status=MembershipStatus.APPROVED,
    )
    with pytest.raises(services.AccountError):
        services.unit_user_revoke(membership=fellow, actor=second.user, reason="ไม่ได้ปฏิบัติงานแล้ว")
    fellow.refresh_from_db()
    assert fellow.status == MembershipStatus.APPROVED


def test_pacc_cannot_approve_an_admin_as_if_it_were_an_overseer(personas, admin_request):
    # Before: overseer_approve approved any pending request, so an Admin could be approved past
    # the two-Admin limit and the check of the appointment order.
    with pytest.raises(services.AccountError, match="Only a PACC officer can decide this"):
        services.overseer_approve(membership=admin_request, actor=personas["pacc"])
    admin_request.refresh_from_db()
    assert admin_request.status == MembershipStatus.PENDING


def test_a_refused_service_call_is_audited_without_personal_data(personas, admin_request):
    prober = personas["admin_b"]
    with pytest.raises(services.AccountError):
        services.admin_application_approve(application=admin_request.application, actor=prober)
    event = AuditEvent.objects.get(action="policy.refused")
    assert (event.actor_id, event.note) == (prober.pk, "accounts.application.decide")
    assert (event.object_type, event.object_id) == (
        "accounts.adminapplication",
        str(admin_request.application.pk),
    )
    recorded = " ".join(
        [event.actor_label, event.object_repr, event.note, str(event.before), str(event.after)]
    )
    for personal in (prober.name_th, prober.name_en, prober.citizen_id_masked, admin_request.user.name_th):
        assert personal not in recorded
    # and the refused change did not happen
    admin_request.refresh_from_db()
    assert admin_request.status == MembershipStatus.PENDING


def test_an_export_of_a_unit_that_does_not_exist_is_refused_even_to_pacc(phrae, personas):
    from siang.exports.models import ExportJob, ExportKind
    from siang.exports.services import ExportError, export_start

    for key in ("pacc", "admin_a"):
        with pytest.raises(ExportError, match="You can only export the data of your own unit"):
            export_start(actor=personas[key], kind=ExportKind.CATALOGUE_XLSX, params={"unit_id": 999_999})
    with pytest.raises(ExportError, match="You can only export the data of your own unit"):
        export_start(
            actor=personas["admin_a"],
            kind=ExportKind.CATALOGUE_XLSX,
            params={"unit_id": phrae["units"]["b"].pk},
        )
    assert not ExportJob.objects.exists()
