"""Every way a ThaiD sign-in can fail ends on a clear page, is logged, and signs nobody in."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
import time_machine

from siang.accounts import thaid
from siang.accounts.models import User
from siang.lib.citizen_id import with_check_digit
from tests.thaid.conftest import (
    DISCOVERY_PATH,
    SIGNIN_PATH,
    Person,
    assert_failure_page,
    query,
    signed_in_user_id,
)

pytestmark = pytest.mark.django_db(transaction=True)

NOT_SET_UP = "This is a problem with Siang's connection to ThaiD, not with you or your ThaiD account."
CALL_PACC = "call the PACC hotline 1206"


@pytest.fixture
def users_before(personas) -> int:
    return User.objects.count()


def _poison_discovery(person: Person, **changes: str) -> None:
    """Make the cached discovery document say something else, as a misconfigured provider would."""
    url = person.base + DISCOVERY_PATH
    thaid.load_provider(url)
    key = thaid._cache_key("discovery", url)
    thaid.cache.set(key, {**thaid.cache.get(key), **changes})


def test_the_person_cancels_at_thaid(person, users_before, caplog):
    answer = person.choose(person.to_sandbox(next_url="/units/"), {"action": "deny"})
    assert query(answer.headers["Location"])["error"] == "access_denied"

    page = assert_failure_page(
        person.get(answer.headers["Location"]), status=400, title="You did not allow the sign-in"
    )

    assert "try again and allow Siang to read your details" in page
    assert signed_in_user_id(person) is None and User.objects.count() == users_before
    assert "kind=denied" in caplog.text


def test_thaid_says_user_denied(person, users_before):
    state = query(person.to_sandbox())["state"]

    response = person.get(f"/accounts/thaid/callback/?error=user_denied&state={state}")

    assert_failure_page(response, status=400, title="You did not allow the sign-in")
    assert signed_in_user_id(person) is None


def test_thaid_refuses_a_scope_it_does_not_know(person, settings, users_before, caplog):
    settings.THAID_SCOPES = "openid pid name bank_account"
    at_thaid = person.get(person.to_sandbox())
    assert at_thaid.status_code == 302 and query(at_thaid.headers["Location"])["error"] == "invalid_scope"

    page = assert_failure_page(
        person.get(at_thaid.headers["Location"]),
        status=502,
        title="Siang cannot sign you in with ThaiD right now",
    )

    assert "ThaiD refused the details Siang asked for." in page and NOT_SET_UP in page and CALL_PACC in page
    assert User.objects.count() == users_before
    assert "kind=invalid_scope" in caplog.text


def test_thaid_refuses_a_wrong_client_secret(person, settings, users_before, caplog):
    settings.THAID_CLIENT_SECRET = "not-the-registered-secret"

    page = assert_failure_page(
        person.sign_in(), status=502, title="Siang cannot sign you in with ThaiD right now"
    )

    assert "ThaiD did not accept Siang's credentials." in page and NOT_SET_UP in page
    assert signed_in_user_id(person) is None and User.objects.count() == users_before
    assert "kind=invalid_client" in caplog.text and "token endpoint said invalid_client" in caplog.text


def test_a_callback_url_works_once(person, sandbox, personas):
    callback = person.callback_url()
    assert person.get(callback).headers["Location"] == "/accounts/home/"

    again = person.get(callback)
    assert_failure_page(again, status=400, title="This sign-in is no longer valid")

    # Someone else who gets hold of the address (a shared link, a proxy log) gets nowhere either.
    stranger = Person(sandbox)
    assert_failure_page(stranger.get(callback), status=400, title="This sign-in is no longer valid")
    assert signed_in_user_id(stranger) is None


def test_a_callback_url_is_used_up_even_when_the_sign_in_failed(person, personas):
    answer = person.choose(person.to_sandbox(), {"action": "deny"})
    assert_failure_page(
        person.get(answer.headers["Location"]), status=400, title="You did not allow the sign-in"
    )

    replay = person.get(answer.headers["Location"])

    assert_failure_page(replay, status=400, title="This sign-in is no longer valid")


@pytest.mark.parametrize("state", ["", "state=made-up"])
def test_a_callback_without_our_state_is_refused(person, personas, state):
    code = query(person.callback_url())["code"]

    response = person.get(f"/accounts/thaid/callback/?code={code}&{state}")

    page = assert_failure_page(response, status=400, title="This sign-in is no longer valid")
    assert "Start the sign-in again from this site." in page
    assert signed_in_user_id(person) is None


def test_a_code_older_than_a_minute_is_refused(person, personas, caplog):
    callback = person.callback_url()

    with time_machine.travel(dt.timedelta(seconds=61), tick=True):
        response = person.get(callback)

    page = assert_failure_page(response, status=400, title="The sign-in took too long")
    assert "expired or was already used" in page
    assert signed_in_user_id(person) is None
    assert "token endpoint said invalid_grant" in caplog.text


def test_an_id_token_with_a_bad_signature_is_refused(person, settings, users_before, caplog):
    settings.THAID_SANDBOX_SIGN_WITH_UNPUBLISHED_KEY = True

    page = assert_failure_page(person.sign_in(), status=502, title="ThaiD's answer could not be verified")

    assert "did not pass Siang's security checks" in page and CALL_PACC in page
    assert signed_in_user_id(person) is None and User.objects.count() == users_before
    assert "kind=bad_id_token" in caplog.text and "BadSignatureError" in caplog.text


def test_an_id_token_for_another_attempt_is_refused(person, personas, caplog):
    callback = person.callback_url()
    session = person.session
    session[thaid.PENDING_SESSION_KEY][query(callback)["state"]]["nonce"] = "the-nonce-of-another-attempt"
    session.save()

    assert_failure_page(person.get(callback), status=502, title="ThaiD's answer could not be verified")
    assert signed_in_user_id(person) is None
    assert "InvalidClaimError" in caplog.text and "nonce" in caplog.text


def test_an_id_token_from_another_issuer_is_refused(person, personas, caplog):
    callback = person.callback_url()
    _poison_discovery(person, issuer="https://imauth.bora.dopa.go.th")

    assert_failure_page(person.get(callback), status=502, title="ThaiD's answer could not be verified")
    assert signed_in_user_id(person) is None
    assert "InvalidClaimError" in caplog.text and "'iss'" in caplog.text


def test_an_invalid_citizen_id_from_thaid_is_refused(person, monkeypatch, users_before, caplog):
    # A provider with a bug: the sandbox's own check-digit test is switched off.
    monkeypatch.setattr("siang.thaid_sandbox.forms.is_valid_citizen_id", lambda value: True)
    good = with_check_digit("310990054321")
    bad = good[:12] + str((int(good[12]) + 1) % 10)
    answer = person.choose(
        person.to_sandbox(),
        {"action": "manual", "name_th": "นายผิด เลขตรวจ", "name_en": "", "citizen_id": bad},
    )

    page = assert_failure_page(
        person.get(answer.headers["Location"]), status=502, title="ThaiD sent a citizen ID that is not valid"
    )

    assert "1548" in page and "1206" in page
    assert bad not in page
    assert signed_in_user_id(person) is None and User.objects.count() == users_before
    assert "kind=invalid_citizen_id" in caplog.text


def test_thaid_refusing_connections(person, settings, caplog):
    settings.THAID_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"

    page = assert_failure_page(person.start(), status=502, title="ThaiD cannot be reached right now")

    assert "did not answer in time" in page and CALL_PACC in page
    assert "kind=unreachable" in caplog.text and "ConnectionError" in caplog.text


def test_thaid_not_answering_in_time(person, settings, caplog):
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        settings.THAID_DISCOVERY_URL = (
            f"http://127.0.0.1:{silent.getsockname()[1]}/.well-known/openid-configuration"
        )
        settings.THAID_TIMEOUT_SECONDS = 1

        assert_failure_page(person.start(), status=502, title="ThaiD cannot be reached right now")

    assert "kind=unreachable" in caplog.text and "Timeout" in caplog.text


def test_thaid_going_down_in_the_middle_of_a_sign_in(person, personas, caplog):
    callback = person.callback_url()
    _poison_discovery(person, token_endpoint="http://127.0.0.1:9/api/v2/oauth2/token/")

    assert_failure_page(person.get(callback), status=502, title="ThaiD cannot be reached right now")
    assert signed_in_user_id(person) is None
    assert "token endpoint: ConnectionError" in caplog.text


def test_try_again_keeps_where_the_person_was_going(person, personas):
    answer = person.choose(person.to_sandbox(next_url="/units/"), {"action": "deny"})

    page = person.get(answer.headers["Location"]).text

    assert 'href="/accounts/signin/?next=%2Funits%2F">Try again</a>' in page
    assert 'name="next" value="/units/"' in person.get(SIGNIN_PATH + "?next=%2Funits%2F").text
