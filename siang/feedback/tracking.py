"""Tracking codes: how they are drawn, shown and read back.

A code is stored as 8 characters (U9DX5SY7) and always shown hyphenated (U9DX-5SY7), to the
citizen and to PACC alike. Whatever a person types into a search is read back to the stored form
by `normalise_tracking_code`: either form, lower case, spaces or dashes anywhere, full-width
characters, Thai digits, and a code typed with the Thai keyboard layout still on.
"""

from __future__ import annotations

import secrets
import unicodedata

# No 0/O, 1/I/L: a code read aloud over the phone or copied from a screen cannot be mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8  # 31**8 ≈ 8.5 × 10**11 codes
GROUP = 4  # characters between the hyphens shown
LONGEST_TYPED = 64  # anything longer is not a code someone typed

# The Thai Kedmanee layout: the Thai character each key of a Latin code gives, unshifted and
# shifted, read back to the key's Latin character. `ข` is the key of "-", the separator.
_KEDMANEE = {
    "/": "2", "-": "3", "ภ": "4", "ถ": "5", "ุ": "6", "ึ": "7", "ค": "8", "ต": "9", "ข": "-",
    "ๆ": "Q", "ไ": "W", "ำ": "E", "พ": "R", "ะ": "T", "ั": "Y", "ี": "U", "ร": "I", "น": "O",
    "ย": "P", "ฟ": "A", "ห": "S", "ก": "D", "ด": "F", "เ": "G", "้": "H", "่": "J", "า": "K",
    "ส": "L", "ผ": "Z", "ป": "X", "แ": "C", "อ": "V", "ิ": "B", "ื": "N", "ท": "M",
    "ฎ": "E", "ฑ": "R", "ธ": "T", "ํ": "Y", "๊": "U", "ณ": "I", "ฯ": "O", "ญ": "P",
    "ฤ": "A", "ฆ": "S", "ฏ": "D", "โ": "F", "ฌ": "G", "็": "H", "๋": "J", "ษ": "K", "ศ": "L",
    "ฉ": "C", "ฮ": "V", "ฺ": "B", "์": "N",
}  # fmt: skip
_THAI_DIGITS = {chr(0x0E50 + n): str(n) for n in range(10)}
_FROM_THAI_KEYS = str.maketrans(_THAI_DIGITS | _KEDMANEE)
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−", "-"))


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _has_thai(text: str) -> bool:
    return any("\u0e00" <= ch <= "\u0e7f" for ch in text)


def normalise_tracking_code(typed: str) -> str:
    """The stored form of a code as a person typed it: "u9dx 5sy7", "U9DX-5SY7", "ีตกปขถหัึ"
    (the Thai layout left on) all give "U9DX5SY7". Only letters and digits of ASCII come out,
    so the result is always safe to look up; "" when nothing usable was typed."""
    text = typed[:LONGEST_TYPED].translate(_DASHES)
    if _has_thai(text):  # before NFKC, which would split ำ (the E key) in two
        text = text.translate(_FROM_THAI_KEYS)
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())


def display_tracking_code(code: str) -> str:
    """The one form a code is shown in, anywhere: U9DX5SY7 → U9DX-5SY7 (groups of four)."""
    stored = normalise_tracking_code(code)
    return "-".join(stored[start : start + GROUP] for start in range(0, len(stored), GROUP))
