# ruff: noqa: S608, E501  (SQL assembled from our own column names and constants; long SQL lines)
"""Dashboards at national scale: 10 million responses across all 7,848 units (PostgreSQL).

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/siang_bench_dash .venv/bin/python -m bench.dashboards

Creates the database if needed, loads the units, generates the responses with one
`INSERT … SELECT … FROM generate_series` per million (skipped when they are already there), builds
the rollups from them with the same SQL `roll_up_pending` runs, then times the national dashboard
and a province drill-down (p50 of 20 runs) — through the dashboard functions and through the Django
test client — beside the same figures computed from the raw rows.

BENCH_RESPONSES changes the number of responses (default 10,000,000).
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/siang_bench_dash"
RUNS = 20
CHUNK = 1_000_000


def _create_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def setup() -> None:
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("The dashboard benchmark needs PostgreSQL (BENCH_DATABASE_URL=postgres://…).")
    _create_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siang.settings")
    import django

    django.setup()


def _feedback_values(user_id: int) -> dict[str, str]:
    """SQL for each column of a generated response; `g` is the row number, `b` its unit."""
    return {
        "service_point_id": "b.point_id",
        "unit_id": "b.unit_id",
        "visit_date": "current_date - (r.age)::int",
        # Satisfaction differs by unit (b.bias), so the rankings have something to rank.
        "rating_overall": "least(5, greatest(1, round(b.bias + 2.2 * r.x1)))::int",
        "rating_steps": "CASE WHEN r.x2 < 0.2 THEN NULL ELSE least(5, greatest(1, round(b.bias + 2 * r.x2)))::int END",
        "rating_time": "CASE WHEN r.x3 < 0.2 THEN NULL ELSE 1 + floor(r.x3 * 5)::int END",
        "rating_information": "least(5, 2 + floor(r.x2 * 4)::int)",
        "rating_courtesy": "CASE WHEN r.x1 < 0.1 THEN NULL ELSE least(5, 3 + floor(r.x3 * 3)::int) END",
        "rating_equal": "CASE WHEN r.x2 < 0.3 THEN NULL ELSE least(5, 2 + floor(r.x1 * 4)::int) END",
        "finished_in_time": "(ARRAY['yes','yes','yes','yes','longer','not_yet',''])[1 + floor(r.x3 * 7)::int]",
        "fee_published": "CASE WHEN r.x2 < 0.5 THEN 20 END",
        "fee_paid": "CASE WHEN r.x2 < 0.5 THEN (CASE WHEN r.x1 < 0.02 THEN 120 ELSE 20 END) END",
        "asked_money": "r.x3 < 0.006",
        "is_flagged": "r.x1 > 0.985",
        "tracking_code": "'B' || g",
        "idempotency_key": "'bench-' || g",
        "rolled_up": "true",
        "created_at": "(current_date - (r.age)::int) + interval '10 hours'",
    }


def _generate(total: int, *, rolled_up: bool = True) -> None:
    from django.db import connection

    from siang.accounts.models import User
    from siang.feedback.models import Feedback
    from siang.servicepoints.models import ServicePoint

    user, _created = User.objects.get_or_create(username="bench", defaults={"first_name": "bench"})
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ServicePoint._meta.db_table} (unit_id, placement, label, token, is_active, "
            "created_by_id, created_at, retired_reason) "
            "SELECT u.id, 'pr_board', '', 'bench' || u.id, true, %s, now(), '' FROM directory_unit u "
            f"WHERE NOT EXISTS (SELECT 1 FROM {ServicePoint._meta.db_table} p WHERE p.unit_id = u.id)",
            [user.pk],
        )
        cursor.execute("DROP TABLE IF EXISTS bench_units")
        # Units get different volumes (a city hears more than a small SAO) and different scores.
        cursor.execute(
            "CREATE UNLOGGED TABLE bench_units AS "
            "SELECT row_number() OVER (ORDER BY u.id) - 1 AS idx, u.id AS unit_id, min(p.id) AS point_id, "
            "1.6 + random() * 1.6 AS bias "
            f"FROM directory_unit u JOIN {ServicePoint._meta.db_table} p ON p.unit_id = u.id GROUP BY u.id"
        )
        cursor.execute("SELECT count(*) FROM bench_units")
        units = cursor.fetchone()[0]
        values = _feedback_values(user.pk)
        values["rolled_up"] = "true" if rolled_up else "false"
        columns, expressions, params = [], [], []
        for model_field in Feedback._meta.concrete_fields:
            if model_field.primary_key:
                continue
            columns.append(model_field.column)
            name = model_field.attname
            if name in values:
                expressions.append(values[name])
            elif model_field.null:
                expressions.append("NULL")
            else:
                default = model_field.get_default()
                expressions.append("%s::jsonb" if name == "flags" else "%s")
                params.append("[]" if name == "flags" else default)
        done = first = Feedback.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        while done < total:
            size = min(CHUNK, total - done)
            started = time.perf_counter()
            cursor.execute(
                f"INSERT INTO {Feedback._meta.db_table} ({', '.join(columns)}) "
                f"SELECT {', '.join(expressions)} FROM generate_series(%s, %s) g "
                # `0 * g` ties the lateral row to g, so it is drawn again for every response.
                "CROSS JOIN LATERAL (SELECT random() + 0 * g AS x1, random() AS x2, random() AS x3, "
                "floor(power(random(), 1.3) * 540) AS age, "
                "floor(power(random(), 2.0) * %s)::int AS pick) r "
                "JOIN bench_units b ON b.idx = r.pick",
                [*params, done + 1, done + size, units],
            )
            done += size
            print(
                f"  generated {done - first:,} responses ({time.perf_counter() - started:.0f} s for this batch)"
            )
        cursor.execute(
            "INSERT INTO casework_signal (feedback_id, kind, unit_id, created_at) "
            f"SELECT f.id, 'benefit_demand', f.unit_id, f.created_at FROM {Feedback._meta.db_table} f "
            "WHERE f.id > %s AND f.asked_money "
            "AND NOT EXISTS (SELECT 1 FROM casework_signal s WHERE s.feedback_id = f.id)",
            [first],
        )
        if rolled_up:
            cursor.execute("ANALYZE")


def prepare(total: int) -> None:
    from django.core.management import call_command

    from siang.directory.models import Unit
    from siang.feedback.models import Feedback
    from siang.reporting import rollups
    from siang.reporting.models import AreaMonthRollup, ProvinceMonthRollup, UnitMonthRollup

    call_command("migrate", verbosity=0)
    if Unit.objects.count() < 7000:
        call_command("load_units", verbosity=0)
    if Feedback.objects.count() < total:
        started = time.perf_counter()
        _generate(total)
        print(f"Generated {total:,} responses in {time.perf_counter() - started:.0f} s")
    if not AreaMonthRollup.objects.exists():
        started = time.perf_counter()
        rollups.rebuild_all()
        print(f"Built the rollups from the raw rows in {time.perf_counter() - started:.0f} s")
    elif not ProvinceMonthRollup.objects.exists() or UnitMonthRollup.objects.filter(province=None).exists():
        started = time.perf_counter()
        rollups.rebuild_all(only=[UnitMonthRollup, ProvinceMonthRollup])
        print(f"Built the new rollup tables from the raw rows in {time.perf_counter() - started:.0f} s")


def _timings(action: Any, runs: int = RUNS) -> list[float]:
    """Milliseconds of each run, sorted."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)


