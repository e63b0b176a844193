"""Starting and running exports. Views and commands call `export_start`; a runner calls `export_run`.

The runner is chosen by the EXPORTS_RUNNER setting: "thread" (the default: the embedded
deployment has no worker, so the file is made in a background thread of the web process) or
"inline" (made before the request returns: tests and commands). A Celery task can call
`export_run(job_id)` in the same way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from typing import IO, Any, TypeVar

from django.conf import settings
from django.core.files import File
from django.db import OperationalError, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from siang.accounts.models import User
from siang.audit.services import audit_record, audit_refusals
from siang.directory.models import Province, Unit
from siang.exports.models import ExportJob, ExportKind, ExportStatus
from siang.exports.responses import Table, chunks, responses
from siang.lib.spreadsheets import csv_writer, new_workbook
from siang.policy import Refused, actions, can, require

logger = logging.getLogger(__name__)
T = TypeVar("T")

RESPONSE_KINDS = (ExportKind.RESPONSES_CSV, ExportKind.RESPONSES_XLSX)
UNIT_KINDS = (*RESPONSE_KINDS, ExportKind.CATALOGUE_XLSX)
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
    if not isinstance(unit_id, int) or kind not in UNIT_KINDS:
        raise ExportError(_("There is no such export."))
    unit = Unit.objects.select_related("province", "district").filter(pk=unit_id).first()
    if unit is None:
        raise ExportError(_("You can only export the data of your own unit."))
    require(actor, actions.UNIT_EXPORT, unit, refused=ExportRefused)
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
    runner = getattr(settings, "EXPORTS_RUNNER", "thread")
    if runner == "inline":
        export_run(job_id)
    else:
        threading.Thread(target=_run_in_thread, args=(job_id,), name=f"export-{job_id}", daemon=True).start()


def _run_in_thread(job_id: int) -> None:
    try:
        export_run(job_id)
    finally:
        # A thread has its own database connections; close them or they leak.
        connections.close_all()


# --- running ------------------------------------------------------------------------------------


WRITE_ATTEMPTS = 8


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


def export_run(job_id: int) -> ExportJob:
    """Make the file of a queued job. A job that another runner already took is left alone."""
    _write(exports_purge)  # the embedded default has no scheduler: each export clears out the old files
    claimed = _write(
        lambda: ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
            status=ExportStatus.RUNNING, started_at=timezone.now()
        )
    )
    job = ExportJob.objects.select_related("unit", "owner").get(pk=job_id)
    if not claimed:
        return job
    try:
        language = job.params.get("language", settings.LANGUAGE_CODE)
        with translation.override(language), tempfile.TemporaryFile() as spool:
            name = MAKERS[job.kind](job, spool)
            spool.seek(0)
            job.file.save(name, File(spool), save=False)
    except Exception as error:
        logger.exception("export %s failed", job_id)
        message = str(error) if isinstance(error, ExportError) else ""
        _write(
            lambda: ExportJob.objects.filter(pk=job_id).update(
                status=ExportStatus.FAILED, error=message[:500], finished_at=timezone.now()
            )
        )
    else:
        job.status = ExportStatus.DONE
        job.file_name = name
        job.finished_at = timezone.now()
        job.done = job.total
        _write(lambda: job.save(update_fields=["file", "file_name", "status", "finished_at", "done"]))
    job.refresh_from_db()
    return job


def _progress(job: ExportJob) -> Callable[[int], None]:
    def report(done: int) -> None:
        # The bar moves at the next chunk: a busy database must not fail the export.
        with contextlib.suppress(OperationalError):
            ExportJob.objects.filter(pk=job.pk).update(done=done)

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


def make_responses_csv(job: ExportJob, out: IO[bytes]) -> str:
    table, rows = _responses_table(job)
    report = _progress(job)
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


def make_responses_xlsx(job: ExportJob, out: IO[bytes]) -> str:
    table, rows = _responses_table(job)
    report = _progress(job)
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


def make_catalogue_xlsx(job: ExportJob, out: IO[bytes]) -> str:
    from siang.catalog.excel import export_workbook

    if job.unit is None:
        raise ExportError(_("There is no such export."))
    _start_counting(job, 1)
    out.write(export_workbook(job.unit))
    return f"{_file_stem(job, 'catalogue')}.xlsx"


MAKERS: dict[str, Callable[[ExportJob, IO[bytes]], str]] = {
    ExportKind.RESPONSES_CSV: make_responses_csv,
    ExportKind.RESPONSES_XLSX: make_responses_xlsx,
    ExportKind.CATALOGUE_XLSX: make_catalogue_xlsx,
}


def stale_after() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "EXPORTS_STALE_MINUTES", 30)))


def export_fail_if_stalled(job: ExportJob) -> ExportJob:
    """A job whose runner died (the server restarted mid-export) would otherwise wait forever."""
    if job.is_finished or job.created_at > timezone.now() - stale_after():
        return job
    stopped = ExportJob.objects.filter(
        pk=job.pk, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING]
    ).update(
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
