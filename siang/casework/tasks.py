"""Background task of casework: file new signals into cases (beat, every five minutes)."""

from __future__ import annotations

from celery import shared_task

from siang.casework.services import attach_new_signals


@shared_task(name="siang.casework.tasks.casework_attach")
def casework_attach() -> int:
    return attach_new_signals()
