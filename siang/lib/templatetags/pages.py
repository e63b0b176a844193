"""Links between the pages of a list; loaded in every template (settings builtins)."""

from __future__ import annotations

from django import template
from django.template.context import Context

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context: Context, number: int) -> str:
    """This page's address with `page` set to `number`, every other parameter kept: "?q=แพร่&page=2"."""
    query = context["request"].GET.copy()
    query["page"] = number
    return f"?{query.urlencode()}"
