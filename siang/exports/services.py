"""Starting and running exports. Views and commands call `export_start`; the Celery task
`siang.exports.tasks.export_make` calls `export_run` (a worker, or this process when no broker is
configured: siang/celery.py).

A task may be delivered twice, so the job row carries a lease (`export_claim`) and a finished job
has exactly one `ExportOutcome`: one file, one audit event, one notification.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import os
import socket
import tempfile
import time
import uuid
from collections.abc import Callable
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, OperationalError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from siang.accounts.models import User
from siang.accounts.notify import in_thai_and_english, notify
from siang.audit.services import audit_record, audit_refusals
from siang.directory.models import Province, Unit
from siang.exports.models import ExportJob, ExportKind, ExportOutcome, ExportStatus
from siang.exports.responses import Table, chunks, responses
from siang.lib.spreadsheets import csv_writer, new_workbook
from siang.policy import Refused, actions, can, require

logger = logging.getLogger(__name__)
T = TypeVar("T")

RESPONSE_KINDS = (ExportKind.RESPONSES_CSV, ExportKind.RESPONSES_XLSX)
UNIT_KINDS = (*RESPONSE_KINDS, ExportKind.CATALOGUE_XLSX)
# A unit's poster bundles: started from its service points page, by those who may view them.
POSTER_KINDS = (ExportKind.POSTERS_PDF, ExportKind.POSTERS_ZIP)
PACC_KINDS = RESPONSE_KINDS


class ExportError(Exception):
    """An export that cannot be started or made; the message is for the person (translated)."""


class ExportRefused(Refused, ExportError):
    """The policy refuses the actor this export (siang.policy)."""


def chunk_size() -> int:
    return int(getattr(settings, "EXPORTS_CHUNK_SIZE", 2000))


# --- starting -----------------------------------------------------------------------------------


def _scope(actor: User, kind: str, params: dict[str, Any]) -> Unit | None:
    """The unit the export covers (None: PACC, across units); refuses what the actor may not export."""
    if kind not in ExportKind.values:
        raise ExportError(_("There is no such export."))
    unit_id = params.get("unit_id")
    if unit_id is None:
        require(actor, actions.NATIONAL_EXPORT, refused=ExportRefused)
        if kind not in PACC_KINDS:
            raise ExportError(_("Only PACC officers can export responses across units."))
        return None
    if not isinstance(unit_id, int) or kind not in (*UNIT_KINDS, *POSTER_KINDS):
        raise ExportError(_("There is no such export."))
    unit = Unit.objects.select_related("province", "district").filter(pk=unit_id).first()
    if unit is None:
        raise ExportError(_("You can only export the data of your own unit."))
    action = actions.SERVICEPOINTS_VIEW if kind in POSTER_KINDS else actions.UNIT_EXPORT
    require(actor, action, unit, refused=ExportRefused)
    return unit


@audit_refusals
@transaction.atomic
def export_start(*, actor: User, kind: str, params: dict[str, Any]) -> ExportJob:
    """Queue an export for `actor` and start making it once this transaction commits."""
    unit = _scope(actor, kind, params)
    clean: dict[str, Any] = {"language": translation.get_language() or settings.LANGUAGE_CODE}
    if unit is not None:
        clean["unit_id"] = unit.pk
    elif params.get("province"):
        province = Province.objects.filter(code=str(params["province"])).first()
        if province is None:
            raise ExportError(_("There is no such province."))
        clean |= {"province": province.code, "province_name": province.name_th}
    job = ExportJob.objects.create(owner=actor, kind=kind, unit=unit, params=clean)
    audit_record(actor=actor, action="export_start", obj=job, after={"kind": kind, **clean})
    transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int) -> None:
    """Send the job to a worker (siang/celery.py; in this process when there is no broker).

    A broker that cannot be reached leaves the job queued: `exports_requeue` sends it again.
    """
    from siang.exports.tasks import export_make

    try:
        export_make.delay(job_id)
    except Exception as error:  # the job row is the record; it is sent again when the broker is back
        logger.warning("export %s stays queued: the broker cannot be reached (%s)", job_id, error)


# --- running ------------------------------------------------------------------------------------


WRITE_ATTEMPTS = 8
MAX_ATTEMPTS = 3


class LeaseLost(Exception):
    """Another runner holds the job now (this one was too slow and its lease expired)."""


def _write(action: Callable[[], T]) -> T:
    """Run a small write, waiting out another writer's lock (SQLite allows one writer at a time)."""
    for attempt in range(1, WRITE_ATTEMPTS + 1):
        try:
            return action()
        except OperationalError:
            if attempt == WRITE_ATTEMPTS:
                raise
            time.sleep(0.05 * 2**attempt)
    raise AssertionError("unreachable")


def lease_length() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "JOBS_LEASE_SECONDS", 60)))


def new_runner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _claimable(now: dt.datetime) -> models.Q:
    expired = models.Q(lease_until__lt=now) | models.Q(lease_until__isnull=True)
    return models.Q(status=ExportStatus.QUEUED) | (models.Q(status=ExportStatus.RUNNING) & expired)


