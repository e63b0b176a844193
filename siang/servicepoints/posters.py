"""Printed QR codes: the A4 poster, the A5 table card, a unit's posters in one PDF and one ZIP.

Every page of a unit is laid out in one WeasyPrint document (the fonts and styles are read once);
the ZIP takes each poster as a page of that document, so N points cost one layout, not N.
Thai is shaped by WeasyPrint with the Sarabun font files the app ships (no system fonts needed).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation

from siang.directory.models import Unit
from siang.lib import pdf
from siang.servicepoints import qr
from siang.servicepoints.models import ServicePoint

POSTER = "poster"  # A4
CARD = "card"  # A5 table card


@dataclass(frozen=True)
class PrintedPoint:
    point: ServicePoint
    unit_th: str
    unit_en: str
    department_th: str
    department_en: str
    placement_th: str
    placement_en: str
    label: str
    qr_svg: str
    short_url: str


def printed(point: ServicePoint) -> PrintedPoint:
    department = point.department
    with translation.override("th"):
        placement_th = str(point.get_placement_display())
    with translation.override("en"):
        placement_en = str(point.get_placement_display())
    return PrintedPoint(
        point=point,
        unit_th=point.unit.name_th,
        unit_en=point.unit.name_en,
        department_th=department.name_th if department else "",
        department_en=department.name_en if department else "",
        placement_th=placement_th,
        placement_en=placement_en,
        label=point.label,
        qr_svg=qr.svg_data_uri(point),
        short_url=qr.short_url(point),
    )


def _document(points: Sequence[ServicePoint], kind: str) -> Any:
    return pdf.layout(
        "servicepoints/print/posters.html", {"pages": [printed(point) for point in points], "kind": kind}
    )


def poster_pdf(point: ServicePoint) -> bytes:
    return bytes(_document([point], POSTER).write_pdf())


def card_pdf(point: ServicePoint) -> bytes:
    return bytes(_document([point], CARD).write_pdf())


def all_posters_pdf(points: Sequence[ServicePoint]) -> bytes:
    return bytes(_document(points, POSTER).write_pdf())


def unit_zip(unit: Unit, points: Sequence[ServicePoint]) -> bytes:
    """Per point a folder with the QR code (screen and print PNG, SVG) and its A4 poster."""
    out = io.BytesIO()
    document = _document(points, POSTER) if points else None
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("อ่านก่อน-README.txt", _readme(unit, points))
        for index, point in enumerate(points):
            folder = point_file_stem(point, index + 1)
            archive.writestr(f"{folder}/qr-screen.png", qr.png(point, pixels=qr.SCREEN_PIXELS))
            archive.writestr(f"{folder}/qr-print.png", qr.png(point, pixels=qr.PRINT_PIXELS))
            archive.writestr(f"{folder}/qr.svg", qr.svg(point))
            assert document is not None
            archive.writestr(f"{folder}/poster-A4.pdf", document.copy([document.pages[index]]).write_pdf())
    return out.getvalue()


def _readme(unit: Unit, points: Sequence[ServicePoint]) -> str:
    lines = [
        f"คิวอาร์โค้ดของ{unit.name_th} / QR codes of {unit.name_en or unit.name_th}",
        "",
        "แต่ละโฟลเดอร์คือจุดให้บริการหนึ่งจุด: qr-print.png สำหรับพิมพ์, qr-screen.png สำหรับหน้าจอ,",
        "qr.svg สำหรับงานออกแบบ, poster-A4.pdf โปสเตอร์พร้อมพิมพ์",
        "Each folder is one service point: qr-print.png to print, qr-screen.png for screens,",
        "qr.svg for designers, poster-A4.pdf ready to print.",
        "",
    ]
    lines += [f"{point_file_stem(p, i + 1)}\t{qr.citizen_url(p)}" for i, p in enumerate(points)]
    return "\n".join(lines) + "\n"


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_name(text: str, *, limit: int = 60) -> str:
    """A file name any system accepts: Thai kept, separators and control characters dropped."""
    cleaned = _UNSAFE.sub(" ", text)
    cleaned = re.sub(r"\s+", "_", cleaned.strip()).strip("._")
    return cleaned[:limit].rstrip("._") or "file"


def point_file_stem(point: ServicePoint, number: int | None = None) -> str:
    where = point.department.name_th if point.department else ""
    with translation.override("th"):
        placement = str(point.get_placement_display())
    parts = [where, placement if not where else "", point.label]
    stem = safe_name(" ".join(part for part in parts if part))
    prefix = f"{number:02d}_" if number is not None else ""
    return f"{prefix}{stem}_{point.token}"
