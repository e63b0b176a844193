"""ThaiD sign-in tests: Siang's client against the sandbox, over real HTTP on a live server."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import cache

from siang.accounts import thaid
from siang.accounts.personas import PERSONAS
from siang.lib.citizen_id import is_valid_citizen_id

DISCOVERY_PATH = "/thaid-sandbox/.well-known/openid-configuration"
SIGNIN_PATH = "/accounts/signin/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached provider metadata must not leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _no_citizen_id_in_logs(caplog):
    """Whatever a test does, the 13 digits of the people in it never reach the log."""
    yield
    logged = caplog.text
    for someone in PERSONAS:
        assert someone.citizen_id not in logged
    for number in re.findall(r"(?<!\d)\d{13}(?!\d)", logged):
        assert not is_valid_citizen_id(number), "a citizen ID was logged"


@pytest.fixture
def sandbox(live_server, settings) -> str:
    """The live server's sandbox as Siang's provider, found through discovery over HTTP."""
    settings.THAID_DISCOVERY_URL = live_server.url + DISCOVERY_PATH
    settings.SITE_URL = live_server.url
    settings.THAID_TIMEOUT_SECONDS = 5
    return live_server.url


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return unescape(match.group(1))


@dataclass
class Step:
    response: requests.Response

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def location(self) -> str:
        return self.response.headers.get("Location", "")

    @property
    def text(self) -> str:
        return self.response.text


class Person:
    """A person's browser, made of requests: keeps cookies, follows redirects one at a time, reads
    English pages (the language switch's cookie), and posts forms with their CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = requests.Session()
        self.http.cookies.set("siang_lang", "en")

    def url(self, path: str) -> str:
        return urljoin(self.base, path)

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.url(path), allow_redirects=False, timeout=15)

    def post_form(
        self, page_url: str, data: dict[str, str], *, form_action: str | None = None
    ) -> requests.Response:
        page = self.http.get(self.url(page_url), allow_redirects=False, timeout=15)
        fields = {"csrfmiddlewaretoken": _hidden(page.text, "csrfmiddlewaretoken"), **data}
        return self.http.post(
            self.url(form_action or page_url), data=fields, allow_redirects=False, timeout=15
        )

    def start(self, *, next_url: str = "") -> requests.Response:
        """Press "Sign in with ThaiD": a redirect to the provider's sign-in page (or a failure page)."""
        return self.post_form(SIGNIN_PATH, {"next": next_url} if next_url else {})

    def to_sandbox(self, *, next_url: str = "") -> str:
        started = self.start(next_url=next_url)
        assert started.status_code == 302, started.text[:500]
        return started.headers["Location"]

    def choose(self, sandbox_url: str, data: dict[str, str]) -> requests.Response:
        """Submit one of the sandbox's forms; returns ThaiD's answer (a redirect to the callback)."""
        return self.post_form(sandbox_url, data)

    def callback_url(self, *, persona: str = "admin_a", next_url: str = "") -> str:
        answer = self.choose(self.to_sandbox(next_url=next_url), {"action": "persona", "persona": persona})
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]

    def sign_in(self, *, persona: str = "admin_a", next_url: str = "") -> requests.Response:
        return self.get(self.callback_url(persona=persona, next_url=next_url))

    @property
    def session(self) -> SessionStore:
        return SessionStore(session_key=self.http.cookies.get("sessionid"))


def query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def pending_attempt(person: Person, state: str) -> dict:
    return person.session[thaid.PENDING_SESSION_KEY][state]


@pytest.fixture
def person(sandbox) -> Person:
    return Person(sandbox)


def assert_failure_page(response: requests.Response, *, status: int, title: str) -> str:
    """A failure page: the right status, one <h1> saying what happened, what to do, a way back."""
    html = response.text
    assert response.status_code == status, html[:800]
    assert re.findall(r"<h1>(.*?)</h1>", html) == [title.replace("'", "&#x27;")]
    assert "What to do next:" in html
    assert 'href="/accounts/signin/' in html and ">Try again</a>" in html
    assert re.search(r"Reference number: [0-9A-F]{8}", html)
    return unescape(html)


def signed_in_user_id(person: Person) -> str | None:
    if not person.http.cookies.get("sessionid"):
        return None
    return person.session.get("_auth_user_id")
