"""Export pages for tests/test_pages.py."""

from __future__ import annotations

from django.urls import reverse

NOT_PAGES = {
    "exports_unit_start": "POST, then redirect to the job",
    "exports_pacc_start": "POST, then redirect to the job",
    "exports_download": "the file (CSV or Excel)",
}
PAGE_NAMES = {"exports_unit", "exports_pacc", "exports_job"}


def urls(phrae, personas) -> dict[str, tuple[str, str | None]]:
    from siang.exports.models import ExportJob, ExportKind

    unit = phrae["units"]["a"]
    job = ExportJob.objects.create(
        owner=personas["admin_a"],
        kind=ExportKind.RESPONSES_CSV,
        unit=unit,
        total=200,
        done=80,
        status="running",
    )
    return {
        "exports_unit": (reverse("exports_unit", args=[unit.pk]), "admin_a"),
        "exports_pacc": (reverse("exports_pacc"), "pacc"),
        "exports_job": (reverse("exports_job", args=[job.pk]), "admin_a"),
    }
