"""Changes to citizen feedback. Views, PACC's casework and commands call these.

A submission is written once by `feedback_submit` (see `submit.py` for the integrity checks);
afterwards only PACC moves its tracking status, through `feedback_status_set`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import time
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import IntegrityError, connection, models, transaction
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _

from siang.accounts.access import is_pacc
from siang.audit.services import audit_record
from siang.casework.signals import record_signals, signal_kinds
from siang.feedback import integrity
from siang.feedback.contact import seal_contact
from siang.feedback.integrity import FormToken
from siang.feedback.models import RATING_FIELDS, Feedback, StaffNetwork, TrackingStatus
from siang.feedback.selectors import PointState, ServiceChoice

ASKED_FIELDS = ("asked_money", "asked_property", "asked_other_benefit")


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


# --- a citizen's submission ---------------------------------------------------------------------

# No 0/O, 1/I/L: a code read aloud over the phone or copied from a screen cannot be mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8  # 31**8 ≈ 8.5 × 10**11 codes


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


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


_PRECHECK_SQL = """
SELECT
  (SELECT tracking_code FROM {feedback} WHERE idempotency_key = %s),
  (SELECT COUNT(*) FROM {feedback} WHERE service_point_id = %s AND answers_digest = %s AND created_at >= %s),
  (SELECT COUNT(*) FROM {staff} WHERE unit_id = %s AND network_hash = %s AND day = %s)
"""


@dataclass(frozen=True)
class _Known:
    existing_code: str | None  # the response this form token already made
    similar: int  # near-identical responses at the point within the burst window
    staff_network: bool


def _known(submission: Submission, digest: str) -> _Known:
    """One round trip: was this form sent already, how many look the same, is it a staff network."""
    quote = connection.ops.quote_name
    sql = _PRECHECK_SQL.format(
        feedback=quote(Feedback._meta.db_table), staff=quote(StaffNetwork._meta.db_table)
    )
    since = timezone.now() - dt.timedelta(seconds=integrity.BURST_WINDOW)
    point = submission.point
    params: list[Any] = [
        submission.token.key,
        point.pk,
        digest,
        since,
        point.unit_id,
        submission.network_hash,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, integrity.today_in_bangkok()])
        code, similar, staff = cursor.fetchone()
    return _Known(existing_code=code, similar=int(similar), staff_network=bool(staff))


def _flags(submission: Submission, *, known: _Known, seconds: int) -> list[str]:
    flags = []
    if submission.honeypot_filled:
        flags.append("honeypot")
    if seconds < int(integrity.setting("MIN_SECONDS", integrity.MIN_SECONDS)):  # type: ignore[call-overload]
        flags.append("too_fast")
    if known.similar + 1 >= integrity.BURST_SIZE:
        flags.append("burst")
    if known.staff_network:
        flags.append("staff_network")
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


# Fields whose cleaned value is already what the database takes (str, bool, int or None): their
# preparation is skipped. Dates, decimals and JSON go through the field as save() would.
_PLAIN_FIELDS = (
    models.CharField,
    models.TextField,
    models.BooleanField,
    models.IntegerField,
    models.ForeignKey,
)


@cache
def _insert_sql() -> tuple[str, tuple[tuple[str, Field[Any, Any] | None], ...]]:
    meta = Feedback._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    values = ", ".join(["%s"] * len(fields))
    table, key = quote(meta.db_table), quote(str(meta.pk.column))
    prepared = tuple((field.attname, None if isinstance(field, _PLAIN_FIELDS) else field) for field in fields)
    # Names from the model, values as parameters.
    return f"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING {key}", prepared  # noqa: S608


def _prepared(field: Field[Any, Any], feedback: Feedback) -> Any:
    return field.get_db_prep_save(field.pre_save(feedback, True), connection)


def _insert(feedback: Feedback) -> None:
    """Feedback.save(force_insert=True), without building the query each time: the busiest write
    of the system. Values are prepared as save() would (auto_now_add, JSON, dates, decimals).
    Nothing listens to Feedback's save signals (changes go through services, DESIGN §6)."""
    sql, fields = _insert_sql()
    params = [
        getattr(feedback, attname)
        if field is None
        else field.get_db_prep_save(field.pre_save(feedback, True), connection)
        for attname, field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (feedback.pk,) = cursor.fetchone()
    feedback._state.adding = False
    feedback._state.db = connection.alias


def _code_for_key(key: str) -> str | None:
    return Feedback.objects.filter(idempotency_key=key).values_list("tracking_code", flat=True).first()


def feedback_submit(*, submission: Submission) -> tuple[str, bool]:
    """Write a citizen's response once, with its signals, in one transaction.

    Returns (its tracking code, whether it was created now). The same form token sent again —
    a double tap, a back-and-resubmit, a retried or queued offline request, even two at once —
    gets the code of the response the first one created. Raises RateLimited (nothing written).
    """
    digest = answers_digest(submission)
    known = _known(submission, digest)
    if known.existing_code is not None:
        return known.existing_code, False
    _check_rate(submission)
    seconds = max(0, int(time.time()) - submission.token.started)
    flags = _flags(submission, known=known, seconds=seconds)
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
        "idempotency_key": submission.token.key,
        "language": submission.language,
        "network_hash": submission.network_hash,
        "flags": flags,
        "is_flagged": bool(flags),
        "seconds_to_complete": seconds,
        "answers_digest": digest,
    }
    for _attempt in range(5):
        feedback = Feedback(tracking_code=new_tracking_code(), **values)
        kinds = signal_kinds(feedback, today=integrity.today_in_bangkok())
        try:
            # A response without signals is one INSERT, atomic by itself (in autocommit mode, one
            # round trip); with signals, the response and its signals go in one transaction.
            with transaction.atomic() if kinds or connection.in_atomic_block else nullcontext():
                _insert(feedback)
                if kinds:
                    record_signals(feedback=feedback)
            return feedback.tracking_code, True
        except IntegrityError:
            existing = _code_for_key(submission.token.key)
            if existing is not None:  # the same form, sent at the same moment by another request
                return existing, False
            # otherwise the tracking code was taken: draw another
    raise FeedbackError(_("The response could not be saved. Please send it again."))
