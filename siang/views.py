from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from siang.lib import worker_health
from siang.lib.storage import private_backend

logger = logging.getLogger(__name__)


@require_GET
def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """Remember the chosen language and go back to the page the person was on.

    A plain link, so it works without JavaScript and without a form on every page.
    """
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
        )
    return response


def _database() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # A connection the server dropped (a restart) stays broken: the next check connects anew.
        connection.close()
        raise


def _cache() -> None:
    key, value = f"healthz:{secrets.token_hex(8)}", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the value written was not read back")
    cache.delete(key)


def _storage() -> None:
    """Write, read back and delete a file where the private files go (local disk or the bucket)."""
    storage = private_backend()
    name = storage.save(f"healthz/{secrets.token_hex(8)}.txt", ContentFile(b"ok"))
    try:
        with storage.open(name) as stored:
            if stored.read() != b"ok":
                raise RuntimeError("the file written was not read back")
    finally:
        storage.delete(name)


def _run_check(name: str, check: Callable[[], dict[str, Any] | None]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        found = check() or {}
    except Exception as error:  # a health check reports every failure instead of raising it
        logger.warning("healthz: %s failed: %s", name, error)
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1), **found}


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The detailed report for monitoring: 503 when any part fails. Not for a load balancer."""
    checks = {
        "database": _run_check("database", _database),
        "cache": _run_check("cache", _cache),
        "storage": _run_check("storage", _storage),
    }
    if worker_health.uses_broker():
        checks["broker"] = _run_check("broker", worker_health.broker_report)
    else:
        checks["tasks"] = {"ok": True, "runs": "in-process"}  # no broker: the web process runs them
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 while this node can serve pages, that is while its database
    answers. A broker, worker or storage outage must not take every node out, and with them
    the citizen form."""
    database = _run_check("database", _database)
    return JsonResponse({"ready": database["ok"]}, status=200 if database["ok"] else 503)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
