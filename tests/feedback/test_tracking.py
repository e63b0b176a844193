"""Tracking codes: one form shown everywhere (U9DX-5SY7), any reasonable form read back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from siang.feedback.tracking import display_tracking_code, normalise_tracking_code
from tests.feedback.helpers import make_feedback

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
