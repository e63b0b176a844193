"""Which units have not finished registration and setup: per unit, per area, per step.

The steps follow the seed letters: the 4 registration steps (appoint and apply for Admins,
PACC approves, Users register and are approved) and the 6 setup steps (departments, processes,
review, QR codes, installation reports, PACC's check). Each step is one boolean annotation on
the Unit table (Exists / a counted Subquery), so a whole area — even the nation's 7,848 units —
is answered in one query, never one per unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from siang.accounts.models import AdminApplication, ApplicationStatus, Membership, MembershipStatus, Role
from siang.catalog.models import Department, ServiceProcess
from siang.directory.models import District, Province, Unit
from siang.lib.names import pick_name
from siang.servicepoints.models import InstallationReport, ServicePoint

REGISTRATION = "registration"
SETUP = "setup"
MIN_USERS = 2


@dataclass(frozen=True)
class Step:
    """One compliance step: what is checked, how it is named, and where a unit does it."""

    key: str
    phase: str  # REGISTRATION or SETUP
    label: Promise  # what the step is, as done: "Has an approved Admin"
    missing: Promise  # the list's name for units that have not done it
    list_title_th: str  # the official list's title (always Thai: it goes out by letter)
    action_th: str  # the step in a letter's sentence: "ยังไม่ได้ดำเนินการ<action_th>"
    annotation: Callable[[], Any]  # the boolean expression "this unit has done it", on Unit
    link_names: tuple[str, ...]  # URL names (taking the unit id) where the unit does it; first that exists
    who: Promise  # who does it

    @property
    def field(self) -> str:
        return f"done_{self.key}"


def _approved(role: str) -> QuerySet[Membership]:
    return Membership.objects.filter(unit=OuterRef("pk"), role=role, status=MembershipStatus.APPROVED)


def _count(queryset: QuerySet[Any]) -> Coalesce:
    counted = queryset.order_by().values("unit").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _has_admin_application() -> Any:
    return Exists(
        AdminApplication.objects.filter(
            unit=OuterRef("pk"), status__in=[ApplicationStatus.PENDING, ApplicationStatus.APPROVED]
        )
    ) | Exists(_approved(Role.UNIT_ADMIN))


def _has_approved_admin() -> Any:
    return Exists(_approved(Role.UNIT_ADMIN))


def _has_user_requests() -> Any:
    requests = Membership.objects.filter(
        unit=OuterRef("pk"),
        role=Role.UNIT_USER,
        status__in=[MembershipStatus.PENDING, MembershipStatus.APPROVED],
    )
    return Q(**{"_user_requests__gte": MIN_USERS}), {"_user_requests": _count(requests)}


def _has_two_users() -> Any:
    return Q(**{"_approved_users__gte": MIN_USERS}), {"_approved_users": _count(_approved(Role.UNIT_USER))}


def _has_departments() -> Any:
    return Exists(Department.objects.filter(unit=OuterRef("pk"), is_active=True, serves_public=True))


def _has_processes() -> Any:
    return Exists(ServiceProcess.objects.filter(unit=OuterRef("pk")))


def _has_approved_processes() -> Any:
    return Exists(ServiceProcess.objects.filter(unit=OuterRef("pk"), live_revision__isnull=False))


def _has_service_points() -> Any:
    return Exists(ServicePoint.objects.filter(unit=OuterRef("pk"), is_active=True))


def _has_installation(*statuses: str) -> Callable[[], Any]:
    def expression() -> Any:
        return Exists(
            InstallationReport.objects.filter(
                service_point__unit=OuterRef("pk"), service_point__is_active=True, status__in=statuses
            )
        )

    return expression


ALL_STEPS: tuple[Step, ...] = (
    Step(
        key="admin_applied",
        phase=REGISTRATION,
        label=_("Admin application sent with the appointment order"),
        missing=_("No Admin application sent"),
        list_title_th="ข้อมูลหน่วยบริการที่ยังไม่ได้ส่งคำขออนุมัติผู้ดูแลระบบ (Admin)",
        action_th="ส่งคำขออนุมัติผู้ดูแลระบบ (Admin) พร้อมคำสั่งแต่งตั้ง",
        annotation=_has_admin_application,
        link_names=("request_admin",),
        who=_("The appointed Admin"),
    ),
    Step(
        key="admin_approved",
        phase=REGISTRATION,
        label=_("An Admin approved by PACC"),
        missing=_("No approved Admin"),
        list_title_th="ข้อมูลหน่วยบริการที่ยังไม่ทำการขึ้นทะเบียนผู้ดูแลระบบ (Admin)",
        action_th="ขอขึ้นทะเบียนผู้ดูแลระบบ (Admin)",
        annotation=_has_approved_admin,
        link_names=("request_admin",),
        who=_("PACC, after the Admin applies"),
    ),
    Step(
        key="users_requested",
        phase=REGISTRATION,
        label=_("At least 2 Users have registered"),
        missing=_("Fewer than 2 Users registered"),
        list_title_th="ข้อมูลหน่วยบริการที่มีผู้ใช้งาน (User) ลงทะเบียนน้อยกว่า 2 คน",
        action_th="ลงทะเบียนผู้ใช้งาน (User) อย่างน้อย ๒ คน",
        annotation=_has_user_requests,
        link_names=("request_user",),
        who=_("The appointed Users"),
    ),
    Step(
        key="two_users",
        phase=REGISTRATION,
        label=_("At least 2 Users approved"),
        missing=_("Fewer than 2 approved Users"),
        list_title_th="ข้อมูลหน่วยบริการที่มีผู้ใช้งาน (User) ที่ได้รับอนุมัติน้อยกว่า 2 คน",
        action_th="อนุมัติผู้ใช้งาน (User) อย่างน้อย ๒ คน",
        annotation=_has_two_users,
        link_names=("unit_users",),
        who=_("The unit's Admin"),
    ),
    Step(
        key="departments",
        phase=SETUP,
        label=_("Departments that serve the public added"),
        missing=_("No departments"),
        list_title_th="ข้อมูลหน่วยบริการที่ยังไม่ได้เพิ่มสำนัก/กอง/ฝ่าย",
        action_th="เพิ่มสำนัก/กอง/ฝ่ายที่ให้บริการประชาชน",
        annotation=_has_departments,
        link_names=("catalog_departments",),
        who=_("The unit's Admin"),
    ),
    Step(
        key="processes",
        phase=SETUP,
        label=_("Service processes entered from the citizen manuals"),
        missing=_("No service processes entered"),
        list_title_th="ข้อมูลหน่วยบริการที่ยังไม่ได้กรอกคู่มือสำหรับประชาชน",
        action_th="กรอกคู่มือสำหรับประชาชน",
        annotation=_has_processes,
        link_names=("catalog_process_new",),
        who=_("The unit's Users"),
    ),
    Step(
        key="processes_approved",
        phase=SETUP,
        label=_("Service processes approved by the Admin"),
        missing=_("No approved service processes"),
        list_title_th="ข้อมูลหน่วยบริการที่ยังไม่มีกระบวนงานที่ผู้ดูแลระบบอนุมัติ",
        action_th="ตรวจสอบและอนุมัติกระบวนงาน",
        annotation=_has_approved_processes,
        link_names=("catalog_review_queue",),
        who=_("The unit's Admin"),
    ),
    Step(
        key="service_points",
        phase=SETUP,
        label=_("QR codes made for the service points"),
        missing=_("No QR codes made"),
        list_title_th="ข้อมูลหน่วยบริการที่ยังไม่ได้สร้าง QR Code จุดให้บริการ",
        action_th="สร้าง QR Code จุดให้บริการ",
        annotation=_has_service_points,
        link_names=("servicepoints_list", "servicepoint_new"),
        who=_("The unit's Admin"),
    ),
    Step(
        key="installation_reported",
        phase=SETUP,
        label=_("QR installation reported with photos"),
        missing=_("No QR installation reported"),
        list_title_th="ข้อมูลหน่วยบริการที่ยังไม่ได้รายงานการติดตั้ง QR Code",
        action_th="รายงานการติดตั้ง QR Code พร้อมภาพถ่าย",
        annotation=_has_installation("pending", "verified"),
        link_names=("servicepoints_checklist", "servicepoints_list"),
        who=_("The unit's Admin"),
    ),
    Step(
        key="installation_verified",
        phase=SETUP,
        label=_("QR installation verified by PACC"),
        missing=_("QR installation not verified"),
        list_title_th="ข้อมูลหน่วยบริการที่การติดตั้ง QR Code ยังไม่ผ่านการตรวจสอบ",
        action_th="ติดตั้ง QR Code ให้ผ่านการตรวจสอบของสำนักงาน ป.ป.ท.",
        annotation=_has_installation("verified"),
        link_names=(),
        who=_("PACC"),
    ),
)


def compliance_steps() -> tuple[Step, ...]:
    """The steps checked here, in order."""
    return ALL_STEPS


def get_step(key: str) -> Step | None:
    return next((s for s in compliance_steps() if s.key == key), None)


# --- areas ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """The nation, a province or a district."""

    province: Province | None = None
    district: District | None = None

    @property
    def level(self) -> str:
        return "district" if self.district else "province" if self.province else "nation"

    def units(self) -> QuerySet[Unit]:
        units = Unit.objects.filter(is_active=True)
        if self.district is not None:
            return units.filter(district=self.district)
        if self.province is not None:
            return units.filter(province=self.province)
        return units

    @property
    def name_th(self) -> str:
        if self.district is not None:
            return f"อำเภอ{self.district.name_th} จังหวัด{self.district.province.name_th}"
        if self.province is not None:
            return f"จังหวัด{self.province.name_th}"
        return "ทั่วประเทศ"


def with_steps(units: QuerySet[Unit], steps: tuple[Step, ...] | None = None) -> QuerySet[Unit]:
    """Annotate `done_<key>` (True/False) for each step on every unit, in the same query."""
    for step in steps if steps is not None else compliance_steps():
        expression = step.annotation()
        if isinstance(expression, tuple):  # a counted subquery, then a comparison on it
            condition, helpers = expression
            units = units.annotate(**helpers)
            units = units.annotate(**{step.field: _boolean(condition)})
        else:
            units = units.annotate(**{step.field: expression})
    return units


def _boolean(condition: Q) -> Any:
    from django.db.models import BooleanField, ExpressionWrapper

    return ExpressionWrapper(condition, output_field=BooleanField())


def missing_units(area: Area, step: Step) -> QuerySet[Unit]:
    """The area's units that have not done this step, in the lists' order: district, then name.

    A province's PAO has no district; it comes first, on every database.
    """
    units = with_steps(area.units(), (step,)).filter(**{step.field: False})
    return units.select_related("province", "district").order_by(
        "province__sort_key", F("district__sort_key").asc(nulls_first=True), "sort_key", "pk"
    )


@dataclass(frozen=True)
class StepCount:
    step: Step
    done: int
    missing: int


@dataclass(frozen=True)
class AreaRow:
    """One province (or district) of an area's table: its units and how many finished each step."""

    code: str
    name: str
    total: int
    counts: tuple[StepCount, ...]


