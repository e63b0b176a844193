"""The home pages: the public one, and each signed-in person's work across every app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from siang.accounts.models import Membership, MembershipStatus, Role, User
from siang.accounts.views import staff_view
from siang.directory import selectors as directory
from siang.home import selectors
from siang.policy import actions, approved_memberships, can


@require_GET
def public(request: HttpRequest) -> HttpResponse:
    return render(request, "home/public.html", {"summary": directory.national_summary()})


@staff_view
def staff(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    memberships = approved_memberships(user)
    context: dict[str, Any] = {
        "memberships": memberships,
        "open_requests": Membership.objects.filter(user=user)
        .exclude(status=MembershipStatus.APPROVED)
        .select_related("unit", "province", "district")
        .order_by("-requested_at")[:10],
        "unread": user.notifications.filter(read_at__isnull=True).count(),
    }
    if can(user, actions.APPLICATION_DECIDE):
        context["pacc"] = selectors.pacc_counts(user)
    admin_units = [m.unit for m in memberships if m.role == Role.UNIT_ADMIN and m.unit]
    if admin_units:
        context["admin_units"] = selectors.unit_staff_counts(admin_units)
    for row in context.get("admin_units", []):
        row["progress"] = selectors.unit_progress(row["unit"])
    context["user_units"] = [
        {"unit": m.unit, "progress": selectors.unit_progress(m.unit)}
        for m in memberships
        if m.role == Role.UNIT_USER and m.unit
    ]
    overseen = [m for m in memberships if m.role == Role.OVERSEER]
    if overseen:
        context["overseen"] = [selectors.area_summary(m) for m in overseen]
    return render(request, "home/staff.html", context)
