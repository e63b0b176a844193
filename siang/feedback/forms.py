"""Checking a citizen's answers. The page itself is written by hand in templates/feedback/form.html
(lean and cached); `clean_answers` only cleans what comes back and says what to fix.

Plain functions rather than a django.forms.Form: this runs for every submission, the busiest
request of the system, and a Form's bound fields cost more than the checks themselves. The rules
are those of Django's fields (text stripped, limits on length, one of the choices offered).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from siang.feedback.models import ASKED_FIELDS, RATING_FIELDS, FinishedInTime
from siang.feedback.selectors import OTHER, ServiceChoice

HONEYPOT = "website"
MAX_COMMENT = 2000
MAX_DETAILS = 2000
OLDEST_VISIT_DAYS = 365
MAX_FEE = Decimal("9999999999.99")
PHONE = re.compile(r"^0\d{8,9}$")
# Whole baht with or without commas between thousands, then at most two digits of satang.
FEE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,2})?", re.ASCII)
_BAHT = re.compile(r"฿|บาท|บ\.")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

REQUIRED_MESSAGES = {
    "process": gettext_lazy("Choose the service you received."),
    "rating_overall": gettext_lazy("Choose how satisfied you are overall, from 1 to 5."),
}
CHOOSE_OFFERED = gettext_lazy("Choose one of the answers offered.")
TOO_LONG = gettext_lazy("Keep this under %(limit_value)d characters.")

# Text answers and their longest length.
TEXT_FIELDS: dict[str, int | None] = {
    "process": None,  # checked against the services offered
    "other_service": 300,
    "visit_date": 20,
    "fee_paid": 20,
    "benefit_details": MAX_DETAILS,
    "comment": MAX_COMMENT,
    "contact_name": 200,
    "contact_phone": 30,
    "contact_email": 254,
}
RATINGS = {"1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
FINISHED = {"", *FinishedInTime.values}


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


@dataclass
class Answers:
    """The cleaned answers (`values`: only those that passed) and, per field, what to fix."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    choice: ServiceChoice | None = None  # None: "other", or not valid

    def contact(self) -> dict[str, str]:
        return {
            "name": self.values.get("contact_name", ""),
            "phone": self.values.get("contact_phone", ""),
            "email": self.values.get("contact_email", ""),
        }


def clean_answers(data: QueryDict, *, choices: list[ServiceChoice], today: dt.date) -> Answers:
    answers = Answers()
    offered = {str(choice.pk): choice for choice in choices}
    for name, value in _texts(data, answers):
        try:
            answers.values[name] = _CLEAN_TEXT.get(name, _as_is)(value, offered=offered, today=today)
        except ValidationError as invalid:
            answers.errors[name] = invalid.messages[0]
    for name in RATING_FIELDS:
        raw = data.get(name, "")
        if raw in RATINGS:
            answers.values[name] = RATINGS[raw]
        elif raw:
            answers.errors[name] = str(CHOOSE_OFFERED)
        elif name in REQUIRED_MESSAGES:
            answers.errors[name] = str(REQUIRED_MESSAGES[name])
        else:
            answers.values[name] = None
    finished = data.get("finished_in_time", "")
    if finished in FINISHED:
        answers.values["finished_in_time"] = finished
    else:
        answers.errors["finished_in_time"] = str(CHOOSE_OFFERED)
    for name in ASKED_FIELDS:  # a ticked box sends something other than "", "0" or "false"
        answers.values[name] = data.get(name, "").strip().lower() not in ("", "0", "false")
    process = answers.values.get("process")
    if process == OTHER and not answers.values.get("other_service") and "other_service" not in answers.errors:
        answers.errors["other_service"] = _("You chose “other”: write which service you received.")
    answers.choice = offered.get(process or "")
    return answers


def _texts(data: QueryDict, answers: Answers) -> list[tuple[str, str]]:
    """Each text answer stripped (null characters dropped), after its required and length rules."""
    texts = []
    for name, longest in TEXT_FIELDS.items():
        value = data.get(name, "").replace("\x00", "").strip()
        if not value and name in REQUIRED_MESSAGES:
            answers.errors[name] = str(REQUIRED_MESSAGES[name])
        elif longest is not None and len(value) > longest:
            answers.errors[name] = str(TOO_LONG % {"limit_value": longest})
        else:
            texts.append((name, value))
    return texts


def _as_is(value: str, **context: Any) -> str:
    return value


def _process(value: str, *, offered: dict[str, ServiceChoice], **context: Any) -> str:
    if value != OTHER and value not in offered:
        raise ValidationError(_("Choose one of the services in the list, or “other”."))
    return value


def _visit_date(raw: str, *, today: dt.date, **context: Any) -> dt.date:
    if not raw:
        return today
    value = parse_visit_date(raw)
    if value is None:
        raise ValidationError(_("Enter the date as day/month/year, for example 25/11/2569."))
    if value > today:
        raise ValidationError(_("The date of the visit cannot be in the future."))
    if value < today - dt.timedelta(days=OLDEST_VISIT_DAYS):
        raise ValidationError(_("Tell us about a visit of the last 12 months."))
    return value


def _fee(raw: str, **context: Any) -> Decimal | None:
    """Baht as Thai people write them: 1500, 1,500, 1500.50, 1,500.-, ๑,๕๐๐, with ฿ or บาท.
    Python's Decimal would also take 1_000, 1e3 and the digits of every other script, which
    nobody means here: the characters are checked first."""
    text = _BAHT.sub("", raw).strip().removesuffix(".-").translate(_THAI_DIGITS)
    if not text:
        return None
    if "_" in text:
        raise ValidationError(_("Separate thousands with a comma, for example 1,000, not 1_000."))
    if any(ch.isdigit() and not ch.isascii() for ch in text):
        raise ValidationError(_("Write the fee with the digits 0–9 or ๐–๙, for example 1,500."))
    if not FEE.fullmatch(text):
        raise ValidationError(_("Enter the fee as a number of baht, for example 500 or 1,500.50."))
    amount = Decimal(text.replace(",", ""))
    if amount > MAX_FEE:
        raise ValidationError(_("Enter the fee as a number of baht, for example 500 or 1,500.50."))
    return amount.quantize(Decimal("0.01"))


def _phone(raw: str, **context: Any) -> str:
    digits = re.sub(r"[\s\-()]", "", raw)
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    if digits and not PHONE.match(digits):
        raise ValidationError(_("Enter a Thai phone number of 9 or 10 digits, for example 081 234 5678."))
    return digits


def _email(value: str, **context: Any) -> str:
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(_("Enter an e-mail address such as name@example.com.")) from None
    return value


_CLEAN_TEXT: dict[str, Callable[..., Any]] = {
    "process": _process,
    "visit_date": _visit_date,
    "fee_paid": _fee,
    "contact_phone": _phone,
    "contact_email": _email,
}
