"""The one way in to service points, installation reports and their photos (built on accounts.access).

A unit's Admins and Users and PACC may look; only the unit's Admins change; anything else is a 404.
Who may is decided by `siang.policy`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Prefetch, QuerySet
from django.http import Http404

from siang.accounts import access
from siang.accounts.models import User
from siang.directory.models import Unit
from siang.policy import actions, visible
from siang.servicepoints.models import (
    InstallationPhoto,
    InstallationReport,
    InstallationStatus,
    PhotoMatch,
    ServicePoint,
)
from siang.servicepoints.qr import citizen_url

# Counters in their departments' order, then the unit-wide points (the same on SQLite and PostgreSQL)
POINT_ORDER = (F("department__sequence").asc(nulls_last=True), "placement", "pk")


def get_point(unit: Unit, pk: int, *, active: bool = False) -> ServicePoint:
    points = ServicePoint.objects.select_related("unit", "department", "replaced_by").filter(unit=unit)
    if active:
        points = points.filter(is_active=True)
    try:
        return points.get(pk=pk)
    except ServicePoint.DoesNotExist:
        raise Http404 from None


def active_points(unit: Unit) -> list[ServicePoint]:
    """The unit's current points with their unit and department: one query, for posters and the ZIP."""
    points = ServicePoint.objects.filter(unit=unit, is_active=True).select_related("unit", "department")
    return list(points.order_by(*POINT_ORDER))


@dataclass
class PointRow:
    point: ServicePoint
    reports: list[InstallationReport] = field(default_factory=list)
    url: str = ""

    @property
    def latest(self) -> InstallationReport | None:
        return self.reports[0] if self.reports else None

    @property
    def verified(self) -> bool:
        return any(report.status == InstallationStatus.VERIFIED for report in self.reports)

    @property
    def needs_report(self) -> bool:
        """Nothing waiting or verified: the Admin should (re-)report this point's installation."""
        return not any(report.status != InstallationStatus.REJECTED for report in self.reports)


def unit_point_rows(unit: Unit, *, active: bool | None = None) -> list[PointRow]:
    """Every point of the unit with its installation reports, newest first: two queries."""
    points = (
        ServicePoint.objects.filter(unit=unit)
        .select_related("unit", "department", "replaced_by")
        .order_by("-is_active", *POINT_ORDER)
    )
    if active is not None:
        points = points.filter(is_active=active)
    points = points.prefetch_related(
        Prefetch(
            "installation_reports",
            queryset=InstallationReport.objects.select_related("reviewer").order_by("-created_at", "-pk"),
        )
    )
    return [
        PointRow(point, list(point.installation_reports.all()), url=citizen_url(point)) for point in points
    ]


def point_reports(point: ServicePoint) -> list[InstallationReport]:
    return list(
        InstallationReport.objects.filter(service_point=point)
        .select_related("reviewer", "reported_by")
        .prefetch_related("photos")
        .order_by("-created_at", "-pk")
    )


def get_photo(user: User, unit_id: int, pk: int) -> InstallationPhoto:
    """A photo of the unit's installations, for the unit's staff and PACC."""
    unit = access.get_unit(user, unit_id, actions.SERVICEPOINTS_VIEW)
    try:
        return InstallationPhoto.objects.get(pk=pk, report__service_point__unit=unit)
    except InstallationPhoto.DoesNotExist:
        raise Http404 from None


# --- PACC ---------------------------------------------------------------------------------------


def _reports_with_everything() -> QuerySet[InstallationReport]:
    where = ("report__service_point__unit", "report__service_point__department")
    return InstallationReport.objects.select_related(
        "service_point__unit__province", "service_point__department", "reported_by", "reviewer"
    ).prefetch_related(
        "photos",
        Prefetch(
            "photos__matches",
            queryset=PhotoMatch.objects.select_related(*(f"other__{path}" for path in where)),
        ),
        Prefetch(
            "photos__matched_by",
            queryset=PhotoMatch.objects.select_related(*(f"photo__{path}" for path in where)),
        ),
    )


def pending_reports(user: User) -> list[InstallationReport]:
    """The reports waiting for the person's verification (PACC: every unit's)."""
    reports = visible(user, actions.INSTALLATION_VERIFY, _reports_with_everything())
    return list(reports.filter(status=InstallationStatus.PENDING).order_by("created_at", "pk"))


def get_report_for_pacc(user: User, pk: int) -> InstallationReport:
    try:
        return visible(user, actions.INSTALLATION_VERIFY, _reports_with_everything()).get(pk=pk)
    except InstallationReport.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class SimilarPhoto:
    photo: InstallationPhoto  # of this report
    other: InstallationPhoto  # of another service point
    distance: int


def similar_photos(report: InstallationReport) -> list[SimilarPhoto]:
    """Both ways: this report's photos that look like earlier ones, and later ones that look like these."""
    found: list[SimilarPhoto] = []
    for photo in report.photos.all():
        found += [SimilarPhoto(photo, match.other, match.distance) for match in photo.matches.all()]
        found += [SimilarPhoto(photo, match.photo, match.distance) for match in photo.matched_by.all()]
    return found
