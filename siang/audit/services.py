from __future__ import annotations

from typing import Any

from django.db import models

from siang.audit.models import AuditEvent

SYSTEM = "system"


def audit_record(
    *,
    actor: Any | None,
    action: str,
    obj: models.Model | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
    page: str = "",
) -> AuditEvent:
    """Write one audit event. `actor` is a user, or None for the system (imports, jobs). What was
    acted on is `obj`, or for something that is not a row (a chart's table) the `page` it is on."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=_label(user),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "page",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=(str(obj) if obj is not None else page)[:300],
        before=before,
        after=after,
        note=note,
    )


def _label(user: Any | None) -> str:
    if user is None:
        return SYSTEM
    return getattr(user, "display_name", "") or user.get_username()
