"""What each role's home counts, gathered from every app. Read-only; apps never import this."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from siang.accounts import services as accounts_services
from siang.accounts.models import (
    AdminApplication,
    ApplicationStatus,
    Membership,
    MembershipStatus,
    Role,
    User,
)
from siang.casework import selectors as casework_selectors
from siang.casework import services as casework_services
from siang.directory.models import Unit
from siang.reporting.compliance import unit_steps
from siang.servicepoints.models import InstallationReport, InstallationStatus


def pacc_counts(user: User) -> dict[str, int]:
    """PACC's queues; the cases counted exactly as the case queue counts them when opened."""
    casework_services.attach_signals_before_counting()
    cases = casework_selectors.counts(user, casework_selectors.QueueFilters())
    return {
        "applications": AdminApplication.objects.filter(status=ApplicationStatus.PENDING).count(),
        "overseers": Membership.objects.filter(role=Role.OVERSEER, status=MembershipStatus.PENDING).count(),
        "installations": InstallationReport.objects.filter(status=InstallationStatus.PENDING).count(),
        "open_cases": cases["open"],
        "overdue_cases": cases["overdue"],
    }


def unit_progress(unit: Unit) -> dict[str, Any]:
    """How many of the unit's registration and setup steps are done, and the next one to do."""
    steps = unit_steps(unit)
    return {
        "done": sum(step.done for step in steps),
        "total": len(steps),
        "next": next((step for step in steps if not step.done), None),
    }


def unit_staff_counts(units: list[Unit]) -> list[dict[str, Any]]:
    counts = {
        row["unit_id"]: row
        for row in Membership.objects.filter(unit__in=units, role=Role.UNIT_USER)
        .values("unit_id")
        .annotate(
            approved=Count("id", filter=Q(status=MembershipStatus.APPROVED)),
            pending=Count("id", filter=Q(status=MembershipStatus.PENDING)),
        )
    }
    rows = []
    for unit in units:
        row = counts.get(unit.pk, {"approved": 0, "pending": 0})
        rows.append(
            {
                "unit": unit,
                "approved_users": row["approved"],
                "pending_users": row["pending"],
                "too_few_users": row["approved"] < accounts_services.MIN_USERS_PER_UNIT,
            }
        )
    return rows


def area_summary(membership: Membership) -> dict[str, Any]:
    units = Unit.objects.filter(is_active=True)
    units = (
        units.filter(district=membership.district)
        if membership.district
        else units.filter(province=membership.province)
    )
    totals = units.aggregate(
        total=Count("id", distinct=True),
        with_admin=Count(
            "memberships__unit",
            distinct=True,
            filter=Q(memberships__role=Role.UNIT_ADMIN, memberships__status=MembershipStatus.APPROVED),
        ),
    )
    return {
        "membership": membership,
        "total": totals["total"],
        "with_admin": totals["with_admin"],
        "without_admin": totals["total"] - totals["with_admin"],
    }
