from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from siang.lib.citizen_id import is_valid_citizen_id, normalize_citizen_id


class PersonForm(forms.Form):
    """A person typed by hand, for the cases the demo personas do not cover."""

    name_th = forms.CharField(
        label=_("Full name in Thai, with title"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "lang": "th"}),
    )
    name_en = forms.CharField(
        label=_("Full name in English"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "lang": "en"}),
    )
    citizen_id = forms.CharField(
        label=_("Citizen ID (13 digits)"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_name_th(self) -> str:
        return " ".join(self.cleaned_data["name_th"].split())

    def clean_name_en(self) -> str:
        return " ".join(self.cleaned_data["name_en"].split())

    def clean_citizen_id(self) -> str:
        digits = normalize_citizen_id(self.cleaned_data["citizen_id"])
        if len(digits) != 13 or not digits.isdigit():
            raise ValidationError(_("A citizen ID has exactly 13 digits. Check the number on the ID card."))
        if not is_valid_citizen_id(digits):
            raise ValidationError(
                _(
                    "This citizen ID is not valid: its last digit (the check digit) does not match "
                    "the first twelve. Check the number on the ID card."
                )
            )
        return digits
