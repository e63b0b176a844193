"""The demo catalogue: every state of the workflow, and safe to run again."""

from __future__ import annotations

from django.core.management import call_command

from siang.catalog import demo
from siang.catalog.completeness import missing_items
from siang.catalog.models import Department, ProcessRevision, RevisionStatus, ServiceProcess


def test_the_demo_catalogue_has_every_state_and_runs_twice(phrae, personas):
    first = demo.ensure_catalog()
    assert first["departments"] == 3 and first["processes"] == 8
    assert demo.ensure_catalog()["processes"] == 0
    unit = phrae["units"]["a"]
    assert list(Department.objects.filter(unit=unit).values_list("name_th", flat=True)) == [
        "สำนักปลัดเทศบาล",
        "กองช่าง",
        "กองสาธารณสุขและสิ่งแวดล้อม",
    ]
    processes = ServiceProcess.objects.filter(unit=unit)
    assert processes.filter(live_revision__isnull=False).count() == 6
    statuses = sorted(ProcessRevision.objects.filter(process__unit=unit).values_list("status", flat=True))
    assert statuses.count(RevisionStatus.APPROVED) == 6
    returned = ProcessRevision.objects.get(status=RevisionStatus.RETURNED)
    assert "ค่าธรรมเนียม" in returned.review_comment
    assert ProcessRevision.objects.filter(status=RevisionStatus.SUBMITTED).count() == 1
    for revision in ProcessRevision.objects.all():
        assert missing_items(revision) == [], revision.name_th


def test_without_the_library_the_built_in_content_is_complete(phrae, personas, monkeypatch, tmp_path):
    monkeypatch.setattr(demo, "LIBRARY_DIR", tmp_path)
    demo.ensure_catalog()
    assert ProcessRevision.objects.filter(template__isnull=False).count() == 0
    for revision in ProcessRevision.objects.all():
        assert missing_items(revision) == [], revision.name_th


def test_the_demo_data_command_makes_the_catalogue(phrae, capsys):
    call_command("demo_data", responses=100)
    first = capsys.readouterr().out
    from_library = ProcessRevision.objects.filter(template__isnull=False).values("process").distinct().count()
    assert (
        "Demo catalogue of เทศบาลเมืองแพร่: 3 departments, 8 processes added,"
        f" {from_library} of them started from the template library." in first
    )
    call_command("demo_data", responses=100)
    again = capsys.readouterr().out
    # It said "0 processes added (8 from the template library)", which reads as a contradiction.
    assert "Demo catalogue of เทศบาลเมืองแพร่: 3 departments, its processes are already there." in again
    assert "0 processes" not in again
