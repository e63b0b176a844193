"""What the dashboards show, read from the rollups only (never the raw responses, but for the few
recent comments on a unit's own dashboard).

Every level of the drill-down (nation → province → district → unit → department → process) is a
`Report` built by a small, fixed number of grouped queries, whatever the number of units or
responses: the children's figures for the period, the months (for the trend by month and by fiscal
year), and the names. The period's totals are the sum of the children's, computed here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from siang.catalog.models import Department, ServiceProcess
from siang.directory.models import District, Province, Unit
from siang.directory.names import UnitKind
from siang.feedback.models import Feedback
from siang.lib import thai
from siang.lib.names import pick_name
from siang.policy import comments
from siang.reporting.models import (
    COUNTERS,
    DIMENSIONS,
    SIGNAL_COUNTERS,
    AreaMonthRollup,
    DailyRollup,
    ProvinceMonthRollup,
    UnitMonthRollup,
)
from siang.reporting.stats import MIN_SAMPLE, Mean, Share

TREND_MONTHS = 24
COMMENT_MIN_RESPONSES = comments.COMMENT_MIN_RESPONSES
COMMENTS_SHOWN = 5
_SUMS = {name: Sum(name) for name in COUNTERS}


def dimension_labels() -> dict[str, str]:
    return {
        "overall": _("Overall"),
        "steps": _("Followed the published steps"),
        "time": _("Finished within the published time"),
        "information": _("Clear information"),
        "courtesy": _("Courtesy"),
        "equal": _("Equal treatment"),
    }


# --- figures ----------------------------------------------------------------------------------


@dataclass
class Totals:
    """The counters of COUNTERS summed over some rollup rows, with the figures drawn from them."""

    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Totals:
        return cls({name: int(row.get(name) or 0) for name in COUNTERS})

    def add(self, other: Totals) -> None:
        counts = self.counts
        for name, value in other.counts.items():
            counts[name] = counts.get(name, 0) + value

    def get(self, name: str) -> int:
        return self.counts.get(name, 0)

    @property
    def responses(self) -> int:
        return self.get("responses")

    @property
    def satisfied(self) -> Share:
        return self.share("overall")

    @property
    def enough(self) -> bool:
        return self.satisfied.enough

    def share(self, dimension: str) -> Share:
        return Share(self.get(f"{dimension}_good"), self.get(f"{dimension}_n"))

    def mean(self, dimension: str) -> Mean:
        return Mean(self.get(f"{dimension}_sum"), self.get(f"{dimension}_n"))

    @property
    def in_time(self) -> Share:
        return Share(self.get("in_time_yes"), self.get("in_time_answered"))

    @property
    def fee_mismatch(self) -> int:
        return self.get("fee_mismatch")

    @property
    def signals(self) -> int:
        return sum(self.get(name) for name in SIGNAL_COUNTERS)

    def dimensions(self) -> list[DimensionFigure]:
        labels = dimension_labels()
        return [DimensionFigure(key, labels[key], self.share(key), self.mean(key)) for key in DIMENSIONS]


@dataclass(frozen=True)
class DimensionFigure:
    key: str
    label: str
    share: Share
    mean: Mean


def total_of(rows: Iterable[Totals]) -> Totals:
    result = Totals.of({})
    for row in rows:
        result.add(row)
    return result


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: dt.date
    end: dt.date

    def months(self) -> Q:
        return Q(month__gte=self.start.replace(day=1), month__lte=self.end)

    def days(self) -> Q:
        return Q(day__gte=self.start, day__lte=self.end)


def _months_back(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def fiscal_year_start(year_be: int) -> dt.date:
    return dt.date(year_be - thai.BE_OFFSET - 1, 10, 1)


def periods(today: dt.date | None = None) -> list[Period]:
    """The last 12 months (the default), then this fiscal year and the two before it."""
    today = today or timezone.localdate()
    choices = [Period("12m", _("Last 12 months"), _months_back(today, 11), today)]
    current = thai.fiscal_year_be(today)
    for year in (current, current - 1, current - 2):
        start = fiscal_year_start(year)
        end = min(dt.date(start.year + 1, 9, 30), today)
        label = _("Fiscal year %(year)s") % {"year": thai.fiscal_year_label(year)}
        choices.append(Period(f"fy{year}", label, start, end))
    return choices


def period_from(key: str | None, today: dt.date | None = None) -> Period:
    choices = periods(today)
    return next((period for period in choices if period.key == key), choices[0])


def month_label(month: dt.date) -> str:
    return thai.month_label(month)


def kind_label(kind: str) -> str:
    return str(UnitKind(kind).label) if kind in UnitKind.values else kind


# --- reports ----------------------------------------------------------------------------------


@dataclass
class Row:
    """One line of a level's table: a child area, unit, department or process."""

    key: str
    label: str
    totals: Totals
    params: dict[str, str] = field(default_factory=dict)
    kind: str = ""
    rank: int | None = None

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


