"""What citizens see: each unit's approved processes by department, and a printable manual."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from siang.catalog import services
from tests.catalog.helpers import approved_process, make_process


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def services_section(response) -> str:
    html = response.content.decode()
    start = html.index('id="services-heading">') + len('id="services-heading">')
    return text_of(html[start : html.index("</section>", start)])


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def published(departments, personas):
    user, admin = personas["user_a"], personas["admin_a"]
    water = approved_process(departments["a2"], user, admin, name_en="Applying for tap water")
    elderly = approved_process(
        departments["a1"], user, admin, name_th="การลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ", fees=[], no_fee=True
    )
    draft = make_process(departments["a2"], user, sequence=2, name_th="การขออนุญาตก่อสร้างอาคาร")
    # a change waiting for review must not show either
    services.revision_update(process=water, actor=user, content={"name_th": "การขออนุญาตใช้น้ำประปาและมาตรวัด"})
    water.refresh_from_db()
    services.process_submit(processes=[water], actor=user)
    return {"water": water, "elderly": elderly, "draft": draft}


def test_the_unit_page_lists_only_approved_processes_by_department(client, phrae, published):
    response = client.get(reverse("unit_detail", args=[phrae["units"]["a"].pk]))
    # in English: the English name where there is one, the Thai otherwise
    assert services_section(response).startswith(
        "Services สำนักปลัดเทศบาล การลงทะเบียนรับเงินเบี้ยยังชีพผู้สูงอายุ Engineering Division Applying for tap water"
        " To report"
    )
    page = response.content.decode()
    assert "การขออนุญาตก่อสร้างอาคาร" not in page and "มาตรวัด" not in page
    assert reverse("service_manual", args=[phrae["units"]["a"].pk, published["water"].pk]) in page
    # another unit's page shows none of these
    other = client.get(reverse("unit_detail", args=[phrae["units"]["b"].pk]))
    assert "has not published its services" in text(other)


def test_the_citizen_manual_shows_the_approved_version(client, phrae, published):
    response = client.get(reverse("service_manual", args=[phrae["units"]["a"].pk, published["water"].pk]))
    page = text(response)
    assert "Applying for tap water" in page  # English chosen and filled
    assert "ข้อบัญญัติเทศบาลเมืองแพร่ เรื่อง การใช้น้ำประปา พ.ศ. 2560" in page  # English empty: the Thai
    assert "Apply and have the documents checked" in page and "ติดตั้งมาตรวัดน้ำ" in page
    assert "Meter deposit 500 baht" in page and "Thai ID card" in page
    assert "มาตรวัด" not in page.replace("มาตรวัดน้ำ", "")  # the change in review is not shown


def test_the_manual_says_no_fee_explicitly(client, phrae, published):
    page = text(client.get(reverse("service_manual", args=[phrae["units"]["a"].pk, published["elderly"].pk])))
    assert "No fee. Nobody may ask you to pay for this service." in page


def test_thai_readers_get_thai(phrae, published):
    from django.test import Client

    page = text(Client().get(reverse("service_manual", args=[phrae["units"]["a"].pk, published["water"].pk])))
    assert "การขออนุญาตใช้น้ำประปา" in page and "ยื่นคำขอและตรวจเอกสาร" in page
    assert "Apply and have the documents checked" not in page


def test_drafts_and_other_units_addresses_are_not_found(client, phrae, published):
    unit_a, unit_b = phrae["units"]["a"], phrae["units"]["b"]
    assert client.get(reverse("service_manual", args=[unit_a.pk, published["draft"].pk])).status_code == 404
    assert client.get(reverse("service_manual", args=[unit_b.pk, published["water"].pk])).status_code == 404
    unit_a.is_active = False
    unit_a.save(update_fields=["is_active"])
    assert client.get(reverse("service_manual", args=[unit_a.pk, published["water"].pk])).status_code == 404


def test_the_manual_prints_on_a4():
    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
    print_css = css[css.index("@media print") :]
    assert "size: A4" in print_css and ".site-header" in print_css


def _many_processes(departments, personas, count: int) -> None:
    user, admin = personas["user_a"], personas["admin_a"]
    for number in range(1, count + 1):
        approved_process(departments["a2"], user, admin, sequence=number, name_th=f"การบริการที่ {number}")


def test_the_public_unit_page_takes_a_fixed_number_of_queries(
    client, phrae, departments, personas, django_assert_max_num_queries
):
    _many_processes(departments, personas, 2)
    url = reverse("unit_detail", args=[phrae["units"]["a"].pk])
    # the unit with its area, its former names, its departments, their approved processes
    with django_assert_max_num_queries(4):
        few = client.get(url)
    for number in range(1, 8):
        approved_process(
            departments["a1"],
            personas["user_a"],
            personas["admin_a"],
            sequence=number,
            name_th=f"งานที่ {number}",
        )
    with django_assert_max_num_queries(4):
        many = client.get(url)
    assert "การบริการที่ 2" in text(few) and "งานที่ 7" in text(many)


def test_the_catalogue_list_takes_a_fixed_number_of_queries(
    client, phrae, departments, personas, django_assert_max_num_queries
):
    _many_processes(departments, personas, 8)
    for number in range(1, 6):
        make_process(departments["a1"], personas["user_a"], sequence=number, name_th=f"งานร่าง {number}")
    client.force_login(personas["user_a"])
    # the session (read, then saved), the user, their memberships, the departments, all their processes with
    # their revisions' names: the same however many processes there are
    with django_assert_max_num_queries(8):
        response = client.get(reverse("catalog_unit", args=[phrae["units"]["a"].pk]))
    assert "งานร่าง 5" in text(response) and "การบริการที่ 8" in text(response)


def test_the_units_staff_and_pacc_find_the_catalogue_from_the_unit_page(client, phrae, personas, published):
    url = reverse("unit_detail", args=[phrae["units"]["a"].pk])
    link = reverse("catalog_unit", args=[phrae["units"]["a"].pk])
    assert link not in client.get(url).content.decode()
    for key, shown in (
        ("user_a", True),
        ("admin_a", True),
        ("pacc", True),
        ("admin_b", False),
        ("overseer", False),
    ):
        client.force_login(personas[key])
        assert (link in client.get(url).content.decode()) is shown, key
