"""The one way in to casework: PACC only; anyone else gets "not found"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from siang.accounts.models import User
from siang.casework.deadlines import today
from siang.casework.models import OPEN_STATUSES, Case, CaseNote, CaseStatus, Signal, SignalKind
from siang.directory.selectors import unit_search
from siang.feedback.tracking import normalise_tracking_code
from siang.policy import actions, visible

OPEN = "open"
UNASSIGNED = "none"
MINE = "me"


def _cases() -> QuerySet[Case]:
    return Case.objects.select_related(
        "unit__province",
        "unit__district",
        "process__live_revision",
        "process__draft_revision",
        "assignee",
    )


def get_case(user: User, pk: int, *, lock: bool = False) -> Case:
    try:
        return visible(user, actions.CASEWORK, _cases()).get(pk=pk)
    except Case.DoesNotExist:
        raise Http404 from None


def get_case_signal(case: Case, pk: int) -> Signal:
    try:
        return Signal.objects.select_related("feedback").get(pk=pk, case=case)
    except Signal.DoesNotExist:
        raise Http404 from None


@dataclass
class QueueFilters:
    status: str = OPEN
    kind: str = ""
    province: str = ""
    assignee: str = ""
    overdue: bool = False
    search: str = ""


def queue(user: User, filters: QueueFilters) -> QuerySet[Case]:
    """The cases the filters ask for, soonest deadline first."""
    cases = _filtered(visible(user, actions.CASEWORK, _cases()), filters, user)
    if filters.status and filters.status != OPEN:
        cases = cases.filter(status=filters.status)
    elif filters.status == OPEN:
        cases = cases.filter(status__in=OPEN_STATUSES)
    # A comment's case shows the words that raised its newest signal (issue 18); others show "".
    newest = Signal.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-pk")
    return cases.annotate(
        evidence=Subquery(newest.values("evidence")[:1]), described=Subquery(newest.values("described")[:1])
    ).order_by("deadline", "pk")


def tracking_code_for_search(text: str) -> str:
    """The one call that turns what PACC typed (U9DX-5SY7, u9dx5sy7) into a stored tracking code."""
    return normalise_tracking_code(text)


def _searched(cases: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Cases of a unit found by name (Thai, English or former) or DLA code, or holding a tracking code."""
    units = unit_search(query=text).values("pk")
    code = tracking_code_for_search(text)
    by_code = Signal.objects.filter(case=OuterRef("pk"), feedback__tracking_code=code)
    return cases.filter(Q(unit__in=units) | Q(unit__dla_code=text) | Exists(by_code))


def _filtered(cases: QuerySet[Case], filters: QueueFilters, user: User) -> QuerySet[Case]:
    if filters.search:
        cases = _searched(cases, filters.search)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.province:
        cases = cases.filter(unit__province_id=filters.province)
    if filters.assignee == UNASSIGNED:
        cases = cases.filter(assignee__isnull=True)
    elif filters.assignee == MINE:
        cases = cases.filter(assignee=user)
    elif filters.assignee.isdigit():
        cases = cases.filter(assignee_id=int(filters.assignee))
    if filters.overdue:
        cases = cases.filter(status__in=OPEN_STATUSES, deadline__lt=today())
    return cases


def counts(user: User, filters: QueueFilters) -> dict[str, Any]:
    """How many cases in each status and of each kind (other filters applied), in one query each."""
    base = _filtered(visible(user, actions.CASEWORK, Case.objects.all()), filters, user)
    by_status = {row["status"]: row["n"] for row in base.values("status").annotate(n=Count("pk")).order_by()}
    open_cases = Q(status__in=OPEN_STATUSES)
    summary = base.aggregate(
        open=Count("pk", filter=open_cases),
        overdue=Count("pk", filter=open_cases & Q(deadline__lt=today())),
        unassigned=Count("pk", filter=open_cases & Q(assignee__isnull=True)),
        **{f"kind_{kind}": Count("pk", filter=open_cases & Q(kind=kind)) for kind in SignalKind.values},
    )
    return {
        "statuses": [(status, label, by_status.get(status, 0)) for status, label in CaseStatus.choices],
        "kinds": [(kind, label, summary.pop(f"kind_{kind}")) for kind, label in SignalKind.choices],
        **summary,
    }


def case_signals(case: Case) -> list[Signal]:
    return list(
        Signal.objects.filter(case=case)
        .select_related(
            "feedback__department",
            "feedback__process__live_revision",
            "feedback__process__draft_revision",
            "feedback__service_point",
        )
        .order_by("created_at", "pk")
    )


def case_history(case: Case) -> list[CaseNote]:
    return list(CaseNote.objects.filter(case=case).select_related("author").order_by("created_at", "pk"))


def is_overdue(case: Case) -> bool:
    return case.is_open and case.deadline < today()
