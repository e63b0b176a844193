"""Optional: remember staff networks on every signed-in request, not only at sign-in.

Add "siang.feedback.middleware.StaffNetworkMiddleware" after AuthenticationMiddleware. A
staff member whose phone moves to the office Wi-Fi mid-session is then known on that network
too. Citizens (no session cookie) cost nothing; a member costs one cache read per request and
one small write per network per day.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from siang.feedback import integrity


class StaffNetworkMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            remember_if_staff(request)
        return self.get_response(request)


def remember_if_staff(request: HttpRequest) -> None:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    digest = integrity.network_hash(request)
    key = f"feedback:staffnet:{user.pk}:{digest}"
    if cache.get(key):
        return
    from siang.policy import staff_unit_ids

    unit_ids = staff_unit_ids(user)
    integrity.remember_staff_network(unit_ids=unit_ids, request=request)
    cache.set(key, True, 24 * 3600)
