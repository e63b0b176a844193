"""The reporting app's pages: compliance (pages_compliance.py) and dashboards (pages_dashboards.py)."""

from __future__ import annotations

import importlib
import importlib.util

_PARTS = [
    importlib.import_module(f"tests.reporting.{name}")
    for name in ("pages_compliance", "pages_dashboards")
    if importlib.util.find_spec(f"tests.reporting.{name}")
]

NOT_PAGES: dict[str, str] = {}
PAGE_NAMES: set[str] = set()
for _part in _PARTS:
    NOT_PAGES |= _part.NOT_PAGES
    PAGE_NAMES |= set(_part.PAGE_NAMES)


def urls(phrae, personas) -> dict[str, tuple[str, str | None]]:
    found: dict[str, tuple[str, str | None]] = {}
    for part in _PARTS:
        found |= part.urls(phrae, personas)
    return found
