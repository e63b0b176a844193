"""The template library loader (the real files are checked in test_library_content.py)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from siang.audit.models import AuditEvent
from siang.catalog import services
from siang.catalog.models import ProcessTemplate, RevisionStatus
from siang.catalog.process_library import LibraryError, load_library
from tests.catalog.helpers import library_template, write_library


def test_the_library_loads_and_loading_again_changes_nothing(db, library, capsys):
    call_command("load_process_library", str(library))
    assert "2 created, 0 updated, 0 unchanged" in capsys.readouterr().out
    water = ProcessTemplate.objects.get(slug="water-supply")
    assert (water.name_th, water.fees[0]["amount"], water.total_time_days) == (
        "การขออนุญาตใช้น้ำประปา",
        500,
        7.5,
    )
    call_command("load_process_library", str(library))
    assert "0 created, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert ProcessTemplate.objects.count() == 2


def test_a_changed_file_updates_its_template(db, library):
    load_library(library)
    path = next(library.glob("*water-supply.json"))
    data = json.loads(path.read_text())
    data["total_time_th"] = "5 วันทำการ"
    path.write_text(json.dumps(data, ensure_ascii=False))
    report = load_library(library)
    assert (report.updated, report.unchanged) == (["water-supply"], ["waste-collection"])
    assert ProcessTemplate.objects.get(slug="water-supply").total_time_th == "5 วันทำการ"
    event = AuditEvent.objects.get(action="process_template.updated")
    assert event.before == {"total_time_th": "7 วันทำการ 30 นาที"}


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ({"colour": "blue"}, "unknown keys ['colour']"),
        ({"steps": [{"th": "x", "minutes": 3}]}, "steps[1]: unknown keys ['minutes']"),
        ({"fees": [{"th": "x", "en": "", "amount": "ten"}]}, "fees[1].amount: a number is expected"),
        ({"category": "tax"}, "category: 'tax' is not one of"),
        ({"name_th": "คู่มือสำหรับประชาชน: การขออนุญาตใช้น้ำประปา"}, "without คู่มือ"),
        ({"slug": "Water Supply"}, "slug must be lower-case"),
        ({"no_fee": "no"}, "no_fee: true or false is expected"),
    ],
)
def test_a_bad_file_loads_nothing_and_names_the_problem(db, tmp_path, bad, problem):
    folder = write_library(
        tmp_path / "lib",
        [library_template("good", "การขอรับบริการจัดเก็บขยะมูลฝอย"), library_template("bad", "การขุดดิน") | bad],
    )
    with pytest.raises(LibraryError) as refused:
        load_library(folder)
    assert problem in str(refused.value)
    assert ProcessTemplate.objects.count() == 0
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_process_library", str(folder))


def test_two_files_with_one_slug_are_refused(db, tmp_path):
    folder = tmp_path / "lib"
    folder.mkdir()
    for name in ("01_a.json", "02_b.json"):
        (folder / name).write_text(json.dumps(library_template("same", "การขุดดิน"), ensure_ascii=False))
    with pytest.raises(LibraryError, match=r"'same' is also used by 01_a\.json"):
        load_library(folder)


def test_a_user_starts_a_process_from_a_template(library, departments, personas):
    load_library(library)
    template = ProcessTemplate.objects.get(slug="water-supply")
    process = services.process_create(
        department=departments["a2"], actor=personas["user_a"], sequence=1, template=template
    )
    revision = process.draft_revision
    assert (revision.name_th, revision.name_en) == (
        "การขออนุญาตใช้น้ำประปา",
        "Applying for a tap-water connection",
    )
    assert (
        revision.steps == template.steps and revision.fees == template.fees and revision.template == template
    )
    # ready to submit as it is, and adaptable: the template itself does not change
    services.revision_update(
        process=process, actor=personas["user_a"], content={"criteria_th": "เฉพาะในเขตเทศบาล"}
    )
    template.refresh_from_db()
    assert template.criteria_th == "ผู้ขอต้องมีทะเบียนบ้านในเขตเทศบาล"
    [submitted] = services.process_submit(processes=[process], actor=personas["user_a"])
    assert submitted.status == RevisionStatus.SUBMITTED


def test_a_template_gets_the_units_own_name_when_given(library, departments, personas):
    load_library(library)
    template = ProcessTemplate.objects.get(slug="water-supply")
    process = services.process_create(
        department=departments["a2"],
        actor=personas["user_a"],
        sequence=1,
        template=template,
        name_th="การขอติดตั้งมาตรวัดน้ำประปา",
    )
    assert (process.draft_revision.name_th, process.draft_revision.name_en) == ("การขอติดตั้งมาตรวัดน้ำประปา", "")


def test_a_withdrawn_template_is_not_offered(library, departments, personas):
    load_library(library)
    template = ProcessTemplate.objects.get(slug="water-supply")
    with pytest.raises(services.CatalogError, match="Only a PACC officer"):
        services.template_set_offered(template=template, actor=personas["admin_a"], offered=False)
    services.template_set_offered(template=template, actor=personas["pacc"], offered=False)
    template.refresh_from_db()
    with pytest.raises(services.CatalogError, match="no longer offered"):
        services.process_create(
            department=departments["a2"], actor=personas["user_a"], sequence=1, template=template
        )
    assert AuditEvent.objects.filter(action="process_template.withdrawn").count() == 1


def test_pacc_corrects_a_template_and_units_copy_the_new_version(client, personas, library, departments):
    from django.urls import reverse

    from siang.audit.models import AuditEvent
    from siang.catalog.models import ProcessTemplate
    from siang.catalog.process_library import load_library

    load_library(library)
    template = ProcessTemplate.objects.order_by("pk").first()
    url = reverse("catalog_template_edit", args=[template.pk])
    for key in ("admin_a", "user_a", "overseer"):
        client.force_login(personas[key])
        assert client.get(url).status_code == 404
    client.force_login(personas["pacc"])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["main"]
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    formsets = page.context["formsets"]
    for name, formset in formsets.items():
        data[f"{name}-TOTAL_FORMS"] = str(len(formset.forms))
        data[f"{name}-INITIAL_FORMS"] = str(formset.initial_form_count())
        for index, row in enumerate(formset.forms):
            for field, value in (row.initial or {}).items():
                if value is not None:
                    data[f"{name}-{index}-{field}"] = value
    data["name_th"] = "คู่มือสำหรับประชาชน: " + template.name_th
    refused = client.post(url, data)
    assert refused.status_code == 400 and template.name_th in refused.content.decode()
    data["criteria_th"] = "ผู้ขอต้องมีภูมิลำเนาในเขตองค์กรปกครองส่วนท้องถิ่น (ฉบับแก้ไข)"
    data["name_th"] = template.name_th
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.criteria_th.endswith("(ฉบับแก้ไข)")
    assert AuditEvent.objects.filter(action="process_template.updated", actor=personas["pacc"]).exists()
