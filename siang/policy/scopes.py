"""Which objects of a kind an actor may see, as a queryset filter: for lists, dashboards,
exports and the API. The same grants as `rules.can`, turned into one WHERE clause (no query of
its own: the person's memberships are cached for the request)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from siang.accounts.models import AdminApplication
from siang.casework.models import Case
from siang.catalog.models import Department, ProcessRevision, ServiceProcess
from siang.directory.models import Unit
from siang.exports.models import ExportJob
from siang.policy.roles import ROLES, Grant, Level, grants, unit_memberships
from siang.policy.rules import _known
from siang.servicepoints.models import InstallationPhoto, InstallationReport, ServicePoint

M = TypeVar("M", bound=models.Model)

# The path from each kind of object to its unit ("" for the unit itself)
UNIT_PATHS: dict[type[models.Model], str] = {
    Unit: "",
    AdminApplication: "unit",
    Case: "unit",
    Department: "unit",
    ServiceProcess: "unit",
    ProcessRevision: "process__unit",
    ServicePoint: "unit",
    InstallationReport: "service_point__unit",
    InstallationPhoto: "report__service_point__unit",
    ExportJob: "unit",
}


def _lookup(path: str, field: str) -> str:
    return f"{path}__{field}" if path else field


def visible(actor: Any, action: str, queryset: QuerySet[M]) -> QuerySet[M]:
    """The objects of `queryset` on which `actor` may do `action` (none for anonymous people)."""
    _known(action)
    path = UNIT_PATHS[queryset.model]
    where = Q(pk__in=[])
    for grant in grants(actor):
        if action not in grant.actions:
            continue
        if grant.level == Level.NATIONAL:
            return queryset
        if grant.level == Level.UNIT:
            where |= Q(**{_lookup(path, "pk"): grant.place.unit_id})
        elif grant.level == Level.DISTRICT:
            where |= Q(**{_lookup(path, "district"): grant.place.district_id})
        else:
            where |= Q(**{_lookup(path, "province"): grant.place.province_id})
    return queryset.filter(where)


def units_for(actor: Any, action: str) -> list[Unit]:
    """The units the person works for where they may do `action` (e.g. "start in which unit?")."""
    _known(action)
    return [m.unit for m in unit_memberships(actor) if m.unit is not None and action in ROLES.get(m.role, ())]


def staff_unit_ids(actor: Any) -> set[int]:
    """The units the person works for (any role at a unit)."""
    return {m.unit_id for m in unit_memberships(actor) if m.unit_id is not None}


def grants_for(actor: Any, action: str) -> list[Grant]:
    """The person's grants that allow `action`, in the order they hold them: their home areas
    (an overseer's province or district; the nation for a national role)."""
    _known(action)
    return [grant for grant in grants(actor) if action in grant.actions]
