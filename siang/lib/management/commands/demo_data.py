from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from siang.accounts import demo as accounts_demo
from siang.casework.services import attach_new_signals
from siang.catalog import demo as catalog_demo
from siang.lib.citizen_id import normalize_citizen_id
from siang.reporting import demo as reporting_demo
from siang.servicepoints import demo as servicepoints_demo


class Command(BaseCommand):
    help = "Create the demo personas and their units' data. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--responses",
            type=int,
            default=20_000,
            help="How many citizen responses to make (first run only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's own decisions would otherwise print an e-mail and an SMS each on the console.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            SMS_BACKEND="siang.lib.sms.MemorySmsBackend",
        ):
            self._create(responses=options["responses"])

    def _create(self, *, responses: int) -> None:
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
        if catalog["processes"]:
            added = (
                f"{catalog['processes']} processes added, {catalog['from_library']} of them"
                " started from the template library"
            )
        else:
            added = "its processes are already there"
        self.stdout.write(f"Demo catalogue of เทศบาลเมืองแพร่: {catalog['departments']} departments, {added}.")
        points = servicepoints_demo.ensure_service_points()
        self.stdout.write(
            f"Demo QR service points: {points['points']} added ({points['verified']} installation verified)."
        )
        self.stdout.write("Demo citizen feedback (the first run takes a few seconds)…")
        feedback = reporting_demo.ensure_demo_feedback(responses)
        cases = attach_new_signals()
        self.stdout.write(
            f"Demo feedback: {feedback['feedback']} responses added, {feedback['signals']} signals,"
            f" {cases} signals filed into PACC cases."
        )
        self.stdout.write(
            "Staff sign in with ThaiD: open /accounts/signin/, press the ThaiD button, and the ThaiD"
            " sandbox lets you pick one of these personas (or type a new person with a valid citizen ID)."
        )
