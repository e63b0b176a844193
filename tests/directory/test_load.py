"""Loading the directory: the national file, idempotence, renames, upgrades and bad rows."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from siang.audit.models import AuditEvent
from siang.directory import services
from siang.directory.loading import read_table
from siang.directory.models import District, Province, Unit, UnitName
from siang.directory.names import UnitKind
from siang.directory.selectors import unit_search
from tests.directory.util import PLAIN_HEADER, SAO, SM, phrae_rows, unit_row, write_units


def run_load(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_units", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_national_file_loads_once_then_changes_nothing(django_assert_max_num_queries):
    out, err = run_load()

    assert Province.objects.count() == 77
    assert District.objects.count() == 928
    assert Unit.objects.count() == 7848
    assert Counter(Unit.objects.values_list("kind", flat=True)) == {
        UnitKind.PAO: 76,
        UnitKind.CITY: 30,
        UnitKind.TOWN: 195,
        UnitKind.SUBDISTRICT_MUNICIPALITY: 2247,
        UnitKind.SAO: 5300,
    }
    assert Unit.objects.filter(dla_code__isnull=True).count() == 45
    assert Unit.objects.filter(source_key__isnull=True).count() == 0
    rong_fong = Unit.objects.get(dla_code="6540117")
    assert rong_fong.name_th == "องค์การบริหารส่วนตำบลร่องฟอง"
    assert (rong_fong.kind, rong_fong.short_name_th, rong_fong.search_key) == (
        UnitKind.SAO,
        "ร่องฟอง",
        "ร่องฟอง",
    )
    assert (rong_fong.source_key, rong_fong.district_id, rong_fong.province_id) == ("540169", "5401", "54")
    pao = Unit.objects.get(dla_code="2540101")
    assert (pao.kind, pao.district_id, pao.source_key) == (UnitKind.PAO, None, "540050")
    assert Province.objects.get(code="54").sort_key == "พแร่"  # the leading vowel sorts after its consonant
    assert "7,848 created" in out
    assert "Units: 100%" in err  # stderr is not a terminal here: percentage lines, no bar
    assert UnitName.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    stamp = Unit.objects.order_by("-updated_at").values_list("updated_at", flat=True)[0]

    # Five reads (provinces and districts twice, units once) and the savepoints; no writes.
    with django_assert_max_num_queries(12) as captured:
        out, _err = run_load()

    statements = [query["sql"].split()[0] for query in captured.captured_queries]
    assert statements.count("SELECT") == 5
    assert not {"INSERT", "UPDATE", "DELETE"} & set(statements)

    assert "0 created, 0 updated (of which 0 renamed, 0 upgraded), 7,848 unchanged, 0 skipped" in out
    assert "77 unchanged" in out and "928 unchanged" in out
    assert Unit.objects.order_by("-updated_at").values_list("updated_at", flat=True)[0] == stamp


@pytest.mark.django_db
def test_the_plain_format_finds_the_same_units(geography):
    services.units_load(rows=phrae_rows())
    ids = dict(Unit.objects.values_list("dla_code", "pk"))
    plain = phrae_rows()
    for row in plain:
        for column in list(row.values):
            if column not in PLAIN_HEADER:
                del row.values[column]

    report = services.units_load(rows=plain)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 84)
    assert dict(Unit.objects.values_list("dla_code", "pk")) == ids
    assert Unit.objects.filter(source_key__isnull=True).count() == 0  # geocodes are kept


@pytest.mark.django_db
def test_an_upgrade_keeps_the_unit_and_its_old_name(geography, tmp_path):
    first = [
        unit_row("6540204", "น้ำเลา", SAO, "ร้องกวาง"),
        unit_row("6540306", "บ้านปิน", SAO, "ลอง"),
        unit_row("5540301", "บ้านปิน", SM, "ลอง"),
    ]
    run_load(str(write_units(tmp_path / "first.csv", first)))
    nam_lao = Unit.objects.get(dla_code="6540204")
    ban_pin = set(Unit.objects.filter(short_name_th="บ้านปิน").values_list("pk", flat=True))
    second = [
        unit_row("5540299", "น้ำเลา", SM, "ร้องกวาง"),
        unit_row("6540306", "บ้านปิน", SAO, "ลอง"),
        unit_row("5540301", "บ้านปิน", SM, "ลอง"),
    ]

    out, _err = run_load(str(write_units(tmp_path / "second.csv", second)))

    nam_lao.refresh_from_db()
    assert nam_lao.name_th == "เทศบาลตำบลน้ำเลา"
    assert (nam_lao.kind, nam_lao.dla_code) == (UnitKind.SUBDISTRICT_MUNICIPALITY, "5540299")
    assert Unit.objects.count() == 3
    former = nam_lao.former_names.get()
    assert (former.name_th, former.kind, former.dla_code) == (
        "องค์การบริหารส่วนตำบลน้ำเลา",
        UnitKind.SAO,
        "6540204",
    )
    assert former.reason == UnitName.Reason.UPGRADED
    event = AuditEvent.objects.get(action="unit.upgraded")
    assert event.object_id == str(nam_lao.pk)
    assert event.before["name_th"] == "องค์การบริหารส่วนตำบลน้ำเลา" and event.before["dla_code"] == "6540204"
    assert event.after["kind"] == UnitKind.SUBDISTRICT_MUNICIPALITY
    assert "1 updated (of which 0 renamed, 1 upgraded), 2 unchanged" in out
    assert "upgraded: องค์การบริหารส่วนตำบลน้ำเลา (6540204) → เทศบาลตำบลน้ำเลา (5540299)" in out
    assert list(unit_search(query="องค์การบริหารส่วนตำบลน้ำเลา")) == [nam_lao]
    # อบต.บ้านปิน and ทต.บ้านปิน are two units; both are in the file, so neither is merged.
    assert set(Unit.objects.filter(short_name_th="บ้านปิน").values_list("pk", flat=True)) == ban_pin
    assert UnitName.objects.count() == 1


@pytest.mark.django_db
def test_no_upgrade_when_the_old_unit_is_still_in_the_file(geography, tmp_path):
    run_load(str(write_units(tmp_path / "a.csv", [unit_row("6540306", "บ้านปิน", SAO, "ลอง")])))
    both = [unit_row("6540306", "บ้านปิน", SAO, "ลอง"), unit_row("5540301", "บ้านปิน", SM, "ลอง")]

    run_load(str(write_units(tmp_path / "b.csv", both)))

    assert Unit.objects.filter(short_name_th="บ้านปิน").count() == 2
    assert UnitName.objects.count() == 0


@pytest.mark.django_db
def test_a_rename_through_previous_code_and_previous_name(geography, tmp_path):
    first = [unit_row("6540117", "ร่องฟอง", SAO, "เมืองแพร่"), unit_row("", "แม่จั๊วะ", SAO, "เด่นชัย")]
    run_load(str(write_units(tmp_path / "first.csv", first)))
    rong_fong = Unit.objects.get(dla_code="6540117")
    mae_chua = Unit.objects.get(short_name_th="แม่จั๊วะ")
    second = [
        unit_row("6540199", "ดอยงาม", SAO, "เมืองแพร่", previous_code="6540117"),
        unit_row("6540598", "แม่จั๊วะใหม่", SAO, "เด่นชัย", previous_name_th="องค์การบริหารส่วนตำบลแม่จั๊วะ"),
    ]

    out, _err = run_load(str(write_units(tmp_path / "second.csv", second)))

    rong_fong.refresh_from_db()
    assert (rong_fong.name_th, rong_fong.dla_code) == ("องค์การบริหารส่วนตำบลดอยงาม", "6540199")
    former = rong_fong.former_names.get()
    assert (former.name_th, former.reason, former.dla_code) == (
        "องค์การบริหารส่วนตำบลร่องฟอง",
        UnitName.Reason.RENAMED,
        "6540117",
    )
    mae_chua.refresh_from_db()
    assert mae_chua.dla_code == "6540598"
    assert mae_chua.former_names.get().dla_code == ""
    assert AuditEvent.objects.filter(action="unit.renamed").count() == 2
    assert Unit.objects.count() == 2
    assert "2 updated (of which 2 renamed, 0 upgraded)" in out
    assert list(unit_search(query="ร่องฟอง")) == [rong_fong]


@pytest.mark.django_db
def test_bad_rows_are_reported_by_line_and_skipped(geography, tmp_path):
    rows = [
        unit_row("6540117", "ร่องฟอง", SAO, "เมืองแพร่", province="แพร่ร่วม"),  # line 2
        unit_row("6540118", "วังธง", SAO, "ไม่มีอำเภอนี้"),  # line 3
        {**unit_row("6540119", "ท่าข้าม", SAO, "เมืองแพร่"), "type": "สภาตำบล"},  # line 4
        unit_row("65401", "ป่าแดง", SAO, "เมืองแพร่"),  # line 5
        unit_row("6540120", "ห้วยม้า", SAO, "เมืองแพร่"),  # line 6: good
        unit_row("6540120", "ห้วยม้าซ้ำ", SAO, "เมืองแพร่"),  # line 7: the same code again
        {**unit_row("6540113", "กาญจนา", SAO, "เมืองแพร่"), "type": SM},  # line 8: type ≠ name
    ]

    out, err = run_load(str(write_units(tmp_path / "units.csv", rows)))

    assert list(Unit.objects.values_list("name_th", flat=True)) == ["องค์การบริหารส่วนตำบลห้วยม้า"]
    assert "1 created" in out and "6 skipped" in out
    for line, words in [
        (2, "unknown province 'แพร่ร่วม'"),
        (3, "unknown district 'ไม่มีอำเภอนี้'"),
        (4, "unknown type 'สภาตำบล'"),
        (5, "malformed code '65401'"),
        (7, "DLA code 6540120 is already on line 6"),
        (8, "the type 'เทศบาลตำบล' does not match the name"),
    ]:
        assert f"units.csv, line {line}: {words}" in err


@pytest.mark.django_db
def test_a_file_of_bad_rows_writes_nothing(geography, tmp_path):
    rows = [unit_row("x", "ร่องฟอง", SAO, "เมืองแพร่"), unit_row("6540118", "วังธง", SAO, "")]

    report = services.units_load(rows=read_table(write_units(tmp_path / "bad.csv", rows)))

    assert [(p.line, p.message) for p in report.problems] == [
        (2, "malformed code 'x': a DLA code has 7 digits"),
        (3, "no district"),
    ]
    assert Unit.objects.count() == 0


@pytest.mark.django_db
def test_a_failure_half_way_leaves_the_directory_as_it_was(geography, tmp_path, monkeypatch):
    run_load(str(write_units(tmp_path / "a.csv", [unit_row("6540204", "น้ำเลา", SAO, "ร้องกวาง")])))
    upgrade = [unit_row("5540299", "น้ำเลา", SM, "ร้องกวาง"), unit_row("6540120", "ห้วยม้า", SAO, "เมืองแพร่")]

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_record_name_changes", broken)
    with pytest.raises(RuntimeError):
        run_load(str(write_units(tmp_path / "b.csv", upgrade)))

    assert list(Unit.objects.values_list("name_th", "dla_code")) == [("องค์การบริหารส่วนตำบลน้ำเลา", "6540204")]


@pytest.mark.django_db
def test_codes_may_move_between_units_in_one_load(geography):
    rows = [row for row in phrae_rows() if row.get("code") in {"6540117", "6540118"}]
    services.units_load(rows=rows)
    before = dict(Unit.objects.values_list("source_key", "pk"))
    rows[0].values["code"], rows[1].values["code"] = rows[1].values["code"], rows[0].values["code"]

    report = services.units_load(rows=rows)

    assert report.updated == 2 and not report.problems
    assert dict(Unit.objects.values_list("source_key", "pk")) == before
    assert Unit.objects.get(source_key=rows[0].get("geocode")).dla_code == rows[0].get("code")


@pytest.mark.django_db
def test_missing_units_are_reported_and_deactivated_on_request(geography, tmp_path):
    three = [
        unit_row("6540117", "ร่องฟอง", SAO, "เมืองแพร่"),
        unit_row("6540118", "วังธง", SAO, "เมืองแพร่"),
        unit_row("6540119", "ท่าข้าม", SAO, "เมืองแพร่"),
    ]
    run_load(str(write_units(tmp_path / "three.csv", three)))
    two = write_units(tmp_path / "two.csv", three[:2])

    out, _err = run_load(str(two))
    assert "In the database but not in the file: 1 units (left as they are" in out
    assert Unit.objects.filter(is_active=True).count() == 3

    out, _err = run_load(str(two), "--deactivate-missing")
    assert "now inactive" in out
    assert not Unit.objects.get(dla_code="6540119").is_active
    assert AuditEvent.objects.filter(
        action="unit.deactivated", object_id=str(Unit.objects.get(dla_code="6540119").pk)
    ).exists()

    run_load(str(write_units(tmp_path / "back.csv", three)))
    assert Unit.objects.get(dla_code="6540119").is_active  # back in the file, active again


@pytest.mark.django_db
def test_an_excel_file_loads_like_a_csv(geography, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(PLAIN_HEADER))
    sheet.append([6540117, "องค์การบริหารส่วนตำบลร่องฟอง", "Rong Fong", SAO, "เมืองแพร่", "แพร่"])
    sheet.append(["2540101", "องค์การบริหารส่วนจังหวัดแพร่", "", "องค์การบริหารส่วนจังหวัด", None, "จังหวัดแพร่"])
    workbook.save(tmp_path / "units.xlsx")

    out, err = run_load(str(tmp_path / "units.xlsx"))

    assert "2 created" in out and "skipped" in out and not err.count("line")
    assert Unit.objects.get(dla_code="6540117").name_en == "Rong Fong"
    assert Unit.objects.get(dla_code="2540101").district is None


@pytest.mark.django_db
def test_dry_run_saves_nothing(tmp_path):
    out, _err = run_load(
        str(write_units(tmp_path / "a.csv", [unit_row("6540117", "ร่องฟอง", SAO, "เมืองแพร่")])), "--dry-run"
    )

    assert "1 created" in out and "Dry run" in out
    assert Unit.objects.count() == 0 and Province.objects.count() == 0


@pytest.mark.parametrize("bomb", ["billion_laughs", "many_rows"])
def test_a_workbook_bomb_is_refused_with_a_reason_not_read(tmp_path, bomb):
    """The directory's files go through the same checks as the catalogue's uploads."""
    from siang.directory.loading import TableError
    from tests.catalog import bombs

    workbook = Workbook()
    workbook.create_sheet("กระบวนงาน")  # the sheet the bombs replace
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "units.xlsx"
    path.write_bytes(getattr(bombs, bomb)(buffer.getvalue()))
    with pytest.raises(TableError, match="cannot open as an Excel workbook"):
        read_table(path)
