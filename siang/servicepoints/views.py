"""Service point pages: the unit's QR codes and downloads, installation reports, PACC's queue.

Thin views: access from `siang.servicepoints.access` (built on accounts.access and siang.policy), changes from
`services`. A unit's Admins and Users and PACC may look; only the unit's Admins change.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from siang.accounts import access as accounts_access
from siang.accounts.models import User
from siang.accounts.views import allowed_view, staff_view
from siang.exports import services as export_services
from siang.exports.models import ExportKind
from siang.exports.services import ExportError
from siang.lib import uploads
from siang.lib.storage import StorageUnavailable
from siang.policy import actions
from siang.servicepoints import access, photos, posters, qr, services
from siang.servicepoints.forms import DecisionForm, InstallationReportForm, RetireForm, ServicePointForm
from siang.servicepoints.models import InstallationStatus, Placement, ServicePoint
from siang.servicepoints.services import PhotoRefused, ServicePointError

PDF = "application/pdf"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _disposition(filename: str, *, inline: bool = False) -> str:
    return content_disposition_header(as_attachment=not inline, filename=filename) or ""


def _download(content: bytes, content_type: str, filename: str, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = _disposition(filename, inline=inline)
    response["Cache-Control"] = "private, no-store"
    return response


# --- the unit's service points ------------------------------------------------------------------


@staff_view
@require_GET
def point_list(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = accounts_access.get_unit(user, unit_id, actions.SERVICEPOINTS_VIEW)
    rows = access.unit_point_rows(unit)
    active = [row for row in rows if row.point.is_active]
    context = {
        "unit": unit,
        "rows": active,
        "retired": [row for row in rows if not row.point.is_active],
        "missing": sum(1 for row in active if not row.verified),
    }
    return render(request, "servicepoints/list.html", context)


@staff_view
@require_GET
def checklist(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = accounts_access.get_unit(user, unit_id, actions.SERVICEPOINTS_VIEW)
    rows = access.unit_point_rows(unit, active=True)
    context = {
        "unit": unit,
        "todo": [row for row in rows if not row.verified],
        "done": [row for row in rows if row.verified],
    }
    return render(request, "servicepoints/checklist.html", context)


@staff_view
@require_http_methods(["GET", "POST"])
def point_new(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = accounts_access.get_unit(user, unit_id, actions.SERVICEPOINTS_MANAGE)
    form = ServicePointForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.service_point_create(unit=unit, actor=user, **form.cleaned_data)
        except ServicePointError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Added “%(point)s”. Download its QR code below.") % {"point": point})
            return redirect("servicepoint_detail", unit_id=unit.pk, pk=point.pk)
    return render(request, "servicepoints/new.html", {"unit": unit, "form": form})


@staff_view
@require_GET
def point_detail(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    user = _user(request)
    unit = accounts_access.get_unit(user, unit_id, actions.SERVICEPOINTS_VIEW)
    point = access.get_point(unit, pk)
    reports = access.point_reports(point)
    context = {
        "unit": unit,
        "point": point,
        "url": qr.citizen_url(point),
        "path": qr.citizen_path(point),
        "qr_image": qr.svg_data_uri(point) if point.is_active else "",
        "reports": reports,
        "can_report": point.is_active
        and not any(report.status != InstallationStatus.REJECTED for report in reports),
        "is_website": point.placement == Placement.WEBSITE,
    }
    return render(request, "servicepoints/detail.html", context)


@staff_view
@require_http_methods(["GET", "POST"])
def point_retire(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    user = _user(request)
    unit = accounts_access.get_unit(user, unit_id, actions.SERVICEPOINTS_MANAGE)
    point = access.get_point(unit, pk, active=True)
    form = RetireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.service_point_retire_and_replace(
                point=point, actor=user, reason=form.cleaned_data["reason"]
            )
        except ServicePointError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The old code no longer works. Print and post this new code in its place."),
            )
            return redirect("servicepoint_detail", unit_id=unit.pk, pk=new.pk)
    return render(request, "servicepoints/retire.html", {"unit": unit, "point": point, "form": form})


# --- downloads ----------------------------------------------------------------------------------


def _active_point(request: HttpRequest, unit_id: int, pk: int) -> ServicePoint:
    unit = accounts_access.get_unit(_user(request), unit_id, actions.SERVICEPOINTS_VIEW)
    return access.get_point(unit, pk, active=True)


@staff_view
@require_GET
def qr_png(request: HttpRequest, unit_id: int, pk: int, size: str) -> HttpResponse:
    pixels = {"screen": qr.SCREEN_PIXELS, "print": qr.PRINT_PIXELS}.get(size)
    if pixels is None:
        raise Http404
    point = _active_point(request, unit_id, pk)
    name = f"QR_{posters.point_file_stem(point)}_{size}.png"
    return _download(qr.png(point, pixels=pixels), "image/png", name)


@staff_view
@require_GET
def qr_svg(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    point = _active_point(request, unit_id, pk)
    return _download(qr.svg(point), "image/svg+xml", f"QR_{posters.point_file_stem(point)}.svg")


@staff_view
@require_GET
def poster(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    point = _active_point(request, unit_id, pk)
    return _download(posters.poster_pdf(point), PDF, f"โปสเตอร์_{posters.point_file_stem(point)}.pdf")


@staff_view
@require_GET
def card(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    point = _active_point(request, unit_id, pk)
    return _download(posters.card_pdf(point), PDF, f"ป้ายตั้งโต๊ะ_{posters.point_file_stem(point)}.pdf")


@staff_view
@require_GET
def website_snippet(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    point = _active_point(request, unit_id, pk)
    url = qr.citizen_url(point)
    badge = {"url": url, "image": qr.png_data_uri(point, pixels=160), "unit": point.unit.name_th}
    snippet = render(request, "servicepoints/badge_snippet.html", badge).content.decode().strip()
    preview = badge | {"url": qr.citizen_path(point)}
    context = {"unit": point.unit, "point": point, "snippet": snippet, "preview": preview, "url": url}
    return render(request, "servicepoints/snippet.html", context)


@staff_view
@require_POST
def unit_posters(request: HttpRequest, unit_id: int) -> HttpResponse:
    return _bundle(request, unit_id, ExportKind.POSTERS_PDF)


@staff_view
@require_POST
def unit_zip(request: HttpRequest, unit_id: int) -> HttpResponse:
    return _bundle(request, unit_id, ExportKind.POSTERS_ZIP)


def _bundle(request: HttpRequest, unit_id: int, kind: str) -> HttpResponse:
    """All the unit's posters, made in the background (about 10 s for 50 points) and shown on the
    export's progress page, where its owner downloads it."""
    user = _user(request)
    unit = accounts_access.get_unit(user, unit_id, actions.SERVICEPOINTS_VIEW)
    if not access.active_points(unit):
        messages.error(request, _("There are no service points to print yet. Add one first."))
        return redirect("servicepoints_list", unit_id=unit.pk)
    try:
        job = export_services.export_start(actor=user, kind=kind, params={"unit_id": unit.pk})
    except ExportError as error:
        messages.error(request, str(error))
        return redirect("servicepoints_list", unit_id=unit.pk)
    return redirect("exports_job", pk=job.pk)


