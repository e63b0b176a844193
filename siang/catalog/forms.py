"""Forms for the catalogue: messages for people. The services and the database hold the rules."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from siang.catalog import names
from siang.catalog.content import LIST_FIELDS, SCALAR_FIELDS, Category, ListField, ServiceType
from siang.catalog.models import Department, ProcessTemplate
from siang.catalog.services import MAX_SEQUENCE


def _sequence_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Sequence number"),
        min_value=1,
        max_value=MAX_SEQUENCE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow"}),
        **kwargs,
    )


class DepartmentForm(forms.Form):
    sequence = _sequence_field(help_text=_("Unique in the unit: 1, 2, 3 …"))
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200, help_text=_("e.g. กองช่าง"))
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    serves_public = forms.BooleanField(label=_("Serves the public"), required=False, initial=True)


class DepartmentEditForm(forms.Form):
    name_th = forms.CharField(label=_("Name (Thai)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    serves_public = forms.BooleanField(label=_("Serves the public"), required=False)


class DepartmentOrderForm(forms.Form):
    """One number per active department, to renumber them all at once."""

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.departments = departments
        for department in departments:
            self.fields[f"d{department.pk}"] = forms.IntegerField(
                label=department.name_th,
                min_value=1,
                max_value=MAX_SEQUENCE,
                initial=department.sequence,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow"}),
            )

    def order(self) -> dict[int, int]:
        return {department.pk: self.cleaned_data[f"d{department.pk}"] for department in self.departments}


def _offer_suggestion(form: forms.Form, field: str, suggestion: str) -> None:
    """Put the corrected name in the box, so the person only has to check it and save again."""
    if suggestion:
        data = form.data.copy()  # type: ignore[attr-defined]
        data[form.add_prefix(field)] = suggestion
        form.data = data


def clean_name(form: forms.Form, field: str, *, english: bool = False) -> str:
    value = names.normalise(form.cleaned_data.get(field) or "")
    problem = names.manual_word_problem_en(value) if english else names.manual_word_problem(value)
    if problem is not None:
        _offer_suggestion(form, field, problem)
        message = names.manual_word_message_en(problem) if english else names.manual_word_message(problem)
        raise ValidationError(message, code="manual_word")
    return value


class ProcessNewForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    sequence = _sequence_field(
        required=False, help_text=_("Unique in the department. Leave empty for the next free number.")
    )
    template = forms.ModelChoiceField(
        label=_("Start from"),
        queryset=ProcessTemplate.objects.none(),
        required=False,
        empty_label=_("A blank form"),
        help_text=_("A template from the national library fills in the usual content; you then adapt it."),
    )
    name_th = forms.CharField(
        label=_("Process name (Thai)"),
        max_length=300,
        required=False,
        help_text=_(
            "The process name only, e.g. การขออนุญาตใช้น้ำประปา, without “คู่มือสำหรับประชาชน”. "
            "Leave empty to use the template's name."
        ),
    )
    name_en = forms.CharField(label=_("Process name (English)"), max_length=300, required=False)

    def __init__(self, *args: Any, departments: Any, templates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]

    def clean_name_th(self) -> str:
        return clean_name(self, "name_th")

    def clean_name_en(self) -> str:
        return clean_name(self, "name_en", english=True)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("name_th") and not cleaned.get("template") and "name_th" not in self.errors:
            self.add_error("name_th", _("Write the process name in Thai, or start from a template."))
        return cleaned


class ProcessMainForm(forms.Form):
    """The single fields of a citizen manual; the lists are formsets beside it."""

    name_th = forms.CharField(
        label=_("Process name (Thai)"),
        max_length=300,
        help_text=_("The process name only, e.g. การขออนุญาตใช้น้ำประปา, without “คู่มือสำหรับประชาชน”."),
    )
    name_en = forms.CharField(label=_("Process name (English)"), max_length=300, required=False)
    service_type = forms.ChoiceField(label=_("Service type"), choices=ServiceType.choices)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    legal_time_limit_th = forms.CharField(
        label=_("Legal time limit (Thai)"),
        max_length=300,
        required=False,
        help_text=_("As the law states it, e.g. 15 วันทำการ"),
    )
    legal_time_limit_en = forms.CharField(
        label=_("Legal time limit (English)"), max_length=300, required=False
    )
    legal_time_limit_days = forms.IntegerField(
        label=_("Legal time limit in days"),
        min_value=0,
        max_value=3650,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "narrow"}),
    )
    criteria_th = forms.CharField(
        label=_("Criteria and conditions (Thai)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    criteria_en = forms.CharField(
        label=_("Criteria and conditions (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    total_time_th = forms.CharField(
        label=_("Total processing time (Thai)"),
        max_length=300,
        required=False,
        help_text=_("e.g. 7 วันทำการ"),
    )
    total_time_en = forms.CharField(
        label=_("Total processing time (English)"), max_length=300, required=False
    )
    total_time_days = forms.DecimalField(
        label=_("Total processing time in days"),
        min_value=Decimal(0),
        max_digits=7,
        decimal_places=2,
        required=False,
        help_text=_("A number, used to spot delays in citizens' feedback, e.g. 7 or 0.5"),
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "class": "narrow", "step": "0.01"}),
    )
    no_fee = forms.BooleanField(
        label=_("No fee: this service is free of charge"),
        required=False,
        help_text=_("Tick only when there is no fee at all; otherwise list the fees."),
    )

    def clean_name_th(self) -> str:
        name = clean_name(self, "name_th")
        if not name:
            raise ValidationError(_("Write the process name in Thai."))
        return name

    def clean_name_en(self) -> str:
        return clean_name(self, "name_en", english=True)

    def content(self) -> dict[str, Any]:
        content = {key: self.cleaned_data[key] for key in SCALAR_FIELDS}
        if content["total_time_days"] is not None:
            days: Decimal = content["total_time_days"]
            content["total_time_days"] = int(days) if days == days.to_integral_value() else float(days)
        return content


# --- the lists: one small form per row, in a formset that works without JavaScript -------------

_ROW_LABELS: dict[str, dict[str, Any]] = {
    "legal_bases": {"th": _("Law or regulation (Thai)"), "en": _("Law or regulation (English)")},
    "channels": {
        "place_th": _("Place (Thai)"),
        "place_en": _("Place (English)"),
        "hours_th": _("Opening hours (Thai)"),
        "hours_en": _("Opening hours (English)"),
    },
    "steps": {
        "th": _("What happens (Thai)"),
        "en": _("What happens (English)"),
        "duration_th": _("Time it takes (Thai)"),
        "duration_en": _("Time it takes (English)"),
        "duration_minutes": _("Time in minutes"),
        "section_th": _("Responsible section (Thai)"),
        "section_en": _("Responsible section (English)"),
    },
    "documents": {
        "name_th": _("Document (Thai)"),
        "name_en": _("Document (English)"),
        "issuer_th": _("Issued by (Thai)"),
        "issuer_en": _("Issued by (English)"),
        "originals": _("Originals"),
        "copies": _("Copies"),
        "note_th": _("Note (Thai)"),
        "note_en": _("Note (English)"),
    },
    "fees": {"th": _("Fee (Thai)"), "en": _("Fee (English)"), "amount": _("Amount (baht)")},
    "complaint_channels": {"th": _("Where to complain (Thai)"), "en": _("Where to complain (English)")},
    "forms": {"th": _("Form (Thai)"), "en": _("Form (English)"), "url": _("Link")},
}
# The key a row must have once anything in it is filled.
PRIMARY_KEY = {
    "legal_bases": "th",
    "channels": "place_th",
    "steps": "th",
    "documents": "name_th",
    "fees": "th",
    "complaint_channels": "th",
    "forms": "th",
}
_NUMBER_FIELDS: dict[str, Any] = {
    "duration_minutes": lambda label: forms.IntegerField(
        label=label, min_value=0, max_value=525600, required=False
    ),
    "originals": lambda label: forms.IntegerField(label=label, min_value=0, max_value=99, required=False),
    "copies": lambda label: forms.IntegerField(label=label, min_value=0, max_value=99, required=False),
    "amount": lambda label: forms.DecimalField(
        label=label, min_value=Decimal(0), max_digits=12, decimal_places=2, required=False
    ),
}


class RowForm(forms.Form):
    list_name = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        primary = PRIMARY_KEY[self.list_name]
        filled = any(
            value not in ("", None) for key, value in cleaned.items() if key not in {"DELETE", "ORDER"}
        )
        if filled and not cleaned.get(primary) and not cleaned.get("DELETE") and primary not in self.errors:
            self.add_error(primary, _("Fill this in, or tick “Remove” to drop the row."))
        return cleaned

    def row(self) -> dict[str, Any]:
        row = {}
        for key in self.fields:
            if key in {"DELETE", "ORDER"}:
                continue
            value = self.cleaned_data.get(key)
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            row[key] = value if value is not None else ("" if key not in _NUMBER_FIELDS else None)
        return row


def _row_form_class(spec: ListField) -> type[RowForm]:
    fields: dict[str, Any] = {"list_name": spec.name}
    for key in spec.keys:
        label = _ROW_LABELS[spec.name][key]
        if key in _NUMBER_FIELDS:
            field = _NUMBER_FIELDS[key](label)
            field.widget.attrs.update({"inputmode": "numeric", "class": "narrow"})
        elif key == "url":
            field = forms.URLField(label=label, required=False, max_length=500, assume_scheme="https")
        else:
            field = forms.CharField(label=label, required=False, max_length=1000)
        fields[key] = field
    return type(f"{spec.name.title().replace('_', '')}RowForm", (RowForm,), fields)


class RowFormSet(BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this row")
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = _("Position")
            form.fields["ORDER"].widget.attrs.update({"class": "narrow"})

    def rows(self) -> list[dict[str, Any]]:
        """The rows to keep, in order: not removed, and not a blank row left as it was."""
        forms_ = self.ordered_forms if self.can_order else self.forms
        kept: list[RowForm] = [form for form in forms_ if form.has_changed() or form.initial]
        return [form.row() for form in kept if not form.cleaned_data.get("DELETE")]


ROW_FORMS: dict[str, type[RowForm]] = {spec.name: _row_form_class(spec) for spec in LIST_FIELDS}
MAX_ROWS = 50


def list_formsets(
    *, data: Mapping[str, Any] | None, content: Mapping[str, Any], add: str = ""
) -> dict[str, RowFormSet]:
    """One formset per list. An empty list starts with one blank row; `add` gives one more."""
    formsets = {}
    for spec in LIST_FIELDS:
        rows = list(content.get(spec.name) or [])
        extra = (0 if rows else 1) + (1 if add == spec.name else 0)
        formset_class = formset_factory(
            ROW_FORMS[spec.name],
            formset=RowFormSet,
            extra=extra,
            can_delete=True,
            can_order=spec.ordered,
            max_num=MAX_ROWS,
            validate_max=True,
        )
        formsets[spec.name] = cast(RowFormSet, formset_class(data=data, initial=rows, prefix=spec.name))
    return formsets


class ProcessMoveForm(forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none())
    sequence = _sequence_field()

    def __init__(self, *args: Any, departments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return the process. The User is told this comment."),
    )
