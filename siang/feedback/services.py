"""Changes to citizen feedback. Views, PACC's casework and commands call these.

A submission is written once by `feedback_submit` (integrity.py for the form token, the network
hash and the rate limits; writing.py for the write itself, with its flags and signals); afterwards
only PACC moves its tracking status, through `feedback_status_set`.
"""

from __future__ import annotations

import hashlib
import logging
import time
import unicodedata
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from siang.audit.services import audit_record, audit_refusals
from siang.casework.signals import signal_kinds
from siang.feedback import integrity
from siang.feedback.contact import seal_contact
from siang.feedback.integrity import FormToken
from siang.feedback.models import ASKED_FIELDS, RATING_FIELDS, Feedback, TrackingStatus
from siang.feedback.selectors import PointState, ServiceChoice
from siang.feedback.tracking import new_tracking_code
from siang.feedback.writing import insert_response
from siang.policy import Refused, actions, require

logger = logging.getLogger(__name__)


class FeedbackError(Exception):
    """A change that cannot be made; the message is for the person (translated)."""


class FeedbackRefused(Refused, FeedbackError):
    """The policy refuses the actor this change (siang.policy)."""


# Which tracking status may follow which. A closed response may be reopened for review.
_NEXT_STATUS: dict[str, set[str]] = {
    TrackingStatus.RECEIVED: {TrackingStatus.UNDER_REVIEW, TrackingStatus.CLOSED},
    TrackingStatus.UNDER_REVIEW: {TrackingStatus.RECEIVED, TrackingStatus.CLOSED},
    TrackingStatus.CLOSED: {TrackingStatus.UNDER_REVIEW},
}


@audit_refusals
def feedback_status_set(*, feedback: Feedback, status: str, actor: Any) -> Feedback:
    """Move the status a citizen sees at /track/<code>. PACC only; audited.

    Setting the status it already has is a no-op (no audit event), so a retried request is harmless.
    """
    # The request's memberships (as before): a case moves each of its responses right after
    # casework's own check has read them afresh.
    require(actor, actions.FEEDBACK_STATUS_SET, feedback, refused=FeedbackRefused, fresh=False)
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


# --- a citizen's submission ---------------------------------------------------------------------


class RateLimited(FeedbackError):
    """Too many submissions from this network or at this service point just now."""


@dataclass(frozen=True)
class Submission:
    """What the citizen sent, cleaned; with what the server knows of the request (hashed)."""

    point: PointState
    choice: ServiceChoice | None  # None: "other"
    answers: dict[str, Any]  # the Feedback fields the form fills
    contact: dict[str, str]
    token: FormToken
    network_hash: str
    language: str
    honeypot_filled: bool


def answers_digest(submission: Submission) -> str:
    """Near-identical answers give the same digest: case, spaces and punctuation are ignored."""
    answers = submission.answers
    text = "".join(str(answers.get(name, "")) for name in ("comment", "benefit_details", "other_service"))
    words = "".join(ch for ch in text.casefold() if ch.isalnum() or unicodedata.category(ch).startswith("M"))
    shown = [submission.choice.pk if submission.choice else "other", *(answers.get(r) for r in RATING_FIELDS)]
    shown += [answers.get(name) for name in ("finished_in_time", "fee_paid", *ASKED_FIELDS)]
    return hashlib.sha256(repr((shown, words)).encode()).hexdigest()[:32]


def _flags(submission: Submission, *, seconds: int) -> list[str]:
    """What the request itself shows; writing.insert_response adds bursts and staff networks."""
    flags = []
    if submission.honeypot_filled:
        flags.append("honeypot")
    if seconds < int(integrity.setting("MIN_SECONDS", integrity.MIN_SECONDS)):  # type: ignore[call-overload]
        flags.append("too_fast")
    return flags


def _check_rate(submission: Submission) -> None:
    if not integrity.within_limits(network=submission.network_hash, point_id=submission.point.pk):
        raise RateLimited(
            _(
                "Many responses have just been sent from your network or at this service point. "
                "Your answers are kept below: please send them again in a few minutes."
            )
        )


def _published(choice: ServiceChoice | None) -> dict[str, Any]:
    if choice is None:
        return {"process_id": None, "published_time_days": None, "fee_published": None}
    return {"process_id": choice.pk, "published_time_days": choice.time_days, "fee_published": choice.fee}


def _read_comment_later(feedback_id: int) -> None:
    """Read the stored comment for signals on a worker: its tokens cost too much for the
    submission's own budget (siang.casework.lexicon). Without a broker it runs here, after the
    commit. A task the broker loses is found by `manage.py comment_signals --stored`."""
    from siang.casework.tasks import comment_signal

    try:
        comment_signal.delay(feedback_id)
    except Exception as error:  # the citizen's answers are stored; never fail them for this
        logger.warning("comment of response %s not queued for reading: %s", feedback_id, error)


def _code_for_key(key: str) -> str | None:
    return Feedback.objects.filter(idempotency_key=key).values_list("tracking_code", flat=True).first()


def feedback_submit(*, submission: Submission) -> tuple[str, bool]:
    """Write a citizen's response once, with its flags and signals, atomically.

    Returns (its tracking code, whether it was created now). The same form token sent again —
    a double tap, a back-and-resubmit, a retried or queued offline request, even two at once —
    gets the code of the response the first one created. Raises RateLimited (nothing written),
    except for a form already sent, which still gets its code.
    """
    key = submission.token.key
    try:
        _check_rate(submission)
    except RateLimited:
        existing = _code_for_key(key)
        if existing is None:
            raise
        return existing, False
    seconds = max(0, int(time.time()) - submission.token.started)
    sealed = seal_contact(submission.contact)
    point = submission.point
    values = {
        **submission.answers,
        **_published(submission.choice),
        "service_point_id": point.pk,
        "unit_id": point.unit_id,
        "department_id": submission.choice.department_id if submission.choice else point.department_id,
        "contact_sealed": sealed,
        "has_contact": bool(sealed),
        "idempotency_key": key,
        "language": submission.language,
        "network_hash": submission.network_hash,
        "seconds_to_complete": seconds,
        "answers_digest": answers_digest(submission),
    }
    flags = _flags(submission, seconds=seconds)
    for _attempt in range(5):
        feedback = Feedback(tracking_code=new_tracking_code(), **values)
        kinds = signal_kinds(feedback, today=integrity.today_in_bangkok())
        try:
            if insert_response(feedback, flags=flags, signal_kinds=kinds):
                if feedback.comment.strip():
                    transaction.on_commit(partial(_read_comment_later, feedback.pk))
                return feedback.tracking_code, True
        except IntegrityError:
            continue  # the tracking code was taken: draw another
        existing = _code_for_key(key)
        if existing is not None:  # this form was sent already, perhaps at this very moment
            return existing, False
    raise FeedbackError(_("The response could not be saved. Please send it again."))