def export_claim(job_id: int, runner: str) -> bool:
    """Take the job's lease: a queued job, or a running one whose runner stopped renewing it."""
    now = timezone.now()
    return (
        ExportJob.objects.filter(_claimable(now), pk=job_id).update(
            status=ExportStatus.RUNNING,
            lease_owner=runner,
            lease_until=now + lease_length(),
            started_at=Coalesce("started_at", Value(now)),
            attempts=F("attempts") + 1,
            done=0,
        )
        == 1
    )


def export_run(job_id: int, *, runner: str | None = None) -> ExportJob:
    """Make the file of a job whose lease this runner takes; a job held by another is left alone."""
    runner = runner or new_runner_id()
    _write(exports_purge)  # the embedded default has no scheduler: each export clears out the old files
    claimed = _write(lambda: export_claim(job_id, runner))
    job = ExportJob.objects.select_related("unit", "owner").get(pk=job_id)
    if not claimed:
        return job
    try:
        language = job.params.get("language", settings.LANGUAGE_CODE)
        with translation.override(language), tempfile.TemporaryFile() as spool:
            name = MAKERS[job.kind](job, spool, _progress(job, runner))
            spool.seek(0)
            job.file.save(name, File(spool), save=False)
        _write(lambda: _finish(job, runner, name))
    except LeaseLost:
        logger.info("export %s: the lease passed to another runner; this runner stops", job_id)
    except Exception as error:
        logger.exception("export %s failed", job_id)
        message = str(error) if isinstance(error, ExportError) else ""
        _write(lambda: _fail(job_id, runner, message))
    job.refresh_from_db()
    return job


def _finish(job: ExportJob, runner: str, name: str) -> None:
    """Mark the job done with its one file, audit event and notification, or drop this runner's
    file when another runner finished first (the outcome's unique keys refuse a second one)."""
    stored = job.file.name or ""
    try:
        with transaction.atomic():
            finished = ExportJob.objects.filter(
                pk=job.pk, status=ExportStatus.RUNNING, lease_owner=runner
            ).update(
                status=ExportStatus.DONE,
                file=stored,
                file_name=name,
                finished_at=timezone.now(),
                done=F("total"),
                lease_until=None,
            )
            if not finished:
                raise LeaseLost
            event = audit_record(
                actor=None, action="export_done", obj=job, after={"kind": job.kind, "file": name}
            )
            notification = notify(
                user=job.owner,
                subject=in_thai_and_english(gettext_noop("Your export is ready"), separator=" / "),
                body=in_thai_and_english(
                    gettext_noop("%(name)s can be downloaded for %(days)s days."), name=name, days=keep_days()
                ),
                link=reverse("exports_job", args=[job.pk]),
            )
            ExportOutcome.objects.create(job=job, file=stored, audit_event=event, notification=notification)
    except (LeaseLost, IntegrityError):
        job.file.storage.delete(stored)
        raise LeaseLost from None


def _fail(job_id: int, runner: str, message: str) -> None:
    ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING, lease_owner=runner).update(
        status=ExportStatus.FAILED, error=message[:500], finished_at=timezone.now(), lease_until=None
    )


def exports_requeue(*, grace: dt.timedelta | None = None) -> int:
    """Send again every job that waits without a runner: queued while the broker was down, or
    running under a lease that expired (its worker died). A job that failed that way
    MAX_ATTEMPTS times is marked failed instead."""
    now = timezone.now()
    waiting = models.Q(status=ExportStatus.QUEUED, created_at__lt=now - (grace or lease_length()))
    orphaned = models.Q(status=ExportStatus.RUNNING, lease_until__lt=now)
    ExportJob.objects.filter(orphaned, attempts__gte=MAX_ATTEMPTS).update(
        status=ExportStatus.FAILED,
        error=gettext_noop("The export stopped before it finished (the server may have restarted)."),
        finished_at=now,
        lease_until=None,
    )
    job_ids = list(ExportJob.objects.filter(waiting | orphaned).values_list("pk", flat=True))
    for job_id in job_ids:
        dispatch(job_id)
    return len(job_ids)


Progress = Callable[[int], None]


def _progress(job: ExportJob, runner: str) -> Progress:
    """Report rows done and renew the lease; stop when another runner has taken the job over."""

    def report(done: int) -> None:
        # The bar moves at the next chunk: a busy database must not fail the export.
        with contextlib.suppress(OperationalError):
            renewed = ExportJob.objects.filter(pk=job.pk, lease_owner=runner).update(
                done=done, lease_until=timezone.now() + lease_length()
            )
            if not renewed:
                raise LeaseLost

    return report


def _start_counting(job: ExportJob, total: int) -> None:
    job.total = total
    _write(lambda: ExportJob.objects.filter(pk=job.pk).update(total=total))


def _file_stem(job: ExportJob, what: str) -> str:
    where = (job.unit.dla_code or f"unit{job.unit.pk}") if job.unit else (job.params.get("province") or "all")
    return f"siang-{where}-{what}-{timezone.localdate():%Y%m%d}"


