"""What a service raises when the policy refuses an action."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


class Refused(PermissionDenied):
    """The actor may not do this action on this object. The message is for the person (translated).

    Each app's services raise a subclass that is also their own error class (for example
    `class CatalogRefused(Refused, CatalogError)`), so their views show the message as before.
    """

    def __init__(self, message: str, *, actor: Any, action: str, obj: Any) -> None:
        super().__init__(message)
        self.actor = actor
        self.action = action
        self.obj = obj
