"""The Celery app: without a broker every task runs in the process; beat's schedule names real tasks."""

from __future__ import annotations

from django.conf import settings

from siang.celery import app


def test_without_a_broker_tasks_run_in_the_process():
    assert settings.CELERY_TASK_ALWAYS_EAGER and app.conf.task_always_eager


def test_every_scheduled_task_exists():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_the_rollup_and_casework_tasks_run(phrae, personas):
    from siang.casework.tasks import casework_attach
    from siang.reporting.tasks import rollup_feedback
    from tests.casework.helpers import make_feedback

    make_feedback(phrae["units"]["a"], personas["admin_a"])  # one response that reports a demand for money
    assert rollup_feedback.delay().get() == 1
    assert rollup_feedback.delay().get() == 0
    assert casework_attach.delay().get() == 0  # the response's signal was filed when it arrived


def test_a_thumbnail_whose_task_was_lost_is_made_by_the_sweep(phrae, personas):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from siang.servicepoints.tasks import thumbnails_requeue
    from tests.servicepoints import helpers

    unit, admin = phrae["units"]["a"], personas["admin_a"]
    department = helpers.department(unit, sequence=1, name_th="กองการประปา")
    point = helpers.counter(unit, admin, dept=department)
    photo = helpers.report(point, admin, seeds=(3,)).photos.get()  # its task never ran (no commit here)
    assert not photo.thumbnail
    assert thumbnails_requeue.delay().get() == 0, "a photo just saved still has its own task coming"
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=6)):
        assert thumbnails_requeue.delay().get() == 1
    photo.refresh_from_db()
    assert photo.thumbnail
