from __future__ import annotations

import pytest

from siang.directory import services
from tests.directory.util import phrae_rows


@pytest.fixture
def geography(db) -> services.GeographyReport:
    return services.geography_load()


@pytest.fixture
def phrae_units(geography) -> services.LoadReport:
    """The real units of Phrae, loaded through the service."""
    return services.units_load(rows=phrae_rows())
