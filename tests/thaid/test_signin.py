"""Signing in and out with ThaiD, end to end: Siang's client and the sandbox over real HTTP."""

from __future__ import annotations

import datetime as dt
import time
from html import unescape

import pytest
import requests
import time_machine
from django.test import Client

from siang.accounts import citizen_ids, thaid
from siang.accounts.models import User
from siang.lib.citizen_id import with_check_digit
from siang.thaid_sandbox.models import AuthorizationCode, Token
from tests.thaid.conftest import SIGNIN_PATH, Person, query, signed_in_user_id

pytestmark = pytest.mark.django_db(transaction=True)

NEWCOMER_ID = with_check_digit("310990012345")
TYPED = {"action": "manual", "name_th": "นางสาวทดลอง  ใช้งานดี", "name_en": "Thodlong Chai-ngandee"}


def introspect(base: str, token: str) -> dict:
    response = requests.post(
        f"{base}/thaid-sandbox/api/v2/oauth2/introspect/",
        data={"token": token},
        auth=("siang-demo", "siang-demo-secret"),
        timeout=10,
    )
    assert response.status_code == 200
    return response.json()


def test_persona_signs_in_and_lands_on_their_home(person, personas):
    users_before = User.objects.count()
    sandbox_url = person.to_sandbox()
    session_before = person.http.cookies.get("sessionid")

    page = person.get(sandbox_url)
    assert page.status_code == 200
    assert "Sign in as a demo person" in page.text and "นางมาลี ใจงาม" in page.text
    answer = person.choose(sandbox_url, {"action": "persona", "persona": "admin_a"})
    landed = person.get(answer.headers["Location"])

    assert landed.status_code == 302 and landed.headers["Location"] == "/accounts/home/"
    assert User.objects.count() == users_before
    admin = personas["admin_a"]
    assert signed_in_user_id(person) == str(admin.pk)
    assert person.http.cookies.get("sessionid") != session_before, "the session key must change at sign-in"
    tokens = person.session[thaid.TOKENS_SESSION_KEY]
    assert tokens["access_token"] and 3500 < tokens["expires_at"] - time.time() <= 3600
    assert thaid.PENDING_SESSION_KEY not in person.session
    assert "You are signed in as นางมาลี ใจงาม." in unescape(person.get(SIGNIN_PATH).text)

    code = AuthorizationCode.objects.get()
    assert code.nonce and code.code_challenge_method == "S256" and code.used_at is not None
    assert introspect(person.base, tokens["access_token"])["active"] is True


def test_a_new_person_gets_one_account_however_often_they_sign_in(sandbox, phrae):
    typed = {
        **TYPED,
        "citizen_id": f"{NEWCOMER_ID[:1]}-{NEWCOMER_ID[1:5]}-{NEWCOMER_ID[5:10]}-{NEWCOMER_ID[10:]}",
    }
    for _ in range(2):
        person = Person(sandbox)
        answer = person.choose(person.to_sandbox(), typed)
        assert person.get(answer.headers["Location"]).status_code == 302

    user = User.objects.get(citizen_id_digest=citizen_ids.digest(NEWCOMER_ID))
    assert User.objects.count() == 1
    assert signed_in_user_id(person) == str(user.pk)
    assert (user.name_th, user.name_en) == ("นางสาวทดลอง ใช้งานดี", "Thodlong Chai-ngandee")
    assert user.citizen_id_masked == f"x-xxxx-xxxxx-{NEWCOMER_ID[10:12]}-{NEWCOMER_ID[12]}"
    assert citizen_ids.unseal(user.citizen_id_sealed) == NEWCOMER_ID
    # ThaiD's `sub` is the citizen ID itself: it must not be kept in the clear as the subject.
    assert user.thaid_sub is None
    assert not User.objects.filter(username__contains=NEWCOMER_ID).exists()


@pytest.mark.parametrize(
    ("asked", "landing"),
    [
        ("/units/?q=แพร่", "/units/?q=แพร่"),
        ("https://evil.example/phish", "/accounts/home/"),
        ("//evil.example/phish", "/accounts/home/"),
        ("javascript:alert(1)", "/accounts/home/"),
    ],
)
def test_only_a_path_on_this_site_is_followed_after_sign_in(person, personas, asked, landing):
    landed = person.sign_in(next_url=asked)
    assert landed.status_code == 302
    assert requests.utils.unquote(landed.headers["Location"]) == landing


def test_sign_out_ends_the_session_and_revokes_the_token_at_thaid(person, personas):
    person.sign_in()
    access = person.session[thaid.TOKENS_SESSION_KEY]["access_token"]
    assert introspect(person.base, access)["active"] is True

    out = person.post_form(SIGNIN_PATH, {}, form_action="/accounts/signout/")

    assert out.status_code == 302 and out.headers["Location"] == SIGNIN_PATH
    page = person.get(SIGNIN_PATH).text
    assert "You have signed out of Siang." in page and "Sign in with ThaiD" in page
    assert signed_in_user_id(person) is None
    assert introspect(person.base, access) == {"active": False}
    assert Token.objects.get(access_token=access).revoked


