"""Matching the units named in letters against the directory."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from siang.directory import services
from siang.directory.loading import read_table
from siang.directory.matching import (
    AMBIGUOUS,
    NO_MATCH,
    LetterRow,
    load_directory,
    match_row,
    thai_distance,
    thai_similarity,
)
from siang.directory.models import Unit
from tests.directory.util import PHRAE_LETTER, SAO, unit_row, write_units

# The unit each row of the letter of 5 May 2569 means, checked by hand against lao_units.csv.
EXPECTED_CODES = {
    1: "6540309",  # เทศบาลตำบลบ่อเหล็กทอง → อบต.บ่อเหล็กลอง (ลอง)
    2: "5540301",  # ทต.บ้านปิน, not อบต.บ้านปิน (6540306) of the same district
    3: "5540202",
    4: "5540106",  # ทต.แม่คำมี of เมืองแพร่, not อบต.แม่คำมี (6540802) of หนองม่วงไข่
    5: "5540303",
    6: "6540120",
    7: "6540705",
    8: "6540113",
    9: "6540411",  # อบต.สูงเม่น, not ทต.สูงเม่น (5540401)
    10: "6540118",
    11: "6540204",  # น้ำเลา: the directory still has the อบต.
    12: "6540607",
    13: "6540205",
    14: "6540406",
    15: "6540706",  # แม่เก็ง → แม่เกิ๋ง
    16: "6540609",
    17: "6540210",
    18: "5540108",
    19: "6540405",
    20: "6540119",
    21: "6540702",  # แม่ป่าก → แม่ป้าก
    22: "6540112",  # เหมือง → อบต.เหมืองหม้อ
    23: "6540806",
    24: "6540707",
    25: "6540307",
    26: "6540408",
    27: "5540107",
    28: "5540104",  # ทุ่งไฉ้ง → ทุ่งโฮ้ง
    29: "6540704",
    30: "6540708",
    31: "6540402",
    32: "5540103",
    33: "6540407",
    34: "5540304",
    35: "6540308",
    36: "5540701",  # ทต.วังชิ้น, not อบต.วังชิ้น (6540703)
    37: "6540413",
    38: "6540507",
    39: "6540608",  # ทุ่งน้ำ (สอง) → อบต.ทุ่งน้าว
    40: "6540410",
    41: "5540305",
    42: "6540117",  # ร่องพอง → ร่องฟอง
    43: "6540115",
    44: "5540602",
    45: "5540109",
    46: "6540506",
    47: "6540207",
}
EXPECTED_REASONS = {
    1: "type_changed+spelling_variant",
    2: "exact",
    4: "exact",
    9: "exact",
    11: "type_changed",
    12: "type_changed",
    13: "type_changed",
    15: "spelling_variant",
    16: "type_changed",
    21: "spelling_variant",
    22: "type_changed+name_cut_short",
    28: "spelling_variant",
    36: "exact",
    39: "type_changed+spelling_variant",
    42: "spelling_variant",
}
OUTPUT_HEADER = [
    "row",
    "no",
    "name",
    "district",
    "province",
    "unit_id",
    "dla_code",
    "unit_name",
    "unit_district",
    "unit_province",
    "confidence",
    "reason",
    "reason_th",
]


def run_match(*args: str) -> str:
    out = io.StringIO()
    call_command("match_units", *args, stdout=out)
    return out.getvalue()


def row(name: str, district: str = "", province: str = "แพร่") -> LetterRow:
    return LetterRow(line=2, number="1", name=name, district=district, province=province)


def test_the_letter_file_has_the_47_units_of_the_seed():
    rows = read_table(PHRAE_LETTER)
    assert len(rows) == 47
    assert [r.get("ลำดับที่") for r in rows] == [str(n) for n in range(1, 48)]
    assert {r.get("จังหวัด") for r in rows} == {"แพร่"}
    assert rows[41].get("ชื่อหน่วยบริการ") == "องค์การบริหารส่วนตำบลร่องพอง"


@pytest.mark.django_db
def test_every_row_of_the_phrae_letter_finds_its_unit(phrae_units, tmp_path):
    output = tmp_path / "result.csv"

    out = run_match(str(PHRAE_LETTER), "--output", str(output))

    raw = output.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read Thai
    with output.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == OUTPUT_HEADER
    got = {int(line[1]): line for line in table[1:]}
    assert {number: line[6] for number, line in got.items()} == EXPECTED_CODES
    for number, reason in EXPECTED_REASONS.items():
        assert got[number][11] == reason, number
    units = {u.dla_code: u for u in Unit.objects.select_related("district")}
    for number, line in got.items():
        unit = units[EXPECTED_CODES[number]]
        assert line[5:10] == [str(unit.pk), unit.dla_code, unit.name_th, unit.district.name_th, "แพร่"]
    assert got[42][:5] == ["43", "42", "องค์การบริหารส่วนตำบลร่องพอง", "เมืองแพร่", "แพร่"]
    assert float(got[2][10]) == 1.0 and 0.7 <= float(got[39][10]) < 0.9
    assert "สะกดต่างกัน “ร่องพอง” กับ “ร่องฟอง”" in got[42][12]
    assert "Matched 47 of 47: exact 36, spelling_variant 4, type_changed 4, " in out
    assert "type_changed+spelling_variant 2, type_changed+name_cut_short 1." in out
    assert "องค์การบริหารส่วนตำบลร่องพอง" in out and "องค์การบริหารส่วนตำบลร่องฟอง" in out


@pytest.mark.django_db
def test_the_result_as_an_excel_file(phrae_units, tmp_path):
    output = tmp_path / "result.xlsx"

    run_match(str(PHRAE_LETTER), "--output", str(output))

    sheet = load_workbook(output).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == OUTPUT_HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert len(rows) == 48
    assert {int(r[1]): r[6] for r in rows[1:]} == EXPECTED_CODES
    assert rows[22][2:4] == ("เทศบาลตำบลเหมือง", "เมืองแพร่")
    assert rows[22][7] == "องค์การบริหารส่วนตำบลเหมืองหม้อ"
    assert rows[22][11] == "type_changed+name_cut_short"


@pytest.mark.django_db
def test_a_tsv_or_excel_letter_with_other_headers_and_spellings(phrae_units, tmp_path):
    tsv = tmp_path / "letter.tsv"
    tsv.write_text("no.\tname\tdistrict\tprovince\n1\tอบต.ร่องฟอง\tอ.เมือง\tจ.แพร่\n", encoding="utf-8")
    workbook = Workbook()
    workbook.active.append(["ลำดับที่", "ชื่อหน่วยบริการ", "อำเภอ", "จังหวัด"])
    workbook.active.append([1, "ทต. บ้านปิน", "อำเภอลอง", "จังหวัดแพร่"])
    workbook.save(tmp_path / "letter.xlsx")

    assert "Matched 1 of 1: exact 1." in run_match(str(tsv), "--output", str(tmp_path / "a.csv"))
    assert "Matched 1 of 1: exact 1." in run_match(
        str(tmp_path / "letter.xlsx"), "--output", str(tmp_path / "b.csv")
    )

    for name, code in (("a.csv", "6540117"), ("b.csv", "5540301")):
        with (tmp_path / name).open(encoding="utf-8-sig") as handle:
            assert next(csv.DictReader(handle))["dla_code"] == code


@pytest.mark.django_db
def test_the_province_option_fills_a_missing_province(phrae_units, tmp_path):
    letter = tmp_path / "letter.csv"
    letter.write_text("ชื่อหน่วยบริการ,อำเภอ\nองค์การบริหารส่วนตำบลน้ำเลา,ร้องกวาง\n", encoding="utf-8")

    assert "Matched 0 of 1: no_match 1." in run_match(str(letter))
    assert "Matched 1 of 1: exact 1." in run_match(str(letter), "--province", "แพร่")
    with pytest.raises(CommandError, match="Unknown province"):
        run_match(str(letter), "--province", "ไม่มี")


@pytest.mark.django_db
def test_a_made_up_name_is_not_matched_but_gets_suggestions(phrae_units):
    directory = load_directory()

    result = match_row(row("เทศบาลตำบลดาวอังคาร", "ลอง"), directory)

    assert result.best is None and result.unit_id is None
    assert result.reason == NO_MATCH
    assert result.explanation_th.startswith("ไม่พบชื่อที่ใกล้พอ ชื่อที่ใกล้ที่สุด: ")
    assert len(result.alternatives) == 3
    assert result.alternatives[0].candidate.unit_name in result.explanation_th


@pytest.mark.django_db
def test_an_unknown_province_is_not_guessed(phrae_units):
    result = match_row(row("องค์การบริหารส่วนตำบลร่องฟอง", "เมืองแพร่", "แพร่ใหม่"), load_directory())

    assert (result.best, result.reason) == (None, NO_MATCH)
    assert "แพร่ใหม่" in result.explanation_th


@pytest.mark.django_db
def test_two_units_equally_close_are_reported_not_chosen(phrae_units):
    directory = load_directory()
    ban_pin = {"5540301", "6540306"}  # อบต. and ทต. บ้านปิน, both in ลอง

    untyped = match_row(row("บ้านปิน", "อ.ลอง"), directory)
    prefix = match_row(row("อบต.แม่ยาง", "ร้องกวาง"), directory)

    assert (untyped.best, untyped.reason) == (None, AMBIGUOUS)
    assert {s.candidate.dla_code for s in untyped.alternatives} == ban_pin
    assert "5540301" in untyped.explanation_th and "6540306" in untyped.explanation_th
    assert (prefix.best, prefix.reason) == (None, AMBIGUOUS)
    assert {s.candidate.dla_code for s in prefix.alternatives} == {"6540206", "6540207", "6540209"}


@pytest.mark.django_db
def test_the_district_decides_between_namesakes_and_a_wrong_one_costs_confidence(phrae_units):
    directory = load_directory()

    right = match_row(row("เทศบาลตำบลแม่คำมี", "เมืองแพร่"), directory)
    wrong = match_row(row("เทศบาลตำบลแม่คำมี", "ลอง"), directory)
    none = match_row(row("เทศบาลตำบลแม่คำมี"), directory)

    assert (right.best.candidate.dla_code, right.confidence) == ("5540106", 1.0)
    assert wrong.best.candidate.dla_code == "5540106"
    assert wrong.reason == "other_district" and wrong.confidence == 0.75
    assert none.best.candidate.dla_code == "5540106" and none.confidence == 0.95


@pytest.mark.django_db
def test_a_former_name_still_finds_the_renamed_unit(phrae_units, tmp_path):
    renamed = unit_row("6540199", "ดอยงาม", SAO, "เมืองแพร่", previous_code="6540117")
    report = services.units_load(rows=read_table(write_units(tmp_path / "renamed.csv", [renamed])))
    assert report.renamed == 1
    unit = Unit.objects.get(dla_code="6540199")

    result = match_row(row("องค์การบริหารส่วนตำบลร่องฟอง", "เมืองแพร่"), load_directory())
    typo = match_row(row("องค์การบริหารส่วนตำบลร่องพอง", "เมืองแพร่"), load_directory())

    assert result.unit_id == unit.pk
    assert result.reason == "former_name" and result.confidence == 0.95
    assert "ปัจจุบันคือ “องค์การบริหารส่วนตำบลดอยงาม”" in result.explanation_th
    assert typo.unit_id == unit.pk and typo.reason == "former_name+spelling_variant"


@pytest.mark.django_db
def test_the_directory_loads_in_a_fixed_number_of_queries(phrae_units, django_assert_num_queries):
    with django_assert_num_queries(4):
        directory = load_directory()
    assert len(directory.candidates["54"]) == 84


@pytest.mark.django_db
def test_a_letter_without_a_name_column_is_refused(tmp_path):
    letter = tmp_path / "letter.csv"
    letter.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No column with the unit's name"):
        run_match(str(letter))


@pytest.mark.parametrize(
    ("given", "stored", "distance"),
    [
        ("ร่องพอง", "ร่องฟอง", 0.4),  # พ/ฟ look alike
        ("แม่ป่าก", "แม่ป้าก", 0.3),  # another tone mark
        ("แม่เก็ง", "แม่เกิ๋ง", 0.6),  # a vowel mark missing, another tone mark
        ("ทุ่งไฉ้ง", "ทุ่งโฮ้ง", 0.8),  # ไ/โ and ฉ/ฮ
        ("ทุ่งน้ำ", "ทุ่งน้าว", 1.4),  # ำ/า, and a letter missing
        ("บ่อเหล็กทอง", "บ่อเหล็กลอง", 1.0),  # ท and ล do not look alike: a full edit
        ("ที่", "ที่", 0.0),
        ("กี้", "ก้ี", 0.3),  # tone and vowel typed in the other order
    ],
)
def test_thai_distance(given, stored, distance):
    assert thai_distance(given, stored) == pytest.approx(distance)
    assert thai_distance(stored, given) == pytest.approx(distance)


def test_lookalike_letters_are_closer_than_other_letters():
    assert thai_similarity("ร่องพอง", "ร่องฟอง") > thai_similarity("ร่องพอง", "ร่องทอง")
    assert thai_similarity("แม่ป่าก", "แม่ป้าก") > thai_similarity("แม่ป่าก", "แม่ล่าก")
    assert thai_similarity("แม่ป่าก", "แม่ป่าก") == 1.0
    assert thai_similarity("ก", "ขคฆ") == 0.0
