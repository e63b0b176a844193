"""The demo's feedback: realistic enough to show on every dashboard, and written only once."""

from __future__ import annotations

from django.db.models import Count

from siang.accounts.models import Membership, MembershipStatus, Role
from siang.casework.models import Signal
from siang.directory.models import District, Province
from siang.directory.names import UnitKind
from siang.feedback.models import Feedback
from siang.reporting import rollups
from siang.reporting.dashboards import nation_report, period_from, unit_report
from siang.reporting.demo import ensure_demo_feedback
from siang.servicepoints.models import ServicePoint
from tests.conftest import make_unit
from tests.feedback.helpers import build_points


def test_demo_feedback_is_spread_rolled_up_and_written_once(phrae, personas):
    points = build_points(phrae, personas)
    made = ensure_demo_feedback(n=3000)
    assert made["feedback"] == 3000
    assert 0 < made["signals"] < 150  # a few, for PACC's queue
    assert Signal.objects.count() == made["signals"]
    assert not rollups.has_pending()
    per_unit = dict(Feedback.objects.values_list("unit__dla_code").annotate(n=Count("pk")))
    assert set(per_unit) == {phrae["units"]["a"].dla_code, phrae["units"]["b"].dla_code}  # onboarded
    assert max(per_unit, key=per_unit.get) == points["unit"].dla_code  # unit A the most
    months = [totals.responses for _month, totals in nation_report(period_from("12m")).trend.months]
    assert sum(1 for n in months if n) >= 17  # about 18 months of responses
    assert sum(months[-6:]) > sum(months[-18:-12])  # growing
    processes = unit_report(points["unit"], period_from("12m")).processes
    assert len({row.label for row in processes}) >= 3
    assert ensure_demo_feedback(n=3000) == {"feedback": 0, "signals": 0}
    assert Feedback.objects.count() == 3000


def _approved_admins() -> set[tuple[int, int]]:
    return set(
        Membership.objects.filter(role=Role.UNIT_ADMIN, status=MembershipStatus.APPROVED).values_list(
            "unit_id", "user_id"
        )
    )


def test_only_onboarded_units_have_qr_points_and_responses(phrae, personas):
    """A new Admin must not find a code they never made: the demo's points and responses belong
    to units with an approved Admin, who made the points; the sample across the country is
    onboarded by a demo Admin of its own."""
    nan = Province.objects.create(code="55", name_th="น่าน", name_en="Nan", sort_key="น่าน")
    pua = District.objects.create(code="5507", province=nan, name_th="ปัว", name_en="Pua", sort_key="ปัว")
    elsewhere = [
        make_unit(
            name_th=f"เทศบาลตำบลตัวอย่าง{n}",
            kind=UnitKind.SUBDISTRICT_MUNICIPALITY,
            district=pua,
            province=nan,
            dla_code=f"55{n:05d}",
        )
        for n in range(3)
    ]
    build_points(phrae, personas)
    ensure_demo_feedback(n=500)

    admins = _approved_admins()
    onboarded = {unit_id for unit_id, _user in admins}
    with_points = set(ServicePoint.objects.values_list("unit_id", flat=True))
    with_responses = set(Feedback.objects.values_list("unit_id", flat=True))
    assert with_points <= onboarded and with_responses <= onboarded
    assert {unit.pk for unit in elsewhere} <= with_responses, "the national sample has responses"
    for unit in ("rong_fong", "ban_pin_sao", "pao"):
        assert phrae["units"][unit].pk not in with_points | with_responses, unit
    made_by = set(ServicePoint.objects.values_list("unit_id", "created_by_id"))
    assert made_by <= admins, "every point was made by an Admin of its own unit"
