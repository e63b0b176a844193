"""Demo catalogue: unit A (เทศบาลเมืองแพร่) with its departments and processes in every state.

Three departments, six approved processes, one returned to the User with the Admin's comment and
one waiting for the Admin's review. Content comes from the template library when its files are
there, otherwise from a small built-in manual. Safe to run again: nothing is duplicated.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from siang.accounts.demo import persona_user
from siang.accounts.models import User
from siang.accounts.personas import UNIT_A
from siang.catalog.content import apply_content, clean_content, content_of
from siang.catalog.models import Department, ProcessRevision, ProcessTemplate, RevisionStatus, ServiceProcess
from siang.catalog.process_library import LIBRARY_DIR, LibraryError, load_library
from siang.directory.models import Unit

DEPARTMENTS = (
    (1, "สำนักปลัดเทศบาล", "Office of the Municipal Clerk"),
    (2, "กองช่าง", "Engineering Division"),
    (3, "กองสาธารณสุขและสิ่งแวดล้อม", "Public Health and Environment Division"),
)


@dataclass(frozen=True)
class DemoProcess:
    department: int
    sequence: int
    slug: str
    name_th: str
    name_en: str
    state: str  # approved, returned, submitted
    comment: str = ""


PROCESSES = (
    DemoProcess(1, 1, "elderly_allowance", "การลงทะเบียนและยื่นคำขอรับเงินเบี้ยยังชีพผู้สูงอายุ",
                "Registering for the old-age allowance", "approved"),
    DemoProcess(1, 2, "disability_allowance", "การลงทะเบียนและยื่นคำขอรับเงินเบี้ยความพิการ",
                "Registering for the disability allowance", "approved"),
    DemoProcess(2, 1, "water_supply", "การขออนุญาตใช้น้ำประปา", "Applying for a tap-water connection",
                "approved"),
    DemoProcess(2, 2, "building_construction", "การขออนุญาตก่อสร้างอาคาร", "Applying for a building permit",
                "approved"),
    DemoProcess(2, 3, "excavation_notice", "การแจ้งการขุดดิน", "Notifying excavation work", "submitted"),
    DemoProcess(3, 1, "waste_collection_service", "การขอรับบริการจัดเก็บขยะมูลฝอย", "Asking for waste collection",
                "approved"),
    DemoProcess(3, 2, "food_premises_notice",
                "การขอหนังสือรับรองการแจ้งจัดตั้งสถานที่จำหน่ายอาหารหรือสถานที่สะสมอาหาร พื้นที่ไม่เกิน 200 ตารางเมตร",
                "Notifying a food shop of up to 200 square metres", "approved"),
    DemoProcess(3, 3, "health_hazard_licence", "การขอรับใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ",
                "Applying for a licence for a business hazardous to health", "returned",
                comment="ค่าธรรมเนียมต้องเป็นไปตามข้อบัญญัติเทศบาลเมืองแพร่ พ.ศ. 2565 และเพิ่มระยะเวลาตรวจสถานประกอบการ"),
)  # fmt: skip


def _minimal(item: DemoProcess) -> dict[str, Any]:
    """A short but complete manual, for when the library's files are not there."""
    free = item.slug in {"elderly_allowance", "disability_allowance", "waste_collection_service"}
    return clean_content(
        {
            "name_th": item.name_th,
            "name_en": item.name_en,
            "category": "enrolment" if item.department == 1 else "permit",
            "legal_bases": [{"th": "พระราชบัญญัติเทศบาล พ.ศ. 2496", "en": "Municipality Act B.E. 2496 (1953)"}],
            "legal_time_limit_days": 15,
            "legal_time_limit_th": "15 วันทำการ",
            "legal_time_limit_en": "15 working days",
            "channels": [
                {
                    "place_th": "สำนักงานเทศบาลเมืองแพร่",
                    "place_en": "Phrae Town Municipality office",
                    "hours_th": "วันจันทร์ถึงวันศุกร์ 08.30–16.30 น. (เว้นวันหยุดราชการ)",
                    "hours_en": "Monday to Friday, 8:30–16:30 (except public holidays)",
                }
            ],
            "steps": [
                {"th": "ยื่นคำขอและตรวจสอบเอกสาร", "en": "Apply and have the documents checked",
                 "duration_th": "1 วันทำการ", "duration_en": "1 working day", "duration_minutes": 480,
                 "section_th": "งานธุรการ", "section_en": "Administration section"},
                {"th": "พิจารณาและแจ้งผล", "en": "Decision and notice", "duration_th": "14 วันทำการ",
                 "duration_en": "14 working days", "duration_minutes": 6720, "section_th": "หัวหน้าส่วนราชการ",
                 "section_en": "Head of division"},
            ],
            "total_time_th": "15 วันทำการ",
            "total_time_en": "15 working days",
            "total_time_days": 15,
            "documents": [
                {"name_th": "บัตรประจำตัวประชาชน", "name_en": "Thai ID card", "issuer_th": "กรมการปกครอง",
                 "issuer_en": "Department of Provincial Administration", "originals": 1, "copies": 1,
                 "note_th": "", "note_en": ""},
            ],
            "fees": [] if free else [{"th": "ค่าธรรมเนียมตามข้อบัญญัติ", "en": "Fee set by municipal by-law",
                                      "amount": 100}],
            "no_fee": free,
            "complaint_channels": [
                {"th": "เทศบาลเมืองแพร่ โทร 0 5451 1011", "en": "Phrae Town Municipality, call 0 5451 1011"},
                {"th": "ศูนย์ดำรงธรรมจังหวัดแพร่ โทร 1567", "en": "Phrae Damrongdhama Centre, call 1567"},
            ],
        }
    )  # fmt: skip


