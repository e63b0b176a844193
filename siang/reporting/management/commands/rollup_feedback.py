"""`manage.py rollup_feedback [--every 60] [--rebuild]`: add new responses to the dashboards' rollups."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from siang.reporting import rollups


class Command(BaseCommand):
    help = "Add responses not yet rolled up to the dashboard rollups (once, or every N seconds)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--every", type=int, default=0, help="Keep running: roll up every N seconds.")
        parser.add_argument(
            "--batch", type=int, default=rollups.DEFAULT_BATCH, help="Responses per transaction."
        )
        parser.add_argument(
            "--rebuild", action="store_true", help="Recompute the rollups from raw responses."
        )

    def handle(self, *args: Any, every: int, batch: int, rebuild: bool, **options: Any) -> None:
        if rebuild:
            total = rollups.rebuild_all()
            self.stdout.write(f"Rebuilt the rollups from {total:,} responses.")
            return
        while True:
            done = 0
            while added := rollups.roll_up_pending(batch=batch):
                done += added
            if done or options["verbosity"] > 1:
                self.stdout.write(f"Rolled up {done:,} responses.")
            if not every:
                return
            time.sleep(every)
