"""Exports: what each audience's file holds, progress, failure, and who may see a job or its file."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from siang.audit.models import AuditEvent
from siang.exports import services
from siang.exports.models import ExportJob, ExportKind, ExportStatus
from siang.exports.services import ExportError
from tests.casework.helpers import make_feedback
from tests.exports.helpers import run_export

PROTECTED_HEADERS = {
    "Tracking code",
    "Asked for money",
    "Asked for property",
    "Asked for another benefit",
    "Details of what was asked",
    "Fee paid (baht)",
    "Finished in time?",
    "Tracking status",
    "Flagged by the integrity checks",
    "Left contact details",
}


def _csv(job: ExportJob) -> tuple[bytes, list[dict[str, str]]]:
    raw = job.file.open("rb").read()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    return raw, rows


@pytest.fixture(autouse=True)
def _english():
    from django.utils import translation

    with translation.override("en"):
        yield


def test_a_units_csv_has_only_its_rows_and_no_protected_answers(personas, phrae, feedback_rows):
    job = run_export(personas["admin_a"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    raw, rows = _csv(job)
    assert job.status == ExportStatus.DONE and job.total == 3
    assert raw.startswith(b"\xef\xbb\xbf"), "the BOM lets Excel read Thai"
    assert len(rows) == 3 and {row["Unit"] for row in rows} == {"เทศบาลเมืองแพร่"}
    assert not PROTECTED_HEADERS & set(rows[0])
    text = raw.decode("utf-8-sig")
    for secret in ("SEALED-CONTACT", "เจ้าหน้าที่ขอเงิน", "T000", "1500"):
        assert secret not in text
    assert rows[0]["Date of the visit (Buddhist era)"] == "20 พ.ย. 2569"
    assert rows[0]["Date of the visit (ISO 8601)"] == "2026-11-20"
    assert rows[0]["Received (ISO 8601)"].endswith("+07:00")


def test_a_units_comments_wait_for_enough_responses_and_lose_phone_numbers(personas, phrae, feedback_rows):
    from siang.catalog.models import ServiceProcess
    from tests.catalog.helpers import build_catalogue

    catalogue = build_catalogue(phrae, personas)
    process: ServiceProcess = catalogue["approved"]
    unit, staff = phrae["units"]["a"], personas["admin_a"]
    plain = {"asked_money": False, "benefit_details": "", "fee_paid": None}
    make_feedback(unit, staff, **plain, process=process, comment="รอคิวนาน โทร 0898765432")
    job = run_export(staff, ExportKind.RESPONSES_CSV, unit_id=unit.pk)
    assert {row["Comment"] for row in _csv(job)[1]} == {""}
    for _ in range(4):
        make_feedback(unit, staff, process=process, comment="")
    job = run_export(staff, ExportKind.RESPONSES_CSV, unit_id=unit.pk)
    comments = {row["Comment"] for row in _csv(job)[1]}
    assert "รอคิวนาน โทร […]" in comments and "0898765432" not in str(comments)


def test_a_units_export_never_carries_a_comment_of_a_signal_or_a_flagged_response(personas, phrae):
    """Issue 12, 9: a comment naming an officer and a bribe reached the accused unit's CSV."""
    from siang.casework.models import Signal, SignalKind
    from tests.catalog.helpers import build_catalogue

    process = build_catalogue(phrae, personas)["approved"]
    unit, staff = phrae["units"]["a"], personas["admin_a"]
    plain = {"asked_money": False, "benefit_details": "", "fee_paid": None, "process": process}
    make_feedback(unit, staff, process=process, comment="นายสมชาย ใจร้าย เรียกเงิน 2,000 บาท")
    late = make_feedback(unit, staff, **plain, comment="ช้ามาก นายสมชายดองเรื่อง")
    Signal.objects.create(feedback=late, kind=SignalKind.DELAY, unit=unit, process=process)
    make_feedback(unit, staff, **plain, comment="ข้อความซ้ำ", is_flagged=True)
    make_feedback(unit, staff, **plain, comment="บริการรวดเร็ว")
    make_feedback(unit, staff, **plain, comment="")

    for kind in (ExportKind.RESPONSES_CSV, ExportKind.RESPONSES_XLSX):
        job = run_export(staff, kind, unit_id=unit.pk)
        if kind == ExportKind.RESPONSES_CSV:
            comments = {row["Comment"] for row in _csv(job)[1]}
        else:
            comments = {
                row[-1] or "" for row in load_workbook(job.file.open("rb")).active.iter_rows(values_only=True)
            }
        assert "บริการรวดเร็ว" in comments
        assert not {c for c in comments if "สมชาย" in c or "ซ้ำ" in c}, comments


