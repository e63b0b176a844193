"""Process and department names: normalised, never "คู่มือ", near-duplicates pointed out.

The seed letters ask for the process name only: `การขออนุญาตใช้น้ำประปา`, never
`คู่มือสำหรับประชาชน: การขออนุญาตใช้น้ำประปา`. Names are pasted from PDFs and web pages, so
they arrive with zero-width characters, decomposed vowels and doubled spaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from siang.directory.matching import thai_similarity
from siang.directory.names import normalize_text

MANUAL_WORD = "คู่มือ"
SIMILAR_AT = 0.85  # Thai-aware similarity from which two names are worth a second look

# The citizen-manual words, with the brackets that may hold them and what may follow them.
_MANUAL_PHRASE = re.compile(r"[(\[]?\s*คู่มือ\s*(?:สำหรับ\s*)?(?:ประชาชน\s*)?[)\]]?")
_LEADING_LINK = re.compile(r"^(?:เรื่อง|ใน(?=การ))\s*")
_SEPARATORS = " :：-–—|/.,"
_MANUAL_EN = re.compile(r"\b(?:citizens?'?s?\s+)?manual\b(?:\s+for\s+(?:the\s+)?(?:public|citizens))?", re.I)


def normalise(text: str) -> str:
    """Unicode NFC, no zero-width characters, single spaces, trimmed."""
    return normalize_text(text)


def without_manual_word(name: str) -> str:
    """The name with the citizen-manual words taken out: what the person most likely meant."""
    name = _MANUAL_PHRASE.sub(" ", normalise(name)).strip(_SEPARATORS)
    name = _LEADING_LINK.sub("", name).strip(_SEPARATORS)
    return normalise(name)


def manual_word_problem(name: str) -> str | None:
    """None when the name is fine; otherwise the corrected name to offer (may be empty)."""
    if MANUAL_WORD not in normalise(name):
        return None
    return without_manual_word(name)


def without_manual_word_en(name: str) -> str:
    name = _MANUAL_EN.sub(" ", normalise(name))
    name = re.sub(r"^\s*(?:on|of|for)\b", "", name.strip(_SEPARATORS + " "), flags=re.I)
    return normalise(name.strip(_SEPARATORS + " "))


def manual_word_problem_en(name: str) -> str | None:
    if not _MANUAL_EN.search(normalise(name)):
        return None
    return without_manual_word_en(name)


def manual_word_message(suggestion: str) -> str:
    if suggestion:
        return _(
            "Write the process name only, without “คู่มือ” (citizen manual). "
            "Suggested name: “%(suggestion)s”. It is now in the box: check it and save again."
        ) % {"suggestion": suggestion}
    return _("Write the process name only, without “คู่มือ” (citizen manual).")


def manual_word_message_en(suggestion: str) -> str:
    if suggestion:
        return _(
            "Write the process name only, without “manual”. "
            "Suggested name: “%(suggestion)s”. It is now in the box: check it and save again."
        ) % {"suggestion": suggestion}
    return _("Write the process name only, without “manual”.")


@dataclass(frozen=True)
class SimilarName:
    name: str
    where: str  # the department it is in
    similarity: float

    @property
    def same(self) -> bool:
        return self.similarity >= 1.0


def _compare_key(name: str) -> str:
    return re.sub(r"\s+", "", normalise(name)).casefold()


def similar_names(name: str, others: Iterable[tuple[str, str]]) -> list[SimilarName]:
    """Among (name, department) pairs, those close to `name`, closest first."""
    key = _compare_key(name)
    found = []
    for other, where in others:
        similarity = thai_similarity(key, _compare_key(other))
        if similarity >= SIMILAR_AT:
            found.append(SimilarName(other, where, similarity))
    return sorted(found, key=lambda s: -s.similarity)


def similar_names_message(found: list[SimilarName]) -> str:
    names = "; ".join(f"“{s.name}” ({s.where})" for s in found[:3])
    return _(
        "A process with a similar name already exists in this unit: %(names)s. "
        "Check that it is not the same service entered twice."
    ) % {"names": names}
