"""The catalogue's Excel pages: the blank workbook, the import, the export."""

from __future__ import annotations

from collections.abc import Iterator

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from siang.accounts import access
from siang.accounts.models import User
from siang.accounts.views import staff_view
from siang.audit.services import audit_record
from siang.catalog import excel
from siang.catalog.services import CatalogError
from siang.directory.models import Unit
from siang.lib.spreadsheets import spreadsheet_download

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOW_PROGRESS_ABOVE = 50  # processes; a smaller import takes about a second
PROGRESS_EVERY = 10
PROGRESS_MARK = "<!--progress-->"


class ImportForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("The filled workbook (.xlsx)"),
        help_text=gettext_lazy("At most 5 MB. Nothing is imported unless every row is right."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
    )


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _file_name(unit: Unit, what: str) -> str:
    code = unit.dla_code or f"unit{unit.pk}"
    return f"siang-{code}-{what}.xlsx"


@spreadsheet_download
@staff_view
@require_GET
def blank_workbook(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for_staff(request.user, unit_id, write=True)  # type: ignore[arg-type]
    return _xlsx(excel.blank_workbook(unit), _file_name(unit, "template"))


@spreadsheet_download
@staff_view
@require_GET
def export_workbook(request: HttpRequest, unit_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    unit = access.get_unit_for_staff(user, unit_id)
    audit_record(actor=user, action="catalogue.exported", obj=unit)
    return _xlsx(excel.export_workbook(unit), _file_name(unit, "catalogue"))


@staff_view
@require_http_methods(["GET", "POST"])
def import_workbook(request: HttpRequest, unit_id: int) -> HttpResponseBase:
    user: User = request.user  # type: ignore[assignment]
    unit = access.get_unit_for_staff(user, unit_id, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[excel.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        if upload.size > excel.MAX_BYTES:
            form.add_error("workbook", _("The file is larger than 5 MB."))
        else:
            plan = excel.plan_import(data=upload.read(), unit=unit)
            problems = plan.problems
            if not problems and len(plan) > SHOW_PROGRESS_ABOVE:
                return _import_with_progress(request, unit, plan, user)
            if not problems:
                try:
                    created = list(excel.carry_out(plan, actor=user))
                except CatalogError as error:
                    form.add_error(None, str(error))
                else:
                    imported = _("%(count)d processes were imported as drafts. Submit them for review.")
                    messages.success(request, imported % {"count": len(created)})
                    return redirect("catalog_unit", unit_id=unit.pk)
    context = {
        "unit": unit,
        "form": form,
        "problems": problems,
        "cell_problems": [problem for problem in problems if problem.in_a_cell],
    }
    return render(request, "catalog/excel_import.html", context)


def _import_with_progress(
    request: HttpRequest, unit: Unit, plan: excel.Plan, user: User
) -> StreamingHttpResponse:
    """A long import answers at once and shows its progress as it goes: the page is sent in pieces
    (no JavaScript needed), and only the newest progress line is visible."""
    page = render_to_string("catalog/excel_import_progress.html", {"unit": unit, "total": len(plan)}, request)
    head, tail = page.split(PROGRESS_MARK)

    language = translation.get_language()

    def pieces() -> Iterator[str]:
        # The pieces are made after the view has returned, outside the locale middleware.
        with translation.override(language):
            yield from _pieces()

    def _pieces() -> Iterator[str]:
        yield head
        try:
            for done, _process in enumerate(excel.carry_out(plan, actor=user), start=1):
                if done % PROGRESS_EVERY == 0 or done == len(plan):
                    yield render_to_string("catalog/_import_step.html", {"done": done, "total": len(plan)})
        except CatalogError as error:
            yield render_to_string("catalog/_import_end.html", {"unit": unit, "error": str(error)})
        else:
            yield render_to_string("catalog/_import_end.html", {"unit": unit, "created": len(plan)})
        yield tail

    response = StreamingHttpResponse(pieces(), content_type="text/html; charset=utf-8")
    response["X-Accel-Buffering"] = "no"  # a proxy must pass each piece on at once
    response["Cache-Control"] = "no-store"
    return response
