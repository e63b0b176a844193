"""Load provinces and districts (geothai) and the national list of units from a file."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from siang.directory import services
from siang.directory.loading import TableError, read_table
from siang.lib.progress import ProgressBar

MISSING_SHOWN = 10


class Command(BaseCommand):
    help = (
        "Load the 77 provinces and 928 districts from geothai, then the units from FILE "
        "(CSV or XLSX; default settings.SIANG_UNITS_FILE). Safe to run again: only changes are written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", type=Path, help="Units file (.csv, .tsv or .xlsx).")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="Mark units that are in the database but not in the file as inactive.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change, then roll everything back."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"] or Path(settings.SIANG_UNITS_FILE)
        started = time.monotonic()
        try:
            rows = read_table(path)
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except TableError as error:
            raise CommandError(str(error)) from None

        with transaction.atomic():
            geography = services.geography_load()
            # The bar writes to the raw stream: the wrapper would end every write with a newline.
            raw_stderr = getattr(self.stderr, "_out", sys.stderr)
            with ProgressBar(label="Units", stream=raw_stderr) as bar:
                report = services.units_load(
                    rows=rows, deactivate_missing=options["deactivate_missing"], progress=bar
                )
            if options["dry_run"]:
                transaction.set_rollback(True)

        self._print_geography(geography)
        self._print_units(report, path)
        elapsed = time.monotonic() - started
        suffix = " Dry run: nothing was saved." if options["dry_run"] else ""
        self.stdout.write(f"Done in {elapsed:.1f} s.{suffix}")

    def _print_geography(self, report: services.GeographyReport) -> None:
        self.stdout.write(
            f"Provinces: {report.provinces_created} created, {report.provinces_updated} updated, "
            f"{report.provinces_unchanged} unchanged. "
            f"Districts: {report.districts_created} created, {report.districts_updated} updated, "
            f"{report.districts_unchanged} unchanged."
        )

    def _print_units(self, report: services.LoadReport, path: Path) -> None:
        self.stdout.write(
            f"Units ({report.rows:,} rows in {path.name}): {report.created:,} created, {report.updated:,} "
            f"updated (of which {report.renamed:,} renamed, {report.upgraded:,} upgraded), "
            f"{report.unchanged:,} unchanged, {len(report.problems):,} skipped."
        )
        for change in report.name_changes:
            self.stdout.write(
                f"  {change.reason}: {change.old_name} ({change.old_code or '-'}) → "
                f"{change.new_name} ({change.new_code or '-'}) [id {change.unit_id}]"
            )
        if report.missing:
            action = (
                "now inactive"
                if report.deactivated
                else "left as they are; --deactivate-missing marks them inactive"
            )
            self.stdout.write(
                f"In the database but not in the file: {len(report.missing):,} units ({action}):"
            )
            for unit in report.missing[:MISSING_SHOWN]:
                self.stdout.write(f"  {unit.name_th} (id {unit.pk}, {unit.dla_code or 'no code'})")
            if len(report.missing) > MISSING_SHOWN:
                self.stdout.write(f"  … and {len(report.missing) - MISSING_SHOWN:,} more")
        for problem in report.problems:
            self.stderr.write(
                self.style.WARNING(f"{path.name}, line {problem.line}: {problem.message}; skipped.")
            )
