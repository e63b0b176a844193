"""The citizen form under load, the way production runs it: gunicorn, PostgreSQL, Redis.

    .venv/bin/python -m bench.feedback

Measures, with 64 concurrent clients (wrk), a trivial Django view (the baseline, on the same
server and middleware), the form page and the form's submission; prints throughput, p50/p99
latency and the ratio to the baseline; then checks that every accepted submission is in the
database exactly once. Each submission carries its own form token (a fresh idempotency key and a
start time a minute ago), as a browser's would.

BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/siang_bench) is created and
migrated if needed; its responses and their signals are emptied at the start of every run:
never point it at production. REDIS_URL defaults to
redis://127.0.0.1:6379/14, which is flushed. BENCH_SECONDS (default 6) per measurement, BENCH_ROUNDS
(default 3) rounds of the three. The server is set up as production's gunicorn.conf.py (sync
workers, 2 × cores + 1); BENCH_WORKERS, BENCH_THREADS (> 1: gthread workers),
BENCH_WORKER_CLASS and BENCH_CLIENTS try others. Needs `wrk` (apt-get install wrk).
"""

from __future__ import annotations

import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "64"))
TARGETS = {"form page": 0.5, "submission": 0.25}
P99_LIMIT_MS = 100.0
# Production's gunicorn.conf.py (sync workers) unless these say otherwise.
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread" if THREADS > 1 else "sync")

DONE_LUA = """
function report(summary, latency)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d "
    .. "errors=%d status_errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""
PLAIN_LUA = (
    DONE_LUA
    + """
