"""The catalogue's fixtures: departments of units A and B, and complete citizen-manual content."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from siang.catalog import services
from siang.catalog.models import Department, ServiceProcess
from tests.catalog.helpers import (  # noqa: F401  (re-exported: other test modules import them from here)
    approved_process,
    complete_content,
    library_template,
    make_process,
    write_library,
)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language (the Thai catalogue comes after)."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """Pages in English too: the language cookie, as the switch in the header sets it."""
    client = Client()
    client.cookies["siang_lang"] = "en"
    return client


@pytest.fixture
def departments(phrae, personas) -> dict[str, Department]:
    """Unit A: สำนักปลัด (1), กองช่าง (2). Unit B: สำนักปลัด (1)."""
    unit_a, unit_b = phrae["units"]["a"], phrae["units"]["b"]
    admin_a, admin_b = personas["admin_a"], personas["admin_b"]
    return {
        "a1": services.department_create(unit=unit_a, actor=admin_a, sequence=1, name_th="สำนักปลัดเทศบาล"),
        "a2": services.department_create(
            unit=unit_a, actor=admin_a, sequence=2, name_th="กองช่าง", name_en="Engineering Division"
        ),
        "b1": services.department_create(unit=unit_b, actor=admin_b, sequence=1, name_th="สำนักปลัด"),
    }


@pytest.fixture
def water(departments, personas) -> ServiceProcess:
    """A complete draft in กองช่าง of unit A, entered by user_a."""
    return make_process(departments["a2"], personas["user_a"])


@pytest.fixture
def library(tmp_path) -> Path:
    """Two small library files, as siang/catalog/library/ will hold."""
    return write_library(
        tmp_path / "library",
        [
            library_template(
                "water-supply", "การขออนุญาตใช้น้ำประปา", name_en="Applying for a tap-water connection"
            ),
            library_template(
                "waste-collection",
                "การขอรับบริการจัดเก็บขยะมูลฝอย",
                name_en="Asking for waste collection",
                fees=[],
                no_fee=True,
                category="other",
            ),
        ],
    )
