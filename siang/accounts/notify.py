"""Telling a person about a decision: in the app, by e-mail and by SMS, after the commit.

Each e-mail and SMS is a `NotificationDelivery` row sent by a task (siang.accounts.tasks), retried
with backoff while the mail server or the SMS gateway fails; one that finally fails stays listed
as failed for PACC.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from siang.accounts.models import (
    DeliveryChannel,
    DeliveryStatus,
    Notification,
    NotificationDelivery,
    User,
)
from siang.lib.sms import send_sms

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """The mail server or SMS gateway did not take the message (worth another try later)."""


def in_thai_and_english(message: str, *, separator: str = "\n", **params: Any) -> str:
    """The message in Thai, then in English. `message` is marked with gettext_noop."""
    parts = []
    for language in ("th", "en"):
        with translation.override(language):
            parts.append(translation.gettext(message) % params)
    return separator.join(parts)


def notify(*, user: User, subject: str, body: str, link: str = "") -> Notification:
    notification = Notification.objects.create(user=user, subject=subject, body=body, link=link)
    channels = [DeliveryChannel.EMAIL] * bool(user.email) + [DeliveryChannel.SMS] * bool(user.phone)
    deliveries = [
        NotificationDelivery.objects.create(notification=notification, channel=channel)
        for channel in channels
    ]
    for delivery in deliveries:
        transaction.on_commit(functools.partial(dispatch, delivery.pk))
    return notification


def dispatch(delivery_id: int) -> None:
    from siang.accounts.tasks import notification_deliver

    try:
        notification_deliver.delay(delivery_id)
    except Exception as error:  # the row stays pending; notifications_requeue sends it again
        logger.warning("delivery %s stays pending: the broker cannot be reached (%s)", delivery_id, error)


def delivery_send(delivery_id: int) -> None:
    """Send one pending delivery; raise DeliveryFailed for the task to try again later."""
    delivery = (
        NotificationDelivery.objects.select_related("notification__user")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )
    if delivery is None:
        return  # sent already (a task delivered twice), or given up
    NotificationDelivery.objects.filter(pk=delivery_id).update(attempts=delivery.attempts + 1)
    notification, user = delivery.notification, delivery.notification.user
    url = f"{settings.SITE_URL}{notification.link}" if notification.link else settings.SITE_URL
    if delivery.channel == DeliveryChannel.EMAIL:
        try:
            send_mail(notification.subject, f"{notification.body}\n\n{url}", None, [user.email])
        except Exception as error:  # any failure of the mail server is a failed attempt
            raise DeliveryFailed(f"e-mail: {type(error).__name__}") from error
    elif not send_sms(to=user.phone, text=f"{notification.subject} {url}"):
        raise DeliveryFailed("sms: the gateway did not take the message")
    NotificationDelivery.objects.filter(pk=delivery_id).update(
        status=DeliveryStatus.SENT, error="", finished_at=timezone.now()
    )


def delivery_give_up(delivery_id: int, error: str) -> None:
    logger.warning("delivery %s failed for good: %s", delivery_id, error)
    NotificationDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.FAILED, error=error[:200], finished_at=timezone.now()
    )


def delivery_resend(*, delivery_id: int) -> bool:
    """Try a failed delivery again (PACC asked: the address was fixed, the gateway is back)."""
    again = NotificationDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, error="", finished_at=None
    )
    if again:
        transaction.on_commit(functools.partial(dispatch, delivery_id))
    return bool(again)


def deliveries_requeue(*, older_than_seconds: int = 900) -> int:
    """Send again the deliveries still pending long after they were made (the broker was down)."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    pending = list(
        NotificationDelivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    for delivery_id in pending:
        dispatch(delivery_id)
    return len(pending)
