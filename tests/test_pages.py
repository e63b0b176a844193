"""Every public page: one <h1>, landmarks, the CSP, nothing fetched from another site."""

from __future__ import annotations

import importlib
import importlib.util
import re
from html.parser import HTMLParser

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Every named page, with the arguments it needs and who looks at it. A new URL must be added
# here, or the coverage test below fails: that is how every page gets the checks in this file.
NOT_PAGES = {
    "healthz": "JSON",
    "readyz": "JSON",
    "switch_language": "redirect",
    "application_document": "PDF",
    "pacc_overseer_decide": "POST, then redirect",
    "unit_user_decide": "POST, then redirect",
    "unit_user_revoke": "POST, then redirect",
    "signout": "POST, then redirect",
    "thaid_callback": "redirect; its failure page is checked in tests/thaid/test_pages.py",
    "authorize": "the sandbox's sign-in page, checked in tests/thaid/test_pages.py",
    "discovery": "JSON",
    "token": "JSON",
    "introspect": "JSON",
    "revoke": "JSON",
    "userinfo": "JSON",
    "jwks": "JSON",
    "catalog_submit": "POST, then redirect",
    "catalog_departments_order": "POST, then redirect (or the departments page with the error)",
    "catalog_department_retire": "POST, then redirect",
    "catalog_process_move": "POST, then redirect",
    "catalog_process_discard": "POST, then redirect",
    "catalog_review_approve": "POST, then redirect",
    "catalog_template_offer": "POST, then redirect",
    "catalog_import_template": "Excel workbook",
    "catalog_export": "Excel workbook",
}

# Each later app lists its own pages in tests/<app>/pages.py: NOT_PAGES (name → why) and
# PAGE_NAMES, and urls(phrae, personas) → {name: (url, persona)} for exactly those names,
# building whatever objects its pages need.
APP_PAGES = [
    importlib.import_module(f"tests.{app}.pages")
    for app in ("servicepoints", "feedback", "casework", "reporting", "exports")
    if importlib.util.find_spec(f"tests.{app}.pages")
]
for _module in APP_PAGES:
    NOT_PAGES |= _module.NOT_PAGES


@pytest.fixture
def application(phrae, personas):
    from siang.accounts import services
    from siang.accounts.documents import check_pdf, expected_file_name
    from tests.accounts.pdfs import upload

    unit = phrae["units"]["a"]
    document = upload(expected_file_name(unit))
    return services.admin_application_submit(
        user=personas["user_a"],
        unit=unit,
        document=document,
        listed_names=["นายสมศักดิ์ บริการ"],
        checked=check_pdf(document),
    )


@pytest.fixture
def catalogue(phrae, personas):
    from tests.catalog.helpers import build_catalogue

    return build_catalogue(phrae, personas)


def _catalogue_urls(unit, catalogue) -> dict[str, tuple[str, str | None]]:
    keys = ("department", "approved", "draft", "template", "waiting")
    ids = {key: getattr(catalogue.get(key), "pk", 0) for key in keys}
    return {
        "catalog_unit": (reverse("catalog_unit", args=[unit.pk]), "user_a"),
        "catalog_departments": (reverse("catalog_departments", args=[unit.pk]), "admin_a"),
        "catalog_department_edit": (
            reverse("catalog_department_edit", args=[unit.pk, ids["department"]]),
            "admin_a",
        ),
        "catalog_process_new": (reverse("catalog_process_new", args=[unit.pk]), "user_a"),
        "catalog_process": (reverse("catalog_process", args=[unit.pk, ids["approved"]]), "user_a"),
        "catalog_process_edit": (reverse("catalog_process_edit", args=[unit.pk, ids["draft"]]), "user_a"),
        "catalog_process_history": (
            reverse("catalog_process_history", args=[unit.pk, ids["approved"]]),
            "admin_a",
        ),
        "catalog_review_queue": (reverse("catalog_review_queue", args=[unit.pk]), "admin_a"),
        "catalog_review": (reverse("catalog_review", args=[unit.pk, ids["waiting"]]), "admin_a"),
        "catalog_templates": (reverse("catalog_templates"), "pacc"),
        "catalog_template_edit": (reverse("catalog_template_edit", args=[ids["template"]]), "pacc"),
        "catalog_import": (reverse("catalog_import", args=[unit.pk]), "user_a"),
        "catalog_template": (reverse("catalog_template", args=[ids["template"]]), "user_a"),
        "service_manual": (reverse("service_manual", args=[unit.pk, ids["approved"]]), None),
    }


def page_urls(phrae, application=None, catalogue=None, personas=None) -> dict[str, tuple[str, str | None]]:
    """name → (url, the persona who opens it, or None for anyone)."""
    unit = phrae["units"]["a"]
    apps: dict[str, tuple[str, str | None]] = {}
    for module in APP_PAGES:
        if personas is None:
            apps |= dict.fromkeys(module.PAGE_NAMES, ("", None))
            continue
        urls = module.urls(phrae, personas)
        assert set(urls) == set(module.PAGE_NAMES), module.__name__
        apps |= urls
    return (
        apps
        | _catalogue_urls(unit, catalogue or {})
        | {
            "home": (reverse("home"), None),
            "unit_search": (reverse("unit_search") + "?q=แพร่", None),
            "unit_detail": (reverse("unit_detail", args=[unit.pk]), None),
            "province_list": (reverse("province_list"), None),
            "signin": (reverse("signin"), None),
            "account_home": (reverse("account_home"), "admin_a"),
            "profile": (reverse("profile"), "admin_a"),
            "notifications": (reverse("notifications"), "admin_a"),
            "role_request": (reverse("role_request") + "?q=แพร่", "admin_b"),
            "request_admin": (reverse("request_admin", args=[unit.pk]), "admin_b"),
            "request_user": (reverse("request_user", args=[unit.pk]), "admin_b"),
            "request_overseer": (reverse("request_overseer"), "admin_b"),
            "pacc_applications": (reverse("pacc_applications"), "pacc"),
            "pacc_application": (
                reverse("pacc_application", args=[application.pk if application else 0]),
                "pacc",
            ),
            "pacc_overseers": (reverse("pacc_overseers"), "pacc"),
            "pacc_officers": (reverse("pacc_officers"), "pacc"),
            "pacc_undelivered": (reverse("pacc_undelivered"), "pacc"),
            "unit_users": (reverse("unit_users", args=[unit.pk]), "admin_a"),
        }
    )


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
    assert named - set(NOT_PAGES) == set(page_urls(phrae))


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_page_is_well_formed_and_self_contained(
    client, phrae, personas, application, catalogue, language
):
    for name, (url, persona) in page_urls(phrae, application, catalogue, personas).items():
        client.logout()
        client.cookies["siang_lang"] = language
        if persona:
            client.force_login(personas[persona])
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert "{#" not in html and "#}" not in html, f"{name} shows a template comment"
        assert "?&amp;" not in html, f"{name} builds a link with an empty parameter"
        page = PageStructure()
        page.feed(html)
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


def test_every_form_field_has_a_label(client, phrae, personas, application, catalogue):
    for name, (url, persona) in page_urls(phrae, application, catalogue, personas).items():
        client.logout()
        if persona:
            client.force_login(personas[persona])
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
