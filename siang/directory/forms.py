from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from siang.directory.models import District, Province


class UnitSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Unit name"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "enterkeyhint": "search"}),
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.all(),
        required=False,
        empty_label=_("All provinces"),
        to_field_name="code",
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        required=False,
        empty_label=_("All districts"),
        to_field_name="code",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province_code = self.data.get("province") if self.is_bound else None
        if province_code:
            self.fields["district"].queryset = District.objects.filter(province_id=province_code)  # type: ignore[attr-defined]
