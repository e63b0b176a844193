"""In English, names come from the data's English names and years are Gregorian (issue 12, item 11)."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.urls import reverse
from django.utils import translation

from siang.lib import thai
from siang.lib.names import pick_name

BUDDHIST_YEAR = re.compile(r"(?<!\d)25[5-7]\d(?!\d)")


def _english(client, user):
    client.force_login(user)
    client.cookies["siang_lang"] = "en"
    return client


def _text(html: str) -> str:
    """What a reader sees: the page without its tags and attributes."""
    return re.sub(r"<[^>]+>", " ", html)


def test_a_unit_dashboard_in_english_has_the_english_name_and_gregorian_years(client, personas, phrae):
    unit = phrae["units"]["a"]
    with time_machine.travel(dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)):
        html = _english(client, personas["admin_a"]).get(reverse("unit_dashboard", args=[unit.pk])).content
    text = _text(html.decode())
    assert "Dashboard of Phrae Town Municipality" in text
    assert "เทศบาลเมืองแพร่" not in text
    assert "Fiscal year 2027" in text and "Fiscal year 2026" in text  # FY2570 began on 1 October 2026
    assert not BUDDHIST_YEAR.search(text), BUDDHIST_YEAR.search(text)


def test_the_homes_and_compliance_name_units_and_areas_in_english(client, personas, phrae):
    admin = _text(_english(client, personas["admin_a"]).get(reverse("account_home")).content.decode())
    assert "Admin of Phrae Town Municipality" in admin
    overseer = _text(_english(client, personas["overseer"]).get(reverse("account_home")).content.decode())
    assert "Overseer of Phrae province" in overseer and "แพร่" not in overseer
    compliance = _english(client, personas["pacc"]).get("/compliance/54/").content.decode()
    assert "Compliance: Phrae province" in compliance and "Mueang Phrae" in compliance


def test_a_name_without_english_stays_thai_and_thai_pages_stay_thai(client, personas, phrae):
    ban_pin = phrae["units"]["ban_pin_sao"]  # no English name in the data
    html = client.get(reverse("unit_detail", args=[ban_pin.pk]), HTTP_COOKIE="siang_lang=en").content.decode()
    assert "<h1>องค์การบริหารส่วนตำบลบ้านปิน</h1>" in html and "Long" in html
    thai_page = client.get(reverse("unit_detail", args=[phrae["units"]["a"].pk])).content.decode()
    assert "<h1>เทศบาลเมืองแพร่</h1>" in thai_page


def test_the_one_place_that_picks_a_name_and_a_year():
    with translation.override("en"):
        assert pick_name("แพร่", "Phrae") == "Phrae" and pick_name("บ้านปิน", "") == "บ้านปิน"
        assert thai.fiscal_year_label(2570) == "2027"  # October 2026 – September 2027
        assert thai.month_label(dt.date(2026, 6, 1)) == "Jun 2026"
        assert thai.date_long(dt.date(2026, 6, 15)) == "15 June 2026"
    with translation.override("th"):
        assert pick_name("แพร่", "Phrae") == "แพร่"
        assert thai.fiscal_year_label(2570) == "2570"
        assert thai.month_label(dt.date(2026, 6, 1)) == "มิ.ย. 2569"
