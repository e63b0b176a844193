"""Where a request came from, as far as this server can tell."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address the request came from. Behind the TLS proxy (SECURE_PROXY_SSL_HEADER set) the
    proxy's own X-Forwarded-For entry, the last one, is the client; earlier entries can be forged.
    Without it every citizen behind the proxy would share the proxy's address and its limits."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))
