"""Building units at each compliance step for the reporting tests."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils import timezone

from siang.servicepoints.models import Placement, ServicePoint
from tests.catalog.helpers import build_catalogue


def make_service_point(unit, admin, department=None) -> ServicePoint:
    return ServicePoint.objects.create(
        unit=unit, department=department, placement=Placement.COUNTER, label="ชั้น 1", created_by=admin
    )


def installation_model() -> Any | None:
    try:
        return apps.get_model("servicepoints", "InstallationReport")
    except LookupError:
        return None


def report_installation(point: ServicePoint, admin, *, verified_by=None):
    model = installation_model()
    if model is None:
        return None
    fields: dict[str, Any] = {
        "service_point": point,
        "location": "หน้าห้องกองช่าง",
        "installed_on": timezone.localdate(),
        "reported_by": admin,
    }
    if verified_by is not None:
        fields |= {"status": "verified", "reviewer": verified_by, "reviewed_at": timezone.now()}
    return model.objects.create(**fields)


def set_up_unit_a(phrae, personas) -> dict[str, Any]:
    """Unit A through every step: catalogue, a service point, a verified installation."""
    catalogue = build_catalogue(phrae, personas)
    point = make_service_point(phrae["units"]["a"], personas["admin_a"], catalogue["department"])
    report_installation(point, personas["admin_a"], verified_by=personas["pacc"])
    return catalogue | {"point": point}
