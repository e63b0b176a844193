"""The catalogue pages as a unit's staff use them: what they see and what gets stored."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from siang.catalog import services
from siang.catalog.models import Department, ProcessRevision, ProcessTemplate, RevisionStatus, ServiceProcess
from tests.catalog.helpers import approved_process, complete_content, make_process


def text(response) -> str:
    """The page's visible text, roughly: tags dropped, spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&quot;", '"').replace("&#x27;", "'")


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


@pytest.fixture
def as_user(client, personas):
    client.force_login(personas["user_a"])
    return client


@pytest.fixture
def as_admin(client, personas):
    client.force_login(personas["admin_a"])
    return client


def editor_data(process: ServiceProcess, **changes) -> dict[str, str]:
    """The editor's form as the browser would post it, from the process's current content."""
    content = complete_content() | {
        "name_th": process.current_revision.name_th,
        "name_en": process.current_revision.name_en,
    }
    content.update(changes)
    data: dict[str, str] = {}
    for key in (
        "name_th",
        "name_en",
        "service_type",
        "category",
        "legal_time_limit_th",
        "legal_time_limit_en",
        "legal_time_limit_days",
        "criteria_th",
        "criteria_en",
        "total_time_th",
        "total_time_en",
        "total_time_days",
    ):
        value = content[key]
        data[key] = "" if value is None else str(value)
    if content["no_fee"]:
        data["no_fee"] = "on"
    for name in ("legal_bases", "channels", "steps", "documents", "fees", "complaint_channels", "forms"):
        rows = content[name]
        data[f"{name}-TOTAL_FORMS"] = str(len(rows))
        data[f"{name}-INITIAL_FORMS"] = str(len(rows))
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{name}-{index}-{key}"] = "" if value is None else str(value)
            if name == "steps":
                data[f"{name}-{index}-ORDER"] = str(index + 1)
    return data


# --- the catalogue and departments -------------------------------------------------------------


def test_the_catalogue_lists_departments_processes_and_their_state(as_user, departments, personas):
    user, admin = personas["user_a"], personas["admin_a"]
    approved_process(departments["a2"], user, admin)
    make_process(departments["a2"], user, sequence=2, name_th="การขออนุญาตก่อสร้างอาคาร")
    returned = make_process(departments["a1"], user, sequence=1, name_th="การขอรับเงินเบี้ยยังชีพผู้สูงอายุ")
    [revision] = services.process_submit(processes=[returned], actor=user)
    services.revision_return(revision=revision, actor=admin, comment="ระบุเอกสารให้ครบ")
    page = text(as_user.get(reverse("catalog_unit", args=[departments["a1"].unit_id])))
    assert "1. สำนักปลัดเทศบาล" in page and "2. Engineering Division" in page  # its English name, in English
    assert "2.1 การขออนุญาตใช้น้ำประปา Published" in page
    assert "2.2 การขออนุญาตก่อสร้างอาคาร Draft" in page
    assert "Returned for changes The Admin's comment: ระบุเอกสารให้ครบ" in page
    assert "Submit the ticked processes for review" in page


def test_pacc_reads_a_catalogue_without_ways_to_change_it(client, departments, personas):
    make_process(departments["a2"], personas["user_a"])
    client.force_login(personas["pacc"])
    response = client.get(reverse("catalog_unit", args=[departments["a2"].unit_id]))
    page = text(response)
    assert "การขออนุญาตใช้น้ำประปา" in page and "only the unit's Admins and Users change it" in page
    assert 'name="process"' not in response.content.decode() and "Add a process" not in page


def test_the_admin_adds_a_department_and_a_clash_is_explained(as_admin, departments):
    url = reverse("catalog_departments", args=[departments["a1"].unit_id])
    response = as_admin.post(url, {"sequence": "2", "name_th": "กองคลัง"})
    assert "Number 2 is already used by “กองช่าง” in this unit. Choose another number." in text(response)
    response = as_admin.post(url, {"sequence": "3", "name_th": "กองคลัง", "serves_public": "on"}, follow=True)
    assert "Added “กองคลัง”." in messages_of(response)
    assert Department.objects.get(name_th="กองคลัง").sequence == 3


