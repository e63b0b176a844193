"""The casework pages: PACC only (the permission matrix), the queue, a case, and the contact reveal."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from siang.audit.models import AuditEvent
from siang.casework import services
from siang.casework.models import Case, CaseStatus, SignalKind
from siang.feedback.models import TrackingStatus
from tests.casework.helpers import make_signal

OUTSIDERS = ["overseer", "admin_a", "user_a", "user_a2", "admin_b", "newcomer"]
POSTS = [
    "casework_take",
    "casework_assign",
    "casework_start_review",
    "casework_refer",
    "casework_close",
    "casework_note",
    "casework_reveal",
]


def _all_urls(case) -> list[tuple[str, str]]:
    gets = [("get", reverse("casework_queue")), ("get", reverse("casework_case", args=[case.pk]))]
    return gets + [("post", reverse(name, args=[case.pk])) for name in POSTS]


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_nobody_but_pacc_finds_any_casework_page(client, personas, case, persona):
    user = personas[persona]
    if user.profile_completed_at is None:  # the newcomer is first sent to complete the profile
        client.force_login(user)
        response = client.get(reverse("casework_queue"))
        assert response.status_code == 302 and reverse("profile") in response["Location"]
        user.profile_completed_at = timezone.now()
        user.save(update_fields=["profile_completed_at"])
    client.force_login(user)
    for method, url in _all_urls(case):
        response = getattr(client, method)(url, {"outcome": "x", "reason": "x", "signal": "1"})
        assert response.status_code == 404, (persona, url)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW and not case.notes.exclude(event="opened").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, case):
    for method, url in _all_urls(case):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("signin") in response["Location"], url


def test_pacc_opens_the_queue_and_the_case(client, personas, case):
    client.force_login(personas["pacc"])
    assert client.get(reverse("casework_queue")).status_code == 200
    assert client.get(reverse("casework_case", args=[case.pk])).status_code == 200


def test_the_case_page_shows_the_tracking_code_as_the_citizen_sees_it(client, phrae, personas):
    signal = make_signal(phrae["units"]["a"], personas["admin_a"], tracking_code="U9DX5SY7")
    case = services.case_for_signal(signal)
    client.force_login(personas["pacc"])
    page = client.get(reverse("casework_case", args=[case.pk])).content.decode()
    assert "U9DX-5SY7" in page and "U9DX5SY7" not in page


def test_the_queue_attaches_new_signals_and_highlights_the_overdue(client, phrae, personas):
    unit, staff = phrae["units"]["a"], personas["admin_a"]
    with time_machine.travel(dt.datetime(2026, 11, 2, 3, 0, tzinfo=dt.UTC), tick=False):
        make_signal(unit, staff)
    with time_machine.travel(dt.datetime(2026, 11, 25, 3, 0, tzinfo=dt.UTC), tick=False):
        make_signal(phrae["units"]["b"], staff, kind=SignalKind.OVERCHARGE)
        client.force_login(personas["pacc"])
        html = client.get(reverse("casework_queue")).content.decode()
    assert Case.objects.count() == 2
    assert html.count("case-row is-overdue") == 1 and "เกินกำหนด" in html
    overdue_row = html.index("case-row is-overdue")
    assert overdue_row < html.index("เทศบาลเมืองแพร่") < html.index("เทศบาลตำบลทุ่งกวาว"), (
        "soonest deadline first"
    )


def test_the_queue_filters_by_kind_assignee_and_overdue(client, phrae, personas):
    unit, staff, pacc = phrae["units"]["a"], personas["admin_a"], personas["pacc"]
    mine = services.case_for_signal(make_signal(unit, staff))
    services.case_take(case=mine, actor=pacc)
    other = services.case_for_signal(make_signal(unit, staff, kind=SignalKind.DELAY))
    client.force_login(pacc)

    def shown(**query) -> set[int]:
        response = client.get(reverse("casework_queue"), query)
        return {case.pk for case, _overdue, _described in response.context["rows"]}

    assert shown() == {mine.pk, other.pk}
    assert shown(kind=SignalKind.DELAY) == {other.pk}
    assert shown(status="open", assignee="me") == {mine.pk}
    assert shown(status="open", assignee="none") == {other.pk}
    assert shown(status="open", overdue="on") == set()
    assert shown(status="closed") == set()
    assert shown(status="", province="54") == {mine.pk, other.pk}


def test_the_queue_counts_cases_by_status(client, phrae, personas):
    unit, staff, pacc = phrae["units"]["a"], personas["admin_a"], personas["pacc"]
    closed = services.case_for_signal(make_signal(unit, staff))
    services.case_close(case=closed, actor=pacc, outcome="ไม่พบมูล")
    services.case_for_signal(make_signal(unit, staff))
    client.force_login(pacc)
    counts = client.get(reverse("casework_queue")).context["counts"]
    assert counts["open"] == 1 and counts["unassigned"] == 1
    assert ("closed", "ปิดแล้ว", 1) in [(s, str(label), n) for s, label, n in counts["statuses"]] or any(
        s == "closed" and n == 1 for s, _label, n in counts["statuses"]
    )


def _queue_queries(client, django_assert_max_num_queries, count: int) -> None:
    with django_assert_max_num_queries(count):
        assert client.get(reverse("casework_queue")).status_code == 200


def test_the_queue_needs_the_same_queries_for_many_cases(client, phrae, personas, django_assert_num_queries):
    staff = personas["admin_a"]
    units = list(phrae["units"].values())
    client.force_login(personas["pacc"])
    services.case_for_signal(make_signal(units[0], staff))
    client.get(reverse("casework_queue"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("casework_queue"))
    for unit in units:
        for kind in SignalKind.values:
            services.case_for_signal(make_signal(unit, staff, kind=kind))
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("casework_queue"))
    assert len(response.context["rows"]) == len(units) * len(SignalKind.values)


def test_the_case_page_needs_the_same_queries_for_many_signals(
    client, phrae, personas, django_assert_num_queries, sealed
):
    unit, staff = phrae["units"]["a"], personas["admin_a"]
    case = services.case_for_signal(make_signal(unit, staff, has_contact=True, contact_sealed=sealed))
    client.force_login(personas["pacc"])
    url = reverse("casework_case", args=[case.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(12):
        services.case_for_signal(make_signal(unit, staff, has_contact=True, contact_sealed=sealed))
    with django_assert_num_queries(len(few)):
        response = client.get(url)
    assert len(response.context["signals"]) == 13


def test_the_case_page_shows_what_the_citizen_said_but_not_the_contact(client, personas, phrae, sealed):
    signal = make_signal(phrae["units"]["a"], personas["admin_a"], has_contact=True, contact_sealed=sealed)
    case = services.case_for_signal(signal)
    client.force_login(personas["pacc"])
    client.cookies["siang_lang"] = "en"
    html = client.get(reverse("casework_case", args=[case.pk])).content.decode()
    assert "เจ้าหน้าที่ขอเงินค่าดำเนินการเร่งด่วน" in html and "รอนานมาก" in html
    assert "1,500 baht" in html and "published fee: 500 baht" in html
    assert "20 Nov 2026" in html
    assert "0812345678" not in html
    assert "Show the reporter&#x27;s contact" in html or "Show the reporter's contact" in html


def test_showing_the_contact_needs_a_reason_and_shows_it_once(client, personas, phrae, sealed):
    signal = make_signal(phrae["units"]["a"], personas["admin_a"], has_contact=True, contact_sealed=sealed)
    case = services.case_for_signal(signal)
    client.force_login(personas["pacc"])
    client.cookies["siang_lang"] = "en"
    url = reverse("casework_reveal", args=[case.pk])
    refused = client.post(url, {"signal": signal.pk, "reason": ""})
    assert "0812345678" not in refused.content.decode()
    assert "This field is required" in refused.content.decode()
    assert not AuditEvent.objects.filter(action="reporter_contact_revealed").exists()

    shown = client.post(url, {"signal": signal.pk, "reason": "ติดต่อเพื่อขอข้อมูลเพิ่มเติม"})
    assert shown.status_code == 200 and "0812345678" in shown.content.decode()
    assert "somchai@example.com" in shown.content.decode() and "นายสมชาย รักดี" in shown.content.decode()
    assert "no-store" in shown["Cache-Control"]
    assert AuditEvent.objects.filter(action="reporter_contact_revealed", actor=personas["pacc"]).count() == 1
    assert "0812345678" not in client.get(reverse("casework_case", args=[case.pk])).content.decode()


def test_the_contact_of_a_signal_in_another_case_is_not_found(client, personas, phrae, sealed):
    staff = personas["admin_a"]
    first = services.case_for_signal(make_signal(phrae["units"]["a"], staff))
    elsewhere = make_signal(phrae["units"]["b"], staff, has_contact=True, contact_sealed=sealed)
    services.case_for_signal(elsewhere)
    client.force_login(personas["pacc"])
    response = client.post(
        reverse("casework_reveal", args=[first.pk]), {"signal": elsewhere.pk, "reason": "x"}
    )
    assert response.status_code == 404


def test_working_a_case_through_the_pages(client, personas, case, signal):
    client.force_login(personas["pacc"])
    client.cookies["siang_lang"] = "en"
    page = reverse("casework_case", args=[case.pk])
    response = client.post(reverse("casework_start_review", args=[case.pk]), follow=True)
    assert "The case is under review" in response.content.decode()
    response = client.post(
        reverse("casework_note", args=[case.pk]), {"text": "ขอเอกสารจากหน่วยแล้ว"}, follow=True
    )
    assert "ขอเอกสารจากหน่วยแล้ว" in response.content.decode()
    kept = client.post(reverse("casework_close", args=[case.pk]), {"outcome": ""})
    assert kept.status_code == 200 and "This field is required" in kept.content.decode()
    response = client.post(
        reverse("casework_close", args=[case.pk]), {"outcome": "หน่วยคืนเงินแล้ว"}, follow=True
    )
    assert response.redirect_chain[-1][0] == page
    assert "The case was closed" in response.content.decode()
    signal.feedback.refresh_from_db()
    assert signal.feedback.status == TrackingStatus.CLOSED
    late = client.post(reverse("casework_refer", args=[case.pk]), {"referred_to": "ตำรวจ"}, follow=True)
    assert "cannot change any more" in late.content.decode()


def test_assigning_to_another_officer_tells_them(client, personas, case):
    from siang.accounts.models import Membership, MembershipStatus, Role, User

    colleague = User.objects.create(username="pacc2", name_th="นายวิชัย ตรวจตรา")
    Membership.objects.create(user=colleague, role=Role.PACC_OFFICER, status=MembershipStatus.APPROVED)
    client.force_login(personas["pacc"])
    client.post(reverse("casework_assign", args=[case.pk]), {"assignee": colleague.pk})
    case.refresh_from_db()
    assert case.assignee == colleague
    assert colleague.notifications.filter(link=reverse("casework_case", args=[case.pk])).exists()


@pytest.mark.parametrize("persona", ["admin_a", "user_a"])
def test_unit_staff_pages_show_no_signal_and_no_way_to_casework(client, personas, phrae, case, persona):
    unit = phrae["units"]["a"]
    client.force_login(personas[persona])
    for url in (
        reverse("account_home"),
        reverse("catalog_unit", args=[unit.pk]),
        reverse("exports_unit", args=[unit.pk]),
    ):
        html = client.get(url).content.decode()
        assert "/pacc/cases" not in html, url
        assert "เจ้าหน้าที่ขอเงินค่าดำเนินการเร่งด่วน" not in html, url


def test_the_case_links_to_the_published_manual_of_its_process(client, personas, phrae):
    from tests.catalog.helpers import build_catalogue

    process = build_catalogue(phrae, personas)["approved"]
    case = services.case_for_signal(make_signal(phrae["units"]["a"], personas["admin_a"], process=process))
    client.force_login(personas["pacc"])
    html = client.get(reverse("casework_case", args=[case.pk])).content.decode()
    manual = reverse("catalog_process", args=[process.unit_id, process.pk])
    assert manual in html and client.get(manual).status_code == 200


def test_the_queue_finds_a_case_by_unit_name_unit_code_or_tracking_code(
    client, phrae, personas, django_assert_num_queries
):
    staff, pacc = personas["admin_a"], personas["pacc"]
    phrae_town = services.case_for_signal(make_signal(phrae["units"]["a"], staff, tracking_code="U9DX5SY7"))
    thung_kwao = services.case_for_signal(make_signal(phrae["units"]["b"], staff))
    client.force_login(pacc)

    def found(text: str) -> set[int]:
        response = client.get(reverse("casework_queue"), {"q": text})
        assert f'value="{text}"' in response.content.decode(), "the box keeps what was typed"
        return {case.pk for case, *_ in response.context["rows"]}

    assert found("ทุ่งกวาว") == {thung_kwao.pk}
    assert found("Thung Kwao") == {thung_kwao.pk}
    assert found(phrae["units"]["a"].dla_code) == {phrae_town.pk}
    for typed in ("U9DX-5SY7", "U9DX5SY7", "u9dx-5sy7", " u9dx5sy7 "):
        assert found(typed.strip()) == {phrae_town.pk}, typed
    assert found("ZZZZ-ZZZZ") == set()
    html = client.get(reverse("casework_queue"), {"q": "ZZZZ-ZZZZ"}).content.decode()
    assert "No case matches these filters." in html or "ไม่มีเรื่องที่ตรง" in html

    with django_assert_num_queries(13):  # as many as the queue without a search
        client.get(reverse("casework_queue"), {"q": "U9DX-5SY7"})
