import pytest
from django.core.cache import cache

from tests.feedback.helpers import build_points


@pytest.fixture(autouse=True)
def _fresh_cache():
    from siang.feedback.views import forget_pages

    cache.clear()
    forget_pages()
    yield
    cache.clear()
    forget_pages()


@pytest.fixture
def points(phrae, personas):
    return build_points(phrae, personas)
