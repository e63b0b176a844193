"""Thai dates and digits: the Buddhist era, Thai month names, the fiscal year."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

BE_OFFSET = 543

MONTHS_TH = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
MONTHS_TH_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_EN_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(value: object) -> str:
    """'2569' → '๒๕๖๙'. Letters write numbers in Thai digits."""
    return str(value).translate(_THAI_DIGITS)


def _local_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def be_year(value: dt.date | dt.datetime) -> int:
    return _local_date(value).year + BE_OFFSET


def date_short_th(value: dt.date | dt.datetime) -> str:
    """The table style: '15 มิ.ย. 2569'."""
    day = _local_date(value)
    return f"{day.day} {MONTHS_TH_SHORT[day.month - 1]} {day.year + BE_OFFSET}"


def date_long_th(value: dt.date | dt.datetime) -> str:
    """Running text: '15 มิถุนายน 2569'."""
    day = _local_date(value)
    return f"{day.day} {MONTHS_TH[day.month - 1]} {day.year + BE_OFFSET}"


def date_letter_th(value: dt.date | dt.datetime) -> str:
    """The official letter style, in Thai digits: '๑๕ มิถุนายน ๒๕๖๙'."""
    return thai_digits(date_long_th(value))


def date_short_en(value: dt.date | dt.datetime) -> str:
    day = _local_date(value)
    return f"{day.day} {MONTHS_EN_SHORT[day.month - 1]} {day.year}"


def fiscal_year_be(value: dt.date | dt.datetime) -> int:
    """The Thai fiscal year (1 October – 30 September), in the Buddhist era.

    1 October 2025 begins fiscal year 2569.
    """
    day = _local_date(value)
    return day.year + BE_OFFSET + (1 if day.month >= 10 else 0)


# --- in the reader's language: Thai with the Buddhist era, English with the Gregorian year -------


def _english() -> bool:
    return translation.get_language() == "en"


def date_short(value: dt.date | dt.datetime) -> str:
    """'15 มิ.ย. 2569' in Thai; '15 Jun 2026' in English."""
    return date_short_en(value) if _english() else date_short_th(value)


def date_long(value: dt.date | dt.datetime) -> str:
    """'15 มิถุนายน 2569' in Thai; '15 June 2026' in English."""
    if _english():
        day = _local_date(value)
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return date_long_th(value)


def month_label(value: dt.date | dt.datetime) -> str:
    """'มิ.ย. 2569' in Thai; 'Jun 2026' in English."""
    day = _local_date(value)
    if _english():
        return f"{MONTHS_EN_SHORT[day.month - 1]} {day.year}"
    return f"{MONTHS_TH_SHORT[day.month - 1]} {day.year + BE_OFFSET}"


def fiscal_year_label(year_be: int) -> str:
    """A fiscal year by the year it ends in: '2569' in Thai; '2026' in English (Oct 2025 – Sep 2026)."""
    return str(year_be - BE_OFFSET) if _english() else str(year_be)
