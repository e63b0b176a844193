"""Reading tables (CSV, TSV, XLSX) of units, keeping the line number of every row for messages."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from siang.directory.names import normalize_text
from siang.lib.workbooks import Limits, UnreadableWorkbook, open_untrusted, read_rows

TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


class TableError(Exception):
    """The file cannot be read as a table at all (as opposed to one bad row)."""


@dataclass(frozen=True)
class SourceRow:
    line: int  # 1-based line (CSV) or row (XLSX) number in the file; the header is line 1
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def read_table(path: Path) -> list[SourceRow]:
    """Every non-blank row under the header. Header names are normalised and lower-cased."""
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _rows(_excel_lines(path))
    if suffix in TEXT_SUFFIXES:
        return _rows(_text_lines(path))
    raise TableError(f"{path.name}: expected a .csv, .tsv or .xlsx file.")


def _rows(lines: Iterable[tuple[int, list[str]]]) -> list[SourceRow]:
    header: list[str] | None = None
    rows: list[SourceRow] = []
    for line, cells in lines:
        cleaned = [normalize_text(cell) for cell in cells]
        if not any(cleaned):
            continue
        if header is None:
            header = [cell.lower() for cell in cleaned]
            continue
        if [cell.lower() for cell in cleaned[: len(header)]] == header:
            continue  # the header repeated, as on every page of a printed letter
        values = {name: (cleaned[i] if i < len(cleaned) else "") for i, name in enumerate(header) if name}
        rows.append(SourceRow(line=line, values=values))
    if header is None:
        raise TableError("The file is empty: no header row.")
    return rows


def _text_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    text = _decode(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = (
        "\t" if path.suffix.lower() == ".tsv" or first_line.count("\t") > first_line.count(",") else ","
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for cells in reader:
        yield line, cells
        line = reader.line_num + 1


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel on Thai Windows saves "CSV" in the Thai code page.
        return data.decode("cp874")
    except UnicodeDecodeError:
        raise TableError("The file is neither UTF-8 nor Thai (TIS-620/cp874) text.") from None


# The national directory is about 8,000 units; a list attached to a letter is shorter.
EXCEL_LIMITS = Limits(rows=50_000, columns=50, uncompressed_bytes=200 * 1024 * 1024)


def _excel_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    try:
        workbook = open_untrusted(path.read_bytes(), EXCEL_LIMITS)
    except UnreadableWorkbook as error:
        raise TableError(
            f"{path.name}: cannot open as an Excel workbook ({error.__cause__ or error})."
        ) from None
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(read_rows(sheet, EXCEL_LIMITS), start=1):
            yield number, [_cell_text(value) for value in row]
    except UnreadableWorkbook as error:
        raise TableError(f"{path.name}: cannot read the workbook ({error.__cause__ or error}).") from None
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
