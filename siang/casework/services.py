"""PACC's casework: signals grouped into cases, and each case's transitions. PACC only, ever.

Each transition locks the case row, refuses what the state does not allow (CaseworkError, with a
message for the person), saves with update_fields, appends to the case's history, writes the
audit event, and moves the tracking status the reporters see (through the feedback app).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siang.accounts.models import MembershipStatus, Role, User
from siang.accounts.notify import in_thai_and_english, notify
from siang.audit.services import audit_record, audit_refusals
from siang.casework.deadlines import triage_deadline
from siang.casework.models import OPEN_STATUSES, Case, CaseEvent, CaseNote, CaseStatus, Signal
from siang.feedback.models import Feedback, TrackingStatus
from siang.policy import Refused, actions, can, require

MAX_NOTE = 4000


class CaseworkError(Exception):
    """A change that cannot be made; the message is for the person (translated)."""


class CaseworkRefused(Refused, CaseworkError):
    """The policy refuses the actor this change (siang.policy)."""


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _check_open(case: Case) -> None:
    if not case.is_open:
        raise CaseworkError(
            _("This case is already “%(status)s”; it cannot change any more.")
            % {"status": case.get_status_display()}
        )


def _text(value: str, *, missing: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CaseworkError(missing)
    if len(value) > MAX_NOTE:
        raise CaseworkError(_("Write at most %(max)d characters.") % {"max": MAX_NOTE})
    return value


def _history(case: Case, event: str, actor: User | None, text: str = "") -> CaseNote:
    return CaseNote.objects.create(case=case, event=event, author=actor, text=text)


def _copy_back(target: Case, locked: Case) -> Case:
    for field in (
        "status",
        "assignee_id",
        "referred_to",
        "outcome",
        "decided_at",
        "deadline",
        "signal_count",
    ):
        setattr(target, field, getattr(locked, field))
    return locked


# --- signals join cases -------------------------------------------------------------------------


def group_key(*, unit_id: int, process_id: int | None, kind: str) -> str:
    return f"{unit_id}:{process_id or '-'}:{kind}"


def case_for_signal(signal: Signal) -> Case:
    """The open case this signal belongs to, opened if there is none. Safe to call again."""
    key = group_key(unit_id=signal.unit_id, process_id=signal.process_id, kind=signal.kind)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _attach(signal, key)
        except IntegrityError:
            # Another signal opened the same case at the same moment; join it on the next try.
            continue
    raise CaseworkError(_("The signal could not be attached to a case; try again."))


def _attach(signal: Signal, key: str) -> Case:
    locked_signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if locked_signal.case_id is not None:
        signal.case_id = locked_signal.case_id
        return Case.objects.get(pk=locked_signal.case_id)
    case = Case.objects.select_for_update().filter(group_key=key, status__in=OPEN_STATUSES).first()
    if case is None:
        case = Case.objects.create(
            unit_id=signal.unit_id,
            process_id=signal.process_id,
            kind=signal.kind,
            group_key=key,
            opened_at=locked_signal.created_at,
            deadline=triage_deadline(locked_signal.created_at),
            signal_count=1,
            last_signal_at=signal.created_at,
        )
        _history(case, CaseEvent.OPENED, None)
        audit_record(actor=None, action="case.opened", obj=case, after={"signal": signal.pk})
    else:
        case.signal_count = F("signal_count") + 1
        case.last_signal_at = signal.created_at
        case.save(update_fields=["signal_count", "last_signal_at", "updated_at"])
        case.refresh_from_db(fields=["signal_count"])
        _history(case, CaseEvent.SIGNAL_ADDED, None)
        if case.status == CaseStatus.UNDER_REVIEW:
            _feedback_status(locked_signal.feedback_id, TrackingStatus.UNDER_REVIEW, None)
    locked_signal.case = case
    locked_signal.save(update_fields=["case"])
    signal.case = case
    return case


def signals_waiting() -> bool:
    return Signal.objects.filter(case__isnull=True).exists()


ATTACH_ON_VIEW = 500


def attach_signals_before_counting() -> None:
    """File the signals that wait for a case, so every page that counts cases counts the same.

    The queue and PACC's home both call this first. Normally a handful wait; a backlog beyond
    ATTACH_ON_VIEW is left to `manage.py casework_attach`.
    """
    if signals_waiting():
        attach_new_signals(limit=ATTACH_ON_VIEW)


def attach_new_signals(*, limit: int | None = None) -> int:
    """Attach every signal that has no case yet, oldest first; returns how many. Idempotent."""
    waiting = Signal.objects.filter(case__isnull=True).order_by("created_at", "pk")
    if limit:
        waiting = waiting[:limit]
    attached = 0
    for signal in waiting:
        case_for_signal(signal)
        attached += 1
    return attached


# --- the reporters' tracking status ------------------------------------------------------------


def _feedback_status(feedback_id: int, status: str, actor: User | None) -> None:
    # The feedback app owns the status and its rules; a system move (a signal joining a case under
    # review) has no actor, and the feedback app asks for PACC, so it is left to the next transition.
    if actor is None:
        return
    from siang.feedback.services import feedback_status_set

    feedback_status_set(feedback=Feedback(pk=feedback_id), status=status, actor=actor)


def _feedback_ids(case: Case) -> list[int]:
    return list(case.signals.values_list("feedback_id", flat=True))


def _mark_feedback_under_review(case: Case, actor: User) -> None:
    for feedback_id in _feedback_ids(case):
        _feedback_status(feedback_id, TrackingStatus.UNDER_REVIEW, actor)


def _mark_feedback_closed(case: Case, actor: User) -> None:
    """Closed for the reporter once no case about that response is still open."""
    ids = _feedback_ids(case)
    still_open = set(
        Signal.objects.filter(feedback_id__in=ids, case__status__in=OPEN_STATUSES)
        .exclude(case=case)
        .values_list("feedback_id", flat=True)
    )
    for feedback_id in ids:
        if feedback_id not in still_open:
            _feedback_status(feedback_id, TrackingStatus.CLOSED, actor)


# --- transitions --------------------------------------------------------------------------------


def _case_link(case: Case) -> str:
    return reverse("casework_case", args=[case.pk])


@audit_refusals
@transaction.atomic
def case_assign(*, case: Case, actor: User, assignee: User) -> Case:
    """Give the case to a PACC officer (the actor themself: taking it)."""
    require(actor, actions.CASEWORK, case, refused=CaseworkRefused)
    if not can(assignee, actions.CASEWORK):
        raise CaseworkError(_("Cases can only be assigned to PACC officers."))
    locked = _lock(case)
    _check_open(locked)
    if locked.assignee_id == assignee.pk:
        return _copy_back(case, locked)
    before = {"assignee": locked.assignee_id}
    locked.assignee = assignee
    locked.save(update_fields=["assignee", "updated_at"])
    _history(locked, CaseEvent.ASSIGNED, actor, assignee.display_name)
    audit_record(
        actor=actor, action="case.assigned", obj=locked, before=before, after={"assignee": assignee.pk}
    )
    if assignee.pk != actor.pk:
        notify(
            user=assignee,
            subject=in_thai_and_english(gettext_noop("A case was assigned to you"), separator=" / "),
            body=in_thai_and_english(
                gettext_noop("%(name)s assigned case #%(number)s to you."),
                name=actor.display_name,
                number=locked.pk,
            ),
            link=_case_link(locked),
        )
    return _copy_back(case, locked)


def case_take(*, case: Case, actor: User) -> Case:
    return case_assign(case=case, actor=actor, assignee=actor)


@audit_refusals
@transaction.atomic
def case_start_review(*, case: Case, actor: User) -> Case:
    require(actor, actions.CASEWORK, case, refused=CaseworkRefused)
    locked = _lock(case)
    if locked.status != CaseStatus.NEW:
        raise CaseworkError(_("Only a new case can be taken into review."))
    locked.status = CaseStatus.UNDER_REVIEW
    fields = ["status", "updated_at"]
    if locked.assignee_id is None:
        locked.assignee = actor
        fields.append("assignee")
    locked.save(update_fields=fields)
    _history(locked, CaseEvent.REVIEW_STARTED, actor)
    audit_record(
        actor=actor,
        action="case.review_started",
        obj=locked,
        before={"status": CaseStatus.NEW},
        after={"status": locked.status, "assignee": locked.assignee_id},
    )
    _mark_feedback_under_review(locked, actor)
    return _copy_back(case, locked)


@audit_refusals
@transaction.atomic
def case_refer(*, case: Case, actor: User, referred_to: str, note: str = "") -> Case:
    """Send the case on (to a provincial PACC office, the police, the unit's supervisor…)."""
    require(actor, actions.CASEWORK, case, refused=CaseworkRefused)
    referred_to = _text(referred_to, missing=_("Say where or to whom the case is referred."))[:300]
    locked = _lock(case)
    _check_open(locked)
    before = {"status": locked.status}
    locked.status = CaseStatus.REFERRED
    locked.referred_to = referred_to
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "referred_to", "decided_at", "updated_at"])
    text = referred_to if not note.strip() else f"{referred_to}\n{note.strip()[:MAX_NOTE]}"
    _history(locked, CaseEvent.REFERRED, actor, text)
    audit_record(
        actor=actor,
        action="case.referred",
        obj=locked,
        before=before,
        after={"status": locked.status, "referred_to": referred_to},
        note=note.strip()[:MAX_NOTE],
    )
    _mark_feedback_closed(locked, actor)
    return _copy_back(case, locked)


