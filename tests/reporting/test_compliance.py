"""The compliance steps per unit and per area, computed in a constant number of queries."""

from __future__ import annotations

import pytest

from siang.accounts.models import Membership, MembershipStatus, Role
from siang.reporting.compliance import (
    Area,
    area_breakdown,
    area_totals,
    compliance_steps,
    get_step,
    missing_units,
    remaining_steps,
    unit_steps,
)
from tests.conftest import make_unit
from tests.reporting.compliance_helpers import installation_model, set_up_unit_a

pytestmark = pytest.mark.django_db


def names(units):
    return [u.name_th for u in units]


def test_steps_are_the_seed_letters_four_registration_and_six_setup_checks():
    keys = [s.key for s in compliance_steps()]
    assert keys[:4] == ["admin_applied", "admin_approved", "users_requested", "two_users"]
    assert keys[4:8] == ["departments", "processes", "processes_approved", "service_points"]
    if installation_model() is not None:
        assert keys[8:] == ["installation_reported", "installation_verified"]


def test_a_unit_with_nobody_has_every_step_to_do(phrae, personas):
    steps = unit_steps(phrae["units"]["rong_fong"])
    assert [s.done for s in steps] == [False] * len(compliance_steps())
    by_key = {s.key: s for s in steps}
    assert by_key["admin_approved"].url == f"/accounts/request/unit/{phrae['units']['rong_fong'].pk}/admin/"
    assert by_key["two_users"].detail == "อนุมัติแล้ว 0 จาก 2 คน"


def test_unit_a_with_admin_and_two_users_has_finished_registration_only(phrae, personas):
    steps = {s.key: s for s in unit_steps(phrae["units"]["a"])}
    assert steps["admin_applied"].done and steps["admin_approved"].done
    assert steps["users_requested"].done and steps["two_users"].done
    assert steps["two_users"].detail == "อนุมัติแล้ว 2 จาก 2 คน"
    assert not steps["departments"].done
    assert steps["departments"].url == f"/unit/{phrae['units']['a'].pk}/catalogue/departments/"


def test_unit_b_with_an_admin_but_no_users_still_needs_users(phrae, personas):
    remaining = [s.key for s in remaining_steps(phrae["units"]["b"])]
    assert "admin_approved" not in remaining
    assert remaining[:2] == ["users_requested", "two_users"]


def test_a_pending_user_counts_as_registered_not_approved(phrae, personas):
    unit_b = phrae["units"]["b"]
    for key in ("newcomer", "user_a"):
        Membership.objects.create(user=personas[key], role=Role.UNIT_USER, unit=unit_b)
    steps = {s.key: s for s in unit_steps(unit_b)}
    assert steps["users_requested"].done
    assert not steps["two_users"].done
    assert steps["two_users"].detail == "อนุมัติแล้ว 0 จาก 2 คน"


def test_a_revoked_admin_no_longer_counts(phrae, personas):
    Membership.objects.filter(unit=phrae["units"]["b"], role=Role.UNIT_ADMIN).update(
        status=MembershipStatus.REVOKED
    )
    units = names(missing_units(Area(province=phrae["province"]), get_step("admin_approved")))
    assert "เทศบาลตำบลทุ่งกวาว" in units and "เทศบาลเมืองแพร่" not in units


def test_setup_steps_follow_the_catalogue_and_service_points(phrae, personas):
    set_up_unit_a(phrae, personas)
    steps = {s.key: s.done for s in unit_steps(phrae["units"]["a"])}
    assert all(steps.values()), steps


def test_unit_steps_take_one_query(phrae, personas, django_assert_num_queries):
    unit = phrae["units"]["a"]
    with django_assert_num_queries(1):
        unit_steps(unit)


def test_the_phrae_no_admin_list_is_the_units_without_an_approved_admin(phrae, personas):
    """Units A and B have Admins; the other three do not. PAO (no district) comes first."""
    units = missing_units(Area(province=phrae["province"]), get_step("admin_approved"))
    assert names(units) == [
        "องค์การบริหารส่วนจังหวัดแพร่",
        "องค์การบริหารส่วนตำบลร่องฟอง",
        "องค์การบริหารส่วนตำบลบ้านปิน",
    ]


def test_lists_are_in_district_then_thai_name_order(phrae, personas):
    mueang = phrae["districts"]["mueang"]
    for name in ("องค์การบริหารส่วนตำบลกาญจนา", "เทศบาลตำบลช่อแฮ", "องค์การบริหารส่วนตำบลห้วยม้า"):
        make_unit(name_th=name, kind="sao", district=mueang, province=phrae["province"])
    units = names(missing_units(Area(district=mueang), get_step("admin_approved")))
    assert units == [
        "องค์การบริหารส่วนตำบลกาญจนา",
        "เทศบาลตำบลช่อแฮ",
        "องค์การบริหารส่วนตำบลร่องฟอง",
        "องค์การบริหารส่วนตำบลห้วยม้า",
    ]


def test_an_inactive_unit_is_not_chased(phrae, personas):
    phrae["units"]["rong_fong"].is_active = False
    phrae["units"]["rong_fong"].save()
    units = names(missing_units(Area(province=phrae["province"]), get_step("admin_approved")))
    assert "องค์การบริหารส่วนตำบลร่องฟอง" not in units


def test_area_totals_count_each_step_in_one_query(phrae, personas, django_assert_num_queries):
    set_up_unit_a(phrae, personas)
    with django_assert_num_queries(1):
        total, counts = area_totals(Area(province=phrae["province"]))
    assert total == 5
    done = {c.step.key: c.done for c in counts}
    assert done["admin_approved"] == 2
    assert done["two_users"] == 1
    assert done["departments"] == 1
    assert done["processes_approved"] == 1
    assert {c.step.key: c.missing for c in counts}["admin_approved"] == 3


def test_breakdown_per_district_and_per_province(phrae, personas, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = area_breakdown(Area(province=phrae["province"]))
    assert [(r.name, r.total) for r in rows] == [("แพร่", 1), ("เมืองแพร่", 3), ("ลอง", 1)]
    mueang = rows[1]
    assert {c.step.key: c.missing for c in mueang.counts}["admin_approved"] == 1
    with django_assert_num_queries(1):
        national = area_breakdown(Area())
    assert [(r.name, r.total) for r in national] == [("แพร่", 5)]


def test_the_queries_do_not_grow_with_units(phrae, personas, django_assert_num_queries):
    for number in range(30):
        make_unit(
            name_th=f"องค์การบริหารส่วนตำบลทดสอบ{number}",
            kind="sao",
            district=phrae["districts"]["long"],
            province=phrae["province"],
        )
    with django_assert_num_queries(1):
        assert len(list(missing_units(Area(province=phrae["province"]), get_step("departments")))) == 35


def test_the_qr_steps_send_the_unit_to_its_service_points(phrae, personas):
    steps = {s.key: s for s in unit_steps(phrae["units"]["b"])}
    assert steps["service_points"].url_name == "servicepoints_list"
    assert steps["service_points"].url.startswith(f"/unit/{phrae['units']['b'].pk}/")
    assert steps["processes_approved"].url == f"/unit/{phrae['units']['b'].pk}/catalogue/review/"
    assert steps["installation_verified"].url is None  # PACC's step: nothing for the unit to open
