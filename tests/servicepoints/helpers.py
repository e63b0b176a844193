"""Building service point data for tests: departments, points, photos, reports."""

from __future__ import annotations

import datetime as dt
import io
import random
import struct

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


# --- EXIF written byte by byte, so a test can say anything a broken or hostile phone could -------

ASCII, SHORT, LONG, RATIONAL = 2, 3, 4, 5
_SIZES = {ASCII: 1, SHORT: 2, LONG: 4, RATIONAL: 8}


def _payload(kind: int, value) -> tuple[int, bytes]:
    """(count, bytes) of one EXIF value, big-endian: text, integers, or (numerator, denominator) pairs."""
    if kind == ASCII:
        data = value if isinstance(value, bytes) else value.encode() + b"\x00"
        return len(data), data
    if kind == RATIONAL:
        return len(value), b"".join(struct.pack(">LL", n, d) for n, d in value)
    code = ">H" if kind == SHORT else ">L"
    return len(value), b"".join(struct.pack(code, number) for number in value)


def _ifd(entries: list[tuple[int, int, object]], start: int) -> bytes:
    """One image file directory at offset `start`, its long values right after it."""
    table = struct.pack(">H", len(entries))
    data = b""
    data_start = start + 2 + 12 * len(entries) + 4
    for tag, kind, value in sorted(entries, key=lambda entry: entry[0]):
        count, payload = _payload(kind, value)
        if len(payload) <= 4:
            table += struct.pack(">HHL", tag, kind, count) + payload.ljust(4, b"\x00")
        else:
            table += struct.pack(">HHLL", tag, kind, count, data_start + len(data))
            data += payload + (b"\x00" if len(payload) % 2 else b"")
    return table + b"\x00\x00\x00\x00" + data


def _ifd_size(entries) -> int:
    return len(_ifd(entries, 0))


def raw_exif(*, ifd0=(), exif=(), gps=()) -> bytes:
    """An APP1 EXIF block (for Image.save(exif=…)) with these (tag, type, value) entries."""
    ifd0 = list(ifd0)
    pointers = [(0x8769, LONG, (0,))] if exif else []
    pointers += [(0x8825, LONG, (0,))] if gps else []
    exif_start = 8 + _ifd_size(ifd0 + pointers)
    gps_start = exif_start + (_ifd_size(list(exif)) if exif else 0)
    pointers = [(0x8769, LONG, (exif_start,))] if exif else []
    pointers += [(0x8825, LONG, (gps_start,))] if gps else []
    tiff = b"MM\x00\x2a\x00\x00\x00\x08" + _ifd(ifd0 + pointers, 8)
    if exif:
        tiff += _ifd(list(exif), exif_start)
    if gps:
        tiff += _ifd(list(gps), gps_start)
    return b"Exif\x00\x00" + tiff


def jpeg_with_raw_exif(seed: int, exif: bytes, *, name: str = "photo.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    picture(seed, size=(400, 300)).save(out, "JPEG", quality=85, exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")
