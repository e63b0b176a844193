"""The sign-in pages, the failure page and the sandbox's pages keep the site's page rules."""

from __future__ import annotations

import re

import pytest

from tests.test_pages import PageStructure
from tests.thaid.conftest import SIGNIN_PATH, Person

pytestmark = pytest.mark.django_db(transaction=True)


def _check(response, name: str) -> None:
    page = PageStructure()
    page.feed(response.text)
    assert page.count("h1") == 1, f"{name} must have exactly one <h1>"
    assert page.count("main") == 1 and page.count("footer") == 1, name
    assert page.inline_scripts == 0 and not page.inline_handlers(), f"{name} has inline script"
    assert "style" not in {key for _, attrs in page.tags for key in attrs}, f"{name} has inline style"
    external = [url for url in page.attribute_values("src", "href") if re.match(r"^(https?:)?//", url)]
    assert external == [], f"{name} loads from another site: {external}"
    labels = {attrs.get("for") for tag, attrs in page.tags if tag == "label"}
    for tag, attrs in page.tags:
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            assert attrs.get("id") in labels, f"{name}: {tag} {attrs} has no label"
    for tag, attrs in page.tags:
        if tag == "form" and attrs.get("method") == "post":
            assert 'name="csrfmiddlewaretoken"' in response.text, name
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("language", ["th", "en"])
def test_sign_in_and_sandbox_pages_are_well_formed(sandbox, personas, language):
    person = Person(sandbox)
    person.http.cookies.set("siang_lang", language)
    _check(person.get(SIGNIN_PATH), "signin")
    sandbox_url = person.to_sandbox()
    _check(person.get(sandbox_url), "sandbox sign-in")
    mistyped = {"action": "manual", "name_th": "นายทดสอบ", "citizen_id": "1"}
    _check(person.choose(sandbox_url, mistyped), "sandbox sign-in with errors")
    _check(person.get(sandbox_url.replace("client_id=siang-demo", "client_id=nobody")), "sandbox error")
    answer = person.choose(sandbox_url, {"action": "deny"})
    _check(person.get(answer.headers["Location"]), "failure page")
    person.sign_in()
    _check(person.get(SIGNIN_PATH), "signin while signed in")


def test_the_sign_in_form_may_lead_to_thaid_on_another_site(client, db, settings):
    settings.THAID_DISCOVERY_URL = "https://imauth.bora.dopa.go.th/.well-known/openid-configuration"

    policy = client.get(SIGNIN_PATH)["Content-Security-Policy"]

    assert "form-action 'self' https://imauth.bora.dopa.go.th;" in policy
    assert "script-src 'self';" in policy
    # Other pages keep the site's strict policy.
    assert "form-action 'self';" in client.get("/")["Content-Security-Policy"]
