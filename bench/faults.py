"""The citizen form while Redis, then PostgreSQL, is killed under load.

    .venv/bin/python -m bench.faults

Starts its own PostgreSQL cluster (initdb into a temporary folder, port 55432; as the postgres
user when run as root) and its own redis-server (port 6390), never the machine's, and gunicorn on
them as production runs it (sync workers, port 8104). Then, for each fault in turn, CLIENTS
citizens each open the form and send their answers, one after another, for LOAD_SECONDS; at a
third of that the service is killed (Redis: SIGKILL; PostgreSQL: `pg_ctl stop -m immediate`, a
crash without a shutdown checkpoint) and at two thirds it is started again on the same data.

A citizen shown the page that keeps their answers (503) presses "Send again" (the same answers
and form token) a second later, until RETRY_SECONDS after the load ends. Any other answer but a
tracking code (a 500, a refused or dropped connection) is an error page: those answers count as
lost unless the database has them anyway.

Prints per fault: sent (distinct submissions), accepted (a tracking code given), stored (rows of
those submissions), lost (sent and neither stored nor still kept on the citizen's page), kept
(still on the citizen's page when the run ended), duplicated (rows beyond one per submission, and
tracking codes given twice), and what the citizens saw (answers to the form page and to the
submissions by status; whether every 503 page kept the answers). Bounded: at most
MAX_PER_CLIENT submissions per citizen and LOAD_SECONDS + RETRY_SECONDS per fault.
BENCH_FAULT_CLIENTS, BENCH_FAULT_SECONDS change the first two.
"""

from __future__ import annotations

import http.client
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
Body = tuple[str, str, str]  # (idempotency key, the form's urlencoded fields, the comment typed)
PG_PORT = 55432
REDIS_PORT = 6390
APP_PORT = 8104
CLIENTS = int(os.environ.get("BENCH_FAULT_CLIENTS", "16"))
LOAD_SECONDS = float(os.environ.get("BENCH_FAULT_SECONDS", "12"))
RETRY_SECONDS = 8.0
RETRY_PAUSE = 1.0
MAX_PER_CLIENT = 2_000
WORKERS = 3
REQUEST_TIMEOUT = 10.0


