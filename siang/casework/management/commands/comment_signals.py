"""`comment_signals IN.csv --output OUT.csv`: try the comment detector on a CSV of comments.
`comment_signals --stored`: read the stored comments that have no comment signal yet, once."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from siang.casework.comments import MAX_COMMENT
from siang.casework.lexicon import active_terms, comment_finding, scan_stored
from siang.lib.spreadsheets import csv_writer, unguard

OUTPUT_COLUMNS = ("signal", "kind", "evidence")


class Command(BaseCommand):
    help = (
        "Read comments for corruption signals with the lexicon in use: a CSV with a `comment` column "
        "(UTF-8, BOM allowed) into OUT.csv with signal (1/0), kind and evidence; or, with --stored, "
        "the stored responses' comments, raising their signals."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", nargs="?", help="a CSV file with a `comment` column")
        parser.add_argument("--output", help="where to write the rows with signal, kind and evidence (.csv)")
        parser.add_argument(
            "--stored", action="store_true", help="read the stored comments that have no comment signal yet"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["stored"]:
            if options["input"]:
                raise CommandError("Give either IN.csv --output OUT.csv, or --stored, not both.")
            self._scan_stored()
            return
        if not options["input"] or not options["output"]:
            raise CommandError("Usage: comment_signals IN.csv --output OUT.csv (or --stored).")
        self._from_csv(Path(options["input"]), Path(options["output"]))

    def _scan_stored(self) -> None:
        read, raised = scan_stored()
        self.stdout.write(f"{read} stored comment(s) read; {raised} signal(s) raised for PACC.")

    def _from_csv(self, source: Path, target: Path) -> None:
        if target.suffix.lower() != ".csv":
            raise CommandError("--output must end in .csv.")
        try:
            with source.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                columns = [name.strip() for name in reader.fieldnames or []]
                if "comment" not in columns:
                    raise CommandError(
                        f"{source} has no `comment` column (its columns: {', '.join(columns) or 'none'}). "
                        "The first row must name the columns, one of them `comment`."
                    )
                reader.fieldnames = columns
                rows = list(reader)
        except FileNotFoundError:
            raise CommandError(f"No such file: {source}") from None
        except UnicodeDecodeError:
            raise CommandError(f"{source} is not UTF-8 text: save it as CSV UTF-8.") from None
        terms = active_terms()
        flagged = 0
        fields = [*columns, *(name for name in OUTPUT_COLUMNS if name not in columns)]
        with target.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv_writer(handle)
            writer.writerow(fields)
            for row in rows:
                comment = str(unguard(row.get("comment") or ""))[: MAX_COMMENT * 2]
                finding = comment_finding(comment, terms)
                flagged += finding.signal
                row.update(signal=int(finding.signal), kind=finding.kind, evidence=finding.evidence)
                writer.writerow(["" if row.get(name) is None else row[name] for name in fields])
        self.stdout.write(f"{len(rows)} comment(s) read, {flagged} flagged; written to {target}.")
