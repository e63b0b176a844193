"""The content of a citizen manual (info.go.th template), shared by revisions and the template library.

One description of the fields serves every place that moves content around: copying a template
into a revision, copying the live revision into a new draft, the editor's lists, the completeness
check, the side-by-side difference and the public page. The keys are those of the library's JSON
files, so a template copies straight into a revision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ServiceType(models.TextChoices):
    SINGLE_UNIT = "single_unit", _("Completed within this unit")
    MULTI_UNIT = "multi_unit", _("Involves several agencies")


class Category(models.TextChoices):
    PERMIT = "permit", _("Permit, licence or certificate")
    REGISTRATION = "registration", _("Registration")
    ENROLMENT = "enrolment", _("Enrolment")
    NOTIFICATION = "notification", _("Notification")
    OTHER = "other", _("Other")


@dataclass(frozen=True)
class ListField:
    """A list of small records, e.g. the steps: each row a dict with these keys."""

    name: str
    label: Promise
    keys: tuple[str, ...]
    numbers: tuple[str, ...] = ()  # keys holding a number (or None)
    ordered: bool = False  # the order of the rows matters (steps)


LIST_FIELDS: tuple[ListField, ...] = (
    ListField("legal_bases", _("Legal basis"), ("th", "en")),
    ListField("channels", _("Service channels"), ("place_th", "place_en", "hours_th", "hours_en")),
    ListField(
        "steps",
        _("Steps, time and responsible section"),
        ("th", "en", "duration_th", "duration_en", "section_th", "section_en", "duration_minutes"),
        numbers=("duration_minutes",),
        ordered=True,
    ),
    ListField(
        "documents",
        _("Required documents"),
        ("name_th", "name_en", "issuer_th", "issuer_en", "originals", "copies", "note_th", "note_en"),
        numbers=("originals", "copies"),
    ),
    ListField("fees", _("Fees"), ("th", "en", "amount"), numbers=("amount",)),
    ListField("complaint_channels", _("Complaint channels"), ("th", "en")),
    ListField("forms", _("Forms, samples and guides"), ("th", "en", "url")),
)
LIST_FIELD_BY_NAME: dict[str, ListField] = {field.name: field for field in LIST_FIELDS}

TEXT_FIELDS: tuple[str, ...] = (
    "name_th",
    "name_en",
    "service_type",
    "category",
    "legal_time_limit_th",
    "legal_time_limit_en",
    "criteria_th",
    "criteria_en",
    "total_time_th",
    "total_time_en",
)
NUMBER_FIELDS: tuple[str, ...] = ("legal_time_limit_days", "total_time_days")
BOOLEAN_FIELDS: tuple[str, ...] = ("no_fee",)
SCALAR_FIELDS: tuple[str, ...] = TEXT_FIELDS + NUMBER_FIELDS + BOOLEAN_FIELDS
CONTENT_FIELDS: tuple[str, ...] = SCALAR_FIELDS + tuple(field.name for field in LIST_FIELDS)


class ContentError(ValueError):
    """Content that does not fit the template's shape (a wrong key or type)."""


def _number(value: Any, *, where: str) -> int | float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ContentError(f"{where}: a number is expected, not {value!r}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ContentError(f"{where}: a number is expected, not {value!r}") from None
    if number < 0:
        raise ContentError(f"{where}: must not be negative")
    return int(number) if number == number.to_integral_value() else float(number)


def _text(value: Any, *, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ContentError(f"{where}: text is expected, not {type(value).__name__}")
    return str(value).strip()


def clean_rows(field: ListField, rows: Any) -> list[dict[str, Any]]:
    """The rows with exactly the field's keys; rows with nothing in them are dropped."""
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise ContentError(f"{field.name}: a list is expected")
    cleaned = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise ContentError(f"{field.name}[{index}]: an object is expected")
        unknown = set(row) - set(field.keys)
        if unknown:
            raise ContentError(f"{field.name}[{index}]: unknown keys {sorted(unknown)}")
        item: dict[str, Any] = {}
        for key in field.keys:
            where = f"{field.name}[{index}].{key}"
            value = row.get(key)
            item[key] = _number(value, where=where) if key in field.numbers else _text(value, where=where)
        if any(value not in ("", None) for value in item.values()):
            cleaned.append(item)
    return cleaned


def clean_content(raw: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Checked, normalised content. Unknown keys are refused; missing keys are defaults unless partial."""
    unknown = set(raw) - set(CONTENT_FIELDS)
    if unknown:
        raise ContentError(f"unknown keys {sorted(unknown)}")
    content: dict[str, Any] = {}
    for key in CONTENT_FIELDS:
        if partial and key not in raw:
            continue
        value = raw.get(key)
        if key in TEXT_FIELDS:
            content[key] = _text(value, where=key)
        elif key in NUMBER_FIELDS:
            content[key] = _number(value, where=key)
        elif key in BOOLEAN_FIELDS:
            if value not in (None, True, False):
                raise ContentError(f"{key}: true or false is expected")
            content[key] = bool(value)
        else:
            content[key] = clean_rows(LIST_FIELD_BY_NAME[key], value)
    for key, choices in (("service_type", ServiceType), ("category", Category)):
        if key in content and content[key] and content[key] not in choices.values:
            raise ContentError(f"{key}: {content[key]!r} is not one of {list(choices.values)}")
    for key, default in (("service_type", ServiceType.SINGLE_UNIT), ("category", Category.OTHER)):
        if key in content and not content[key]:
            content[key] = str(default)
    return content


def content_of(obj: Any) -> dict[str, Any]:
    """The content of a revision (or anything with the content attributes), JSON-ready."""
    content = {key: getattr(obj, key) for key in CONTENT_FIELDS}
    days = content["total_time_days"]
    if isinstance(days, Decimal):
        content["total_time_days"] = int(days) if days == days.to_integral_value() else float(days)
    return content


def apply_content(obj: Any, content: Mapping[str, Any]) -> list[str]:
    """Set the content on a revision; returns the names of the fields that changed."""
    changed = []
    current = content_of(obj)
    for key, value in content.items():
        if current[key] != value:
            changed.append(key)
        if key == "total_time_days" and value is not None:
            value = Decimal(str(value))
        setattr(obj, key, value)
    return changed
