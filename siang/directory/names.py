"""Thai unit names: normalising, the type prefix, and the key used to search and match.

Names reach us typed by hand, pasted from letters and OCR'd from scans, so the same unit turns
up as "อบต.ร่องฟอง", "องค์การบริหารส่วนตำบล ร่องฟอง" or with a zero-width space inside. Every
comparison goes through `search_key`, which removes what does not tell units apart.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PAO = "pao", _("Provincial Administrative Organization")
    CITY = "city", _("City Municipality")
    TOWN = "town", _("Town Municipality")
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("Subdistrict Municipality")
    SAO = "sao", _("Subdistrict Administrative Organization")
    OTHER = "other", _("Other state agency")


# The full Thai type name of each kind, as the units' own names begin.
KIND_PREFIX_TH: dict[str, str] = {
    UnitKind.PAO: "องค์การบริหารส่วนจังหวัด",
    UnitKind.CITY: "เทศบาลนคร",
    UnitKind.TOWN: "เทศบาลเมือง",
    UnitKind.SUBDISTRICT_MUNICIPALITY: "เทศบาลตำบล",
    UnitKind.SAO: "องค์การบริหารส่วนตำบล",
}
KIND_BY_TYPE_TH: dict[str, str] = {prefix: kind for kind, prefix in KIND_PREFIX_TH.items()}

# Abbreviations seen in letters, with and without dots and spaces.
_ABBREVIATIONS: dict[str, str] = {
    "อบจ": UnitKind.PAO,
    "ทน": UnitKind.CITY,
    "ทม": UnitKind.TOWN,
    "ทต": UnitKind.SUBDISTRICT_MUNICIPALITY,
    "อบต": UnitKind.SAO,
}

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")
_KEY_DROP = re.compile(r"[\s\-‐‑–—.·,()'\"]+")


def normalize_text(text: str) -> str:
    """NFC, no zero-width characters, single spaces, trimmed."""
    text = unicodedata.normalize("NFC", text or "").translate(_ZERO_WIDTH)
    # A common typing slip: SARA AM typed as NIKHAHIT + SARA AA.
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return _SPACES.sub(" ", text).strip()


def split_kind(name: str) -> tuple[str | None, str]:
    """Split a unit name into (kind, the name without its type prefix).

    >>> split_kind("อบต.ร่องฟอง")
    ('sao', 'ร่องฟอง')
    """
    text = normalize_text(name)
    compact = text.replace(" ", "")
    for prefix, kind in sorted(KIND_BY_TYPE_TH.items(), key=lambda item: -len(item[0])):
        if compact.startswith(prefix):
            return kind, _strip_prefix(text, prefix)
    for abbreviation, kind in _ABBREVIATIONS.items():
        match = re.match(rf"^{abbreviation}\.?\s*", text)
        if match and len(text) > match.end():
            return kind, text[match.end() :].strip()
    return None, text


def _strip_prefix(text: str, prefix: str) -> str:
    """Remove `prefix` from `text`, whose letters may be separated by spaces."""
    taken = 0
    for index, char in enumerate(text):
        if char == " ":
            continue
        taken += 1
        if taken == len(prefix):
            return text[index + 1 :].strip()
    return ""


def search_key(text: str) -> str:
    """The comparable form of a name: no type prefix, spaces, dots or hyphens; lower case."""
    _kind, short = split_kind(text)
    return _KEY_DROP.sub("", short).lower()


def full_name(kind: str, short_name: str) -> str:
    return KIND_PREFIX_TH.get(kind, "") + short_name


_LEADING_VOWEL = re.compile("([เแโใไ])([ก-ฮ])")


def thai_sort_key(text: str) -> str:
    """Dictionary order for Thai: a leading vowel sorts after the consonant it is written before."""
    return _LEADING_VOWEL.sub(r"\2\1", normalize_text(text))


_AREA_PREFIX = re.compile(r"^(?:จังหวัด|จ\.|อำเภอ|อ\.|กิ่งอำเภอ|กิ่ง อ\.)\s*")


def area_key(text: str) -> str:
    """The comparable form of a province or district name: "อ.ลอง", "อำเภอ ลอง" and "ลอง" agree."""
    text = _AREA_PREFIX.sub("", normalize_text(text))
    return _KEY_DROP.sub("", text).lower()
