"""Printed documents (posters, official lists, letters): a template laid out by WeasyPrint.

Thai is shaped with the Sarabun files the app ships, so no system font is needed; templates
point their @font-face at `{{ fonts }}`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string


def fonts_uri() -> str:
    return (Path(settings.BASE_DIR) / "static" / "fonts").as_uri()


def layout(template: str, context: dict[str, Any]) -> Any:
    """The laid-out WeasyPrint document, for callers that split or count its pages."""
    from weasyprint import HTML  # type: ignore[import-untyped]  # imported here: it takes a second to load

    html = render_to_string(template, {**context, "fonts": fonts_uri()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return bytes(layout(template, context).write_pdf())
