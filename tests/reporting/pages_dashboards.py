"""The dashboards' pages for tests/test_pages.py: each with realistic rolled-up data."""

from __future__ import annotations

from django.urls import reverse

from tests.reporting.dashboard_data import unit_a_with_feedback

NOT_PAGES: dict[str, str] = {}
PAGE_NAMES: set[str] = {"unit_dashboard", "pacc_dashboard", "area_dashboard"}


def urls(phrae, personas) -> dict[str, tuple[str, str | None]]:
    unit = phrae["units"]["a"]
    unit_a_with_feedback(phrae, personas, count=40)
    return {
        "unit_dashboard": (reverse("unit_dashboard", args=[unit.pk]), "admin_a"),
        "pacc_dashboard": (f"{reverse('pacc_dashboard')}?province={unit.province_id}", "pacc"),
        "area_dashboard": (reverse("area_dashboard"), "overseer"),
    }
