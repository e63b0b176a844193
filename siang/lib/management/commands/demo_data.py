from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from siang.accounts import demo as accounts_demo
from siang.catalog import demo as catalog_demo
from siang.lib.citizen_id import normalize_citizen_id


class Command(BaseCommand):
    help = "Create the demo personas and their units' data. Safe to run again: nothing is duplicated."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            people = accounts_demo.ensure_personas()
        except accounts_demo.DemoDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Demo personas ready ({len(people)}):"))
        for persona, user in people:
            memberships = ", ".join(str(m) for m in user.memberships.select_related("unit", "province"))
            self.stdout.write(
                f"  {persona.key:<9} {persona.name_th:<28} {normalize_citizen_id(persona.citizen_id)}"
                f"  {memberships or '(no role yet)'}"
            )
        catalog = catalog_demo.ensure_catalog()
        self.stdout.write(
            f"Demo catalogue of เทศบาลเมืองแพร่: {catalog['departments']} departments, "
            f"{catalog['processes']} processes added ({catalog['templates']} from the template library)."
        )
        self.stdout.write(
            "Staff sign in with ThaiD: open /accounts/signin/, press the ThaiD button, and the ThaiD"
            " sandbox lets you pick one of these personas (or type a new person with a valid citizen ID)."
        )
