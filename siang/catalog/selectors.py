"""Read-only queries for the catalogue pages, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from siang.catalog.models import Department, ProcessRevision, ProcessTemplate, RevisionStatus, ServiceProcess
from siang.directory.models import Unit

# What the lists show of a revision; the long texts and lists stay in the database.
_LIST_FIELDS = (
    "id",
    "number",
    "status",
    "name_th",
    "name_en",
    "review_comment",
    "template_untouched",
    "submitted_at",
    "decided_at",
)


def _list_processes() -> QuerySet[ServiceProcess]:
    return ServiceProcess.objects.select_related("live_revision", "draft_revision").only(
        "id",
        "unit_id",
        "department_id",
        "sequence",
        "live_revision_id",
        "draft_revision_id",
        *(f"live_revision__{name}" for name in _LIST_FIELDS),
        *(f"draft_revision__{name}" for name in _LIST_FIELDS),
    )


@dataclass
class DepartmentRow:
    department: Department
    processes: list[ServiceProcess] = field(default_factory=list)


def unit_catalogue(unit: Unit) -> list[DepartmentRow]:
    """The unit's active departments, each with all its processes (staff view): two queries."""
    departments = Department.objects.filter(unit=unit, is_active=True).prefetch_related(
        Prefetch("processes", queryset=_list_processes().order_by("sequence", "pk"))
    )
    return [DepartmentRow(d, list(d.processes.all())) for d in departments]


def retired_departments(unit: Unit) -> QuerySet[Department]:
    return Department.objects.filter(unit=unit, is_active=False).order_by("name_th")


def review_queue(unit: Unit) -> list[ProcessRevision]:
    """Revisions waiting for the Admin, oldest first, with their process and department."""
    return list(
        ProcessRevision.objects.filter(process__unit=unit, status=RevisionStatus.SUBMITTED)
        .select_related("process__department", "process__live_revision", "submitted_by")
        .only(
            *_LIST_FIELDS,
            "process__id",
            "process__sequence",
            "process__unit_id",
            "process__department__id",
            "process__department__sequence",
            "process__department__name_th",
            "process__department__name_en",
            "process__live_revision__id",
            "process__live_revision__number",
            "submitted_by__id",
            "submitted_by__name_th",
            "submitted_by__name_en",
            "submitted_by__username",
        )
        .order_by("submitted_at", "pk")
    )


def review_count(unit: Unit) -> int:
    return ProcessRevision.objects.filter(process__unit=unit, status=RevisionStatus.SUBMITTED).count()


def process_history(process: ServiceProcess) -> list[ProcessRevision]:
    return list(
        process.revisions.select_related("created_by", "submitted_by", "decided_by", "based_on")
        .only(
            *_LIST_FIELDS,
            "process_id",
            "created_at",
            "based_on__number",
            "created_by__name_th",
            "created_by__name_en",
            "created_by__username",
            "submitted_by__name_th",
            "submitted_by__name_en",
            "submitted_by__username",
            "decided_by__name_th",
            "decided_by__name_en",
            "decided_by__username",
        )
        .order_by("-number")
    )


@dataclass
class PublishedDepartment:
    department: Department
    processes: list[ServiceProcess]


def published_catalogue(unit: Unit) -> list[PublishedDepartment]:
    """What citizens see: approved processes only, by department (never drafts): two queries."""
    published = (
        ServiceProcess.objects.filter(live_revision__isnull=False)
        .select_related("live_revision")
        .only(
            "id",
            "unit_id",
            "department_id",
            "sequence",
            "live_revision__id",
            "live_revision__name_th",
            "live_revision__name_en",
        )
        .order_by("sequence", "pk")
    )
    departments = Department.objects.filter(unit=unit, is_active=True).prefetch_related(
        Prefetch("processes", queryset=published, to_attr="published")
    )
    return [PublishedDepartment(d, d.published) for d in departments if d.published]


def active_templates() -> QuerySet[ProcessTemplate]:
    return ProcessTemplate.objects.filter(is_active=True).only("id", "slug", "name_th", "name_en", "category")


def all_templates() -> QuerySet[ProcessTemplate]:
    return ProcessTemplate.objects.only(
        "id", "slug", "name_th", "name_en", "category", "is_active", "updated_at"
    ).order_by("-is_active", "name_th")


def next_process_sequence(department: Department) -> int:
    numbers = set(department.processes.values_list("sequence", flat=True))
    return next(n for n in range(1, len(numbers) + 2) if n not in numbers)


def next_department_sequence(unit: Unit) -> int:
    numbers = set(Department.objects.filter(unit=unit, is_active=True).values_list("sequence", flat=True))
    return next(n for n in range(1, len(numbers) + 2) if n not in numbers)
