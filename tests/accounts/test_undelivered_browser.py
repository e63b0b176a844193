"""PACC's list of messages that could not be sent, in a real Chromium, Thai and English, phone and desktop."""

from __future__ import annotations

import pytest
from django.utils import timezone

from siang.accounts.models import DeliveryChannel, DeliveryStatus, Notification, NotificationDelivery
from tests.browsers import screenshot
from tests.casework.test_browser import no_axe_violations
from tests.catalog.test_browser import fits_the_screen, signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pacc_reads_the_failed_messages_on_a_phone_and_a_desk(live_server, personas, browser):
    note = Notification.objects.create(
        user=personas["admin_a"], subject="อนุมัติคำขอแล้ว / Request approved", body="x", link="/account/"
    )
    NotificationDelivery.objects.create(
        notification=note,
        channel=DeliveryChannel.SMS,
        status=DeliveryStatus.FAILED,
        attempts=7,
        error="sms: the gateway did not take the message",
        finished_at=timezone.now(),
    )
    site = f"{live_server.url}/pacc/undelivered/"
    for width in (360, 1280):
        context, page = signed_in(browser, live_server.url, personas["pacc"], width=width)
        for language in ("en", "th"):
            context.add_cookies([{"name": "siang_lang", "value": language, "url": live_server.url}])
            page.goto(site)
            assert "อนุมัติคำขอแล้ว" in page.locator("main").inner_text()
            assert fits_the_screen(page)
            no_axe_violations(page)
            screenshot(page, f"undelivered-{language}-{width}")
        context.close()
