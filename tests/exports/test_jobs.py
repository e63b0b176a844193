"""Exactly-once outcomes: a job row with a lease, and one file, audit event and notification.

A task may run twice (a worker died, or Redis redelivered a long task still running); whatever
happens, the owner gets one file and one message, and the audit trail says it once.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connections, transaction
from django.urls import reverse
from django.utils import timezone

from siang.accounts.models import Notification
from siang.audit.models import AuditEvent
from siang.celery import app as celery_app
from siang.exports import services
from siang.exports.models import ExportJob, ExportKind, ExportOutcome, ExportStatus
from tests import brokers


def _files(settings) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT, "private", "exports").rglob("*") if path.is_file()]


def _queued(owner, unit) -> ExportJob:
    return ExportJob.objects.create(
        owner=owner, kind=ExportKind.RESPONSES_CSV, unit=unit, params={"unit_id": unit.pk, "language": "en"}
    )


def _exactly_one_outcome(job: ExportJob, settings) -> None:
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE
    assert ExportOutcome.objects.filter(job=job).count() == 1
    assert AuditEvent.objects.filter(action="export_done", object_id=str(job.pk)).count() == 1
    assert (
        Notification.objects.filter(user=job.owner, link=reverse("exports_job", args=[job.pk])).count() == 1
    )
    assert [path.name for path in _files(settings)] == [Path(job.file.name).name]


def test_a_finished_export_tells_its_owner_once(personas, phrae, feedback_rows, settings):
    job = services.export_start(
        actor=personas["admin_a"], kind=ExportKind.RESPONSES_CSV, params={"unit_id": phrae["units"]["a"].pk}
    )
    services.export_run(job.pk)
    _exactly_one_outcome(job, settings)
    note = Notification.objects.get(user=personas["admin_a"])
    assert "Your export is ready" in note.subject and "ไฟล์ส่งออกของท่านพร้อมแล้ว" in note.subject
    # Redis delivers the same task again: the job is finished, nothing more happens.
    services.export_run(job.pk)
    _exactly_one_outcome(job, settings)


def test_a_second_delivery_finds_the_lease_taken(personas, phrae, feedback_rows, settings):
    job = _queued(personas["admin_a"], phrae["units"]["a"])
    assert services.export_claim(job.pk, "worker-1")
    assert not services.export_claim(job.pk, "worker-2")
    services.export_run(job.pk, runner="worker-2")
    job.refresh_from_db()
    assert job.status == ExportStatus.RUNNING and job.lease_owner == "worker-1"
    assert not ExportOutcome.objects.exists() and _files(settings) == []


def test_a_worker_killed_mid_export_is_taken_over_and_the_export_finishes_once(
    personas, phrae, feedback_rows, settings
):
    settings.EXPORTS_CHUNK_SIZE = 2
    job = _queued(personas["admin_a"], phrae["units"]["a"])
    # worker-1 takes the job, writes two rows' progress, and is killed (it never renews again).
    assert services.export_claim(job.pk, "worker-1")
    services._progress(job, "worker-1")(2)
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=settings.JOBS_LEASE_SECONDS + 1)):
        assert services.exports_requeue() == 1  # beat finds the expired lease and sends the job again
    _exactly_one_outcome(job, settings)
    job.refresh_from_db()
    assert job.attempts == 2 and job.done == 3
    # worker-1 was only frozen, not dead: it wakes up and finds its lease gone.
    with pytest.raises(services.LeaseLost):
        services._progress(job, "worker-1")(3)
    job.file.name = "exports/late-copy.csv"
    job.file.storage.save(job.file.name, ContentFile(b"late"))
    with pytest.raises(services.LeaseLost):
        services._finish(job, "worker-1", "late-copy.csv")
    job.refresh_from_db()
    assert job.file.name != "exports/late-copy.csv"
    _exactly_one_outcome(job, settings)


def test_a_job_that_keeps_killing_its_workers_fails_clearly(personas, phrae, settings):
    job = _queued(personas["admin_a"], phrae["units"]["a"])
    for attempt in range(services.MAX_ATTEMPTS):
        later = timezone.now() + dt.timedelta(seconds=(attempt + 1) * (settings.JOBS_LEASE_SECONDS + 1))
        with time_machine.travel(later):
            assert services.export_claim(job.pk, f"worker-{attempt}")
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        assert services.exports_requeue() == 0
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and "stopped before it finished" in job.error


def test_the_database_refuses_a_second_outcome(personas, phrae, feedback_rows):
    job = services.export_start(
        actor=personas["admin_a"], kind=ExportKind.RESPONSES_CSV, params={"unit_id": phrae["units"]["a"].pk}
    )
    services.export_run(job.pk)
    outcome = ExportOutcome.objects.get(job=job)
    other = _queued(personas["admin_a"], phrae["units"]["a"])
    for duplicate in (
        {"job": job, "file": "exports/x.csv", "audit_event": AuditEvent.objects.create(action="x")},
        {"job": other, "file": outcome.file, "audit_event": AuditEvent.objects.create(action="y")},
        {"job": other, "file": "exports/y.csv", "audit_event": outcome.audit_event},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            ExportOutcome.objects.create(notification=outcome.notification, **duplicate)


@pytest.fixture
def broker_down():
    """The broker cannot be reached: a closed port on this machine."""
    with brokers.broker("redis://127.0.0.1:1/0"):
        yield


def test_an_export_asked_for_while_the_broker_is_down_waits_and_then_runs(
    client, personas, phrae, feedback_rows, settings, broker_down, django_capture_on_commit_callbacks
):
    unit = phrae["units"]["a"]
    client.force_login(personas["admin_a"])
    client.cookies["siang_lang"] = "en"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exports_unit_start", args=[unit.pk]), {"kind": "responses_csv"})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports_job", args=[job.pk])
    assert job.status == ExportStatus.QUEUED, "kept, not lost"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.EXPORTS_STALE_MINUTES = 1
    later = timezone.now() + dt.timedelta(minutes=5)
    with time_machine.travel(later):
        page = client.get(reverse("exports_job", args=[job.pk])).content.decode()
        assert "Waiting to start" in page, "with a broker the page waits for the worker, it does not give up"
        assert services.exports_requeue() == 1  # still down: sent again, still kept
    assert ExportJob.objects.get().status == ExportStatus.QUEUED
    celery_app.conf.update(task_always_eager=True)  # the broker is back (a worker runs what it gets)
    with time_machine.travel(later):
        assert services.exports_requeue() == 1
    _exactly_one_outcome(job, settings)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="two workers at once need a database that lets two writers in (PostgreSQL)",
)
def test_two_workers_given_the_same_job_make_one_file(personas, phrae, feedback_rows, settings, monkeypatch):
    job = _queued(personas["admin_a"], phrae["units"]["a"])
    real = services.MAKERS[ExportKind.RESPONSES_CSV]

    def slow(job, out, report):
        time.sleep(0.2)
        return real(job, out, report)

    monkeypatch.setitem(services.MAKERS, ExportKind.RESPONSES_CSV, slow)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(runner: str) -> None:
        try:
            start.wait()
            services.export_run(job.pk, runner=runner)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(f"worker-{n}",)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _exactly_one_outcome(job, settings)
