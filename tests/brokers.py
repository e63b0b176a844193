"""Point the Celery app at another broker for one test, and back."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from siang.celery import app


def _forget_connections() -> None:
    # Celery keeps a connection pool and a producer pool made for the broker of the time.
    app._pool = None
    app.amqp._producer_pool = None


@contextlib.contextmanager
def broker(url: str) -> Iterator[None]:
    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=url)
    _forget_connections()
    try:
        yield
    finally:
        app.conf.update(saved)
        _forget_connections()
