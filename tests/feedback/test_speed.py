"""What keeps the form light and fast: page weight, queries per request, one row under a race."""

from __future__ import annotations

import gzip
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.urls import reverse

from siang.feedback.models import Feedback
from tests.feedback.helpers import answers, build_points

BUDGET = 30 * 1024


def static_file(url: str) -> bytes:
    return Path(finders.find(url.removeprefix(settings.STATIC_URL))).read_bytes()


def form_url(point) -> str:
    return reverse("feedback_form", args=[point.token])


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("where", ["counter", "board"])
def test_the_form_page_weighs_under_30_kb_compressed_with_its_css(client, points, language, where):
    client.cookies["siang_lang"] = language
    html = client.get(form_url(points[where])).content
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html.decode())
    scripts = re.findall(r'<script src="([^"]+)"', html.decode())
    css = b"".join(static_file(href) for href in stylesheets)
    weight = len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))
    assert stylesheets == ["/static/feedback/feedback.css"]
    assert weight <= BUDGET, f"{weight} bytes"
    # the script (progressive enhancement) is small too, though not part of the budget
    js = b"".join(static_file(src) for src in scripts)
    assert len(gzip.compress(js, 9)) < 3 * 1024


def test_the_form_brings_a_thai_font_only_for_devices_without_one(client, points):
    """Fonts are outside the 30 KB; the Thai subsets are small files the app serves (the CSP allows
    fonts from this site only), each tried after the device's own Thai fonts (local() first)."""
    html = client.get(form_url(points["counter"])).content.decode()
    [href] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    css = static_file(href).decode()
    faces = re.findall(r"@font-face\{([^}]*)\}", css)
    assert len(faces) == 2  # regular and bold
    for face in faces:
        assert "unicode-range:U+0E00-0E7F" in face
        sources = re.search(r"src:([^;}]*)", face)[1]
        assert sources.startswith("local(") and sources.count("url(") == 1
        [font] = re.findall(r"url\(([^)]+)\)", sources)
        assert not font.startswith(("data:", "http")), "a file served by the app, not inline data"
        served = static_file("/static/" + font.removeprefix("../"))
        assert served[:4] == b"wOF2" and len(served) <= 12 * 1024
        family = re.search(r'font-family:"([^"]+)"', face)[1]
        stack = re.search(r"body\{[^}]*font:[^;]*", css)[0]
        assert f'1.6 "{family}",system-ui' in stack  # first: its unicode-range keeps it to Thai


def test_the_form_page_takes_one_query_once_cached(client, points, django_assert_num_queries, settings):
    settings.FEEDBACK_STATE_SECONDS = 0  # a process may also remember a point's state for 2 s
    # the point's state, then (to render) the point and its services with their live manuals
    with django_assert_num_queries(3):
        first = client.get(form_url(points["board"]))
    with django_assert_num_queries(1):  # the point's state and the version of its live manuals
        second = client.get(form_url(points["board"]))
    assert first.status_code == second.status_code == 200
    assert "set-cookie" not in {key.lower() for key in second.headers}


def test_a_newly_approved_service_shows_despite_the_cache(client, points, personas, settings):
    settings.FEEDBACK_STATE_SECONDS = 0  # each process rechecks a point's manuals every 2 s
    from tests.catalog.helpers import approved_process

    client.get(form_url(points["counter"]))
    approved_process(
        points["engineering"], personas["user_a"], personas["admin_a"], sequence=9, name_th="การขุดดิน"
    )
    assert "การขุดดิน" in client.get(form_url(points["counter"])).content.decode()


def test_sending_the_form_takes_a_small_fixed_number_of_queries(
    client, points, django_assert_num_queries, settings, monkeypatch
):
    from siang.feedback import integrity

    monkeypatch.setattr(integrity, "time_to_sweep", lambda: False)  # the 1-in-100 extra query
    data = answers(points["counter"], process=str(points["water"].pk), asked_money="1", contact_name="ก")
    settings.FEEDBACK_STATE_SECONDS = 0
    client.get(form_url(points["counter"]))  # the citizen opened the form: its page is cached
    # the point's state; 2 rate counters (none with Redis); then on PostgreSQL one statement
    # (checks, response, signals), elsewhere the checks, then the response and its signals; each
    # in a savepoint, as tests run inside a transaction
    rate = 0 if settings.REDIS_URL else 2
    write = 3 if connection.vendor == "postgresql" else 5
    with django_assert_num_queries(1 + rate + write):
        assert client.post(form_url(points["counter"]), data).status_code == 303
    # a repeat: the same, writing nothing (PostgreSQL's statement does nothing; elsewhere the
    # checks stop it), then the earlier response's code
    with django_assert_num_queries(1 + rate + (3 if connection.vendor == "postgresql" else 1) + 1):
        assert client.post(form_url(points["counter"]), data).status_code == 303
    assert Feedback.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_at_once_makes_one_response(phrae, personas):
    points = build_points(phrae, personas)
    data = answers(points["counter"], process=str(points["water"].pk))
    barrier = threading.Barrier(2)
    locations: list[str] = []

    def tap() -> None:
        barrier.wait()
        try:
            locations.append(Client().post(form_url(points["counter"]), data)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(locations) == 2 and locations[0] == locations[1]
    assert Feedback.objects.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_database_rate_counters_count_every_hit_under_concurrency(settings):
    from siang.feedback import integrity
    from siang.feedback.models import RateCounter

    settings.REDIS_URL = ""
    settings.FEEDBACK_RATE_LIMITS = {"network": (10**6, 600), "point": (10**6, 600)}
    barrier = threading.Barrier(4)

    def hammer() -> None:
        barrier.wait()
        try:
            for _ in range(25):
                integrity.hit("network", "same-network", now=1_800_000_000)
        finally:
            connection.close()

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert RateCounter.objects.get(key__contains="same-network").count == 100
