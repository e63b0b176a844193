"""The dashboards: a unit's own, PACC's national drill-down and an overseer's area.

Each page first rolls up any new responses (`rollups.catch_up`, one query when there are none),
then reads only the rollups. Unit staff never see signals, flags or a reporter's details; signal
counts appear on PACC's dashboard only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape  # the standard library's: plain str in, plain str out, no lazy wrapper
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from siang.accounts import access
from siang.accounts.models import User
from siang.accounts.views import allowed_view, staff_view
from siang.audit.services import audit_record
from siang.casework.models import SignalKind
from siang.directory.models import District, Province, Unit
from siang.directory.names import UnitKind
from siang.lib import thai
from siang.lib.spreadsheets import spreadsheet_download
from siang.policy import NATION, actions, covers, grants_for
from siang.reporting import charts, compliance, dashboards, rollups
from siang.reporting.dashboards import Period, Report, Totals, UnitReport, month_label

MAX_BAR_ROWS = 30
# A page rolls up at most this many new responses before it reads (about 2 s on PostgreSQL with
# 10 million rows); a larger backlog is left to `manage.py rollup_feedback`.
PAGE_CATCH_UP = 10_000


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- charts -----------------------------------------------------------------------------------


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def fiscal_year_title(year_be: int) -> str:
    return _("Fiscal year %(year)s") % {"year": thai.fiscal_year_label(year_be)}


def trend_charts(report: Report) -> list[charts.Chart]:
    months = report.trend.months
    labels = [month_label(month) for month, _totals in months]
    years = report.trend.fiscal_years
    return [
        charts.line_chart(
            [(_("Responses"), [totals.responses for _month, totals in months])],
            labels,
            title=_("Responses by month"),
            x_header=_("Month"),
            chart_id="trend-responses",
        ),
        charts.line_chart(
            [(_("Satisfied (4–5 of 5)"), [_percent(totals.satisfied.value) for _month, totals in months])],
            labels,
            title=_("Share satisfied by month"),
            description=_("Overall satisfaction of 4 or 5 out of 5, of those who answered."),
            x_header=_("Month"),
            max_value=100,
            value_format=charts.format_percent,
            chart_id="trend-satisfied",
        ),
        charts.bar_chart(
            [
                (
                    _("Fiscal year %(year)s") % {"year": thai.fiscal_year_label(year)},
                    _percent(totals.satisfied.value),
                )
                for year, totals in years
            ],
            title=_("Share satisfied by fiscal year (October–September)"),
            label_header=_("Fiscal year"),
            value_header=_("Satisfied"),
            max_value=100,
            value_format=charts.format_percent,
            chart_id="trend-fiscal",
        ),
    ]


def dimension_chart(totals: Totals) -> charts.Chart:
    return charts.bar_chart(
        [(figure.label, _percent(figure.share.value)) for figure in totals.dimensions()],
        title=_("Share satisfied by question"),
        label_header=_("Question"),
        value_header=_("Satisfied"),
        max_value=100,
        value_format=charts.format_percent,
        chart_id="dimensions",
    )


def children_chart(report: Report, rows: list[dashboards.Row], title: str) -> charts.Chart | None:
    if not rows or len(rows) > MAX_BAR_ROWS:
        return None
    return charts.bar_chart(
        [(row.label, _percent(row.totals.satisfied.value)) for row in rows],
        title=title,
        label_header=report.children_label,
        value_header=_("Satisfied"),
        max_value=100,
        value_format=charts.format_percent,
        chart_id="children",
    )


def signal_chart(report: Report) -> charts.Chart:
    kinds = [
        (SignalKind.BENEFIT_DEMAND.label, report.totals.get("signals_benefit")),
        (SignalKind.OVERCHARGE.label, report.totals.get("signals_overcharge")),
        (SignalKind.DELAY.label, report.totals.get("signals_delay")),
        (SignalKind.COMMENT.label, report.totals.get("signals_comment")),
    ]
    return charts.bar_chart(
        [(str(label), count) for label, count in kinds],
        title=_("Signals by kind"),
        label_header=_("Kind"),
        value_header=_("Signals"),
        chart_id="signals",
    )


def csv_download(request: HttpRequest, drawn: list[charts.Chart | None]) -> HttpResponse | None:
    """?csv=<chart id>: the table behind that chart of this page, as CSV."""
    wanted = request.GET.get("csv")
    if not wanted:
        return None
    chart = next((c for c in drawn if c is not None and c.chart_id == wanted), None)
    if chart is None:
        raise Http404
    audit_record(actor=request.user, action="chart_export", obj=None, page=request.get_full_path())
    return charts.chart_csv_response(chart, f"siang_{chart.chart_id}.csv")


def with_downloads(request: HttpRequest, drawn: list[charts.Chart | None]) -> list[charts.Chart | None]:
    linked: list[charts.Chart | None] = []
    for chart in drawn:
        if chart is None:
            linked.append(None)
            continue
        query = request.GET.copy()
        query["csv"] = chart.chart_id
        linked.append(chart.with_csv_url(f"{request.path}?{query.urlencode()}"))
    return linked


# --- tables -----------------------------------------------------------------------------------
# A province's page can list a few hundred units: the cells are formatted here, once, rather than
# by template filters (which made such a page several times slower to render).


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def _cells(totals: Totals, *, too_few: str, show_signals: bool) -> list[str]:
    satisfied = totals.satisfied
    interval = satisfied.interval
    mean = totals.mean("overall").value
    cells = [
        f"{totals.responses:,}",
        _pct(satisfied.value),
        f"{interval[0] * 100:.0f}–{interval[1] * 100:.0f}%" if interval and satisfied.enough else too_few,
        "–" if mean is None else f"{mean:.2f}",
        _pct(totals.in_time.value),
        f"{totals.fee_mismatch:,}",
    ]
    if show_signals:
        cells.append(f"{totals.signals:,}")
    return cells


@dataclass(frozen=True)
class Table:
    """The body of one table, as HTML (every text escaped), and how many rows it has."""

    body: SafeString
    count: int


def table_rows(
    rows: list[dashboards.Row], *, links: bool, show_signals: bool, ranked: bool = False, kinds: bool = False
) -> Table:
    too_few, not_ranked = _("too few responses"), _("not ranked")
    lines = []
    for row in rows:
        few = not row.totals.satisfied.enough
        cells = []
        if ranked:
            rank = str(row.rank) if row.rank else f'<span class="dash-few">{escape(not_ranked)}</span>'
            cells.append(f"<td>{rank}</td>")
        url = row.params.get("url", "") if links else ""
        label = f'<a href="{escape(url)}">{escape(row.label)}</a>' if url else escape(row.label)
        cells.append(f'<th scope="row">{label}</th>')
        if kinds:
            cells.append(f"<td>{escape(row.kind_label or row.kind)}</td>")
        cells += [
            f"<td>{escape(cell)}</td>"
            for cell in _cells(row.totals, too_few=too_few, show_signals=show_signals)
        ]
        row_class = ' class="dash-row-few"' if few else ""
        lines.append(f"<tr{row_class}>{''.join(cells)}</tr>")
    return Table(mark_safe("\n".join(lines)), len(rows))  # noqa: S308  (every value above is escaped)


def report_tables(report: Report, *, links: bool, show_signals: bool) -> dict[str, Any]:
    return {
        "children": table_rows(
            report.children, links=links, show_signals=show_signals, ranked=report.children_ranked
        ),
        "kinds": table_rows(
            report.kinds, links=links and report.level == "nation", show_signals=show_signals
        ),
        "rankings": [
            (label, table_rows(rows, links=links, show_signals=show_signals, ranked=True))
            for label, rows in report.rankings
        ],
        "processes": table_rows(
            getattr(report, "processes", []), links=links, show_signals=show_signals, kinds=True
        ),
    }


# --- the drill-down ---------------------------------------------------------------------------


@dataclass
class Scope:
    """Where in the drill-down a page is; the deepest one set is the level shown."""

    province: Province | None = None
    district: District | None = None
    unit: Unit | None = None
    department_key: int | None = None
    process_key: int | None = None
    kind: str | None = None
    crumbs: list[tuple[str, dict[str, str]]] = field(default_factory=list)


def _number(value: str | None) -> int | None:
    if value is None or value == "":
        return None
    if not value.isdigit() or len(value) > 12:
        raise Http404
    return int(value)


def _code(value: str | None, length: int) -> str | None:
    if not value:
        return None
    if not value.isdigit() or len(value) != length:
        raise Http404
    return value


def scope_from(params: Any) -> Scope:
    """The place named by ?province= / ?district= / ?unit= (&department= / &process=), or the
    units of one type across the country (?kind=); else 404."""
    scope = Scope()
    unit_id = _number(params.get("unit"))
    district_code = _code(params.get("district"), 4)
    province_code = _code(params.get("province"), 2)
    try:
        if unit_id is not None:
            scope.unit = Unit.objects.select_related("province", "district").get(pk=unit_id)
            scope.district, scope.province = scope.unit.district, scope.unit.province
            scope.department_key = _number(params.get("department"))
            scope.process_key = _number(params.get("process"))
            if scope.process_key is not None and scope.department_key is None:
                raise Http404
        elif district_code:
            scope.district = District.objects.select_related("province").get(pk=district_code)
            scope.province = scope.district.province
        elif province_code:
            scope.province = Province.objects.get(pk=province_code)
        elif params.get("kind"):
            if params["kind"] not in UnitKind.values:
                raise Http404
            scope.kind = params["kind"]
    except (Unit.DoesNotExist, District.DoesNotExist, Province.DoesNotExist):
        raise Http404 from None
    return scope


def _crumbs(scope: Scope, report: Report) -> list[tuple[str, dict[str, str]]]:
    crumbs: list[tuple[str, dict[str, str]]] = [(_("The whole country"), {})]
    if scope.province:
        crumbs.append((scope.province.display_name, {"province": scope.province.pk}))
    if scope.district:
        crumbs.append((scope.district.display_name, {"district": scope.district.pk}))
    if scope.unit:
        crumbs.append((scope.unit.display_name, {"unit": str(scope.unit.pk)}))
    if scope.kind:
        crumbs.append((report.title, {"kind": scope.kind}))
    if scope.unit and scope.department_key is not None:
        crumbs.append(
            (
                report.title.split(" — ")[0],
                {"unit": str(scope.unit.pk), "department": str(scope.department_key)},
            )
        )
    return crumbs


def report_for(scope: Scope, period: Period) -> Report:
    if scope.unit and scope.process_key is not None and scope.department_key is not None:
        return dashboards.process_report(scope.unit, scope.department_key, scope.process_key, period)
    if scope.unit and scope.department_key is not None:
        return dashboards.department_report(scope.unit, scope.department_key, period)
    if scope.unit:
        return dashboards.unit_report(scope.unit, period)
    if scope.district:
        return dashboards.district_report(scope.district, period)
    if scope.province:
        return dashboards.province_report(scope.province, period)
    if scope.kind:
        return dashboards.kind_report(scope.kind, period)
    return dashboards.nation_report(period)


def _link(base: str, params: dict[str, str], period: Period) -> str:
    query = dict(params)
    if period.key != "12m":
        query["period"] = period.key
    return f"{base}?{urlencode(query)}" if query else base


def _drill_page(
    request: HttpRequest, *, scope: Scope, base: str, heading: str, show_signals: bool, top: int = 0
) -> HttpResponse:
    rollups.catch_up(limit=PAGE_CATCH_UP)
    period = dashboards.period_from(request.GET.get("period"))
    report = report_for(scope, period)
    crumbs = [(label, _link(base, params, period)) for label, params in _crumbs(scope, report)[top:]]
    for row in [*report.children, *getattr(report, "processes", []), *report.kinds]:
        row.params["url"] = _link(base, {k: v for k, v in row.params.items() if k != "url"}, period)
    for _kind, rows in report.rankings:
        for row in rows:
            row.params["url"] = _link(base, {k: v for k, v in row.params.items() if k != "url"}, period)
    drawn = [
        dimension_chart(report.totals),
        *trend_charts(report),
        children_chart(report, report.children, report.children_chart_title),
        signal_chart(report) if show_signals else None,
    ]
    download = csv_download(request, drawn)
    if download is not None:
        return download
    *chart_list, children, signals = with_downloads(request, drawn)
    context = {
        "heading": heading,
        "report": report,
        "crumbs": crumbs[:-1],
        "periods": dashboards.periods(),
        "period": period,
        "charts": chart_list,
        "children_chart": children,
        "signal_chart": signals,
        "tables": report_tables(report, links=True, show_signals=show_signals),
        "show_signals": show_signals,
        "min_sample": dashboards.MIN_SAMPLE,
        "scope_params": _hidden_params(request),
    }
    return render(request, "reporting/dashboards/drill.html", context)


def _hidden_params(request: HttpRequest) -> list[tuple[str, str]]:
    """The drill-down position, kept when the period is changed."""
    keep = ("province", "district", "unit", "department", "process", "kind")
    return [(key, request.GET[key]) for key in keep if request.GET.get(key)]


@spreadsheet_download
@allowed_view(actions.NATIONAL_DASHBOARD_VIEW)
@require_GET
def pacc_dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_from(request.GET)
    return _drill_page(
        request,
        scope=scope,
        base=reverse("pacc_dashboard"),
        heading=_("National dashboard"),
        show_signals=True,
    )


def _target(scope: Scope) -> Any:
    """The place a drill-down position is about: its unit, district or province, else the nation."""
    return scope.unit or scope.district or scope.province or NATION


@spreadsheet_download
@staff_view
@require_GET
def area_dashboard(request: HttpRequest) -> HttpResponse:
    """An overseer's province or district, and what lies below it; anything else is 'not found'."""
    areas = grants_for(_user(request), actions.AREA_DASHBOARD_VIEW)
    if not areas:
        raise Http404
    if not any(request.GET.get(key) for key in ("province", "district", "unit")):
        home = areas[0].membership
        scope = Scope(province=home.province, district=home.district)
    else:
        scope = scope_from(request.GET)
    covering = next((grant for grant in areas if covers(grant, _target(scope))), None)
    if covering is None:
        raise Http404
    top = 2 if covering.place.district_id else 1  # the crumbs above the overseer's own area are hidden
    return _drill_page(
        request,
        scope=scope,
        base=reverse("area_dashboard"),
        heading=_("Dashboard of your area"),
        show_signals=False,
        top=top,
    )


