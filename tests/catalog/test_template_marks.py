"""A process started from a library template says so until the unit edits its generic text."""

from __future__ import annotations

from django.urls import reverse

from siang.catalog import services
from siang.catalog.models import ProcessTemplate
from siang.catalog.process_library import load_library

MARK = "From a template, not yet edited"


def _pages(client, process) -> tuple[str, str]:
    unit_id = process.unit_id
    listing = client.get(reverse("catalog_unit", args=[unit_id])).content.decode()
    page = client.get(reverse("catalog_process", args=[unit_id, process.pk])).content.decode()
    return listing, page


def test_the_mark_stays_until_the_unit_edits_the_text(client, library, departments, personas):
    load_library(library)
    user, admin = personas["user_a"], personas["admin_a"]
    process = services.process_create(
        department=departments["a2"],
        actor=user,
        sequence=1,
        template=ProcessTemplate.objects.get(slug="water-supply"),
    )
    for persona in (user, admin):
        client.force_login(persona)
        assert all(MARK in html for html in _pages(client, process)), persona

    services.revision_update(process=process, actor=user, content={"name_en": "Tap water connection"})
    assert all(MARK in html for html in _pages(client, process)), "a new name alone edits no text"

    services.revision_update(process=process, actor=user, content={"total_time_th": "3 วันทำการ"})
    assert not any(MARK in html for html in _pages(client, process))


def test_an_approved_untouched_template_keeps_the_mark_in_its_next_draft(
    client, library, departments, personas
):
    load_library(library)
    user, admin = personas["user_a"], personas["admin_a"]
    process = services.process_create(
        department=departments["a2"],
        actor=user,
        sequence=1,
        template=ProcessTemplate.objects.get(slug="waste-collection"),
    )
    [revision] = services.process_submit(processes=[process], actor=user)
    services.revision_approve(revision=revision, actor=admin)
    process.refresh_from_db()
    client.force_login(admin)
    assert all(MARK in html for html in _pages(client, process))
    services.revision_update(process=process, actor=user, content={"name_en": "Waste collection"})
    process.refresh_from_db()
    assert process.draft_revision is not None
    assert all(MARK in html for html in _pages(client, process))


def test_a_process_from_a_blank_form_has_no_mark(client, water, personas):
    client.force_login(personas["user_a"])
    assert not any(MARK in html for html in _pages(client, water))
