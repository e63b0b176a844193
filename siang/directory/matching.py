"""Matching unit names as they arrive in official letters against the directory.

Letters name units by hand: with the type the unit had years ago, with a tone mark missing, with
a letter misread from a scan, or cut short. Each row is compared with the current and former
names of the units of its province; the result is the best unit, a confidence from 0 to 1 and
the reasons, or no unit at all when the best is not good enough or not clearly better than the
next one. Nothing here queries the database except `load_directory`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from siang.directory.models import District, Province, Unit, UnitName
from siang.directory.names import KIND_PREFIX_TH, UnitKind, area_key, search_key, split_kind

# Reason codes, combined with "+" in `Match.reason`.
EXACT = "exact"
FORMER_NAME = "former_name"
TYPE_CHANGED = "type_changed"
SPELLING = "spelling_variant"
CUT_SHORT = "name_cut_short"
OTHER_DISTRICT = "other_district"
AMBIGUOUS = "ambiguous"
NO_MATCH = "no_match"

REASONS_TH = {
    EXACT: "ตรงกัน",
    FORMER_NAME: "ตรงกับชื่อเดิม",
    TYPE_CHANGED: "ประเภทต่างกัน",
    SPELLING: "สะกดต่างกัน",
    CUT_SHORT: "ชื่อไม่ครบ",
    OTHER_DISTRICT: "อยู่คนละอำเภอ",
    AMBIGUOUS: "ไม่แน่ชัด",
    NO_MATCH: "ไม่พบ",
}

MATCH_AT = 0.70  # the lowest confidence that is assigned a unit
MARGIN = 0.05  # a runner-up closer than this makes the row ambiguous
SPELLING_FLOOR = 0.6  # below this similarity two names are simply different
MIN_PREFIX = 3  # characters; shorter beginnings match too much

FORMER_FACTOR = 0.95
TYPE_FACTOR = 0.9
PAO_TYPE_FACTOR = 0.8  # no unit becomes a PAO or stops being one; a mix-up with it is less likely
CUT_SHORT_SCORE = 0.85
OTHER_DISTRICT_FACTOR = 0.75
NO_DISTRICT_FACTOR = 0.95  # the row names no district
UNKNOWN_DISTRICT_FACTOR = 0.9  # the row names a district we do not know in its province


# --- the Thai-aware edit distance --------------------------------------------------------------

# Marks above or below a consonant: vowels, tone marks, the silencer. Easy to miss or mistype.
_MARKS = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
# Letters that look alike in print and in scans.
_LOOKALIKES = (
    ("พฟ", "ผฝ", "บป", "ดต", "ฎฏ", "ถภ", "ชซ", "ขช"),
    ("ฉฮ", "อฮ", "ฆม", "ฬห", "ธร", "ไโใ", "เแ", "ำา"),
)
_LOOKALIKE_PAIRS = frozenset(
    (a, b) for line in _LOOKALIKES for group in line for a in group for b in group if a != b
)

MARK_COST = 0.3
LOOKALIKE_COST = 0.4


def _substitution_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a in _MARKS and b in _MARKS:
        return MARK_COST
    if (a, b) in _LOOKALIKE_PAIRS:
        return LOOKALIKE_COST
    return 1.0


def _indel_cost(char: str) -> float:
    return MARK_COST if char in _MARKS else 1.0


def thai_distance(a: str, b: str) -> float:
    """Edit distance where marks and look-alike letters cost less than other letters.

    Two marks typed in the other order (tone before vowel) count as one cheap edit.
    """
    a, b = unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b)
    previous2: list[float] = []
    previous = [0.0]
    for char in b:
        previous.append(previous[-1] + _indel_cost(char))
    for i, char_a in enumerate(a, start=1):
        current = [previous[0] + _indel_cost(char_a)]
        for j, char_b in enumerate(b, start=1):
            best = min(
                previous[j] + _indel_cost(char_a),
                current[j - 1] + _indel_cost(char_b),
                previous[j - 1] + _substitution_cost(char_a, char_b),
            )
            if (
                i > 1
                and j > 1
                and char_a == b[j - 2]
                and a[i - 2] == char_b
                and char_a in _MARKS
                and char_b in _MARKS
            ):
                best = min(best, previous2[j - 2] + MARK_COST)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]


def thai_similarity(a: str, b: str) -> float:
    """1 for the same text, falling towards 0 as the Thai-aware distance grows."""
    if a == b:
        return 1.0
    longest = max(len(a), len(b))
    return max(0.0, 1.0 - thai_distance(a, b) / longest)


# --- the directory in memory -------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """One name a unit answers to: its current name or a former one."""

    unit_id: int
    dla_code: str | None
    unit_name: str  # the unit's current name
    name: str  # the name compared (current or former)
    key: str  # search_key(name)
    kind: str  # the kind that goes with `name`
    former: bool
    district_code: str | None
    district_name: str
    province_code: str
    province_name: str


@dataclass
class Directory:
    provinces: dict[str, str]  # code → Thai name
    province_by_key: dict[str, str]  # area_key → code
    districts: dict[str, str]  # code → Thai name
    district_by_key: dict[tuple[str, str], str]  # (province code, area_key) → code
    candidates: dict[str, list[Candidate]]  # province code → names of its units
    by_key: dict[tuple[str, str], list[Candidate]] = field(init=False)
    by_district: dict[str, list[Candidate]] = field(init=False)

    def __post_init__(self) -> None:
        self.by_key, self.by_district = {}, {}
        for province_code, names in self.candidates.items():
            for candidate in names:
                self.by_key.setdefault((province_code, candidate.key), []).append(candidate)
                if candidate.district_code:
                    self.by_district.setdefault(candidate.district_code, []).append(candidate)

    def province_code(self, text: str) -> str | None:
        return self.province_by_key.get(area_key(text)) if text else None

    def district_code(self, province_code: str, text: str) -> str | None:
        key = area_key(text)
        if not key:
            return None
        found = self.district_by_key.get((province_code, key))
        if found is None and key == "เมือง":
            # "อ.เมือง" in a letter means the province's capital district.
            capital = "เมือง" + area_key(self.provinces[province_code])
            found = self.district_by_key.get((province_code, capital))
        return found


def load_directory(*, province_codes: Iterable[str] | None = None) -> Directory:
    """Provinces, districts and the active units (with their former names), in four queries."""
    provinces = list(Province.objects.all())
    districts = list(District.objects.all())
    units = Unit.objects.filter(is_active=True).select_related("province", "district").order_by("pk")
    former = UnitName.objects.filter(unit__is_active=True).order_by("unit_id", "-replaced_at")
    if province_codes is not None:
        codes = list(province_codes)
        units = units.filter(province_id__in=codes)
        former = former.filter(unit__province_id__in=codes)
    candidates: dict[str, list[Candidate]] = {}
    unit_by_id: dict[int, Unit] = {}
    for unit in units:
        unit_by_id[unit.pk] = unit
        candidates.setdefault(unit.province_id, []).append(
            _candidate(unit, name=unit.name_th, kind=unit.kind, key=unit.search_key, former=False)
        )
    for old in former:
        owner = unit_by_id.get(old.unit_id)
        if owner is not None:
            candidates[owner.province_id].append(
                _candidate(owner, name=old.name_th, kind=old.kind, key=old.search_key, former=True)
            )
    return Directory(
        provinces={p.code: p.name_th for p in provinces},
        province_by_key={area_key(p.name_th): p.code for p in provinces},
        districts={d.code: d.name_th for d in districts},
        district_by_key={(d.province_id, area_key(d.name_th)): d.code for d in districts},
        candidates=candidates,
    )


def _candidate(unit: Unit, *, name: str, kind: str, key: str, former: bool) -> Candidate:
    return Candidate(
        unit_id=unit.pk,
        dla_code=unit.dla_code,
        unit_name=unit.name_th,
        name=name,
        key=key,
        kind=kind,
        former=former,
        district_code=unit.district_id,
        district_name=unit.district.name_th if unit.district else "",
        province_code=unit.province_id,
        province_name=unit.province.name_th,
    )


# --- matching ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterRow:
    """A row as the letter gives it."""

    line: int  # where it is in the file
    number: str  # ลำดับที่, as written
    name: str
    district: str
    province: str


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    confidence: float
    reasons: tuple[str, ...]
    same_name: bool  # the names agree once the type prefix is set aside


@dataclass(frozen=True)
class Match:
    row: LetterRow
    best: Scored | None  # the unit assigned; None when ambiguous or no match
    reason: str  # reason codes joined with "+"
    explanation_th: str
    alternatives: tuple[Scored, ...] = ()  # the close runners-up, or the nearest names

    @property
    def confidence(self) -> float:
        """The assigned unit's confidence; else that of the nearest candidate."""
        if self.best is not None:
            return self.best.confidence
        return self.alternatives[0].confidence if self.alternatives else 0.0

    @property
    def unit_id(self) -> int | None:
        return self.best.candidate.unit_id if self.best else None


