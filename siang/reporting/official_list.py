"""The official list of units that have not finished a step, in the seed letter's attachment format.

PACC's letter to Phrae (ปป ๐๐๑๒/๖๑๒) attaches a table: a title, the system's name, "ข้อมูล ณ วันที่
5 พฤษภาคม 2569", then ลำดับที่ / ชื่อหน่วยบริการ / อำเภอ / จังหวัด / หมายเหตุ. The same table is made
here for any province or district and any step, as a PDF (A4, Sarabun, the header repeated on
every page, page numbers) and as an Excel sheet, plus an optional cover letter draft in the
official letter layout. The attachment writes numbers in Arabic digits, as the seed's does;
Thai digits are a choice. The letter always uses Thai digits, as official letters do.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils import timezone

from siang.directory.models import Unit
from siang.lib import pdf
from siang.lib.thai import date_letter_th, date_long_th, thai_digits
from siang.reporting.compliance import Area, Step, missing_units

SYSTEM_NAME_TH = "ระบบรับแจ้งข้อมูลการเข้ารับบริการภาครัฐจากประชาชนผู้รับบริการ (Feedback) ของสำนักงาน ป.ป.ท."
HEADER = ("ลำดับที่", "ชื่อหน่วยบริการ", "อำเภอ", "จังหวัด", "หมายเหตุ")
CLOSING_NOTE_TH = "หมายเหตุ หากท่านได้ดำเนินการแล้ว ต้องขออภัยในความไม่สะดวกและขอขอบคุณสำหรับความร่วมมือมา ณ โอกาสนี้"
EXCEL_COLUMN_WIDTHS = (10, 48, 20, 16, 22)
FONT_NAME = "TH Sarabun New"  # the official font's name in Excel; Sarabun is its open twin


@dataclass(frozen=True)
class ListRow:
    number: str
    unit: str
    district: str
    province: str
    note: str = ""

    def cells(self) -> tuple[str, str, str, str, str]:
        return (self.number, self.unit, self.district, self.province, self.note)


@dataclass(frozen=True)
class OfficialList:
    area: Area
    step: Step
    as_of: dt.date
    thai_numbers: bool
    rows: tuple[ListRow, ...]

    @property
    def title(self) -> str:
        return self._digits(self.step.list_title_th)

    @property
    def system_line(self) -> str:
        return SYSTEM_NAME_TH

    @property
    def as_of_line(self) -> str:
        return f"ข้อมูล ณ วันที่ {self._digits(date_long_th(self.as_of))}"

    @property
    def count(self) -> int:
        return len(self.rows)

    def _digits(self, text: str) -> str:
        return thai_digits(text) if self.thai_numbers else text

    def filename(self, extension: str) -> str:
        """'admin_approved_แพร่_2026-05-05.pdf'; the Thai-digit version ends '_thai-digits.pdf'."""
        place = (
            self.area.district.name_th
            if self.area.district
            else self.area.province.name_th
            if self.area.province
            else "ทั่วประเทศ"
        )
        digits = "_thai-digits" if self.thai_numbers else ""
        return f"{self.step.key}_{place}_{self.as_of.isoformat()}{digits}.{extension}"


def build_list(
    area: Area, step: Step, *, as_of: dt.date | None = None, thai_numbers: bool = False
) -> OfficialList:
    """The units of the area that have not done the step, numbered in the lists' order: one query."""
    day = as_of or timezone.localdate()
    units: list[Unit] = list(missing_units(area, step))
    convert = thai_digits if thai_numbers else str
    rows = tuple(
        ListRow(
            number=convert(index),
            unit=unit.name_th,
            district=unit.district.name_th if unit.district else "",
            province=unit.province.name_th,
        )
        for index, unit in enumerate(units, start=1)
    )
    return OfficialList(area=area, step=step, as_of=day, thai_numbers=thai_numbers, rows=rows)


# --- PDF ------------------------------------------------------------------------------------------


def list_pdf(official: OfficialList) -> bytes:
    return pdf.render_pdf(
        "reporting/compliance/print/official_list.html", {"list": official, "header": HEADER}
    )


# --- Excel ----------------------------------------------------------------------------------------


