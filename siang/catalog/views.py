"""The catalogue pages: a unit's staff edit and review its processes; citizens read the manuals.

Thin views: access comes from `siang.accounts.access` and `siang.policy`, changes from `services`, lists from
`selectors`. A unit's Admins and Users work on its catalogue, only Admins manage departments and
review, PACC reads every catalogue; anyone else gets "not found".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from siang.accounts import access
from siang.accounts.models import User
from siang.accounts.views import allowed_view, staff_view
from siang.catalog import selectors, services
from siang.catalog.completeness import missing_items
from siang.catalog.content import content_of
from siang.catalog.diff import field_diffs
from siang.catalog.forms import (
    DepartmentEditForm,
    DepartmentForm,
    DepartmentOrderForm,
    ProcessMainForm,
    ProcessMoveForm,
    ProcessNewForm,
    ReturnForm,
    list_formsets,
)
from siang.catalog.models import Department, RevisionStatus, ServiceProcess
from siang.catalog.names import similar_names_message
from siang.catalog.services import CatalogError, IncompleteError
from siang.directory.models import Unit
from siang.policy import actions, can, units_for


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _ids(request: HttpRequest, name: str) -> list[int]:
    return [int(value) for value in request.POST.getlist(name) if value.isdigit()]


def _warn_similar(request: HttpRequest, unit: Unit, process: ServiceProcess) -> None:
    similar = services.similar_process_names(unit=unit, name_th=process.name_th, exclude=process)
    if similar:
        messages.warning(request, similar_names_message(similar))


# --- the unit's catalogue ----------------------------------------------------------------------


@staff_view
@require_GET
def unit_catalogue(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id)
    context = {
        "unit": unit,
        "rows": selectors.unit_catalogue(unit),
        "to_review": selectors.review_count(unit) if can(user, actions.CATALOG_REVIEW, unit) else 0,
        "submittable": {RevisionStatus.DRAFT, RevisionStatus.RETURNED},
    }
    return render(request, "catalog/unit_catalogue.html", context)


@staff_view
@require_POST
def submit_selected(request: HttpRequest, unit_id: int) -> HttpResponseRedirect:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id, write=True)
    processes = access.processes_of(unit, _ids(request, "process"))
    _submit(request, processes, user)
    if request.POST.get("back") == "process" and len(processes) == 1:
        return redirect("catalog_process", unit_id=unit.pk, pk=processes[0].pk)
    return redirect("catalog_unit", unit_id=unit.pk)


def _submit(request: HttpRequest, processes: list[ServiceProcess], user: User) -> bool:
    try:
        submitted = services.process_submit(processes=processes, actor=user)
    except IncompleteError as error:
        messages.error(request, str(error))
        for process, missing in error.problems:
            messages.error(request, f"“{process.name_th}”: " + " ".join(m.message for m in missing))
        return False
    except CatalogError as error:
        messages.error(request, str(error))
        return False
    messages.success(
        request,
        _("Sent to the Admin for review: %(names)s.") % {"names": ", ".join(r.name_th for r in submitted)},
    )
    return True


# --- departments (Admin) -----------------------------------------------------------------------


@staff_view
@require_http_methods(["GET", "POST"])
def departments(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id, admin=True)
    form = DepartmentForm(
        request.POST or None,
        initial={"sequence": selectors.next_department_sequence(unit), "serves_public": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            department = services.department_create(unit=unit, actor=user, **form.cleaned_data)
        except CatalogError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Added “%(name)s”.") % {"name": department.name_th})
            return redirect("catalog_departments", unit_id=unit.pk)
    rows = selectors.unit_catalogue(unit)
    order_form = DepartmentOrderForm(departments=[row.department for row in rows])
    return render(request, "catalog/departments.html", _departments_context(unit, rows, form, order_form))


def _departments_context(
    unit: Unit, rows: Any, form: DepartmentForm, order_form: DepartmentOrderForm
) -> dict:
    return {
        "unit": unit,
        "rows": rows,
        "order_rows": [(row, order_form[f"d{row.department.pk}"]) for row in rows],
        "form": form,
        "order_form": order_form,
        "retired": selectors.retired_departments(unit),
    }


@staff_view
@require_POST
def departments_order(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id, admin=True)
    rows = selectors.unit_catalogue(unit)
    order_form = DepartmentOrderForm(request.POST, departments=[row.department for row in rows])
    if order_form.is_valid():
        try:
            services.departments_reorder(unit=unit, actor=user, order=order_form.order())
        except CatalogError as error:
            order_form.add_error(None, str(error))
        else:
            messages.success(request, _("The sequence numbers are saved."))
            return redirect("catalog_departments", unit_id=unit.pk)
    form = DepartmentForm(
        initial={"sequence": selectors.next_department_sequence(unit), "serves_public": True}
    )
    context = _departments_context(unit, rows, form, order_form)
    return render(request, "catalog/departments.html", context, status=400)


@staff_view
@require_http_methods(["GET", "POST"])
def department_edit(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id, admin=True)
    department = access.get_department(unit, pk)
    form = DepartmentEditForm(
        request.POST or None,
        initial={
            "name_th": department.name_th,
            "name_en": department.name_en,
            "serves_public": department.serves_public,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.department_update(department=department, actor=user, **form.cleaned_data)
        except CatalogError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The department is saved."))
            return redirect("catalog_departments", unit_id=unit.pk)
    context = {
        "unit": unit,
        "department": department,
        "form": form,
        "process_count": department.processes.count(),
    }
    return render(request, "catalog/department_edit.html", context)


@staff_view
@require_POST
def department_retire(request: HttpRequest, unit_id: int, pk: int) -> HttpResponseRedirect:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id, admin=True)
    department = access.get_department(unit, pk)
    try:
        services.department_retire(department=department, actor=user)
    except CatalogError as error:
        messages.error(request, str(error))
        return redirect("catalog_department_edit", unit_id=unit.pk, pk=department.pk)
    messages.success(request, _("“%(name)s” is retired; its number is free.") % {"name": department.name_th})
    return redirect("catalog_departments", unit_id=unit.pk)


# --- processes ---------------------------------------------------------------------------------


def _active_departments(unit: Unit) -> Any:
    return Department.objects.filter(unit=unit, is_active=True)


@staff_view
@require_http_methods(["GET", "POST"])
def process_new(request: HttpRequest, unit_id: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id, write=True)
    departments = _active_departments(unit)
    initial = {"department": request.GET.get("department"), "template": request.GET.get("template")}
    form = ProcessNewForm(
        request.POST or None, initial=initial, departments=departments, templates=selectors.active_templates()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        department = data["department"]
        try:
            process = services.process_create(
                department=department,
                actor=user,
                sequence=data["sequence"] or selectors.next_process_sequence(department),
                name_th=data["name_th"],
                name_en=data["name_en"],
                template=data["template"],
            )
        except CatalogError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The process is created as a draft. Fill in the citizen manual."))
            _warn_similar(request, unit, process)
            return redirect("catalog_process_edit", unit_id=unit.pk, pk=process.pk)
    return render(
        request,
        "catalog/process_new.html",
        {"unit": unit, "form": form, "has_departments": departments.exists()},
    )


def _process_context(user: User, unit: Unit, process: ServiceProcess) -> dict[str, Any]:
    revision = process.current_revision
    returned = None
    if revision.status == RevisionStatus.RETURNED:
        returned = revision
    elif revision.based_on is not None and revision.based_on.status == RevisionStatus.RETURNED:
        returned = revision.based_on
    can_edit = can(user, actions.CATALOG_EDIT, unit)
    return {
        "unit": unit,
        "process": process,
        "revision": revision,
        "returned": returned,
        "missing": missing_items(revision) if revision.status != RevisionStatus.APPROVED else [],
        "editable": can_edit and revision.status != RevisionStatus.SUBMITTED,
    }


@staff_view
@require_GET
def process_detail(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id)
    process = access.get_process(unit, pk)
    context = _process_context(user, unit, process)
    context["move_form"] = ProcessMoveForm(
        initial={"department": process.department_id, "sequence": process.sequence},
        departments=_active_departments(unit),
    )
    return render(request, "catalog/process_detail.html", context)


class ContentEditor:
    """The citizen-manual editor's forms (the main fields and one formset per list), shared by a
    process's draft and a library template: bound to the POST, or showing `content`."""

    def __init__(self, request: HttpRequest, content: dict[str, Any]) -> None:
        self.data = request.POST if request.method == "POST" else None
        self.add = request.POST.get("add", "") if self.data else request.GET.get("add", "")
        self.main = ProcessMainForm(self.data, initial=content)
        self.formsets = list_formsets(data=self.data, content=content, add="" if self.data else self.add)
        if self.add not in self.formsets:
            self.add = ""

    def save(self, write: Callable[[dict[str, Any]], object]) -> bool:
        """Write the posted content with `write`; False (and the errors on the forms) if it cannot."""
        if self.data is None or not self.main.is_valid():
            return False
        if not all(formset.is_valid() for formset in self.formsets.values()):
            return False
        content = self.main.content() | {name: formset.rows() for name, formset in self.formsets.items()}
        try:
            write(content)
        except CatalogError as error:
            self.main.add_error(None, str(error))
            return False
        return True

    @property
    def status(self) -> int:
        return 400 if self.data is not None else 200

    def context(self) -> dict[str, Any]:
        return {"main": self.main, "formsets": self.formsets, "invalid": self.data is not None}


