"""Who may act: one place for the rules every view, service, template and command asks.

    policy.can(user, actions.CATALOG_EDIT, unit)          # a yes or no
    policy.require(actor, actions.CASEWORK, case, refused=CaseworkRefused)   # a service's check
    policy.visible(user, actions.APPLICATION_VIEW, AdminApplication.objects.all())  # a list

It imports only models (accounts, directory and the objects it judges), never an app's views or
services, so every app may import it.
"""

from __future__ import annotations

from siang.policy import actions
from siang.policy.exceptions import Refused
from siang.policy.roles import (
    NATION,
    ROLES,
    Grant,
    Level,
    Place,
    approved_memberships,
    grants,
    unit_memberships,
)
from siang.policy.rules import can, covers, require
from siang.policy.scopes import grants_for, staff_unit_ids, units_for, visible

__all__ = [
    "NATION",
    "ROLES",
    "Grant",
    "Level",
    "Place",
    "Refused",
    "actions",
    "approved_memberships",
    "can",
    "covers",
    "grants",
    "grants_for",
    "require",
    "staff_unit_ids",
    "unit_memberships",
    "units_for",
    "visible",
]
