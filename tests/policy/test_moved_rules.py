"""What the move to one policy module adds to the services' checks."""

from __future__ import annotations

import pytest

from siang.accounts import services
from siang.accounts.documents import check_pdf, expected_file_name
from siang.accounts.models import MembershipStatus
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
