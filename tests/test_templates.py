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