@audit_refusals
@transaction.atomic
def case_close(*, case: Case, actor: User, outcome: str) -> Case:
    require(actor, actions.CASEWORK, case, refused=CaseworkRefused)
    outcome = _text(outcome, missing=_("Write the outcome before closing the case."))
    locked = _lock(case)
    _check_open(locked)
    before = {"status": locked.status}
    locked.status = CaseStatus.CLOSED
    locked.outcome = outcome
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "outcome", "decided_at", "updated_at"])
    _history(locked, CaseEvent.CLOSED, actor, outcome)
    audit_record(
        actor=actor,
        action="case.closed",
        obj=locked,
        before=before,
        after={"status": locked.status, "outcome": outcome},
    )
    _mark_feedback_closed(locked, actor)
    return _copy_back(case, locked)


@audit_refusals
@transaction.atomic
def case_add_note(*, case: Case, actor: User, text: str) -> CaseNote:
    require(actor, actions.CASEWORK, case, refused=CaseworkRefused)
    text = _text(text, missing=_("Write the note."))
    locked = _lock(case)
    note = _history(locked, CaseEvent.NOTE, actor, text)
    locked.save(update_fields=["updated_at"])
    audit_record(actor=actor, action="case.note_added", obj=locked, after={"note": note.pk})
    return note


