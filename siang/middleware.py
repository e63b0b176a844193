from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import translation

Handler = Callable[[HttpRequest], HttpResponse]

# What no database column can hold: NUL (PostgreSQL refuses it in text) and lone surrogates
# (not encodable in UTF-8, so no driver can send them).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def chosen_language(request: HttpRequest) -> str:
    """Thai unless the person chose English with the language switch."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _unstorable(texts: list[str]) -> bool:
    return UNSTORABLE.search("".join(texts)) is not None  # one search: the citizen form's POST


def _storable(data: QueryDict) -> QueryDict:
    """The posted fields with what cannot be stored taken out: NUL and lone surrogates are
    invisible, so nothing a person typed is lost, and the page keeps their answers."""
    cleaned = QueryDict(mutable=True)
    for key, values in data.lists():
        cleaned.setlist(UNSTORABLE.sub("", key), [UNSTORABLE.sub("", value) for value in values])
    cleaned._mutable = False
    return cleaned


class _StorableForms:
    """Mixed into a request's class: its posted fields are cleaned when the view first reads
    them. Cleaning lazily leaves the body unread until then, so a view can still refuse an upload
    from its declared size before receiving it."""

    _post: QueryDict

    def _load_post_and_files(self) -> None:
        super()._load_post_and_files()  # type: ignore[misc]
        posted = [text for key, values in self._post.lists() for text in (key, *values)]
        if _unstorable(posted):
            self._post = _storable(self._post)


_storable_classes: dict[type, type] = {}


def _with_storable_forms(request: HttpRequest) -> None:
    cls = type(request)
    if cls not in _storable_classes:
        _storable_classes[cls] = type(f"Storable{cls.__name__}", (_StorableForms, cls), {})
    request.__class__ = _storable_classes[cls]


class UnstorableCharactersMiddleware:
    """Keeps characters no database can store away from every view, in one place.

    An address with one in its path is not found (404); one in its query string is refused with a
    page that says why (400); a posted form field has them taken out; a cookie holding one is
    ignored (a forged session cookie would otherwise reach the session table). Placed before the
    session middleware, so nothing has read a cookie yet.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for name in [name for name, value in request.COOKIES.items() if _unstorable([name, value])]:
            del request.COOKIES[name]
        if _unstorable([request.path_info]):
            return self._refuse(request, status=404)
        if _unstorable([text for key, values in request.GET.lists() for text in (key, *values)]):
            return self._refuse(request, status=400)
        if request.method == "POST" and request.content_type in FORM_TYPES:
            _with_storable_forms(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, *, status: int) -> HttpResponse:
        template = "404.html" if status == 404 else "400.html"
        with translation.override(chosen_language(request)):
            response = render(request, template, status=status)
            response.headers["Content-Language"] = translation.get_language()
        response.headers["Cache-Control"] = "no-store"
        return response


class ContentSecurityPolicyMiddleware:
    """Sends the site's Content-Security-Policy on every response that has none of its own."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class ThaiFirstLocaleMiddleware:
    """Thai unless the person chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Thai government
    service speaks Thai first, whatever language the phone happens to be set to.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