@staff_view
@require_http_methods(["GET", "POST"])
def process_edit(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id, write=True)
    process = access.get_process(unit, pk)
    revision = process.current_revision
    if revision.status == RevisionStatus.SUBMITTED:
        messages.error(
            request, _("This process is waiting for the Admin's review; it cannot be changed now.")
        )
        return redirect("catalog_process", unit_id=unit.pk, pk=process.pk)
    editor = ContentEditor(request, content_of(revision))
    if editor.save(lambda content: services.revision_update(process=process, actor=user, content=content)):
        return _after_saving(request, unit, process, add=editor.add)
    context = _process_context(user, unit, process) | editor.context()
    return render(request, "catalog/process_edit.html", context, status=editor.status)


def _after_saving(request: HttpRequest, unit: Unit, process: ServiceProcess, *, add: str) -> HttpResponse:
    """Back to the editor with one more row, on to submission, or to the process page."""
    _warn_similar(request, unit, process)
    if add:
        edit_url = reverse("catalog_process_edit", args=[unit.pk, process.pk])
        return HttpResponseRedirect(f"{edit_url}?add={add}#{add}")
    if "submit" in request.POST:
        process.refresh_from_db()
        if _submit(request, [process], _user(request)):
            return redirect("catalog_process", unit_id=unit.pk, pk=process.pk)
        return redirect("catalog_process_edit", unit_id=unit.pk, pk=process.pk)
    messages.success(request, _("Saved. Citizens see it only after the Admin approves it."))
    return redirect("catalog_process", unit_id=unit.pk, pk=process.pk)


