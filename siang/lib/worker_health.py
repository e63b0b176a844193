"""What /healthz tells about background work: the broker, its queue and the workers' last task.

Kept in the broker itself (Redis), so every app server reads the same figures whatever its cache.
"""

from __future__ import annotations

import time
from typing import Any

import redis
from django.conf import settings

LAST_FINISHED_KEY = "siang:worker:last-finished"
QUEUE = "celery"  # Celery's default queue: a list in Redis


def uses_broker() -> bool:
    return not settings.CELERY_TASK_ALWAYS_EAGER


def _client() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=0.5, socket_timeout=1)


def record_task_finished() -> None:
    """Called by a worker after each task (siang/celery.py)."""
    _client().set(LAST_FINISHED_KEY, f"{time.time():.3f}")


def broker_report() -> dict[str, Any]:
    """Ping the broker; report the queue's depth and how long ago a worker last finished a task."""
    client = _client()
    client.ping()
    last = client.get(LAST_FINISHED_KEY)
    return {
        "queue_depth": int(client.llen(QUEUE)),
        "last_task_finished_seconds_ago": None if last is None else round(time.time() - float(last), 1),
    }
