"""The two questions: may this actor do this action on this object (`can`), and the same asked by
a service, which refuses with a message (`require`).

The object decides where the action happens: a unit (or anything of a unit: a department, a
process, a service point, an application, a case), a province, a district, `NATION`, or nothing
at all — "anywhere", for pages that are not about one place (the template library, PACC's desk).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from siang.accounts.models import Membership, Role
from siang.catalog.models import ProcessRevision
from siang.directory.models import District, Province, Unit
from siang.policy import actions as a
from siang.policy.exceptions import Refused
from siang.policy.roles import ACTIONS, Grant, Level, Place, grants
from siang.servicepoints.models import InstallationPhoto, InstallationReport

logger = logging.getLogger("siang.policy")

# What a service tells the person it refuses (the same words each app used before the move)
_ADMIN_ONLY = _("Only an Admin of this unit can do this.")
_PACC_DECIDES = _("Only a PACC officer can decide this.")
REFUSALS: dict[str, Promise] = {
    a.CATALOG_EDIT: _("Only the Admins and Users of this unit can do this."),
    a.CATALOG_DEPARTMENTS_MANAGE: _ADMIN_ONLY,
    a.CATALOG_REVIEW: _ADMIN_ONLY,
    a.SERVICEPOINTS_MANAGE: _ADMIN_ONLY,
    a.UNIT_USERS_MANAGE: _("Only an Admin of this unit can decide this."),
    a.TEMPLATES_MANAGE: _("Only a PACC officer can change the template library."),
    a.APPLICATION_DECIDE: _PACC_DECIDES,
    a.OVERSEER_DECIDE: _PACC_DECIDES,
    a.PACC_GRANT: _PACC_DECIDES,
    a.INSTALLATION_VERIFY: _PACC_DECIDES,
    a.CASEWORK: _("Only PACC officers can work on cases."),
    a.LEXICON_EDIT: _("Only PACC officers can change the lexicon of comment signals."),
    a.FEEDBACK_STATUS_SET: _("Only PACC officers may change the status of a response."),
    a.NATIONAL_EXPORT: _("Only PACC officers can export responses across units."),
    a.UNIT_EXPORT: _("You can only export the data of your own unit."),
}


def _membership_of_role(role: str) -> Callable[[Any], bool]:
    return lambda obj: not isinstance(obj, Membership) or obj.role == role


# What the object itself must be for the action, whoever asks. A unit's Admin decides its Users'
# requests, never another Admin's (PACC approves Admins, with the appointment order, at most two);
# PACC's overseer decisions are for overseer requests only.
OBJECT_RULES: dict[str, Callable[[Any], bool]] = {
    a.UNIT_USERS_MANAGE: _membership_of_role(Role.UNIT_USER),
    a.OVERSEER_DECIDE: _membership_of_role(Role.OVERSEER),
}


def unit_id_of(obj: Any) -> int | None:
    """The unit an object belongs to, without a query where the object already knows it."""
    if isinstance(obj, Unit):
        return obj.pk
    if isinstance(obj, ProcessRevision):
        return obj.process.unit_id
    if isinstance(obj, InstallationReport):
        return obj.service_point.unit_id
    if isinstance(obj, InstallationPhoto):
        return obj.report.service_point.unit_id
    if isinstance(obj, Place):
        return obj.unit_id
    return getattr(obj, "unit_id", None)


def place_of(obj: Any) -> Place:
    """Where the object sits (may read its unit once, for the province and district)."""
    if isinstance(obj, Place):
        return obj
    if isinstance(obj, Province):
        return Place(province_id=obj.pk)
    if isinstance(obj, District):
        return Place(province_id=obj.province_id, district_id=obj.pk)
    if isinstance(obj, Membership) and obj.unit_id is None:
        return Place(province_id=obj.province_id, district_id=obj.district_id)
    unit_id = unit_id_of(obj)
    if unit_id is None:
        return Place()
    unit = obj if isinstance(obj, Unit) else Unit.objects.only("province", "district").get(pk=unit_id)
    return Place(province_id=unit.province_id, district_id=unit.district_id, unit_id=unit_id)


def covers(grant: Grant, obj: Any) -> bool:
    """Whether the grant's area holds the object. No object: "anywhere", so every grant does."""
    if obj is None or grant.level == Level.NATIONAL:
        return True
    if grant.level == Level.UNIT:
        return grant.place.unit_id is not None and unit_id_of(obj) == grant.place.unit_id
    place = place_of(obj)
    if grant.level == Level.DISTRICT:
        return place.district_id is not None and place.district_id == grant.place.district_id
    return place.province_id is not None and place.province_id == grant.place.province_id


def _known(action: str) -> None:
    if action not in ACTIONS:
        raise ValueError(f"The policy knows no action {action!r}.")


def can(actor: Any, action: str, obj: Any = None, *, fresh: bool = False) -> bool:
    """May `actor` do `action` on `obj`? Anonymous people and unknown objects: no."""
    _known(action)
    if obj is not None and action in OBJECT_RULES and not OBJECT_RULES[action](obj):
        return False
    return any(action in grant.actions and covers(grant, obj) for grant in grants(actor, fresh=fresh))


def require(
    actor: Any, action: str, obj: Any = None, *, refused: type[Refused] = Refused, fresh: bool = True
) -> None:
    """A service's check: raise `refused` (a `Refused`) with the action's message if not allowed.

    Decided on the current memberships, not the request's copy. The refusal is logged here and
    written to the audit trail by `siang.audit.services.audit_refusals` around the service.
    """
    if can(actor, action, obj, fresh=fresh):
        return
    object_type = obj._meta.label_lower if hasattr(obj, "_meta") else type(obj).__name__
    logger.warning(
        "refused: actor=%s action=%s object=%s:%s",
        getattr(actor, "pk", None),
        action,
        object_type,
        getattr(obj, "pk", ""),
    )
    raise refused(str(REFUSALS[action]), actor=actor, action=action, obj=obj)
