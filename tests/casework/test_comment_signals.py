"""Signals in what citizens write (issue 18): the detector, the signal a comment raises, the scan
of stored comments, and the command PACC tries a lexicon change with."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from siang.audit.models import AuditEvent
from siang.casework.comments import MAX_COMMENT, Term, detect, normalise, term_problem
from siang.casework.lexicon import (
    LexiconError,
    LexiconRefused,
    active_terms,
    comment_term_save,
)
from siang.casework.models import Case, CommentTerm, CommentTermVersion, Signal, SignalKind
from siang.casework.services import attach_new_signals
from siang.feedback.models import Feedback
from siang.reporting.models import DailyRollup
from siang.reporting.rollups import catch_up
from tests.casework.helpers import default_lexicon, make_feedback
from tests.feedback.helpers import answers, build_points

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _lexicon(db):
    default_lexicon()


def finding(comment: str):
    return detect(comment, active_terms())


# --- the detector, with the lexicon the data migration ships --------------------------------------


@pytest.mark.parametrize(
    ("comment", "kind", "evidence"),
    [
        ("ต้องมีค่าน้ำร้อนน้ำชาให้หน่อย", "euphemism", "ค่าน้ำร้อนน้ำชา"),
        ("จ่ายใต้โต๊ะไปห้าร้อย", "euphemism", "จ่ายใต้โต๊ะ"),
        ("ใบเสร็จเขียนแค่ 200", "receipt_short", "ใบเสร็จเขียนแค่"),
        ("ให้โอนเข้าบัญชีส่วนตัว", "personal_account", "บัญชีส่วนตัว"),
        ("เจ้าหน้าที่บอกว่าต้องมีค่าน้ำร้อนน้ำชา", "euphemism", "ค่าน้ำร้อนน้ำชา"),
        ("The officer asked for TEA MONEY", "euphemism", "tea money"),
        ("บริการดี but he wanted tea money ก่อนเซ็น", "euphemism", "tea money"),
    ],
)
def test_the_issues_examples_are_signals_with_their_evidence(comment, kind, evidence):
    found = finding(comment)
    assert (found.signal, found.kind, found.evidence) == (True, kind, evidence)


@pytest.mark.parametrize(
    "comment",
    [
        "ไม่มีการเรียกเงินใต้โต๊ะ",
        "เจ้าหน้าที่ไม่รับสินน้ำใจ",
        "ไม่ต้องมีค่าน้ำร้อนน้ำชา เจ้าหน้าที่ย้ำ",
        "nobody asked me for a bribe",
        "ได้ยินว่าที่อื่นมีส่วย แต่ที่นี่ไม่มี",
        "จ่ายค่าธรรมเนียม 50 บาทที่ช่องการเงิน ได้ใบเสร็จ",
        "ค่าธรรมเนียมแพงแต่ตรงตามประกาศ",
        "",
        "   ",
    ],
)
def test_negations_and_near_misses_are_not_signals(comment):
    assert not finding(comment).signal


def test_a_negation_reaches_only_its_own_clause():
    assert finding("ไม่ได้รอนาน แต่ต้องจ่ายใต้โต๊ะ").signal
    assert finding("บริการไม่ดี ต้องให้สินน้ำใจ").signal
    assert finding("ถ้าไม่อยากรอ ต้องจ่ายค่าลัดคิว").signal, "“if not” is a condition, not a denial"


def test_zero_width_characters_and_thai_digits_do_not_hide_a_signal():
    hidden = "ค่า\u200bน้ำ\u200cร้อน\u200dน้ำชา\ufeff"
    assert finding(hidden).evidence == "ค่าน้ำร้อนน้ำชา"
    assert normalise("จ่าย ๕๐๐ บาท") == "จ่าย 500 บาท"
    assert finding("ใบเสร็จลง ๒๐๐ แต่จ่ายไป ๕๐๐ ใบเสร็จเขียนแค่ ๒๐๐").signal


def test_a_comment_at_the_limit_is_read_to_its_end():
    filler = "บริการดี รอนานนิดหน่อย " * 200
    long = (filler[: MAX_COMMENT - 20] + " จ่ายใต้โต๊ะไปห้าร้อย")[:MAX_COMMENT]
    assert len(long) == MAX_COMMENT
    assert finding(long).signal
    assert not finding(filler[:MAX_COMMENT]).signal


@pytest.mark.parametrize(
    ("phrase", "problem"),
    [("ก", "too_short"), ("a", "too_short"), ("เงิน", "too_common"), ("", "empty"), ("ใบเสร็จ…", "empty_part")],
)
def test_an_entry_that_would_match_everything_is_refused(phrase, problem):
    assert term_problem(phrase) == problem


def test_entries_with_parts_match_in_order_within_a_sentence():
    terms = [Term("ใบเสร็จ…แค่", "receipt_short")]
    assert detect("ใบเสร็จเขียนไว้แค่ 100", terms).signal
    assert not detect("แค่นั้นเอง ใบเสร็จก็ได้", terms).signal
    assert not detect("ได้ใบเสร็จ. ก็แค่นั้น", terms).signal


# --- a citizen's comment raises a PACC-only signal ---------------------------------------------------


@pytest.fixture
def points(phrae, personas):
    return build_points(phrae, personas)


@pytest.fixture(autouse=True)
def _after_commit(request):
    """Run what the submission leaves for after its commit, as a real request would."""
    global _capture
    _capture = request.getfixturevalue("django_capture_on_commit_callbacks")
    yield
    _capture = None


_capture = None


def send(client, point, **fields) -> Feedback:
    from siang.catalog.models import ServiceProcess

    fields.setdefault("process", str(ServiceProcess.objects.filter(unit=point.unit).order_by("pk")[0].pk))
    with _capture(execute=True):
        response = client.post(reverse("feedback_form", args=[point.token]), answers(point, **fields))
    assert response.status_code == 303, response.content.decode()[:2000]
    return Feedback.objects.order_by("-pk").first()


def test_a_comment_with_no_box_ticked_raises_a_signal_with_its_evidence(client, points):
    feedback = send(client, points["counter"], comment="เจ้าหน้าที่บอกว่าต้องมีค่าน้ำร้อนน้ำชา")
    signal = Signal.objects.get(feedback=feedback)
    assert signal.kind == SignalKind.COMMENT
    assert (signal.evidence, signal.described) == ("ค่าน้ำร้อนน้ำชา", "euphemism")
    assert (signal.unit_id, signal.department_id) == (feedback.unit_id, feedback.department_id)
    plain = send(client, points["counter"], comment="ไม่มีการเรียกเงินใต้โต๊ะ บริการดี")
    assert not Signal.objects.filter(feedback=plain).exists()


def test_a_fault_in_the_detector_never_fails_the_submission(client, points, monkeypatch):
    import siang.casework.lexicon as lexicon

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(lexicon, "comment_finding", broken)
    feedback = send(client, points["counter"], comment="จ่ายใต้โต๊ะไปห้าร้อย")
    assert feedback is not None and not Signal.objects.filter(feedback=feedback).exists()


def test_with_the_broker_down_the_answers_are_kept_and_the_scan_reads_the_comment_later(client, points):
    """The comment is read by a task; a broker that cannot take it never costs the citizen their
    answers, and `comment_signals --stored` raises the signal afterwards."""
    from tests.brokers import broker

    with broker("redis://127.0.0.1:1/0"):  # nothing listens on port 1
        feedback = send(client, points["counter"], comment="จ่ายใต้โต๊ะไปห้าร้อย")
    assert feedback is not None and not Signal.objects.filter(feedback=feedback).exists()
    call_command("comment_signals", "--stored")
    assert Signal.objects.get(feedback=feedback).kind == SignalKind.COMMENT


def test_the_unit_dashboard_counts_a_comment_signal_but_never_shows_the_comment(client, points, personas):
    point = points["counter"]
    for number in range(6):
        send(client, point, process=str(points["water"].pk), comment=f"บริการดีมาก ครั้งที่ {number}")
    secret = "เจ้าหน้าที่บอกว่าต้องมีค่าน้ำร้อนน้ำชา"
    send(client, point, process=str(points["water"].pk), comment=secret)
    client.force_login(personas["admin_a"])
    html = client.get(reverse("unit_dashboard", args=[point.unit_id])).content.decode()
    assert "บริการดีมาก ครั้งที่ 5" in html, "other comments of the process are shown"
    assert "ค่าน้ำร้อนน้ำชา" not in html


# --- stored comments, scanned once ---------------------------------------------------------------------


def test_the_scan_raises_signals_for_old_responses_with_deadlines_from_today(phrae, personas):
    unit = phrae["units"]["a"]
    with time_machine.travel(dt.datetime(2026, 6, 1, 3, 0, tzinfo=dt.UTC)):
        old = make_feedback(
            unit,
            personas["admin_a"],
            asked_money=False,
            fee_paid=None,
            comment="ต้องโอนเข้าบัญชีส่วนตัวของเจ้าหน้าที่",
            visit_date=dt.date(2026, 5, 30),
        )
        plain = make_feedback(unit, personas["admin_a"], asked_money=False, fee_paid=None, comment="ดีมาก")
    catch_up()
    assert sum(DailyRollup.objects.values_list("signals_comment", flat=True)) == 0

    with time_machine.travel(dt.datetime(2026, 12, 1, 3, 0, tzinfo=dt.UTC)):
        call_command("comment_signals", "--stored")
        attach_new_signals()
    signal = Signal.objects.get(feedback=old)
    assert signal.kind == SignalKind.COMMENT and signal.created_at.date() == dt.date(2026, 12, 1)
    assert Case.objects.get(signals=signal).deadline >= dt.date(2026, 12, 1), "no deadline in the past"
    assert not Signal.objects.filter(feedback=plain).exists()
    rollup = DailyRollup.objects.get(unit=unit, day=dt.date(2026, 5, 30))
    assert (rollup.responses, rollup.signals_comment) == (1, 1), "the rolled-up counts are recounted"

    call_command("comment_signals", "--stored")
    assert Signal.objects.filter(feedback=old).count() == 1, "scanned once"
    assert DailyRollup.objects.get(pk=rollup.pk).signals_comment == 1


# --- the command -------------------------------------------------------------------------------------


def test_the_command_writes_signal_kind_and_evidence(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(
        'id,comment\n1,ต้องมีค่าน้ำร้อนน้ำชาให้หน่อย\n2,ไม่มีการเรียกเงินใต้โต๊ะ\n3,\n4,"mixed English จ่าย ๕๐๐ no receipt"\n',
        encoding="utf-8-sig",
    )
    target = tmp_path / "out.csv"
    call_command("comment_signals", str(source), "--output", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8-sig")))
    assert [(r["id"], r["signal"], r["kind"]) for r in rows] == [
        ("1", "1", "euphemism"),
        ("2", "0", ""),
        ("3", "0", ""),
        ("4", "1", "receipt_short"),
    ]
    assert rows[0]["evidence"] == "ค่าน้ำร้อนน้ำชา"


def test_a_csv_without_a_comment_column_gets_a_clear_message(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("text,score\nดี,5\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"has no `comment` column \(its columns: text, score\)"):
        call_command("comment_signals", str(source), "--output", str(tmp_path / "out.csv"))


# --- PACC's changes to the lexicon ---------------------------------------------------------------------


def test_pacc_adds_and_changes_an_entry_each_change_versioned_and_audited(personas):
    pacc = personas["pacc"]
    term = comment_term_save(actor=pacc, phrase="ค่าปากถุง", kind="euphemism")
    assert finding("โดนเก็บค่าปากถุงอีกแล้ว").evidence == "ค่าปากถุง"
    comment_term_save(actor=pacc, term=term, phrase="ค่าปากถุง", kind="euphemism", is_active=False)
    assert not finding("โดนเก็บค่าปากถุงอีกแล้ว").signal, "the detector reads the lexicon again"
    versions = CommentTermVersion.objects.filter(term=term).order_by("version")
    assert [(v.version, v.is_active, v.changed_by) for v in versions] == [(1, True, pacc), (2, False, pacc)]
    events = AuditEvent.objects.filter(action__startswith="casework.lexicon.").order_by("pk")
    assert [e.action for e in events] == ["casework.lexicon.add", "casework.lexicon.change"]
    assert events[1].before["is_active"] is True and events[1].after["is_active"] is False


def test_the_lexicon_refuses_an_entry_that_would_match_everything(personas):
    with pytest.raises(LexiconError, match="at least two letters"):
        comment_term_save(actor=personas["pacc"], phrase="ก", kind="euphemism")
    with pytest.raises(LexiconError, match="already has"):
        comment_term_save(actor=personas["pacc"], phrase="สินน้ำใจ", kind="euphemism")
    assert not CommentTerm.objects.filter(phrase="ก").exists()


@pytest.mark.parametrize("persona", ["admin_a", "user_a", "overseer"])
def test_only_pacc_may_change_the_lexicon(personas, persona):
    with pytest.raises(LexiconRefused):
        comment_term_save(actor=personas[persona], phrase="ค่าปากถุง", kind="euphemism")
    assert AuditEvent.objects.filter(action="policy.refused").exists()


def test_the_detector_works_with_no_network_and_writes_nothing_home(tmp_path):
    """PyThaiNLP's newmm dictionary ships in the package: with every socket refused and a home
    folder that must stay empty, the detector still reads a comment."""
    import subprocess
    import sys

    home = tmp_path / "home"
    home.mkdir()
    script = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('no network')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from siang.casework.comments import Term, detect\n"
        "found = detect('เจ้าหน้าที่ไม่รับสินน้ำใจ แต่ต้องมีค่าน้ำร้อนน้ำชา', [Term('ค่าน้ำร้อนน้ำชา', 'euphemism')])\n"
        "print(found.evidence)\n"
    )
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ค่าน้ำร้อนน้ำชา"
    assert list(home.iterdir()) == []


# --- the lexicon page ------------------------------------------------------------------------------


def test_pacc_adds_an_entry_on_the_lexicon_page_and_sees_its_versions(client, personas):
    client.force_login(personas["pacc"])
    url = reverse("pacc_lexicon")
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="th")
    assert "ค่าน้ำร้อนน้ำชา" in page.content.decode()
    response = client.post(url, {"phrase": "ค่าปากถุง", "kind": "euphemism", "is_active": "on"})
    assert response.status_code == 302
    term = CommentTerm.objects.get(phrase="ค่าปากถุง")
    term_url = reverse("pacc_lexicon_term", args=[term.pk])
    client.post(term_url, {"phrase": "ค่าปากถุง", "kind": "euphemism"})
    html = client.get(term_url).content.decode()
    assert "ฉบับที่ 2" in html and "ไม่ได้ใช้งาน" in html


def test_an_entry_that_would_match_everything_is_refused_on_the_page_keeping_what_was_typed(client, personas):
    client.force_login(personas["pacc"])
    response = client.post(
        reverse("pacc_lexicon"), {"phrase": "ก", "kind": "receipt_short", "is_active": "on"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "แต่ละส่วนต้องมีตัวอักษรอย่างน้อยสองตัว" in html
    assert 'value="ก"' in html and 'value="receipt_short" selected' in html
    assert not CommentTerm.objects.filter(phrase="ก").exists()


def test_the_lexicon_page_needs_the_same_queries_however_long(client, personas, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(personas["pacc"])
    client.get(reverse("pacc_lexicon"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("pacc_lexicon"))
    for number in ["หนึ่ง", "สอง", "สาม", "สี่", "ห้า"]:
        comment_term_save(actor=personas["pacc"], phrase=f"ค่าพิเศษ{number}", kind="euphemism")
    with django_assert_num_queries(len(few)):
        assert client.get(reverse("pacc_lexicon")).status_code == 200