@dataclass(frozen=True)
class _Query:
    kind: str | None
    short: str
    key: str
    province_code: str
    district_code: str | None
    district_given: bool


def match_rows(rows: Sequence[LetterRow], directory: Directory, *, default_province: str = "") -> list[Match]:
    return [match_row(row, directory, default_province=default_province) for row in rows]


def match_row(row: LetterRow, directory: Directory, *, default_province: str = "") -> Match:
    province_text = row.province or default_province
    province_code = directory.province_code(province_text)
    if province_code is None:
        shown = province_text or "-"
        return Match(row, None, NO_MATCH, f"ไม่พบจังหวัด “{shown}” จึงไม่ได้เทียบชื่อ")
    kind, short = split_kind(row.name)
    key = search_key(row.name)
    if not key:
        return Match(row, None, NO_MATCH, "ไม่มีชื่อหน่วยบริการ")
    query = _Query(
        kind=kind,
        short=short,
        key=key,
        province_code=province_code,
        district_code=directory.district_code(province_code, row.district),
        district_given=bool(area_key(row.district)),
    )
    ranked = _rank(query, directory)
    return _decide(row, query, ranked)


def _rank(query: _Query, directory: Directory) -> list[Scored]:
    """The best-scored name of each unit, best first."""
    names = [*directory.by_key.get((query.province_code, query.key), [])]
    if query.district_code:
        names += directory.by_district.get(query.district_code, [])
    scored = _score_all(query, names)
    if not scored or scored[0].confidence < MATCH_AT:
        # Nothing good in the district: look through the whole province, with the penalty.
        names = directory.candidates.get(query.province_code, [])
        scored = _score_all(query, names)
    return scored


