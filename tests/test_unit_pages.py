"""Finding a unit: Thai-aware search, by province and district, and the unit page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from siang.directory.models import UnitName
from siang.directory.names import UnitKind, search_key
from siang.directory.selectors import unit_search


def names(units) -> set[str]:
    return {unit.name_th for unit in units}


@pytest.mark.parametrize(
    "typed",
    ["ร่องฟอง", "อบต.ร่องฟอง", "อบต. ร่อง ฟอง", "องค์การบริหารส่วนตำบลร่องฟอง", "ร่อง\u200bฟอง", "Rong Fong"],
)
def test_search_ignores_type_prefix_spacing_and_zero_width_characters(phrae, typed):
    assert names(unit_search(query=typed)) == {"องค์การบริหารส่วนตำบลร่องฟอง"}


def test_search_by_province_and_district(phrae):
    long_ = phrae["districts"]["long"]
    assert names(unit_search(district=long_)) == {"องค์การบริหารส่วนตำบลบ้านปิน"}
    assert len(unit_search(province=phrae["province"])) == 5


def test_a_former_name_still_finds_the_unit(phrae):
    unit = phrae["units"]["b"]
    UnitName.objects.create(
        unit=unit,
        name_th="องค์การบริหารส่วนตำบลทุ่งกวาวเก่า",
        kind=UnitKind.SAO,
        reason=UnitName.Reason.UPGRADED,
        search_key=search_key("องค์การบริหารส่วนตำบลทุ่งกวาวเก่า"),
    )
    assert list(unit_search(query="ทุ่งกวาวเก่า")) == [unit]


def test_inactive_units_are_not_listed_and_their_page_is_not_found(client, phrae):
    unit = phrae["units"]["rong_fong"]
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    assert names(unit_search(query="ร่องฟอง")) == set()
    assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 404


def test_search_page_lists_results_in_a_fixed_number_of_queries(client, phrae, django_assert_num_queries):
    url = reverse("unit_search")
    # the chosen province, the count, the province and district options, one page of units
    # (province and district joined): five, however many units the page lists
    with django_assert_num_queries(5):
        response = client.get(url, {"province": "54"})
    page = response.content.decode()
    assert "พบ 5 หน่วยบริการ" in page
    assert "องค์การบริหารส่วนจังหวัดแพร่" in page


def test_search_page_offers_the_districts_of_the_chosen_province(client, phrae):
    page = client.get(reverse("unit_search"), {"province": "54"}).content.decode()
    assert '<option value="5403">ลอง</option>' in page


def test_an_unknown_province_is_explained_not_a_crash(client, phrae):
    response = client.get(reverse("unit_search"), {"province": "99", "q": "ร่องฟอง"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "องค์การบริหารส่วนตำบลร่องฟอง" in page
    assert 'class="error"' in page


def test_unit_page_shows_what_a_citizen_needs(english_client, phrae):
    unit = phrae["units"]["rong_fong"]
    page = english_client.get(reverse("unit_detail", args=[unit.pk])).content.decode()
    # In English the English name heads the page, with the Thai one under it.
    assert "<h1>Rong Fong Subdistrict Administrative Organization</h1>" in page
    assert '<p class="lead" lang="th">องค์การบริหารส่วนตำบลร่องฟอง</p>' in page
    assert "6540117" in page
    assert "Mueang Phrae" in page


def test_provinces_page_counts_units(client, phrae, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = client.get(reverse("province_list")).content.decode()
    assert "แพร่" in page and ">5<" in page


def test_the_name_typed_comes_first(phrae):
    # "แพร่" is in both names; the one typed in full leads, whatever the alphabet says.
    assert unit_search(query="เทศบาลเมืองแพร่")[0].name_th == "เทศบาลเมืองแพร่"
    assert unit_search(query="อบจ.แพร่")[0].name_th == "องค์การบริหารส่วนจังหวัดแพร่"