@staff_view
@require_POST
def process_move(request: HttpRequest, unit_id: int, pk: int) -> HttpResponseRedirect:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id, write=True)
    process = access.get_process(unit, pk)
    form = ProcessMoveForm(request.POST, departments=_active_departments(unit))
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        try:
            services.process_move(process=process, actor=user, **form.cleaned_data)
        except CatalogError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The department and number are saved."))
    return redirect("catalog_process", unit_id=unit.pk, pk=process.pk)


@staff_view
@require_POST
def process_discard(request: HttpRequest, unit_id: int, pk: int) -> HttpResponseRedirect:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id, write=True)
    process = access.get_process(unit, pk)
    try:
        services.draft_discard(process=process, actor=user)
    except CatalogError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The unsent changes are discarded."))
    return redirect("catalog_process", unit_id=unit.pk, pk=process.pk)


@staff_view
@require_GET
def process_history(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit_for_staff(user, unit_id)
    process = access.get_process(unit, pk)
    context = {
        "unit": unit,
        "process": process,
        "revisions": selectors.process_history(process),
    }
    return render(request, "catalog/process_history.html", context)


# --- review (Admin) ----------------------------------------------------------------------------


@staff_view
@require_GET
def review_queue(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = access.get_unit(_user(request), unit_id, actions.CATALOG_REVIEW)
    return render(
        request, "catalog/review_queue.html", {"unit": unit, "revisions": selectors.review_queue(unit)}
    )


@staff_view
@require_POST
def review_approve_selected(request: HttpRequest, unit_id: int) -> HttpResponseRedirect:
    user = _user(request)
    unit = access.get_unit(user, unit_id, actions.CATALOG_REVIEW)
    revisions = access.revisions_of(unit, _ids(request, "revision"))
    try:
        approved = services.revisions_approve(revisions=revisions, actor=user)
    except CatalogError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Approved and published: %(names)s.") % {"names": ", ".join(r.name_th for r in approved)},
        )
    return redirect("catalog_review_queue", unit_id=unit.pk)


@staff_view
@require_http_methods(["GET", "POST"])
def review_revision(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    user = _user(request)
    unit = access.get_unit(user, unit_id, actions.CATALOG_REVIEW)
    revision = access.get_revision(unit, pk)
    process = access.get_process(unit, revision.process_id)
    decision = request.POST.get("decision")
    return_form = ReturnForm(request.POST if decision == "return" else None)
    if request.method == "POST":
        try:
            if decision == "approve":
                services.revision_approve(revision=revision, actor=user)
                messages.success(request, _("Approved. Citizens now see this version."))
                return redirect("catalog_review_queue", unit_id=unit.pk)
            if return_form.is_valid():
                services.revision_return(
                    revision=revision, actor=user, comment=return_form.cleaned_data["comment"]
                )
                messages.success(request, _("Returned. The User is told your comment."))
                return redirect("catalog_review_queue", unit_id=unit.pk)
        except CatalogError as error:
            messages.error(request, str(error))
            return redirect("catalog_review", unit_id=unit.pk, pk=revision.pk)
    diffs = field_diffs(process.live_revision, revision)
    context = {
        "unit": unit,
        "process": process,
        "revision": revision,
        "live": process.live_revision,
        "diffs": diffs,
        "changed_count": sum(1 for d in diffs if d.changed),
        "return_form": return_form,
        "waiting": revision.status == RevisionStatus.SUBMITTED,
    }
    return render(request, "catalog/review.html", context, status=400 if return_form.errors else 200)


# --- the template library ----------------------------------------------------------------------


@staff_view
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.not_found_unless(user, actions.TEMPLATES_VIEW)
    pacc = can(user, actions.TEMPLATES_MANAGE)
    templates = selectors.all_templates() if pacc else selectors.active_templates()
    return render(request, "catalog/template_list.html", {"templates": templates})


@staff_view
@require_GET
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    template = access.get_process_template(user, pk)
    writable_units = units_for(user, actions.CATALOG_EDIT)
    context = {"template": template, "units": writable_units}
    return render(request, "catalog/template_detail.html", context)


@allowed_view(actions.TEMPLATES_MANAGE)
@require_POST
def template_offer(request: HttpRequest, pk: int) -> HttpResponseRedirect:
    user = _user(request)
    template = access.get_process_template(user, pk)
    offered = request.POST.get("offer") == "1"
    services.template_set_offered(template=template, actor=user, offered=offered)
    messages.success(
        request,
        (_("“%(name)s” is offered to units.") if offered else _("“%(name)s” is no longer offered to units."))
        % {"name": template.name_th},
    )
    return redirect("catalog_templates")


@allowed_view(actions.TEMPLATES_MANAGE)
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """PACC keeps the library's content right; units that copied a template keep their copy."""
    user = _user(request)
    template = access.get_process_template(user, pk)
    editor = ContentEditor(request, content_of(template))
    if editor.save(lambda content: services.template_update(template=template, actor=user, content=content)):
        edit_url = reverse("catalog_template_edit", args=[template.pk])
        if editor.add:
            return HttpResponseRedirect(f"{edit_url}?add={editor.add}#{editor.add}")
        messages.success(request, _("The template is saved. Units starting from it get this version."))
        return redirect("catalog_template", pk=template.pk)
    context = {"template": template} | editor.context()
    return render(request, "catalog/template_edit.html", context, status=editor.status)


# --- citizens ----------------------------------------------------------------------------------


@require_GET
def service_manual(request: HttpRequest, unit_id: int, pk: int) -> HttpResponse:
    """The approved citizen manual of a process: what citizens see, never a draft."""
    process = access.get_published_process(unit_id, pk)
    return render(
        request,
        "catalog/service_manual.html",
        {"unit": process.unit, "process": process, "manual": process.live_revision},
    )