def _score_all(query: _Query, names: Iterable[Candidate]) -> list[Scored]:
    names = list({(c.unit_id, c.name): c for c in names}.values())
    cut_short = _cut_short_units(query, names)
    best: dict[int, Scored] = {}
    for candidate in names:
        scored = _score(query, candidate, cut_short=candidate in cut_short)
        if candidate.unit_id not in best or scored.confidence > best[candidate.unit_id].confidence:
            best[candidate.unit_id] = scored
    return sorted(best.values(), key=lambda s: (-s.confidence, s.candidate.unit_id))


def _cut_short_units(query: _Query, names: list[Candidate]) -> set[Candidate]:
    """Names in the row's district (its province if it names none) that begin with the
    row's name; e.g. เทศบาลตำบลเหมือง for เหมืองหม้อ."""
    if len(query.key) < MIN_PREFIX:
        return set()
    return {
        c
        for c in names
        if c.key != query.key
        and c.key.startswith(query.key)
        and (c.district_code == query.district_code or query.district_code is None)
    }


def _score(query: _Query, candidate: Candidate, *, cut_short: bool) -> Scored:
    reasons: list[str] = []
    same_name = candidate.key == query.key
    if same_name:
        confidence = 1.0
    elif cut_short:
        confidence = CUT_SHORT_SCORE
        reasons.append(CUT_SHORT)
    else:
        confidence = thai_similarity(query.key, candidate.key)
        if confidence >= SPELLING_FLOOR:
            reasons.append(SPELLING)
    if candidate.former:
        confidence *= FORMER_FACTOR
        reasons.insert(0, FORMER_NAME)
    if query.kind is not None and query.kind != candidate.kind:
        confidence *= PAO_TYPE_FACTOR if UnitKind.PAO in (query.kind, candidate.kind) else TYPE_FACTOR
        reasons.insert(0, TYPE_CHANGED)
    confidence *= _district_factor(query, candidate, reasons)
    if not reasons:
        reasons.append(EXACT)
    return Scored(candidate, round(confidence, 3), tuple(reasons), same_name)


