"""The dashboards in a real Chromium at 360 px and on a desktop, with the demo's feedback."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from siang.reporting.demo import ensure_demo_feedback
from tests.browsers import screenshot
from tests.catalog.test_browser import fits_the_screen, signed_in
from tests.feedback.helpers import build_points

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(phrae, personas):
    points = build_points(phrae, personas)
    ensure_demo_feedback(n=4000)
    return points


@pytest.mark.parametrize("width", [360, 1280])
def test_dashboards_read_on_a_phone_and_a_desktop(browser, live_server, personas, demo, width):
    unit = demo["unit"]
    pages = [
        ("admin_a", reverse("unit_dashboard", args=[unit.pk]), "unit"),
        ("pacc", reverse("pacc_dashboard"), "nation"),
        ("pacc", f"{reverse('pacc_dashboard')}?province=54", "province"),
        ("pacc", f"{reverse('pacc_dashboard')}?kind=sao", "kind"),
        ("overseer", f"{reverse('area_dashboard')}?district=5401", "area"),
    ]
    for persona, url, name in pages:
        context, page = signed_in(browser, live_server.url, personas[persona], width=width)
        page.goto(live_server.url + url)
        assert page.locator("h1").count() == 1
        assert page.locator("svg.chart").count() >= 3, name
        assert fits_the_screen(page), f"{name} is wider than the screen at {width} px"
        # Every chart has its table: open the first one.
        page.locator(".chart-data summary").first.click()
        assert page.locator(".chart-table").first.is_visible()
        screenshot(page, f"dashboard-{name}-{width}")
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
        context.close()