def test_the_admin_renumbers_departments_in_one_go(as_admin, departments):
    a1, a2 = departments["a1"], departments["a2"]
    url = reverse("catalog_departments_order", args=[a1.unit_id])
    response = as_admin.post(url, {f"d{a1.pk}": "2", f"d{a2.pk}": "2"})
    assert response.status_code == 400
    assert "Number 2 is given to more than one department" in text(response)
    as_admin.post(url, {f"d{a1.pk}": "2", f"d{a2.pk}": "1"})
    assert list(Department.objects.filter(unit_id=a1.unit_id).values_list("name_th", flat=True)) == [
        "กองช่าง",
        "สำนักปลัดเทศบาล",
    ]


def test_rename_and_retire_a_department(as_admin, departments, personas):
    a1 = departments["a1"]
    as_admin.post(reverse("catalog_department_edit", args=[a1.unit_id, a1.pk]), {"name_th": "สำนักปลัด"})
    a1.refresh_from_db()
    assert (a1.name_th, a1.serves_public) == ("สำนักปลัด", False)
    make_process(departments["a2"], personas["user_a"])
    response = as_admin.post(
        reverse("catalog_department_retire", args=[a1.unit_id, departments["a2"].pk]), follow=True
    )
    assert any("Move them to another department first" in m for m in messages_of(response))
    as_admin.post(reverse("catalog_department_retire", args=[a1.unit_id, a1.pk]))
    a1.refresh_from_db()
    assert a1.is_active is False


# --- a new process -----------------------------------------------------------------------------


def test_the_manual_word_is_refused_and_the_corrected_name_is_put_in_the_box(as_user, departments):
    url = reverse("catalog_process_new", args=[departments["a2"].unit_id])
    response = as_user.post(
        url, {"department": departments["a2"].pk, "name_th": "คู่มือสำหรับประชาชน: การขออนุญาตใช้น้ำประปา"}
    )
    assert "Suggested name: “การขออนุญาตใช้น้ำประปา”" in text(response)
    assert 'name="name_th" value="การขออนุญาตใช้น้ำประปา"' in response.content.decode()
    assert ServiceProcess.objects.count() == 0
    response = as_user.post(url, {"department": departments["a2"].pk, "name_th": "การขออนุญาตใช้น้ำประปา"})
    process = ServiceProcess.objects.get()
    assert response["Location"] == reverse("catalog_process_edit", args=[process.unit_id, process.pk])
    assert process.sequence == 1  # the next free number when left empty


def test_a_near_duplicate_name_is_pointed_out_when_created(as_user, departments, personas):
    make_process(departments["a2"], personas["user_a"])
    response = as_user.post(
        reverse("catalog_process_new", args=[departments["a1"].unit_id]),
        {"department": departments["a1"].pk, "name_th": "การขออนุญาตใช้นำประปา"},
        follow=True,
    )
    assert any(
        "similar name already exists" in m and "การขออนุญาตใช้น้ำประปา" in m for m in messages_of(response)
    )
    assert ServiceProcess.objects.count() == 2


def test_a_process_number_clash_is_explained_on_the_form(as_user, departments, personas):
    make_process(departments["a2"], personas["user_a"])
    response = as_user.post(
        reverse("catalog_process_new", args=[departments["a2"].unit_id]),
        {"department": departments["a2"].pk, "sequence": "1", "name_th": "การขุดดิน"},
    )
    assert "Number 1 is already used by “การขออนุญาตใช้น้ำประปา” in this department." in text(response)


def test_starting_from_a_template(as_user, departments, library):
    from siang.catalog.process_library import load_library

    load_library(library)
    template = ProcessTemplate.objects.get(slug="waste-collection")
    url = reverse("catalog_process_new", args=[departments["a1"].unit_id])
    assert "การขอรับบริการจัดเก็บขยะมูลฝอย" in text(as_user.get(url))
    as_user.post(url, {"department": departments["a1"].pk, "template": template.pk})
    revision = ServiceProcess.objects.get().draft_revision
    assert (revision.name_th, revision.no_fee, revision.template_id) == (
        "การขอรับบริการจัดเก็บขยะมูลฝอย",
        True,
        template.pk,
    )


