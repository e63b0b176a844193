"""/readyz for the load balancer (the database only) and /healthz for monitoring (everything,
including the broker, its queue and the workers' last task)."""

from __future__ import annotations

import time

import pytest
import redis
from django.urls import reverse

from siang.lib import worker_health
from tests import brokers
from tests.test_shell import DatabaseAddress

BROKER = "redis://127.0.0.1:6379/7"  # this engineer's test database on the machine's Redis


@pytest.fixture
def broker(settings):
    """Tasks go to a real Redis broker (nothing consumes them: the worker is stopped)."""
    client = redis.Redis.from_url(BROKER)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("needs Redis on 127.0.0.1:6379")
    client.flushdb()
    with brokers.broker(BROKER):  # first: it keeps Celery's own settings to put back
        settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL = False, BROKER
        yield client
    client.flushdb()


def test_readyz_answers_while_the_database_does(client, db):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200 and response.json() == {"ready": True}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db(transaction=True)
def test_readyz_takes_a_node_out_when_its_database_is_lost(client, tmp_path):
    address = DatabaseAddress()
    try:
        address.move(NAME=str(tmp_path / "gone" / "x.sqlite3"), PORT="1")
        assert client.get(reverse("readyz")).status_code == 503
    finally:
        address.restore()
    assert client.get(reverse("readyz")).status_code == 200


def test_a_broker_or_storage_outage_keeps_the_node_ready_but_healthz_says_so(client, db, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker
    settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL = False, "redis://127.0.0.1:1/0"
    assert client.get(reverse("readyz")).status_code == 200
    health = client.get(reverse("healthz"))
    checks = health.json()["checks"]
    assert health.status_code == 503
    assert checks["broker"] == {"ok": False, "error": "ConnectionError"}
    assert checks["storage"]["ok"] is False and checks["database"]["ok"] is True


def test_healthz_reports_the_queue_depth_and_the_last_finished_task(client, db, broker):
    from siang.exports.tasks import jobs_requeue

    checks = client.get(reverse("healthz")).json()["checks"]
    assert checks["broker"]["queue_depth"] == 0 and checks["broker"]["last_task_finished_seconds_ago"] is None
    jobs_requeue.delay()
    jobs_requeue.delay()
    worker_health.record_task_finished()  # what a worker does after each task
    time.sleep(0.2)
    checks = client.get(reverse("healthz")).json()["checks"]
    assert checks["broker"]["ok"] and checks["broker"]["queue_depth"] == 2
    assert 0 < checks["broker"]["last_task_finished_seconds_ago"] < 60


def test_without_a_broker_healthz_says_tasks_run_in_the_process(client, db):
    checks = client.get(reverse("healthz")).json()["checks"]
    assert checks["tasks"] == {"ok": True, "runs": "in-process"} and "broker" not in checks
