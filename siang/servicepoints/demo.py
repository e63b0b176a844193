"""Demo service points of unit A (เทศบาลเมืองแพร่): counters, a PR board, the website; one verified.

Runs after the demo personas and catalogue. Safe to run again: a unit that has service points is
left as it is.
"""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from siang.accounts.demo import persona_user
from siang.accounts.personas import UNIT_A
from siang.catalog.models import Department
from siang.directory.models import Unit
from siang.servicepoints import qr, services
from siang.servicepoints.models import Placement, ServicePoint


def demo_photo(point: ServicePoint, *, shade: int = 0) -> SimpleUploadedFile:
    """A stand-in photo: the point's real QR code on a wall-coloured background."""
    wall = Image.new("RGB", (1200, 900), (214 - shade, 200, 170 + shade))
    draw = ImageDraw.Draw(wall)
    draw.rectangle((380, 120, 820, 780), fill=(255, 255, 255), outline=(11, 74, 139), width=12)
    code = Image.open(io.BytesIO(qr.png(point, pixels=360))).convert("RGB").resize((360, 360))
    wall.paste(code, (420, 300))
    draw.rectangle((380, 120, 820, 230), fill=(11, 74, 139))
    out = io.BytesIO()
    wall.save(out, "JPEG", quality=88)
    return SimpleUploadedFile(f"installation-{point.pk}.jpg", out.getvalue(), content_type="image/jpeg")


@transaction.atomic
def ensure_service_points() -> dict[str, int]:
    unit = Unit.objects.filter(dla_code=UNIT_A).first()
    if unit is None or ServicePoint.objects.filter(unit=unit).exists():
        return {"points": 0, "verified": 0}
    admin, pacc = persona_user("admin_a"), persona_user("pacc")
    departments = list(Department.objects.filter(unit=unit, is_active=True).order_by("sequence")[:2])
    points = [
        services.service_point_create(
            unit=unit, actor=admin, placement=Placement.COUNTER, department=department, label="ชั้น 1"
        )
        for department in departments
    ]
    points.append(
        services.service_point_create(
            unit=unit, actor=admin, placement=Placement.PR_BOARD, label="บอร์ดประชาสัมพันธ์หน้าสำนักงาน"
        )
    )
    points.append(services.service_point_create(unit=unit, actor=admin, placement=Placement.WEBSITE))
    report = services.installation_report_submit(
        point=points[0],
        actor=admin,
        location="ผนังข้างช่องบริการที่ 1 ชั้น 1 อาคารสำนักงานเทศบาล",
        installed_on=timezone.localdate() - dt.timedelta(days=3),
        uploads=[demo_photo(points[0])],
    )
    services.installation_verify(report=report, actor=pacc)
    return {"points": len(points), "verified": 1}
