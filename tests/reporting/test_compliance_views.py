"""The compliance pages: who may open which area, what they show, in how many queries."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from siang.accounts.models import Membership, MembershipStatus, Role
from siang.audit.models import AuditEvent
from siang.directory.models import District, Province
from tests.conftest import make_unit
from tests.reporting.compliance_helpers import set_up_unit_a

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def nan(phrae):
    province = Province.objects.create(code="55", name_th="น่าน", name_en="Nan", sort_key="น่าน")
    district = District.objects.create(
        code="5501", province=province, name_th="เมืองน่าน", name_en="Mueang Nan", sort_key="เมืองน่าน"
    )
    make_unit(name_th="เทศบาลเมืองน่าน", kind="town", district=district, province=province)
    return {"province": province, "district": district}


def test_pacc_opens_the_nation_and_sees_each_province(phrae, personas, nan):
    response = client_for(personas["pacc"]).get("/compliance/", follow=True)
    assert response.redirect_chain[-1][0] == "/compliance/all/"
    html = response.content.decode()
    assert "แพร่" in html and "น่าน" in html
    assert 'href="/compliance/54/"' in html


def test_the_overseer_lands_on_their_province_and_sees_its_districts(phrae, personas):
    response = client_for(personas["overseer"]).get("/compliance/", follow=True)
    assert response.redirect_chain[-1][0] == "/compliance/54/"
    html = response.content.decode()
    assert "เมืองแพร่" in html and 'href="/compliance/5401/"' in html
    assert 'href="/compliance/54/admin_approved/"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/compliance/all/",
        "/compliance/55/",
        "/compliance/5501/",
        "/compliance/55/admin_approved/",
        "/compliance/55/admin_approved/list.pdf",
    ],
)
def test_the_overseer_cannot_open_another_province_or_the_nation(phrae, personas, nan, path):
    assert client_for(personas["overseer"]).get(path).status_code == 404


def test_a_district_overseer_sees_only_their_district(phrae, personas):
    Membership.objects.filter(user=personas["overseer"], role=Role.OVERSEER).update(
        district=phrae["districts"]["long"]
    )
    client = client_for(personas["overseer"])
    assert client.get("/compliance/5403/").status_code == 200
    assert client.get("/compliance/5401/").status_code == 404
    assert client.get("/compliance/54/").status_code == 404


def test_a_pending_overseer_sees_nothing(phrae, personas):
    Membership.objects.filter(user=personas["overseer"], role=Role.OVERSEER).update(
        status=MembershipStatus.PENDING
    )
    assert client_for(personas["overseer"]).get("/compliance/54/").status_code == 404


@pytest.mark.parametrize("persona", ["admin_a", "user_a", "admin_b", "newcomer"])
@pytest.mark.parametrize(
    "path",
    [
        "/compliance/",
        "/compliance/54/",
        "/compliance/54/admin_approved/",
        "/compliance/54/admin_approved/list.xlsx",
    ],
)
def test_unit_staff_and_others_cannot_see_compliance_lists(phrae, personas, persona, path):
    response = client_for(personas[persona]).get(path)
    if persona == "newcomer":  # no profile yet: asked to complete it first, never shown the list
        assert response.status_code == 302 and response["Location"].startswith("/accounts/profile/")
    else:
        assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in(phrae):
    response = Client().get("/compliance/54/")
    assert response.status_code == 302
    assert "/compliance/54/" in response["Location"]


def test_unknown_area_or_step_is_not_found(phrae, personas):
    client = client_for(personas["pacc"])
    for path in (
        "/compliance/99/",
        "/compliance/abc/",
        "/compliance/54/no_such_step/",
        "/compliance/all/admin_approved/list.pdf",
    ):
        assert client.get(path).status_code == 404, path


def test_the_unit_list_names_the_units_without_an_admin_in_order(phrae, personas):
    html = client_for(personas["overseer"]).get("/compliance/54/admin_approved/").content.decode()
    order = [
        html.index(name)
        for name in ("องค์การบริหารส่วนจังหวัดแพร่", "องค์การบริหารส่วนตำบลร่องฟอง", "องค์การบริหารส่วนตำบลบ้านปิน")
    ]
    assert order == sorted(order)
    assert "เทศบาลเมืองแพร่" not in html.split("<h2")[-1]
    assert 'href="/compliance/54/admin_approved/list.pdf"' in html
    assert 'href="/compliance/54/admin_approved/list.xlsx"' in html


def test_the_unit_list_is_paged(phrae, personas):
    for number in range(60):
        make_unit(
            name_th=f"องค์การบริหารส่วนตำบลทดสอบ{number:02d}",
            kind="sao",
            district=phrae["districts"]["long"],
            province=phrae["province"],
        )
    client = client_for(personas["pacc"])
    first = client.get("/compliance/54/admin_approved/").content.decode()
    second = client.get("/compliance/54/admin_approved/?page=2").content.decode()
    assert "63 units have not done this step" in first or "63 " in first
    assert "ทดสอบ59" in second and "ทดสอบ59" not in first


def test_area_page_and_list_queries_do_not_grow_with_units(phrae, personas, django_assert_max_num_queries):
    set_up_unit_a(phrae, personas)
    client = client_for(personas["pacc"])
    client.get("/compliance/54/")  # warm the session
    counts = []
    for _round in range(2):
        with django_assert_max_num_queries(12) as captured:
            assert client.get("/compliance/54/").status_code == 200
        counts.append(len(captured))
        with django_assert_max_num_queries(12):
            assert client.get("/compliance/54/admin_approved/").status_code == 200
        for number in range(20):
            make_unit(
                name_th=f"องค์การบริหารส่วนตำบลเพิ่ม{_round}{number}",
                kind="sao",
                district=phrae["districts"]["long"],
                province=phrae["province"],
            )
    assert counts[0] == counts[1]


def test_the_area_funnel_has_its_table(phrae, personas):
    set_up_unit_a(phrae, personas)
    html = client_for(personas["pacc"]).get("/compliance/54/").content.decode()
    assert '<svg class="chart chart-funnel"' in html
    assert (
        '<th scope="row">All units</th><td>5</td><td>100%</td>' in html or "<td>5</td><td>100%</td>" in html
    )
    csv = client_for(personas["pacc"]).get("/compliance/54/?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[1].endswith(",5,100%")
    assert AuditEvent.objects.filter(action="chart_export", object_repr="/compliance/54/?format=csv").exists()


def test_unit_staff_see_their_own_remaining_steps_with_links(phrae, personas):
    unit = phrae["units"]["a"]
    html = client_for(personas["user_a"]).get(f"/unit/{unit.pk}/steps/").content.decode()
    assert "เทศบาลเมืองแพร่" in html
    assert f'href="/unit/{unit.pk}/catalogue/departments/"' in html
    assert "is-done" in html and "is-todo" in html


def test_unit_staff_cannot_see_another_units_steps(phrae, personas):
    other = phrae["units"]["b"]
    assert client_for(personas["user_a"]).get(f"/unit/{other.pk}/steps/").status_code == 404
    assert client_for(personas["overseer"]).get(f"/unit/{other.pk}/steps/").status_code == 404
    assert client_for(personas["pacc"]).get(f"/unit/{other.pk}/steps/").status_code == 200


def test_unit_steps_page_queries(phrae, personas, django_assert_max_num_queries):
    client = client_for(personas["admin_a"])
    with django_assert_max_num_queries(8):
        assert client.get(f"/unit/{phrae['units']['a'].pk}/steps/").status_code == 200


def _many_units(phrae, count: int) -> None:
    from siang.directory.models import Unit
    from siang.directory.names import search_key, thai_sort_key

    Unit.objects.bulk_create(
        Unit(
            kind="sao",
            name_th=f"องค์การบริหารส่วนตำบลจำนวน{number:04d}",
            short_name_th=f"จำนวน{number:04d}",
            province=phrae["province"],
            district=phrae["districts"]["long"],
            search_key=search_key(f"จำนวน{number:04d}"),
            sort_key=thai_sort_key(f"จำนวน{number:04d}"),
        )
        for number in range(count)
    )


@pytest.mark.parametrize("language", ["th", "en"])
def test_compliance_counts_are_written_with_thousands_separators(phrae, personas, language):
    """The pages printed "7848" where every other page shows "7,848"."""
    _many_units(phrae, 1_000)  # 1,005 units in Phrae, 1,003 without an Admin
    client = client_for(personas["pacc"])
    client.cookies["siang_lang"] = language
    for path in ("/compliance/all/", "/compliance/54/", "/compliance/54/admin_approved/"):
        html = client.get(path).content.decode()
        assert "1,005" in html or "1,003" in html, path
        assert not re.search(r'(?<![\d,"])100[35](?![\d,])', html), f"{path} prints a raw count"


def test_page_links_keep_the_query_without_an_empty_parameter(phrae, personas):
    _many_units(phrae, 60)
    html = client_for(personas["pacc"]).get("/compliance/54/admin_approved/").content.decode()
    assert 'href="?page=2"' in html and "?&amp;" not in html and "?&" not in html
