from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from siang.accounts import documents
from siang.accounts.services import MAX_ADMINS_PER_UNIT
from siang.directory.models import District, Province, Unit
from siang.lib.citizen_id import is_valid_citizen_id, normalize_citizen_id

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")


class ProfileForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("10 digits, e.g. 081 234 5678"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        digits = _PHONE_SEPARATORS.sub("", self.cleaned_data["phone"])
        if digits.startswith("+66"):
            digits = "0" + digits[3:]
        if not re.fullmatch(r"0[689][0-9]{8}", digits):
            raise ValidationError(_("Enter a Thai mobile number of 10 digits starting 06, 08 or 09."))
        return digits


class AdminApplicationForm(forms.Form):
    document = forms.FileField(
        label=_("The signed appointment order and the Admin request form, as one PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    listed_names = forms.CharField(
        label=_("The Admins named in the order"),
        help_text=_("One name per line, as written in the order (at most 2)."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["document"].help_text = _(
            "Name the file “%(name)s”. PDF only, at most 10 MB and 50 pages."
        ) % {"name": documents.expected_file_name(unit)}

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        documents.check_file_name(upload, self.unit)
        self.checked_pdf = documents.check_pdf(upload)
        return upload

    def clean_listed_names(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data["listed_names"].splitlines() if line.strip()]
        if not names:
            raise ValidationError(_("Write the name of at least one Admin named in the order."))
        if len(names) > MAX_ADMINS_PER_UNIT:
            raise ValidationError(
                _("An order names at most 2 Admins; you wrote %(count)d names.") % {"count": len(names)}
            )
        return names


class DecisionForm(forms.Form):
    APPROVE, REJECT = "approve", "reject"
    decision = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REJECT, _("Reject"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (required to reject)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Give the reason, so the person knows what to fix."))
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverseerRequestForm(forms.Form):
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), to_field_name="code"
    )
    district = forms.ModelChoiceField(
        label=_("District (leave empty to oversee the whole province)"),
        queryset=District.objects.all(),
        to_field_name="code",
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        province, district = cleaned.get("province"), cleaned.get("district")
        if province and district and district.province_id != province.code:
            self.add_error("district", _("This district is not in the province you chose."))
        return cleaned


class GrantPaccForm(forms.Form):
    citizen_id = forms.CharField(
        label=_("Citizen ID of the new PACC officer"),
        help_text=_("13 digits. The person must have signed in with ThaiD once."),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_citizen_id(self) -> str:
        value = normalize_citizen_id(self.cleaned_data["citizen_id"])
        if not is_valid_citizen_id(value):
            raise ValidationError(_("This is not a valid 13-digit citizen ID (check the last digit)."))
        return value
