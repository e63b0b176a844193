"""Sending SMS: a small backend interface, like Django's e-mail backends.

SMS_BACKEND names the class: the console backend (the demo), the memory backend (tests) or the
HTTP gateway adapter, configured by SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN and SMS_SENDER.
A failed SMS is logged and never stops the decision that caused it.
"""

from __future__ import annotations

import logging
from typing import Protocol

import requests
from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str) -> bool: ...


class ConsoleSmsBackend:
    def send(self, *, to: str, text: str) -> bool:
        logger.info("SMS to %s: %s", to, text)
        return True


outbox: list[dict[str, str]] = []


class MemorySmsBackend:
    """Keeps messages in `siang.lib.sms.outbox`, like Django's locmem e-mail backend."""

    def send(self, *, to: str, text: str) -> bool:
        outbox.append({"to": to, "text": text})
        return True


class HttpGatewaySmsBackend:
    """POSTs JSON {"to", "text", "sender"} with a bearer token; any 2xx answer is success."""

    def send(self, *, to: str, text: str) -> bool:
        try:
            response = requests.post(
                settings.SMS_GATEWAY_URL,
                json={"to": to, "text": text, "sender": settings.SMS_SENDER},
                headers={"Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}"},
                timeout=settings.SMS_GATEWAY_TIMEOUT_SECONDS,
            )
        except requests.RequestException as error:
            logger.warning("SMS gateway unreachable: %s", type(error).__name__)
            return False
        if not response.ok:
            logger.warning("SMS gateway answered %s", response.status_code)
        return response.ok


def send_sms(*, to: str, text: str) -> bool:
    backend: SmsBackend = import_string(settings.SMS_BACKEND)()
    return backend.send(to=to, text=text)