# --- our own PostgreSQL and Redis ----------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        raise RuntimeError(f"no {name} under /usr/lib/postgresql/*/bin (apt-get install postgresql)")
    return str(found[-1])


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class OwnPostgres:
    def __init__(self, folder: Path) -> None:
        self.data = folder / "pg"
        self.log = folder / "pg.log"

    def init(self) -> None:
        self.data.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.data, "postgres", "postgres")
            self.log.touch()
            shutil.chown(self.log, "postgres", "postgres")
        initdb = [_pg_bin("initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
        subprocess.run(_as_postgres([*initdb, "--no-sync"]), check=True, capture_output=True)  # noqa: S603

    def start(self) -> None:
        options = f"-p {PG_PORT} -k {self.data} -c listen_addresses=127.0.0.1"
        command = [_pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start"]
        subprocess.run(_as_postgres(command), check=True, capture_output=True)  # noqa: S603

    def kill(self) -> None:
        """A crash: every backend ends at once, no shutdown checkpoint."""
        command = [_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"]
        subprocess.run(_as_postgres(command), check=True, capture_output=True)  # noqa: S603

    def stop(self) -> None:
        command = [_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]
        subprocess.run(_as_postgres(command), check=False, capture_output=True)  # noqa: S603


class OwnRedis:
    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        import redis

        command = ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]  # nothing kept: killed, it comes back empty
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            command, stdout=subprocess.DEVNULL, start_new_session=True
        )
        for _ in range(50):
            try:
                redis.Redis(port=REDIS_PORT, socket_connect_timeout=0.2).ping()
                return
            except redis.RedisError:  # not up yet
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()
            self.process = None


# --- citizens ------------------------------------------------------------------------------------


@dataclass
class Seen:
    """What the citizens of one run sent and saw."""

    keys: list[str] = field(default_factory=list)  # the idempotency key of every submission sent
    codes: list[str] = field(default_factory=list)  # every tracking code given
    pages: Counter[str] = field(default_factory=Counter)  # answers to opening the form
    answers: Counter[str] = field(default_factory=Counter)  # answers to a submission, retries too
    kept_pages: int = 0  # 503 pages that carried the citizen's answers back
    bare_503: int = 0  # 503 pages that did not
    errors_lost: list[str] = field(default_factory=list)  # keys whose citizen saw an error page
    kept_at_end: list[str] = field(default_factory=list)  # keys still on a citizen's page at the end
    lock: threading.Lock = field(default_factory=threading.Lock)


def _request(method: str, path: str, body: str = "") -> tuple[str, str, str]:
    """(status or error name, Location, page) of one request on a new connection."""
    connection = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=REQUEST_TIMEOUT)
    try:
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        page = response.read().decode("utf-8", "replace")
        return str(response.status), response.getheader("Location") or "", page
    except OSError as error:
        return type(error).__name__, "", ""
    finally:
        connection.close()


def _citizen(path: str, bodies: list[Body], seen: Seen, load_ends: float, gives_up: float) -> None:
    for key, body, comment in bodies:
        if time.monotonic() >= load_ends:
            return
        status, _location, _page = _request("GET", path)
        with seen.lock:
            seen.pages[status] += 1
            seen.keys.append(key)
        while True:
            status, location, page = _request("POST", path, body)
            with seen.lock:
                seen.answers[status] += 1
            if status == "303":
                with seen.lock:
                    seen.codes.append(location.split("/track/")[1].split("?")[0].replace("-", ""))
                break
            if status in ("503", "429"):
                with seen.lock:
                    if status == "503" and comment in page and key in page:
                        seen.kept_pages += 1
                    elif status == "503":
                        seen.bare_503 += 1
                if time.monotonic() + RETRY_PAUSE >= gives_up:
                    with seen.lock:
                        seen.kept_at_end.append(key)
                    return
                time.sleep(RETRY_PAUSE)  # then "Send again": the same answers and form token
                continue
            with seen.lock:  # an error page: the citizen's answers are gone from their screen
                seen.errors_lost.append(key)
            break


def _bodies(point_pk: int, choices: list[str], *, clients: int, count: int) -> list[list[Body]]:
    from siang.feedback.integrity import form_token

    rng = random.Random(12)
    started = time.time() - 60
    every = []
    for client in range(clients):
        mine = []
        for number in range(count):
            token = form_token(point_pk, now=started)
            comment = f"คำตอบที่ {client}-{number}"
            data = {
                "t": token,
                "website": "",
                "process": rng.choice(choices),
                "other_service": "",
                "visit_date": "",
                "rating_overall": str(rng.randint(1, 5)),
                "finished_in_time": rng.choice(["yes", "longer", "not_yet", ""]),
                "fee_paid": rng.choice(["", "0", "20"]),
                "comment": comment,
            }
            mine.append((token.split(".")[2], urlencode(data), comment))
        every.append(mine)
    return every


# --- one fault -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    name: str
    kill: Callable[[], None]
    start: Callable[[], None]


def _run_fault(fault: Fault, path: str, bodies: list[list[Body]]) -> Seen:
    seen = Seen()
    began = time.monotonic()
    load_ends = began + LOAD_SECONDS
    gives_up = load_ends + RETRY_SECONDS
    citizens = [
        threading.Thread(target=_citizen, args=(path, mine, seen, load_ends, gives_up), daemon=True)
        for mine in bodies
    ]
    for citizen in citizens:
        citizen.start()
    time.sleep(LOAD_SECONDS / 3)
    fault.kill()
    killed_at = time.monotonic() - began
    time.sleep(LOAD_SECONDS / 3)
    fault.start()
    print(f"  {fault.name}: killed at {killed_at:.1f} s, started again at {time.monotonic() - began:.1f} s")
    for citizen in citizens:
        citizen.join(timeout=gives_up - time.monotonic() + REQUEST_TIMEOUT + 1)
    return seen


def _rows(keys: list[str]) -> tuple[dict[str, int], set[str]]:
    """Rows per idempotency key among `keys`, and their tracking codes."""
    from django.db import connection

    from siang.feedback.models import Feedback

    connection.close()  # the database was restarted under this process's connection
    found = Feedback.objects.filter(idempotency_key__in=keys)
    counts: Counter[str] = Counter(found.values_list("idempotency_key", flat=True))
    return dict(counts), set(found.values_list("tracking_code", flat=True))


def _report(seen: Seen) -> bool:
    rows, stored_codes = _rows(seen.keys)
    sent = len(seen.keys)
    stored = len(rows)
    duplicated = sum(count - 1 for count in rows.values()) + (len(seen.codes) - len(set(seen.codes)))
    accepted_missing = len(set(seen.codes) - stored_codes)
    kept = [key for key in seen.kept_at_end if key not in rows]
    lost = sent - stored - len(kept)
    print(
        f"  sent {sent:,}  accepted {len(seen.codes):,}  stored {stored:,}  lost {lost:,}"
        f"  kept on the page at the end {len(kept):,}  duplicated {duplicated:,}"
        f"  accepted but not stored {accepted_missing:,}"
    )
    print(f"  the form page answered: {_counts(seen.pages)}")
    print(f"  submissions (retries too) answered: {_counts(seen.answers)}")
    pages_503 = seen.kept_pages + seen.bare_503
    print(
        f"  503 pages that kept the citizen's answers: {seen.kept_pages:,} of {pages_503:,};"
        f" error pages (answers gone from the screen): {len(seen.errors_lost):,}"
    )
    return lost == 0 and duplicated == 0 and accepted_missing == 0 and seen.bare_503 == 0


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{status}: {count:,}" for status, count in sorted(counter.items())) or "none"


# --- the run -------------------------------------------------------------------------------------


def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/siang_faults",
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        DJANGO_SETTINGS_MODULE="bench.settings_bench",
        SIANG_VAR_DIR=str(folder),
        SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONPATH=str(ROOT),
    )
    return env


