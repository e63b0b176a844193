"""Tracking codes: one form shown everywhere (U9DX-5SY7), any reasonable form read back."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from siang.feedback.models import Feedback
from siang.feedback.tracking import display_tracking_code, normalise_tracking_code
from tests.feedback.helpers import answers, make_feedback

TYPED = [
    "U9DX5SY7",
    "U9DX-5SY7",
    "u9dx-5sy7",
    " u9dx 5sy7 ",
    "U9DX – 5SY7",  # an en dash, as phones put in
    "Ｕ９ＤＸ－５ＳＹ７",  # full-width, from some Thai input methods
    "ีตกปขถหัึ",  # typed with the Thai keyboard layout still on
]


@pytest.mark.parametrize("typed", TYPED)
def test_every_way_of_typing_a_code_reads_back_to_the_stored_code(typed):
    assert normalise_tracking_code(typed) == "U9DX5SY7"


def test_a_code_is_shown_hyphenated_in_groups_of_four():
    assert display_tracking_code("U9DX5SY7") == "U9DX-5SY7"
    assert display_tracking_code("u9dx-5sy7") == "U9DX-5SY7"
    assert display_tracking_code("DEMO00000001") == "DEMO-0000-0001"


def test_only_letters_and_digits_come_out():
    assert normalise_tracking_code("\x00'; DROP TABLE--") == "DROPTABLE"
    assert normalise_tracking_code("   ") == ""


@pytest.mark.parametrize("typed", TYPED)
def test_the_lookup_finds_the_response_however_the_code_was_typed(client, points, typed):
    make_feedback(points["counter"], code="U9DX5SY7")
    response = client.get(reverse("feedback_track_lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback_track", args=["U9DX-5SY7"])


def test_the_tracking_page_shows_the_hyphenated_code_whatever_the_address_holds(client, points):
    make_feedback(points["counter"], code="U9DX5SY7")
    for typed in ("u9dx5sy7", "ีตกปขถหัึ"):
        page = client.get(reverse("feedback_track", args=[typed]))
        assert page.status_code == 200
        assert '<strong class="code-inline">U9DX-5SY7</strong>' in page.content.decode()


def _window_start() -> dt.datetime:
    """The start of the next 10-minute window of the limits, so a test's lookups share one."""
    return dt.datetime.fromtimestamp((int(time.time()) // 600 + 1) * 600 + 1, tz=dt.UTC)


def test_a_guesser_is_stopped_with_a_page_that_says_why(client, english_client, points):
    make_feedback(points["counter"], code="U9DX5SY7")
    lookup = reverse("feedback_track_lookup")
    with time_machine.travel(_window_start(), tick=True) as traveller:
        for n in range(20):
            missed = client.get(lookup, {"code": f"ZZZZ-{n:04d}"})
            assert missed.status_code == 200 and "ไม่พบการแจ้งที่มีรหัสติดตามนี้" in missed.content.decode()

        limited = client.get(lookup, {"code": "ZZZZ-9999"})
        assert limited.status_code == 429 and limited["Retry-After"] == "600"
        page = limited.content.decode()
        assert "มีการค้นหารหัสติดตามที่ไม่มีอยู่จากเครือข่ายของท่านมากเกินไป" in page
        assert 'value="ZZZZ-9999"' in page  # what was typed is kept
        english = english_client.get(lookup, {"code": "ZZZZ-9999"}).content.decode()
        assert "Too many tracking codes that do not exist were looked up from your network" in english
        # A right guess now tells the guesser nothing, on either page.
        assert client.get(lookup, {"code": "U9DX-5SY7"}).status_code == 429
        assert client.get(reverse("feedback_track", args=["U9DX-5SY7"])).status_code == 429
        # Another network is not held back by this one.
        other = Client(REMOTE_ADDR="192.0.2.7").get(lookup, {"code": "U9DX-5SY7"})
        assert other.status_code == 302

        traveller.shift(600)
        assert client.get(lookup, {"code": "U9DX-5SY7"}).status_code == 302


def test_a_citizen_following_their_own_responses_is_never_limited(client, points):
    make_feedback(points["counter"], code="U9DX5SY7")
    with time_machine.travel(_window_start(), tick=True):
        for _ in range(3):  # a typo or three on the way
            client.get(reverse("feedback_track_lookup"), {"code": "U9DX-5SY1"})
        for _ in range(40):
            assert client.get(reverse("feedback_track_lookup"), {"code": "u9dx5sy7"}).status_code == 302
            assert client.get(reverse("feedback_track", args=["U9DX-5SY7"])).status_code == 200


def test_unknown_codes_in_the_address_count_as_guesses_too(client, points):
    with time_machine.travel(_window_start(), tick=True):
        for n in range(20):
            assert client.get(reverse("feedback_track", args=[f"ZZZZ-{n:04d}"])).status_code == 404
        assert client.get(reverse("feedback_track", args=["ZZZZ-9999"])).status_code == 429


def test_a_citizen_sending_the_form_from_a_network_someone_guesses_from_still_gets_the_code(client, points):
    old = make_feedback(points["counter"], code="OLD23456")
    Feedback.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=1))
    with time_machine.travel(_window_start(), tick=True):
        for n in range(20):
            client.get(reverse("feedback_track", args=[f"ZZZZ-{n:04d}"]))
        data = answers(points["counter"], process=str(points["water"].pk))
        sent = client.post(reverse("feedback_form", args=[points["counter"].token]), data)
        assert sent.status_code == 303
        page = client.get(sent["Location"])
        assert page.status_code == 200 and "ขอบคุณ" in page.content.decode()
        # "sent=1" opens only a response sent in the last minutes, not an older one.
        older = reverse("feedback_track", args=[old.tracking_code]) + "?sent=1"
        assert client.get(older).status_code == 429
