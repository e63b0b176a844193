from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from siang.catalog.process_library import LIBRARY_DIR, LibraryError, load_library


class Command(BaseCommand):
    help = (
        "Load the national template library of service processes from JSON files (create or update by "
        "slug). Safe to run again. Every file is checked first; a bad file loads nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "folder",
            nargs="?",
            default=str(LIBRARY_DIR),
            help="folder of NN_slug.json files (default: %(default)s)",
        )

    def handle(self, *args: Any, folder: str, **options: Any) -> None:
        path = Path(folder)
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder.")
        try:
            report = load_library(path)
        except LibraryError as error:
            raise CommandError("Nothing was loaded:\n  " + "\n  ".join(error.problems)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Template library: {len(report.created)} created, {len(report.updated)} updated, "
                f"{len(report.unchanged)} unchanged."
            )
        )
        for slug in report.created:
            self.stdout.write(f"  + {slug}")
        for slug in report.updated:
            self.stdout.write(f"  ~ {slug}")
