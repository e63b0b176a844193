"""Template filters for Thai dates and digits; loaded in every template (settings builtins)."""

from __future__ import annotations

import datetime as dt

from django import template

from siang.lib import thai

register = template.Library()


@register.filter
def thaidate(value: dt.date | dt.datetime | None) -> str:
    """'15 มิ.ย. 2569' in Thai; '15 Jun 2026' in English."""
    return thai.date_short(value) if value else ""


@register.filter
def thaidate_long(value: dt.date | dt.datetime | None) -> str:
    """'15 มิถุนายน 2569' in Thai; '15 June 2026' in English."""
    return thai.date_long(value) if value else ""


@register.filter
def thaidate_letter(value: dt.date | dt.datetime | None) -> str:
    """'๑๕ มิถุนายน ๒๕๖๙', as official letters write it."""
    return thai.date_letter_th(value) if value else ""


@register.filter
def thaidigits(value: object) -> str:
    return thai.thai_digits(value)


@register.filter
def fiscal_year(value: dt.date | dt.datetime | None) -> str:
    """The fiscal year of a date: '2569' in Thai, '2026' in English."""
    return thai.fiscal_year_label(thai.fiscal_year_be(value)) if value else ""
