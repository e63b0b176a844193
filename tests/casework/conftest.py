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
def unsealed(monkeypatch):
    """The reporter's contact as the feedback app opens it (its key is not the tests' concern)."""
    from siang.feedback import services as feedback_services

    monkeypatch.setattr(
        feedback_services, "unseal_contact", lambda feedback: "นายสมชาย รักดี 0812345678", raising=False
    )


@pytest.fixture(autouse=True)
def _english_messages():
    """Services' messages are matched in English; pages set their language by cookie."""
    from django.utils import translation

    with translation.override("en"):
        yield
