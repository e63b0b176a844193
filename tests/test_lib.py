"""Thai dates and digits, the fiscal year, the citizen ID check digit, the audit log."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from siang.audit.models import AuditEvent
from siang.audit.services import audit_record
from siang.lib import thai
from siang.lib.citizen_id import is_valid_citizen_id, masked, with_check_digit

UTC = dt.UTC


def test_table_and_letter_dates_in_the_buddhist_era():
    day = dt.date(2026, 6, 15)
    assert thai.date_short_th(day) == "15 มิ.ย. 2569"
    assert thai.date_long_th(day) == "15 มิถุนายน 2569"
    assert thai.date_letter_th(day) == "๑๕ มิถุนายน ๒๕๖๙"


def test_a_utc_time_is_dated_in_bangkok():
    # 20:00 UTC on 31 Dec 2025 is already 1 January 2026 (BE 2569) in Bangkok.
    moment = dt.datetime(2025, 12, 31, 20, 0, tzinfo=UTC)
    assert thai.date_short_th(moment) == "1 ม.ค. 2569"


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [(dt.date(2025, 9, 30), 2568), (dt.date(2025, 10, 1), 2569), (dt.date(2026, 9, 30), 2569)],
)
def test_fiscal_year_runs_october_to_september(day, fiscal_year):
    assert thai.fiscal_year_be(day) == fiscal_year


def test_date_filters_follow_the_language():
    template = Template("{{ day|thaidate }} / {{ day|thaidate_letter }} / {{ 1206|thaidigits }}")
    context = Context({"day": dt.datetime(2026, 5, 5, 3, 0, tzinfo=ZoneInfo("Asia/Bangkok"))})
    with translation.override("th"):
        assert template.render(context) == "5 พ.ค. 2569 / ๕ พฤษภาคม ๒๕๖๙ / ๑๒๐๖"
    with translation.override("en"):
        assert template.render(context).startswith("5 May 2026 / ")


def test_citizen_id_check_digit():
    # 1·13 + 1·12 + 0·11 + 1·10 + 7·9 + 0·8 + 0·7 + 2·6 + 3·5 + 0·4 + 7·3 + 0·2 = 146; (11 − 146 mod 11) mod 10 = 8
    assert is_valid_citizen_id("1101700230708")
    assert is_valid_citizen_id("1-1017-00230-70-8")
    assert not is_valid_citizen_id("1101700230705")
    assert not is_valid_citizen_id("110170023070")
    assert not is_valid_citizen_id("0101700230708")
    assert with_check_digit("110170023070") == "1101700230708"
    assert masked("1101700230708") == "x-xxxx-xxxxx-70-8"


def test_audit_record_keeps_who_what_and_the_change(personas):
    admin = personas["admin_a"]
    unit = admin.memberships.get().unit
    event = audit_record(actor=admin, action="unit.test", obj=unit, before={"a": 1}, after={"a": 2})
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == admin
    assert stored.actor_label == "นางมาลี ใจงาม"
    assert (stored.object_type, stored.object_id) == ("directory.unit", str(unit.pk))
    assert stored.before == {"a": 1} and stored.after == {"a": 2}
    system = audit_record(actor=None, action="unit.loaded", obj=unit)
    assert system.actor is None and system.actor_label == "system"
