"""Shared fixtures: a small slice of the real directory (Phrae) and the named personas."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.test import Client

from siang.accounts.demo import ensure_personas
from siang.accounts.models import User
from siang.accounts.personas import UNIT_A, UNIT_B
from siang.directory.models import District, Province, Unit
from siang.directory.names import UnitKind, search_key, split_kind, thai_sort_key
from tests.browsers import browser, desktop, phone  # noqa: F401  (Playwright fixtures, one browser per run)
from tests.s3 import s3, s3_server  # noqa: F401  (a real S3-protocol server, one per run)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """On SQLite the tests use a database file, not memory. An in-memory database is one
    connection shared by the live server's threads, and a browser's parallel requests (a page's
    images, each saving the session) then interleave their savepoints on it and break it for
    every later test. With a file, each thread has its own connection and SQLite's locks."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(tempfile.mkdtemp(prefix="siang-tests-")) / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(name)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SLOTS_DIR = tmp_path / "slots"  # host-wide locks, per test (siang.lib.slots)


def make_unit(
    *,
    name_th: str,
    kind: str,
    district: District | None,
    province: Province,
    dla_code: str | None = None,
    name_en: str = "",
) -> Unit:
    _kind, short = split_kind(name_th)
    return Unit.objects.create(
        dla_code=dla_code,
        kind=kind,
        name_th=name_th,
        name_en=name_en,
        short_name_th=short,
        province=province,
        district=district,
        search_key=search_key(name_th),
        sort_key=thai_sort_key(short),
    )


@pytest.fixture
def phrae(db) -> dict[str, object]:
    """Phrae province with two districts and five of its real units."""
    province = Province.objects.create(code="54", name_th="แพร่", name_en="Phrae", sort_key="แพร่")
    mueang = District.objects.create(
        code="5401",
        province=province,
        name_th="เมืองแพร่",
        name_en="Mueang Phrae",
        sort_key=thai_sort_key("เมืองแพร่"),
    )
    long_ = District.objects.create(
        code="5403", province=province, name_th="ลอง", name_en="Long", sort_key="ลอง"
    )
    units = {
        "a": make_unit(
            name_th="เทศบาลเมืองแพร่",
            kind=UnitKind.TOWN,
            district=mueang,
            province=province,
            dla_code=UNIT_A,
            name_en="Phrae Town Municipality",
        ),
        "b": make_unit(
            name_th="เทศบาลตำบลทุ่งกวาว",
            kind=UnitKind.SUBDISTRICT_MUNICIPALITY,
            district=mueang,
            province=province,
            dla_code=UNIT_B,
            name_en="Thung Kwao Subdistrict Municipality",
        ),
        "rong_fong": make_unit(
            name_th="องค์การบริหารส่วนตำบลร่องฟอง",
            kind=UnitKind.SAO,
            district=mueang,
            province=province,
            dla_code="6540117",
            name_en="Rong Fong Subdistrict Administrative Organization",
        ),
        "ban_pin_sao": make_unit(
            name_th="องค์การบริหารส่วนตำบลบ้านปิน",
            kind=UnitKind.SAO,
            district=long_,
            province=province,
            dla_code="6540306",
        ),
        "pao": make_unit(
            name_th="องค์การบริหารส่วนจังหวัดแพร่",
            kind=UnitKind.PAO,
            district=None,
            province=province,
            dla_code="2540101",
        ),
    }
    return {"province": province, "districts": {"mueang": mueang, "long": long_}, "units": units}


@pytest.fixture
def personas(phrae) -> dict[str, User]:
    """The people of DESIGN.md §1, by key: pacc, overseer, admin_a, user_a, user_a2, admin_b, newcomer."""
    return {persona.key: user for persona, user in ensure_personas()}


@pytest.fixture
def english_client() -> Client:
    client = Client()
    client.cookies["siang_lang"] = "en"
    return client