# --- a unit's own dashboard -------------------------------------------------------------------


@spreadsheet_download
@staff_view
@require_GET
def unit_dashboard(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit(_user(request), unit_id, actions.UNIT_DASHBOARD_VIEW)
    rollups.catch_up(limit=PAGE_CATCH_UP)
    period = dashboards.period_from(request.GET.get("period"))
    report: UnitReport = dashboards.unit_report(unit, period)
    steps = compliance.unit_steps(unit)
    drawn = [
        dimension_chart(report.totals),
        *trend_charts(report),
        children_chart(report, report.children, report.children_chart_title),
    ]
    download = csv_download(request, drawn)
    if download is not None:
        return download
    *chart_list, children = with_downloads(request, drawn)
    context = {
        "unit": unit,
        "report": report,
        "periods": dashboards.periods(),
        "period": period,
        "charts": chart_list,
        "children_chart": children,
        "comments": dashboards.recent_comments(report, unit),
        "tables": report_tables(report, links=False, show_signals=False),
        "comment_min": dashboards.COMMENT_MIN_RESPONSES,
        "min_sample": dashboards.MIN_SAMPLE,
        "unit_steps": steps,
        "steps_left": sum(1 for status in steps if not status.done),
    }
    return render(request, "reporting/dashboards/unit.html", context)
