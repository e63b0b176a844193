from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.db import models

from siang.audit.models import AuditEvent
from siang.policy.exceptions import Refused

SYSTEM = "system"
REFUSED = "policy.refused"


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


F = TypeVar("F", bound=Callable[..., Any])


def audit_refusal(refused: Refused) -> AuditEvent:
    """A refused action, for PACC to see probing: the actor's id, the action and the object's type
    and id only (no names, no citizen ID, no text the person typed)."""
    actor = refused.actor if getattr(refused.actor, "is_authenticated", False) else None
    obj = refused.obj
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=f"#{actor.pk}" if actor is not None else "anonymous",
        action=REFUSED,
        object_type=obj._meta.label_lower if isinstance(obj, models.Model) else "",
        object_id=str(obj.pk) if isinstance(obj, models.Model) else "",
        object_repr="",
        note=refused.action,
    )


def audit_refusals(service: F) -> F:
    """Put outside a service's transaction: a refusal by the policy inside it is written to the
    audit trail after the service's own changes have rolled back, then raised on as before."""

    @wraps(service)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return service(*args, **kwargs)
        except Refused as refused:
            if not getattr(refused, "audited", False):
                audit_refusal(refused)
                refused.audited = True  # type: ignore[attr-defined]
            raise

    return cast(F, wrapper)
