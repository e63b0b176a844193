"""The one way in to protected objects: what a signed-in person may see, or a 404.

Views never query memberships, applications or units' staff data directly; they ask here. Who
may see what is decided by `siang.policy`; these only fetch what it allows, and say "not found"
for the rest.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from siang.accounts.models import AdminApplication, Membership, Role, User
from siang.catalog.models import Department, ProcessRevision, ProcessTemplate, ServiceProcess
from siang.directory.models import Unit
from siang.policy import Level, actions, can, grants_for, unit_memberships, visible


def get_unit(user: User, unit_id: int, action: str) -> Unit:
    """The unit, if the person may do `action` there; anything else is 'not found'. The unit comes
    from the person's own memberships when they work there (no query)."""
    own = next((m.unit for m in unit_memberships(user) if m.unit_id == unit_id), None)
    if own is None and all(grant.level == Level.UNIT for grant in grants_for(user, action)):
        raise Http404  # allowed at their own units only, and this is not one: no need to look it up
    unit = own or Unit.objects.select_related("province", "district").filter(pk=unit_id).first()
    if unit is None or not can(user, action, unit):
        raise Http404
    return unit


def get_unit_for_admin(user: User, unit_id: int) -> Unit:
    """A unit whose Users the person may approve (its Admins); anything else is 'not found'."""
    return get_unit(user, unit_id, actions.UNIT_USERS_MANAGE)


def get_unit_membership_for_admin(user: User, unit: Unit, membership_id: int) -> Membership:
    """A User request or membership at a unit the person administers."""
    try:
        return Membership.objects.select_related("user").get(pk=membership_id, unit=unit, role=Role.UNIT_USER)
    except Membership.DoesNotExist:
        raise Http404 from None


def applications_for(user: User) -> QuerySet[AdminApplication]:
    """PACC sees every application; a unit's approved Admins see their unit's; others none."""
    applications = AdminApplication.objects.select_related("unit__province", "membership__user")
    return visible(user, actions.APPLICATION_VIEW, applications)


def get_application(user: User, pk: int) -> AdminApplication:
    try:
        return applications_for(user).get(pk=pk)
    except AdminApplication.DoesNotExist:
        raise Http404 from None


def get_overseer_request_for_pacc(user: User, pk: int) -> Membership:
    if not can(user, actions.OVERSEER_DECIDE):
        raise Http404
    try:
        membership = Membership.objects.select_related("user", "province", "district").get(
            pk=pk, role=Role.OVERSEER
        )
    except Membership.DoesNotExist:
        raise Http404 from None
    if not can(user, actions.OVERSEER_DECIDE, membership):
        raise Http404
    return membership


def not_found_unless(user: Any, action: str) -> None:
    """'Not found' unless the policy lets the person do `action` somewhere (pages of no one place)."""
    if not can(user, action):
        raise Http404


# --- the service catalogue (siang.catalog) ------------------------------------------------------
# A unit's Admins and Users work on its catalogue; only its Admins manage departments and review;
# PACC reads every unit's catalogue. Anyone else gets "not found".


def get_unit_for_staff(user: User, unit_id: int, *, write: bool = False, admin: bool = False) -> Unit:
    """A unit whose catalogue the person may open.

    Reading: the unit's Admins and Users, and PACC. `write`: the unit's Admins and Users.
    `admin`: the unit's Admins only.
    """
    if admin:
        return get_unit(user, unit_id, actions.CATALOG_DEPARTMENTS_MANAGE)
    return get_unit(user, unit_id, actions.CATALOG_EDIT if write else actions.CATALOG_VIEW)


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


def get_process_template(user: User, pk: int) -> ProcessTemplate:
    """A library template: PACC sees every one; unit staff only those offered to units."""
    if not can(user, actions.TEMPLATES_VIEW):
        raise Http404
    templates = ProcessTemplate.objects.all()
    if not can(user, actions.TEMPLATES_MANAGE):
        templates = templates.filter(is_active=True)
    try:
        return templates.get(pk=pk)
    except ProcessTemplate.DoesNotExist:
        raise Http404 from None
