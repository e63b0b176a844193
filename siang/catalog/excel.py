"""A unit's catalogue in Excel: the blank workbook, the import of many drafts, the export.

One sheet lists the processes (a row each, keyed by the department's and the process's sequence
numbers); each list of the citizen manual (steps, documents, fees …) has its own sheet whose rows
carry the same two numbers. Column headers end with the field's code in brackets, which is what
the import reads, so a reordered or relabelled column still imports. The import is all or
nothing: every bad cell is reported by sheet, row and column, and nothing is written until the
whole workbook is good.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from siang.accounts.models import User
from siang.catalog import services
from siang.catalog.content import LIST_FIELDS, Category, ContentError, ServiceType, clean_content, content_of
from siang.catalog.models import Department, ServiceProcess
from siang.directory.models import Unit
from siang.lib.spreadsheets import GuardedWorkbook, new_workbook, unguard
from siang.lib.workbooks import Limits, UnreadableWorkbook, open_untrusted, read_rows

MAX_BYTES = 5 * 1024 * 1024
MAX_PROCESSES = 1000
# A sheet of lists holds a row per item: 1,000 processes of up to 20 steps or documents each.
LIMITS = Limits(rows=20_000, columns=50)
PROCESS_SHEET = "กระบวนงาน"
KEY_COLUMNS = ("department", "sequence")
PROCESS_COLUMNS = (
    "name_th",
    "name_en",
    "service_type",
    "category",
    "legal_time_limit_days",
    "legal_time_limit_th",
    "legal_time_limit_en",
    "total_time_days",
    "total_time_th",
    "total_time_en",
    "criteria_th",
    "criteria_en",
    "no_fee",
)
LIST_SHEETS = {
    "legal_bases": "กฎหมาย",
    "channels": "ช่องทางบริการ",
    "steps": "ขั้นตอน",
    "documents": "เอกสาร",
    "fees": "ค่าธรรมเนียม",
    "complaint_channels": "ช่องทางร้องเรียน",
    "forms": "แบบฟอร์ม",
}
HEADERS_TH = {
    "department": "ลำดับส่วนงาน",
    "sequence": "ลำดับกระบวนงาน",
    "status": "สถานะ",
    "name_th": "ชื่อกระบวนงาน",
    "name_en": "ชื่อภาษาอังกฤษ",
    "service_type": "ประเภทงานบริการ",
    "category": "หมวดหมู่",
    "legal_time_limit_days": "ระยะเวลาตามกฎหมาย (วัน)",
    "legal_time_limit_th": "ระยะเวลาตามกฎหมาย",
    "legal_time_limit_en": "ระยะเวลาตามกฎหมาย (อังกฤษ)",
    "total_time_days": "ระยะเวลาดำเนินการรวม (วัน)",
    "total_time_th": "ระยะเวลาดำเนินการรวม",
    "total_time_en": "ระยะเวลาดำเนินการรวม (อังกฤษ)",
    "criteria_th": "หลักเกณฑ์ วิธีการ เงื่อนไข",
    "criteria_en": "หลักเกณฑ์ (อังกฤษ)",
    "no_fee": "ไม่มีค่าธรรมเนียม (ใช่/ไม่ใช่)",
    "th": "ข้อความ",
    "en": "ข้อความภาษาอังกฤษ",
    "place_th": "สถานที่",
    "place_en": "สถานที่ (อังกฤษ)",
    "hours_th": "วันและเวลาทำการ",
    "hours_en": "วันและเวลาทำการ (อังกฤษ)",
    "duration_th": "ระยะเวลา",
    "duration_en": "ระยะเวลา (อังกฤษ)",
    "duration_minutes": "ระยะเวลา (นาที)",
    "section_th": "ส่วนงานที่รับผิดชอบ",
    "section_en": "ส่วนงานที่รับผิดชอบ (อังกฤษ)",
    "name_th_doc": "ชื่อเอกสาร",
    "issuer_th": "หน่วยงานที่ออกเอกสาร",
    "issuer_en": "หน่วยงานที่ออกเอกสาร (อังกฤษ)",
    "originals": "ฉบับจริง",
    "copies": "สำเนา",
    "note_th": "หมายเหตุ",
    "note_en": "หมายเหตุ (อังกฤษ)",
    "amount": "จำนวนเงิน (บาท)",
    "url": "ลิงก์",
}
_YES = {"ใช่", "yes", "y", "true", "1", "มี"}
_NO = {"ไม่ใช่", "no", "n", "false", "0", "", "ไม่"}
_HEADER_CODE = re.compile(r"\(([a-z_]+)\)\s*$")
_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")


def _header(code: str, sheet: str = "") -> str:
    label = (
        HEADERS_TH["name_th_doc"]
        if (sheet == "documents" and code == "name_th")
        else HEADERS_TH.get(code, code)
    )
    return f"{label} ({code})"


def _choice_value(choices: Any, value: str) -> str:
    """Accept the code (permit) or the label as shown in Thai or English."""
    for choice in choices:
        if value in {choice.value, str(choice.label)}:
            return str(choice.value)
    return value


# --- writing -----------------------------------------------------------------------------------


def _sheet(
    workbook: GuardedWorkbook, title: str, columns: Iterable[str], *, list_name: str = ""
) -> Worksheet:
    sheet = workbook.create_sheet(title)
    sheet.append([_header(code, list_name) for code in columns])
    for cell in sheet[1]:
        cell.font, cell.fill = _BOLD, _HEADER_FILL
    sheet.freeze_panes = "A2"
    for index in range(1, sheet.max_column + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    return sheet


def _workbook(rows: Iterable[tuple[ServiceProcess | None, dict[str, Any], str]], unit: Unit) -> bytes:
    workbook = new_workbook()
    about = workbook.active
    assert about is not None
    about.title = "อ่านก่อน"
    for line in _instructions(unit):
        about.append([line])
    about.column_dimensions["A"].width = 120
    processes = _sheet(workbook, PROCESS_SHEET, (*KEY_COLUMNS, "status", *PROCESS_COLUMNS))
    lists = {
        item.name: _sheet(workbook, LIST_SHEETS[item.name], (*KEY_COLUMNS, *item.keys), list_name=item.name)
        for item in LIST_FIELDS
    }
    for process, content, status in rows:
        key = [process.department.sequence, process.sequence] if process else [1, 1]
        processes.append([*key, status, *[_cell(content[code], code) for code in PROCESS_COLUMNS]])
        for item in LIST_FIELDS:
            for entry in content[item.name]:
                lists[item.name].append([*key, *[entry.get(code) for code in item.keys]])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value: Any, code: str) -> Any:
    if code == "no_fee":
        return "ใช่" if value else "ไม่ใช่"
    return value


def _instructions(unit: Unit) -> list[str]:
    return [
        f"บัญชีงานบริการของ{unit.name_th} — Siang service catalogue workbook",
        "",
        "1. แผ่นงาน “กระบวนงาน”: หนึ่งแถวต่อหนึ่งกระบวนงาน "
        "ระบุลำดับส่วนงาน (ตามที่ผู้ดูแลระบบกำหนด) และลำดับกระบวนงานในส่วนงาน",
        "   One row per process: the department's sequence number (as the Admin set it) "
        "and the process's number in it.",
        "2. แผ่นงานอื่น (ขั้นตอน เอกสาร ค่าธรรมเนียม ฯลฯ): หนึ่งแถวต่อหนึ่งรายการ ใส่ลำดับส่วนงานและลำดับกระบวนงานเดียวกัน",
        "   Other sheets (steps, documents, fees …): one row per item, with the same two numbers.",
        "3. ชื่อกระบวนงานเป็นชื่อกระบวนงานเท่านั้น ไม่ต้องมีคำว่า “คู่มือ”; หากไม่มีค่าธรรมเนียม ให้ใส่ “ใช่” ในช่องไม่มีค่าธรรมเนียม",
        "   The name is the process name only, never “คู่มือ”; "
        "when there is no fee, put “ใช่” (yes) under no_fee.",
        "4. หมวดหมู่: " + ", ".join(f"{c.value} = {c.label}" for c in Category),
        "   ประเภทงานบริการ: " + ", ".join(f"{c.value} = {c.label}" for c in ServiceType),
        "5. ระบบนำเข้าทั้งไฟล์หรือไม่นำเข้าเลย: หากมีข้อผิดพลาด ระบบจะแจ้งแผ่นงาน แถว และคอลัมน์ ให้แก้ไขแล้วนำเข้าใหม่",
        "   All or nothing: any mistake is reported by sheet, row and column, "
        "and nothing is imported until it is fixed.",
        "6. กระบวนงานที่นำเข้าเป็นฉบับร่าง ต้องส่งให้ผู้ดูแลระบบตรวจอนุมัติก่อนเผยแพร่",
        "   Imported processes are drafts: submit them for the Admin's approval before citizens see them.",
    ]


def blank_workbook(unit: Unit) -> bytes:
    """The workbook to fill in, with one example row the person overwrites."""
    example = clean_content(
        {
            "name_th": "การขออนุญาตใช้น้ำประปา",
            "name_en": "Application for a water supply connection",
            "category": "permit",
            "legal_time_limit_days": 7,
            "legal_time_limit_th": "7 วัน",
            "total_time_days": 7,
            "total_time_th": "7 วัน",
            "steps": [
                {
                    "th": "ยื่นคำขอและตรวจเอกสาร",
                    "duration_th": "1 วัน",
                    "duration_minutes": 480,
                    "section_th": "กองช่าง",
                }
            ],
            "documents": [
                {"name_th": "บัตรประจำตัวประชาชน", "issuer_th": "กรมการปกครอง", "originals": 1, "copies": 1}
            ],
            "fees": [{"th": "ค่าธรรมเนียมการติดตั้งมาตรวัดน้ำ", "amount": 500}],
        }
    )
    return _workbook([(None, example, "")], unit)


def export_workbook(unit: Unit) -> bytes:
    """The unit's catalogue as staff see it: each process's current revision and its status."""
    processes = (
        ServiceProcess.objects.filter(unit=unit, department__is_active=True)
        .select_related("department", "draft_revision", "live_revision")
        .order_by("department__sequence", "sequence")
    )
    rows = []
    for process in processes:
        revision = process.current_revision
        rows.append((process, content_of(revision), str(revision.get_status_display())))
    return _workbook(rows, unit)


# --- reading -----------------------------------------------------------------------------------


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    @property
    def in_a_cell(self) -> bool:
        """False for a fault of the whole file, which has no sheet, row or column to point at."""
        return bool(self.sheet or self.row or self.column)


@dataclass
class ImportResult:
    created: list[ServiceProcess] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, sheet: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, message))

    def columns(self, sheet: Worksheet, wanted: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for index, cell in enumerate(next(read_rows(sheet, LIMITS), ())):
            match = _HEADER_CODE.search(str(cell or ""))
            if match:
                found[match.group(1)] = index
        for code in wanted:
            if code not in found:
                self.problem(sheet.title, 1, _header(code), _("This column is missing."))
        return found

    def key(self, sheet: str, number: int, values: dict[str, Any]) -> tuple[int, int] | None:
        key = []
        for code in KEY_COLUMNS:
            value = values.get(code)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if not isinstance(value, int) or value < 1:
                self.problem(sheet, number, _header(code), _("Write a whole number of 1 or more."))
                return None
            key.append(value)
        return key[0], key[1]


def _rows(sheet: Worksheet, columns: dict[str, int]) -> Iterable[tuple[int, dict[str, Any]]]:
    for number, row in enumerate(read_rows(sheet, LIMITS, min_row=2), start=2):
        if not any(value not in (None, "") for value in row):
            continue
        values = {code: (row[index] if index < len(row) else None) for code, index in columns.items()}
        yield (
            number,
            {code: _typed(value) for code, value in values.items()},
        )


def _typed(value: Any) -> Any:
    """A cell as the person typed it: without surrounding spaces, or the guard an export added."""
    return unguard(value.strip()) if isinstance(value, str) else value


def _process_content(reader: _Reader, number: int, values: dict[str, Any]) -> dict[str, Any]:
    content = {code: values.get(code) for code in PROCESS_COLUMNS}
    no_fee = str(content["no_fee"] or "").strip().lower()
    if no_fee in _YES:
        content["no_fee"] = True
    elif no_fee in _NO:
        content["no_fee"] = False
    else:
        reader.problem(PROCESS_SHEET, number, _header("no_fee"), _("Write ใช่ (yes) or ไม่ใช่ (no)."))
        content["no_fee"] = False
    content["service_type"] = _choice_value(ServiceType, str(content["service_type"] or ""))
    content["category"] = _choice_value(Category, str(content["category"] or ""))
    return content


Read = dict[tuple[int, int], tuple[int, dict[str, Any]]]


def read_workbook(data: bytes) -> tuple[Read, list[Problem]]:
    """Every process in the workbook, keyed by (department, sequence), with its row on the process
    sheet and its checked content; and the problems found. A file that is not a workbook, or one
    built to exhaust the server, is refused with one problem and nothing else."""
    try:
        workbook = open_untrusted(data, LIMITS)
        try:
            return _read(workbook)
        finally:
            workbook.close()
    except UnreadableWorkbook as error:
        return {}, [Problem("", 0, "", error.message)]


def _read(workbook: Any) -> tuple[Read, list[Problem]]:
    reader = _Reader()
    if PROCESS_SHEET not in workbook.sheetnames:
        reader.problem(
            PROCESS_SHEET, 0, "", _("The sheet “%(sheet)s” is missing.") % {"sheet": PROCESS_SHEET}
        )
        return {}, reader.problems
    processes: dict[tuple[int, int], dict[str, Any]] = {}
    rows_of: dict[tuple[int, int], int] = {}
    sheet = workbook[PROCESS_SHEET]
    columns = reader.columns(sheet, (*KEY_COLUMNS, "name_th"))
    for number, values in _rows(sheet, columns):
        key = reader.key(PROCESS_SHEET, number, values)
        if key is None:
            continue
        if key in processes:
            reader.problem(
                PROCESS_SHEET,
                number,
                _header("sequence"),
                _("Row %(row)d already has this department and process number.") % {"row": rows_of[key]},
            )
            continue
        if len(processes) >= MAX_PROCESSES:
            reader.problem(
                PROCESS_SHEET,
                number,
                "",
                _("A workbook may hold at most %(max)d processes.") % {"max": MAX_PROCESSES},
            )
            break
        processes[key] = _process_content(reader, number, values)
        for item in LIST_FIELDS:
            processes[key][item.name] = []
        rows_of[key] = number
    for item in LIST_FIELDS:
        title = LIST_SHEETS[item.name]
        if title not in workbook.sheetnames:
            continue
        sheet = workbook[title]
        columns = reader.columns(sheet, KEY_COLUMNS)
        for number, values in _rows(sheet, columns):
            key = reader.key(title, number, values)
            if key is None:
                continue
            if key not in processes:
                reader.problem(
                    title,
                    number,
                    _header("sequence"),
                    _("No process with these numbers on the sheet “%(sheet)s”.") % {"sheet": PROCESS_SHEET},
                )
                continue
            processes[key][item.name].append(
                {code: values.get(code) for code in item.keys if code in columns}
            )
    for key, raw in processes.items():
        _check_content(reader, rows_of[key], raw)
    return {key: (rows_of[key], content) for key, content in processes.items()}, reader.problems


def _check_content(reader: _Reader, number: int, raw: dict[str, Any]) -> None:
    try:
        cleaned = clean_content(raw)
    except ContentError as error:
        reader.problem(
            PROCESS_SHEET, number, _column_of(str(error)), _("Not understood: %(error)s") % {"error": error}
        )
        return
    try:
        services.check_process_names(cleaned["name_th"], cleaned["name_en"])
    except services.CatalogError as error:
        reader.problem(PROCESS_SHEET, number, _header("name_th"), str(error))
    raw.clear()
    raw.update(cleaned)


def _column_of(error: str) -> str:
    code = error.split(":", 1)[0].split("[", 1)[0].split(".")[-1]
    return _header(code)


@dataclass
class Plan:
    """A checked workbook: what the import will create, in order."""

    rows: list[tuple[Department, int, dict[str, Any]]]
    problems: list[Problem]

    def __len__(self) -> int:
        return len(self.rows)


def plan_import(*, data: bytes, unit: Unit) -> Plan:
    """Read and check the whole workbook against the unit; nothing is written."""
    if len(data) > MAX_BYTES:
        return Plan(rows=[], problems=[Problem("", 0, "", _("The file is larger than 5 MB."))])
    processes, problems = read_workbook(data)
    departments = {d.sequence: d for d in Department.objects.filter(unit=unit, is_active=True)}
    existing = set(
        ServiceProcess.objects.filter(unit=unit, department__is_active=True).values_list(
            "department__sequence", "sequence"
        )
    )
    for (department, sequence), (row, _content) in processes.items():
        if department not in departments:
            message = _(
                "There is no department number %(number)d in this unit. Ask the Admin to add it, "
                "or correct the number."
            )
            problems.append(
                Problem(PROCESS_SHEET, row, _header("department"), message % {"number": department})
            )
        elif (department, sequence) in existing:
            message = _("Department %(department)d already has a process number %(sequence)d.")
            values = {"department": department, "sequence": sequence}
            problems.append(Problem(PROCESS_SHEET, row, _header("sequence"), message % values))
    if not processes and not problems:
        problems.append(Problem(PROCESS_SHEET, 0, "", _("The workbook has no process to import.")))
    if problems:
        return Plan(rows=[], problems=problems)
    rows = [
        (departments[department], sequence, content)
        for (department, sequence), (_row, content) in sorted(processes.items())
    ]
    return Plan(rows=rows, problems=[])


def carry_out(plan: Plan, *, actor: User) -> Iterator[ServiceProcess]:
    """Create the plan's drafts one by one, all in one transaction: stopping half-way (an error, or
    the person leaving the page) writes nothing. Yields each process as it is created."""
    with transaction.atomic():
        for department, sequence, content in plan.rows:
            process = services.process_create(
                department=department,
                actor=actor,
                sequence=sequence,
                name_th=content["name_th"],
                name_en=content["name_en"],
            )
            process.draft_revision = services.revision_update(process=process, actor=actor, content=content)
            yield process


def import_workbook(*, data: bytes, unit: Unit, actor: User) -> ImportResult:
    """Create a draft for every process in the workbook, or nothing at all."""
    plan = plan_import(data=data, unit=unit)
    if plan.problems:
        return ImportResult(problems=plan.problems)
    return ImportResult(created=list(carry_out(plan, actor=actor)))
