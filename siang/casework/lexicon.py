"""Comment signals (issue 18): the lexicon PACC maintains, the signal a flagged comment raises,
and the scan of comments already stored.

A citizen's comment is read right after the response is stored (`comment_signal_for`, called by
`feedback_submit` once the response is committed), not inside the submission's statement:
tokenising a long comment costs a few milliseconds, more than the submission's budget. The
comment signal is a Signal of kind "comment" with its evidence; like every signal it is PACC's
alone, it keeps the comment from the unit (siang.policy.comments), and its triage deadline
starts when it is found. The rollups count it like other signals: a response rolled up before
its comment signal was found gets the signal added to its rollups in the same transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from siang.audit.services import audit_record, audit_refusals
from siang.casework.comments import Finding, Term, detect, term_problem
from siang.casework.models import CommentTerm, CommentTermKind, CommentTermVersion, Signal, SignalKind
from siang.feedback.models import Feedback
from siang.policy import Refused, actions, require

logger = logging.getLogger(__name__)

MAX_PHRASE = 200


class LexiconError(Exception):
    """A lexicon change that cannot be made; the message is for the person (translated)."""


class LexiconRefused(Refused, LexiconError):
    """The policy refuses the actor this change (siang.policy)."""


# --- reading the lexicon ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Loaded:
    revision: int | None = None
    terms: tuple[Term, ...] = ()


# Replaced whole, never changed in place: a thread reads a revision and its terms together.
_loaded = _Loaded()


def lexicon_revision() -> int | None:
    """Changes with every lexicon change (the newest version row): one indexed query."""
    return CommentTermVersion.objects.aggregate(newest=Max("pk"))["newest"]


def active_terms() -> tuple[Term, ...]:
    """The entries in use, read again only after the lexicon changed."""
    global _loaded
    revision = lexicon_revision()
    loaded = _loaded
    if revision != loaded.revision or not loaded.terms:
        rows = CommentTerm.objects.filter(is_active=True).order_by("kind", "phrase")
        loaded = _Loaded(revision, tuple(Term(row.phrase, row.kind) for row in rows))
        _loaded = loaded
    return loaded.terms


def comment_finding(comment: str, terms: tuple[Term, ...] | None = None) -> Finding:
    return detect(comment, active_terms() if terms is None else terms)


# --- raising the signal -------------------------------------------------------------------------


def _add_to_rollups_if_rolled_up(feedback_id: int) -> None:
    from siang.reporting.rollups import add_late_signals

    add_late_signals([feedback_id])


def comment_signal_record(*, feedback: Feedback, finding: Finding) -> Signal | None:
    """Write the response's comment signal, once; counted in the rollups if they already hold it."""
    if not finding.signal:
        return None
    try:
        with transaction.atomic():
            # Locks the row against a concurrent rollup (PostgreSQL), so the count is added once.
            locked = Feedback.objects.select_for_update().only("pk", "rolled_up").get(pk=feedback.pk)
            signal = Signal.objects.create(
                feedback_id=feedback.pk,
                kind=SignalKind.COMMENT,
                unit_id=feedback.unit_id,
                department_id=feedback.department_id,
                process_id=feedback.process_id,
                evidence=finding.evidence[:500],
                described=finding.kind if finding.kind in CommentTermKind.values else "",
            )
            if locked.rolled_up:
                _add_to_rollups_if_rolled_up(feedback.pk)
    except IntegrityError:
        return None  # found already (the scan and the submission met)
    return signal


def comment_signal_for(feedback: Feedback) -> Signal | None:
    """Read a just-stored response's comment. A fault here never fails the citizen's submission:
    it is logged, and `manage.py comment_signals --stored` finds what was missed."""
    if not feedback.comment.strip():
        return None
    try:
        return comment_signal_record(feedback=feedback, finding=comment_finding(feedback.comment))
    except Exception:
        logger.exception("The comment of response %s could not be read for signals.", feedback.pk)
        return None


def scan_stored(*, batch: int = 1000) -> tuple[int, int]:
    """Read every stored comment without a comment signal yet, once: (read, signals raised).
    Their triage deadlines start now, when they are found, never in the past."""
    terms = active_terms()
    read = raised = 0
    last = 0
    waiting = (
        Feedback.objects.exclude(comment="")
        .exclude(signals__kind=SignalKind.COMMENT)
        .order_by("pk")
        .only("pk", "comment", "unit_id", "department_id", "process_id")
    )
    while True:
        rows = list(waiting.filter(pk__gt=last)[:batch])
        if not rows:
            return read, raised
        for feedback in rows:
            read += 1
            if comment_signal_record(feedback=feedback, finding=detect(feedback.comment, terms)):
                raised += 1
        last = rows[-1].pk


# --- PACC's changes to the lexicon --------------------------------------------------------------


def _problem_message(problem: str) -> str:
    messages = {
        "empty": _("Write a word or phrase."),
        "empty_part": _("Write something on both sides of each “…”."),
        "too_short": _(
            "Each part must have at least two letters, and one part at least three: "
            "a shorter entry would match almost every comment."
        ),
        "too_common": _(
            "This is a word nearly every comment uses: it would match almost everything. "
            "Add the words around it, e.g. “ค่า…พิเศษ”."
        ),
    }
    return messages[problem]


def _clean_phrase(phrase: str) -> str:
    phrase = " ".join((phrase or "").split()).replace("...", "…")
    if len(phrase) > MAX_PHRASE:
        raise LexiconError(_("Write at most %(max)d characters.") % {"max": MAX_PHRASE})
    problem = term_problem(phrase)
    if problem is not None:
        raise LexiconError(_problem_message(problem))
    return phrase


def _snapshot(term: CommentTerm) -> dict[str, Any]:
    return {"phrase": term.phrase, "kind": term.kind, "is_active": term.is_active, "version": term.version}


@audit_refusals
def comment_term_save(
    *, actor: Any, phrase: str, kind: str, is_active: bool = True, term: CommentTerm | None = None
) -> CommentTerm:
    """Add a lexicon entry (term None) or change one. PACC only; each change is a new version,
    kept, and audited. Saving an entry unchanged writes nothing."""
    require(actor, actions.LEXICON_EDIT, None, refused=LexiconRefused)
    phrase = _clean_phrase(phrase)
    if kind not in CommentTermKind.values:
        raise LexiconError(_("Choose what the entry describes."))
    others = CommentTerm.objects.filter(phrase=phrase)
    if term is not None:
        others = others.exclude(pk=term.pk)
    if others.exists():
        raise LexiconError(_("The lexicon already has “%(phrase)s”.") % {"phrase": phrase})
    with transaction.atomic():
        if term is None:
            locked = CommentTerm.objects.create(phrase=phrase, kind=kind, is_active=is_active)
            before: dict[str, Any] | None = None
            action = "casework.lexicon.add"
        else:
            locked = CommentTerm.objects.select_for_update().get(pk=term.pk)
            if (locked.phrase, locked.kind, locked.is_active) == (phrase, kind, is_active):
                return locked
            before = _snapshot(locked)
            locked.phrase, locked.kind, locked.is_active = phrase, kind, is_active
            locked.version += 1
            locked.save(update_fields=["phrase", "kind", "is_active", "version", "updated_at"])
            action = "casework.lexicon.change"
        CommentTermVersion.objects.create(
            term=locked,
            version=locked.version,
            phrase=phrase,
            kind=kind,
            is_active=is_active,
            changed_by=actor,
        )
        audit_record(actor=actor, action=action, obj=locked, before=before, after=_snapshot(locked))
    return locked
