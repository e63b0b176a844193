"""`{% load policy %}{% can "catalog.process.edit" unit as can_edit %}`: the policy, in a template."""

from __future__ import annotations

from typing import Any

from django import template

from siang.policy.rules import can as policy_can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context: template.Context, action: str, obj: Any = None) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) if request is not None else context.get("user")
    return policy_can(user, action, obj)
