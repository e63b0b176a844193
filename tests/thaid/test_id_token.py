"""The client's checks on what ThaiD sends, one by one, without a server: ID tokens, IDs, expiry."""

from __future__ import annotations

import time

import pytest
from joserfc import jwt
from joserfc.jwk import ECKey, OctKey

from siang.accounts import thaid
from siang.accounts.personas import persona

ISSUER = "https://imauth.example"
NONCE = "n-0S6_WzA2Mj"
PID = persona("newcomer").citizen_id


@pytest.fixture(autouse=True)
def _client(settings):
    settings.THAID_CLIENT_ID = "siang-demo"


@pytest.fixture
def key() -> ECKey:
    return ECKey.generate_key("P-256", parameters={"kid": "k1"})


@pytest.fixture
def provider(key) -> thaid.Provider:
    provider = thaid.Provider(
        discovery_url=f"{ISSUER}/.well-known/openid-configuration",
        issuer=ISSUER,
        authorization_endpoint=f"{ISSUER}/api/v2/oauth2/auth/",
        token_endpoint=f"{ISSUER}/api/v2/oauth2/token/",
        jwks_uri=f"{ISSUER}/api/v2/oauth2/jwks/",
        userinfo_endpoint="",
        revocation_endpoint="",
        pkce=True,
    )
    thaid.cache.set(thaid._cache_key("jwks", provider.jwks_uri), {"keys": [key.as_dict(private=False)]})
    return provider


def claims(**changes) -> dict:
    now = int(time.time())
    values = {"iss": ISSUER, "sub": PID, "aud": "siang-demo", "iat": now, "exp": now + 600, "nonce": NONCE}
    values.update(changes)
    return {name: value for name, value in values.items() if value is not None}


def signed(key, payload: dict, alg: str = "ES256") -> dict:
    return {
        "access_token": "at",
        "id_token": jwt.encode({"alg": alg, "kid": "k1"}, payload, key, algorithms=[alg]),
    }


def test_a_good_id_token_gives_its_claims(provider, key):
    assert thaid.verify_id_token(provider, signed(key, claims(pid=PID)), nonce=NONCE)["pid"] == PID


@pytest.mark.parametrize(
    ("changes", "why"),
    [
        ({"iss": "https://elsewhere.example"}, "iss"),
        ({"aud": "another-client"}, "aud"),
        ({"aud": None}, "aud"),
        ({"exp": -120}, "exp"),  # seconds from now, when the test runs
        ({"iat": 600}, "issued in the future"),
        ({"nonce": "someone-else's"}, "nonce"),
        ({"nonce": None}, "nonce"),
    ],
)
def test_an_id_token_with_a_wrong_claim_is_refused(provider, key, changes, why):
    # Times are taken when the test runs, not when the module is collected: a long run (the whole
    # suite takes minutes) would otherwise make "600 seconds ahead" the past.
    changes = {
        name: int(time.time()) + value if name in ("exp", "iat") else value for name, value in changes.items()
    }
    with pytest.raises(thaid.ThaidFailure) as failure:
        thaid.verify_id_token(provider, signed(key, claims(**changes)), nonce=NONCE)
    assert failure.value.kind == "bad_id_token" and why in failure.value.detail


def test_an_id_token_signed_by_another_key_is_refused(provider):
    impostor = ECKey.generate_key("P-256", parameters={"kid": "k1"})
    with pytest.raises(thaid.ThaidFailure, match="BadSignatureError"):
        thaid.verify_id_token(provider, signed(impostor, claims()), nonce=NONCE)


def test_an_id_token_signed_with_a_shared_secret_is_refused(provider, key):
    # The classic confusion: HMAC "signed" with the public key, or any secret. Only ES256 is taken.
    secret = OctKey.import_key("a-secret-that-is-long-enough-for-hs256!!")
    with pytest.raises(thaid.ThaidFailure) as failure:
        thaid.verify_id_token(provider, signed(secret, claims(), alg="HS256"), nonce=NONCE)
    assert failure.value.kind == "bad_id_token"


def test_no_id_token_is_refused(provider):
    with pytest.raises(thaid.ThaidFailure, match="no id_token"):
        thaid.verify_id_token(provider, {"access_token": "at"}, nonce=NONCE)


def test_a_new_key_at_thaid_is_fetched_once(provider, monkeypatch):
    rotated = ECKey.generate_key("P-256", parameters={"kid": "k2"})
    fetched: list[str] = []

    def fetch(url: str) -> dict:
        fetched.append(url)
        return {"keys": [rotated.as_dict(private=False)]}

    monkeypatch.setattr(thaid, "_get_json", fetch)
    token = {"id_token": jwt.encode({"alg": "ES256", "kid": "k2"}, claims(), rotated, algorithms=["ES256"])}

    assert thaid.verify_id_token(provider, token, nonce=NONCE)["sub"] == PID
    assert fetched == [provider.jwks_uri]


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ({"expire_in": 1_900_000_000}, 1_900_000_000),
        ({"expires_in": 1_900_000_000}, 1_900_000_000),
        ({"expires_in": "1900000000"}, 1_900_000_000),
        ({"expires_in": 3600}, "in an hour"),
        ({"expire_in": "soon", "expires_in": 3600}, "in an hour"),
        ({}, None),
    ],
)
def test_token_expiry_reads_thaids_absolute_time_and_the_standard_lifetime(token, expected):
    expiry = thaid.token_expiry(token)
    if expected == "in an hour":
        assert expiry is not None and abs(expiry - (time.time() + 3600)) < 5
    else:
        assert expiry == expected


def test_the_citizen_id_comes_from_pid_or_else_sub(provider):
    from_pid = thaid._identity(
        provider, {"sub": "opaque-subject", "pid": PID, "name": "นายธนา รอสิทธิ์"}, access_token=""
    )
    assert (from_pid.citizen_id, from_pid.subject, from_pid.name_th) == (
        PID,
        "opaque-subject",
        "นายธนา รอสิทธิ์",
    )

    from_sub = thaid._identity(
        provider, {"sub": PID, "title": "นาย", "given_name": "ธนา", "family_name": "รอสิทธิ์"}, access_token=""
    )
    assert (from_sub.citizen_id, from_sub.subject, from_sub.name_th) == (PID, "", "นาย ธนา รอสิทธิ์")


@pytest.mark.parametrize("sent", ["1234567890123", "12345", "", "x" * 13])
def test_an_invalid_citizen_id_is_refused(provider, sent):
    with pytest.raises(thaid.ThaidFailure) as failure:
        thaid._identity(provider, {"sub": sent, "pid": sent}, access_token="")
    assert failure.value.kind == "invalid_citizen_id"
    assert not sent or sent not in failure.value.detail


def test_names_missing_from_the_id_token_are_asked_of_userinfo_for_the_same_person(provider, monkeypatch):
    provider = thaid.Provider(
        **{**provider.__dict__, "userinfo_endpoint": f"{ISSUER}/api/v2/oauth2/userinfo/"}
    )
    answers = {"sub": PID, "name": "นายธนา รอสิทธิ์", "name_en": "Thana Rosit"}
    monkeypatch.setattr(thaid, "_userinfo", lambda provider, access_token: answers)

    identity = thaid._identity(provider, {"sub": PID, "pid": PID}, access_token="at")
    assert (identity.name_th, identity.name_en) == ("นายธนา รอสิทธิ์", "Thana Rosit")

    answers["sub"] = "someone-else"
    assert thaid._identity(provider, {"sub": PID, "pid": PID}, access_token="at").name_th == ""
