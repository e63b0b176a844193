"""`manage.py servicepoints UNIT_CODE` and the demo data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from siang.accounts.personas import UNIT_A
from siang.servicepoints import qr, services
from siang.servicepoints.models import InstallationStatus, ServicePoint
from tests.servicepoints import helpers


def test_the_command_lists_a_units_points_with_their_addresses(point, unit_a, personas):
    board = helpers.board(unit_a, personas["admin_a"], label="บอร์ดหน้าอาคาร")
    out = StringIO()
    call_command("servicepoints", UNIT_A, stdout=out)
    text = out.getvalue()
    assert "เทศบาลเมืองแพร่ (4540102): 2 service points" in text
    assert qr.citizen_url(point) in text and qr.citizen_url(board) in text and "บอร์ดหน้าอาคาร" in text


def test_retired_codes_are_listed_only_when_asked(point, unit_a, personas):
    new = services.service_point_retire_and_replace(point=point, actor=personas["admin_a"], reason="ชำรุด")
    out = StringIO()
    call_command("servicepoints", UNIT_A, stdout=out)
    assert point.token not in out.getvalue() and new.token in out.getvalue()
    call_command("servicepoints", UNIT_A, "--all", stdout=out)
    assert point.token in out.getvalue() and "[retired]" in out.getvalue()


def test_an_unknown_code_is_a_clear_error(phrae):
    with pytest.raises(CommandError, match="No unit has the DLA code '9999999'"):
        call_command("servicepoints", "9999999")


def test_the_demo_makes_points_and_one_verified_installation_once(phrae, personas):
    from siang.catalog.demo import ensure_catalog
    from siang.servicepoints.demo import ensure_service_points

    ensure_catalog()
    made = ensure_service_points()
    assert made == {"points": 4, "verified": 1}
    assert ensure_service_points() == {"points": 0, "verified": 0}
    points = ServicePoint.objects.filter(unit__dla_code=UNIT_A)
    assert points.count() == 4
    assert points.filter(installation_reports__status=InstallationStatus.VERIFIED).count() == 1
