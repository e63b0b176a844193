"""PACC moves the tracking status a citizen sees; nobody else can."""

from __future__ import annotations

import pytest

from siang.audit.models import AuditEvent
from siang.feedback.models import TrackingStatus
from siang.feedback.services import FeedbackError, feedback_status_set
from tests.feedback.helpers import build_points, make_feedback


@pytest.fixture
def response(phrae, personas):
    points = build_points(phrae, personas)
    return make_feedback(points["counter"])


def test_pacc_moves_the_status_and_it_is_audited(response, personas):
    feedback_status_set(feedback=response, status=TrackingStatus.UNDER_REVIEW, actor=personas["pacc"])
    response.refresh_from_db()
    assert response.status == TrackingStatus.UNDER_REVIEW
    event = AuditEvent.objects.get(action="feedback.status_set")
    assert event.before == {"status": "received"} and event.after == {"status": "under_review"}


def test_setting_the_same_status_again_changes_nothing(response, personas):
    feedback_status_set(feedback=response, status=TrackingStatus.CLOSED, actor=personas["pacc"])
    feedback_status_set(feedback=response, status=TrackingStatus.CLOSED, actor=personas["pacc"])
    assert AuditEvent.objects.filter(action="feedback.status_set").count() == 1


def test_a_closed_response_can_be_reopened_but_not_marked_received(response, personas):
    feedback_status_set(feedback=response, status=TrackingStatus.CLOSED, actor=personas["pacc"])
    with pytest.raises(FeedbackError, match="ไม่ได้"):
        feedback_status_set(feedback=response, status=TrackingStatus.RECEIVED, actor=personas["pacc"])
    feedback_status_set(feedback=response, status=TrackingStatus.UNDER_REVIEW, actor=personas["pacc"])


@pytest.mark.parametrize("persona", ["admin_a", "user_a", "overseer", "admin_b", "newcomer"])
def test_only_pacc_may_change_the_status(response, personas, persona):
    with pytest.raises(FeedbackError, match="เฉพาะเจ้าหน้าที่ ป\\.ป\\.ท\\."):
        feedback_status_set(feedback=response, status=TrackingStatus.CLOSED, actor=personas[persona])
    response.refresh_from_db()
    assert response.status == TrackingStatus.RECEIVED


def test_an_unknown_status_is_refused(response, personas):
    with pytest.raises(FeedbackError, match="ไม่รู้จักสถานะ"):
        feedback_status_set(feedback=response, status="lost", actor=personas["pacc"])
