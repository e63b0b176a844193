"""Signals grouped into cases, triage deadlines in working days, and each transition's rules."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from siang.audit.models import AuditEvent
from siang.casework import services
from siang.casework.deadlines import add_working_days
from siang.casework.models import Case, CaseEvent, CaseStatus, PublicHoliday, Signal, SignalKind
from siang.casework.services import CaseworkError, attach_new_signals, case_for_signal
from siang.feedback.models import TrackingStatus
from tests.casework.helpers import make_signal

BANGKOK_FRIDAY_NOON = dt.datetime(2026, 11, 27, 5, 0, tzinfo=dt.UTC)


def test_repeated_signals_for_one_unit_process_and_kind_join_the_open_case(phrae, personas):
    unit, staff = phrae["units"]["a"], personas["admin_a"]
    first = case_for_signal(make_signal(unit, staff))
    second = case_for_signal(make_signal(unit, staff))
    other_kind = case_for_signal(make_signal(unit, staff, kind=SignalKind.OVERCHARGE))
    other_unit = case_for_signal(make_signal(phrae["units"]["b"], staff))
    assert first.pk == second.pk
    assert Case.objects.get(pk=first.pk).signal_count == 2
    assert len({first.pk, other_kind.pk, other_unit.pk}) == 3


def test_a_signal_after_the_case_is_closed_opens_a_new_case(phrae, personas, case):
    services.case_close(case=case, actor=personas["pacc"], outcome="ตรวจสอบแล้วไม่พบมูล")
    again = case_for_signal(make_signal(phrae["units"]["a"], personas["admin_a"]))
    assert again.pk != case.pk and again.status == CaseStatus.NEW


def test_attaching_is_idempotent_and_the_command_attaches_what_is_waiting(phrae, personas, capsys):
    unit, staff = phrae["units"]["a"], personas["admin_a"]
    make_signal(unit, staff), make_signal(unit, staff), make_signal(unit, staff, kind=SignalKind.DELAY)
    call_command("casework_attach")
    assert "3 signal(s)" in capsys.readouterr().out
    assert attach_new_signals() == 0
    assert Case.objects.count() == 2 and not Signal.objects.filter(case__isnull=True).exists()


def test_calling_case_for_signal_twice_keeps_one_case(signal):
    assert case_for_signal(signal).pk == case_for_signal(signal).pk
    assert Case.objects.get().signal_count == 1


@time_machine.travel(BANGKOK_FRIDAY_NOON, tick=False)
def test_triage_is_due_in_three_working_days_skipping_the_weekend(phrae, personas):
    signal = make_signal(phrae["units"]["a"], personas["admin_a"])
    assert case_for_signal(signal).deadline == dt.date(2026, 12, 2)  # Fri → Mon, Tue, Wed


def test_public_holidays_are_not_working_days(db):
    PublicHoliday.objects.create(date=dt.date(2026, 12, 7), name="วันพ่อแห่งชาติ (ชดเชย)")
    assert add_working_days(dt.date(2026, 12, 4), 3) == dt.date(2026, 12, 10)


def test_working_a_case_from_new_to_closed_moves_the_reporters_status(personas, case, signal):
    pacc = personas["pacc"]
    services.case_start_review(case=case, actor=pacc)
    signal.feedback.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW and case.assignee_id == pacc.pk
    assert signal.feedback.status == TrackingStatus.UNDER_REVIEW
    services.case_add_note(case=case, actor=pacc, text="โทรสอบถามหน่วยแล้ว")
    services.case_close(case=case, actor=pacc, outcome="หน่วยคืนเงินส่วนเกินแล้ว")
    signal.feedback.refresh_from_db()
    assert signal.feedback.status == TrackingStatus.CLOSED
    events = list(case.notes.values_list("event", flat=True))
    assert events == [CaseEvent.OPENED, CaseEvent.REVIEW_STARTED, CaseEvent.NOTE, CaseEvent.CLOSED]
    actions = set(AuditEvent.objects.filter(object_type="casework.case").values_list("action", flat=True))
    assert {"case.opened", "case.review_started", "case.note_added", "case.closed"} <= actions


def test_referring_says_where_and_closes_it_for_the_reporter(personas, case, signal):
    with pytest.raises(CaseworkError, match="where or to whom"):
        services.case_refer(case=case, actor=personas["pacc"], referred_to="  ")
    services.case_refer(case=case, actor=personas["pacc"], referred_to="ศูนย์ ป.ป.ท. เขต 5")
    signal.feedback.refresh_from_db()
    assert Case.objects.get().referred_to == "ศูนย์ ป.ป.ท. เขต 5"
    assert signal.feedback.status == TrackingStatus.CLOSED


def test_a_response_in_two_open_cases_stays_open_for_the_reporter_until_both_end(phrae, personas):
    unit, pacc = phrae["units"]["a"], personas["pacc"]
    demand = make_signal(unit, personas["admin_a"])
    overcharge = Signal.objects.create(feedback=demand.feedback, kind=SignalKind.OVERCHARGE, unit=unit)
    first, second = case_for_signal(demand), case_for_signal(overcharge)
    services.case_start_review(case=first, actor=pacc)
    services.case_close(case=first, actor=pacc, outcome="ไม่พบมูล")
    demand.feedback.refresh_from_db()
    assert demand.feedback.status == TrackingStatus.UNDER_REVIEW
    services.case_close(case=second, actor=pacc, outcome="คืนเงินแล้ว")
    demand.feedback.refresh_from_db()
    assert demand.feedback.status == TrackingStatus.CLOSED


def test_closing_needs_an_outcome_and_a_closed_case_does_not_move(personas, case):
    with pytest.raises(CaseworkError, match="outcome"):
        services.case_close(case=case, actor=personas["pacc"], outcome="")
    services.case_close(case=case, actor=personas["pacc"], outcome="ไม่พบมูล")
    with pytest.raises(CaseworkError, match="cannot change"):
        services.case_refer(case=case, actor=personas["pacc"], referred_to="ตำรวจ")
    with pytest.raises(CaseworkError, match="Only a new case"):
        services.case_start_review(case=case, actor=personas["pacc"])


def test_the_database_refuses_a_closed_case_without_outcome(case):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, outcome="")


@pytest.mark.parametrize("persona", ["overseer", "admin_a", "user_a", "admin_b", "newcomer"])
def test_only_pacc_officers_work_on_cases(personas, case, persona):
    actor = personas[persona]
    for attempt in (
        lambda: services.case_take(case=case, actor=actor),
        lambda: services.case_start_review(case=case, actor=actor),
        lambda: services.case_close(case=case, actor=actor, outcome="x"),
        lambda: services.case_add_note(case=case, actor=actor, text="x"),
    ):
        with pytest.raises(CaseworkError, match="Only PACC officers"):
            attempt()


def test_cases_are_assigned_only_to_pacc_officers(personas, case):
    with pytest.raises(CaseworkError, match="only be assigned to PACC"):
        services.case_assign(case=case, actor=personas["pacc"], assignee=personas["admin_a"])


def test_revealing_the_contact_needs_a_reason_and_is_audited_without_the_contact(personas, phrae, sealed):
    signal = make_signal(phrae["units"]["a"], personas["admin_a"], has_contact=True, contact_sealed=sealed)
    case = case_for_signal(signal)
    with pytest.raises(CaseworkError, match="why"):
        services.reporter_contact_reveal(case=case, signal=signal, actor=personas["pacc"], reason=" ")
    contact = services.reporter_contact_reveal(
        case=case, signal=signal, actor=personas["pacc"], reason="ต้องการสอบปากคำเพิ่มเติม"
    )
    assert contact == {"name": "นายสมชาย รักดี", "phone": "0812345678", "email": "somchai@example.com"}
    event = AuditEvent.objects.get(action="reporter_contact_revealed")
    assert event.actor == personas["pacc"] and event.note == "ต้องการสอบปากคำเพิ่มเติม"
    assert "0812345678" not in str(event.before) + str(event.after) + event.note


def test_holidays_are_loaded_from_a_file(db, tmp_path, capsys):
    from django.core.management.base import CommandError

    listing = tmp_path / "holidays.csv"
    listing.write_text("# date,name\n2026-12-07,วันชดเชยวันพ่อแห่งชาติ\n2026-12-10,วันรัฐธรรมนูญ\n", encoding="utf-8")
    call_command("casework_holidays", str(listing))
    assert "2 holiday(s) saved." in capsys.readouterr().out
    assert add_working_days(dt.date(2026, 12, 4), 3) == dt.date(2026, 12, 11)
    listing.write_text("7/12/2569,วันหยุด\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Line 1: '7/12/2569' is not a date"):
        call_command("casework_holidays", str(listing))


def test_a_case_opens_when_its_first_signal_came_in(phrae, personas):
    with time_machine.travel(BANGKOK_FRIDAY_NOON, tick=False):
        signal = make_signal(phrae["units"]["a"], personas["admin_a"])
    case = case_for_signal(signal)  # attached days later, when PACC opens the queue
    assert case.opened_at == BANGKOK_FRIDAY_NOON and case.deadline == dt.date(2026, 12, 2)
