"""Demo people: the personas, signed up and approved at their Phrae units."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from siang.accounts import citizen_ids, personas
from siang.accounts.models import Membership, MembershipStatus, Role, User
from siang.accounts.personas import PERSONAS, Persona
from siang.directory.models import Province, Unit
from siang.lib.citizen_id import masked


class DemoDataError(Exception):
    pass


@transaction.atomic
def ensure_personas() -> list[tuple[Persona, User]]:
    """Create or refresh each persona and its approved membership. Safe to run again."""
    people = [(p, _ensure_user(p)) for p in PERSONAS]
    pacc_user = people[0][1]
    for persona, user in people:
        if persona.role is not None:
            _ensure_membership(persona, user, decided_by=pacc_user)
    return people


def ensure_demo_admins(units: list[Unit], *, decided_by: User) -> dict[int, User]:
    """An approved Admin for each unit, a made-up demo person where it has none; unit pk → Admin.

    The demo's QR points and responses belong to onboarded units only: a unit that shows a code
    has an Admin who made it.
    """
    approved = Membership.objects.filter(
        unit__in=units, role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED
    ).select_related("user")
    admins = {m.unit_id: m.user for m in approved.order_by("pk") if m.unit_id is not None}
    missing = [unit for unit in units if unit.pk not in admins and unit.pk is not None]
    people = []
    for unit in missing:
        person = User(
            username=f"demo-admin-{unit.pk}",
            name_th=f"ผู้ดูแลระบบ{unit.name_th} (สาธิต)",
            name_en=f"Admin of {unit.name_en or unit.name_th} (demo)",
        )
        person.set_unusable_password()
        people.append(person)
    User.objects.bulk_create(people)
    people_by_name = {p.username: p for p in User.objects.filter(username__in=[p.username for p in people])}
    now = timezone.now()
    Membership.objects.bulk_create(
        Membership(
            user=people_by_name[f"demo-admin-{unit.pk}"],
            unit=unit,
            role=Role.UNIT_ADMIN,
            status=MembershipStatus.APPROVED,
            decided_by=decided_by,
            decided_at=now,
            decision_reason="demo",
        )
        for unit in missing
    )
    return admins | {unit.pk: people_by_name[f"demo-admin-{unit.pk}"] for unit in missing}


def persona_user(key: str) -> User:
    """The demo persona's account (ensure_personas made it)."""
    return User.objects.get(username=personas.persona(key).username)


def _ensure_user(persona: Persona) -> User:
    user, created = User.objects.get_or_create(
        username=persona.username,
        defaults={
            "name_th": persona.name_th,
            "name_en": persona.name_en,
            "email": persona.email,
            "citizen_id_digest": citizen_ids.digest(persona.citizen_id),
            "citizen_id_sealed": citizen_ids.seal(persona.citizen_id),
            "citizen_id_masked": masked(persona.citizen_id),
            "phone": persona.phone,
            "profile_completed_at": timezone.now() if persona.email else None,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _ensure_membership(persona: Persona, user: User, *, decided_by: User) -> Membership:
    scope: dict[str, object] = {}
    if persona.unit_code:
        unit = Unit.objects.filter(dla_code=persona.unit_code).first()
        if unit is None:
            raise DemoDataError(f"Unit {persona.unit_code} is not in the directory: run load_units first.")
        scope["unit"] = unit
    if persona.province_code:
        scope["province"] = Province.objects.get(code=persona.province_code)
    membership, _created = Membership.objects.get_or_create(
        user=user,
        role=persona.role,
        **scope,
        defaults={
            "status": MembershipStatus.APPROVED,
            "decided_by": decided_by,
            "decided_at": timezone.now(),
            "decision_reason": "demo",
        },
    )
    return membership
