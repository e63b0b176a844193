"""A person in a real Chromium signs in through the sandbox's page, on a 360 px phone."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session

from siang.lib.citizen_id import with_check_digit
from tests.browsers import screenshot
from tests.thaid.conftest import SIGNIN_PATH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _english(page, base: str) -> None:
    page.context.add_cookies([{"name": "siang_lang", "value": "en", "url": base}])


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _signed_in_user_ids() -> set[str]:
    return {str(s.get_decoded().get("_auth_user_id")) for s in Session.objects.all()} - {"None"}


def test_a_persona_signs_in_through_the_sandbox_page(sandbox, personas, phone):
    _english(phone, sandbox)
    phone.goto(sandbox + SIGNIN_PATH)
    assert phone.get_by_role("heading", level=1).inner_text() == "Staff sign-in"
    screenshot(phone, "signin-360-en")

    phone.get_by_role("button", name="Sign in with ThaiD").click()

    assert phone.get_by_role("heading", level=1).inner_text() == "Sign in with ThaiD (sandbox)"
    assert "/thaid-sandbox/api/v2/oauth2/auth/" in phone.url
    assert "not the real ThaiD" in phone.locator(".sandbox-banner").inner_text()
    assert _fits_the_screen(phone)
    screenshot(phone, "thaid-sandbox-360-en")

    phone.get_by_role("button", name=re.compile("นางมาลี ใจงาม")).click()

    phone.wait_for_url(re.compile(r"/accounts/home/$"))
    assert _signed_in_user_ids() == {str(personas["admin_a"].pk)}
    phone.goto(sandbox + SIGNIN_PATH)
    assert "You are signed in as นางมาลี ใจงาม." in phone.locator("main").inner_text()

    phone.locator("main").get_by_role("button", name="Sign out").click()
    assert "You have signed out of Siang." in phone.locator("main").inner_text()
    assert _signed_in_user_ids() == set()


def test_cancelling_at_thaid_explains_and_offers_to_try_again(sandbox, personas, phone):
    _english(phone, sandbox)
    phone.goto(sandbox + SIGNIN_PATH)
    phone.get_by_role("button", name="Sign in with ThaiD").click()

    phone.get_by_role("button", name="Cancel / do not allow").click()

    assert phone.get_by_role("heading", level=1).inner_text() == "You did not allow the sign-in"
    assert phone.get_by_role("alert").is_visible()
    assert _fits_the_screen(phone)
    screenshot(phone, "thaid-error-360-en")
    phone.get_by_role("link", name="Try again").click()
    assert phone.get_by_role("button", name="Sign in with ThaiD").is_visible()
    assert _signed_in_user_ids() == set()


def test_a_mistyped_citizen_id_is_explained_and_kept_for_correcting(sandbox, phrae, phone):
    _english(phone, sandbox)
    phone.goto(sandbox + SIGNIN_PATH)
    phone.get_by_role("button", name="Sign in with ThaiD").click()
    good = with_check_digit("310990054321")
    mistyped = good[:12] + str((int(good[12]) + 1) % 10)

    phone.get_by_label("Full name in Thai, with title").fill("นางสาวพิมพ์ ผิดหลัก")
    phone.get_by_label("Citizen ID (13 digits)").fill(mistyped)
    phone.get_by_role("button", name="Sign in as this person").click()

    assert "the check digit" in phone.locator("#id_citizen_id-error").inner_text()
    assert phone.get_by_label("Citizen ID (13 digits)").input_value() == mistyped
    assert phone.get_by_label("Full name in Thai, with title").input_value() == "นางสาวพิมพ์ ผิดหลัก"
    assert _fits_the_screen(phone)
    screenshot(phone, "thaid-sandbox-check-digit-360-en")

    phone.get_by_label("Citizen ID (13 digits)").fill(good)
    phone.get_by_role("button", name="Sign in as this person").click()
    # A person new to Siang gives their contact details first.
    phone.wait_for_url(re.compile(r"/accounts/profile/"))
    assert len(_signed_in_user_ids()) == 1


def test_signing_in_at_a_thaid_on_another_origin_passes_the_content_security_policy(
    live_server, personas, phone, settings
):
    # As in production, ThaiD is another site: here the same server under another name.
    thaid_origin = live_server.url.replace("localhost", "127.0.0.1")
    assert thaid_origin != live_server.url
    settings.THAID_DISCOVERY_URL = thaid_origin + "/thaid-sandbox/.well-known/openid-configuration"
    settings.THAID_REDIRECT_URI = live_server.url + "/accounts/thaid/callback/"
    blocked: list[str] = []
    phone.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security" in message.text else None,
    )
    _english(phone, live_server.url)
    _english(phone, thaid_origin)
    phone.set_default_timeout(10_000)

    phone.goto(live_server.url + SIGNIN_PATH)
    phone.get_by_role("button", name="Sign in with ThaiD").click()
    phone.wait_for_url(re.compile(re.escape(thaid_origin) + "/thaid-sandbox/"))
    phone.get_by_role("button", name=re.compile("นายสมศักดิ์ บริการ")).click()

    phone.wait_for_url(re.compile(re.escape(live_server.url) + r"/accounts/home/$"))
    assert blocked == []
    assert _signed_in_user_ids() == {str(personas["user_a"].pk)}
