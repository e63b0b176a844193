"""The dashboards as their readers see them: figures, drill-down, permissions, privacy, query counts."""

from __future__ import annotations

import itertools

import pytest
import time_machine
from django.urls import reverse

from siang.accounts.models import Membership, MembershipStatus, Role
from siang.audit.models import AuditEvent
from siang.casework.models import Signal, SignalKind
from siang.feedback.models import Feedback
from siang.reporting import rollups
from siang.reporting.dashboards import nation_report, period_from, recent_comments, unit_report
from siang.servicepoints.models import Placement, ServicePoint
from tests.conftest import make_unit
from tests.reporting.dashboard_data import unit_a_with_feedback, varied_feedback

pytestmark = pytest.mark.usefixtures("_today")

SIGNAL_TEXT = "เรียกเงินใต้โต๊ะ 500 บาท"


@pytest.fixture
def _today():
    with time_machine.travel("2026-11-25 10:00 +0700", tick=False):
        yield


@pytest.fixture
def data(phrae, personas):
    return unit_a_with_feedback(phrae, personas, count=60)


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def unit_url(unit) -> str:
    return reverse("unit_dashboard", args=[unit.pk])


# --- the unit dashboard -------------------------------------------------------------------------


def test_unit_admin_sees_the_units_results(client, personas, data):
    response = _get(client, personas["admin_a"], unit_url(data["unit"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "การขออนุญาตใช้น้ำประปา" in page  # the process
    assert "กองช่าง" in page  # the department
    report = response.context["report"]
    assert report.totals.responses == 80
    assert report.totals.satisfied.n == 80
    assert not Feedback.objects.filter(rolled_up=False).exists()  # caught up on opening


def test_unit_users_see_it_too_but_not_other_units_staff(client, personas, data):
    url = unit_url(data["unit"])
    assert _get(client, personas["user_a"], url).status_code == 200
    assert _get(client, personas["user_a2"], url).status_code == 200
    assert _get(client, personas["admin_b"], url).status_code == 404
    assert _get(client, personas["overseer"], url).status_code == 404
    client.force_login(personas["newcomer"])
    assert client.get(url).status_code in (302, 404)


def test_anonymous_visitor_is_sent_to_sign_in(client, data):
    response = client.get(unit_url(data["unit"]))
    assert response.status_code == 302
    assert reverse("unit_dashboard", args=[data["unit"].pk]) in response["Location"]  # back after sign-in


def test_unit_dashboard_never_shows_a_signal(client, personas, data):
    point = data["counter"]
    asked = varied_feedback(
        point,
        count=1,
        process=data["water"],
        asked_money=True,
        benefit_details=SIGNAL_TEXT,
        comment=f"เจ้าหน้าที่{SIGNAL_TEXT}",
    )[0]
    Signal.objects.create(feedback=asked, kind=SignalKind.BENEFIT_DEMAND, unit=asked.unit)
    page = _get(client, personas["admin_a"], unit_url(data["unit"])).content.decode()
    assert SIGNAL_TEXT not in page
    for label in SignalKind.labels:
        assert str(label) not in page
    assert "Corruption signals" not in page and "สัญญาณ" not in page
    # PACC, drilling into the same unit, sees the signal count.
    pacc_page = _get(client, personas["pacc"], f"{reverse('pacc_dashboard')}?unit={data['unit'].pk}")
    assert pacc_page.context["report"].totals.signals == 2
    assert SIGNAL_TEXT not in pacc_page.content.decode()


def test_comments_appear_only_with_enough_responses_and_without_contact_details(client, personas, data):
    varied_feedback(
        data["counter"],
        count=1,
        process=data["water"],
        comment="บริการดีมาก โทร 081-234-5678 ครับ",
        is_flagged=False,
        visit_date="2026-11-20",
    )
    response = _get(client, personas["admin_a"], unit_url(data["unit"]))
    comments = response.context["comments"]
    assert [c.text for c in comments] == ["บริการดีมาก โทร […] ครับ"]
    assert "081-234-5678" not in response.content.decode()
    # A process with only 2 responses: its comments stay hidden.
    varied_feedback(data["counter"], count=2, process=data["building"], comment="รอนานมาก")
    report = unit_report(data["unit"], period_from("12m"))
    rollups.catch_up()
    report = unit_report(data["unit"], period_from("12m"))
    assert "รอนานมาก" not in [c.text for c in recent_comments(report, data["unit"])]


def test_flagged_responses_comments_are_not_shown(client, personas, data):
    varied_feedback(data["counter"], count=1, process=data["water"], comment="ดีที่สุด", is_flagged=True)
    rollups.catch_up()
    report = unit_report(data["unit"], period_from("12m"))
    assert "ดีที่สุด" not in [c.text for c in recent_comments(report, data["unit"])]


def test_a_comment_next_to_any_signal_is_not_shown(client, personas, data):
    """The rule of siang.policy.comments on the dashboard: a delay signal alone hides it too."""
    [late] = varied_feedback(
        data["counter"], count=1, process=data["water"], comment="ช้าเพราะนายสมชาย", is_flagged=False
    )
    Signal.objects.create(feedback=late, kind=SignalKind.DELAY, unit=late.unit, process=data["water"])
    varied_feedback(data["counter"], count=1, process=data["water"], comment="รวดเร็วดี", is_flagged=False)
    page = _get(client, personas["admin_a"], unit_url(data["unit"]))
    assert [c.text for c in page.context["comments"]] == ["รวดเร็วดี"]
    assert "นายสมชาย" not in page.content.decode()


def test_unit_figures_have_sample_size_and_interval(client, personas, data):
    page = _get(client, personas["admin_a"], unit_url(data["unit"]))
    report = page.context["report"]
    water = next(row for row in report.processes if row.params["process"] == str(data["water"].pk))
    assert water.totals.responses == 60
    assert water.totals.enough
    low, high = water.totals.satisfied.interval
    assert low < water.totals.satisfied.value < high
    other = next(row for row in report.processes if row.params["process"] == "0")
    assert other.totals.responses == 20 and not other.totals.enough
    assert "ผู้ตอบน้อยเกินไป" in page.content.decode()  # “too few responses”, beside the “other” row


# --- PACC's national drill-down -----------------------------------------------------------------


def test_pacc_drills_from_the_nation_to_a_process(client, personas, data, phrae):
    pacc = personas["pacc"]
    base = reverse("pacc_dashboard")
    nation = _get(client, pacc, base)
    assert nation.status_code == 200
    assert [row.label for row in nation.context["report"].children] == ["แพร่"]
    assert f"{base}?province=54" in nation.content.decode()
    province = client.get(f"{base}?province=54")
    assert province.context["report"].totals.responses == 80
    assert "เมืองแพร่" in province.content.decode()
    district = client.get(f"{base}?district=5401")
    assert [row.label for row in district.context["report"].children] == ["เทศบาลเมืองแพร่"]
    unit = client.get(f"{base}?unit={data['unit'].pk}")
    labels = {row.label for row in unit.context["report"].children}
    assert labels == {"กองช่าง", "ทั้งหน่วยบริการ (ไม่ระบุสำนัก/กอง/ฝ่าย)"}
    department = client.get(f"{base}?unit={data['unit'].pk}&department={data['engineering'].pk}")
    assert department.context["report"].totals.responses == 60
    process = client.get(
        f"{base}?unit={data['unit'].pk}&department={data['engineering'].pk}&process={data['water'].pk}"
    )
    assert process.context["report"].totals.responses == 60
    assert "การขออนุญาตใช้น้ำประปา" in process.content.decode()


@pytest.mark.parametrize(
    "query", ["province=99", "district=9999", "unit=999999", "province=x", "unit=1&process=2", "district=54"]
)
def test_pacc_dashboard_unknown_places_are_not_found(client, personas, data, query):
    assert _get(client, personas["pacc"], f"{reverse('pacc_dashboard')}?{query}").status_code == 404


def test_only_pacc_opens_the_national_dashboard(client, personas, data):
    url = reverse("pacc_dashboard")
    for key in ("overseer", "admin_a", "user_a", "admin_b", "newcomer"):
        response = _get(client, personas[key], url)
        assert response.status_code in (302, 404), key  # newcomer: sent to finish the profile


def test_pacc_sees_signals_by_kind(client, personas, data):
    response = _get(client, personas["pacc"], reverse("pacc_dashboard"))
    chart = response.context["signal_chart"]
    # demand for a benefit, overcharge, delay, described in the comment
    assert [row[1] for row in chart.rows] == ["1", "0", "0", "0"]


def test_units_are_ranked_only_against_the_same_type_and_with_enough_responses(client, personas, phrae, data):
    rong_fong = phrae["units"]["rong_fong"]
    point = ServicePoint.objects.create(
        unit=rong_fong, placement=Placement.PR_BOARD, created_by=personas["pacc"]
    )
    varied_feedback(point, count=5, seed=3)
    response = _get(client, personas["pacc"], f"{reverse('pacc_dashboard')}?province=54")
    rankings = response.context["report"].rankings
    assert [{row.kind for row in rows} for _label, rows in rankings] == [{"town"}, {"sao"}]
    ranked = [row for _label, rows in rankings for row in rows]
    by_unit = {row.label: row for row in ranked}
    assert by_unit["เทศบาลเมืองแพร่"].rank == 1
    assert by_unit["องค์การบริหารส่วนตำบลร่องฟอง"].rank is None  # 5 responses: not ranked
    assert "ไม่จัดอันดับ" in response.content.decode()  # “not ranked”


def test_fiscal_years_run_october_to_september(data):
    Feedback.objects.update(visit_date="2025-09-30")
    Feedback.objects.filter(pk=data["water_feedback"][0].pk).update(visit_date="2025-10-01")
    rollups.catch_up()
    years = dict(nation_report(period_from("12m")).trend.fiscal_years)
    assert years[2568].responses == 79 and years[2569].responses == 1


# --- overseers ----------------------------------------------------------------------------------


def test_overseer_sees_their_province_and_what_lies_below(client, personas, data):
    overseer = personas["overseer"]
    area = _get(client, overseer, reverse("area_dashboard"))
    assert area.status_code == 200
    assert area.context["report"].level == "province"
    assert "The whole country" not in area.content.decode() and "ทั้งประเทศ" not in area.content.decode()
    assert client.get(f"{reverse('area_dashboard')}?unit={data['unit'].pk}").status_code == 200
    assert client.get(f"{reverse('area_dashboard')}?district=5403").status_code == 200
    assert "signals" not in area.content.decode().lower()


def test_overseer_gets_not_found_outside_their_area(client, personas, data, phrae):
    from siang.directory.models import District, Province

    nan = Province.objects.create(code="55", name_th="น่าน", name_en="Nan", sort_key="น่าน")
    district = District.objects.create(code="5501", province=nan, name_th="เมืองน่าน", name_en="", sort_key="x")
    unit = make_unit(
        name_th="เทศบาลเมืองน่าน", kind="town", district=district, province=nan, dla_code="4550101"
    )
    client.force_login(personas["overseer"])
    for query in ("province=55", "district=5501", f"unit={unit.pk}"):
        assert client.get(f"{reverse('area_dashboard')}?{query}").status_code == 404, query


def test_a_district_overseer_cannot_widen_to_the_province(client, personas, data, phrae):
    overseer = personas["overseer"]
    Membership.objects.filter(user=overseer, role=Role.OVERSEER).update(district=phrae["districts"]["long"])
    client.force_login(overseer)
    assert client.get(reverse("area_dashboard")).context["report"].level == "district"
    assert client.get(f"{reverse('area_dashboard')}?province=54").status_code == 404
    assert client.get(f"{reverse('area_dashboard')}?district=5401").status_code == 404
    assert client.get(f"{reverse('area_dashboard')}?unit={data['unit'].pk}").status_code == 404


def test_unit_staff_and_newcomers_have_no_area_dashboard(client, personas, data):
    for key in ("admin_a", "user_a", "admin_b", "newcomer", "pacc"):
        assert _get(client, personas[key], reverse("area_dashboard")).status_code in (302, 404), key
    assert not Membership.objects.filter(
        user=personas["pacc"], role=Role.OVERSEER, status=MembershipStatus.APPROVED
    )


# --- query counts: constant, whatever the number of units and responses -------------------------

_dla = itertools.count(6540200)


def _more_units(phrae, personas, count: int) -> None:
    for number in range(count):
        unit = make_unit(
            name_th=f"องค์การบริหารส่วนตำบลทดสอบ{number}",
            kind="sao",
            district=phrae["districts"]["long" if number % 2 else "mueang"],
            province=phrae["province"],
            dla_code=str(next(_dla)),
        )
        point = ServicePoint.objects.create(
            unit=unit, placement=Placement.PR_BOARD, created_by=personas["pacc"]
        )
        varied_feedback(point, count=3 + number, seed=number)


@pytest.mark.parametrize("extra_units", [2, 20])
def test_dashboards_query_counts_do_not_grow(
    client, personas, phrae, data, extra_units, django_assert_max_num_queries
):
    _more_units(phrae, personas, extra_units)
    rollups.catch_up()
    pages = [
        # session, user, memberships, the catch-up check, the place, names, 2–4 rollup reads, session save
        ("admin_a", unit_url(data["unit"]), 14),
        ("pacc", reverse("pacc_dashboard"), 11),
        ("pacc", f"{reverse('pacc_dashboard')}?province=54", 12),
        ("pacc", f"{reverse('pacc_dashboard')}?district=5403", 10),
        ("pacc", f"{reverse('pacc_dashboard')}?unit={data['unit'].pk}", 13),
        ("overseer", reverse("area_dashboard"), 11),
    ]
    for persona, url, most in pages:
        client.force_login(personas[persona])
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200, url


def test_dashboards_speak_thai_first(client, personas, data):
    client.force_login(personas["pacc"])
    page = client.get(f"{reverse('pacc_dashboard')}?province=54").content.decode()
    for text in ("แดชบอร์ดระดับประเทศ", "จังหวัดแพร่", "รายอำเภอ", "ช่วงความเชื่อมั่น 95%", "ปีงบประมาณ"):
        assert text in page, text
    client.force_login(personas["admin_a"])
    page = client.get(unit_url(data["unit"])).content.decode()
    assert "แดชบอร์ดของเทศบาลเมืองแพร่" in page and "ความคิดเห็นล่าสุด" in page


def test_unit_dashboard_shows_the_steps_left_with_links(client, personas, data):
    response = _get(client, personas["admin_a"], unit_url(data["unit"]))
    left = response.context["steps_left"]
    assert left == sum(1 for status in response.context["unit_steps"] if not status.done)
    page = response.content.decode()
    assert "การลงทะเบียนและการตั้งค่า" in page
    assert (f"เหลืออีก {left} ขั้นตอน" if left else "ทำครบทุกขั้นตอนแล้ว") in page


def test_names_in_the_tables_are_escaped(client, personas, phrae, data):
    unit = make_unit(
        name_th="องค์การบริหารส่วนตำบล<script>alert(1)</script>",
        kind="sao",
        district=phrae["districts"]["long"],
        province=phrae["province"],
        dla_code="6540399",
    )
    point = ServicePoint.objects.create(unit=unit, placement=Placement.PR_BOARD, created_by=personas["pacc"])
    varied_feedback(point, count=3)
    page = _get(client, personas["pacc"], f"{reverse('pacc_dashboard')}?province=54").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_each_chart_table_downloads_as_csv(client, personas, data):
    response = _get(client, personas["admin_a"], unit_url(data["unit"]))
    assert f"{unit_url(data['unit'])}?csv=dimensions" in response.content.decode()
    download = client.get(f"{unit_url(data['unit'])}?csv=dimensions")
    assert download["Content-Type"].startswith("text/csv")
    text = download.content.decode("utf-8-sig")
    assert "ความพึงพอใจโดยรวม" in text  # the "overall" row, in Thai
    exported = AuditEvent.objects.get(action="chart_export")
    assert exported.actor == personas["admin_a"] and exported.object_repr.endswith("?csv=dimensions")
    assert client.get(f"{unit_url(data['unit'])}?csv=signals").status_code == 404  # never for a unit
    pacc = _get(client, personas["pacc"], f"{reverse('pacc_dashboard')}?province=54&csv=signals")
    assert pacc.status_code == 200 and pacc.content.decode("utf-8-sig").count("\n") == 5


def test_provinces_are_ranked_at_the_national_level(client, personas, data):
    report = _get(client, personas["pacc"], reverse("pacc_dashboard")).context["report"]
    assert [(row.label, row.rank) for row in report.children] == [("แพร่", 1)]


# --- the permission matrix ----------------------------------------------------------------------

MATRIX = {
    # persona: (unit A's dashboard, PACC's national dashboard, the area dashboard)
    "pacc": (200, 200, 404),
    "overseer": (404, 404, 200),
    "admin_a": (200, 404, 404),
    "user_a": (200, 404, 404),
    "user_a2": (200, 404, 404),
    "admin_b": (404, 404, 404),
}


@pytest.mark.parametrize("persona", sorted(MATRIX))
def test_who_opens_which_dashboard(client, personas, data, persona):
    urls = (unit_url(data["unit"]), reverse("pacc_dashboard"), reverse("area_dashboard"))
    client.force_login(personas[persona])
    assert tuple(client.get(url).status_code for url in urls) == MATRIX[persona]


def test_a_newcomer_is_sent_to_complete_the_profile_first(client, personas, data):
    client.force_login(personas["newcomer"])
    for url in (unit_url(data["unit"]), reverse("pacc_dashboard"), reverse("area_dashboard")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("profile")), url


def test_an_unknown_period_falls_back_to_the_last_12_months(client, personas, data):
    response = _get(client, personas["pacc"], f"{reverse('pacc_dashboard')}?period=fy1999")
    assert response.status_code == 200
    assert response.context["period"].key == "12m"
    fiscal = client.get(f"{reverse('pacc_dashboard')}?period=fy2569&province=54")
    assert fiscal.context["period"].start.isoformat() == "2025-10-01"
    assert 'value="fy2569" selected' in fiscal.content.decode()


def test_the_drill_down_below_a_unit_keeps_a_constant_number_of_queries(
    client, personas, phrae, data, django_assert_max_num_queries
):
    _more_units(phrae, personas, 5)
    rollups.catch_up()
    client.force_login(personas["pacc"])
    unit, department, water = data["unit"].pk, data["engineering"].pk, data["water"].pk
    base = reverse("pacc_dashboard")
    with django_assert_max_num_queries(12):
        assert client.get(f"{base}?unit={unit}&department={department}").status_code == 200
    with django_assert_max_num_queries(11):
        assert client.get(f"{base}?unit={unit}&department={department}&process={water}").status_code == 200


def test_pacc_ranks_all_units_of_a_type_across_the_country(client, personas, phrae, data):
    _more_units(phrae, personas, 3)  # SAOs with 3, 4 and 5 responses: too few to rank
    rong_fong = phrae["units"]["rong_fong"]
    point = ServicePoint.objects.create(
        unit=rong_fong, placement=Placement.PR_BOARD, created_by=personas["pacc"]
    )
    varied_feedback(point, count=40, seed=11)
    nation = _get(client, personas["pacc"], reverse("pacc_dashboard"))
    assert f"{reverse('pacc_dashboard')}?kind=sao" in nation.content.decode()
    response = client.get(f"{reverse('pacc_dashboard')}?kind=sao")
    report = response.context["report"]
    assert report.level == "kind"
    assert [(row.label, row.rank) for _label, rows in report.rankings for row in rows] == [
        ("องค์การบริหารส่วนตำบลร่องฟอง", 1)
    ]
    assert report.not_ranked == 3
    assert report.totals.responses == 40 + 3 + 4 + 5
    assert "3 แห่งที่มีผู้ตอบน้อยกว่า 30 ราย" in response.content.decode()
    assert client.get(f"{reverse('pacc_dashboard')}?kind=bank").status_code == 404
    client.force_login(personas["overseer"])
    assert client.get(f"{reverse('area_dashboard')}?kind=sao").context["report"].level == "province"


def test_the_national_ranking_of_a_type_shows_the_highest_and_lowest(monkeypatch, phrae, personas, data):
    from siang.reporting import dashboards

    monkeypatch.setattr(dashboards, "KIND_SHOWN", 1)
    for key in ("rong_fong", "ban_pin_sao"):
        point = ServicePoint.objects.create(
            unit=phrae["units"][key], placement=Placement.PR_BOARD, created_by=personas["pacc"]
        )
        varied_feedback(point, count=40, seed=len(key), rating_overall=5 if key == "rong_fong" else 2)
    point = ServicePoint.objects.create(
        unit=make_unit(
            name_th="องค์การบริหารส่วนตำบลกลาง",
            kind="sao",
            district=phrae["districts"]["long"],
            province=phrae["province"],
            dla_code="6540398",
        ),
        placement=Placement.PR_BOARD,
        created_by=personas["pacc"],
    )
    varied_feedback(point, count=40, seed=2)  # a mix of ratings: in the middle
    rollups.catch_up()
    report = dashboards.kind_report("sao", period_from("12m"))
    assert [[row.label for row in rows] for _label, rows in report.rankings] == [
        ["องค์การบริหารส่วนตำบลร่องฟอง"],
        ["องค์การบริหารส่วนตำบลบ้านปิน"],
    ]


def test_the_ranking_of_a_type_takes_a_constant_number_of_queries(
    client, personas, phrae, data, django_assert_max_num_queries
):
    _more_units(phrae, personas, 12)
    rollups.catch_up()
    client.force_login(personas["pacc"])
    with django_assert_max_num_queries(10):
        assert client.get(f"{reverse('pacc_dashboard')}?kind=sao").status_code == 200
