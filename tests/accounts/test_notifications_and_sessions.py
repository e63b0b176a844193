"""PACC grants PACC officers; SMS through a real HTTP gateway; idle sessions expire."""

from __future__ import annotations

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from siang.accounts.models import Membership, MembershipStatus, Role
from siang.accounts.personas import persona
from siang.lib.sms import send_sms


def test_pacc_grants_the_pacc_role_to_a_colleague_who_signed_in(client, personas):
    client.force_login(personas["pacc"])
    url = reverse("pacc_officers")
    unknown = client.post(url, {"citizen_id": "1101700230708"})
    assert "ยังไม่มีผู้ใช้เลขประจำตัวประชาชนนี้เข้าสู่ระบบ" in unknown.content.decode()
    bad = client.post(url, {"citizen_id": "1101700230705"})
    assert "เลขหลักสุดท้าย" in bad.content.decode()
    client.post(url, {"citizen_id": persona("overseer").citizen_id})
    granted = Membership.objects.get(user=personas["overseer"], role=Role.PACC_OFFICER)
    assert granted.status == MembershipStatus.APPROVED and granted.decided_by == personas["pacc"]


class _Gateway(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 202

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Gateway.received.append({"auth": self.headers["Authorization"], **json.loads(body)})
        self.send_response(_Gateway.status)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Gateway.received, _Gateway.status = [], 202
    settings.SMS_BACKEND = "siang.lib.sms.HttpGatewaySmsBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_GATEWAY_TOKEN = "token-from-the-operator"
    yield _Gateway
    server.shutdown()


def test_the_http_gateway_receives_the_message(gateway):
    assert send_sms(to="0812345678", text="อนุมัติแล้ว") is True
    assert gateway.received == [
        {"auth": "Bearer token-from-the-operator", "to": "0812345678", "text": "อนุมัติแล้ว", "sender": "PACC"}
    ]


def test_a_gateway_error_or_outage_is_reported_not_raised(gateway, settings):
    gateway.status = 500
    assert send_sms(to="0812345678", text="x") is False
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"
    assert send_sms(to="0812345678", text="x") is False


def test_a_session_left_idle_expires(client, personas, settings):
    client.force_login(personas["admin_a"])
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert client.get(reverse("account_home")).status_code == 200
        traveller.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
        assert client.get(reverse("account_home")).status_code == 200  # activity renews it
        traveller.shift(dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60))
        response = client.get(reverse("account_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("signin"))
