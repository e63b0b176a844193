"""Changes to the national directory: loading provinces, districts and units.

`units_load` reconciles a source file with the units already stored. A unit keeps its row (and
so its members, processes and feedback) across loads; it is recognised, in this order, by its
source key (the geocode of the source data), its DLA code, its exact name in its district, the
`previous_code` / `previous_name_th` columns, and finally as an upgrade (see `_match_upgrades`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import geothai
from django.db import transaction
from django.utils import timezone

from siang.audit.services import audit_record
from siang.directory.loading import SourceRow
from siang.directory.models import District, Province, Unit, UnitName
from siang.directory.names import (
    KIND_BY_TYPE_TH,
    UnitKind,
    area_key,
    normalize_text,
    search_key,
    split_kind,
    thai_sort_key,
)

ProgressFn = Callable[[int, int], None]

_DLA_CODE = re.compile(r"^[0-9]{7}$")
_SOURCE_KEY = re.compile(r"^[0-9A-Za-z_-]{1,32}$")
_PROGRESS_EVERY = 500

# The fields a load may change on an existing unit.
_UNIT_FIELDS = (
    "dla_code",
    "source_key",
    "kind",
    "name_th",
    "name_en",
    "short_name_th",
    "search_key",
    "sort_key",
    "province_id",
    "district_id",
    "is_active",
)


# --- provinces and districts -------------------------------------------------------------------


@dataclass
class GeographyReport:
    provinces_created: int = 0
    provinces_updated: int = 0
    provinces_unchanged: int = 0
    districts_created: int = 0
    districts_updated: int = 0
    districts_unchanged: int = 0


@transaction.atomic
def geography_load() -> GeographyReport:
    """Load all 77 provinces and 928 districts from geothai; write only what changed."""
    report = GeographyReport()
    provinces = {p.code: p for p in Province.objects.all()}
    new_provinces, changed_provinces = [], []
    for source in geothai.provinces():
        wanted = Province(
            code=source.code,
            name_th=source.name_th,
            name_en=source.name_en,
            sort_key=thai_sort_key(source.name_th),
        )
        current = provinces.get(source.code)
        if current is None:
            new_provinces.append(wanted)
        elif _copy_changes(current, wanted, ("name_th", "name_en", "sort_key")):
            changed_provinces.append(current)
        else:
            report.provinces_unchanged += 1
    Province.objects.bulk_create(new_provinces)
    Province.objects.bulk_update(changed_provinces, ["name_th", "name_en", "sort_key"])
    report.provinces_created, report.provinces_updated = len(new_provinces), len(changed_provinces)

    districts = {d.code: d for d in District.objects.all()}
    new_districts, changed_districts = [], []
    fields = ("province_id", "name_th", "name_en", "sort_key")
    for province in geothai.provinces():
        for area in geothai.districts(province.code):
            wanted_district = District(
                code=area.code,
                province_id=province.code,
                name_th=area.name_th,
                name_en=area.name_en,
                sort_key=thai_sort_key(area.name_th),
            )
            current_district = districts.get(area.code)
            if current_district is None:
                new_districts.append(wanted_district)
            elif _copy_changes(current_district, wanted_district, fields):
                changed_districts.append(current_district)
            else:
                report.districts_unchanged += 1
    District.objects.bulk_create(new_districts)
    District.objects.bulk_update(changed_districts, list(fields))
    report.districts_created, report.districts_updated = len(new_districts), len(changed_districts)
    return report


def _copy_changes(current: object, wanted: object, fields: Iterable[str]) -> list[str]:
    """Copy the differing `fields` from `wanted` onto `current`; return their names."""
    changed = []
    for name in fields:
        value = getattr(wanted, name)
        if getattr(current, name) != value:
            setattr(current, name, value)
            changed.append(name)
    return changed


# --- units -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str


@dataclass(frozen=True)
class NameChange:
    unit_id: int
    reason: str  # UnitName.Reason
    old_name: str
    new_name: str
    old_code: str | None
    new_code: str | None


@dataclass
class LoadReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    name_changes: list[NameChange] = field(default_factory=list)
    missing: list[Unit] = field(default_factory=list)  # stored, active, and not in the file
    deactivated: int = 0
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def renamed(self) -> int:
        return sum(1 for change in self.name_changes if change.reason == UnitName.Reason.RENAMED)

    @property
    def upgraded(self) -> int:
        return sum(1 for change in self.name_changes if change.reason == UnitName.Reason.UPGRADED)


@dataclass
class IncomingUnit:
    """One valid row of the source file, with everything the Unit row needs."""

    line: int
    dla_code: str | None
    source_key: str | None
    kind: str
    name_th: str
    name_en: str
    short_name_th: str
    search_key: str
    sort_key: str
    province_id: str
    district_id: str | None
    previous_code: str | None
    previous_name_th: str | None
    is_active: bool = True

    @property
    def place(self) -> tuple[str, str]:
        """Where names must be unique: the district, or the province for a PAO."""
        return (self.province_id, self.district_id or "")


class RowError(ValueError):
    pass


def units_load(
    *, rows: Iterable[SourceRow], deactivate_missing: bool = False, progress: ProgressFn | None = None
) -> LoadReport:
    """Bring the stored units in line with `rows` (the file's rows, header excluded).

    Bad rows are reported and skipped. Units stored but absent from the file are reported, and
    left as they are unless `deactivate_missing`. Everything is written in one transaction, in
    bulk, and only where something changed.
    """
    rows = list(rows)
    report = LoadReport(rows=len(rows))
    notify = progress or _no_progress
    total = len(rows)
    areas = _Areas.load()
    incoming: list[IncomingUnit] = []
    for index, row in enumerate(rows, start=1):
        try:
            incoming.append(_parse_row(row, areas))
        except RowError as error:
            report.problems.append(RowProblem(line=row.line, message=str(error)))
        if index % _PROGRESS_EVERY == 0:
            notify(index, total)
    incoming = _drop_duplicates(incoming, report)

    with transaction.atomic():
        existing = list(Unit.objects.all())
        matches = _match_units(incoming, existing)
        _write(incoming, matches, existing, report, deactivate_missing=deactivate_missing)
    report.problems.sort(key=lambda problem: problem.line)
    notify(total, total)
    return report


def _no_progress(done: int, total: int) -> None:
    return None


class _Areas:
    """Provinces and districts in memory, found by code or by Thai name."""

    def __init__(self, provinces: list[Province], districts: list[District]) -> None:
        self.province_codes = {p.code for p in provinces}
        self.province_by_name = {area_key(p.name_th): p.code for p in provinces}
        self.district_province = {d.code: d.province_id for d in districts}
        self.district_by_name = {(d.province_id, area_key(d.name_th)): d.code for d in districts}

    @classmethod
    def load(cls) -> _Areas:
        return cls(list(Province.objects.all()), list(District.objects.all()))

    def province(self, row: SourceRow) -> str:
        code, name = row.get("province_code"), row.get("province_th")
        if code:
            if code not in self.province_codes:
                raise RowError(f"unknown province code {code!r}")
            return code
        if not name:
            raise RowError("no province")
        found = self.province_by_name.get(area_key(name))
        if found is None:
            raise RowError(f"unknown province {name!r}")
        return found

    def district(self, row: SourceRow, province_id: str) -> str | None:
        code, name = row.get("district_code"), row.get("district_th")
        if code:
            if self.district_province.get(code) != province_id:
                raise RowError(f"district code {code!r} is not a district of province {province_id}")
            return code
        if not name:
            return None
        found = self.district_by_name.get((province_id, area_key(name)))
        if found is None:
            raise RowError(f"unknown district {name!r} in province {province_id}")
        return found


def _parse_row(row: SourceRow, areas: _Areas) -> IncomingUnit:
    name_th = normalize_text(row.get("name_th"))
    if not name_th:
        raise RowError("no name_th")
    kind = _kind(row.get("type"), name_th)
    short_name = split_kind(name_th)[1]
    province_id = areas.province(row)
    district_id = areas.district(row, province_id)
    if kind == UnitKind.PAO:
        district_id = None  # a PAO covers its whole province
    elif district_id is None:
        raise RowError("no district")
    return IncomingUnit(
        line=row.line,
        dla_code=_code(row.get("code"), "code"),
        source_key=_source_key(row.get("geocode")),
        kind=kind,
        name_th=name_th,
        name_en=normalize_text(row.get("name_en")),
        short_name_th=short_name,
        search_key=search_key(name_th),
        sort_key=thai_sort_key(short_name),
        province_id=province_id,
        district_id=district_id,
        previous_code=_code(row.get("previous_code"), "previous_code"),
        previous_name_th=normalize_text(row.get("previous_name_th")) or None,
    )


def _kind(type_th: str, name_th: str) -> str:
    named_kind = split_kind(name_th)[0]
    if not type_th:
        if named_kind is None:
            raise RowError(f"no type, and the name {name_th!r} does not start with one")
        return named_kind
    kind = KIND_BY_TYPE_TH.get(type_th.replace(" ", ""))
    if kind is None:
        raise RowError(f"unknown type {type_th!r}")
    if named_kind is not None and named_kind != kind:
        raise RowError(f"the type {type_th!r} does not match the name {name_th!r}")
    return kind


def _code(value: str, column: str) -> str | None:
    if not value:
        return None
    if not _DLA_CODE.match(value):
        raise RowError(f"malformed {column} {value!r}: a DLA code has 7 digits")
    return value


def _source_key(value: str) -> str | None:
    if not value:
        return None
    if not _SOURCE_KEY.match(value):
        raise RowError(f"malformed geocode {value!r}")
    return value


def _drop_duplicates(incoming: list[IncomingUnit], report: LoadReport) -> list[IncomingUnit]:
    """A code, geocode or name given twice in the file: keep the first, report the others."""
    seen: dict[tuple[str, ...], int] = {}
    kept = []
    for unit in incoming:
        keys: dict[tuple[str, ...], str] = {("name", *unit.place, unit.name_th): f"the name {unit.name_th}"}
        if unit.dla_code:
            keys[("code", unit.dla_code)] = f"DLA code {unit.dla_code}"
        if unit.source_key:
            keys[("geocode", unit.source_key)] = f"geocode {unit.source_key}"
        clash = next((key for key in keys if key in seen), None)
        if clash is not None:
            message = f"{keys[clash]} is already on line {seen[clash]}"
            report.problems.append(RowProblem(line=unit.line, message=message))
            continue
        seen.update(dict.fromkeys(keys, unit.line))
        kept.append(unit)
    return kept


def _match_units(incoming: list[IncomingUnit], existing: list[Unit]) -> list[Unit | None]:
    """The stored unit each file row is (None: a new unit), one identity rule at a time.

    Each rule runs over the whole file before the next, so the result does not depend on the
    order of the rows.
    """
    by_source = {u.source_key: u for u in existing if u.source_key}
    by_code = {u.dla_code: u for u in existing if u.dla_code}
    by_name = {((u.province_id, u.district_id or ""), u.name_th): u for u in existing}
    rules: list[Callable[[IncomingUnit], Unit | None]] = [
        lambda row: by_source.get(row.source_key) if row.source_key else None,
        lambda row: by_code.get(row.dla_code) if row.dla_code else None,
        lambda row: by_name.get((row.place, row.name_th)),
        lambda row: by_code.get(row.previous_code) if row.previous_code else None,
        lambda row: by_name.get((row.place, row.previous_name_th)) if row.previous_name_th else None,
    ]
    matches: list[Unit | None] = [None] * len(incoming)
    claimed: set[int] = set()
    for rule in rules:
        for index, row in enumerate(incoming):
            if matches[index] is not None:
                continue
            unit = rule(row)
            if unit is not None and unit.pk not in claimed:
                matches[index] = unit
                claimed.add(unit.pk)
    _match_upgrades(incoming, existing, matches, claimed)
    return matches


def _match_upgrades(
    incoming: list[IncomingUnit], existing: list[Unit], matches: list[Unit | None], claimed: set[int]
) -> None:
    """An unmatched row is an upgrade of a stored unit of another kind with the same short name
    in the same place, if that unit is not in the file itself and is the only such unit.

    A district often holds both an อบต.X and a เทศบาลตำบลX; when both are in the file both are
    matched by the rules before this one, so they are never merged.
    """
    unclaimed: dict[tuple[tuple[str, str], str], list[Unit]] = {}
    for unit in existing:
        if unit.pk not in claimed:
            key = ((unit.province_id, unit.district_id or ""), unit.search_key)
            unclaimed.setdefault(key, []).append(unit)
    for index, row in enumerate(incoming):
        if matches[index] is not None:
            continue
        candidates = [
            unit
            for unit in unclaimed.get((row.place, row.search_key), [])
            if unit.kind != row.kind and unit.pk not in claimed
        ]
        if len(candidates) == 1:
            matches[index] = candidates[0]
            claimed.add(candidates[0].pk)


def _code_conflicts(
    incoming: list[IncomingUnit], matches: list[Unit | None], existing: list[Unit], report: LoadReport
) -> set[int]:
    """Rows whose DLA code belongs to a stored unit that keeps it (one not in the file).

    Such a row is reported and skipped; the unit it was matched to is left as it is.
    """
    claimed = {unit.pk for unit in matches if unit is not None}
    kept_codes = {u.dla_code: u for u in existing if u.dla_code and u.pk not in claimed}
    conflicts = set()
    for index, row in enumerate(incoming):
        holder = kept_codes.get(row.dla_code) if row.dla_code else None
        if holder is not None:
            conflicts.add(index)
            report.problems.append(
                RowProblem(
                    line=row.line,
                    message=f"DLA code {row.dla_code} belongs to {holder.name_th} (id {holder.pk}), "
                    "which is not in the file",
                )
            )
    return conflicts


def _write(
    incoming: list[IncomingUnit],
    matches: list[Unit | None],
    existing: list[Unit],
    report: LoadReport,
    *,
    deactivate_missing: bool,
) -> None:
    now = timezone.now()
    skipped = _code_conflicts(incoming, matches, existing, report)
    stored_keys = {unit.pk: (unit.dla_code, unit.source_key) for unit in existing}
    new_units: list[Unit] = []
    changed: list[Unit] = []
    renames: list[tuple[Unit, dict[str, object]]] = []
    for index, row in enumerate(incoming):
        unit = matches[index]
        if index in skipped:
            continue
        if unit is None:
            new_units.append(_new_unit(row))
            continue
        before = _snapshot(unit)
        if not _apply(unit, row):
            report.unchanged += 1
            continue
        unit.updated_at = now
        changed.append(unit)
        if _is_name_change(before, unit):
            renames.append((unit, before))

    claimed = {unit.pk for unit in matches if unit is not None}
    report.missing = [unit for unit in existing if unit.pk not in claimed and unit.is_active]

    _release_keys(changed, stored_keys)
    Unit.objects.bulk_update(changed, [*_UNIT_FIELDS, "updated_at"], batch_size=500)
    Unit.objects.bulk_create(new_units, batch_size=500)
    _record_name_changes(renames, report, now=now)
    if deactivate_missing and report.missing:
        _deactivate(report.missing, now=now)
        report.deactivated = len(report.missing)
    report.created = len(new_units)
    report.updated = len(changed)


def _deactivate(units: list[Unit], *, now: datetime.datetime) -> None:
    for unit in units:
        unit.is_active = False
        unit.updated_at = now
    Unit.objects.bulk_update(units, ["is_active", "updated_at"], batch_size=500)
    for unit in units:
        audit_record(
            actor=None,
            action="unit.deactivated",
            obj=unit,
            before={"is_active": True},
            after={"is_active": False},
            note="Not in the loaded directory file.",
        )


def _new_unit(row: IncomingUnit) -> Unit:
    unit = Unit()
    _apply(unit, row)
    return unit


def _apply(unit: Unit, row: IncomingUnit) -> list[str]:
    changed = []
    for name in _UNIT_FIELDS:
        value = getattr(row, name)
        if name == "source_key" and value is None:
            continue  # a file without geocodes (the plain format) keeps the ones stored
        if getattr(unit, name) != value:
            setattr(unit, name, value)
            changed.append(name)
    return changed


def _snapshot(unit: Unit) -> dict[str, object]:
    return {
        "name_th": unit.name_th,
        "name_en": unit.name_en,
        "kind": unit.kind,
        "dla_code": unit.dla_code,
        "search_key": unit.search_key,
    }


def _is_name_change(before: dict[str, object], unit: Unit) -> bool:
    # A change of spacing or zero-width characters only is a correction, not a rename.
    return before["kind"] != unit.kind or before["search_key"] != unit.search_key


def _release_keys(changed: list[Unit], stored_keys: dict[int, tuple[str | None, str | None]]) -> None:
    """Clear the unique keys that move between units first, so the bulk update never trips over
    itself (a code taken from one unit and given to another in the same load)."""
    releasing = []
    for unit in changed:
        old_code, old_source = stored_keys[unit.pk]
        if (old_code and old_code != unit.dla_code) or (old_source and old_source != unit.source_key):
            releasing.append(unit.pk)
    if releasing:
        Unit.objects.filter(pk__in=releasing).update(dla_code=None, source_key=None)


def _record_name_changes(
    renames: list[tuple[Unit, dict[str, object]]], report: LoadReport, *, now: datetime.datetime
) -> None:
    history = []
    for unit, before in renames:
        reason = UnitName.Reason.UPGRADED if before["kind"] != unit.kind else UnitName.Reason.RENAMED
        old_code = before["dla_code"]
        history.append(
            UnitName(
                unit=unit,
                name_th=str(before["name_th"]),
                name_en=str(before["name_en"]),
                kind=str(before["kind"]),
                dla_code=str(old_code or ""),
                reason=reason,
                search_key=str(before["search_key"]),
                replaced_at=now,
            )
        )
        after = {"name_th": unit.name_th, "kind": unit.kind, "dla_code": unit.dla_code}
        audit_record(
            actor=None,
            action=f"unit.{reason}",
            obj=unit,
            before={key: before[key] for key in ("name_th", "kind", "dla_code")},
            after=after,
        )
        report.name_changes.append(
            NameChange(
                unit_id=unit.pk,
                reason=reason,
                old_name=str(before["name_th"]),
                new_name=unit.name_th,
                old_code=str(old_code) if old_code else None,
                new_code=unit.dla_code,
            )
        )
    UnitName.objects.bulk_create(history)
