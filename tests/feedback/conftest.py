import pytest
from django.core.cache import cache

from tests.feedback.helpers import build_points


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def points(phrae, personas):
    return build_points(phrae, personas)
