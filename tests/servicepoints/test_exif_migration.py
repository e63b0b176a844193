"""The data migration repairs photos stored with a capture time the database cannot give back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from siang.servicepoints.models import InstallationPhoto
from tests.servicepoints import helpers

BEFORE = ("servicepoints", "0002_installation_reports")
REPAIR = ("servicepoints", "0003_forget_unreadable_exif")

# What the old upload stored for EXIF `0001:01:01 00:00:00` (Bangkok) and `9999:12:31 23:59:59-12:00`
UNREADABLE = {
    "postgresql": ["0001-01-01 00:00:00+07", "9999-12-31 23:59:59-12"],
    "sqlite": ["0000-12-31 17:00:00", "0000-12-31 16:59:59"],
}


def _migrate(*targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets))


@pytest.fixture
def at_the_old_schema():
    _migrate(BEFORE)
    yield
    executor = MigrationExecutor(connection)
    _migrate(*executor.loader.graph.leaf_nodes("servicepoints"))


@pytest.mark.django_db(transaction=True)
def test_unreadable_capture_times_and_impossible_places_are_forgotten(
    at_the_old_schema, client, personas, phrae
):
    unit, admin = phrae["units"]["a"], personas["admin_a"]
    good = helpers.report(helpers.board(unit, admin, label="ดี"), admin, seeds=(1,))
    bad = [helpers.report(helpers.board(unit, admin, label=f"เสีย {n}"), admin, seeds=(n,)) for n in (2, 3)]
    good_photo = good.photos.get()
    table = InstallationPhoto._meta.db_table
    with connection.cursor() as cursor:
        good_time = "2026-11-20 02:15:00" + ("+00:00" if connection.vendor == "postgresql" else "")
        cursor.execute(f"UPDATE {table} SET taken_at = %s WHERE id = %s", [good_time, good_photo.pk])  # noqa: S608
        for report, stored in zip(bad, UNREADABLE[connection.vendor], strict=True):
            cursor.execute(
                f"UPDATE {table} SET taken_at = %s, latitude = 95, longitude = NULL WHERE report_id = %s",  # noqa: S608
                [stored, report.pk],
            )
    client.force_login(personas["pacc"])
    client.raise_request_exception = False
    assert client.get(reverse("pacc_installations")).status_code == 500  # what PACC saw

    _migrate(REPAIR)

    assert client.get(reverse("pacc_installations")).status_code == 200
    for report in bad:
        assert client.get(reverse("pacc_installation", args=[report.pk])).status_code == 200
        photo = InstallationPhoto.objects.get(report=report)
        assert (photo.taken_at, photo.latitude, photo.longitude) == (None, None, None)
    good_photo.refresh_from_db()
    assert good_photo.taken_at is not None and good_photo.latitude is None