def test_sign_out_still_happens_when_thaid_cannot_be_reached(person, personas, caplog):
    person.sign_in()
    access = person.session[thaid.TOKENS_SESSION_KEY]["access_token"]
    provider = thaid.load_provider(person.base + "/thaid-sandbox/.well-known/openid-configuration")
    cached = thaid.cache.get(thaid._cache_key("discovery", provider.discovery_url))
    thaid.cache.set(
        thaid._cache_key("discovery", provider.discovery_url),
        {**cached, "revocation_endpoint": "http://127.0.0.1:9/api/v2/oauth2/revoke/"},
    )

    out = person.post_form(SIGNIN_PATH, {}, form_action="/accounts/signout/")

    assert out.status_code == 302
    assert signed_in_user_id(person) is None
    assert "revoking the access_token failed: ConnectionError" in caplog.text
    assert introspect(person.base, access)["active"] is True  # ThaiD never heard of it


def test_sign_out_is_a_post_with_a_csrf_token(person, personas):
    person.sign_in()
    assert person.get("/accounts/signout/").status_code == 405
    forged = person.http.post(person.url("/accounts/signout/"), allow_redirects=False, timeout=10)
    assert forged.status_code == 403
    assert signed_in_user_id(person) is not None


def test_starting_a_sign_in_needs_the_form_not_a_link(person):
    forged = person.http.post(person.url(SIGNIN_PATH), allow_redirects=False, timeout=10)
    assert forged.status_code == 403
    assert person.get(SIGNIN_PATH).status_code == 200


def test_sign_in_starts_are_rate_limited_per_address(person, sandbox):
    next_minute = (int(time.time()) // 60 + 1) * 60 + 1
    with time_machine.travel(dt.datetime.fromtimestamp(next_minute, tz=dt.UTC), tick=True) as traveller:
        for _ in range(10):
            assert person.start().status_code == 302

        limited = person.start()

        assert limited.status_code == 429 and limited.headers["Retry-After"] == "60"
        assert "Too many sign-in attempts" in limited.text and "Please wait a minute" in limited.text
        # Another address is not held back by this one.
        other = Client(REMOTE_ADDR="192.0.2.7").post(SIGNIN_PATH)
        assert other.status_code == 302 and other["Location"].startswith(sandbox + "/thaid-sandbox/")
        # A minute later the same address may try again.
        traveller.shift(60)
        assert person.start().status_code == 302


def test_a_sign_in_started_in_another_tab_still_completes(person, personas):
    first_tab = person.to_sandbox()
    second_tab = person.to_sandbox()
    answer = person.choose(first_tab, {"action": "persona", "persona": "user_a"})
    assert query(answer.headers["Location"])["state"] == query(first_tab)["state"]
    assert person.get(answer.headers["Location"]).headers["Location"] == "/accounts/home/"
    assert signed_in_user_id(person) == str(personas["user_a"].pk)
    assert query(second_tab)["state"] != query(first_tab)["state"]


def test_signing_in_again_revokes_the_tokens_of_the_earlier_sign_in(person, personas):
    person.sign_in(persona="admin_a")
    earlier = person.session[thaid.TOKENS_SESSION_KEY]["access_token"]

    person.sign_in(persona="user_a")

    now = person.session[thaid.TOKENS_SESSION_KEY]["access_token"]
    assert signed_in_user_id(person) == str(personas["user_a"].pk)
    assert introspect(person.base, earlier) == {"active": False}
    assert introspect(person.base, now)["active"] is True


def test_a_forged_host_header_changes_neither_where_thaid_is_asked_nor_where_it_sends_back(
    person, personas, settings
):
    # A site that answers to any name (ALLOWED_HOSTS=*) and uses its own sandbox (no discovery
    # URL, no redirect URI): both must come from SITE_URL, whatever Host the request names.
    settings.ALLOWED_HOSTS = ["*"]
    settings.THAID_DISCOVERY_URL = ""
    settings.THAID_REDIRECT_URI = ""
    forged = "127.0.0.1:9"  # nothing listens there; asking it would fail the sign-in
    page = person.get(SIGNIN_PATH)
    token = unescape(page.text.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])

    started = requests.post(
        person.url(SIGNIN_PATH),
        data={"csrfmiddlewaretoken": token},
        headers={"Host": forged, "Cookie": "; ".join(f"{k}={v}" for k, v in person.http.cookies.items())},
        allow_redirects=False,
        timeout=15,
    )

    assert started.status_code == 302, started.text[:500]
    to_thaid = started.headers["Location"]
    assert to_thaid.startswith(person.base + "/thaid-sandbox/api/v2/oauth2/auth/")
    assert query(to_thaid)["redirect_uri"] == person.base + "/accounts/thaid/callback/"
    assert forged not in to_thaid
    # ThaiD's answer brings the person back to the real address.
    answer = person.choose(to_thaid, {"action": "persona", "persona": "admin_a"})
    assert answer.headers["Location"].startswith(person.base + "/accounts/thaid/callback/?")