def _district_factor(query: _Query, candidate: Candidate, reasons: list[str]) -> float:
    if query.district_code is None:
        return UNKNOWN_DISTRICT_FACTOR if query.district_given else NO_DISTRICT_FACTOR
    if candidate.district_code is None:  # a PAO covers every district of its province
        return 1.0
    if candidate.district_code != query.district_code:
        reasons.append(OTHER_DISTRICT)
        return OTHER_DISTRICT_FACTOR
    return 1.0


def _decide(row: LetterRow, query: _Query, ranked: list[Scored]) -> Match:
    if not ranked or ranked[0].confidence < MATCH_AT:
        nearest = tuple(ranked[:3])
        return Match(row, None, NO_MATCH, _explain_no_match(nearest), nearest)
    top = ranked[0]
    rivals = tuple(
        other
        for other in ranked[1:]
        if other.confidence >= MATCH_AT
        and top.confidence - other.confidence < MARGIN
        # the same name always beats a spelling variant, however close their scores
        and other.same_name == top.same_name
    )
    if rivals:
        alternatives = (top, *rivals)
        return Match(row, None, AMBIGUOUS, _explain_ambiguous(alternatives), alternatives)
    return Match(row, top, "+".join(top.reasons), _explain(query, top))


# --- explanations ------------------------------------------------------------------------------


def _explain(query: _Query, scored: Scored) -> str:
    candidate = scored.candidate
    parts = []
    for reason in scored.reasons:
        if reason == EXACT:
            parts.append("ชื่อตรงกับทะเบียน")
        elif reason == FORMER_NAME:
            parts.append(f"ตรงกับชื่อเดิม “{candidate.name}” ปัจจุบันคือ “{candidate.unit_name}”")
        elif reason == TYPE_CHANGED:
            given = KIND_PREFIX_TH.get(query.kind or "", "-")
            parts.append(f"ประเภทในหนังสือ “{given}” แต่ในทะเบียนเป็น “{KIND_PREFIX_TH.get(candidate.kind, '-')}”")
        elif reason == SPELLING:
            parts.append(f"สะกดต่างกัน “{query.short}” กับ “{split_kind(candidate.name)[1]}”")
        elif reason == CUT_SHORT:
            parts.append(f"ชื่อในหนังสือไม่ครบ “{query.short}” ในทะเบียนคือ “{split_kind(candidate.name)[1]}”")
        elif reason == OTHER_DISTRICT:
            parts.append(f"ในทะเบียนอยู่อำเภอ{candidate.district_name}")
    return "; ".join(parts)


def _describe(scored: Scored) -> str:
    candidate = scored.candidate
    where = f"อ.{candidate.district_name}" if candidate.district_name else f"จ.{candidate.province_name}"
    code = candidate.dla_code or "ไม่มีรหัส"
    return f"{candidate.unit_name} ({where}, {code}, {scored.confidence:.2f})"


def _explain_ambiguous(alternatives: Sequence[Scored]) -> str:
    return "มีหน่วยใกล้เคียงกันเกินกว่าจะเลือกได้: " + "; ".join(_describe(s) for s in alternatives)


def _explain_no_match(nearest: Sequence[Scored]) -> str:
    if not nearest:
        return "ไม่พบหน่วยบริการในจังหวัดนี้"
    return "ไม่พบชื่อที่ใกล้พอ ชื่อที่ใกล้ที่สุด: " + "; ".join(_describe(s) for s in nearest)