def area_totals(area: Area) -> tuple[int, tuple[StepCount, ...]]:
    """How many units of the area, and how many have done each step: one query."""
    steps = compliance_steps()
    units = with_steps(area.units(), steps)
    sums = units.aggregate(total=Count("pk"), **_done_counts(steps))
    total = sums["total"]
    return total, tuple(StepCount(s, sums[f"n_{s.key}"], total - sums[f"n_{s.key}"]) for s in steps)


def _done_counts(steps: tuple[Step, ...]) -> dict[str, Count]:
    # Named apart from the annotations they count: an aggregate may not reuse an annotation's name.
    return {f"n_{s.key}": Count("pk", filter=Q(**{s.field: True})) for s in steps}


def area_breakdown(area: Area) -> list[AreaRow]:
    """Per province (for the nation) or per district (for a province): one query.

    A province's PAO has no district; its row is named after the province.
    """
    steps = compliance_steps()
    if area.level == "nation":
        keys = ("province__code", "province__name_th", "province__sort_key", "province__name_en")
    else:
        keys = ("district__code", "district__name_th", "district__sort_key", "district__name_en")
    units = with_steps(area.units(), steps).order_by()
    grouped = units.values(*keys).annotate(total=Count("pk"), **_done_counts(steps))
    rows = []
    for group in sorted(grouped, key=lambda g: (g[keys[2]] is not None, g[keys[2]] or "")):
        name = pick_name(group[keys[1]], group[keys[3]]) if group[keys[1]] else ""
        name = name or (area.province.display_name if area.province else "")
        counts = tuple(StepCount(s, group[f"n_{s.key}"], group["total"] - group[f"n_{s.key}"]) for s in steps)
        rows.append(AreaRow(code=group[keys[0]] or "", name=name, total=group["total"], counts=counts))
    return rows


