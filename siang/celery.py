"""The Celery app: background work (exports, poster bundles, notifications, rollups, casework,
photo thumbnails) and the beat schedule.

With CELERY_BROKER_URL set (Redis in production) tasks go to the broker and a worker runs them.
Without it, the embedded default, every task runs in the calling process the moment it is sent
(after the transaction that asked for it commits), so `make run` needs no broker and no worker.
The broker is never derived from REDIS_URL: a shared cache alone must not make the site wait
for a worker that nobody started.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siang.settings")

app = Celery("siang")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
