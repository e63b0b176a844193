"""The production settings, with what only the feedback benchmark needs on top.

- a urlconf that adds a trivial view (the baseline), never deployed;
- persistent database connections, as production has (CONN_MAX_AGE);
- rate limits high enough for 64 clients that all come from 127.0.0.1 (the checks still run).
"""

import os

from siang.settings import *  # noqa: F403
from siang.settings import DATABASES

ROOT_URLCONF = "bench.urls_bench"
DEBUG = False
DATABASES["default"]["CONN_MAX_AGE"] = 600
FEEDBACK_RATE_LIMITS = {"network": (10**9, 600), "point": (10**9, 600)}
LOGGING = {  # quiet: a handler that drops everything, so not even Python's last-resort one prints
    "version": 1,
    "disable_existing_loggers": True,
    "handlers": {"null": {"class": "logging.NullHandler"}},
    "root": {"level": "ERROR", "handlers": ["null"]},
}

# BENCH_SYNCHRONOUS_COMMIT=off shows how much of a submission is waiting for the disk (a
# diagnosis only: production keeps synchronous commits, or an accepted response could be lost).
if os.environ.get("BENCH_SYNCHRONOUS_COMMIT") == "off":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

# BENCH_SERVER_SIDE_BINDING=1 tries psycopg's server-side binding (prepared statements).
if os.environ.get("BENCH_SERVER_SIDE_BINDING") == "1":
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
