"""Notifications by e-mail and SMS are sent by a task, retried with backoff, and a message that
finally fails stays recorded as failed (not lost in a log line)."""

from __future__ import annotations

import pytest
from celery.exceptions import Retry
from django.urls import reverse

from siang.accounts import tasks
from siang.accounts.models import DeliveryChannel, DeliveryStatus, NotificationDelivery
from siang.accounts.notify import notify
from tests.accounts.test_notifications_and_sessions import gateway  # noqa: F401  (the HTTP SMS gateway)


@pytest.fixture
def texted(personas, django_capture_on_commit_callbacks):
    user = personas["admin_a"]
    user.phone, user.email = "0812345678", ""
    user.save(update_fields=["phone", "email"])

    def send():
        with django_capture_on_commit_callbacks(execute=True):
            notify(user=user, subject="อนุมัติแล้ว", body="body", link="/account/")
        return NotificationDelivery.objects.get(notification__user=user, channel=DeliveryChannel.SMS)

    return send


def _as_worker(monkeypatch, retries: int) -> list[int]:
    """Run the task as a worker would (not in the process), recording the backoff it asks for."""
    waits: list[int] = []

    def retry(*, countdown: int, **kwargs):
        waits.append(countdown)
        raise Retry("again", when=countdown)

    monkeypatch.setattr(tasks.notification_deliver, "retry", retry)
    tasks.notification_deliver.push_request(is_eager=False, retries=retries)
    return waits


def test_an_sms_the_gateway_refuses_is_retried_with_backoff_then_sent_once(gateway, texted, monkeypatch):  # noqa: F811
    gateway.status = 500
    delivery = texted()  # in the process: one attempt
    assert NotificationDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.FAILED
    NotificationDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING)
    waits = _as_worker(monkeypatch, retries=2)
    try:
        with pytest.raises(Retry):
            tasks.notification_deliver.run(delivery.pk)
        assert waits == [120]
        assert NotificationDelivery.objects.get(pk=delivery.pk).status == DeliveryStatus.PENDING
        gateway.status = 202  # the gateway is back: the retry sends it
        tasks.notification_deliver.run(delivery.pk)
        tasks.notification_deliver.run(delivery.pk)  # delivered twice by the broker: sent once
    finally:
        tasks.notification_deliver.pop_request()
    sent = NotificationDelivery.objects.get(pk=delivery.pk)
    assert sent.status == DeliveryStatus.SENT and sent.attempts == 3
    # the gateway saw the two refused attempts and the one it took
    assert [message["text"] for message in gateway.received].count(
        "อนุมัติแล้ว http://127.0.0.1:8000/account/"
    ) == 3


def test_an_sms_that_fails_every_attempt_is_kept_as_failed(gateway, texted, monkeypatch):  # noqa: F811
    gateway.status = 503
    delivery = texted()
    NotificationDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.PENDING)
    _as_worker(monkeypatch, retries=tasks.MAX_RETRIES)
    try:
        tasks.notification_deliver.run(delivery.pk)
    finally:
        tasks.notification_deliver.pop_request()
    failed = NotificationDelivery.objects.get(pk=delivery.pk)
    assert failed.status == DeliveryStatus.FAILED and "gateway" in failed.error
    assert tasks.backoff_seconds(0) == 30 and tasks.backoff_seconds(20) == 3600


def test_pacc_sees_a_message_that_finally_failed_and_sends_it_again(
    client,
    gateway,  # noqa: F811
    texted,
    personas,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    gateway.status = 503
    texted()
    client.force_login(personas["pacc"])
    client.cookies["siang_lang"] = "en"
    with django_assert_max_num_queries(12):
        page = client.get(reverse("pacc_undelivered")).content.decode()
    assert "Messages that could not be sent" in page and "อนุมัติแล้ว" in page
    assert personas["admin_a"].name_th in page and "1 attempt" in page and "gateway" in page
    delivery = NotificationDelivery.objects.get()
    gateway.status = 202
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("pacc_undelivered"), {"delivery": delivery.pk}, follow=True)
    assert "The message is being sent again." in response.content.decode()
    assert NotificationDelivery.objects.get().status == DeliveryStatus.SENT
    assert "Every message was sent." in response.content.decode()
    client.force_login(personas["admin_a"])
    assert client.get(reverse("pacc_undelivered")).status_code == 404
