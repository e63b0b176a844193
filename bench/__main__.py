"""`make bench`: each figure printed beside a baseline measured in the same run.

Runs on a fresh SQLite database in a temporary folder, or on BENCH_DATABASE_URL if set (it
writes to that database: never point it at production).
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
    from bench import directory

    directory.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
