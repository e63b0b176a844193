"""Background tasks of exports (siang/celery.py): make a job's file, send waiting jobs again,
delete old files."""

from __future__ import annotations

from celery import shared_task

from siang.exports import services


@shared_task(name="siang.exports.tasks.export_make")
def export_make(job_id: int) -> str:
    return services.export_run(job_id).status


@shared_task(name="siang.exports.tasks.jobs_requeue")
def jobs_requeue() -> int:
    return services.exports_requeue()


@shared_task(name="siang.exports.tasks.exports_purge")
def exports_purge() -> int:
    return services.exports_purge()
