from __future__ import annotations

import pytest

from tests.servicepoints import helpers


@pytest.fixture
def unit_a(phrae):
    return phrae["units"]["a"]


@pytest.fixture
def water(unit_a):
    return helpers.department(unit_a, sequence=1, name_th="กองการประปา", name_en="Waterworks Division")


@pytest.fixture
def point(unit_a, personas, water):
    return helpers.counter(unit_a, personas["admin_a"], dept=water, label="ชั้น 1 ช่องที่ 2")


@pytest.fixture(autouse=True)
def _english_messages():
    """Services speak the active language; these tests read their English."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def client(client):
    """Pages in English, to read their messages (tests/test_pages.py checks both languages)."""
    client.cookies["siang_lang"] = "en"
    return client
