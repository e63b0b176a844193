from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from siang.casework.models import PublicHoliday


class Command(BaseCommand):
    help = (
        "Load public holidays (not working days for triage deadlines) from a CSV file of "
        "'YYYY-MM-DD,name' rows; with no file, list the coming ones."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("csv_file", nargs="?", type=Path)

    def handle(self, *args: Any, csv_file: Path | None = None, **options: Any) -> None:
        if csv_file is None:
            for holiday in PublicHoliday.objects.filter(date__gte=dt.date.today()):
                self.stdout.write(f"{holiday.date.isoformat()}  {holiday.name}")
            return
        rows = self._read(csv_file)
        with transaction.atomic():
            for day, name in rows:
                PublicHoliday.objects.update_or_create(date=day, defaults={"name": name})
        self.stdout.write(f"{len(rows)} holiday(s) saved.")

    def _read(self, csv_file: Path) -> list[tuple[dt.date, str]]:
        rows = []
        try:
            with csv_file.open(encoding="utf-8-sig", newline="") as handle:
                for number, row in enumerate(csv.reader(handle), start=1):
                    if not row or row[0].startswith("#"):
                        continue
                    try:
                        rows.append(
                            (dt.date.fromisoformat(row[0].strip()), (row[1] if len(row) > 1 else "").strip())
                        )
                    except ValueError:
                        raise CommandError(
                            f"Line {number}: '{row[0]}' is not a date like 2026-12-07."
                        ) from None
        except OSError as error:
            raise CommandError(f"Cannot read {csv_file}: {error.strerror}") from None
        return rows
