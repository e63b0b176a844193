"""Who holds which role over which area, and what each role may do there.

An area is the nation, a province, a district or a unit. A person's approved memberships are
their grants: each is one role over one area, and a role with an area answers for that area
only. The office roles to come (DLA: national; provincial office: a province; district office:
a district) are new rows of `ROLES`, with their areas taken from the membership as today's are.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from siang.accounts.models import Membership, MembershipStatus, Role, User
from siang.policy import actions as a


class Level(enum.IntEnum):
    """How wide an area is: a grant covers its own area and everything below it."""

    NATIONAL = 0
    PROVINCE = 1
    DISTRICT = 2
    UNIT = 3


@dataclass(frozen=True)
class Place:
    """Where an object sits: its province, district and unit, as far as they apply.

    `NATION` (all empty) is the country as a whole: only a national grant covers it.
    """

    province_id: str | None = None
    district_id: str | None = None
    unit_id: int | None = None


NATION = Place()

_UNIT_READ = {a.CATALOG_VIEW, a.SERVICEPOINTS_VIEW, a.UNIT_DASHBOARD_VIEW, a.UNIT_EXPORT, a.TEMPLATES_VIEW}
_UNIT_WRITE = _UNIT_READ | {a.CATALOG_EDIT}

# What each role may do within its area. This table is the rule book: keep it readable.
ROLES: dict[str, frozenset[str]] = {
    Role.PACC_OFFICER: frozenset(
        _UNIT_READ
        | {
            a.APPLICATION_VIEW,
            a.APPLICATION_DECIDE,
            a.OVERSEER_DECIDE,
            a.PACC_GRANT,
            a.TEMPLATES_MANAGE,
            a.INSTALLATION_VERIFY,
            a.CASEWORK,
            a.LEXICON_EDIT,
            a.FEEDBACK_STATUS_SET,
            a.FEEDBACK_ALL_ANSWERS,
            a.NATIONAL_DASHBOARD_VIEW,
            a.NATIONAL_EXPORT,
            a.DELIVERIES_VIEW,
            a.COMPLIANCE_VIEW,
        }
    ),
    Role.OVERSEER: frozenset({a.COMPLIANCE_VIEW, a.AREA_DASHBOARD_VIEW}),
    Role.UNIT_ADMIN: frozenset(
        _UNIT_WRITE
        | {
            a.CATALOG_DEPARTMENTS_MANAGE,
            a.CATALOG_REVIEW,
            a.SERVICEPOINTS_MANAGE,
            a.UNIT_USERS_MANAGE,
            a.APPLICATION_VIEW,
        }
    ),
    Role.UNIT_USER: frozenset(_UNIT_WRITE),
}

ACTIONS: frozenset[str] = frozenset().union(*ROLES.values())


@dataclass(frozen=True)
class Grant:
    """One approved membership: a role over an area."""

    role: str
    level: Level
    place: Place
    membership: Membership

    @property
    def actions(self) -> frozenset[str]:
        return ROLES.get(self.role, frozenset())


def _grant(membership: Membership) -> Grant:
    if membership.unit_id is not None:
        level, place = Level.UNIT, Place(unit_id=membership.unit_id)
    elif membership.district_id is not None:
        level = Level.DISTRICT
        place = Place(province_id=membership.province_id, district_id=membership.district_id)
    elif membership.province_id is not None:
        level, place = Level.PROVINCE, Place(province_id=membership.province_id)
    else:
        level, place = Level.NATIONAL, NATION
    return Grant(membership.role, level, place, membership)


def _load(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, status=MembershipStatus.APPROVED).select_related(
            "unit__province", "unit__district", "province", "district"
        )
    )


def approved_memberships(user: Any, *, fresh: bool = False) -> list[Membership]:
    """The person's approved memberships, cached on the user object for the request.

    `fresh` reads them again (services decide on the current rows, not the request's copy).
    """
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    cached: list[Membership] | None = None if fresh else getattr(user, "_approved_memberships", None)
    if cached is None:
        cached = _load(user)
        user._approved_memberships = cached
    return cached


def grants(user: Any, *, fresh: bool = False) -> list[Grant]:
    return [_grant(m) for m in approved_memberships(user, fresh=fresh)]


def unit_memberships(user: Any, role: str | None = None) -> list[Membership]:
    """The person's approved memberships at units (of one role, if given), with their units loaded."""
    return [m for m in approved_memberships(user) if m.unit is not None and (role is None or m.role == role)]
