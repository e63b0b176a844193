"""What the citizen form reads: the service point behind a token and the services it offers.

Citizens reach tenant data only through a service point's unguessable token; these are the
one way in for the citizen pages (no bare Model.objects.get in views).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language

from siang.catalog.models import ServiceProcess
from siang.feedback.models import Feedback
from siang.servicepoints.models import ServicePoint

OTHER = "other"


def point_for_token(token: str) -> ServicePoint | None:
    return (
        ServicePoint.objects.select_related("unit", "department", "replaced_by").filter(token=token).first()
    )


@dataclass(frozen=True)
class ServiceChoice:
    """An approved service the citizen may pick, with what its live manual publishes."""

    pk: int
    department_id: int
    department_th: str
    department_en: str
    name_th: str
    name_en: str
    time_th: str
    time_en: str
    time_days: Decimal | None
    fee: Decimal | None  # None: the manual states no fee at all
    fee_items: tuple[tuple[str, str, str], ...]  # (th, en, amount)

    @property
    def name(self) -> str:
        return self.name_en or self.name_th if get_language() == "en" else self.name_th

    @property
    def department(self) -> str:
        return self.department_en or self.department_th if get_language() == "en" else self.department_th

    @property
    def time(self) -> str:
        return self.time_en or self.time_th if get_language() == "en" else self.time_th


def _amount(value: object) -> Decimal:
    try:
        return Decimal(str(value or 0))
    except ArithmeticError:
        return Decimal(0)


def _choice(process: ServiceProcess) -> ServiceChoice:
    revision = process.live_revision
    assert revision is not None
    legal = bool(revision.legal_time_limit_th or revision.legal_time_limit_days)
    days = revision.legal_time_limit_days if legal else revision.total_time_days
    fee_items = tuple(
        (str(item.get("th", "")), str(item.get("en", "")), str(item.get("amount", "")))
        for item in revision.fees or []
        if isinstance(item, dict)
    )
    if revision.no_fee:
        fee: Decimal | None = Decimal(0)
    elif fee_items:
        fee = sum((_amount(amount) for _th, _en, amount in fee_items), Decimal(0))
    else:
        fee = None
    return ServiceChoice(
        pk=process.pk,
        department_id=process.department_id,
        department_th=process.department.name_th,
        department_en=process.department.name_en,
        name_th=revision.name_th,
        name_en=revision.name_en,
        time_th=revision.legal_time_limit_th if legal else revision.total_time_th,
        time_en=revision.legal_time_limit_en if legal else revision.total_time_en,
        time_days=Decimal(days) if days is not None else None,
        fee=fee,
        fee_items=fee_items,
    )


_REVISION_FIELDS = (
    "name_th",
    "name_en",
    "legal_time_limit_days",
    "legal_time_limit_th",
    "legal_time_limit_en",
    "total_time_th",
    "total_time_en",
    "total_time_days",
    "fees",
    "no_fee",
)


def service_choices(point: ServicePoint) -> list[ServiceChoice]:
    """The approved services of the point's department (or of the whole unit, for a unit-wide
    point), in the unit's order of departments and processes. One query."""
    processes = ServiceProcess.objects.filter(
        unit_id=point.unit_id, live_revision__isnull=False, department__is_active=True
    )
    if point.department_id:
        processes = processes.filter(department_id=point.department_id)
    processes = (
        processes.select_related("department", "live_revision")
        .only(
            "department_id",
            "department__name_th",
            "department__name_en",
            "department__sequence",
            "sequence",
            *(f"live_revision__{field}" for field in _REVISION_FIELDS),
        )
        .order_by("department__sequence", "sequence", "pk")
    )
    return [_choice(process) for process in processes]


def choices_digest(point: ServicePoint, choices: list[ServiceChoice]) -> str:
    """Changes whenever anything the form shows changes: the cache key of the rendered form."""
    shown = (
        point.pk,
        point.is_active,
        point.label,
        point.department_id,
        point.unit.name_th,
        point.unit.name_en,
        point.department.name_th if point.department else "",
        point.department.name_en if point.department else "",
        choices,
    )
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:24]


def feedback_for_key(key: str) -> Feedback | None:
    return Feedback.objects.filter(idempotency_key=key).only("pk", "tracking_code").first()


def normalize_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def status_for_code(code: str) -> str | None:
    """The tracking status of a code, and nothing else about the response."""
    found = Feedback.objects.filter(tracking_code=normalize_code(code))
    return found.values_list("status", flat=True).first()
