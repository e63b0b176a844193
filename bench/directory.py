"""The national directory: loading 7,848 units, finding a unit, matching a letter's list."""

from __future__ import annotations

import difflib
import random

from django.conf import settings
from django.db import connection, transaction

from bench.timing import line, percentiles, seconds
from siang.directory import matching, services
from siang.directory.loading import read_table
from siang.directory.models import Unit
from siang.directory.names import normalize_text, search_key, split_kind, thai_sort_key
from siang.directory.selectors import unit_search

SEARCHES = 200


def _naive_reload(rows) -> None:
    """Baseline: one update_or_create per row, as a first version would write it."""
    with transaction.atomic():
        for row in rows:
            values = row.values
            _kind, short = split_kind(values["name_th"])
            Unit.objects.filter(source_key=values.get("geocode") or None).update(
                name_th=normalize_text(values["name_th"]),
                name_en=values.get("name_en", ""),
                short_name_th=short,
                search_key=search_key(values["name_th"]),
                sort_key=thai_sort_key(short),
            )


def run() -> None:
    print(f"Directory on {connection.vendor}:")
    rows = read_table(settings.SIANG_UNITS_FILE)
    first = seconds(lambda: (services.geography_load(), services.units_load(rows=rows)))
    again = seconds(lambda: services.units_load(rows=rows))
    naive = seconds(lambda: _naive_reload(rows))
    line(f"load_units, first load ({len(rows):,} units)", f"{first:.2f} s")
    line("load_units, nothing changed", f"{again:.2f} s", f"{naive:.2f} s", naive / again)

    sample = random.Random(2569).sample(list(Unit.objects.values_list("short_name_th", flat=True)), SEARCHES)
    queries = [name[: max(3, len(name) // 2)] for name in sample]

    def search(query: str) -> None:
        results = unit_search(query=query)
        results.count()
        list(results[:25])

    def naive_search(query: str) -> None:
        results = Unit.objects.filter(name_th__icontains=query).select_related("province", "district")
        results.count()
        list(results[:25])

    p50, p95 = percentiles(search, queries)
    base50, base95 = percentiles(naive_search, queries)
    line("unit search p50 (Thai-aware, former names)", f"{p50:.1f} ms", f"{base50:.1f} ms", base50 / p50)
    line("unit search p95", f"{p95:.1f} ms", f"{base95:.1f} ms", base95 / p95)

    directory = matching.load_directory()
    letter = [
        matching.LetterRow(
            line=i,
            number=str(i),
            name=row.values["name_th"],
            district=row.values["district_th"],
            province=row.values["province_th"],
        )
        for i, row in enumerate(rows, start=1)
    ]
    matched = seconds(lambda: matching.match_rows(letter, directory))
    by_province: dict[str, list[str]] = {}
    for name, province in Unit.objects.values_list("name_th", "province__name_th"):
        by_province.setdefault(province, []).append(name)
    plain = seconds(
        lambda: [difflib.get_close_matches(r.name, by_province.get(r.province, []), n=1) for r in letter]
    )
    line(
        f"match_units, all {len(letter):,} units (vs difflib)",
        f"{matched:.2f} s",
        f"{plain:.2f} s",
        plain / matched,
    )
