"""Helpers for the directory tests: small unit files and the Phrae slice of the real file."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from django.conf import settings

from siang.directory.loading import SourceRow, read_table

PLAIN_HEADER = ("code", "name_th", "name_en", "type", "district_th", "province_th")
DATA = Path(__file__).resolve().parent.parent / "data"
PHRAE_LETTER = DATA / "phrae_no_admin_2569-05-05.csv"

SAO = "องค์การบริหารส่วนตำบล"
SM = "เทศบาลตำบล"


def unit_row(
    code: str, short: str, type_th: str, district: str, province: str = "แพร่", **extra: str
) -> dict[str, str]:
    return {
        "code": code,
        "name_th": type_th + short,
        "name_en": "",
        "type": type_th,
        "district_th": district,
        "province_th": province,
        **extra,
    }


def write_units(path: Path, rows: list[dict[str, str]]) -> Path:
    header = list(PLAIN_HEADER)
    for row in rows:
        header += [name for name in row if name not in header]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@cache
def national_rows() -> tuple[SourceRow, ...]:
    return tuple(read_table(Path(settings.SIANG_UNITS_FILE)))


def phrae_rows() -> list[SourceRow]:
    """The 84 units of Phrae from the real file (1 PAO, 1 ทม., 25 ทต., 57 อบต.)."""
    return [
        SourceRow(line=row.line, values=dict(row.values))  # a copy: tests may change it
        for row in national_rows()
        if row.get("province_th") == "แพร่"
    ]
