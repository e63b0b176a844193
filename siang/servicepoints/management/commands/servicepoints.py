from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from siang.directory.models import Unit
from siang.servicepoints.access import unit_point_rows


class Command(BaseCommand):
    help = "List a unit's service points with the addresses their QR codes open. UNIT_CODE is the DLA code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("unit_code", help="the unit's DLA code, e.g. 4540102")
        parser.add_argument("--all", action="store_true", help="also list retired codes")

    def handle(self, *args: Any, unit_code: str, **options: Any) -> None:
        code = unit_code.strip()
        unit = Unit.objects.filter(dla_code=code).first() if code else None
        if unit is None:
            raise CommandError(
                f"No unit has the DLA code {code!r}. Find the code with the unit search at /units/."
            )
        rows = unit_point_rows(unit, active=None if options["all"] else True)
        self.stdout.write(f"{unit.name_th} ({unit.dla_code}): {len(rows)} service points")
        for row in rows:
            point = row.point
            state = "" if point.is_active else "  [retired]"
            installation = row.latest.status if row.latest else "not reported"
            self.stdout.write(
                f"{point.pk:>6}  {row.url}  {point}{' · ' + point.label if point.label else ''}"
                f"  (installation: {installation}){state}"
            )
