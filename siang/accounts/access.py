"""The one way in to protected objects: what a signed-in person may see, or a 404.

Views never query memberships, applications or units' staff data directly; they ask here.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from siang.accounts.models import (
    AdminApplication,
    Membership,
    MembershipStatus,
    Role,
    User,
)
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
