"""Creating, retiring and replacing service points: who may, what the database holds, who is told."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from siang.accounts.models import Notification
from siang.audit.models import AuditEvent
from siang.servicepoints import services
from siang.servicepoints.models import TOKEN_LENGTH, Placement, ServicePoint, new_token
from siang.servicepoints.qr import citizen_url
from siang.servicepoints.services import ServicePointError
from tests.servicepoints import helpers


def test_a_new_token_is_twelve_url_safe_characters_and_never_repeats():
    tokens = {new_token() for _ in range(2000)}
    assert len(tokens) == 2000
    assert all(len(token) == TOKEN_LENGTH and re.fullmatch(r"[A-Za-z0-9_-]+", token) for token in tokens)


@override_settings(SITE_URL="https://siang.example.go.th")
def test_the_citizen_url_is_the_site_address_and_the_token(point):
    assert citizen_url(point) == f"https://siang.example.go.th/f/{point.token}"


def test_the_admin_adds_a_counter_and_the_unit_admins_are_told(
    point, personas, django_capture_on_commit_callbacks
):
    assert point.is_active and point.placement == Placement.COUNTER and point.label == "ชั้น 1 ช่องที่ 2"
    event = AuditEvent.objects.get(action="servicepoint.create", object_id=str(point.pk))
    assert event.actor == personas["admin_a"] and event.after["token"] == point.token
    told = Notification.objects.get(user=personas["admin_a"])
    assert point.token in told.body and "QR" in told.subject


def test_a_counter_needs_a_department_of_the_same_unit(unit_a, phrae, personas):
    admin = personas["admin_a"]
    with pytest.raises(ServicePointError, match="department"):
        services.service_point_create(unit=unit_a, actor=admin, placement=Placement.COUNTER)
    other = helpers.department(phrae["units"]["b"], name_th="กองคลัง")
    with pytest.raises(ServicePointError, match="current departments"):
        services.service_point_create(unit=unit_a, actor=admin, placement=Placement.COUNTER, department=other)
    assert not ServicePoint.objects.exists()


def test_the_database_refuses_a_counter_without_a_department(unit_a, personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServicePoint.objects.create(unit=unit_a, placement=Placement.COUNTER, created_by=personas["admin_a"])


@pytest.mark.parametrize("who", ["user_a", "admin_b", "pacc", "overseer", "newcomer"])
def test_only_an_admin_of_the_unit_creates_service_points(unit_a, personas, who):
    with pytest.raises(ServicePointError, match="Admin of this unit"):
        services.service_point_create(unit=unit_a, actor=personas[who], placement=Placement.PR_BOARD)
    assert not ServicePoint.objects.exists()


def test_retiring_makes_a_new_code_and_keeps_the_old_row(point, personas):
    admin = personas["admin_a"]
    new = services.service_point_retire_and_replace(point=point, actor=admin, reason="โปสเตอร์ถูกนำไปติดที่อื่น")
    point.refresh_from_db()
    assert not point.is_active and point.retired_at is not None
    assert point.replaced_by == new and point.retired_reason == "โปสเตอร์ถูกนำไปติดที่อื่น"
    assert new.is_active and new.token != point.token
    assert (new.department, new.placement, new.label) == (point.department, point.placement, point.label)
    retire = AuditEvent.objects.get(action="servicepoint.retire")
    assert retire.note == "โปสเตอร์ถูกนำไปติดที่อื่น" and retire.after["new_token"] == new.token
    told = Notification.objects.filter(user=admin).first()
    assert new.token in told.body and "โปสเตอร์ถูกนำไปติดที่อื่น" in told.body


def test_retiring_needs_a_reason_and_happens_once(point, personas):
    admin = personas["admin_a"]
    with pytest.raises(ServicePointError, match="reason"):
        services.service_point_retire_and_replace(point=point, actor=admin, reason="  ")
    services.service_point_retire_and_replace(point=point, actor=admin, reason="ชำรุด")
    with pytest.raises(ServicePointError, match="already retired"):
        services.service_point_retire_and_replace(point=point, actor=admin, reason="ชำรุด")
    assert ServicePoint.objects.count() == 2


def test_a_user_cannot_retire_a_code(point, personas):
    with pytest.raises(ServicePointError):
        services.service_point_retire_and_replace(point=point, actor=personas["user_a"], reason="ชำรุด")
    point.refresh_from_db()
    assert point.is_active


def test_the_database_keeps_retired_and_inactive_together(point):
    with pytest.raises(IntegrityError), transaction.atomic():
        ServicePoint.objects.filter(pk=point.pk).update(is_active=False)


def test_the_database_holds_one_open_report_per_point_and_a_reason_for_each_rejection(point, personas):
    from siang.servicepoints.models import InstallationReport

    report = helpers.report(point, personas["admin_a"], seeds=(1,))
    with pytest.raises(IntegrityError), transaction.atomic():
        InstallationReport.objects.create(
            service_point=point,
            location="x",
            installed_on=report.installed_on,
            reported_by=personas["admin_a"],
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        InstallationReport.objects.filter(pk=report.pk).update(
            status="rejected", decision_reason="", reviewer=personas["pacc"], reviewed_at=timezone.now()
        )