def test_a_units_export_takes_a_fixed_number_of_queries(personas, phrae, feedback_rows):
    from siang.exports.models import ExportJob

    unit, staff = phrae["units"]["a"], personas["admin_a"]
    few = services.export_start(actor=staff, kind=ExportKind.RESPONSES_CSV, params={"unit_id": unit.pk})
    with CaptureQueriesContext(connection) as before:
        services.export_run(few.pk)
    for _ in range(20):
        make_feedback(unit, staff)
    many = services.export_start(actor=staff, kind=ExportKind.RESPONSES_CSV, params={"unit_id": unit.pk})
    with CaptureQueriesContext(connection) as after:
        services.export_run(many.pk)
    assert ExportJob.objects.get(pk=many.pk).total == 23
    assert len(after) == len(before)


def test_a_units_excel_export_reads_the_same(personas, phrae, feedback_rows):
    job = run_export(personas["user_a"], ExportKind.RESPONSES_XLSX, unit_id=phrae["units"]["a"].pk)
    sheet = load_workbook(job.file.open("rb")).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 4 and job.file_name.endswith(".xlsx")
    assert not PROTECTED_HEADERS & set(rows[0])
    assert {row[0] for row in rows[1:]} == {"เทศบาลเมืองแพร่"}


def test_pacc_exports_every_unit_with_every_answer_but_the_contact(personas, feedback_rows):
    job = run_export(personas["pacc"], ExportKind.RESPONSES_CSV)
    raw, rows = _csv(job)
    assert len(rows) == 5 and {row["Unit"] for row in rows} == {"เทศบาลเมืองแพร่", "เทศบาลตำบลทุ่งกวาว"}
    assert set(rows[0]) >= PROTECTED_HEADERS
    assert "เจ้าหน้าที่ขอเงินค่าดำเนินการเร่งด่วน 1,000 บาท" in raw.decode("utf-8-sig")
    assert "SEALED-CONTACT" not in raw.decode("utf-8-sig")
    assert rows[0]["Left contact details"] == "yes"


def test_pacc_exports_tracking_codes_as_the_citizen_sees_them(personas, feedback_rows):
    from siang.feedback.models import Feedback

    stored = set(Feedback.objects.values_list("tracking_code", flat=True))
    _raw, rows = _csv(run_export(personas["pacc"], ExportKind.RESPONSES_CSV))
    assert {row["Tracking code"] for row in rows} == {f"{code[:4]}-{code[4:]}" for code in stored}


def test_pacc_can_export_one_province(personas, phrae, feedback_rows):
    assert run_export(personas["pacc"], ExportKind.RESPONSES_CSV, province="54").total == 5
    with pytest.raises(ExportError, match="no such province"):
        run_export(personas["pacc"], ExportKind.RESPONSES_CSV, province="10")


def test_the_unit_catalogue_export_is_the_catalogues_workbook(personas, phrae):
    from tests.catalog.helpers import build_catalogue

    build_catalogue(phrae, personas)
    job = run_export(personas["admin_a"], ExportKind.CATALOGUE_XLSX, unit_id=phrae["units"]["a"].pk)
    assert job.status == ExportStatus.DONE
    assert load_workbook(job.file.open("rb")).sheetnames


@pytest.mark.parametrize(
    ("persona", "kind", "params"),
    [
        ("admin_a", ExportKind.RESPONSES_CSV, {}),
        ("admin_b", ExportKind.RESPONSES_CSV, {"unit": "a"}),
        ("overseer", ExportKind.RESPONSES_CSV, {"unit": "a"}),
        ("newcomer", ExportKind.RESPONSES_XLSX, {"unit": "a"}),
        ("pacc", ExportKind.CATALOGUE_XLSX, {}),
        ("pacc", "everything", {}),
    ],
)
def test_exports_nobody_may_have_are_refused(personas, phrae, persona, kind, params):
    if "unit" in params:
        params = {"unit_id": phrae["units"][params["unit"]].pk}
    with pytest.raises(ExportError):
        services.export_start(actor=personas[persona], kind=kind, params=params)
    assert not ExportJob.objects.exists()


