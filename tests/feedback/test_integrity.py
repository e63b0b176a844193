"""Protecting reporters and the numbers: one response per form, hashed networks, limits, flags."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import time_machine
from django.contrib.auth.signals import user_logged_in
from django.test import RequestFactory
from django.urls import reverse

from siang.feedback import integrity
from siang.feedback.contact import unseal_contact
from siang.feedback.models import Feedback, RateCounter
from tests.feedback.helpers import answers

TODAY = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def form_url(point) -> str:
    return reverse("feedback_form", args=[point.token])


def send(client, point, **overrides):
    data = answers(point, **{"process": "other", "other_service": "ขอเลขที่บ้าน", **overrides})
    return client.post(form_url(point), data, **overrides.pop("meta", {}))


# --- one response per form ----------------------------------------------------------------------


def test_a_double_tap_or_a_retry_makes_one_response_with_one_code(client, points):
    data = answers(points["counter"], process=str(points["water"].pk))
    first = client.post(form_url(points["counter"]), data)
    again = client.post(form_url(points["counter"]), data)
    assert first.status_code == again.status_code == 303
    assert first["Location"] == again["Location"]
    assert Feedback.objects.count() == 1


def test_going_back_changing_an_answer_and_sending_again_keeps_the_first_response(client, points):
    data = answers(points["counter"], process=str(points["water"].pk))
    first = client.post(form_url(points["counter"]), data)
    changed = client.post(form_url(points["counter"]), data | {"rating_overall": "1", "comment": "เปลี่ยนใจ"})
    assert first["Location"] == changed["Location"]
    assert Feedback.objects.get().rating_overall == 4


def test_fixing_a_mistake_then_sending_twice_still_makes_one_response(client, points):
    data = answers(points["counter"], process="")
    page = client.post(form_url(points["counter"]), data).content.decode()
    assert f'name="t" value="{data["t"]}"' in page
    fixed = data | {"process": str(points["water"].pk)}
    assert (
        client.post(form_url(points["counter"]), fixed)["Location"]
        == client.post(form_url(points["counter"]), fixed)["Location"]
    )
    assert Feedback.objects.count() == 1


def test_each_opened_form_is_its_own_response(client, points):
    for _ in range(2):
        send(client, points["counter"])
    assert Feedback.objects.count() == 2
    assert len(set(Feedback.objects.values_list("tracking_code", flat=True))) == 2


def test_each_page_view_gets_a_fresh_token_from_the_cached_page(client, points):
    first = client.get(form_url(points["counter"])).content.decode()
    second = client.get(form_url(points["counter"])).content.decode()
    token = lambda html: html.split('name="t" value="')[1].split('"')[0]  # noqa: E731
    assert token(first) != token(second)
    assert integrity.read_form_token(token(first), point_id=points["counter"].pk) is not None
    assert first.replace(token(first), "") == second.replace(token(second), "")


# --- no raw network data ------------------------------------------------------------------------


def test_no_ip_address_is_stored_only_a_hash_that_rotates_daily(client, points):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="203.0.113.77")
    again = factory.get("/", REMOTE_ADDR="203.0.113.77")
    neighbour = factory.get("/", REMOTE_ADDR="203.0.113.5")  # another home on the same carrier
    day = dt.date(2026, 11, 25)
    assert integrity.network_hash(request, day=day) == integrity.network_hash(again, day=day)
    assert integrity.network_hash(request, day=day) != integrity.network_hash(neighbour, day=day)
    assert integrity.network_hash(request, day=day) != integrity.network_hash(
        request, day=day + dt.timedelta(days=1)
    )
    send(client, points["counter"], meta={"REMOTE_ADDR": "203.0.113.77", "HTTP_USER_AGENT": "Nokia 105"})
    row = Feedback.objects.values().get()
    stored = " ".join(str(value) for value in row.values())
    assert "203.0.113" not in stored and "Nokia" not in stored
    assert row["network_hash"] and len(row["network_hash"]) == 32


def test_ipv6_clients_are_grouped_by_their_64(db):
    factory = RequestFactory()
    one = factory.get("/", REMOTE_ADDR="2001:db8:1:2::10")
    two = factory.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::1")
    other = factory.get("/", REMOTE_ADDR="2001:db8:1:3::10")
    assert integrity.client_network(one) == integrity.client_network(two) == "2001:db8:1:2::/64"
    assert integrity.client_network(other) != integrity.client_network(one)


def test_behind_the_tls_proxy_the_client_is_the_address_the_proxy_saw(db, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    factory = RequestFactory()
    citizen = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    other = factory.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # The last entry is the proxy's own; an earlier one is whatever the client claimed.
    assert integrity.client_network(citizen) == "203.0.113.9/32"
    assert integrity.client_network(citizen) != integrity.client_network(other)


def test_contact_details_are_sealed_and_only_unseal_contact_opens_them(client, points):
    send(
        client,
        points["counter"],
        contact_name="สมหญิง ใจดี",
        contact_phone="081-234-5678",
        contact_email="somying@example.com",
    )
    feedback = Feedback.objects.get()
    assert feedback.has_contact
    assert "สมหญิง" not in feedback.contact_sealed and "0812345678" not in feedback.contact_sealed
    assert unseal_contact(feedback) == {
        "name": "สมหญิง ใจดี",
        "phone": "0812345678",
        "email": "somying@example.com",
    }


def test_no_contact_left_means_nothing_sealed(client, points):
    send(client, points["counter"])
    feedback = Feedback.objects.get()
    assert not feedback.has_contact and feedback.contact_sealed == "" and unseal_contact(feedback) == {}


# --- flags: kept, and marked for PACC -----------------------------------------------------------


def test_a_filled_honeypot_is_kept_but_flagged(client, points):
    assert send(client, points["counter"], website="http://spam.example").status_code == 303
    feedback = Feedback.objects.get()
    assert feedback.is_flagged and feedback.flags == ["honeypot"]


def test_a_form_sent_faster_than_a_person_can_answer_is_flagged(client, points):
    token = integrity.form_token(points["counter"].pk, now=time.time() - 1)
    send(client, points["counter"], t=token)
    feedback = Feedback.objects.get()
    assert feedback.flags == ["too_fast"] and feedback.seconds_to_complete <= 2


def test_a_burst_of_near_identical_responses_is_flagged_from_the_third(client, points):
    for comment in ("บริการแย่มาก!!", "บริการ แย่มาก", "บริการแย่มาก."):
        send(client, points["counter"], comment=comment, meta={"REMOTE_ADDR": f"10.0.{len(comment)}.1"})
    flags = list(Feedback.objects.order_by("pk").values_list("flags", flat=True))
    assert flags == [[], [], ["burst"]]
    send(client, points["counter"], comment="ต่างออกไป")
    assert Feedback.objects.order_by("-pk").first().flags == []


def test_a_response_from_the_units_own_staff_network_is_flagged(client, points, personas):
    signed_in = RequestFactory().get("/", REMOTE_ADDR="192.0.2.40")
    user_logged_in.send(sender=type(personas["user_a"]), request=signed_in, user=personas["user_a"])
    # The office's one public address, shared by the staff and the PC at the counter.
    send(client, points["counter"], meta={"REMOTE_ADDR": "192.0.2.40"})
    send(client, points["counter"], meta={"REMOTE_ADDR": "198.51.100.1"})
    flags = list(Feedback.objects.order_by("pk").values_list("flags", flat=True))
    assert flags == [["staff_network"], []]


def test_another_units_staff_network_does_not_flag(client, points, personas):
    signed_in = RequestFactory().get("/", REMOTE_ADDR="192.0.2.40")
    user_logged_in.send(sender=type(personas["admin_b"]), request=signed_in, user=personas["admin_b"])
    send(client, points["counter"], meta={"REMOTE_ADDR": "192.0.2.40"})
    assert Feedback.objects.get().flags == []


def test_yesterdays_staff_network_does_not_flag_today(client, points, personas):
    with time_machine.travel(TODAY - dt.timedelta(days=1)):
        signed_in = RequestFactory().get("/", REMOTE_ADDR="192.0.2.40")
        user_logged_in.send(sender=type(personas["user_a"]), request=signed_in, user=personas["user_a"])
    with time_machine.travel(TODAY):
        send(client, points["counter"], meta={"REMOTE_ADDR": "192.0.2.40"})
    assert Feedback.objects.get().flags == []


# --- rate limits --------------------------------------------------------------------------------


@pytest.fixture(params=["database", "redis"])
def limits(request, settings):
    settings.FEEDBACK_RATE_LIMITS = {"network": (2, 600), "point": (3, 600)}
    if request.param == "redis":  # the Lua script in Redis: the run on PostgreSQL with Redis
        from django.core.cache import caches
        from django.core.cache.backends.redis import RedisCache

        if not (settings.REDIS_URL and isinstance(caches["default"], RedisCache)):
            pytest.skip("needs the Redis cache (REDIS_URL)")
    else:
        settings.REDIS_URL = ""
    return request.param


def test_too_many_from_one_network_get_a_polite_429_with_their_answers_kept(
    client, english_client, points, limits
):
    for _ in range(2):
        assert send(client, points["counter"]).status_code == 303
    response = send(client, points["counter"], comment="ข้อความที่พิมพ์ไว้")
    html = response.content.decode()
    assert response.status_code == 429
    assert "โปรดส่งอีกครั้งในอีกสักครู่" in html and "ข้อความที่พิมพ์ไว้</textarea>" in html
    assert Feedback.objects.count() == 2
    english = send(english_client, points["counter"])
    assert (
        english.status_code == 429 and "please send them again in a few minutes" in english.content.decode()
    )
    assert send(client, points["counter"], meta={"REMOTE_ADDR": "198.51.100.1"}).status_code == 303
    assert (RateCounter.objects.exists()) == (limits == "database")


def test_too_many_at_one_service_point_are_limited_whatever_the_network(client, points, limits):
    for number in range(3):
        assert send(client, points["counter"], meta={"REMOTE_ADDR": f"10.{number}.0.1"}).status_code == 303
    assert send(client, points["counter"], meta={"REMOTE_ADDR": "10.9.0.1"}).status_code == 429
    assert send(client, points["board"], meta={"REMOTE_ADDR": "10.8.0.1"}).status_code == 303


def test_a_limited_citizen_who_retries_an_accepted_form_still_gets_its_code(client, points, limits):
    data = answers(points["counter"], process="other", other_service="x")
    first = client.post(form_url(points["counter"]), data)
    for _ in range(3):
        send(client, points["counter"])
    assert client.post(form_url(points["counter"]), data)["Location"] == first["Location"]


def test_rate_windows_end(client, points, settings):
    settings.FEEDBACK_RATE_LIMITS = {"network": (1, 60), "point": (100, 60)}
    with time_machine.travel(TODAY):
        assert send(client, points["counter"]).status_code == 303
        assert send(client, points["counter"]).status_code == 429
    with time_machine.travel(TODAY + dt.timedelta(minutes=2)):
        assert send(client, points["counter"]).status_code == 303


def test_the_optional_middleware_remembers_a_staff_network_seen_mid_session(client, points, personas):
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser

    from siang.feedback.middleware import StaffNetworkMiddleware
    from siang.feedback.models import StaffNetwork

    middleware = StaffNetworkMiddleware(lambda request: None)
    citizen = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    citizen.user = AnonymousUser()
    middleware(citizen)
    staff = RequestFactory().get("/", REMOTE_ADDR="192.0.2.40")
    staff.COOKIES[settings.SESSION_COOKIE_NAME] = "x"
    staff.user = personas["user_a"]
    middleware(staff)
    middleware(staff)  # remembered: no second write
    assert StaffNetwork.objects.count() == 1
    send(client, points["counter"], meta={"REMOTE_ADDR": "192.0.2.40"})
    assert Feedback.objects.get().flags == ["staff_network"]


def test_the_redis_limits_survive_a_redis_restart(db, settings):
    """Redis forgets its scripts when restarted: the limit check loads its script again."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(caches["default"], RedisCache):
        pytest.skip("needs the Redis cache (REDIS_URL)")
    settings.FEEDBACK_RATE_LIMITS = {"network": (2, 600), "point": (100, 600)}
    network = f"restart-{time.time()}"
    assert integrity.within_limits(network=network, point_id=1)
    caches["default"]._cache.get_client(None, write=True).script_flush()
    assert integrity.within_limits(network=network, point_id=1)
    assert not integrity.within_limits(network=network, point_id=1)  # the third: over the limit


