"""Each role's home leads to its daily work, and a unit's staff never to PACC's."""

from __future__ import annotations

import re

from django.urls import reverse

from siang.casework.models import Case


def _home(client, user) -> str:
    client.force_login(user)
    client.cookies["siang_lang"] = "en"
    return client.get(reverse("account_home")).content.decode()


def test_pacc_home_counts_its_queues_and_links_the_national_views(client, personas):
    html = _home(client, personas["pacc"])
    for name in ("pacc_installations", "casework_queue", "pacc_dashboard", "compliance_home", "exports_pacc"):
        assert f'href="{reverse(name)}"' in html, name
    assert "open cases from citizens" in html


def test_unit_admin_home_shows_its_steps_and_the_unit_pages(client, personas, phrae):
    unit = phrae["units"]["a"]
    html = _home(client, personas["admin_a"])
    for name in ("unit_dashboard", "servicepoints_list", "compliance_unit", "exports_unit", "catalog_unit"):
        assert f'href="{reverse(name, args=[unit.pk])}"' in html, name
    # The personas give unit A an approved Admin and two approved Users, nothing else yet.
    assert "4 of 10 registration and setup steps done" in html
    assert "Next:" in html


def test_unit_staff_home_never_leads_to_casework(client, personas):
    for key in ("admin_a", "user_a", "admin_b"):
        html = _home(client, personas[key])
        assert reverse("casework_queue") not in html and "cases" not in html, key
    assert Case.objects.count() == 0


def test_pacc_home_counts_the_open_cases_the_queue_shows(client, personas, phrae):
    """Signals not yet filed into a case used to be counted only once the queue was opened."""
    from tests.casework.helpers import make_signal

    for unit in (phrae["units"]["a"], phrae["units"]["b"]):
        make_signal(unit, personas["admin_a"])
    html = _home(client, personas["pacc"])
    home_count = re.search(r"<strong>(\d+)</strong> open cases from citizens", html)
    queue = client.get(reverse("casework_queue")).content.decode()
    queue_count = re.search(r"<li><strong>(\d+)</strong> open</li>", queue)
    assert home_count and queue_count
    assert home_count[1] == queue_count[1] == "2"
