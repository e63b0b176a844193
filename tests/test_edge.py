"""The request edge: characters no database column can hold never reach a view.

PostgreSQL refuses NUL in text and no database takes a lone surrogate, so a `%00` in an address
or a form used to answer 500 there (SQLite stores it, so the embedded default hid it). The walk
below requests every URL pattern of the site with such characters in the path, the query string
and a posted form, as an anonymous citizen and as a PACC officer, and wants no 5xx anywhere.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django import forms
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import IntConverter

from siang.accounts import thaid
from tests.test_pages import application, catalogue, page_urls  # noqa: F401  (fixtures)

# Parameters the views read from the query string besides their forms' fields (which are added
# from every Form class below), and a few that no view reads.
QUERY_NAMES = {"x", "q", "code", "page", "next", "period", "state", "error", "format", "digits", "sent"}
BAD_VALUES = ("%00", "%ED%A0%80")  # NUL; a lone surrogate encoded as UTF-8 (invalid UTF-8)


def _patterns(resolvers, namespace: str = "") -> list[tuple[str, URLPattern]]:
    """(the name to reverse, with its namespace; the pattern) for every pattern of the site."""
    found = []
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            assert entry.name, f"{entry} has no name"
            found.append((namespace + entry.name, entry))
    return found


def _form_field_names() -> set[str]:
    names: set[str] = set()
    pending: list[type] = [forms.Form, forms.ModelForm]
    while pending:
        form = pending.pop()
        pending += form.__subclasses__()
        names |= set(getattr(form, "base_fields", {}))
    return names


def _every_url(known: dict[str, str]) -> list[str]:
    """One plausible address per URL pattern: the page's own when tests/test_pages.py knows it,
    otherwise the pattern filled with the values its arguments have on the known pages."""
    values: dict[str, object] = {}
    for url in known.values():
        values |= resolve(urlsplit(url).path).kwargs
    urls = []
    for name, pattern in _patterns(get_resolver().url_patterns):
        if name in known:
            urls.append(known[pattern.name])
            continue
        converters = pattern.pattern.converters
        kwargs = {
            argument: values.get(argument, "1" if isinstance(converter, IntConverter) else "x")
            for argument, converter in converters.items()
        }
        urls.append(reverse(name, kwargs=kwargs))
    return urls


def _spoilt(url: str, value: str, names: set[str]) -> list[str]:
    path, _sep, query = url.partition("?")
    extra = "&".join(f"{name}={value}" for name in sorted(names))
    return [
        f"{path}{value}",
        f"{path}?{query}&{extra}" if query else f"{path}?{extra}",
        f"{path}?{value}={value}",
    ]


@pytest.fixture
def sandbox_known(client, settings):
    """The sandbox's discovery document already cached, so signing in needs no network."""
    settings.THAID_DISCOVERY_URL = ""
    metadata = client.get(reverse("thaid_sandbox:discovery")).json()
    cache.set(thaid._cache_key("discovery", thaid.discovery_url()), metadata, 600)
    yield
    cache.clear()


def test_no_url_answers_a_server_error_to_characters_no_database_can_store(
    client,
    phrae,
    personas,
    application,  # noqa: F811  (the fixture imported above)
    catalogue,  # noqa: F811
    sandbox_known,
):
    known = {
        name: url for name, (url, _persona) in page_urls(phrae, application, catalogue, personas).items()
    }
    urls = _every_url(known)
    names = QUERY_NAMES | _form_field_names()
    walked = 0
    for persona in (None, "pacc"):
        for url in urls:
            client.logout()
            if persona:
                client.force_login(personas[persona])
            for value in BAD_VALUES:
                for spoilt in _spoilt(url, value, names):
                    response = client.get(spoilt)
                    assert response.status_code < 500, f"GET {spoilt} as {persona or 'anonymous'}"
                    walked += 1
            posted = {name: "x\x00y" for name in names} | {"csrfmiddlewaretoken": "x\x00"}
            response = client.post(url, posted)
            assert response.status_code < 500, f"POST {url} as {persona or 'anonymous'}"
            walked += 1
    print(f"walked {len(urls)} URL patterns, {walked} requests")  # noqa: T201  (the size of the walk, for CI logs)
    assert len(urls) == len(_patterns(get_resolver().url_patterns))


def test_a_null_character_in_a_path_is_the_friendly_not_found_page(client, phrae):
    response = client.get("/f/sw.js%00")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


def test_a_null_character_in_a_query_is_refused_with_a_page_that_says_why(client, english_client, phrae):
    response = client.get(reverse("feedback_track_lookup") + "?code=%00")
    assert response.status_code == 400
    assert "ที่อยู่นี้ใช้ไม่ได้" in response.content.decode()
    english = english_client.get(reverse("unit_search") + "?province=%00&q=แพร่")
    assert english.status_code == 400
    assert "This address cannot be used" in english.content.decode()
    assert english["Content-Language"] == "en"


def test_a_null_character_in_a_posted_field_is_taken_out_and_the_rest_kept(client, phrae, personas):
    from siang.catalog.models import Department

    unit = phrae["units"]["a"]
    client.force_login(personas["admin_a"])
    response = client.post(
        reverse("catalog_departments", args=[unit.pk]),
        {"sequence": "7", "name_th": "กองคลัง\x00", "name_en": "Fin\x00ance", "serves_public": "on"},
    )
    assert response.status_code == 302
    department = Department.objects.get(unit=unit, sequence=7)
    assert (department.name_th, department.name_en) == ("กองคลัง", "Finance")


def test_a_session_cookie_holding_a_null_character_is_ignored(client, phrae):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    response = client.get(reverse("home"))
    assert response.status_code == 200
