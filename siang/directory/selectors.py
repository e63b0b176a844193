"""Read-only queries of the national directory (public data: no tenant scoping needed)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, Exists, OuterRef, Q, QuerySet, Value, When

from siang.directory.models import UNIT_ORDERING, District, Province, Unit, UnitName
from siang.directory.names import UnitKind, normalize_text, search_key, split_kind


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class NationalSummary:
    units: int
    provinces: int
    by_kind: list[KindCount]

    @property
    def largest(self) -> int:
        return max((row.count for row in self.by_kind), default=0)


def national_summary() -> NationalSummary:
    counts = dict(Unit.objects.filter(is_active=True).values_list("kind").annotate(n=Count("id")).order_by())
    by_kind = [
        KindCount(kind=kind.value, label=str(kind.label), count=counts.get(kind.value, 0))
        for kind in UnitKind
        if counts.get(kind.value)
    ]
    return NationalSummary(
        units=sum(counts.values()),
        provinces=Province.objects.filter(units__isnull=False).distinct().count(),
        by_kind=by_kind,
    )


def unit_search(
    *, query: str = "", province: Province | None = None, district: District | None = None
) -> QuerySet[Unit]:
    """Active units whose current or former name contains `query`, ignoring type prefix,
    spacing and zero-width characters; or whose English name contains it."""
    units = Unit.objects.filter(is_active=True).select_related("province", "district")
    if district is not None:
        units = units.filter(district=district)
    elif province is not None:
        units = units.filter(province=province)
    key = search_key(query)
    if key:
        former = UnitName.objects.filter(unit=OuterRef("pk"), search_key__contains=key)
        units = units.filter(
            Q(search_key__contains=key) | Q(name_en__icontains=query.strip()) | Exists(former)
        ).order_by(_closeness(query, key), *UNIT_ORDERING)
    return units


def _closeness(query: str, key: str) -> Case:
    """Best first: the very name typed, then the same name and type, the same name, a name
    that starts with what was typed, and the rest."""
    kind, _short = split_kind(query)
    same_kind = Q(kind=kind) if kind else Q(pk__in=[])
    return Case(
        When(name_th=normalize_text(query), then=Value(0)),
        When(Q(search_key=key) & same_kind, then=Value(1)),
        When(search_key=key, then=Value(2)),
        When(search_key__startswith=key, then=Value(3)),
        default=Value(4),
    )


def provinces_with_unit_counts() -> QuerySet[Province]:
    return Province.objects.annotate(unit_count=Count("units", filter=Q(units__is_active=True))).filter(
        unit_count__gt=0
    )
