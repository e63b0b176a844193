"""`make bench`: each figure printed beside a baseline measured in the same run.

The directory benchmark runs on a fresh SQLite database in a temporary folder, or on
BENCH_DATABASE_URL if set (it writes to that database: never point it at production). The
citizen form (bench/feedback.py: gunicorn, PostgreSQL, Redis, wrk), the citizen form with Redis
and then PostgreSQL killed under load (bench/faults.py: its own PostgreSQL cluster and Redis),
the citizen form while Admins send pixel bombs (bench/pixel_bombs.py: gunicorn, PostgreSQL)
and the dashboards (bench/dashboards.py: 10 million responses on PostgreSQL) run in their own
processes with their own databases; each says what it needs when that is missing. The comment
detector (bench/comments.py) is measured on the same SQLite database, against its labelled sets.
"""

from __future__ import annotations

import os
import sys
import tempfile


def main() -> int:
    folder = tempfile.mkdtemp(prefix="siang-bench-")
    os.environ["SIANG_VAR_DIR"] = folder
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siang.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench import comments, dashboards, directory, faults, feedback, pixel_bombs

    directory.run()
    print("\n== comment signals", flush=True)
    comments.run()
    sys.stdout.flush()
    failures = 0
    runs = (
        ("citizen form", feedback.run),
        ("citizen form with Redis, then PostgreSQL, killed under load", faults.run),
        ("pixel bombs", pixel_bombs.run),
        ("dashboards", dashboards.run_in_own_process),
    )
    for name, run in runs:
        print(f"\n== {name}", flush=True)
        failures += run() != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