def _p50(action: Any, runs: int = RUNS) -> float:
    import statistics

    return statistics.median(_timings(action, runs))


def _raw_national(period: Any) -> Any:
    """Baseline: the national dashboard's figures straight from the responses."""
    from django.db.models import Count, Q, Sum

    from siang.feedback.models import Feedback

    rows = Feedback.objects.filter(visit_date__gte=period.start, visit_date__lte=period.end)
    figures = dict(
        responses=Count("pk"),
        overall_n=Count("rating_overall"),
        overall_sum=Sum("rating_overall"),
        overall_good=Count("pk", filter=Q(rating_overall__gte=4)),
        in_time_yes=Count("pk", filter=Q(finished_in_time="yes")),
    )
    by_province = list(rows.values("unit__province_id").annotate(**figures).order_by())
    by_kind = list(rows.values("unit__kind").annotate(**figures).order_by())
    by_month = list(
        Feedback.objects.values("visit_date__year", "visit_date__month").annotate(**figures).order_by()
    )
    return by_province, by_kind, by_month


def _raw_province(period: Any, province: Any) -> Any:
    from django.db.models import Count, Q

    from siang.feedback.models import Feedback

    rows = Feedback.objects.filter(unit__province=province)
    figures = dict(responses=Count("pk"), overall_good=Count("pk", filter=Q(rating_overall__gte=4)))
    in_period = rows.filter(visit_date__gte=period.start, visit_date__lte=period.end)
    return (
        list(in_period.values("unit__district_id").annotate(**figures).order_by()),
        list(in_period.values("unit_id").annotate(**figures).order_by()),
        list(rows.values("visit_date__year", "visit_date__month").annotate(**figures).order_by()),
    )


