"""Request bodies judged by their declared size, before Django reads them.

Django streams uploaded files to memory or disk as it parses a form, and only a form's checks
refuse a file that is too large: by then the whole body has arrived. A view that takes uploads
asks `body_exceeds` first, and answers its own clear message without touching `request.POST`
or `request.FILES`. The proxy in front caps bodies too (README.md); this catches what it lets by.
"""

from __future__ import annotations

from django.http import HttpRequest


def declared_body_size(request: HttpRequest) -> int:
    """The body's size from its Content-Length header (0 when absent or not a number)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def body_exceeds(request: HttpRequest, limit: int) -> bool:
    return declared_body_size(request) > limit