@dataclass
class Trend:
    months: list[tuple[dt.date, Totals]]
    fiscal_years: list[tuple[int, Totals]]


@dataclass
class Report:
    level: str  # nation, kind (a unit type nationally), province, district, unit, department, process
    title: str
    period: Period
    totals: Totals
    children: list[Row]
    children_label: str
    trend: Trend
    rankings: list[tuple[str, list[Row]]] = field(default_factory=list)
    kinds: list[Row] = field(default_factory=list)
    not_ranked: int = 0

    @property
    def children_ranked(self) -> bool:
        return self.level == "nation"

    @property
    def children_heading(self) -> str:
        return {
            "nation": _("By province"),
            "province": _("By district"),
            "district": _("By service unit"),
            "unit": _("By department"),
        }.get(self.level, "")

    @property
    def children_chart_title(self) -> str:
        return {
            "nation": _("Share satisfied by province"),
            "province": _("Share satisfied by district"),
            "district": _("Share satisfied by service unit"),
            "unit": _("Share satisfied by department"),
        }.get(self.level, "")


def _grouped(rows: QuerySet[Any], *keys: str) -> list[dict[str, Any]]:
    return list(rows.values(*keys).annotate(**_SUMS).order_by())


def _trend(rows: QuerySet[Any], month_field: str = "month", today: dt.date | None = None) -> Trend:
    """Monthly figures for the last TREND_MONTHS months and yearly ones for every fiscal year."""
    today = today or timezone.localdate()
    by_month: dict[dt.date, Totals] = {}
    for row in _grouped(rows, month_field):
        month = row[month_field]
        month = month.date() if isinstance(month, dt.datetime) else month
        by_month[month] = Totals.of(row)
    months = []
    for step in range(TREND_MONTHS):
        month = _months_back(today, TREND_MONTHS - 1 - step)
        months.append((month, by_month.get(month, Totals.of({}))))
    while len(months) > 1 and not months[0][1].responses:  # start where the responses start
        months.pop(0)
    years: dict[int, Totals] = defaultdict(lambda: Totals.of({}))
    for month, totals in by_month.items():
        years[thai.fiscal_year_be(month)].add(totals)
    return Trend(months, sorted(years.items()))


