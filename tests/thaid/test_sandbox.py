"""The ThaiD sandbox as a provider: ThaiD's paths and quirks, strict about codes, clients and IDs."""

from __future__ import annotations

import time
from html import unescape

import pytest
import requests
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from siang.accounts import thaid
from siang.accounts.personas import persona
from siang.lib.citizen_id import with_check_digit
from siang.thaid_sandbox.models import SigningKey, Token
from tests.thaid.conftest import DISCOVERY_PATH, Person, pending_attempt, query

pytestmark = pytest.mark.django_db(transaction=True)

CLIENT = ("siang-demo", "siang-demo-secret")


def _token_request(base: str, callback: str, verifier: str, *, auth=CLIENT) -> requests.Response:
    return requests.post(
        f"{base}/thaid-sandbox/api/v2/oauth2/token/",
        data={
            "grant_type": "authorization_code",
            "code": query(callback)["code"],
            "redirect_uri": callback.split("?")[0],
            "code_verifier": verifier,
        },
        auth=auth,
        timeout=10,
    )


def _code_for(person: Person, key: str = "admin_a") -> tuple[str, str]:
    """A fresh code from the sandbox, and the PKCE verifier Siang's client made for it."""
    callback = person.callback_url(persona=key)
    return callback, pending_attempt(person, query(callback)["state"])["verifier"]


def test_discovery_describes_thaid_at_this_server(sandbox):
    metadata = requests.get(sandbox + DISCOVERY_PATH, timeout=10).json()

    issuer = sandbox + "/thaid-sandbox"
    assert metadata["issuer"] == issuer
    for endpoint in ("auth", "token", "introspect", "revoke", "userinfo", "jwks"):
        assert f"{issuer}/api/v2/oauth2/{endpoint}/" in metadata.values()
    assert metadata["jwks_uri"] == f"{issuer}/api/v2/oauth2/jwks/"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["id_token_signing_alg_values_supported"] == ["ES256"]
    assert metadata["token_endpoint_auth_methods_supported"] == ["client_secret_basic"]
    assert {"openid", "pid", "name", "name_en"} <= set(metadata["scopes_supported"])


def test_one_es256_key_is_made_kept_and_published_without_its_private_part(sandbox):
    first = requests.get(sandbox + "/thaid-sandbox/api/v2/oauth2/jwks/", timeout=10).json()
    second = requests.get(sandbox + "/thaid-sandbox/api/v2/oauth2/jwks/", timeout=10).json()

    assert first == second and len(first["keys"]) == 1
    key = first["keys"][0]
    assert (key["kty"], key["crv"], key["alg"], key["use"]) == ("EC", "P-256", "ES256", "sig")
    assert "d" not in key
    stored = SigningKey.objects.get()
    assert stored.kid == key["kid"] and "d" in stored.private_jwk


def test_the_token_response_gives_the_expiry_as_a_unix_time_like_thaid(person, personas):
    callback, verifier = _code_for(person)

    response = _token_request(person.base, callback, verifier)

    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    token = response.json()
    assert token["token_type"] == "Bearer" and token["id_token"] and "refresh_token" not in token
    assert token["expire_in"] == token["expires_in"]
    assert 3590 < token["expire_in"] - time.time() <= 3600
    assert thaid.token_expiry(token) == token["expire_in"]


def test_a_code_works_once_and_its_replay_revokes_what_it_gave(person, personas):
    callback, verifier = _code_for(person)
    first = _token_request(person.base, callback, verifier)
    assert first.status_code == 200

    replay = _token_request(person.base, callback, verifier)

    assert replay.status_code == 400 and replay.json()["error"] == "invalid_grant"
    assert Token.objects.get(access_token=first.json()["access_token"]).revoked


def test_the_code_needs_the_pkce_verifier_it_was_made_with(person, personas):
    callback, _verifier = _code_for(person)

    response = _token_request(person.base, callback, "x" * 64)

    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"


def test_a_wrong_client_secret_is_refused(person, personas):
    callback, verifier = _code_for(person)

    response = _token_request(person.base, callback, verifier, auth=("siang-demo", "guess"))

    assert response.status_code == 401 and response.json()["error"] == "invalid_client"
    assert "Basic" in response.headers["WWW-Authenticate"]
    # The refused request did not use the code up.
    assert _token_request(person.base, callback, verifier).status_code == 200


