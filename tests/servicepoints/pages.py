"""The service point pages checked by tests/test_pages.py (h1, landmarks, labels, CSP, Thai and English)."""

from __future__ import annotations

from django.urls import reverse

NOT_PAGES: dict[str, str] = {
    "servicepoints_posters": "POST, then redirect to the export job",
    "servicepoints_zip": "POST, then redirect to the export job",
    "installation_photo": "JPEG",
    "servicepoint_qr_png": "PNG",
    "servicepoint_qr_svg": "SVG",
    "servicepoint_poster": "PDF",
    "servicepoint_card": "PDF",
}

PAGE_NAMES: set[str] = {
    "servicepoints_list",
    "servicepoints_checklist",
    "servicepoint_new",
    "servicepoint_detail",
    "servicepoint_retire",
    "servicepoint_snippet",
    "servicepoint_installation",
    "pacc_installations",
    "pacc_installation",
}


def urls(phrae, personas) -> dict[str, tuple[str, str | None]]:
    from siang.servicepoints.models import Placement
    from tests.servicepoints import helpers

    unit = phrae["units"]["a"]
    admin = personas["admin_a"]
    counter = helpers.counter(unit, admin, dept=helpers.department(unit, sequence=41, name_th="กองประปา"))
    website = helpers.board(unit, admin, placement=Placement.WEBSITE)
    board = helpers.board(unit, admin, label="บอร์ดหน้าสำนักงาน")
    first = helpers.report(counter, admin, seeds=(1, 2))
    helpers.report(board, admin, seeds=(1,))  # the same photo again: flagged
    return {
        "servicepoints_list": (reverse("servicepoints_list", args=[unit.pk]), "user_a"),
        "servicepoints_checklist": (reverse("servicepoints_checklist", args=[unit.pk]), "admin_a"),
        "servicepoint_new": (reverse("servicepoint_new", args=[unit.pk]), "admin_a"),
        "servicepoint_detail": (reverse("servicepoint_detail", args=[unit.pk, counter.pk]), "admin_a"),
        "servicepoint_retire": (reverse("servicepoint_retire", args=[unit.pk, counter.pk]), "admin_a"),
        "servicepoint_snippet": (reverse("servicepoint_snippet", args=[unit.pk, website.pk]), "admin_a"),
        "servicepoint_installation": (
            reverse("servicepoint_installation", args=[unit.pk, website.pk]),
            "admin_a",
        ),
        "pacc_installations": (reverse("pacc_installations"), "pacc"),
        "pacc_installation": (reverse("pacc_installation", args=[first.pk]), "pacc"),
    }
