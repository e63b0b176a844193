"""The rollups equal what the raw responses say, whatever the batches, and count each once."""

from __future__ import annotations

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q, Sum

from siang.feedback.models import Feedback
from siang.reporting import rollups
from siang.reporting.models import AreaMonthRollup, DailyRollup, ProvinceMonthRollup, UnitMonthRollup
from tests.reporting.dashboard_data import unit_a_with_feedback, varied_feedback


def _raw_figures(**scope) -> dict[str, int]:
    raw = Feedback.objects.filter(**scope).aggregate(
        responses=Count("pk"),
        overall_n=Count("rating_overall"),
        overall_sum=Sum("rating_overall"),
        overall_good=Count("pk", filter=Q(rating_overall__gte=4)),
        steps_n=Count("rating_steps"),
        steps_sum=Sum("rating_steps"),
        equal_good=Count("pk", filter=Q(rating_equal__gte=4)),
        in_time_yes=Count("pk", filter=Q(finished_in_time="yes")),
        in_time_answered=Count("pk", filter=~Q(finished_in_time="")),
        flagged=Count("pk", filter=Q(is_flagged=True)),
        signals_benefit=Count("signals", filter=Q(signals__kind="benefit_demand")),
    )
    raw["fee_mismatch"] = sum(
        1
        for paid, published in Feedback.objects.filter(**scope).values_list("fee_paid", "fee_published")
        if paid is not None and published is not None and paid > published
    )
    return {key: value or 0 for key, value in raw.items()}


def _rolled(model, **scope) -> dict[str, int]:
    fields = [
        "responses",
        "overall_n",
        "overall_sum",
        "overall_good",
        "steps_n",
        "steps_sum",
        "equal_good",
        "in_time_yes",
        "in_time_answered",
        "flagged",
        "signals_benefit",
        "fee_mismatch",
    ]
    totals = model.objects.filter(**scope).aggregate(**{name: Sum(name) for name in fields})
    return {key: value or 0 for key, value in totals.items()}


def test_rollups_equal_the_raw_responses_after_several_batches(phrae, personas):
    data = unit_a_with_feedback(phrae, personas, count=45)
    assert rollups.has_pending()
    batches = 0
    while rollups.roll_up_pending(batch=7):
        batches += 1
    assert batches == 9  # 45 + 15 responses in batches of 7
    raw = _raw_figures()
    assert raw["responses"] == 60 and raw["signals_benefit"] == 1
    for model in (DailyRollup, UnitMonthRollup, ProvinceMonthRollup, AreaMonthRollup):
        assert _rolled(model) == raw, model.__name__
    unit = data["unit"]
    assert _rolled(UnitMonthRollup, province=unit.province, district_key=unit.district_id) == raw
    water = data["water"]
    assert _rolled(DailyRollup, process_key=water.pk) == _raw_figures(process=water)
    assert _rolled(DailyRollup, process_key=0) == _raw_figures(process__isnull=True)
    assert not rollups.has_pending()


def test_running_again_counts_nothing_twice(phrae, personas):
    unit_a_with_feedback(phrae, personas, count=20)
    assert rollups.catch_up() == 26
    assert rollups.catch_up() == 0
    call_command("rollup_feedback", verbosity=0)
    assert _rolled(DailyRollup) == _raw_figures()


def test_new_responses_are_added_to_existing_rollup_rows(phrae, personas):
    data = unit_a_with_feedback(phrae, personas, count=10)
    rollups.catch_up()
    varied_feedback(data["counter"], count=10, process=data["water"], seed=99)
    rollups.catch_up()
    assert _rolled(DailyRollup)["responses"] == 23
    assert _rolled(UnitMonthRollup) == _rolled(AreaMonthRollup) == _raw_figures()


def test_rebuild_gives_the_same_rollups(phrae, personas):
    unit_a_with_feedback(phrae, personas, count=12)
    rollups.catch_up()
    before = _rolled(AreaMonthRollup)
    call_command("rollup_feedback", "--rebuild", verbosity=0)
    assert _rolled(AreaMonthRollup) == before == _raw_figures()


def test_catch_up_with_nothing_pending_is_one_query(phrae, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert rollups.catch_up() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_runners_count_each_response_once(phrae, personas):
    unit_a_with_feedback(phrae, personas, count=300)
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the concurrent case is PostgreSQL's")
    errors: list[BaseException] = []

    def runner() -> None:
        try:
            rollups.catch_up(batch=13)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert _rolled(DailyRollup) == _raw_figures()
    assert _rolled(AreaMonthRollup)["responses"] == 400


def test_a_busy_database_defers_the_catch_up_instead_of_failing_the_page(phrae, personas, monkeypatch):
    from django.db import OperationalError

    unit_a_with_feedback(phrae, personas, count=5)

    def busy(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(rollups, "roll_up_pending", busy)
    assert rollups.catch_up() == 0
    assert rollups.has_pending()


def test_the_command_keeps_rolling_up_every_n_seconds(phrae, personas, monkeypatch):
    data = unit_a_with_feedback(phrae, personas, count=5)
    naps = []

    def sleep(seconds):
        naps.append(seconds)
        if len(naps) == 1:
            varied_feedback(data["counter"], count=4, process=data["water"], seed=5)
            return
        raise KeyboardInterrupt

    monkeypatch.setattr("siang.reporting.management.commands.rollup_feedback.time.sleep", sleep)
    with pytest.raises(KeyboardInterrupt):
        call_command("rollup_feedback", "--every", "60", verbosity=0)
    assert naps == [60, 60]
    assert (
        _rolled(DailyRollup)["responses"] == Feedback.objects.count() == 5 + 1 + 4
    )  # the 4 came during a nap
