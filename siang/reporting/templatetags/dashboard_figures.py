"""Figures on the dashboards: shares as percentages, their intervals, means, all locale-formatted."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

from siang.reporting.dashboards import Totals
from siang.reporting.stats import Mean, Share

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.724 → '72%'; None (nobody answered) → '–'."""
    return "–" if value is None else f"{number_format(value * 100, 0)}%"


@register.filter
def interval(share: Share) -> str:
    """The Wilson 95% interval: '65–78%'."""
    low, high = share.low, share.high
    if low is None or high is None:
        return "–"
    return f"{number_format(low * 100, 0)}–{number_format(high * 100, 0)}%"


@register.filter
def mean(value: Mean) -> str:
    return "–" if value.value is None else number_format(value.value, 2)


@register.filter
def count(value: int | None) -> str:
    return number_format(value or 0, 0, force_grouping=True)


@register.filter
def dimension_mean(totals: Totals, dimension: str) -> str:
    return mean(totals.mean(dimension))
