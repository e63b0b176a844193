"""What the citizen form reads: the service point behind a token and the services it offers.

Citizens reach tenant data only through a service point's unguessable token; these are the
one way in for the citizen pages (no bare Model.objects.get in views).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.db import connection
from django.utils.translation import get_language

from siang.catalog.models import Department, ServiceProcess
from siang.feedback.models import Feedback
from siang.feedback.tracking import normalise_tracking_code
from siang.servicepoints.models import ServicePoint

OTHER = "other"


@dataclass(frozen=True)
class PointState:
    """What the form's fast path needs of a service point, from one plain SQL query."""

    pk: int
    unit_id: int
    department_id: int | None
    is_active: bool
    version: str  # changes when a live manual offered here changes (count, sum, max of revision ids)


_STATE_SQL = """
SELECT sp.id, sp.unit_id, sp.department_id, sp.is_active,
  (SELECT COUNT(*) || ':' || COALESCE(SUM(p.live_revision_id), 0)
          || ':' || COALESCE(MAX(p.live_revision_id), 0)
     FROM {process} p JOIN {department} d ON d.id = p.department_id
    WHERE p.unit_id = sp.unit_id AND p.live_revision_id IS NOT NULL AND d.is_active
      AND (sp.department_id IS NULL OR p.department_id = sp.department_id))
FROM {point} sp WHERE sp.token = %s
"""


@cache
def _state_sql() -> str:
    quote = connection.ops.quote_name
    return _STATE_SQL.format(
        point=quote(ServicePoint._meta.db_table),
        process=quote(ServiceProcess._meta.db_table),
        department=quote(Department._meta.db_table),
    )


# Each app-server process remembers a point's state for a moment: under load most form views then
# need no database at all. A retired point or a newly approved manual shows STATE_SECONDS later.
STATE_SECONDS = 2.0
_MEMO_SIZE = 10_000
_states: dict[str, tuple[float, PointState | None]] = {}


def forget_states() -> None:
    _states.clear()


def point_state(token: str) -> PointState | None:
    now = time.monotonic()
    remembered = _states.get(token)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    state = _point_state(token)
    if len(_states) >= _MEMO_SIZE:
        _states.clear()
    seconds = float(getattr(settings, "FEEDBACK_STATE_SECONDS", STATE_SECONDS))
    _states[token] = (now + seconds, state)
    return state


def _point_state(token: str) -> PointState | None:
    """Plain SQL, no ORM query building: this runs for every form view."""
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(), [token])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, unit_id, department_id, is_active, version = row
    return PointState(pk, unit_id, department_id, bool(is_active), str(version))


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
    # The law's limit where the law sets one in days; otherwise the manual's own total time.
    # A legal limit written as "ไม่มีกฎหมายกำหนด" (not set by law) is no time to measure a delay by.
    legal = revision.legal_time_limit_days is not None or not (
        revision.total_time_th or revision.total_time_days is not None
    )
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


def status_for_code(code: str, *, sent_after: dt.datetime | None = None) -> str | None:
    """The tracking status of a code as typed (any form normalise_tracking_code reads), and
    nothing else about the response; with `sent_after`, only of a response sent since then."""
    stored = normalise_tracking_code(code)
    if not stored:
        return None
    found = Feedback.objects.filter(tracking_code=stored)
    if sent_after is not None:
        found = found.filter(created_at__gte=sent_after)
    return found.values_list("status", flat=True).first()