# --- one unit -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepStatus:
    """Where one unit stands on one step, and where it does it."""

    step: Step
    done: bool
    url_name: str | None
    url: str | None
    detail: str = ""

    @property
    def key(self) -> str:
        return self.step.key

    @property
    def label(self) -> Promise:
        return self.step.label


def unit_steps(unit: Unit) -> list[StepStatus]:
    """The unit's registration and setup steps, done or still to do: one query."""
    steps = compliance_steps()
    row = with_steps(Unit.objects.filter(pk=unit.pk), steps).values(
        *(s.field for s in steps), "_approved_users", "_user_requests"
    )[0]
    statuses = []
    for step in steps:
        url_name, url = _link(step, unit)
        detail = ""
        if step.key == "two_users":
            detail = str(
                _("%(count)d of %(needed)d approved") % {"count": row["_approved_users"], "needed": MIN_USERS}
            )
        elif step.key == "users_requested":
            detail = str(
                _("%(count)d of %(needed)d registered")
                % {"count": row["_user_requests"], "needed": MIN_USERS}
            )
        statuses.append(
            StepStatus(step=step, done=bool(row[step.field]), url_name=url_name, url=url, detail=detail)
        )
    return statuses


def remaining_steps(unit: Unit) -> list[StepStatus]:
    return [s for s in unit_steps(unit) if not s.done]


def _link(step: Step, unit: Unit) -> tuple[str | None, str | None]:
    """The first of the step's pages that exists in this installation (other apps add theirs)."""
    for name in step.link_names:
        try:
            return name, reverse(name, args=[unit.pk])
        except NoReverseMatch:
            continue
    return None, None
