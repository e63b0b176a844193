"""Opening a workbook someone uploaded, which may be damaged or built to harm the server.

An .xlsx file is a zip of XML files. Before openpyxl sees it, `open_untrusted` checks, cheapest
first: that it is a zip at all; the number of its members and their declared uncompressed sizes
(Python's zipfile never inflates a member past its declared size, so the declared sizes bound the
work); then streams every XML member once through defusedxml's parser, which refuses any DOCTYPE
(no real workbook has one: that is where external entities and entity expansion hide), and counts
rows and columns as they stream past, stopping at the first sheet over the limits. openpyxl itself
parses with defusedxml too (it uses it when it is installed). `read_rows` then reads a sheet's rows
no further than the limits, and turns anything openpyxl raises on the way into the same message.

Every refusal is an `UnreadableWorkbook` whose message, in the person's language, starts with
"This file is not a workbook we can read".
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from defusedxml.ElementTree import DefusedXMLParser
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string
from openpyxl.workbook.workbook import Workbook

_ZIP_MAGIC = b"PK\x03\x04"
_CHUNK = 64 * 1024
_CELL_COLUMN = re.compile(r"^\$?([A-Za-z]{1,3})")


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold; the defaults are generous for any form Siang asks people to fill."""

    rows: int = 20_000  # a sheet
    columns: int = 50  # a sheet
    members: int = 100  # files in the zip (a workbook from Excel has about 15)
    uncompressed_bytes: int = 50 * 1024 * 1024  # all of them, as declared
    shared_strings: int = 500_000


class UnreadableWorkbook(Exception):
    """The file cannot be read as a workbook; the message is for the person (translated)."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or unreadable_message())
        self.message = str(self.args[0])


def unreadable_message() -> str:
    return _(
        "This file is not a workbook we can read. Save it in Excel as “Excel Workbook (.xlsx)”, "
        "best starting from the template on this page, and upload it again."
    )


def too_large_message(limits: Limits) -> str:
    return _(
        "This file is not a workbook we can read: it is larger than this form can be. A sheet may have "
        "at most %(rows)s rows and %(columns)s columns; delete the empty rows and columns, or split the "
        "workbook into several files."
    ) % {"rows": f"{limits.rows:,}", "columns": f"{limits.columns:,}"}


class _TooLarge(Exception):
    pass


def open_untrusted(data: bytes, limits: Limits | None = None) -> Workbook:
    """The workbook, read-only and values only, once the file has passed every check."""
    limits = limits or Limits()
    if not data.startswith(_ZIP_MAGIC):
        raise UnreadableWorkbook()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive, limits)
            for member in archive.infolist():
                if member.filename.endswith((".xml", ".rels")):
                    _scan_xml(archive, member, limits)
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _TooLarge:
        raise UnreadableWorkbook(too_large_message(limits)) from None
    except UnreadableWorkbook:
        raise
    except Exception as error:  # zipfile, expat, defusedxml and openpyxl raise many kinds
        raise UnreadableWorkbook() from error


def read_rows(sheet: Any, limits: Limits | None = None, *, min_row: int = 1) -> Iterator[tuple[Any, ...]]:
    """The values of a sheet's rows, at most the limits' rows and columns, read as they stream."""
    limits = limits or Limits()
    rows = sheet.iter_rows(min_row=min_row, max_row=limits.rows, max_col=limits.columns, values_only=True)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as error:  # a fault deep in a sheet shows only when its row is read
            raise UnreadableWorkbook() from error
        yield row


def _check_archive(archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.members:
        raise UnreadableWorkbook()
    if sum(member.file_size for member in members) > limits.uncompressed_bytes:
        raise UnreadableWorkbook()
    for member in members:
        if member.flag_bits & 0x1 or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnreadableWorkbook()  # encrypted, or compressed in a way Excel does not write


def _scan_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: Limits) -> None:
    counter = _Counter(limits)
    parser = DefusedXMLParser(target=counter, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            parser.feed(chunk)
    parser.close()


class _Counter:
    """An XML parser target that keeps nothing: it counts rows, cells and shared strings. It has no
    `end` or `data`, so the parser does not call back for those (a third of the time)."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.rows = 0
        self.cells_in_row = 0
        self.shared_strings = 0

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        name = tag.rsplit("}", 1)[-1]
        if name == "row":
            self.rows += 1
            self.cells_in_row = 0
            number = attrib.get("r", "")
            if self.rows > self.limits.rows or (number.isdigit() and int(number) > self.limits.rows):
                raise _TooLarge
        elif name == "c":
            self.cells_in_row += 1
            column = _CELL_COLUMN.match(attrib.get("r", ""))
            if self.cells_in_row > self.limits.columns or (
                column and column_index_from_string(column.group(1).upper()) > self.limits.columns
            ):
                raise _TooLarge
        elif name == "si":
            self.shared_strings += 1
            if self.shared_strings > self.limits.shared_strings:
                raise _TooLarge
