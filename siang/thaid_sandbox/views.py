"""The sandbox's endpoints, at ThaiD's paths. JSON endpoints are called by servers, not browsers,
so they are exempt from CSRF; they authenticate the client with HTTP Basic instead."""

from __future__ import annotations

import logging

from authlib.consts import default_json_headers  # type: ignore[import-untyped]
from authlib.oauth2 import OAuth2Error  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.util import scope_to_list  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from siang.accounts.models import Role
from siang.accounts.personas import PERSONAS
from siang.accounts.signin_views import allow_form_targets
from siang.accounts.thaid import origin
from siang.lib.citizen_id import masked
from siang.thaid_sandbox import keys
from siang.thaid_sandbox.forms import PersonForm
from siang.thaid_sandbox.server import SandboxServer, bearer_token, person_claims, sign_in

logger = logging.getLogger(__name__)

# What each scope means to the person asked to allow it.
SCOPE_WORDS = {
    "pid": _("your citizen ID"),
    "name": _("your name in Thai"),
    "name_en": _("your name in English"),
    "title": _("your title in Thai"),
    "given_name": _("your given name in Thai"),
    "family_name": _("your family name in Thai"),
    "title_en": _("your title in English"),
    "given_name_en": _("your given name in English"),
    "family_name_en": _("your family name in English"),
}


def _role_label(role: str | None) -> str:
    return str(Role(role).label) if role else str(_("no role yet"))


def _json(data: object, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for header, value in default_json_headers:
        response.headers.setdefault(header, value)
    return response


@require_GET
def discovery(request: HttpRequest) -> JsonResponse:
    return _json(SandboxServer(request).metadata())


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    return _json(keys.public_jwks())


@never_cache
@require_http_methods(["GET", "POST"])
def authorize(request: HttpRequest) -> HttpResponse:
    """ThaiD's sign-in page: pick a demo person, type one, or refuse."""
    server = SandboxServer(request)
    try:
        grant = server.get_consent_grant(request)
    except OAuth2Error as error:
        if error.redirect_uri:  # the client is known: it hears about the error at its callback
            return server.handle_error_response(request, error)
        logger.info("thaid sandbox: refused an authorization request: %s", error.error)
        context = {"error": error.error, "description": error.description or ""}
        return render(request, "thaid_sandbox/error.html", context, status=400)

    form = PersonForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "deny":
            return server.create_authorization_response(request, grant_user=None, grant=grant)
        if action == "persona":
            persona = next((p for p in PERSONAS if p.key == request.POST.get("persona")), None)
            if persona is not None:
                person = sign_in(
                    citizen_id=persona.citizen_id, name_th=persona.name_th, name_en=persona.name_en
                )
                return server.create_authorization_response(request, grant_user=person, grant=grant)
        if action == "manual":
            form = PersonForm(request.POST)
            if form.is_valid():
                person = sign_in(**form.cleaned_data)
                return server.create_authorization_response(request, grant_user=person, grant=grant)

    asked = [SCOPE_WORDS[s] for s in scope_to_list(grant.request.scope) or [] if s in SCOPE_WORDS]
    context = {
        "form": form,
        "asked": asked,
        "personas": [(p, _role_label(p.role), masked(p.citizen_id)) for p in PERSONAS],
    }
    response = render(request, "thaid_sandbox/authorize.html", context, status=400 if form.errors else 200)
    # The forms here answer with a redirect to the client, which may be another site.
    return allow_form_targets(response, [origin(grant.redirect_uri)])


def _refused(error: OAuth2Error) -> JsonResponse:
    """An error Authlib raises before its own handling starts (plain http to a host that is not
    the machine itself): an OAuth error answer, as for any other refused request."""
    return _json(dict(error.get_body()), status=error.status_code)


@csrf_exempt
@require_POST
def token(request: HttpRequest) -> HttpResponse:
    try:
        return SandboxServer(request).create_token_response(request)
    except OAuth2Error as error:
        return _refused(error)


@csrf_exempt
@require_POST
def introspect(request: HttpRequest) -> HttpResponse:
    try:
        return SandboxServer(request).create_endpoint_response("introspection", request)
    except OAuth2Error as error:
        return _refused(error)


@csrf_exempt
@require_POST
def revoke(request: HttpRequest) -> HttpResponse:
    try:
        return SandboxServer(request).create_endpoint_response("revocation", request)
    except OAuth2Error as error:
        return _refused(error)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def userinfo(request: HttpRequest) -> HttpResponse:
    access = bearer_token(request)
    if access is None or "openid" not in (scope_to_list(access.scope) or []):
        response = _json({"error": "invalid_token"}, status=401)
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response
    return _json(person_claims(access.person, access.scope))
