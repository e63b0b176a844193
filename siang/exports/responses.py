"""The responses table, as a unit's staff and as PACC may see it.

Unit staff get their own unit's responses without anything that is PACC's alone: no contact,
no tracking code or status (the status tells whether PACC is looking at a response), no integrity
flags or network hash, and none of the answers that make a corruption signal: what was asked
for and its details, the fee paid, and whether it took longer than the published time. Those reach
units only as counts on the dashboard. Comments are included only where siang.policy.comments
lets the unit see them (the one rule of the dashboard and every other place), contact-like text
removed.
PACC gets every answer of every unit, still without the contact: that is opened only through
casework's audited action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from siang.feedback.models import Feedback
from siang.feedback.tracking import display_tracking_code
from siang.lib import thai
from siang.policy import comments


@dataclass(frozen=True)
class Column:
    header: Callable[[], str]
    value: Callable[[Feedback], Any]


def _local(moment: Any) -> Any:
    return timezone.localtime(moment)


def _process_name(feedback: Feedback) -> str:
    process = feedback.process
    if process is None:
        return feedback.other_service
    revision = process.live_revision or process.draft_revision
    return revision.name_th if revision is not None else ""


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _number(value: Any) -> Any:
    return "" if value is None else value


COMMON = [
    Column(lambda: _("Received (Buddhist era)"), lambda f: thai.date_short_th(f.created_at)),
    Column(lambda: _("Received (ISO 8601)"), lambda f: _local(f.created_at).isoformat(timespec="seconds")),
    Column(lambda: _("Date of the visit (Buddhist era)"), lambda f: thai.date_short_th(f.visit_date)),
    Column(lambda: _("Date of the visit (ISO 8601)"), lambda f: f.visit_date.isoformat()),
    Column(lambda: _("Department"), lambda f: f.department.name_th if f.department else ""),
    Column(lambda: _("Process"), _process_name),
    Column(lambda: _("Overall satisfaction (1–5)"), lambda f: f.rating_overall),
    Column(lambda: _("Followed the published steps (1–5)"), lambda f: _number(f.rating_steps)),
    Column(lambda: _("Finished within the published time (1–5)"), lambda f: _number(f.rating_time)),
    Column(lambda: _("Clear information (1–5)"), lambda f: _number(f.rating_information)),
    Column(lambda: _("Courtesy (1–5)"), lambda f: _number(f.rating_courtesy)),
    Column(lambda: _("Equal treatment (1–5)"), lambda f: _number(f.rating_equal)),
]

UNIT_PLACE = [Column(lambda: _("Unit"), lambda f: f.unit.name_th)]

PACC_PLACE = [
    Column(lambda: _("Tracking code"), lambda f: display_tracking_code(f.tracking_code)),
    Column(lambda: _("DLA code"), lambda f: f.unit.dla_code or ""),
    Column(lambda: _("Unit"), lambda f: f.unit.name_th),
    Column(lambda: _("District"), lambda f: f.unit.district.name_th if f.unit.district else ""),
    Column(lambda: _("Province"), lambda f: f.unit.province.name_th),
]

PACC_ONLY = [
    Column(lambda: _("Finished in time?"), lambda f: f.get_finished_in_time_display()),
    Column(lambda: _("Published time (days)"), lambda f: _number(f.published_time_days)),
    Column(lambda: _("Fee paid (baht)"), lambda f: _number(f.fee_paid)),
    Column(lambda: _("Published fee (baht)"), lambda f: _number(f.fee_published)),
    Column(lambda: _("Asked for money"), lambda f: _yes_no(f.asked_money)),
    Column(lambda: _("Asked for property"), lambda f: _yes_no(f.asked_property)),
    Column(lambda: _("Asked for another benefit"), lambda f: _yes_no(f.asked_other_benefit)),
    Column(lambda: _("Details of what was asked"), lambda f: f.benefit_details),
    Column(lambda: _("Comment"), lambda f: f.comment),
    Column(lambda: _("Tracking status"), lambda f: f.get_status_display()),
    Column(lambda: _("Flagged by the integrity checks"), lambda f: _yes_no(f.is_flagged)),
    Column(lambda: _("Left contact details"), lambda f: _yes_no(f.has_contact)),
]


def responses(*, unit_id: int | None, province: str = "") -> QuerySet[Feedback]:
    rows = Feedback.objects.select_related(
        "unit__province",
        "unit__district",
        "department",
        "process__live_revision",
        "process__draft_revision",
    )
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    elif province:
        rows = rows.filter(unit__province_id=province)
    return rows.order_by("created_at", "pk")


class Table:
    """The headers and a row maker for one export's audience."""

    def __init__(self, *, for_pacc: bool, unit_id: int | None) -> None:
        self.for_pacc = for_pacc
        self.unit_id = unit_id
        if for_pacc:
            self.columns = [*PACC_PLACE, *COMMON, *PACC_ONLY]
        else:
            self.columns = [*UNIT_PLACE, *COMMON, Column(lambda: _("Comment"), _unit_comment)]

    def rows(self, rows: QuerySet[Feedback]) -> QuerySet[Feedback]:
        """The rows as this audience gets them: for a unit, each knows whether its comment may be
        shown (one query now, none per row)."""
        if self.for_pacc:
            return rows
        enough = (
            comments.dimensions_with_enough(self.unit_id)
            if self.unit_id is not None
            else comments.Dimensions(frozenset(), other=False)
        )
        return comments.with_comment_visibility(rows, enough)

    def headers(self) -> list[str]:
        return [column.header() for column in self.columns]

    def row(self, feedback: Feedback) -> list[Any]:
        return [column.value(feedback) for column in self.columns]  # the writers guard formulas


def _unit_comment(feedback: Feedback) -> str:
    if not getattr(feedback, "comment_visible", False):
        return ""
    return comments.shown_comment(feedback.comment)


def chunks(rows: QuerySet[Feedback], size: int) -> Iterator[list[Feedback]]:
    chunk: list[Feedback] = []
    for feedback in rows.iterator(chunk_size=size):
        chunk.append(feedback)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
