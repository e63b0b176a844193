"""Checking a citizen's answers. The page itself is written by hand in templates/feedback/form.html
(lean and cached); this form only cleans what comes back and says what to fix."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siang.feedback.models import RATING_FIELDS, FinishedInTime
from siang.feedback.selectors import OTHER, ServiceChoice

HONEYPOT = "website"
MAX_COMMENT = 2000
MAX_DETAILS = 2000
OLDEST_VISIT_DAYS = 365
MAX_FEE = Decimal("9999999999.99")
PHONE = re.compile(r"^0\d{8,9}$")

REQUIRED_MESSAGES = {
    "process": gettext_lazy("Choose the service you received."),
    "rating_overall": gettext_lazy("Choose how satisfied you are overall, from 1 to 5."),
    "visit_date": gettext_lazy("Enter the date you used the service."),
}


def parse_visit_date(raw: str) -> dt.date | None:
    """2026-11-25 (what a date input sends), or 25/11/2569 or 25/11/2026 typed by hand."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw) or None
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", raw)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
    if year > 2400:  # Buddhist era
        year -= 543
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _rating(*, required: bool = False) -> forms.TypedChoiceField:
    scale = [(str(n), str(n)) for n in range(1, 6)]
    return forms.TypedChoiceField(required=required, choices=scale, coerce=int, empty_value=None)


class FeedbackForm(forms.Form):
    process = forms.CharField()
    other_service = forms.CharField(required=False, max_length=300)
    visit_date = forms.CharField(required=False, max_length=20)
    finished_in_time = forms.ChoiceField(required=False, choices=[("", ""), *FinishedInTime.choices])
    fee_paid = forms.CharField(required=False, max_length=20)
    asked_money = forms.BooleanField(required=False)
    asked_property = forms.BooleanField(required=False)
    asked_other_benefit = forms.BooleanField(required=False)
    benefit_details = forms.CharField(required=False, max_length=MAX_DETAILS)
    comment = forms.CharField(required=False, max_length=MAX_COMMENT)
    contact_name = forms.CharField(required=False, max_length=200)
    contact_phone = forms.CharField(required=False, max_length=30)
    contact_email = forms.CharField(required=False, max_length=254)
    rating_overall = _rating(required=True)
    rating_steps = _rating()
    rating_time = _rating()
    rating_information = _rating()
    rating_courtesy = _rating()
    rating_equal = _rating()

    def __init__(self, *args: Any, choices: list[ServiceChoice], today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = {str(choice.pk): choice for choice in choices}
        self.today = today

    @property
    def choice(self) -> ServiceChoice | None:
        return self.choices.get(str(self.cleaned_data.get("process", "")))

    def clean_process(self) -> str:
        value = self.cleaned_data["process"]
        if value != OTHER and value not in self.choices:
            raise forms.ValidationError(_("Choose one of the services in the list, or “other”."))
        return value

    def clean_visit_date(self) -> dt.date:
        raw = self.cleaned_data.get("visit_date", "").strip()
        if not raw:
            return self.today
        value = parse_visit_date(raw)
        if value is None:
            raise forms.ValidationError(_("Enter the date as day/month/year, for example 25/11/2569."))
        if value > self.today:
            raise forms.ValidationError(_("The date of the visit cannot be in the future."))
        if value < self.today - dt.timedelta(days=OLDEST_VISIT_DAYS):
            raise forms.ValidationError(_("Tell us about a visit of the last 12 months."))
        return value

    def clean_fee_paid(self) -> Decimal | None:
        raw = self.cleaned_data.get("fee_paid", "").replace(",", "").replace("฿", "").strip()
        if not raw:
            return None
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter the fee as a number of baht, for example 500.")) from None
        if not amount.is_finite() or amount < 0 or amount > MAX_FEE:
            raise forms.ValidationError(_("Enter the fee as a number of baht, for example 500."))
        return amount.quantize(Decimal("0.01"))

    def clean_contact_phone(self) -> str:
        raw = self.cleaned_data.get("contact_phone", "")
        digits = re.sub(r"[\s\-()]", "", raw)
        if digits.startswith("+66"):
            digits = "0" + digits[3:]
        if digits and not PHONE.match(digits):
            raise forms.ValidationError(
                _("Enter a Thai phone number of 9 or 10 digits, for example 081 234 5678.")
            )
        return digits

    def clean_contact_email(self) -> str:
        value = self.cleaned_data.get("contact_email", "").strip()
        if value:
            try:
                validate_email(value)
            except forms.ValidationError:
                raise forms.ValidationError(_("Enter an e-mail address such as name@example.com.")) from None
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("process") == OTHER and not data.get("other_service", "").strip():
            self.add_error("other_service", _("You chose “other”: write which service you received."))
        return data

    def errors_by_field(self) -> dict[str, str]:
        return {name: str(errors[0]) for name, errors in self.errors.items()}

    def contact(self) -> dict[str, str]:
        return {
            "name": self.cleaned_data.get("contact_name", "").strip(),
            "phone": self.cleaned_data.get("contact_phone", ""),
            "email": self.cleaned_data.get("contact_email", ""),
        }


assert set(RATING_FIELDS) <= set(FeedbackForm.base_fields)
for _name, _field in FeedbackForm.base_fields.items():
    _field.error_messages["required"] = REQUIRED_MESSAGES.get(_name, gettext_lazy("This answer is required."))
    _field.error_messages["invalid_choice"] = gettext_lazy("Choose one of the answers offered.")
    _field.error_messages["max_length"] = gettext_lazy("Keep this under %(limit_value)d characters.")


class _SharedFields(dict[str, forms.Field]):
    """The form's fields, shared by every instance instead of deep-copied for each request
    (about 1 ms of a submission). Safe because nothing changes a field once the class is made."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _SharedFields:
        return self


FeedbackForm.base_fields = _SharedFields(FeedbackForm.base_fields)
