"""The one way in to protected objects: what a signed-in person may see, or a 404.

Views never query memberships, applications or units' staff data directly; they ask here.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from siang.accounts.models import (
    UNIT_ROLES,
    AdminApplication,
    Membership,
    MembershipStatus,
    Role,
    User,
)
from siang.catalog.models import Department, ProcessRevision, ProcessTemplate, ServiceProcess
from siang.directory.models import Unit


def approved_memberships(user: User) -> list[Membership]:
    """Cached on the user object for the request."""
    cached: list[Membership] | None = getattr(user, "_approved_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, status=MembershipStatus.APPROVED).select_related(
                "unit__province", "unit__district", "province", "district"
            )
        )
        user._approved_memberships = cached  # type: ignore[attr-defined]
    return cached


def has_role(user: User, role: str) -> bool:
    return user.is_authenticated and any(m.role == role for m in approved_memberships(user))


def is_pacc(user: User) -> bool:
    return has_role(user, Role.PACC_OFFICER)


def admin_unit_ids(user: User) -> set[int]:
    return {m.unit_id for m in approved_memberships(user) if m.role == Role.UNIT_ADMIN and m.unit_id}


def get_unit_for_admin(user: User, unit_id: int) -> Unit:
    """A unit the person is an approved Admin of; anything else is 'not found'."""
    membership = next(
        (m for m in approved_memberships(user) if m.role == Role.UNIT_ADMIN and m.unit_id == unit_id), None
    )
    if membership is None or membership.unit is None:
        raise Http404
    return membership.unit


def get_unit_membership_for_admin(user: User, unit: Unit, membership_id: int) -> Membership:
    """A User request or membership at a unit the person administers."""
    try:
        return Membership.objects.select_related("user").get(pk=membership_id, unit=unit, role=Role.UNIT_USER)
    except Membership.DoesNotExist:
        raise Http404 from None


def applications_for(user: User) -> QuerySet[AdminApplication]:
    """PACC sees every application; a unit's approved Admins see their unit's; others none."""
    applications = AdminApplication.objects.select_related("unit__province", "membership__user")
    if is_pacc(user):
        return applications
    return applications.filter(unit_id__in=admin_unit_ids(user))


def get_application(user: User, pk: int) -> AdminApplication:
    try:
        return applications_for(user).get(pk=pk)
    except AdminApplication.DoesNotExist:
        raise Http404 from None


def get_overseer_request_for_pacc(user: User, pk: int) -> Membership:
    if not is_pacc(user):
        raise Http404
    try:
        return Membership.objects.select_related("user", "province", "district").get(
            pk=pk, role=Role.OVERSEER
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def require_pacc(request: HttpRequest) -> None:
    if not is_pacc(request.user):  # type: ignore[arg-type]
        raise Http404


# --- the service catalogue (siang.catalog) ------------------------------------------------------
# A unit's Admins and Users work on its catalogue; only its Admins manage departments and review;
# PACC reads every unit's catalogue. Anyone else gets "not found".


def unit_roles(user: User, unit_id: int) -> set[str]:
    """The person's approved roles at this unit (Admin, User), from the cached memberships."""
    return {m.role for m in approved_memberships(user) if m.unit_id == unit_id and m.role in UNIT_ROLES}


def get_unit_for_staff(user: User, unit_id: int, *, write: bool = False, admin: bool = False) -> Unit:
    """A unit whose catalogue the person may open.

    Reading: the unit's Admins and Users, and PACC. `write`: the unit's Admins and Users.
    `admin`: the unit's Admins only.
    """
    roles = unit_roles(user, unit_id) if user.is_authenticated else set()
    allowed = Role.UNIT_ADMIN in roles if admin else bool(roles) or (not write and is_pacc(user))
    if not allowed:
        raise Http404
    membership = next((m for m in approved_memberships(user) if m.unit_id == unit_id and m.unit), None)
    if membership is not None and membership.unit is not None:
        return membership.unit
    try:
        return Unit.objects.select_related("province", "district").get(pk=unit_id)
    except Unit.DoesNotExist:
        raise Http404 from None


def can_review(user: User, unit: Unit) -> bool:
    return Role.UNIT_ADMIN in unit_roles(user, unit.pk)


def can_edit_catalogue(user: User, unit: Unit) -> bool:
    return bool(unit_roles(user, unit.pk))


def get_department(unit: Unit, pk: int, *, active: bool = True) -> Department:
    departments = Department.objects.filter(unit=unit)
    if active:
        departments = departments.filter(is_active=True)
    try:
        return departments.get(pk=pk)
    except Department.DoesNotExist:
        raise Http404 from None


def get_process(unit: Unit, pk: int) -> ServiceProcess:
    try:
        return ServiceProcess.objects.select_related(
            "department", "live_revision", "draft_revision__based_on", "draft_revision__submitted_by"
        ).get(pk=pk, unit=unit)
    except ServiceProcess.DoesNotExist:
        raise Http404 from None


def processes_of(unit: Unit, ids: list[int]) -> list[ServiceProcess]:
    """The unit's processes among these ids; ids of other units' processes are left out."""
    return list(
        ServiceProcess.objects.filter(unit=unit, pk__in=ids).select_related("draft_revision", "live_revision")
    )


def get_revision(unit: Unit, pk: int) -> ProcessRevision:
    try:
        return ProcessRevision.objects.select_related("process__department", "submitted_by").get(
            pk=pk, process__unit=unit
        )
    except ProcessRevision.DoesNotExist:
        raise Http404 from None


def revisions_of(unit: Unit, ids: list[int]) -> list[ProcessRevision]:
    return list(ProcessRevision.objects.filter(process__unit=unit, pk__in=ids))


def get_published_process(unit_id: int, pk: int) -> ServiceProcess:
    """A process citizens may see: approved, in an active department of an active unit."""
    try:
        return ServiceProcess.objects.select_related(
            "live_revision", "department", "unit__province", "unit__district"
        ).get(
            pk=pk,
            unit_id=unit_id,
            unit__is_active=True,
            department__is_active=True,
            live_revision__isnull=False,
        )
    except ServiceProcess.DoesNotExist:
        raise Http404 from None


def require_catalogue_reader(user: User) -> None:
    """The template library is open to PACC and to anyone who works for a unit."""
    if not (is_pacc(user) or any(m.role in UNIT_ROLES for m in approved_memberships(user))):
        raise Http404


def get_process_template(user: User, pk: int) -> ProcessTemplate:
    """A library template: PACC sees every one; unit staff only those offered to units."""
    templates = ProcessTemplate.objects.all()
    if not is_pacc(user):
        templates = templates.filter(is_active=True)
    try:
        return templates.get(pk=pk)
    except ProcessTemplate.DoesNotExist:
        raise Http404 from None
