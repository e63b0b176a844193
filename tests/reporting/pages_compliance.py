"""The compliance pages, for tests/test_pages.py (merged by tests/reporting/pages.py)."""

from __future__ import annotations

NOT_PAGES: dict[str, str] = {
    "compliance_home": "redirect to the person's area",
    "compliance_list_pdf": "PDF",
    "compliance_list_xlsx": "Excel workbook",
    "compliance_letter_pdf": "PDF",
}

PAGE_NAMES: set[str] = {"compliance_area", "compliance_units", "compliance_unit"}


def urls(phrae, personas) -> dict[str, tuple[str, str | None]]:
    province = phrae["province"].pk
    return {
        "compliance_area": (f"/compliance/{province}/", "overseer"),
        "compliance_units": (f"/compliance/{province}/admin_approved/", "pacc"),
        "compliance_unit": (f"/unit/{phrae['units']['a'].pk}/steps/", "admin_a"),
    }
