"""The 13-digit Thai citizen ID (เลขประจำตัวประชาชน) and its check digit."""

from __future__ import annotations

import re

_DIGITS_ONLY = re.compile(r"[\s\-]")


def check_digit(first_twelve: str) -> int:
    """Σ d[i]·(13−i) for i = 0..11; the check digit is (11 − sum mod 11) mod 10."""
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first_twelve))
    return (11 - total % 11) % 10


def normalize_citizen_id(value: str) -> str:
    """Drop the spaces and dashes people type: '1-5401-00001-23-4' → '1540100001234'."""
    return _DIGITS_ONLY.sub("", value or "")


def is_valid_citizen_id(value: str) -> bool:
    digits = normalize_citizen_id(value)
    if len(digits) != 13 or not digits.isdigit() or digits[0] == "0":
        return False
    return check_digit(digits[:12]) == int(digits[12])


def with_check_digit(first_twelve: str) -> str:
    return first_twelve + str(check_digit(first_twelve))


def masked(value: str) -> str:
    """What non-PACC screens show: 'x-xxxx-xxxxx-23-4'."""
    digits = normalize_citizen_id(value)
    return f"x-xxxx-xxxxx-{digits[10:12]}-{digits[12:]}" if len(digits) == 13 else ""