def list_xlsx(official: OfficialList) -> bytes:
    """The same table as a sheet: three title rows, the header, the units; printable on A4."""
    from openpyxl.styles import Alignment, Border, Font, Side

    from siang.lib.spreadsheets import new_workbook

    book = new_workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "รายชื่อหน่วยบริการ"
    title_font = Font(name=FONT_NAME, size=16, bold=True)
    body_font = Font(name=FONT_NAME, size=16)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for line, text in enumerate((official.title, official.system_line, official.as_of_line), start=1):
        sheet.cell(row=line, column=1, value=text).font = title_font
        sheet.cell(row=line, column=1).alignment = Alignment(horizontal="center", wrap_text=True)
        sheet.merge_cells(start_row=line, start_column=1, end_row=line, end_column=len(HEADER))
    header_row = 5
    for column, text in enumerate(HEADER, start=1):
        cell = sheet.cell(row=header_row, column=column, value=text)
        cell.font = title_font
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for offset, row in enumerate(official.rows, start=1):
        values: list[object] = list(row.cells())
        if not official.thai_numbers:
            values[0] = int(row.number)
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=header_row + offset, column=column, value=value or None)
            cell.font = body_font
            cell.border = box
            cell.alignment = Alignment(horizontal="center" if column in (1, 3, 4) else "left", vertical="top")
    note_row = header_row + len(official.rows) + 2
    sheet.cell(row=note_row, column=1, value=CLOSING_NOTE_TH).font = body_font
    sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=len(HEADER))
    for column, width in enumerate(EXCEL_COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + column)].width = width
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "หน้า &P / &N"
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the cover letter -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CoverLetter:
    """A draft of the letter that sends the list: the officer fills in the blanks and signs."""

    official: OfficialList
    reference: str = ""  # ที่ ...
    sender_th: str = "สำนักงาน ป.ป.ท."
    to_th: str = ""  # เรียน ...
    referring_to: str = ""  # อ้างถึง ...
    signer_name: str = ""
    signer_position: str = ""
    body: list[str] = field(default_factory=list)

    @property
    def date_line(self) -> str:
        return date_letter_th(self.official.as_of)

    @property
    def subject(self) -> str:
        return "ขอความร่วมมือเร่งรัดการดำเนินการตามขั้นตอนของระบบรับแจ้งข้อมูลการเข้ารับบริการภาครัฐ (Feedback)"

    @property
    def addressee(self) -> str:
        if self.to_th:
            return self.to_th
        area = self.official.area
        if area.district is not None:
            return f"นายอำเภอ{area.district.name_th}"
        if area.province is not None:
            return f"ผู้ว่าราชการจังหวัด{area.province.name_th}"
        return "ผู้ว่าราชการจังหวัด ทุกจังหวัด"

    @property
    def enclosure(self) -> str:
        return f"{thai_digits(self.official.step.list_title_th)} จำนวน ๑ ชุด"

    @property
    def paragraphs(self) -> list[str]:
        if self.body:
            return self.body
        official = self.official
        count = thai_digits(official.count)
        as_of = date_letter_th(official.as_of)
        return [
            f"ตามที่ สำนักงาน ป.ป.ท. ได้ขอความร่วมมือองค์กรปกครองส่วนท้องถิ่น (หน่วยบริการ) ดำเนินการตามขั้นตอน"
            f"การลงทะเบียนและการใช้งาน{SYSTEM_NAME_TH.removesuffix(' ของสำนักงาน ป.ป.ท.')} นั้น",
            f"สำนักงาน ป.ป.ท. ได้ตรวจสอบข้อมูล ณ วันที่ {as_of} พบว่ายังมีหน่วยบริการใน{official.area.name_th} "
            f"จำนวน {count} แห่ง ที่ยังไม่ได้ดำเนินการ{official.step.action_th} "
            "รายละเอียดปรากฏตามสิ่งที่ส่งมาด้วย",
            "จึงเรียนมาเพื่อโปรดพิจารณา และให้ความอนุเคราะห์แจ้งหน่วยบริการตามรายชื่อดังกล่าวดำเนินการให้แล้วเสร็จ "
            "ทั้งนี้ หากหน่วยบริการใดได้ดำเนินการแล้ว ขออภัยในความไม่สะดวกและขอขอบคุณสำหรับความร่วมมือมา ณ โอกาสนี้",
        ]


def letter_pdf(letter: CoverLetter) -> bytes:
    return pdf.render_pdf("reporting/compliance/print/cover_letter.html", {"letter": letter})