def run() -> None:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from bench.timing import line
    from siang.accounts.demo import ensure_personas
    from siang.directory.models import Province
    from siang.feedback.models import Feedback
    from siang.reporting import dashboards
    from siang.reporting.models import AreaMonthRollup, DailyRollup, UnitMonthRollup

    if connection.vendor != "postgresql":
        print("Dashboards: skipped (the 10-million-response benchmark needs PostgreSQL: BENCH_DATABASE_URL).")
        return
    total = int(os.environ.get("BENCH_RESPONSES", "10000000"))
    prepare(total)
    responses = Feedback.objects.count()
    print(
        f"Dashboards on {connection.vendor}: {responses:,} responses; rollup rows: "
        f"{DailyRollup.objects.count():,} daily, {UnitMonthRollup.objects.count():,} unit-month, "
        f"{AreaMonthRollup.objects.count():,} area-month"
    )
    period = dashboards.period_from("12m")
    largest = (
        Province.objects.annotate(unit_count=Count("units")).order_by("-unit_count").first()
    )  # the heaviest drill-down
    assert largest is not None

    national = _p50(lambda: dashboards.nation_report(period))
    raw_national = _p50(lambda: _raw_national(period), runs=3)
    line(
        "national dashboard queries p50",
        f"{national:.1f} ms",
        f"{raw_national:.0f} ms",
        raw_national / national,
    )
    province = _p50(lambda: dashboards.province_report(largest, period))
    raw_province = _p50(lambda: _raw_province(period, largest), runs=3)
    line(
        f"province drill-down ({largest.name_en}, {largest.unit_count} units) p50",
        f"{province:.1f} ms",
        f"{raw_province:.0f} ms",
        raw_province / province,
    )

    ranking = _p50(lambda: dashboards.kind_report("sao", period))
    line("every SAO nationally, ranked (kind=sao) p50", f"{ranking:.1f} ms")

    pending = 20_000
    _generate(responses + pending, rolled_up=False)
    from siang.reporting import rollups

    started = time.perf_counter()
    while rollups.roll_up_pending(batch=5000):
        pass
    took = time.perf_counter() - started
    line(f"roll up {pending:,} new responses (batches of 5,000)", f"{took * 1000:.0f} ms")
    line("catch-up check with nothing pending p50", f"{_p50(rollups.catch_up):.2f} ms")

    setup_test_environment()
    people = {persona.key: user for persona, user in ensure_personas()}
    client = Client()
    client.force_login(people["pacc"])
    for url in ("/pacc/dashboard/", f"/pacc/dashboard/?province={largest.code}"):
        assert client.get(url).status_code == 200, url
    for name, url, baseline in (
        ("GET /pacc/dashboard/", "/pacc/dashboard/", raw_national),
        ("GET /pacc/dashboard/?province=…", f"/pacc/dashboard/?province={largest.code}", raw_province),
        ("GET /pacc/dashboard/?kind=sao", "/pacc/dashboard/?kind=sao", raw_national),
    ):
        times = _timings(lambda url=url: client.get(url))
        page = times[len(times) // 2]
        line(f"{name} p50 (whole page)", f"{page:.1f} ms", f"{baseline:.0f} ms", baseline / page)
        line(f"{name} p95", f"{times[int(len(times) * 0.95) - 1]:.1f} ms")


def main() -> int:
    setup()
    run()
    return 0


def run_in_own_process() -> int:
    """For bench/__main__.py, whose process is already set up on another database."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    return subprocess.run([sys.executable, "-m", "bench.dashboards"], cwd=root, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
