from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """The services' messages, read in English."""
    with translation.override("en"):
        yield
