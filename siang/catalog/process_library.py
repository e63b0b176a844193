"""The national template library: JSON files in siang/catalog/library/, loaded into ProcessTemplate.

Each file `NN_slug.json` is one object with `slug` and the citizen-manual keys of
`siang.catalog.content` (the same keys as ProcessRevision). Loading is idempotent: a template is
created, updated when its file changed, or left alone. Every file is checked before anything is
written, so a bad file loads nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from siang.accounts.models import User
from siang.audit.services import audit_record
from siang.catalog import names
from siang.catalog.content import ContentError, apply_content, clean_content, content_of
from siang.catalog.models import ProcessTemplate

LIBRARY_DIR = Path(__file__).resolve().parent / "library"
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class LibraryError(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def read_file(path: Path) -> tuple[str, dict[str, Any]]:
    """(slug, checked content) of one library file, or LibraryError naming the file and the key."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise LibraryError([f"{path.name}: not readable JSON ({error})"]) from None
    if not isinstance(raw, dict):
        raise LibraryError([f"{path.name}: a JSON object is expected"])
    slug = raw.pop("slug", None)
    if not isinstance(slug, str) or not _SLUG.match(slug):
        raise LibraryError([f"{path.name}: slug must be lower-case letters, digits and - or _"])
    try:
        content = clean_content(raw)
    except ContentError as error:
        raise LibraryError([f"{path.name}: {error}"]) from None
    content["name_th"], content["name_en"] = (
        names.normalise(content["name_th"]),
        names.normalise(content["name_en"]),
    )
    if not content["name_th"]:
        raise LibraryError([f"{path.name}: name_th is required"])
    if names.manual_word_problem(content["name_th"]) is not None:
        raise LibraryError([f"{path.name}: name_th must be the process name only, without คู่มือ"])
    return slug, content


def read_folder(folder: Path) -> dict[str, dict[str, Any]]:
    problems: list[str] = []
    templates: dict[str, dict[str, Any]] = {}
    files: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            slug, content = read_file(path)
        except LibraryError as error:
            problems.extend(error.problems)
            continue
        if slug in templates:
            problems.append(f"{path.name}: slug {slug!r} is also used by {files[slug]}")
            continue
        templates[slug], files[slug] = content, path.name
    if problems:
        raise LibraryError(problems)
    return templates


@transaction.atomic
def load_library(folder: Path = LIBRARY_DIR, *, actor: User | None = None) -> LoadReport:
    """Create or update the templates from the folder's files. Templates without a file stay."""
    templates = read_folder(folder)
    existing = {t.slug: t for t in ProcessTemplate.objects.select_for_update().filter(slug__in=templates)}
    report = LoadReport()
    for slug, content in templates.items():
        template = existing.get(slug)
        if template is None:
            template = ProcessTemplate(slug=slug, updated_by=actor)
            apply_content(template, content)
            template.save()
            audit_record(actor=actor, action="process_template.created", obj=template, after={"slug": slug})
            report.created.append(slug)
            continue
        before = content_of(template)
        changed = apply_content(template, content)
        if changed:
            template.updated_by = actor
            template.save(update_fields=[*changed, "updated_by", "updated_at"])
            audit_record(
                actor=actor,
                action="process_template.updated",
                obj=template,
                before={key: before[key] for key in changed},
                after={key: content[key] for key in changed},
            )
            report.updated.append(slug)
        else:
            report.unchanged.append(slug)
    return report
