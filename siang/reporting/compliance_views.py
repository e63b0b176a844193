"""Compliance pages: PACC and overseers see who has not finished which step, per area; a unit's
staff see their own remaining steps. Lists download in the seed letter's format (PDF, Excel, letter).

An area is named in the URL: "all" (the nation, PACC only), a province code ("54") or a district
code ("5401"). An overseer opens only their own province or district; anything else is a 404.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from siang.accounts import access
from siang.accounts.models import User
from siang.accounts.views import staff_view
from siang.audit.services import audit_record
from siang.directory.models import District, Province
from siang.lib.spreadsheets import spreadsheet_download
from siang.policy import NATION as NATION_PLACE
from siang.policy import actions, can, grants_for
from siang.reporting import official_list
from siang.reporting.charts import Chart, chart_csv_response, format_number, funnel_chart
from siang.reporting.compliance import (
    Area,
    Step,
    StepCount,
    area_breakdown,
    area_totals,
    compliance_steps,
    get_step,
    missing_units,
    unit_steps,
)

NATION = "all"
PER_PAGE = 50
EXPORT_ACTION = "compliance_export"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- access ---------------------------------------------------------------------------------------


def get_area(user: User, code: str) -> Area:
    """The area named by `code` if the person may see it; anything else is 'not found'."""
    if code == NATION:
        if not can(user, actions.COMPLIANCE_VIEW, NATION_PLACE):
            raise Http404
        return Area()
    if len(code) == 2 and code.isdigit():
        province = Province.objects.filter(pk=code).first()
        if province is None or not can(user, actions.COMPLIANCE_VIEW, province):
            raise Http404
        return Area(province=province)
    if len(code) == 4 and code.isdigit():
        district = District.objects.select_related("province").filter(pk=code).first()
        if district is None or not can(user, actions.COMPLIANCE_VIEW, district):
            raise Http404
        return Area(province=district.province, district=district)
    raise Http404


def _step(key: str) -> Step:
    step = get_step(key)
    if step is None:
        raise Http404
    return step


def area_code(area: Area) -> str:
    if area.district is not None:
        return area.district.pk
    if area.province is not None:
        return area.province.pk
    return NATION


def area_name(area: Area) -> str:
    if area.district is not None:
        return _("%(district)s district, %(province)s") % {
            "district": area.district.display_name,
            "province": area.district.province.display_name,
        }
    if area.province is not None:
        return _("%(province)s province") % {"province": area.province.display_name}
    return _("The whole country")


# --- pages ----------------------------------------------------------------------------------------


@staff_view
@require_GET
def compliance_home(request: HttpRequest) -> HttpResponse:
    """PACC lands on the nation; an overseer on their own area."""
    places = [grant.place for grant in grants_for(_user(request), actions.COMPLIANCE_VIEW)]
    if not places:
        raise Http404
    home = NATION_PLACE if NATION_PLACE in places else places[0]
    return redirect("compliance_area", area=home.district_id or home.province_id or NATION)


def _funnel(area: Area, total: int, counts: tuple[StepCount, ...]) -> Chart:
    steps = [(_("All units"), total)] + [(str(c.step.label), c.done) for c in counts]
    return funnel_chart(
        steps,
        title=_("Units that have done each step: %(area)s") % {"area": area_name(area)},
        description=_("Of %(total)s units, how many have done each registration and setup step.")
        % {"total": format_number(total)},
        step_header=_("Stage"),
        count_header=_("Units done"),
        chart_id="compliance-funnel",
    )


@spreadsheet_download
@staff_view
@require_GET
def compliance_area(request: HttpRequest, area: str) -> HttpResponse:
    """The area's steps with the number of units still to do each, and its provinces or districts."""
    place = get_area(_user(request), area)
    total, counts = area_totals(place)
    chart = _funnel(place, total, counts)
    if request.GET.get("format") == "csv":
        audit_record(actor=request.user, action="chart_export", obj=None, page=request.get_full_path())
        return chart_csv_response(chart, f"compliance_{area_code(place)}.csv")
    chart = chart.with_csv_url(f"{request.path}?format=csv")
    rows = area_breakdown(place) if place.district is None else []
    return render(
        request,
        "reporting/compliance/area.html",
        {
            "area": place,
            "code": area_code(place),
            "name": area_name(place),
            "total": total,
            "counts": counts,
            "rows": rows,
            "steps": compliance_steps(),
            "chart": chart,
            "parent": _parent(_user(request), place),
        },
    )


