"""Process names: the process name only (never "คู่มือ"), normalised, near-duplicates pointed out."""

from __future__ import annotations

import pytest

from siang.catalog import names, services
from siang.catalog.services import CatalogError
from tests.catalog.helpers import make_process

WATER = "การขออนุญาตใช้น้ำประปา"


@pytest.mark.parametrize(
    "typed",
    [
        "คู่มือสำหรับประชาชน: การขออนุญาตใช้น้ำประปา",
        "คู่มือประชาชน เรื่อง การขออนุญาตใช้น้ำประปา",
        "คู่มือสำหรับประชาชน เรื่อง การขออนุญาตใช้น้ำประปา",
        "คู่มือการขออนุญาตใช้น้ำประปา",
        "การขออนุญาตใช้น้ำประปา (คู่มือสำหรับประชาชน)",
        "คู่มือสำหรับประชาชนในการขออนุญาตใช้น้ำประปา",
        "ค\u0e48\u0e39มือ: การขออนุญาตใช้น้ำประปา",  # tone mark typed before the vowel
        "คู่\u200bมือสำหรับประชาชน : การขออนุญาตใช้น้ำประปา",  # a zero-width space inside the word
    ],
)
def test_the_manual_word_is_refused_with_the_corrected_name_offered(typed):
    assert names.manual_word_problem(typed) == WATER
    with pytest.raises(CatalogError) as refused:
        services.check_process_names(typed, "")
    assert f"“{WATER}”" in str(refused.value)
    assert "คู่มือ" in str(refused.value)


def test_a_name_that_is_only_the_manual_words_is_refused_without_a_suggestion():
    assert names.manual_word_problem("คู่มือสำหรับประชาชน") == ""
    with pytest.raises(CatalogError, match="without “คู่มือ”"):
        services.check_process_names("คู่มือสำหรับประชาชน", "")


def test_the_english_name_is_the_process_name_only_too():
    with pytest.raises(CatalogError) as refused:
        services.check_process_names(WATER, "Citizen manual: Applying for tap water")
    assert "“Applying for tap water”" in str(refused.value)
    assert services.check_process_names(WATER, "Applying for tap water") == (WATER, "Applying for tap water")


def test_a_process_name_is_required():
    with pytest.raises(CatalogError, match="in Thai"):
        services.check_process_names(" \u200b ", "")


@pytest.mark.parametrize(
    "typed",
    [
        "การขออนุญาต\u200bใช้น้ำประปา",  # zero-width space
        "การขออนุญาตใช้น้ำประปา\u200d",  # zero-width joiner
        "\ufeffการขออนุญาตใช้น้ำประปา",  # byte-order mark pasted from a file
        "  การขออนุญาตใช้น้ำประปา  ",
        "การขออนุญาตใช้น\u0e49\u0e4d\u0e32ประปา",  # SARA AM typed as NIKHAHIT + SARA AA
    ],
)
def test_names_are_normalised(typed):
    assert services.check_process_names(typed, "")[0] == WATER


def test_doubled_spaces_and_decomposed_characters_are_normalised():
    assert names.normalise("การรับ   ชำระ\tภาษี") == "การรับ ชำระ ภาษี"
    assert names.normalise("Cafe\u0301  licence") == "Café licence"


def test_the_stored_name_is_normalised(departments, personas):
    process = services.process_create(
        department=departments["a2"],
        actor=personas["user_a"],
        sequence=1,
        name_th="การขออนุญาต\u200bใช้น้ำ  ประปา",
    )
    assert process.draft_revision.name_th == "การขออนุญาตใช้น้ำ ประปา"


def test_a_near_duplicate_in_the_same_unit_is_pointed_out(departments, personas):
    user = personas["user_a"]
    make_process(departments["a2"], user, name_th="การขออนุญาตใช้น้ำประปา")
    make_process(departments["b1"], personas["admin_b"], name_th="การขออนุญาตใช้น้ำบาดาล")
    unit_a = departments["a2"].unit

    close = services.similar_process_names(unit=unit_a, name_th="การขออนุญาตใช้นำประปา")  # tone mark missing
    assert [(s.name, s.where) for s in close] == [("การขออนุญาตใช้น้ำประปา", "กองช่าง")]
    assert "การขออนุญาตใช้น้ำประปา" in names.similar_names_message(close)

    assert services.similar_process_names(unit=unit_a, name_th="การขอรับบริการจัดเก็บขยะมูลฝอย") == []
    # another unit's processes are not compared
    assert services.similar_process_names(unit=departments["b1"].unit, name_th="การขออนุญาตใช้น้ำประปา") == []


def test_a_near_duplicate_is_a_warning_not_a_refusal(departments, personas):
    user = personas["user_a"]
    make_process(departments["a2"], user, name_th=WATER)
    second = services.process_create(department=departments["a1"], actor=user, sequence=1, name_th=WATER)
    assert second.draft_revision.name_th == WATER


def test_a_process_is_not_its_own_near_duplicate(water):
    assert services.similar_process_names(unit=water.unit, name_th=WATER, exclude=water) == []
