"""Match a list of units from an official letter (CSV, TSV, XLSX) against the directory."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from siang.directory.loading import SourceRow, TableError, read_table
from siang.directory.matching import AMBIGUOUS, EXACT, NO_MATCH, LetterRow, Match, load_directory, match_rows
from siang.lib.spreadsheets import csv_writer, new_workbook

COLUMNS = {
    "number": ("ลำดับที่", "ลำดับ", "ที่", "no.", "no", "#"),
    "name": ("ชื่อหน่วยบริการ", "หน่วยบริการ", "ชื่อหน่วยงาน", "หน่วยงาน", "ชื่อ", "name", "name_th", "unit"),
    "district": ("อำเภอ", "อำเภอ/เขต", "district", "district_th"),
    "province": ("จังหวัด", "province", "province_th"),
}
OUTPUT_HEADER = (
    "row",
    "no",
    "name",
    "district",
    "province",
    "unit_id",
    "dla_code",
    "unit_name",
    "unit_district",
    "unit_province",
    "confidence",
    "reason",
    "reason_th",
)


class Command(BaseCommand):
    help = (
        "Match the units named in FILE (columns ชื่อหน่วยบริการ/อำเภอ/จังหวัด or name/district/province) "
        "against the directory, including former names; print the result and optionally save it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--output", type=Path, help="Save the result as .csv (UTF-8 with BOM) or .xlsx.")
        parser.add_argument("--province", default="", help="The province of rows that do not name one.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        output: Path | None = options["output"]
        if output is not None and output.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError("--output must end in .csv or .xlsx.")
        try:
            letter_rows = letter_rows_from(read_table(path))
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except TableError as error:
            raise CommandError(str(error)) from None

        directory = load_directory()
        if options["province"] and directory.province_code(options["province"]) is None:
            raise CommandError(f"Unknown province: {options['province']}")
        matches = match_rows(letter_rows, directory, default_province=options["province"])

        self._print_table(matches)
        self.stdout.write(summary(matches))
        if output is not None:
            table = [OUTPUT_HEADER, *(output_row(match) for match in matches)]
            if output.suffix.lower() == ".xlsx":
                write_xlsx(output, table)
            else:
                write_csv(output, table)
            self.stdout.write(f"Saved {output}")

    def _print_table(self, matches: list[Match]) -> None:
        header = ("ลำดับ", "ชื่อในหนังสือ", "อำเภอ", "หน่วยในทะเบียน", "อำเภอ", "รหัส", "คะแนน", "เหตุผล")
        lines = [header, *(_table_row(match) for match in matches)]
        widths = [max(display_width(line[i]) for line in lines) for i in range(len(header))]
        for index, line in enumerate(lines):
            self.stdout.write(
                "  ".join(pad(cell, width) for cell, width in zip(line, widths, strict=True)).rstrip()
            )
            if index and matches[index - 1].reason != EXACT:
                self.stdout.write(f"{'':{widths[0]}}  ↳ {matches[index - 1].explanation_th}")


def letter_rows_from(rows: list[SourceRow]) -> list[LetterRow]:
    if not rows:
        return []
    present = set(rows[0].values)
    chosen = {
        field: next((name for name in names if name in present), None) for field, names in COLUMNS.items()
    }
    if chosen["name"] is None:
        expected = " / ".join((*COLUMNS["name"][:2], "name"))
        raise TableError(f"No column with the unit's name ({expected}); found: {', '.join(sorted(present))}.")
    return [
        LetterRow(
            line=row.line,
            number=row.get(chosen["number"] or ""),
            name=row.get(chosen["name"] or ""),
            district=row.get(chosen["district"] or ""),
            province=row.get(chosen["province"] or ""),
        )
        for row in rows
    ]


def summary(matches: list[Match]) -> str:
    matched = [m for m in matches if m.best is not None]
    by_reason = Counter(m.reason for m in matched)
    ordered = sorted(by_reason.items(), key=lambda item: (-item[1], item[0]))
    parts = [f"{reason} {count}" for reason, count in ordered]
    unmatched = Counter(m.reason for m in matches if m.best is None)
    parts += [f"{reason} {unmatched[reason]}" for reason in (AMBIGUOUS, NO_MATCH) if unmatched[reason]]
    return f"Matched {len(matched)} of {len(matches)}: " + ", ".join(parts) + "."


def output_row(match: Match) -> tuple[object, ...]:
    row = match.row
    given = (row.line, row.number, row.name, row.district, row.province)
    if match.best is None:
        unit: tuple[object, ...] = ("", "", "", "", "")
    else:
        found = match.best.candidate
        unit = (
            found.unit_id,
            found.dla_code or "",
            found.unit_name,
            found.district_name,
            found.province_name,
        )
    return (*given, *unit, round(match.confidence, 2), match.reason, match.explanation_th)


def write_csv(path: Path, table: list[tuple[object, ...]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv_writer(handle).writerows(table)


def write_xlsx(path: Path, table: list[tuple[object, ...]]) -> None:
    from openpyxl.styles import Font

    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "match"
    for row in table:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    workbook.save(path)


def _table_row(match: Match) -> tuple[str, ...]:
    row = match.row
    if match.best is None:
        unit = ("-", "", "", "")
    else:
        found = match.best.candidate
        unit = (found.unit_name, found.district_name, found.dla_code or "-", f"{match.confidence:.2f}")
    return (row.number or str(row.line), row.name, row.district, *unit, match.reason)


def display_width(text: str) -> int:
    """Columns the text takes in a terminal: Thai vowel and tone marks sit on their letter."""
    return sum(0 if unicodedata.category(char) in {"Mn", "Me"} else 1 for char in text)


def pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))
