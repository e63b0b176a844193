"""Background task of reporting: keep the dashboards' rollups current (beat, every minute)."""

from __future__ import annotations

from celery import shared_task

from siang.reporting import rollups


@shared_task(name="siang.reporting.tasks.rollup_feedback")
def rollup_feedback() -> int:
    done = 0
    while added := rollups.roll_up_pending(batch=rollups.DEFAULT_BATCH):
        done += added
    return done
