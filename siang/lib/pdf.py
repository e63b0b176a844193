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


def _import_weasyprint() -> Any:
    """WeasyPrint, imported here because it takes a second to load.

    Importing it turns on Pillow's process-wide `LOAD_TRUNCATED_IMAGES`, after which any
    truncated image would load; put Pillow's default (off) back: our documents embed only images
    we made ourselves, which are whole.
    """
    import weasyprint  # type: ignore[import-untyped]
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return weasyprint


def layout(template: str, context: dict[str, Any]) -> Any:
    """The laid-out WeasyPrint document, for callers that split or count its pages."""
    HTML = _import_weasyprint().HTML

    html = render_to_string(template, {**context, "fonts": fonts_uri()})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render()


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    return bytes(layout(template, context).write_pdf())