def _responses_table(job: ExportJob) -> tuple[Table, Any]:
    rows = responses(unit_id=job.unit_id, province=job.params.get("province", ""))
    _start_counting(job, rows.count())
    # PACC sees every answer, whether it exported one unit or all; unit staff only their unit's share.
    table = Table(for_pacc=can(job.owner, actions.FEEDBACK_ALL_ANSWERS), unit_id=job.unit_id)
    return table, table.rows(rows)


def make_responses_csv(job: ExportJob, out: IO[bytes], report: Progress) -> str:
    table, rows = _responses_table(job)
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")  # the BOM tells Excel it is UTF-8
    writer = csv_writer(text)
    writer.writerow(table.headers())
    done = 0
    for chunk in chunks(rows, chunk_size()):
        writer.writerows(table.row(feedback) for feedback in chunk)
        done += len(chunk)
        report(done)
    text.flush()
    text.detach()  # leave `out` open for the caller
    return f"{_file_stem(job, 'responses')}.csv"


def make_responses_xlsx(job: ExportJob, out: IO[bytes], report: Progress) -> str:
    table, rows = _responses_table(job)
    workbook = new_workbook(write_only=True)
    sheet = workbook.create_sheet(_("Responses")[:31])
    sheet.append(table.headers())
    done = 0
    for chunk in chunks(rows, chunk_size()):
        for feedback in chunk:
            sheet.append(table.row(feedback))
        done += len(chunk)
        report(done)
    workbook.save(out)
    return f"{_file_stem(job, 'responses')}.xlsx"


def make_catalogue_xlsx(job: ExportJob, out: IO[bytes], report: Progress) -> str:
    from siang.catalog.excel import export_workbook

    if job.unit is None:
        raise ExportError(_("There is no such export."))
    _start_counting(job, 1)
    out.write(export_workbook(job.unit))
    report(1)
    return f"{_file_stem(job, 'catalogue')}.xlsx"


def _active_points(job: ExportJob) -> list[Any]:
    from siang.servicepoints.access import active_points

    if job.unit is None:
        raise ExportError(_("There is no such export."))
    points = active_points(job.unit)
    if not points:
        raise ExportError(_("There are no service points to print yet. Add one first."))
    _start_counting(job, len(points))
    return points


def make_posters_pdf(job: ExportJob, out: IO[bytes], report: Progress) -> str:
    """Every active point's A4 poster in one PDF (about 10 s for 50 points: hence a job)."""
    from siang.servicepoints import posters

    points = _active_points(job)
    out.write(posters.all_posters_pdf(points))
    report(len(points))
    assert job.unit is not None
    return f"โปสเตอร์คิวอาร์โค้ด_{posters.safe_name(job.unit.name_th)}.pdf"


def make_posters_zip(job: ExportJob, out: IO[bytes], report: Progress) -> str:
    from siang.servicepoints import posters

    points = _active_points(job)
    assert job.unit is not None
    out.write(posters.unit_zip(job.unit, points))
    report(len(points))
    return f"คิวอาร์โค้ด_{posters.safe_name(job.unit.name_th)}.zip"


MAKERS: dict[str, Callable[[ExportJob, IO[bytes], Progress], str]] = {
    ExportKind.RESPONSES_CSV: make_responses_csv,
    ExportKind.RESPONSES_XLSX: make_responses_xlsx,
    ExportKind.CATALOGUE_XLSX: make_catalogue_xlsx,
    ExportKind.POSTERS_PDF: make_posters_pdf,
    ExportKind.POSTERS_ZIP: make_posters_zip,
}


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "EXPORTS_STALE_MINUTES", 30)))


def export_fail_if_stalled(job: ExportJob) -> ExportJob:
    """Without a worker (tasks run in the web process), a job whose process died mid-export
    would otherwise wait forever. With a broker, `exports_requeue` sends such a job again."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        return job
    if job.is_finished or job.created_at > timezone.now() - stale_after():
        return job
    stopped = ExportJob.objects.filter(_claimable(timezone.now()), pk=job.pk).update(
        status=ExportStatus.FAILED,
        error=_("The export stopped before it finished (the server may have restarted)."),
        finished_at=timezone.now(),
    )
    if stopped:
        job.refresh_from_db()
    return job


def keep_days() -> int:
    return int(getattr(settings, "EXPORTS_KEEP_DAYS", 7))


def exports_purge(*, older_than: dt.timedelta | None = None) -> int:
    """Delete the files of exports made more than `older_than` (EXPORTS_KEEP_DAYS) ago.

    Exported responses are personal data: they are kept only as long as someone needs to download them.
    """
    cutoff = timezone.now() - (older_than if older_than is not None else dt.timedelta(days=keep_days()))
    purged = 0
    for job in ExportJob.objects.filter(status=ExportStatus.DONE, finished_at__lt=cutoff):
        storage, name = job.file.storage, job.file.name
        taken = ExportJob.objects.filter(pk=job.pk, status=ExportStatus.DONE).update(
            status=ExportStatus.EXPIRED, file=""
        )
        if taken and name:
            storage.delete(name)
            purged += 1
    return purged


def export_downloaded(*, job: ExportJob, actor: User) -> None:
    audit_record(actor=actor, action="export_download", obj=job, after={"kind": job.kind})
