"""The catalogue's Excel pages: the blank workbook, the import, the export."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


@staff_view
@require_GET
def blank_workbook(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit_for_staff(request.user, unit_id, write=True)  # type: ignore[arg-type]
    return _xlsx(excel.blank_workbook(unit), _file_name(unit, "template"))


@staff_view
@require_GET
def export_workbook(request: HttpRequest, unit_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    unit = access.get_unit_for_staff(user, unit_id)
    audit_record(actor=user, action="catalogue.exported", obj=unit)
    return _xlsx(excel.export_workbook(unit), _file_name(unit, "catalogue"))


@staff_view
@require_http_methods(["GET", "POST"])
def import_workbook(request: HttpRequest, unit_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    unit = access.get_unit_for_staff(user, unit_id, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[excel.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        if upload.size > excel.MAX_BYTES:
            form.add_error("workbook", _("The file is larger than 5 MB."))
        else:
            try:
                result = excel.import_workbook(data=upload.read(), unit=unit, actor=user)
            except CatalogError as error:
                form.add_error(None, str(error))
            else:
                problems = result.problems
                if not problems:
                    imported = _("%(count)d processes were imported as drafts. Submit them for review.")
                    messages.success(request, imported % {"count": len(result.created)})
                    return redirect("catalog_unit", unit_id=unit.pk)
    return render(request, "catalog/excel_import.html", {"unit": unit, "form": form, "problems": problems})