def main() -> int:
    for needed in ("redis-server", *(["runuser"] if os.geteuid() == 0 else [])):
        if shutil.which(needed) is None:
            print(f"bench.faults needs {needed}")
            return 2
    folder = Path(tempfile.mkdtemp(prefix="siang-bench-faults-"))
    folder.chmod(0o755)  # the postgres user keeps its cluster in here
    postgres, redis_server = OwnPostgres(folder), OwnRedis()
    server = None
    try:
        postgres.init()
        postgres.start()
        redis_server.start()
        env = _environment(folder)
        os.environ.update(env)
        from bench.feedback import _create_database, _seed, _start_server, _stop_server

        _create_database(env["DATABASE_URL"])
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from siang.feedback.selectors import service_choices

        call_command("migrate", verbosity=0)
        point = _seed()["board"]
        choices = [str(choice.pk) for choice in service_choices(point)]
        count = min(MAX_PER_CLIENT, int(LOAD_SECONDS * 40))
        connection.close()
        server = _start_server(env, APP_PORT, WORKERS)
        path = f"/f/{point.token}"
        _request("GET", path)  # warm up
        print(
            f"citizen form under faults: gunicorn ({WORKERS} sync workers), own PostgreSQL :{PG_PORT} and"
            f" Redis :{REDIS_PORT}; {CLIENTS} citizens for {LOAD_SECONDS:.0f} s each run,"
            f" retrying kept answers for {RETRY_SECONDS:.0f} s more"
        )
        faults = [
            Fault("Redis killed (SIGKILL)", redis_server.kill, redis_server.start),
            Fault("PostgreSQL killed (pg_ctl stop -m immediate)", postgres.kill, postgres.start),
        ]
        ok = True
        for number, fault in enumerate(faults):
            print(f"- {fault.name}")
            bodies = _bodies(point.pk, choices, clients=CLIENTS, count=count)
            connection.close()
            seen = _run_fault(fault, path, bodies)
            ok &= _report(seen)
            if number + 1 < len(faults):
                time.sleep(RETRY_PAUSE)
        print("no accepted response lost, none written twice" if ok else "FAULTS LOST OR DUPLICATED ANSWERS")
        return 0 if ok else 1
    finally:
        if server is not None:
            _stop_server(server)
        redis_server.kill()
        postgres.stop()
        shutil.rmtree(folder, ignore_errors=True)


def run() -> int:
    """For bench/__main__.py: runs in its own process (its own settings and services)."""
    return subprocess.run([sys.executable, "-m", "bench.faults"], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
