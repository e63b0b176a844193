"""Changes to citizen feedback. Views, PACC's casework and commands call these.

A submission is written once by `feedback_submit` (see `submit.py` for the integrity checks);
afterwards only PACC moves its tracking status, through `feedback_status_set`.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from siang.accounts.access import is_pacc
from siang.audit.services import audit_record
from siang.feedback.models import Feedback, TrackingStatus


class FeedbackError(Exception):
    """A change that cannot be made; the message is for the person (translated)."""


# Which tracking status may follow which. A closed response may be reopened for review.
_NEXT_STATUS: dict[str, set[str]] = {
    TrackingStatus.RECEIVED: {TrackingStatus.UNDER_REVIEW, TrackingStatus.CLOSED},
    TrackingStatus.UNDER_REVIEW: {TrackingStatus.RECEIVED, TrackingStatus.CLOSED},
    TrackingStatus.CLOSED: {TrackingStatus.UNDER_REVIEW},
}


def feedback_status_set(*, feedback: Feedback, status: str, actor: Any) -> Feedback:
    """Move the status a citizen sees at /track/<code>. PACC only; audited.

    Setting the status it already has is a no-op (no audit event), so a retried request is harmless.
    """
    if actor is None or not getattr(actor, "is_authenticated", False) or not is_pacc(actor):
        raise FeedbackError(_("Only PACC officers may change the status of a response."))
    if status not in TrackingStatus.values:
        raise FeedbackError(_("Unknown status: “%(status)s”.") % {"status": status})
    with transaction.atomic():
        locked = Feedback.objects.select_for_update().get(pk=feedback.pk)
        if locked.status == status:
            return locked
        if status not in _NEXT_STATUS[locked.status]:
            raise FeedbackError(
                _("A response that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": TrackingStatus(locked.status).label,
                    "new": TrackingStatus(status).label,
                }
            )
        before = {"status": locked.status}
        locked.status = status
        locked.save(update_fields=["status"])
        audit_record(
            actor=actor, action="feedback.status_set", obj=locked, before=before, after={"status": status}
        )
    feedback.status = locked.status
    return locked