# --- the reporter's contact ---------------------------------------------------------------------


@audit_refusals
@transaction.atomic
def reporter_contact_reveal(*, case: Case, signal: Signal, actor: User, reason: str) -> dict[str, str]:
    """Open the reporter's contact for this one request. Audited with the reason, never the contact."""
    require(actor, actions.CASEWORK, case, refused=CaseworkRefused)
    reason = _text(reason, missing=_("Say why you need the reporter's contact."))
    if signal.case_id != case.pk:
        raise CaseworkError(_("This signal is not part of this case."))
    feedback = signal.feedback
    if not feedback.has_contact:
        raise CaseworkError(_("The reporter did not leave contact details."))
    contact = _unseal(feedback)
    _history(case, CaseEvent.CONTACT_REVEALED, actor, reason)
    audit_record(
        actor=actor,
        action="reporter_contact_revealed",
        obj=feedback,
        after={"case": case.pk, "signal": signal.pk},
        note=reason,
    )
    return contact


def _unseal(feedback: Feedback) -> dict[str, str]:
    from cryptography.fernet import InvalidToken

    from siang.feedback.contact import unseal_contact

    try:
        return unseal_contact(feedback)
    except (InvalidToken, ValueError):
        raise CaseworkError(_("The reporter's contact cannot be opened on this server.")) from None


def pacc_officers() -> Iterable[User]:
    return (
        User.objects.filter(
            memberships__role=Role.PACC_OFFICER, memberships__status=MembershipStatus.APPROVED
        )
        .distinct()
        .order_by("name_th", "pk")
    )