# --- installation reports -----------------------------------------------------------------------


@staff_view
@require_http_methods(["GET", "POST"])
def installation_new(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    user = _user(request)
    unit = accounts_access.get_unit(user, unit_id, actions.SERVICEPOINTS_MANAGE)
    point = access.get_point(unit, pk, active=True)
    context: dict[str, Any] = {"unit": unit, "point": point}
    if request.method == "POST" and uploads.body_exceeds(request, photos.MAX_REQUEST_BYTES):
        # refused from its Content-Length, before the body is read: what was typed is not kept
        context["too_large"] = _(
            "The photos together are larger than %(limit)d MB, so nothing was received. "
            "Send at most %(count)d photos of at most %(each)d MB each."
        ) % {
            "limit": photos.MAX_REQUEST_BYTES // (1024 * 1024),
            "count": photos.MAX_PHOTOS,
            "each": photos.MAX_PHOTO_MB,
        }
        form = InstallationReportForm()
        return render(request, "servicepoints/installation_new.html", context | {"form": form}, status=413)
    form = InstallationReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.installation_report_submit(
                point=point,
                actor=user,
                location=data["location"],
                installed_on=data["installed_on"],
                note=data["note"],
                uploads=data["photos"],
            )
        except PhotoRefused as error:
            form.add_error("photos", str(error))
        except (ServicePointError, StorageUnavailable) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Sent to PACC. You will be told when they have checked it."))
            return redirect("servicepoint_detail", unit_id=unit.pk, pk=point.pk)
    return render(request, "servicepoints/installation_new.html", context | {"form": form})


@staff_view
@require_GET
def photo(request: HttpRequest, unit_id: int, pk: int, size: str) -> HttpResponse:
    if size not in {"large", "thumb"}:
        raise Http404
    row = access.get_photo(_user(request), unit_id, pk)
    # a photo whose thumbnail is not made yet shows its large copy
    file = row.thumbnail if size == "thumb" and row.thumbnail else row.image
    try:
        with file.open("rb") as handle:
            content = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    response = HttpResponse(content, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = _disposition(f"photo-{row.pk}.jpg", inline=True)
    return response


# --- PACC's verification queue ------------------------------------------------------------------


@allowed_view(actions.INSTALLATION_VERIFY)
@require_GET
def pacc_queue(request: HttpRequest) -> HttpResponse:
    reports = access.pending_reports(_user(request))
    rows = [(report, access.similar_photos(report)) for report in reports]
    return render(request, "servicepoints/pacc_queue.html", {"rows": rows})


@allowed_view(actions.INSTALLATION_VERIFY)
@require_http_methods(["GET", "POST"])
def pacc_report(request: HttpRequest, pk: int) -> HttpResponse | HttpResponseRedirect:
    user = _user(request)
    report = access.get_report_for_pacc(user, pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == DecisionForm.VERIFY:
                services.installation_verify(report=report, actor=user)
                messages.success(request, _("Verified. The unit's Admins have been told."))
            else:
                services.installation_reject(report=report, actor=user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Rejected. The unit's Admins have been told the reason."))
        except ServicePointError as error:
            messages.error(request, str(error))
        return redirect("pacc_installations")
    context = {
        "report": report,
        "similar": access.similar_photos(report),
        "form": form,
        "url": qr.citizen_url(report.service_point),
    }
    return render(request, "servicepoints/pacc_report.html", context)
