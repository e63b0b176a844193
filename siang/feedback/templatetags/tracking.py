"""`{{ code|tracking_code }}`: a tracking code in the one form it is shown in (U9DX-5SY7)."""

from __future__ import annotations

from django import template

from siang.feedback.tracking import display_tracking_code

register = template.Library()


@register.filter(name="tracking_code")
def tracking_code(code: str) -> str:
    return display_tracking_code(str(code or ""))