def test_ended_rate_windows_are_swept_from_the_database(db, settings, monkeypatch):
    from django.utils import timezone

    settings.REDIS_URL = ""
    ended = RateCounter.objects.create(
        key="feedback:rate:network:old:1", count=5, expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    monkeypatch.setattr(integrity, "time_to_sweep", lambda: False)
    assert integrity.hit("network", "someone", now=1_800_000_000)
    assert RateCounter.objects.filter(pk=ended.pk).exists()  # kept until a sweep
    monkeypatch.setattr(integrity, "time_to_sweep", lambda: True)
    assert integrity.hit("network", "someone-else", now=1_800_000_000)
    assert not RateCounter.objects.filter(pk=ended.pk).exists()
    assert RateCounter.objects.count() == 2  # the two live windows


def test_the_written_response_knows_the_flags_the_database_added(db, points, personas):
    """What feedback_submit wrote is what the object says, on either database's path."""
    from siang.feedback.models import Feedback as Row
    from siang.feedback.tracking import new_tracking_code
    from siang.feedback.writing import insert_response

    point = points["counter"]
    made = []
    for number in range(3):
        row = Row(
            tracking_code=new_tracking_code(),
            service_point=point,
            unit_id=point.unit_id,
            visit_date=TODAY.date(),
            rating_overall=3,
            idempotency_key=f"same-answers-{number}",
            answers_digest="same",
        )
        assert insert_response(row, flags=["honeypot"], signal_kinds=[])
        made.append(row)
    assert [row.flags for row in made] == [["honeypot"], ["honeypot"], ["honeypot", "burst"]]
    assert made[2].is_flagged and Row.objects.get(pk=made[2].pk).flags == ["honeypot", "burst"]
