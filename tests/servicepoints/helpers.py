"""Building service point data for tests: departments, points, photos, reports."""

from __future__ import annotations

import datetime as dt
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from siang.catalog.models import Department
from siang.servicepoints import services
from siang.servicepoints.models import InstallationReport, Placement, ServicePoint


def department(unit, *, sequence: int = 1, name_th: str = "กองช่าง", name_en: str = "Engineering Division"):
    return Department.objects.create(unit=unit, sequence=sequence, name_th=name_th, name_en=name_en)


def counter(unit, admin, *, dept=None, label: str = "ชั้น 1") -> ServicePoint:
    dept = dept or department(unit)
    return services.service_point_create(
        unit=unit, actor=admin, placement=Placement.COUNTER, department=dept, label=label
    )


def board(unit, admin, *, placement: str = Placement.PR_BOARD, label: str = "") -> ServicePoint:
    return services.service_point_create(unit=unit, actor=admin, placement=placement, label=label)


def picture(seed: int = 1, *, size: tuple[int, int] = (800, 600)) -> Image.Image:
    """A distinct picture per seed: random blocks, so two seeds never look alike."""
    rng = random.Random(seed)
    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randrange(40, 300), rng.randrange(40, 300)
        draw.rectangle(
            (x, y, x + w, y + h), fill=(rng.randrange(256), rng.randrange(256), rng.randrange(256))
        )
    return image


def jpeg(
    seed: int = 1,
    *,
    name: str = "photo.jpg",
    exif: Image.Exif | None = None,
    quality: int = 90,
    size: tuple[int, int] = (800, 600),
) -> SimpleUploadedFile:
    out = io.BytesIO()
    kwargs = {"exif": exif} if exif is not None else {}
    picture(seed, size=size).save(out, "JPEG", quality=quality, **kwargs)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def gps_exif(
    *,
    lat: tuple = (18, 8, 30.0),
    lon: tuple = (100, 8, 15.0),
    taken: str = "2026:11:20 09:15:00",
    orientation: int | None = None,
) -> Image.Exif:
    exif = Image.Exif()
    exif[0x8769] = {36867: taken}
    exif[0x8825] = {1: "N", 2: lat, 3: "E", 4: lon}
    if orientation:
        exif[0x0112] = orientation
    return exif


def report(
    point: ServicePoint,
    admin,
    *,
    seeds=(1,),
    location: str = "ผนังหน้าช่องบริการ",
    installed_on: dt.date | None = None,
) -> InstallationReport:
    return services.installation_report_submit(
        point=point,
        actor=admin,
        location=location,
        installed_on=installed_on or dt.date(2026, 11, 20),
        uploads=[jpeg(seed) for seed in seeds],
    )
