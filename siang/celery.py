"""The Celery app: background work (exports, poster bundles, notifications, rollups, casework,
photo thumbnails) and the beat schedule.

With CELERY_BROKER_URL set (Redis in production) tasks go to the broker and a worker runs them.
Without it, the embedded default, every task runs in the calling process the moment it is sent
(after the transaction that asked for it commits), so `make run` needs no broker and no worker.
The broker is never derived from REDIS_URL: a shared cache alone must not make the site wait
for a worker that nobody started.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siang.settings")

logger = logging.getLogger(__name__)

app = Celery("siang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_postrun.connect
def _remember_a_finished_task(sender: Any = None, **kwargs: Any) -> None:
    """A worker notes when it last finished a task, for /healthz (siang.lib.worker_health)."""
    from siang.lib import worker_health

    if worker_health.uses_broker() and not getattr(sender.request, "is_eager", False):
        try:
            worker_health.record_task_finished()
        except Exception as error:  # a health figure must never fail the task itself
            logger.warning("could not note the finished task for /healthz: %s", error)
