"""The documentation stands on its own: every link leads to a file of this repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_every_link_and_path_in_the_documents_is_inside_the_repository():
    dead = []
    for document in DOCUMENTS:
        text = document.read_text()
        for target in LINK.findall(text):
            if re.match(r"^[a-z]+:|^#", target):
                continue
            path = (document.parent / target.split("#")[0]).resolve()
            if not path.is_relative_to(ROOT) or not path.exists():
                dead.append(f"{document.name}: {target}")
        # A path out of the repository is dead in a clone, linked or not (`../shared/DESIGN.md`).
        for found in re.findall(r"(?:\.\./)+[\w./-]+", text):
            path = (document.parent / found).resolve()
            if not path.is_relative_to(ROOT) or not path.exists():
                dead.append(f"{document.name}: {found}")
    assert dead == []


def test_the_readme_links_the_architecture():
    readme = (ROOT / "README.md").read_text()
    assert "](docs/architecture.md)" in readme
    architecture = (ROOT / "docs" / "architecture.md").read_text()
    for part in ("## Roles", "## Workflows", "## Domain model", "## Code layout"):
        assert part in architecture, part
