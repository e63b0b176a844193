"""A citizen never loses their answers to an outage: Redis unreachable (the form goes on, the rate
limits count in the database) or the database unreachable (a page that keeps the answers, sent
again once; nothing written twice)."""

from __future__ import annotations

import socket

import pytest
from django.db import OperationalError
from django.test import override_settings
from django.urls import reverse

from siang.env import redis_caches
from siang.feedback.models import Feedback
from tests.feedback.helpers import answers


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])  # nothing listens there once the probe is closed


@pytest.fixture
def redis_down(settings):
    """The settings production has with REDIS_URL set, and nothing listening at that address."""
    from siang.lib import cache as resilient

    url = f"redis://127.0.0.1:{_closed_port()}/0"
    resilient._down_until.clear()
    with override_settings(REDIS_URL=url, CACHES=redis_caches(url)):
        yield url
    resilient._down_until.clear()


def _post(client, point, **fields):
    return client.post(reverse("feedback_form", args=[point.token]), answers(point, **fields))


def test_with_redis_unreachable_the_form_opens_and_every_answer_is_saved(client, points, redis_down):
    point = points["counter"]
    page = client.get(reverse("feedback_form", args=[point.token]))
    assert page.status_code == 200 and 'name="t"' in page.content.decode()
    for number in range(3):
        response = _post(client, point, process=str(points["water"].pk), comment=f"ตอบครั้งที่ {number}")
        assert response.status_code == 303, response.content.decode()[:500]
        assert client.get(response["Location"]).status_code == 200  # the tracking page
    assert sorted(Feedback.objects.values_list("comment", flat=True)) == [f"ตอบครั้งที่ {n}" for n in range(3)]


def test_with_redis_unreachable_the_database_keeps_the_rate_limits(client, points, redis_down, settings):
    from siang.feedback.models import RateCounter

    settings.FEEDBACK_RATE_LIMITS = {"network": (2, 600), "point": (100, 600)}
    point = points["counter"]
    process = str(points["water"].pk)
    assert [_post(client, point, process=process).status_code for _ in range(3)] == [303, 303, 429]
    assert Feedback.objects.count() == 2
    assert RateCounter.objects.filter(key__contains=":network:").get().count == 3


def test_an_unreachable_redis_is_left_alone_for_a_moment(points, redis_down, monkeypatch):
    """One short timeout per outage and process, not one per cache call of every request."""
    from django.core.cache import cache
    from redis.connection import Connection

    tries = []
    connect = Connection.connect
    monkeypatch.setattr(Connection, "connect", lambda self: tries.append(1) or connect(self))
    for _ in range(5):
        assert cache.get("anything") is None
        cache.set("anything", 1)
    assert len(tries) == 1


def test_with_the_database_unreachable_the_citizen_keeps_their_answers(client, points, monkeypatch):
    import siang.feedback.services as services

    point = points["counter"]
    data = answers(point, process=str(points["water"].pk), comment="รอคิว 2 ชั่วโมง", asked_money="1")
    real_insert = services.insert_response

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(services, "insert_response", database_gone)
    response = client.post(reverse("feedback_form", args=[point.token]), data)
    page = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert "คำตอบของท่านยังไม่ได้ส่ง" in page and "ส่งอีกครั้ง" in page
    kept = dict(_hidden_fields(page))
    assert kept["comment"] == "รอคิว 2 ชั่วโมง" and kept["t"] == data["t"] and kept["asked_money"] == "1"
    assert Feedback.objects.count() == 0

    # The database is back: "Send again" saves the answers once, however often it is pressed.
    monkeypatch.setattr(services, "insert_response", real_insert)
    codes = {client.post(reverse("feedback_form", args=[point.token]), kept)["Location"] for _ in range(2)}
    assert len(codes) == 1
    saved = Feedback.objects.get()
    assert saved.comment == "รอคิว 2 ชั่วโมง" and saved.asked_money


def test_a_form_opened_while_the_database_is_unreachable_says_to_try_again(
    client, points, monkeypatch, settings
):
    from siang.feedback import selectors

    def database_gone(token):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(selectors, "_point_state", database_gone)
    selectors.forget_states()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("feedback_form", args=[points["counter"].token]))
    assert response.status_code == 503
    assert "Please try again in a few minutes" in response.content.decode()


def _hidden_fields(page: str) -> list[tuple[str, str]]:
    import html
    import re

    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page)
    return [(name, html.unescape(value)) for name, value in found]
