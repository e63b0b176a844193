"""The side-by-side difference between the live revision and the proposed one, field by field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from siang.catalog.content import LIST_FIELDS, Category, ServiceType, content_of
from siang.catalog.models import ProcessRevision

# (label, the content keys shown together on one row)
_SCALAR_ROWS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (gettext_lazy("Process name (Thai)"), ("name_th",)),
    (gettext_lazy("Process name (English)"), ("name_en",)),
    (gettext_lazy("Service type"), ("service_type",)),
    (gettext_lazy("Category"), ("category",)),
    (
        gettext_lazy("Legal time limit"),
        ("legal_time_limit_th", "legal_time_limit_en", "legal_time_limit_days"),
    ),
    (gettext_lazy("Criteria and conditions"), ("criteria_th", "criteria_en")),
    (gettext_lazy("Total processing time"), ("total_time_th", "total_time_en", "total_time_days")),
    (gettext_lazy("No fee"), ("no_fee",)),
)


@dataclass(frozen=True)
class Line:
    text: str
    changed: bool  # not on the other side


@dataclass(frozen=True)
class FieldDiff:
    key: str
    label: str
    live: list[Line]
    proposed: list[Line]

    @property
    def changed(self) -> bool:
        return [line.text for line in self.live] != [line.text for line in self.proposed]


def _scalar_text(key: str, value: Any) -> str:
    if value in (None, ""):
        return ""
    if key == "service_type":
        return str(ServiceType(value).label) if value in ServiceType.values else str(value)
    if key == "category":
        return str(Category(value).label) if value in Category.values else str(value)
    if key == "no_fee":
        return _("Yes: no fee") if value else ""
    if key.endswith("_days"):
        return ngettext("%(days)s day", "%(days)s days", 1 if value == 1 else 2) % {"days": value}
    return str(value)


_NUMBER_FORMATS = {
    "duration_minutes": gettext_lazy("%(n)s minutes"),
    "originals": gettext_lazy("originals: %(n)s"),
    "copies": gettext_lazy("copies: %(n)s"),
    "amount": gettext_lazy("%(n)s baht"),
}


def _row_text(row: dict[str, Any]) -> str:
    parts = []
    for key, value in row.items():
        if value in ("", None):
            continue
        parts.append(str(_NUMBER_FORMATS[key]) % {"n": value} if key in _NUMBER_FORMATS else str(value))
    return " · ".join(parts)


def _lines(texts: list[str], other: list[str]) -> list[Line]:
    return [Line(text, text not in other) for text in texts]


def field_diffs(live: ProcessRevision | None, proposed: ProcessRevision) -> list[FieldDiff]:
    """Every field, live beside proposed; a new process has nothing live."""
    old = content_of(live) if live is not None else None
    new = content_of(proposed)
    rows: list[FieldDiff] = []
    for label, keys in _SCALAR_ROWS:
        new_texts = [t for t in (_scalar_text(k, new[k]) for k in keys) if t]
        old_texts = [t for t in (_scalar_text(k, old[k]) for k in keys) if t] if old else []
        rows.append(
            FieldDiff(keys[0], str(label), _lines(old_texts, new_texts), _lines(new_texts, old_texts))
        )
    for field in LIST_FIELDS:
        new_texts = [_row_text(row) for row in new[field.name]]
        old_texts = [_row_text(row) for row in old[field.name]] if old else []
        rows.append(
            FieldDiff(
                field.name, str(field.label), _lines(old_texts, new_texts), _lines(new_texts, old_texts)
            )
        )
    return rows