function done(summary, latency, requests) report(summary, latency) end
"""
)

POST_LUA = """
local counter = 0
local threads = {}
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  bodies = {}
  for line in io.lines("%(prefix)s-bodies-" .. id .. ".txt") do bodies[#bodies + 1] = line end
  n = 0
  out = io.open("%(prefix)s-accepted-" .. id .. ".txt", "w")
  out:setvbuf("line")
end
function request()
  n = n + 1
  local body = bodies[((n - 1) %% #bodies) + 1]
  return wrk.format("POST", "%(path)s", {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
function response(status, headers, body)
  if status == 303 then out:write(headers["Location"] .. "\\n") end
end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("SENT %%d %%d\\n", thread:get("id"), thread:get("n")))
  end
  report(summary, latency)
end
"""


@dataclass
class Result:
    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int
    sent: dict[int, int]  # submissions each wrk thread sent

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/siang_bench"),
        REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
        DJANGO_SETTINGS_MODULE="bench.settings_bench",
        SIANG_VAR_DIR=str(folder),
        SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONPATH=str(ROOT),
    )
    return env


def _create_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def _forget_earlier_runs() -> None:
    """Every run starts from an empty response table: a table grown by earlier runs makes each
    insert dearer, and runs could not be compared."""
    from django.db import connection

    from siang.feedback.models import Feedback

    with connection.cursor() as cursor:  # and their signals, which refer to them
        cursor.execute(f"TRUNCATE {connection.ops.quote_name(Feedback._meta.db_table)} CASCADE")


def _seed() -> dict[str, Any]:
    """Unit A with the demo catalogue, a unit-wide service point and a counter point."""
    from siang.accounts.demo import ensure_personas
    from siang.accounts.personas import UNIT_A, UNIT_B
    from siang.catalog.demo import ensure_catalog
    from siang.directory.models import District, Province, Unit
    from siang.directory.names import search_key, split_kind, thai_sort_key
    from siang.servicepoints.models import Placement, ServicePoint

    province, _ = Province.objects.get_or_create(code="54", defaults={"name_th": "แพร่", "sort_key": "แพร่"})
    district, _ = District.objects.get_or_create(
        code="5401", defaults={"province": province, "name_th": "เมืองแพร่", "sort_key": "เมืองแพร่"}
    )
    for code, name in ((UNIT_A, "เทศบาลเมืองแพร่"), (UNIT_B, "เทศบาลตำบลทุ่งกวาว")):
        kind, short = split_kind(name)
        Unit.objects.get_or_create(
            dla_code=code,
            defaults={
                "kind": kind or "other",
                "name_th": name,
                "short_name_th": short,
                "province": province,
                "district": district,
                "search_key": search_key(name),
                "sort_key": thai_sort_key(short),
            },
        )
    people = dict((persona.key, user) for persona, user in ensure_personas())
    ensure_catalog()
    unit = Unit.objects.get(dla_code=UNIT_A)
    board, _ = ServicePoint.objects.get_or_create(
        unit=unit, placement=Placement.PR_BOARD, label="bench", defaults={"created_by": people["admin_a"]}
    )
    return {"board": board}


def _bodies(point: Any, prefix: str, *, threads: int, count: int) -> list[str]:
    """`count` submissions per wrk thread, each with its own form token; returns their keys."""
    from siang.feedback.integrity import form_token
    from siang.feedback.selectors import service_choices

    services = [str(choice.pk) for choice in service_choices(point)] + ["other"]
    comments = ["", "", "บริการดี รวดเร็ว", "รอนานไปหน่อย", "เจ้าหน้าที่สุภาพ", "ที่จอดรถไม่พอ"]
    rng = random.Random(6)
    keys = []
    started = time.time() - 60
    for thread in range(threads):
        lines = []
        for number in range(count):
            token = form_token(point.pk, now=started)
            keys.append(token.split(".")[2])
            process = rng.choice(services)
            data = {
                "t": token,
                "website": "",
                "process": process,
                "other_service": "ขอสำเนาเอกสาร" if process == "other" else "",
                "visit_date": "",
                "rating_overall": str(rng.randint(1, 5)),
                "rating_steps": str(rng.randint(1, 5)),
                "rating_courtesy": str(rng.randint(1, 5)),
                "rating_equal": str(rng.randint(1, 5)),
                "finished_in_time": rng.choice(["yes", "yes", "longer", "not_yet", ""]),
                "fee_paid": rng.choice(["", "0", "20", "500"]),
                "comment": f"{rng.choice(comments)} #{thread}-{number}",
            }
            if rng.random() < 0.05:
                data["asked_money"] = "1"
            lines.append(urlencode(data))
        Path(f"{prefix}-bodies-{thread}.txt").write_text("\n".join(lines) + "\n")
    return keys


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 (our own command line)
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "siang.wsgi:application",
            f"--config={ROOT / 'gunicorn.conf.py'}",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--worker-class={WORKER_CLASS}",
            *([f"--threads={THREADS}"] if WORKER_CLASS == "gthread" else []),
            "--log-level=error",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/ping", timeout=1).read()
            return server
        except OSError:
            time.sleep(0.2)
    _stop_server(server)
    raise RuntimeError("gunicorn did not start")


def _stop_server(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def _wrk(name: str, url: str, script: Path, seconds: int, threads: int) -> Result:
    command = ["wrk", f"-t{threads}", f"-c{CLIENTS}", f"-d{seconds}s", "--timeout=5s", "-s", str(script), url]
    # wrk from the PATH, as apt-get installs it; the command line is our own
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    match = re.search(
        r"RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) errors=(\d+) status_errors=(\d+)",
        output,
    )
    if not match:
        raise RuntimeError(f"wrk said: {output}")
    requests, duration, p50, p99, errors, status_errors = (int(value) for value in match.groups())
    sent = {int(thread): int(n) for thread, n in re.findall(r"SENT (\d+) (\d+)", output)}
    return Result(name, requests, duration / 1e6, p50 / 1000, p99 / 1000, errors + status_errors, sent)


def _check_once(
    prefix: str, keys: list[str], sent_by_thread: dict[int, int], count: int
) -> tuple[int, int, list[str]]:
    """(submissions sent, accepted, problems): every accepted code is one row, every key sent one row."""
    from siang.feedback.models import Feedback

    problems = []
    sent_keys: list[str] = []
    threads = len(sent_by_thread)
    for thread, sent in sorted(sent_by_thread.items()):
        if sent > count:
            problems.append(f"thread {thread} ran out of bodies ({sent} > {count}); raise the count")
        sent_keys += keys[thread * count : thread * count + min(sent, count)]
    locations = []
    for thread in range(threads):
        locations += Path(f"{prefix}-accepted-{thread}.txt").read_text().split()
    codes = [location.split("/track/")[1].split("?")[0].replace("-", "") for location in locations]
    found = Feedback.objects.filter(idempotency_key__in=sent_keys)
    rows = dict(found.values_list("idempotency_key", "tracking_code"))
    if len(set(codes)) != len(codes):
        problems.append(f"{len(codes) - len(set(codes))} tracking codes given twice")
    missing = set(codes) - set(rows.values())
    if missing:
        problems.append(f"{len(missing)} accepted submissions are not in the database")
    # A request in flight when wrk stopped may be written without its answer read: at most one per client.
    unanswered = len(rows) - len(codes)
    if not 0 <= unanswered <= CLIENTS:
        problems.append(f"{len(rows)} rows for {len(codes)} accepted submissions")
    return len(sent_keys), len(codes), problems


def main() -> int:
    if shutil.which("wrk") is None:
        print("bench.feedback needs wrk: apt-get install wrk")
        return 2
    folder = Path(tempfile.mkdtemp(prefix="siang-bench-feedback-"))
    env = _environment(folder)
    os.environ.update(env)
    _create_database(env["DATABASE_URL"])
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    _forget_earlier_runs()
    point = _seed()["board"]
    cache.clear()
    seconds = int(os.environ.get("BENCH_SECONDS", "6"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    threads = 2
    count = max(2000, seconds * 1500)
    prefixes = [str(folder / f"round{number}") for number in range(rounds)]
    keys = {prefix: _bodies(point, prefix, threads=threads, count=count) for prefix in prefixes}
    connection.close()

    plain = folder / "plain.lua"
    plain.write_text(PLAIN_LUA)
    form_path = f"/f/{point.token}"
    port = _free_port()
    workers = int(os.environ.get("BENCH_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
    server = _start_server(env, port, workers)
    base = f"http://127.0.0.1:{port}"
    measured: list[list[Result]] = []
    try:
        for url in (f"{base}/bench/ping", f"{base}{form_path}"):  # warm up: imports, connections, cache
            _wrk("warm-up", url, plain, 2, threads)
        # Rounds, each measuring the three back to back: on a busy machine the ratio of
        # neighbours is steadier than any one figure. The median round counts.
        for prefix in prefixes:
            post = Path(f"{prefix}.lua")
            post.write_text(POST_LUA % {"prefix": prefix, "path": form_path} + DONE_LUA)
            measured.append(
                [
                    _wrk("baseline: trivial Django view", f"{base}/bench/ping", plain, seconds, threads),
                    _wrk("form page", f"{base}{form_path}", plain, seconds, threads),
                    _wrk("submission", f"{base}{form_path}", post, seconds, threads),
                ]
            )
    finally:
        _stop_server(server)
    sent = accepted = 0
    problems: list[str] = []
    for prefix, results in zip(prefixes, measured, strict=True):
        round_sent, round_accepted, round_problems = _check_once(prefix, keys[prefix], results[2].sent, count)
        sent, accepted, problems = sent + round_sent, accepted + round_accepted, problems + round_problems
    return _report(measured, sent=sent, accepted=accepted, problems=problems, workers=workers)


def _report(
    measured: list[list[Result]], *, sent: int, accepted: int, problems: list[str], workers: int
) -> int:
    print(
        f"feedback form: gunicorn ({workers} {WORKER_CLASS} workers"
        f"{f' × {THREADS} threads' if WORKER_CLASS == 'gthread' else ''}), PostgreSQL, Redis;"
        f" wrk, {CLIENTS} clients;"
        f" median of {len(measured)} rounds"
    )
    print(f"{'':<32} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'× baseline':>11}  target")
    failed = False
    for index, name in enumerate(result.name for result in measured[0]):
        runs = [results[index] for results in measured]
        ratio = statistics.median(results[index].per_second / results[0].per_second for results in measured)
        per_second = statistics.median(run.per_second for run in runs)
        p50 = statistics.median(run.p50_ms for run in runs)
        p99 = statistics.median(run.p99_ms for run in runs)
        errors = sum(run.errors for run in runs)
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            ok = ratio >= target and p99 <= P99_LIMIT_MS and errors == 0
            verdict = f"≥ {target}×, p99 ≤ {P99_LIMIT_MS:.0f} ms: {'met' if ok else 'MISSED'}"
        print(
            f"{name:<32} {per_second:>9,.0f} {p50:>8.1f} {p99:>8.1f} {errors:>7} {ratio:>10.2f}×  {verdict}"
        )
        failed |= errors > 0
    print(f"submissions sent {sent:,}, accepted {accepted:,}: ", end="")
    if problems:
        print("NOT exactly once: " + "; ".join(problems))
        return 1
    print("each accepted submission is in the database exactly once")
    return 1 if failed else 0


def run() -> int:
    """For bench/__main__.py: runs in its own process (its own settings and database)."""
    return subprocess.run([sys.executable, "-m", "bench.feedback"], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