def test_a_name_or_a_template_is_needed(as_user, departments):
    response = as_user.post(
        reverse("catalog_process_new", args=[departments["a1"].unit_id]), {"department": departments["a1"].pk}
    )
    assert "Write the process name in Thai, or start from a template." in text(response)


# --- the editor --------------------------------------------------------------------------------


def test_the_editor_saves_the_fields_and_the_lists(as_user, departments, personas):
    process = services.process_create(
        department=departments["a2"], actor=personas["user_a"], sequence=1, name_th="การขออนุญาตใช้น้ำประปา"
    )
    url = reverse("catalog_process_edit", args=[process.unit_id, process.pk])
    page = text(as_user.get(url))
    assert "7 things are missing before this process can be submitted" in page
    response = as_user.post(url, editor_data(process))
    assert response.status_code == 302
    revision = ProcessRevision.objects.get(pk=process.draft_revision_id)
    assert revision.steps == complete_content()["steps"]
    assert revision.documents == complete_content()["documents"]
    assert (revision.fees, revision.total_time_days) == (
        [{"th": "ค่าประกันมาตรวัดน้ำ", "en": "Meter deposit", "amount": 500}],
        7.5,
    )
    assert "Nothing is missing" in text(as_user.get(url))


def test_add_a_row_works_without_javascript(as_user, water):
    url = reverse("catalog_process_edit", args=[water.unit_id, water.pk])
    data = editor_data(water) | {"add": "steps", "criteria_th": "แก้ไขแล้ว"}
    response = as_user.post(url, data)
    assert response["Location"] == f"{url}?add=steps#steps"
    water.draft_revision.refresh_from_db()
    assert water.draft_revision.criteria_th == "แก้ไขแล้ว"  # what was typed is saved, not lost
    page = as_user.get(response["Location"]).content.decode()
    assert 'name="steps-TOTAL_FORMS" value="3"' in page and 'id="id_steps-2-th"' in page
    data = editor_data(water) | {
        "steps-TOTAL_FORMS": "3",
        "steps-2-th": "แจ้งผลการพิจารณา",
        "steps-2-duration_th": "1 วัน",
        "steps-2-ORDER": "3",
    }
    as_user.post(url, data)
    water.draft_revision.refresh_from_db()
    assert [step["th"] for step in water.draft_revision.steps] == [
        "ยื่นคำขอและตรวจเอกสาร",
        "ติดตั้งมาตรวัดน้ำ",
        "แจ้งผลการพิจารณา",
    ]


def test_rows_are_removed_with_the_checkbox_and_reordered_by_position(as_user, water):
    url = reverse("catalog_process_edit", args=[water.unit_id, water.pk])
    as_user.post(url, editor_data(water) | {"steps-0-ORDER": "2", "steps-1-ORDER": "1"})
    water.draft_revision.refresh_from_db()
    assert [step["th"] for step in water.draft_revision.steps] == ["ติดตั้งมาตรวัดน้ำ", "ยื่นคำขอและตรวจเอกสาร"]
    as_user.post(url, editor_data(water) | {"documents-0-DELETE": "on"})
    water.draft_revision.refresh_from_db()
    assert water.draft_revision.documents == []


def test_a_half_filled_row_is_refused_and_nothing_is_saved(as_user, water):
    url = reverse("catalog_process_edit", args=[water.unit_id, water.pk])
    response = as_user.post(url, editor_data(water) | {"fees-0-th": "", "criteria_th": "ใหม่"})
    assert response.status_code == 400
    page = text(response)
    assert "Nothing was saved" in page and "Fill this in, or tick “Remove” to drop the row." in page
    water.draft_revision.refresh_from_db()
    assert water.draft_revision.criteria_th == "ผู้ขอต้องมีทะเบียนบ้านในเขตเทศบาล"


