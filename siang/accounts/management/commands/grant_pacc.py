from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from siang.accounts import citizen_ids
from siang.accounts.models import User
from siang.accounts.services import pacc_officer_grant
from siang.lib.citizen_id import is_valid_citizen_id


class Command(BaseCommand):
    help = (
        "Make a person a PACC officer: the first officer of a new installation. The person must have "
        "signed in with ThaiD once. Later officers are granted by officers in the app."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("citizen_id", help="the person's 13-digit citizen ID")

    def handle(self, *args: Any, citizen_id: str, **options: Any) -> None:
        if not is_valid_citizen_id(citizen_id):
            raise CommandError("That is not a valid 13-digit citizen ID (check digit).")
        user = User.objects.filter(citizen_id_digest=citizen_ids.digest(citizen_id)).first()
        if user is None:
            raise CommandError(
                "Nobody with that citizen ID has signed in yet: ask them to sign in with ThaiD first."
            )
        pacc_officer_grant(user=user, actor=None)
        self.stdout.write(self.style.SUCCESS(f"{user.display_name} is a PACC officer."))
