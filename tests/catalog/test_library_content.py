"""The real template library files in siang/catalog/library/: shape, wording hygiene and consistency.

Plain JSON checks, no database: run with `-p no:django --noconftest` if Django is not wanted.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

LIBRARY = Path(__file__).resolve().parents[2] / "siang" / "catalog" / "library"
FILES = sorted(LIBRARY.glob("*.json"))
WORKING_DAY_MINUTES = 480

KEYS: dict[str, type | tuple[type, ...]] = {
    "slug": str,
    "name_th": str,
    "name_en": str,
    "service_type": str,
    "category": str,
    "legal_bases": list,
    "legal_time_limit_days": (int, type(None)),
    "legal_time_limit_th": str,
    "legal_time_limit_en": str,
    "criteria_th": str,
    "criteria_en": str,
    "channels": list,
    "steps": list,
    "total_time_th": str,
    "total_time_en": str,
    "total_time_days": int,
    "documents": list,
    "fees": list,
    "no_fee": bool,
    "complaint_channels": list,
    "forms": list,
}
ROW_KEYS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "legal_bases": {"th": str, "en": str},
    "channels": {"place_th": str, "place_en": str, "hours_th": str, "hours_en": str},
    "steps": {
        "th": str,
        "en": str,
        "duration_th": str,
        "duration_en": str,
        "duration_minutes": int,
        "section_th": str,
        "section_en": str,
    },
    "documents": {
        "name_th": str,
        "name_en": str,
        "issuer_th": str,
        "issuer_en": str,
        "originals": int,
        "copies": int,
        "note_th": str,
        "note_en": str,
    },
    "fees": {"th": str, "en": str, "amount": (int, float)},
    "complaint_channels": {"th": str, "en": str},
    "forms": {"th": str, "en": str, "url": str},
}
SERVICE_TYPES = {"single_unit", "multi_unit"}
CATEGORIES = {"permit", "registration", "enrolment", "notification", "other"}
SECTIONS_TH = {
    "สำนักปลัด",
    "กองคลัง",
    "กองช่าง",
    "กองสาธารณสุขและสิ่งแวดล้อม",
    "กองสวัสดิการสังคม",
    "กองการศึกษา",
}
REQUIRED_NAMES = {
    "การขออนุญาตใช้น้ำประปา",
    "การขออนุญาตก่อสร้างอาคาร",
    "การขออนุญาตจำหน่ายสินค้าในที่หรือทางสาธารณะ",
    "การขอรับใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",
    "การขออนุญาตจัดตั้งสถานที่จำหน่ายอาหารหรือสถานที่สะสมอาหาร พื้นที่เกิน 200 ตารางเมตร",
    "การลงทะเบียนและยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ",
    "การลงทะเบียนและยื่นคำขอรับเงินเบี้ยความพิการ",
    "การแจ้งการขุดดิน",
    "การแจ้งการถมดิน",
    "การขออนุญาตโฆษณาด้วยการปิด ทิ้ง หรือโปรยแผ่นประกาศหรือใบปลิวในที่สาธารณะ",
    "การชำระภาษีที่ดินและสิ่งปลูกสร้าง",
    "การขอรับบริการจัดเก็บขยะมูลฝอย",
}
ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
THAI = re.compile("[\u0e00-\u0e7f]")
FILE_NAME = re.compile(r"^(\d{2})_([a-z0-9]+(?:_[a-z0-9]+)*)\.json$")


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def strings(value: Any, where: str = "") -> list[tuple[str, str]]:
    """Every string in the file with its place, e.g. ('steps[2].th', '...')."""
    if isinstance(value, str):
        return [(where, value)]
    if isinstance(value, list):
        return [item for index, row in enumerate(value, 1) for item in strings(row, f"{where}[{index}]")]
    if isinstance(value, dict):
        return [
            item for key, row in value.items() for item in strings(row, f"{where}.{key}" if where else key)
        ]
    return []


def is_thai_field(where: str) -> bool:
    return where.rsplit(".", 1)[-1].endswith("_th") or where.rsplit(".", 1)[-1] == "th"


def is_english_field(where: str) -> bool:
    return where.rsplit(".", 1)[-1].endswith("_en") or where.rsplit(".", 1)[-1] == "en"


@pytest.fixture(params=FILES, ids=lambda path: path.name)
def entry(request) -> tuple[Path, dict[str, Any]]:
    return request.param, load(request.param)


def test_the_library_has_at_least_25_processes_numbered_in_order():
    assert len(FILES) >= 25
    numbers = [int(FILE_NAME.match(path.name).group(1)) for path in FILES if FILE_NAME.match(path.name)]
    assert numbers == list(range(1, len(FILES) + 1)), "files must be 01_… to NN_… with no gaps"


def test_slugs_and_thai_names_are_unique():
    data = [load(path) for path in FILES]
    slugs = [item["slug"] for item in data]
    names = [item["name_th"] for item in data]
    assert len(set(slugs)) == len(slugs)
    assert len(set(names)) == len(names)


def test_the_processes_most_units_share_are_there():
    names = {load(path)["name_th"] for path in FILES}
    assert names >= REQUIRED_NAMES, sorted(REQUIRED_NAMES - names)


def test_keys_and_types(entry):
    path, data = entry
    assert set(data) == set(KEYS), f"{path.name}: keys {sorted(set(data) ^ set(KEYS))}"
    for key, expected in KEYS.items():
        value = data[key]
        assert isinstance(value, expected), f"{key}: {type(value).__name__}"
        assert not isinstance(value, bool) or expected is bool, key
    for key, row_keys in ROW_KEYS.items():
        for index, row in enumerate(data[key], 1):
            assert isinstance(row, dict), f"{key}[{index}]"
            assert set(row) == set(row_keys), f"{key}[{index}]: keys {sorted(set(row) ^ set(row_keys))}"
            for row_key, expected in row_keys.items():
                value = row[row_key]
                assert isinstance(value, expected) and not isinstance(value, bool), (
                    f"{key}[{index}].{row_key}"
                )


def test_file_name_matches_the_slug(entry):
    path, data = entry
    match = FILE_NAME.match(path.name)
    assert match, path.name
    assert match.group(2) == data["slug"]


def test_names(entry):
    _path, data = entry
    assert data["name_th"].strip()
    assert data["name_en"].strip()
    assert "คู่มือ" not in data["name_th"]
    assert "manual" not in data["name_en"].lower()
    assert THAI.search(data["name_th"])
    assert not THAI.search(data["name_en"])


def test_every_string_is_clean(entry):
    """NFC, no zero-width characters, no doubled or edge spaces; Thai fields Thai, English fields English."""
    _path, data = entry
    for where, text in strings(data):
        assert unicodedata.normalize("NFC", text) == text, f"{where} is not NFC"
        assert not ZERO_WIDTH.search(text), f"{where} has a zero-width character"
        assert "  " not in text, f"{where} has a doubled space"
        for line in text.split("\n"):
            assert line == line.strip(), f"{where} has a space at a line's edge"
        if is_english_field(where):
            assert not THAI.search(text), f"{where} has Thai text"
        if is_thai_field(where) and text and not where.endswith("url"):
            assert THAI.search(text), f"{where} has no Thai text"


def test_choices(entry):
    _path, data = entry
    assert data["service_type"] in SERVICE_TYPES
    assert data["category"] in CATEGORIES


def test_fees_or_an_explicit_no_fee(entry):
    _path, data = entry
    assert bool(data["fees"]) != data["no_fee"]
    for fee in data["fees"]:
        assert fee["amount"] > 0
        assert fee["th"] and fee["en"]


def test_the_manual_is_complete(entry):
    _path, data = entry
    assert data["legal_bases"] and all(row["th"] and row["en"] for row in data["legal_bases"])
    assert data["criteria_th"] and data["criteria_en"]
    assert data["criteria_th"].count("\n") == data["criteria_en"].count("\n")
    assert data["channels"] and all(row["place_th"] and row["hours_th"] for row in data["channels"])
    assert 2 <= len(data["steps"]) <= 6
    for step in data["steps"]:
        assert step["th"] and step["en"] and step["duration_th"] and step["duration_en"]
        assert step["duration_minutes"] > 0
        assert step["section_th"] in SECTIONS_TH
    assert data["documents"]
    for document in data["documents"]:
        assert document["name_th"] and document["name_en"] and document["issuer_th"]
        assert document["originals"] >= 0 and document["copies"] >= 0
        assert document["originals"] + document["copies"] > 0
    for form in data["forms"]:
        assert form["th"] and form["en"]


def test_complaints_can_reach_pacc_and_the_damrongdhama_centre(entry):
    _path, data = entry
    texts = [row["th"] for row in data["complaint_channels"]]
    assert any("1206" in text for text in texts)
    assert any("1567" in text for text in texts)


def test_times_are_consistent(entry):
    """The steps add up to the total (in working days, rounded up), and the total keeps to the law's limit."""
    _path, data = entry
    minutes = sum(step["duration_minutes"] for step in data["steps"])
    assert math.ceil(minutes / WORKING_DAY_MINUTES) == data["total_time_days"]
    assert data["total_time_days"] >= 1
    assert data["total_time_th"] and data["total_time_en"]
    limit = data["legal_time_limit_days"]
    if limit is not None:
        assert limit >= 1
        assert str(limit) in data["legal_time_limit_th"] and str(limit) in data["legal_time_limit_en"]
        assert data["total_time_days"] <= limit
    assert data["legal_time_limit_th"] and data["legal_time_limit_en"]
