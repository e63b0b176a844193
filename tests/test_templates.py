"""Static checks over every template file, for faults no single page test would find."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_no_template_comment_spans_lines():
    """Django's {# … #} is one line only; a longer one is printed on the page as it is."""
    spanning = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\{#(?!.*#\})", line):
                spanning.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert spanning == [], "use {% comment %} … {% endcomment %} for these"


def test_pages_name_units_areas_and_departments_in_the_readers_language():
    """`.display_name` picks the English name in English. Only printed letters and posters (always
    Thai) and lines that show both names on purpose use `name_th` directly."""
    thai_only = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        if "print" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            both = "name_en" in line
            if not both and re.search(r"\b(unit|province|district|department)\.name_th\b", line):
                thai_only.append(f"{path.relative_to(TEMPLATES)}:{number}")
    assert thai_only == []