def test_userinfo_answers_a_live_bearer_token_only(person, personas):
    callback, verifier = _code_for(person, "user_a")
    access = _token_request(person.base, callback, verifier).json()["access_token"]
    userinfo = f"{person.base}/thaid-sandbox/api/v2/oauth2/userinfo/"

    claims = requests.get(userinfo, headers={"Authorization": f"Bearer {access}"}, timeout=10).json()

    somsak = persona("user_a")
    assert claims == {
        "sub": somsak.citizen_id,
        "pid": somsak.citizen_id,
        "name": "นายสมศักดิ์ บริการ",
        "given_name": "สมศักดิ์",
        "family_name": "บริการ",
        "name_en": "Somsak Borikan",
        "given_name_en": "Somsak",
        "family_name_en": "Borikan",
    }
    assert requests.get(userinfo, timeout=10).status_code == 401
    requests.post(
        f"{person.base}/thaid-sandbox/api/v2/oauth2/revoke/", data={"token": access}, auth=CLIENT, timeout=10
    )
    assert (
        requests.get(userinfo, headers={"Authorization": f"Bearer {access}"}, timeout=10).status_code == 401
    )


def test_introspection_needs_the_client_credentials(person, personas):
    callback, verifier = _code_for(person)
    access = _token_request(person.base, callback, verifier).json()["access_token"]
    introspect = f"{person.base}/thaid-sandbox/api/v2/oauth2/introspect/"

    assert requests.post(introspect, data={"token": access}, timeout=10).status_code == 401
    answer = requests.post(introspect, data={"token": access}, auth=CLIENT, timeout=10).json()
    assert answer["active"] is True and answer["client_id"] == "siang-demo"
    assert answer["iss"] == person.base + "/thaid-sandbox"


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("client_id", "someone-else"),
        ("redirect_uri", "https://evil.example/accounts/thaid/callback/"),
        ("redirect_uri", "http://localhost:1/accounts/thaid/callback/"),
    ],
)
def test_a_request_from_an_unknown_client_or_return_address_stays_at_the_sandbox(person, change, value):
    sandbox_url = person.to_sandbox()
    params = {**query(sandbox_url), change: value}

    response = person.http.get(sandbox_url.split("?")[0], params=params, allow_redirects=False, timeout=10)

    assert response.status_code == 400 and "Location" not in response.headers
    assert "This sign-in request is not valid" in response.text


@pytest.mark.parametrize("method", [None, "plain"])
def test_the_sandbox_takes_pkce_with_s256_only(person, method):
    sandbox_url = person.to_sandbox()
    params = {k: v for k, v in query(sandbox_url).items() if k != "code_challenge_method"}
    if method:
        params["code_challenge_method"] = method

    response = person.http.get(sandbox_url.split("?")[0], params=params, allow_redirects=False, timeout=10)

    assert response.status_code == 302 and query(response.headers["Location"])["error"] == "invalid_request"


def test_the_sandbox_insists_on_a_nonce(person):
    sandbox_url = person.to_sandbox()
    params = {k: v for k, v in query(sandbox_url).items() if k != "nonce"}

    response = person.http.get(sandbox_url.split("?")[0], params=params, allow_redirects=False, timeout=10)

    assert response.status_code == 302 and query(response.headers["Location"])["error"] == "invalid_request"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (with_check_digit("310990054321")[:12] + "X", "A citizen ID has exactly 13 digits."),
        ("12345", "A citizen ID has exactly 13 digits."),
        (
            with_check_digit("310990054321")[:12] + str((int(with_check_digit("310990054321")[12]) + 1) % 10),
            "This citizen ID is not valid: its last digit (the check digit) does not match the first twelve.",
        ),
    ],
)
def test_a_typed_citizen_id_with_a_wrong_check_digit_is_refused_and_the_form_keeps_it(person, typed, message):
    sandbox_url = person.to_sandbox()
    data = {
        "action": "manual",
        "name_th": "นายทดสอบ พิมพ์ผิด",
        "name_en": "Thodsob Phimphid",
        "citizen_id": typed,
    }

    response = person.choose(sandbox_url, data)

    page = unescape(response.text)
    assert response.status_code == 400 and "Location" not in response.headers
    assert message in page and "Please correct the details below." in page
    assert f'value="{typed}"' in page
    assert 'value="นายทดสอบ พิมพ์ผิด"' in page and 'value="Thodsob Phimphid"' in page
    # Nothing went back to Siang; the person can correct the number and go on.
    fixed = {**data, "citizen_id": with_check_digit("310990054321")}
    assert person.choose(sandbox_url, fixed).status_code == 302


def test_the_sandbox_refuses_to_start_with_production_settings(settings):
    config = apps.get_app_config("thaid_sandbox")
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="refuses to start with production settings"):
        config.ready()
    settings.PRODUCTION = False
    config.ready()
