"""Sign-in with ThaiD and sign-out. Every failure ends on a page that says what to do next."""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from siang.accounts import thaid
from siang.accounts.services import AccountError, user_from_thaid
from siang.lib.net import client_ip

logger = logging.getLogger(__name__)

SIGNIN_STARTS_PER_MINUTE = 10
AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class FailurePage:
    title: Promise
    happened: Promise
    next_step: Promise
    status: int
    not_your_fault: bool = False


_TRY_LATER = _(
    "Please try again in a few minutes. If it keeps happening, call the PACC hotline 1206 "
    "and give them the reference number below."
)

FAILURES: dict[str, FailurePage] = {
    "denied": FailurePage(
        _("You did not allow the sign-in"),
        _("The sign-in was cancelled at ThaiD, so you are not signed in to Siang."),
        _("If you want to sign in, try again and allow Siang to read your details in ThaiD."),
        400,
    ),
    "bad_state": FailurePage(
        _("This sign-in is no longer valid"),
        _(
            "The page ThaiD sent you back to was already used, was opened in another browser, "
            "or the sign-in took more than ten minutes. You are not signed in."
        ),
        _("Start the sign-in again from this site."),
        400,
    ),
    "code_expired": FailurePage(
        _("The sign-in took too long"),
        _(
            "ThaiD's confirmation had expired or was already used when Siang checked it. "
            "You are not signed in."
        ),
        _("Try again, and go straight on when the ThaiD app confirms."),
        400,
    ),
    "invalid_scope": FailurePage(
        _("Siang cannot sign you in with ThaiD right now"),
        _("ThaiD refused the details Siang asked for."),
        _TRY_LATER,
        502,
        not_your_fault=True,
    ),
    "invalid_client": FailurePage(
        _("Siang cannot sign you in with ThaiD right now"),
        _("ThaiD did not accept Siang's credentials."),
        _TRY_LATER,
        502,
        not_your_fault=True,
    ),
    "bad_id_token": FailurePage(
        _("ThaiD's answer could not be verified"),
        _("The answer from ThaiD did not pass Siang's security checks, so you were not signed in."),
        _TRY_LATER,
        502,
    ),
    "invalid_citizen_id": FailurePage(
        _("ThaiD sent a citizen ID that is not valid"),
        _("The citizen ID in ThaiD's answer failed the check-digit test, so Siang cannot open your account."),
        _(
            "Try again. If it happens again, contact the Department of Provincial Administration "
            "(call 1548) about your ThaiD record, or the PACC hotline 1206 with the reference number below."
        ),
        502,
    ),
    "unreachable": FailurePage(
        _("ThaiD cannot be reached right now"),
        _("Siang could not connect to ThaiD, or ThaiD did not answer in time. You are not signed in."),
        _TRY_LATER,
        502,
    ),
    "provider_error": FailurePage(
        _("ThaiD could not complete the sign-in"),
        _("ThaiD reported a problem, or sent an answer Siang could not use. You are not signed in."),
        _TRY_LATER,
        502,
    ),
    "account": FailurePage(
        _("Your account cannot be opened"),
        _("ThaiD confirmed who you are, but Siang could not open an account with those details."),
        _TRY_LATER,
        400,
    ),
    "rate_limited": FailurePage(
        _("Too many sign-in attempts"),
        _("There have been many sign-in attempts from your network in the last minute."),
        _("Please wait a minute, then try again."),
        429,
    ),
}


def _safe_next(value: str | None) -> str:
    """Only a path on this site: never another host, so a link cannot send people elsewhere."""
    if value and value.startswith("/") and url_has_allowed_host_and_scheme(value, allowed_hosts=None):
        return value
    return ""


def _signin_url(next_url: str) -> str:
    url = reverse("signin")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _start_allowed(request: HttpRequest) -> bool:
    """At most SIGNIN_STARTS_PER_MINUTE sign-ins begun per client address and clock minute."""
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"thaid:signin-starts:{address}:{int(time.time() // 60)}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count <= SIGNIN_STARTS_PER_MINUTE


def allow_form_targets(response: HttpResponse, origins: list[str]) -> HttpResponse:
    """The site's CSP, with these origins added to `form-action` (see thaid.form_targets)."""
    if origins:
        extra = " ".join(origins)
        response["Content-Security-Policy"] = re.sub(
            r"form-action ([^;]*)",
            lambda m: f"form-action {m.group(1)} {extra}",
            settings.CONTENT_SECURITY_POLICY,
        )
    return response


def _failure(request: HttpRequest, kind: str, *, next_url: str, detail: str = "") -> HttpResponse:
    page = FAILURES[kind]
    reference = secrets.token_hex(4).upper()
    logger.warning("thaid sign-in failed: kind=%s ref=%s detail=%s", kind, reference, detail or "-")
    context = {"page": page, "kind": kind, "reference": reference, "try_again": _signin_url(next_url)}
    response = render(request, "accounts/thaid_error.html", context, status=page.status)
    if page.status == 429:
        response["Retry-After"] = "60"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    """GET: the sign-in page. POST (with CSRF): begin signing in at ThaiD."""
    next_url = _safe_next(request.POST.get("next") or request.GET.get("next"))
    if request.method == "GET":
        response = render(request, "accounts/signin.html", {"next": next_url})
        return allow_form_targets(response, thaid.form_targets())
    if not _start_allowed(request):
        return _failure(request, "rate_limited", next_url=next_url)
    try:
        url = thaid.start(request, next_url=next_url)
    except thaid.ThaidFailure as failure:
        return _failure(request, failure.kind, next_url=next_url, detail=failure.detail)
    return HttpResponseRedirect(url)


@never_cache
@require_GET
def thaid_callback(request: HttpRequest) -> HttpResponse:
    """Where ThaiD sends the person back, with a code (or an error) and our state."""
    try:
        result = thaid.finish(request)
    except thaid.ThaidFailure as failure:
        return _failure(request, failure.kind, next_url=failure.next_url, detail=failure.detail)
    identity = result.identity
    try:
        user = user_from_thaid(
            subject=identity.subject,
            citizen_id=identity.citizen_id,
            name_th=identity.name_th,
            name_en=identity.name_en,
        )
    except AccountError as error:
        return _failure(request, "account", next_url=result.next_url, detail=str(error))
    previous_tokens = request.session.get(thaid.TOKENS_SESSION_KEY)
    login(request, user, backend=AUTH_BACKEND)  # a new session key: no fixation
    request.session.pop(thaid.PENDING_SESSION_KEY, None)
    request.session[thaid.TOKENS_SESSION_KEY] = result.tokens
    logger.info("thaid sign-in: user %s signed in", user.pk)
    if previous_tokens:  # signed in again in this browser: the old tokens are of no more use
        thaid.revoke(previous_tokens)
    return redirect(result.next_url or thaid.home_url())


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    """End the session here first; then ask ThaiD to revoke the token. A ThaiD failure is logged only."""
    tokens = request.session.get(thaid.TOKENS_SESSION_KEY)
    was_signed_in = request.user.is_authenticated
    logout(request)
    if tokens:
        thaid.revoke(tokens)
    if was_signed_in:
        messages.success(request, _("You have signed out of Siang."))
    return redirect("signin")
