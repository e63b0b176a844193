"""Building catalogue data for tests: complete manual content, processes in each state, library files."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from siang.catalog import excel, services
from siang.catalog.models import Department, ServiceProcess


def complete_content(**overrides: Any) -> dict[str, Any]:
    """What a finished citizen manual says (every field the completeness check asks for)."""
    content: dict[str, Any] = {
        "service_type": "single_unit",
        "category": "permit",
        "legal_bases": [{"th": "ข้อบัญญัติเทศบาลเมืองแพร่ เรื่อง การใช้น้ำประปา พ.ศ. 2560", "en": ""}],
        "legal_time_limit_days": 15,
        "legal_time_limit_th": "15 วันทำการ",
        "legal_time_limit_en": "15 working days",
        "criteria_th": "ผู้ขอต้องมีทะเบียนบ้านในเขตเทศบาล",
        "criteria_en": "",
        "channels": [
            {
                "place_th": "งานประปา กองช่าง",
                "place_en": "",
                "hours_th": "จันทร์–ศุกร์ 08:30–16:30 น.",
                "hours_en": "",
            }
        ],
        "steps": [
            {
                "th": "ยื่นคำขอและตรวจเอกสาร",
                "en": "Apply and have the documents checked",
                "duration_th": "30 นาที",
                "duration_en": "30 minutes",
                "duration_minutes": 30,
                "section_th": "งานประปา",
                "section_en": "",
            },
            {
                "th": "ติดตั้งมาตรวัดน้ำ",
                "en": "",
                "duration_th": "7 วันทำการ",
                "duration_en": "",
                "duration_minutes": None,
                "section_th": "งานประปา",
                "section_en": "",
            },
        ],
        "total_time_th": "7 วันทำการ 30 นาที",
        "total_time_en": "",
        "total_time_days": 7.5,
        "documents": [
            {
                "name_th": "บัตรประจำตัวประชาชน",
                "name_en": "Thai ID card",
                "issuer_th": "กรมการปกครอง",
                "issuer_en": "",
                "originals": 1,
                "copies": 1,
                "note_th": "",
                "note_en": "",
            }
        ],
        "fees": [{"th": "ค่าประกันมาตรวัดน้ำ", "en": "Meter deposit", "amount": 500}],
        "no_fee": False,
        "complaint_channels": [{"th": "ศูนย์ดำรงธรรม โทร 1567", "en": "Damrongdhama Centre, call 1567"}],
        "forms": [],
    }
    content.update(overrides)
    return content


def make_process(
    department: Department, actor, *, sequence: int = 1, name_th: str = "การขออนุญาตใช้น้ำประปา", **content
) -> ServiceProcess:
    process = services.process_create(department=department, actor=actor, sequence=sequence, name_th=name_th)
    services.revision_update(process=process, actor=actor, content=complete_content(**content))
    process.refresh_from_db()
    return process


def approved_process(department: Department, user, admin, **kwargs) -> ServiceProcess:
    process = make_process(department, user, **kwargs)
    [revision] = services.process_submit(processes=[process], actor=user)
    services.revision_approve(revision=revision, actor=admin)
    process.refresh_from_db()
    return process


def write_library(folder: Path, templates: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number, template in enumerate(templates, start=1):
        (folder / f"{number:02d}_{template['slug']}.json").write_text(
            json.dumps(template, ensure_ascii=False), encoding="utf-8"
        )
    return folder


def library_template(slug: str, name_th: str, **overrides: Any) -> dict[str, Any]:
    return {"slug": slug, "name_th": name_th, "name_en": "", **complete_content(), **overrides}


def build_catalogue(phrae, personas) -> dict[str, Any]:
    """Unit A with a department, an approved process with changes waiting for review, and a draft;
    one library template. What every catalogue page needs to show something."""
    from siang.catalog.models import ProcessTemplate

    unit = phrae["units"]["a"]
    user, admin = personas["user_a"], personas["admin_a"]
    department = services.department_create(
        unit=unit, actor=admin, sequence=1, name_th="กองช่าง", name_en="Engineering Division"
    )
    approved = approved_process(department, user, admin, name_en="Applying for tap water")
    services.revision_update(process=approved, actor=user, content={"total_time_th": "5 วันทำการ"})
    approved.refresh_from_db()
    [waiting] = services.process_submit(processes=[approved], actor=user)
    draft = make_process(department, user, sequence=2, name_th="การขออนุญาตก่อสร้างอาคาร")
    template = ProcessTemplate(slug="water-supply")
    for key, value in complete_content(name_th="การขออนุญาตใช้น้ำประปา").items():
        setattr(template, key, value)
    template.save()
    return {
        "unit": unit,
        "department": department,
        "approved": approved,
        "waiting": waiting,
        "draft": draft,
        "template": template,
    }


def fill_workbook(data: bytes, rows: list[list], **lists: list[list]) -> bytes:
    """The blank workbook with its example rows replaced: `rows` on the process sheet, and each
    list (steps=…, fees=…, documents=…) on its own sheet; lists not given are left empty."""
    book = load_workbook(io.BytesIO(data))
    for title, new in ((excel.PROCESS_SHEET, rows), *((excel.LIST_SHEETS[k], v) for k, v in lists.items())):
        sheet = book[title]
        sheet.delete_rows(2, sheet.max_row)
        for row in new:
            sheet.append(row)
    for name, title in excel.LIST_SHEETS.items():
        if name not in lists:
            book[title].delete_rows(2, book[title].max_row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# department, sequence, status, name_th, name_en, service_type, category, legal days, legal th, legal en,
# total days, total th, total en, criteria th, criteria en, no_fee
def workbook_row(department, sequence, name="การขออนุญาตใช้น้ำประปา", no_fee="ไม่ใช่", category="permit"):
    return [
        department,
        sequence,
        "",
        name,
        "",
        "single_unit",
        category,
        15,
        "15 วัน",
        "",
        7,
        "7 วัน",
        "",
        "",
        "",
        no_fee,
    ]
