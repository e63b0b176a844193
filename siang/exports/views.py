"""Export pages: start an export, watch its progress (no JavaScript), download the file.

A unit's Admins and Users export their own unit; PACC exports any unit or all of them. A job and
its file are only ever shown to the person who started it.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from siang.accounts import access
from siang.accounts.models import User
from siang.accounts.views import allowed_view, staff_view
from siang.directory.models import Province
from siang.exports import selectors, services
from siang.exports.models import ExportKind, ExportStatus
from siang.exports.services import ExportError
from siang.lib.spreadsheets import spreadsheet_download
from siang.lib.storage import serve_private
from siang.policy import actions

REFRESH_SECONDS = 2


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _kinds(kinds: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(kind, str(ExportKind(kind).label)) for kind in kinds]


@staff_view
@require_GET
def unit_exports(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit(user, unit_id, actions.UNIT_EXPORT)
    context = {"unit": unit, "kinds": _kinds(services.UNIT_KINDS), "jobs": selectors.recent_jobs(user, unit)}
    return render(request, "exports/unit.html", context)


@staff_view
@require_POST
def unit_export_start(request: HttpRequest, unit_id: int) -> HttpResponseBase:
    user = _user(request)
    unit = access.get_unit(user, unit_id, actions.UNIT_EXPORT)
    return _start(request, user, request.POST.get("kind", ""), {"unit_id": unit.pk}, "exports_unit", unit.pk)


@allowed_view(actions.NATIONAL_EXPORT)
@require_GET
def pacc_exports(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = {
        "kinds": _kinds(services.PACC_KINDS),
        "provinces": Province.objects.order_by("sort_key"),
        "jobs": selectors.recent_jobs(user, None),
    }
    return render(request, "exports/pacc.html", context)


@allowed_view(actions.NATIONAL_EXPORT)
@require_POST
def pacc_export_start(request: HttpRequest) -> HttpResponseBase:
    province = request.POST.get("province", "")
    params = {"province": province} if province.isdigit() else {}
    return _start(request, _user(request), request.POST.get("kind", ""), params, "exports_pacc")


def _start(
    request: HttpRequest, user: User, kind: str, params: dict, back: str, *back_args: int
) -> HttpResponseBase:
    try:
        job = services.export_start(actor=user, kind=kind, params=params)
    except ExportError as error:
        messages.error(request, str(error))
        return redirect(back, *back_args)
    return redirect("exports_job", pk=job.pk)


@staff_view
@require_GET
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = services.export_fail_if_stalled(selectors.get_job(_user(request), pk))
    context = {
        "job": job,
        "refresh": None if job.is_finished else REFRESH_SECONDS,
        "keep_days": services.keep_days(),
    }
    response = render(request, "exports/job.html", context)
    response["Cache-Control"] = "no-store"
    return response


@spreadsheet_download
@staff_view
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = _user(request)
    job = selectors.get_job(user, pk)
    if job.status != ExportStatus.DONE or not job.file:
        return redirect("exports_job", pk=job.pk)
    services.export_downloaded(job=job, actor=user)
    return serve_private(job.file, filename=job.file_name)