def test_the_editor_refuses_the_manual_word_with_the_suggestion(as_user, water):
    url = reverse("catalog_process_edit", args=[water.unit_id, water.pk])
    response = as_user.post(url, editor_data(water, name_th="คู่มือประชาชน เรื่อง การขออนุญาตใช้น้ำประปา"))
    assert "Suggested name: “การขออนุญาตใช้น้ำประปา”" in text(response)


def test_save_and_submit_from_the_editor(as_user, water, personas):
    url = reverse("catalog_process_edit", args=[water.unit_id, water.pk])
    response = as_user.post(url, editor_data(water) | {"submit": "1"}, follow=True)
    assert any("Sent to the Admin for review" in m for m in messages_of(response))
    water.refresh_from_db()
    assert water.draft_revision.status == RevisionStatus.SUBMITTED
    # a submitted process is not edited
    response = as_user.get(url, follow=True)
    assert any("waiting for the Admin's review" in m for m in messages_of(response))


def test_editing_an_approved_process_keeps_the_published_one(as_user, client, departments, personas):
    process = approved_process(departments["a2"], personas["user_a"], personas["admin_a"])
    live = process.live_revision_id
    url = reverse("catalog_process_edit", args=[process.unit_id, process.pk])
    assert "Saving starts a new revision" in text(as_user.get(url))
    as_user.post(url, editor_data(process, total_time_th="3 วันทำการ"))
    process.refresh_from_db()
    assert process.live_revision_id == live and process.draft_revision.total_time_th == "3 วันทำการ"
    client.logout()
    public = text(client.get(reverse("service_manual", args=[process.unit_id, process.pk])))
    assert "7 วันทำการ 30 นาที" in public and "3 วันทำการ" not in public


def test_submitting_from_the_list_reports_what_is_missing(as_user, departments, personas):
    complete = make_process(departments["a2"], personas["user_a"])
    bare = services.process_create(
        department=departments["a2"], actor=personas["user_a"], sequence=2, name_th="การขุดดิน"
    )
    response = as_user.post(
        reverse("catalog_submit", args=[bare.unit_id]), {"process": [complete.pk, bare.pk]}, follow=True
    )
    found = messages_of(response)
    assert any(m.startswith("Nothing was sent") for m in found)
    assert any(m.startswith("“การขุดดิน”: No legal basis") and "No fee statement" in m for m in found)
    complete.refresh_from_db()
    assert complete.draft_revision.status == RevisionStatus.DRAFT
    as_user.post(reverse("catalog_submit", args=[bare.unit_id]), {"process": [complete.pk]})
    complete.refresh_from_db()
    assert complete.draft_revision.status == RevisionStatus.SUBMITTED


def test_moving_a_process_from_its_page(as_user, water, departments):
    url = reverse("catalog_process_move", args=[water.unit_id, water.pk])
    as_user.post(url, {"department": departments["a1"].pk, "sequence": "4"})
    water.refresh_from_db()
    assert (water.department_id, water.sequence) == (departments["a1"].pk, 4)


# --- review ------------------------------------------------------------------------------------


def test_the_review_shows_live_and_proposed_side_by_side_with_changes_marked(as_admin, departments, personas):
    user = personas["user_a"]
    process = approved_process(departments["a2"], user, personas["admin_a"])
    services.revision_update(
        process=process,
        actor=user,
        content={"total_time_th": "5 วันทำการ", "fees": [{"th": "ค่าประกันมาตรวัดน้ำ", "en": "", "amount": 300}]},
    )
    process.refresh_from_db()
    [revision] = services.process_submit(processes=[process], actor=user)
    response = as_admin.get(reverse("catalog_review", args=[process.unit_id, revision.pk]))
    html = response.content.decode()
    changed = re.findall(r'<tr class="changed">\s*<th scope="row">([^<]+?) <span', html)
    assert changed == ["Total processing time", "Fees"]
    assert "2 fields differ from the approved version (revision 1)." in text(response)
    assert '<p class="removed">7 วันทำการ 30 นาที</p>' in html and '<p class="added">5 วันทำการ</p>' in html
    assert '<p class="added">ค่าประกันมาตรวัดน้ำ · 300 baht</p>' in html


