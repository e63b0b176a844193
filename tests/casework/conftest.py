from __future__ import annotations

import pytest

from siang.casework.services import case_for_signal
from tests.casework.helpers import make_signal


@pytest.fixture
def signal(phrae, personas):
    return make_signal(phrae["units"]["a"], personas["admin_a"])


@pytest.fixture
def case(signal):
    return case_for_signal(signal)


@pytest.fixture
def sealed() -> str:
    """A reporter's contact as the citizen form seals it."""
    from siang.feedback.contact import seal_contact

    return seal_contact({"name": "นายสมชาย รักดี", "phone": "0812345678", "email": "somchai@example.com"})


@pytest.fixture(autouse=True)
def _english_messages():
    """Services' messages are matched in English; pages set their language by cookie."""
    from django.utils import translation

    with translation.override("en"):
        yield
