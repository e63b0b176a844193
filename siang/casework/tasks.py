"""Background tasks of casework: read a stored comment for signals, and file new signals into
cases (beat, every five minutes)."""

from __future__ import annotations

from celery import shared_task

from siang.casework.lexicon import comment_signal_for
from siang.casework.services import attach_new_signals
from siang.feedback.models import Feedback


@shared_task(name="siang.casework.tasks.casework_attach")
def casework_attach() -> int:
    return attach_new_signals()


@shared_task(name="siang.casework.tasks.comment_signal")
def comment_signal(feedback_id: int) -> None:
    """Read a just-stored response's comment for corruption signals; a second delivery finds the
    signal there already and raises none."""
    feedback = Feedback.objects.filter(pk=feedback_id).first()
    if feedback is not None:
        comment_signal_for(feedback)
