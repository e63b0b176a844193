"""Reading a citizen's comment for a bribe it describes, in Thai or English (issue 18).

Explainable rules, nothing learned or downloaded: the comment is normalised (zero-width
characters dropped, Thai digits made Arabic, case folded), then every entry of the lexicon
(`CommentTerm`, data that PACC maintains) is looked for in it. An entry is a word or phrase, or
parts that must appear in that order within one sentence ("ใบเสร็จ…แค่"). A match counts unless
it is negated: a negating word ("ไม่", "ไม่มี", "ไม่ได้", "ปฏิเสธ", "no", "never", …) among the
few words before it in the same clause. Clauses end at punctuation, at a space after Thai text
(Thai writes no full stops; a space ends a clause) and before "แต่" / "but". The words are
PyThaiNLP's `newmm` tokens, whose dictionary ships inside the package: nothing is fetched, and
PyThaiNLP is told so (offline, read-only) before it is imported.

`detect(comment, terms)` returns a `Finding`: whether it is a signal, its kind and the evidence
(the words that raised it).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

# Before PyThaiNLP is imported: never download a corpus, never write to the home folder.
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

from pythainlp.tokenize import word_tokenize

GAP = "…"
MAX_COMMENT = 2000
# How far apart the parts of an entry may be, and how many words before a match a negation reaches.
MAX_GAP_CHARS = 60
NEGATION_REACH = 5

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_THAI_CHAR = re.compile(r"[\u0e00-\u0e7f]")
_SENTENCE_END = ".!?;\n。"
# Negating words, as newmm tokens (lower case). "ถ้าไม่" / "หากไม่" (if not) is a condition, not a denial.
_NEGATORS = frozenset(
    {
        "ไม่",
        "ไม่มี",
        "ไม่ได้",
        "ไม่เคย",
        "ไม่ต้อง",
        "ไม่มีใคร",
        "ไม่รับ",
        "ไม่ยอม",
        "มิได้",
        "มิ",
        "ปฏิเสธ",
        "ห้าม",
        "ไร้",
        "ปราศจาก",
        "no",
        "not",
        "never",
        "nobody",
        "none",
        "without",
        "refused",
        "refuse",
        "didn't",
        "wasn't",
        "weren't",
        "don't",
        "doesn't",
    }
)
_CONDITIONALS = frozenset({"ถ้า", "หาก", "if"})
# Words that put what follows somewhere else: "ได้ยินว่าที่อื่นมีส่วย" (heard that elsewhere there is ส่วย).
_ELSEWHERE = frozenset({"ที่อื่น", "elsewhere"})
_CONTRAST = re.compile(r"แต่|\bbut\b")

# A part of an entry must be at least this many letters, and not one of these words alone: such an
# entry would match nearly every comment.
MIN_PART_LETTERS = 2
MIN_DISTINCT_LETTERS = 3
TOO_COMMON = frozenset(
    {
        "เจ้าหน้าที่",
        "จ่าย",
        "เงิน",
        "บาท",
        "ค่า",
        "ที่",
        "และ",
        "ไม่",
        "ไม่มี",
        "ได้",
        "ให้",
        "มี",
        "บริการ",
        "the",
        "and",
        "was",
        "pay",
        "paid",
        "money",
        "fee",
        "staff",
        "officer",
    }
)


def normalise(text: str) -> str:
    """The comment as the rules read it: NFC, no zero-width characters, Arabic digits, lower case,
    single spaces, and the common mistyped Thai vowels (เ+เ for แ, nikhahit+aa for sara am)."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH).translate(_THAI_DIGITS)
    text = text.replace("เเ", "แ").replace("\u0e4d\u0e32", "\u0e33")
    return " ".join(text.casefold().split())


def _letters(part: str) -> int:
    return sum(1 for ch in part if unicodedata.category(ch).startswith("L"))


def term_problem(phrase: str) -> str | None:
    """Why this lexicon entry cannot be used, or None. In English; the caller translates."""
    parts = [part.strip() for part in normalise(phrase).replace("...", GAP).split(GAP)]
    if not any(parts):
        return "empty"
    if any(not part for part in parts):
        return "empty_part"
    if any(_letters(part) < MIN_PART_LETTERS for part in parts):
        return "too_short"
    distinct = [part for part in parts if part not in TOO_COMMON]
    if not distinct:
        return "too_common"
    if max(_letters(part) for part in distinct) < MIN_DISTINCT_LETTERS:
        return "too_short"
    return None


@dataclass(frozen=True)
class Term:
    phrase: str
    kind: str


@dataclass(frozen=True)
class Finding:
    signal: bool
    kind: str = ""
    evidence: str = ""


NO_SIGNAL = Finding(False)


class _Compiled:
    def __init__(self, term: Term) -> None:
        self.term = term
        parts = [re.escape(part.strip()) for part in normalise(term.phrase).replace("...", GAP).split(GAP)]
        gap = f"[^{re.escape(_SENTENCE_END)}]{{0,{MAX_GAP_CHARS}}}?"
        self.pattern = re.compile(gap.join(parts))


@lru_cache(maxsize=8)
def _compile(terms: tuple[Term, ...]) -> tuple[_Compiled, ...]:
    return tuple(_Compiled(term) for term in terms if term_problem(term.phrase) is None)


def _clause_before(text: str, start: int) -> str:
    """The text of the clause that a match starting at `start` is in, up to the match."""
    cut = 0
    for index in range(start - 1, -1, -1):
        ch = text[index]
        if ch in _SENTENCE_END or ch == ",":
            cut = index + 1
            break
        if ch == " " and index > 0 and _THAI_CHAR.match(text[index - 1]) and index < start - 1:
            cut = index + 1
            break
    clause = text[cut:start]
    contrasts = list(_CONTRAST.finditer(clause))
    return clause[contrasts[-1].end() :] if contrasts else clause


def is_negated(text: str, start: int) -> bool:
    """Is the match at `start` denied by a negating word shortly before it, in its clause?"""
    before = _clause_before(text, start)
    if not before.strip():
        return False
    words = [word.strip() for word in word_tokenize(before, engine="newmm", keep_whitespace=False)]
    words = [word for word in words if word]
    if _ELSEWHERE.intersection(words):
        return True
    first = max(0, len(words) - NEGATION_REACH)
    return any(
        _negates(words[index]) and (index == 0 or words[index - 1] not in _CONDITIONALS)
        for index in range(first, len(words))
    )


def _negates(word: str) -> bool:
    return word in _NEGATORS or (word.startswith("ไม่") and word not in {"ไม่งั้น", "ไม่ใช่"})


def detect(comment: str, terms: Sequence[Term] | Iterable[Term]) -> Finding:
    """Does this comment describe a bribe? The first entry that matches, not negated, decides."""
    if not comment or not comment.strip():
        return NO_SIGNAL
    text = normalise(comment[: MAX_COMMENT * 2])
    for compiled in _compile(tuple(terms)):
        for match in compiled.pattern.finditer(text):
            if not is_negated(text, match.start()):
                return Finding(True, compiled.term.kind, match.group(0)[:500])
    return NO_SIGNAL
