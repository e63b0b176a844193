from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from siang.exports.services import exports_purge, keep_days


class Command(BaseCommand):
    help = "Delete the files of exports older than EXPORTS_KEEP_DAYS (or --days). Run daily at scale."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Keep files this many days (default: setting)."
        )

    def handle(self, *args: Any, days: int | None = None, **options: Any) -> None:
        purged = exports_purge(older_than=dt.timedelta(days=days if days is not None else keep_days()))
        self.stdout.write(f"{purged} export file(s) deleted.")