def test_the_admin_returns_with_a_comment_then_approves(as_admin, water, personas):
    [revision] = services.process_submit(processes=[water], actor=personas["user_a"])
    url = reverse("catalog_review", args=[water.unit_id, revision.pk])
    response = as_admin.post(url, {"decision": "return", "comment": ""})
    assert response.status_code == 400 and "This field is required." in text(response)
    as_admin.post(url, {"decision": "return", "comment": "แนบแบบฟอร์มคำขอ"})
    revision.refresh_from_db()
    assert (revision.status, revision.review_comment) == (RevisionStatus.RETURNED, "แนบแบบฟอร์มคำขอ")
    response = as_admin.post(url, {"decision": "approve"}, follow=True)
    assert any("not waiting for review" in m for m in messages_of(response))


def test_bulk_approval_from_the_queue(as_admin, departments, personas):
    user = personas["user_a"]
    processes = [
        make_process(departments["a2"], user, sequence=1),
        make_process(departments["a2"], user, sequence=2, name_th="การขออนุญาตก่อสร้างอาคาร"),
    ]
    revisions = services.process_submit(processes=processes, actor=user)
    queue = reverse("catalog_review_queue", args=[departments["a2"].unit_id])
    page = text(as_admin.get(queue))
    assert "การขออนุญาตใช้น้ำประปา" in page and "a new process" in page
    response = as_admin.post(
        reverse("catalog_review_approve", args=[departments["a2"].unit_id]),
        {"revision": [r.pk for r in revisions]},
        follow=True,
    )
    assert any(m.startswith("Approved and published") for m in messages_of(response))
    assert "Nothing is waiting for your review." in text(response)
    assert ServiceProcess.objects.filter(live_revision__isnull=False).count() == 2


def test_the_history_lists_every_revision_with_its_comment(as_user, water, personas):
    admin = personas["admin_a"]
    [first] = services.process_submit(processes=[water], actor=personas["user_a"])
    services.revision_return(revision=first, actor=admin, comment="ค่าธรรมเนียมไม่ตรงกับข้อบัญญัติ")
    water.refresh_from_db()
    [second] = services.process_submit(processes=[water], actor=personas["user_a"])
    services.revision_approve(revision=second, actor=admin)
    page = text(as_user.get(reverse("catalog_process_history", args=[water.unit_id, water.pk])))
    assert re.search(r"Revision 2 Approved What citizens see now .* Approved .* นางมาลี ใจงาม", page)
    assert re.search(r"Revision 1 Returned for changes .* The Admin's comment ค่าธรรมเนียมไม่ตรงกับข้อบัญญัติ", page)


def test_the_process_page_shows_the_admins_comment_while_fixing(as_user, water, personas):
    [first] = services.process_submit(processes=[water], actor=personas["user_a"])
    services.revision_return(revision=first, actor=personas["admin_a"], comment="เพิ่มช่องทางร้องเรียน")
    water.refresh_from_db()
    services.revision_update(process=water, actor=personas["user_a"], content={"criteria_th": "ใหม่"})
    page = text(as_user.get(reverse("catalog_process", args=[water.unit_id, water.pk])))
    assert "The Admin returned revision 1" in page and "เพิ่มช่องทางร้องเรียน" in page


# --- the template library ----------------------------------------------------------------------


def test_pacc_withdraws_a_template_and_units_no_longer_see_it(client, library, personas, departments):
    from siang.catalog.process_library import load_library

    load_library(library)
    template = ProcessTemplate.objects.get(slug="water-supply")
    client.force_login(personas["pacc"])
    client.post(reverse("catalog_template_offer", args=[template.pk]), {"offer": "0"})
    template.refresh_from_db()
    assert template.is_active is False
    assert "not offered" in text(client.get(reverse("catalog_templates")))
    client.force_login(personas["user_a"])
    assert "การขออนุญาตใช้น้ำประปา" not in text(client.get(reverse("catalog_templates")))
    assert client.get(reverse("catalog_template", args=[template.pk])).status_code == 404
