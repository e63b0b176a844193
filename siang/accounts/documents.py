"""The appointment order: one PDF, checked by its content, named หน่วยงาน_จังหวัด.pdf."""

from __future__ import annotations

import hashlib
import io
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from siang.directory.models import Unit

MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 50


@dataclass(frozen=True)
class CheckedPdf:
    pages: int
    sha256: str


def expected_file_name(unit: Unit) -> str:
    """e.g. เทศบาลตำบลไทรน้อย_นนทบุรี.pdf"""
    return f"{unit.name_th}_{unit.province.name_th}.pdf"


def _comparable(name: str) -> str:
    # Phones and Macs send file names decomposed (NFD); people add spaces around the underscore.
    return unicodedata.normalize("NFC", name).replace(" ", "").casefold()


def check_file_name(upload: UploadedFile, unit: Unit) -> None:
    expected = expected_file_name(unit)
    if _comparable(upload.name or "") != _comparable(expected):
        raise ValidationError(
            _(
                "The file must be named “%(expected)s” (the unit's name, an underscore, the province). "
                "It is named “%(given)s”."
            )
            % {"expected": expected, "given": upload.name},
            code="file_name",
        )


def check_pdf(upload: UploadedFile) -> CheckedPdf:
    """A real, unencrypted PDF of at most 10 MB and 50 pages; the file's extension proves nothing."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise ValidationError(
            _(
                "The file is %(size).1f MB; the limit is 10 MB. "
                "Scan at a lower resolution, or in black and white."
            )
            % {"size": upload.size / 1024 / 1024},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."), code="too_large")
    if data.lstrip()[:5] != b"%PDF-":
        raise ValidationError(
            _("This file is not a PDF. Save or scan the signed order as a PDF."), code="not_pdf"
        )
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValidationError(
                _("The PDF is protected by a password. Upload a copy without a password."), code="encrypted"
            )
        pages = len(reader.pages)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(
            _("The PDF cannot be read (it may be damaged). Save or scan it again and upload the new file."),
            code="unreadable",
        ) from error
    if pages == 0:
        raise ValidationError(_("The PDF has no pages."), code="empty")
    if pages > MAX_PAGES:
        raise ValidationError(
            _("The PDF has %(pages)d pages; the limit is 50. Upload only the order and the request form.")
            % {"pages": pages},
            code="too_many_pages",
        )
    return CheckedPdf(pages=pages, sha256=hashlib.sha256(data).hexdigest())