def _library() -> dict[str, ProcessTemplate]:
    if any(LIBRARY_DIR.glob("*.json")):
        # a library file being written may not load; the built-in content then stands in
        with contextlib.suppress(LibraryError):
            load_library(LIBRARY_DIR)
    return {t.slug: t for t in ProcessTemplate.objects.filter(slug__in={p.slug for p in PROCESSES})}


def _revision(
    process: ServiceProcess,
    content: dict[str, Any],
    *,
    state: str,
    user: User,
    admin: User,
    comment: str = "",
) -> ProcessRevision:
    now = timezone.now()
    revision = ProcessRevision(process=process, number=1, created_by=user, status=state)
    apply_content(revision, content)
    revision.submitted_by, revision.submitted_at = user, now
    if state != RevisionStatus.SUBMITTED:
        revision.decided_by, revision.decided_at = admin, now
    revision.review_comment = comment
    revision.save()
    return revision


@transaction.atomic
def ensure_catalog() -> dict[str, int]:
    """Create unit A's demo catalogue where it is missing. Returns what was created."""
    unit = Unit.objects.get(dla_code=UNIT_A)
    user, admin = persona_user("user_a"), persona_user("admin_a")
    departments = {}
    for sequence, name_th, name_en in DEPARTMENTS:
        departments[sequence], _created = Department.objects.get_or_create(
            unit=unit, sequence=sequence, is_active=True, defaults={"name_th": name_th, "name_en": name_en}
        )
    templates = _library()
    created = from_library = 0
    for item in PROCESSES:
        department = departments[item.department]
        if ServiceProcess.objects.filter(department=department, sequence=item.sequence).exists():
            continue
        template = templates.get(item.slug)
        content = clean_content(content_of(template)) if template else _minimal(item)
        content.update(name_th=item.name_th, name_en=item.name_en)
        process = ServiceProcess.objects.create(
            unit=unit, department=department, sequence=item.sequence, created_by=user
        )
        revision = _revision(process, content, state=item.state, user=user, admin=admin, comment=item.comment)
        revision.template = template
        revision.save(update_fields=["template"])
        if item.state == RevisionStatus.APPROVED:
            process.live_revision = revision
        else:
            process.draft_revision = revision
        process.save(update_fields=["live_revision", "draft_revision"])
        created += 1
        from_library += template is not None
    return {"departments": len(departments), "processes": created, "from_library": from_library}
