"""Showing a citizen manual in the reader's language: English when chosen and filled, else Thai."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template
from django.utils import translation

register = template.Library()


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(key)
    return getattr(obj, key, None)


@register.filter
def pick(obj: Any, base: str = "") -> Any:
    """`{{ revision|pick:"name" }}` → name_en in English (when filled), otherwise name_th.

    For rows keyed "th"/"en" (legal bases, fees …) leave the argument out: `{{ row|pick }}`.
    """
    th_key, en_key = (f"{base}_th", f"{base}_en") if base else ("th", "en")
    if translation.get_language() == "en":
        english = _get(obj, en_key)
        if english:
            return english
    return _get(obj, th_key) or ""


@register.filter
def baht(value: Any) -> str:
    """1500 → '1,500'; 12.5 → '12.50'."""
    if value in (None, ""):
        return ""
    number = float(value)
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"
