"""Background tasks of notifications: each e-mail and SMS, retried with backoff."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from siang.accounts import notify

MAX_RETRIES = 6


def backoff_seconds(retries: int) -> int:
    """30 s, 1 min, 2 min, … up to an hour: a gateway that is down for a while is not hammered."""
    return int(min(3600, 30 * 2**retries))


@shared_task(bind=True, name="siang.accounts.tasks.notification_deliver", max_retries=MAX_RETRIES)
def notification_deliver(self: Any, delivery_id: int) -> None:
    try:
        notify.delivery_send(delivery_id)
    except notify.DeliveryFailed as error:
        # In the process (no broker) a request must not wait out the backoff: one attempt only.
        if self.request.is_eager or self.request.retries >= self.max_retries:
            notify.delivery_give_up(delivery_id, str(error))
            return
        raise self.retry(countdown=backoff_seconds(self.request.retries)) from error


@shared_task(name="siang.accounts.tasks.notifications_requeue")
def notifications_requeue() -> int:
    return notify.deliveries_requeue()
