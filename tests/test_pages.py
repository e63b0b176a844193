"""Every public page: one <h1>, landmarks, the CSP, nothing fetched from another site."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Every named page, with the arguments it needs. A new URL must be added here, or the
# coverage test below fails: that is how every page gets the checks in this file.
NON_HTML = {"healthz", "switch_language"}


def page_urls(phrae) -> dict[str, str]:
    unit = phrae["units"]["a"]
    return {
        "home": reverse("home"),
        "unit_search": reverse("unit_search") + "?q=แพร่",
        "unit_detail": reverse("unit_detail", args=[unit.pk]),
        "province_list": reverse("province_list"),
    }


def _named_patterns(patterns, prefix="") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _named_patterns(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


class PageStructure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script" and not attributes.get("src"):
            self.inline_scripts += 1

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)

    def attribute_values(self, *names: str) -> list[str]:
        return [value for _, attrs in self.tags for key, value in attrs.items() if key in names and value]

    def inline_handlers(self) -> list[str]:
        return [key for _, attrs in self.tags for key in attrs if key.startswith("on")]


def test_every_named_url_is_checked_here(phrae):
    named = _named_patterns(get_resolver().url_patterns)
    assert named - NON_HTML == set(page_urls(phrae))


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_page_is_well_formed_and_self_contained(client, phrae, language):
    client.cookies["siang_lang"] = language
    for name, url in page_urls(phrae).items():
        response = client.get(url)
        assert response.status_code == 200, name
        page = PageStructure()
        page.feed(response.content.decode())
        assert page.count("h1") == 1, f"{name} must have exactly one <h1>"
        assert page.count("main") == 1 and page.count("header") >= 1 and page.count("footer") == 1, name
        assert dict(page.tags)["html"]["lang"] == language
        assert page.inline_scripts == 0 and not page.inline_handlers(), f"{name} has inline script"
        assert "style" not in {key for _, attrs in page.tags for key in attrs}, f"{name} has inline style"
        external = [
            url for url in page.attribute_values("src", "href", "action") if re.match(r"^(https?:)?//", url)
        ]
        assert external == [], f"{name} loads from another site: {external}"
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_every_form_field_has_a_label(client, phrae):
    for name, url in page_urls(phrae).items():
        page = PageStructure()
        page.feed(client.get(url).content.decode())
        label_targets = {attrs.get("for") for tag, attrs in page.tags if tag == "label"}
        for tag, attrs in page.tags:
            if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
                assert attrs.get("id") in label_targets, f"{name}: {tag} {attrs} has no label"


def test_skip_link_leads_to_the_main_landmark(client, phrae):
    html = client.get(reverse("home")).content.decode()
    assert re.search(r'<a class="skip-link" href="#main">', html)
    assert 'id="main"' in html


def test_unknown_address_gets_the_friendly_not_found_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()