def test_starting_and_downloading_are_audited(
    client, personas, phrae, feedback_rows, django_capture_on_commit_callbacks
):
    client.force_login(personas["admin_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("exports_unit_start", args=[phrae["units"]["a"].pk]), {"kind": "responses_csv"}
        )
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("exports_job", args=[job.pk])
    assert AuditEvent.objects.filter(action="export_start", actor=personas["admin_a"]).count() == 1
    page = client.get(reverse("exports_job", args=[job.pk])).content.decode()
    assert reverse("exports_download", args=[job.pk]) in page and 'http-equiv="refresh"' not in page
    download = client.get(reverse("exports_download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\xef\xbb\xbf")
    assert job.file_name in download["Content-Disposition"]
    assert AuditEvent.objects.filter(action="export_download", actor=personas["admin_a"]).count() == 1


def test_a_running_export_shows_its_progress_and_refreshes(client, personas, phrae):
    job = ExportJob.objects.create(
        owner=personas["admin_a"],
        kind="responses_csv",
        unit=phrae["units"]["a"],
        status="running",
        total=5,
        done=3,
    )
    client.force_login(personas["admin_a"])
    client.cookies["siang_lang"] = "en"
    html = client.get(reverse("exports_job", args=[job.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert 'hx-trigger="every 2s"' in html
    assert '<progress id="export-bar" max="5" value="3">' in html and "3 of 5 rows (60%)" in html
    assert reverse("exports_download", args=[job.pk]) not in html
    assert client.get(reverse("exports_download", args=[job.pk])).status_code == 302


def test_progress_is_written_after_each_chunk(personas, phrae, feedback_rows, settings, monkeypatch):
    settings.EXPORTS_CHUNK_SIZE = 2
    seen: list[tuple[int, int]] = []
    real = services._progress

    def spy(job, runner):
        report = real(job, runner)

        def wrapped(done: int) -> None:
            report(done)
            seen.append((done, ExportJob.objects.get(pk=job.pk).total))

        return wrapped

    monkeypatch.setattr(services, "_progress", spy)
    run_export(personas["pacc"], ExportKind.RESPONSES_CSV)
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_a_failed_export_says_so_clearly(client, personas, phrae, monkeypatch):
    def broken(job, out, report):
        raise RuntimeError("disk full")

    monkeypatch.setitem(services.MAKERS, ExportKind.RESPONSES_CSV, broken)
    job = run_export(personas["admin_a"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    assert job.status == ExportStatus.FAILED and not job.file
    client.force_login(personas["admin_a"])
    client.cookies["siang_lang"] = "en"
    html = client.get(reverse("exports_job", args=[job.pk])).content.decode()
    assert "The export failed, and no file was made." in html and f"number: {job.pk}" in html
    assert "disk full" not in html, "internal errors are logged, not shown"
    assert 'http-equiv="refresh"' not in html


@pytest.mark.parametrize("persona", ["admin_b", "user_a", "overseer", "pacc", "newcomer"])
def test_only_the_owner_finds_a_job_and_its_file(client, personas, phrae, feedback_rows, persona):
    job = run_export(personas["admin_a"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    user = personas[persona]
    user.profile_completed_at = user.profile_completed_at or job.created_at
    user.save(update_fields=["profile_completed_at"])
    client.force_login(user)
    assert client.get(reverse("exports_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports_download", args=[job.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="export_download").exists()


def test_an_owner_who_left_the_unit_no_longer_finds_the_file(client, personas, phrae, feedback_rows):
    from siang.accounts.models import Membership, MembershipStatus

    job = run_export(personas["user_a"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    Membership.objects.filter(user=personas["user_a"]).update(status=MembershipStatus.REVOKED)
    client.force_login(personas["user_a"])
    assert client.get(reverse("exports_download", args=[job.pk])).status_code == 404


def test_export_pages_are_for_their_people(client, personas, phrae):
    unit = phrae["units"]["a"]
    client.force_login(personas["admin_b"])
    assert client.get(reverse("exports_unit", args=[unit.pk])).status_code == 404
    assert (
        client.post(reverse("exports_unit_start", args=[unit.pk]), {"kind": "responses_csv"}).status_code
        == 404
    )
    assert client.get(reverse("exports_pacc")).status_code == 404
    assert client.post(reverse("exports_pacc_start"), {"kind": "responses_csv"}).status_code == 404
    client.logout()
    assert reverse("signin") in client.get(reverse("exports_pacc"))["Location"]
    assert not ExportJob.objects.exists()


def test_an_unknown_kind_is_refused_with_a_message(client, personas, phrae):
    client.force_login(personas["admin_a"])
    client.cookies["siang_lang"] = "en"
    response = client.post(
        reverse("exports_unit_start", args=[phrae["units"]["a"].pk]), {"kind": "x"}, follow=True
    )
    assert "There is no such export." in response.content.decode()


def _export_queries(actor, **params) -> int:
    actor = type(actor).objects.get(pk=actor.pk)  # nothing cached from an earlier run
    with CaptureQueriesContext(connection) as queries:
        run_export(actor, ExportKind.RESPONSES_CSV, **params)
    return len(queries)


@pytest.mark.parametrize("persona", ["pacc", "admin_a"])
def test_queries_grow_with_chunks_not_rows(personas, phrae, settings, persona):
    settings.EXPORTS_CHUNK_SIZE = 10
    unit, staff = phrae["units"]["a"], personas["admin_a"]
    params = {} if persona == "pacc" else {"unit_id": unit.pk}
    for _ in range(20):
        make_feedback(unit, staff)
    twenty = _export_queries(personas[persona], **params)
    for _ in range(40):
        make_feedback(unit, staff)
    sixty = _export_queries(personas[persona], **params)
    assert sixty - twenty == 4, "one progress update per extra chunk of 10, none per row"


def test_an_export_whose_runner_died_says_so_instead_of_waiting_forever(client, personas, phrae):
    import datetime as dt

    job = ExportJob.objects.create(
        owner=personas["admin_a"], kind="responses_csv", unit=phrae["units"]["a"], status="running", total=9
    )
    client.force_login(personas["admin_a"])
    client.cookies["siang_lang"] = "en"
    assert 'http-equiv="refresh"' in client.get(reverse("exports_job", args=[job.pk])).content.decode()
    ExportJob.objects.filter(pk=job.pk).update(created_at=job.created_at - dt.timedelta(minutes=31))
    html = client.get(reverse("exports_job", args=[job.pk])).content.decode()
    assert "The export stopped before it finished" in html and 'http-equiv="refresh"' not in html
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED


def test_a_citizens_text_never_becomes_a_spreadsheet_formula(personas, phrae):
    make_feedback(
        phrae["units"]["a"], personas["admin_a"], benefit_details='=HYPERLINK("http://x.example","ok")'
    )
    _raw, rows = _csv(run_export(personas["pacc"], ExportKind.RESPONSES_CSV))
    assert rows[0]["Details of what was asked"] == '\'=HYPERLINK("http://x.example","ok")'
    job = run_export(personas["pacc"], ExportKind.RESPONSES_XLSX)
    sheet = load_workbook(job.file.open("rb")).active
    cells = [
        cell
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if cell.value and "HYPERLINK" in str(cell.value)
    ]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_pacc_exporting_one_unit_still_gets_every_answer(personas, phrae, feedback_rows):
    job = run_export(personas["pacc"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    raw, rows = _csv(job)
    assert len(rows) == 3 and set(rows[0]) >= PROTECTED_HEADERS
    assert "SEALED-CONTACT" not in raw.decode("utf-8-sig")


def test_old_export_files_are_deleted_and_the_page_says_why(client, personas, phrae, feedback_rows, capsys):
    import datetime as dt

    from django.core.management import call_command

    job = run_export(personas["admin_a"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    storage, name = job.file.storage, job.file.name
    call_command("exports_purge")
    assert "0 export file(s) deleted." in capsys.readouterr().out and storage.exists(name)
    ExportJob.objects.filter(pk=job.pk).update(finished_at=job.finished_at - dt.timedelta(days=8))
    call_command("exports_purge")
    assert "1 export file(s) deleted." in capsys.readouterr().out
    job.refresh_from_db()
    assert job.status == ExportStatus.EXPIRED and not job.file and not storage.exists(name)
    client.force_login(personas["admin_a"])
    client.cookies["siang_lang"] = "en"
    html = client.get(reverse("exports_job", args=[job.pk])).content.decode()
    assert "The file was deleted 7 days after it was made" in html and 'http-equiv="refresh"' not in html
    assert client.get(reverse("exports_download", args=[job.pk])).status_code == 302


def test_each_export_clears_out_the_old_files_on_its_way(personas, phrae, feedback_rows):
    import datetime as dt

    old = run_export(personas["pacc"], ExportKind.RESPONSES_XLSX)
    ExportJob.objects.filter(pk=old.pk).update(finished_at=old.finished_at - dt.timedelta(days=8))
    run_export(personas["admin_a"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    old.refresh_from_db()
    assert old.status == ExportStatus.EXPIRED


def test_a_busy_database_is_waited_out_not_turned_into_a_failure(personas, phrae, feedback_rows, monkeypatch):
    from django.db import OperationalError

    real_update = ExportJob.objects.none().__class__.update
    refusals = iter([True, True])

    def sometimes_locked(queryset, **fields):
        if fields.get("status") == ExportStatus.RUNNING and next(refusals, False):
            raise OperationalError("database table is locked")
        return real_update(queryset, **fields)

    monkeypatch.setattr(ExportJob.objects.none().__class__, "update", sometimes_locked)
    job = run_export(personas["admin_a"], ExportKind.RESPONSES_CSV, unit_id=phrae["units"]["a"].pk)
    assert job.status == ExportStatus.DONE and job.total == 3