def rank_within_kind(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """Units ranked only against units of the same type, by the lower bound of the share satisfied.
    Those with fewer than MIN_SAMPLE answers come last, unranked."""
    by_kind: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_kind[row.kind].append(row)
    ranked = []
    for kind in UnitKind.values:
        members = by_kind.get(kind)
        if not members:
            continue
        ranked.append((kind_label(kind), rank(members)))
    return ranked


def rank(rows: list[Row]) -> list[Row]:
    """Set each row's rank by the lower bound of its share satisfied; rows with too few answers
    get none and come last. Returns the rows in that order."""
    scored = [(row, row.totals.satisfied) for row in rows]
    enough = sorted((pair for pair in scored if pair[1].enough), key=lambda pair: -(pair[1].low or 0))
    for position, (row, _share) in enumerate(enough, start=1):
        row.rank = position
    few = sorted((row for row, share in scored if not share.enough), key=lambda row: -row.totals.responses)
    return [row for row, _share in enough] + few


def _kinds(rows: list[Row]) -> list[Row]:
    by_kind: dict[str, Totals] = defaultdict(lambda: Totals.of({}))
    for row in rows:
        by_kind[row.kind].add(row.totals)
    return [
        Row(kind, kind_label(kind), by_kind[kind], kind=kind) for kind in UnitKind.values if kind in by_kind
    ]


def _unit_rows(units: QuerySet[UnitMonthRollup]) -> list[Row]:
    rows = _grouped(units, "unit_id", "unit__name_th", "unit__name_en", "unit__kind")
    found = [
        Row(
            str(r["unit_id"]),
            pick_name(r["unit__name_th"], r["unit__name_en"]),
            Totals.of(r),
            {"unit": str(r["unit_id"])},
            r["unit__kind"],
        )
        for r in rows
    ]
    return sorted(found, key=lambda row: row.label)


def nation_report(period: Period) -> Report:
    in_period = ProvinceMonthRollup.objects.filter(period.months())
    names = {p.code: p for p in Province.objects.all()}
    children = [
        Row(
            r["province_id"],
            names[r["province_id"]].display_name,
            Totals.of(r),
            {"province": r["province_id"]},
        )
        for r in _grouped(in_period, "province_id")
        if r["province_id"] in names
    ]
    children.sort(key=lambda row: names[row.key].sort_key)
    rank(children)  # provinces are ranked against each other; the table stays in name order
    kinds = [
        Row(r["kind"], kind_label(r["kind"]), Totals.of(r), {"kind": r["kind"]}, r["kind"])
        for r in _grouped(in_period, "kind")
    ]
    order = list(UnitKind.values)
    kinds.sort(key=lambda row: order.index(row.kind) if row.kind in order else len(order))
    return Report(
        level="nation",
        title=_("The whole country"),
        period=period,
        totals=total_of(row.totals for row in children),
        children=children,
        children_label=_("Province"),
        trend=_trend(ProvinceMonthRollup.objects.all()),
        kinds=kinds,
    )


def province_report(province: Province, period: Period) -> Report:
    in_area = AreaMonthRollup.objects.filter(province=province)
    names = {d.code: d.display_name for d in District.objects.filter(province=province)}
    children = [
        Row(
            r["district_key"] or "-",
            names.get(r["district_key"], _("Province-wide units")),
            Totals.of(r),
            {"district": r["district_key"]} if r["district_key"] else {},
        )
        for r in _grouped(in_area.filter(period.months()), "district_key")
    ]
    children.sort(key=lambda row: row.label)
    units = _unit_rows(UnitMonthRollup.objects.filter(period.months(), province=province))
    return Report(
        level="province",
        title=_("%(name)s province") % {"name": province.display_name},
        period=period,
        totals=total_of(row.totals for row in children),
        children=children,
        children_label=_("District"),
        trend=_trend(in_area),
        rankings=rank_within_kind(units),
        kinds=_kinds(units),
    )


KIND_SHOWN = 25


def kind_report(kind: str, period: Period) -> Report:
    """Every unit of one type across the country, ranked: the highest and lowest KIND_SHOWN.

    Thousands of units: their ranks come from two sums each, and the full figures are read only
    for the units shown."""
    in_period = UnitMonthRollup.objects.filter(period.months(), unit__kind=kind)
    scores = in_period.values("unit_id").annotate(good=Sum("overall_good"), n=Sum("overall_n")).order_by()
    shares = [(row["unit_id"], Share(int(row["good"] or 0), int(row["n"] or 0))) for row in scores]
    ranked = sorted((pair for pair in shares if pair[1].enough), key=lambda pair: -(pair[1].low or 0))
    position = {unit_id: place for place, (unit_id, _share) in enumerate(ranked, start=1)}
    if len(ranked) <= 2 * KIND_SHOWN:
        groups = [(_("All ranked units"), [unit_id for unit_id, _share in ranked])] if ranked else []
    else:
        groups = [
            (_("Highest satisfaction"), [unit_id for unit_id, _share in ranked[:KIND_SHOWN]]),
            (_("Lowest satisfaction"), [unit_id for unit_id, _share in ranked[: -KIND_SHOWN - 1 : -1]]),
        ]
    shown_ids = {unit_id for _label, ids in groups for unit_id in ids}
    shown = {int(row.key): row for row in _unit_rows(in_period.filter(unit_id__in=shown_ids))}
    for unit_id, row in shown.items():
        row.rank = position[unit_id]
    in_kind = ProvinceMonthRollup.objects.filter(kind=kind)
    return Report(
        level="kind",
        title=_("%(kind)s across the country") % {"kind": kind_label(kind)},
        period=period,
        totals=Totals.of(in_kind.filter(period.months()).aggregate(**_SUMS)),
        children=[],
        children_label=_("Service unit"),
        trend=_trend(in_kind),
        rankings=[(label, [shown[unit_id] for unit_id in ids]) for label, ids in groups],
        not_ranked=len(shares) - len(ranked),
    )


def district_report(district: District, period: Period) -> Report:
    units = _unit_rows(
        UnitMonthRollup.objects.filter(
            period.months(), province_id=district.province_id, district_key=district.code
        )
    )
    return Report(
        level="district",
        title=_("%(name)s district") % {"name": district.display_name},
        period=period,
        totals=total_of(row.totals for row in units),
        children=units,
        children_label=_("Service unit"),
        trend=_trend(
            AreaMonthRollup.objects.filter(province_id=district.province_id, district_key=district.code)
        ),
        rankings=rank_within_kind(units),
        kinds=_kinds(units),
    )


def _department_names(unit: Unit) -> dict[int, str]:
    names = {d.pk: d.display_name for d in Department.objects.filter(unit=unit)}
    names[0] = _("Unit-wide (no department)")
    return names


def _process_names(unit: Unit) -> dict[int, str]:
    processes = ServiceProcess.objects.filter(unit=unit).select_related("live_revision", "draft_revision")
    names: dict[int, str] = {}
    for process in processes:
        revision = process.live_revision or process.draft_revision
        names[process.pk] = pick_name(revision.name_th, revision.name_en) if revision else f"#{process.pk}"
    names[0] = _("Other service")
    return names


def _process_rows(
    rows: QuerySet[DailyRollup], unit: Unit, names: dict[int, str], departments: dict[int, str]
) -> list[Row]:
    found = []
    for r in _grouped(rows, "department_key", "process_key"):
        row = Row(
            f"{r['department_key']}-{r['process_key']}",
            names.get(r["process_key"], "?"),
            Totals.of(r),
            {"unit": str(unit.pk), "process": str(r["process_key"]), "department": str(r["department_key"])},
        )
        row.kind = departments.get(r["department_key"], "?")  # shown as the department column
        found.append(row)
    return sorted(found, key=lambda row: (row.kind, row.label))


@dataclass
class UnitReport(Report):
    processes: list[Row] = field(default_factory=list)


def unit_report(unit: Unit, period: Period) -> UnitReport:
    in_period = DailyRollup.objects.filter(period.days(), unit=unit)
    departments = _department_names(unit)
    children = [
        Row(
            str(r["department_key"]),
            departments.get(r["department_key"], "?"),
            Totals.of(r),
            {"unit": str(unit.pk), "department": str(r["department_key"])},
        )
        for r in _grouped(in_period, "department_key")
    ]
    children.sort(key=lambda row: (row.key == "0", row.label))
    processes = _process_rows(in_period, unit, _process_names(unit), departments)
    return UnitReport(
        level="unit",
        title=unit.display_name,
        period=period,
        totals=total_of(row.totals for row in children),
        children=children,
        children_label=_("Department"),
        trend=_trend(UnitMonthRollup.objects.filter(unit=unit)),
        processes=processes,
    )


def department_report(unit: Unit, department_key: int, period: Period) -> UnitReport:
    rows = DailyRollup.objects.filter(unit=unit, department_key=department_key)
    departments = _department_names(unit)
    processes = _process_rows(rows.filter(period.days()), unit, _process_names(unit), departments)
    name = departments.get(department_key)
    return UnitReport(
        level="department",
        title=f"{name} — {unit.display_name}",
        period=period,
        totals=total_of(row.totals for row in processes),
        children=[],
        children_label=_("Service process"),
        trend=_trend(rows.annotate(month=TruncMonth("day"))),
        processes=processes,
    )


def process_report(unit: Unit, department_key: int, process_key: int, period: Period) -> UnitReport:
    rows = DailyRollup.objects.filter(unit=unit, process_key=process_key, department_key=department_key)
    totals = Totals.of(rows.filter(period.days()).aggregate(**_SUMS))
    name = _process_names(unit).get(process_key, "?")
    return UnitReport(
        level="process",
        title=f"{name} — {unit.display_name}",
        period=period,
        totals=totals,
        children=[],
        children_label=_("Service process"),
        trend=_trend(rows.annotate(month=TruncMonth("day"))),
    )


# --- comments ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comment:
    month: dt.date
    process: str
    text: str

    @property
    def month_label(self) -> str:
        return month_label(self.month)


def recent_comments(report: UnitReport, unit: Unit) -> list[Comment]:
    """The latest comments the unit may see (siang.policy.comments) among the responses
    visited in the period; their processes' counts come from the report's rollups."""
    counts = {int(row.params["process"]) or None: row.totals.responses for row in report.processes}
    enough = comments.Dimensions.from_counts(counts)
    if not (enough.process_ids or enough.other):
        return []
    names = {int(row.params["process"]): row.label for row in report.processes}
    in_period = Feedback.objects.filter(
        unit=unit, visit_date__gte=report.period.start, visit_date__lte=report.period.end
    )
    found = (
        comments.visible_comments(in_period, enough)
        .order_by("-created_at")
        .values("visit_date", "process_id", "comment")[:COMMENTS_SHOWN]
    )
    return [
        Comment(
            row["visit_date"].replace(day=1),
            names.get(row["process_id"] or 0, ""),
            comments.shown_comment(row["comment"]),
        )
        for row in found
    ]


__all__ = [
    "MIN_SAMPLE",
    "Period",
    "Report",
    "Row",
    "Totals",
    "UnitReport",
    "department_report",
    "district_report",
    "kind_report",
    "nation_report",
    "period_from",
    "periods",
    "process_report",
    "province_report",
    "recent_comments",
    "unit_report",
]
