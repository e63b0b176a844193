"""Telling a person about a decision: in the app, by e-mail and by SMS, after the commit."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from siang.accounts.models import Notification, User
from siang.lib.sms import send_sms

logger = logging.getLogger(__name__)


def in_thai_and_english(message: str, *, separator: str = "\n", **params: Any) -> str:
    """The message in Thai, then in English. `message` is marked with gettext_noop."""
    parts = []
    for language in ("th", "en"):
        with translation.override(language):
            parts.append(translation.gettext(message) % params)
    return separator.join(parts)


def notify(*, user: User, subject: str, body: str, link: str = "") -> Notification:
    notification = Notification.objects.create(user=user, subject=subject, body=body, link=link)
    transaction.on_commit(lambda: _deliver(notification))
    return notification


def _deliver(notification: Notification) -> None:
    user = notification.user
    url = f"{settings.SITE_URL}{notification.link}" if notification.link else settings.SITE_URL
    if user.email:
        try:
            send_mail(notification.subject, f"{notification.body}\n\n{url}", None, [user.email])
        except Exception as error:  # a mail failure must not undo or hide the decision itself
            logger.warning("e-mail to user %s failed: %s", user.pk, type(error).__name__)
    if user.phone:
        send_sms(to=user.phone, text=f"{notification.subject} {url}")