def _parent(user: User, area: Area) -> tuple[str, str] | None:
    """The area one level up, if the person may open it."""
    if area.district is not None:
        try:
            get_area(user, area.district.province_id)
        except Http404:
            return None
        return area.district.province_id, area_name(Area(province=area.district.province))
    if area.province is not None and can(user, actions.COMPLIANCE_VIEW, NATION_PLACE):
        return NATION, area_name(Area())
    return None


@staff_view
@require_GET
def compliance_units(request: HttpRequest, area: str, step: str) -> HttpResponse:
    """The units of the area that have not done the step, with the official list to download."""
    place = get_area(_user(request), area)
    chosen = _step(step)
    page = Paginator(missing_units(place, chosen), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/compliance/units.html",
        {
            "area": place,
            "code": area_code(place),
            "name": area_name(place),
            "step": chosen,
            "page": page,
            "first_number": page.start_index(),
            "can_export": place.province is not None,
        },
    )


@staff_view
@require_GET
def unit_remaining(request: HttpRequest, unit_id: int) -> HttpResponse:
    """A unit's own registration and setup steps, with what is left and where to do it."""
    unit = access.get_unit(_user(request), unit_id, actions.UNIT_DASHBOARD_VIEW)
    steps = unit_steps(unit)
    return render(
        request,
        "reporting/compliance/unit_steps.html",
        {"unit": unit, "unit_steps": steps, "left": sum(1 for s in steps if not s.done)},
    )


# --- downloads ------------------------------------------------------------------------------------


def _export_area(request: HttpRequest, area: str, step: str) -> tuple[official_list.OfficialList, Area]:
    place = get_area(_user(request), area)
    if place.province is None:  # the official lists go to a province or a district
        raise Http404
    thai = request.GET.get("digits") == "thai"
    return official_list.build_list(place, _step(step), thai_numbers=thai), place


def _download(
    request: HttpRequest,
    official: official_list.OfficialList,
    place: Area,
    *,
    body: bytes,
    kind: str,
    mime: str,
) -> HttpResponse:
    scope = place.district or place.province
    assert scope is not None
    audit_record(
        actor=request.user,
        action=EXPORT_ACTION,
        obj=scope,
        after={
            "step": official.step.key,
            "format": kind,
            "units": official.count,
            "as_of": official.as_of.isoformat(),
        },
    )
    extension = "xlsx" if kind == "xlsx" else "pdf"
    name = official.filename(extension) if kind != "letter" else f"letter_{official.filename('pdf')}"
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@staff_view
@require_GET
def official_list_pdf(request: HttpRequest, area: str, step: str) -> HttpResponse:
    official, place = _export_area(request, area, step)
    return _download(
        request, official, place, body=official_list.list_pdf(official), kind="pdf", mime="application/pdf"
    )


@spreadsheet_download
@staff_view
@require_GET
def official_list_xlsx(request: HttpRequest, area: str, step: str) -> HttpResponse:
    official, place = _export_area(request, area, step)
    return _download(
        request,
        official,
        place,
        body=official_list.list_xlsx(official),
        kind="xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


LETTER_FIELDS = {
    "reference": 100,
    "to_th": 300,
    "referring_to": 300,
    "signer_name": 200,
    "signer_position": 300,
}


@staff_view
@require_GET
def official_list_letter(request: HttpRequest, area: str, step: str) -> HttpResponse:
    """A draft cover letter for the list; the blanks the officer left stay as dotted lines."""
    official, place = _export_area(request, area, step)
    filled = {name: request.GET.get(name, "").strip()[:limit] for name, limit in LETTER_FIELDS.items()}
    letter = official_list.CoverLetter(
        official=official,
        reference=filled["reference"],
        to_th=filled["to_th"],
        referring_to=filled["referring_to"],
        signer_name=filled["signer_name"],
        signer_position=filled["signer_position"],
    )
    return _download(
        request, official, place, body=official_list.letter_pdf(letter), kind="letter", mime="application/pdf"
    )


def unit_steps_url(unit_id: int) -> str:
    return reverse("compliance_unit", args=[unit_id])
