"""Pixel bombs under concurrency: does the citizen form stay fast while Admins send huge photos?

    .venv/bin/python -m bench.pixel_bombs

gunicorn serves the site as production does (`gunicorn.conf.py`: sync workers, 2 × cores + 1)
on 127.0.0.1:8101 (BENCH_PORT). Citizens open the form page `/f/<token>`, BENCH_CITIZEN_RATE a
second (default 20) whether or not the earlier ones were answered, first alone (the baseline,
BENCH_BASELINE_SECONDS, default 10), then while BENCH_ATTACKERS (default 5) signed-in Admins
each send BENCH_REPORTS (default 2) installation reports one after another, each for a service
point of its own (a second report of one point is refused before decoding). Two attacks, one
after the other:

- the issue's: five one-colour PNGs of 7745 × 7745 (60 MP, 187 KB each) per report;
- the costliest report still accepted: two one-colour PNGs of 8192 × 6144 (50.3 MP each).

Each attack stops after BENCH_ATTACK_SECONDS (default 120) whatever is left. Prints, per phase,
the reports refused (by the checks), busy (every photo slot of the server taken: "send again in
a minute") and accepted, how long the attack took, and the citizen page's p50, p99 and worst
time beside the baseline (failed: citizen requests that errored or took over 120 s).
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/siang_bench_photos) is created
and migrated if needed, and written to: never point it at production. REDIS_URL is used when set.
"""

from __future__ import annotations

import functools
import io
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from PIL import Image

from bench.feedback import ROOT, _create_database, _seed, _start_server, _stop_server

PORT = int(os.environ.get("BENCH_PORT", "8101"))
CITIZEN_RATE = float(os.environ.get("BENCH_CITIZEN_RATE", "20"))  # form pages a second
ATTACKERS = int(os.environ.get("BENCH_ATTACKERS", "5"))
REPORTS = int(os.environ.get("BENCH_REPORTS", "2"))
BASELINE_SECONDS = float(os.environ.get("BENCH_BASELINE_SECONDS", "10"))
ATTACK_SECONDS = float(os.environ.get("BENCH_ATTACK_SECONDS", "120"))
REQUEST_TIMEOUT = 120  # seconds: a citizen request slower than this counts as failed

ATTACKS = {
    "5 × 60 MP PNG (the issue's)": ((7745, 7745), 5),
    "2 × 50.3 MP PNG (largest accepted)": ((8192, 6144), 2),
}


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@dataclass
class Timings:
    seconds: list[float] = field(default_factory=list)
    failed: int = 0

    def add(self, started: float, ok: bool) -> None:
        if ok:
            self.seconds.append(time.perf_counter() - started)
        else:
            self.failed += 1

    def summary(self) -> tuple[int, float, float, float]:
        """(count, p50 ms, p99 ms, worst ms)."""
        ordered = sorted(self.seconds) or [0.0]
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return len(self.seconds), statistics.median(ordered) * 1000, p99 * 1000, ordered[-1] * 1000


def _citizens(url: str, stop: threading.Event) -> Timings:
    """Citizens arriving at CITIZEN_RATE a second, whether or not earlier ones were answered, until
    `stop` is set. Each time runs from when the citizen arrived: a stalled server shows as the
    time its visitors waited, not as fewer visitors (no coordinated omission)."""
    timings = Timings()
    lock = threading.Lock()

    def visit(arrived: float) -> None:
        try:
            ok = requests.get(url, timeout=REQUEST_TIMEOUT).status_code == 200
        except requests.RequestException:
            ok = False
        with lock:
            timings.add(arrived, ok)

    with ThreadPoolExecutor(max_workers=256) as pool:
        arrival = time.perf_counter()
        while not stop.is_set():
            pool.submit(visit, arrival)
            arrival += 1 / CITIZEN_RATE
            time.sleep(max(0.0, arrival - time.perf_counter()))
    return timings


def _measure(url: str, seconds: float | None = None, *, during: Any = None) -> Timings:
    """The citizens' timings for `seconds`, or while `during()` runs."""
    stop = threading.Event()
    result: dict[str, Timings] = {}
    measuring = threading.Thread(target=lambda: result.setdefault("t", _citizens(url, stop)))
    measuring.start()
    if during is None:
        time.sleep(seconds or 0)
    else:
        during()
    stop.set()
    measuring.join()
    return result["t"]


def _keep(into: dict[str, Counter[str]], attack: Any) -> None:
    into["o"] = attack()


def _staff_session(user: Any) -> str:
    """A signed-in session for `user`, as the ThaiD sign-in leaves it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return str(session.session_key)


def _attack(base: str, paths: list[list[str]], photos: list[bytes], cookies: dict[str, str]) -> Counter[str]:
    """Each attacker sends its reports one after another; all attackers at once."""
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + ATTACK_SECONDS

    def attacker(own: list[str]) -> None:
        session = requests.Session()
        session.cookies.update(cookies)
        for path in own:
            if time.monotonic() > deadline:
                break
            files = [("photos", (f"bomb-{n}.png", data, "image/png")) for n, data in enumerate(photos)]
            data = {
                "csrfmiddlewaretoken": cookies["csrftoken"],
                "location": "ผนังหน้าช่องบริการ",
                "installed_on": "2026-11-20",
                "note": "bench",
            }
            try:
                answer = session.post(
                    base + path, data=data, files=files, allow_redirects=False, timeout=ATTACK_SECONDS
                )
                outcome = {302: "accepted", 200: "refused", 413: "refused"}.get(answer.status_code, "error")
                if outcome == "refused" and "being checked right now" in answer.text:
                    outcome = "busy"  # every photo slot of the server was taken: send again later
            except requests.RequestException:
                outcome = "error"
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=attacker, args=(own,)) for own in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def _points(admin: Any, count: int) -> list[str]:
    """`count` new unit-wide service points of the bench unit, as installation form paths."""
    from django.urls import reverse

    from siang.accounts.personas import UNIT_A
    from siang.directory.models import Unit
    from siang.servicepoints.models import Placement, ServicePoint

    unit = Unit.objects.get(dla_code=UNIT_A)
    made = ServicePoint.objects.bulk_create(
        ServicePoint(unit=unit, placement=Placement.WALKWAY, label=f"bomb {n}", created_by=admin)
        for n in range(count)
    )
    return [reverse("servicepoint_installation", args=[unit.pk, point.pk]) for point in made]


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="siang-bench-bombs-"))
    env = dict(os.environ)
    env.update(
        DATABASE_URL=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/siang_bench_photos"
        ),
        DJANGO_SETTINGS_MODULE="bench.settings_bench",
        SIANG_VAR_DIR=str(folder),
        SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONPATH=str(ROOT),
    )
    os.environ.update(env)
    if env["DATABASE_URL"].startswith("postgres"):
        _create_database(env["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from siang.accounts.demo import ensure_personas

    call_command("migrate", verbosity=0)
    board = _seed()["board"]
    admin = dict((persona.key, user) for persona, user in ensure_personas())["admin_a"]
    csrf = secrets.token_hex(16)  # 32 characters: Django's unmasked form of a CSRF secret
    cookies = {"sessionid": _staff_session(admin), "csrftoken": csrf, "siang_lang": "en"}
    paths = {name: _points(admin, ATTACKERS * REPORTS) for name in ATTACKS}
    connection.close()
    payloads = {name: [_png(size)] * count for name, (size, count) in ATTACKS.items()}

    server = _start_server(env, PORT, int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)))
    base = f"http://127.0.0.1:{PORT}"
    form = f"{base}/f/{board.token}"
    rows = []
    try:
        _measure(form, 2)  # warm up every worker
        baseline = _measure(form, BASELINE_SECONDS)
        rows.append(("baseline: no attack", None, BASELINE_SECONDS, baseline))
        for name, photos in payloads.items():
            own = [paths[name][n * REPORTS : (n + 1) * REPORTS] for n in range(ATTACKERS)]
            outcome: dict[str, Counter[str]] = {}
            attack = functools.partial(_attack, base, own, photos, cookies)
            started = time.perf_counter()
            timings = _measure(form, during=functools.partial(_keep, outcome, attack))
            rows.append((name, outcome["o"], time.perf_counter() - started, timings))
    finally:
        _stop_server(server)
    return _report(rows, baseline)


def _report(rows: list[tuple[str, Counter[str] | None, float, Timings]], baseline: Timings) -> int:
    workers = 2 * (os.cpu_count() or 1) + 1
    print(
        f"pixel bombs: gunicorn ({workers} sync workers) on 127.0.0.1:{PORT}; citizens open the form"
        f" page {CITIZEN_RATE:g} times a second; {ATTACKERS} Admins × {REPORTS} reports each"
    )
    print(
        f"{'':<36} {'refused':>7} {'busy':>5} {'accepted':>8} {'errors':>6} {'seconds':>7}"
        f" {'GETs':>6} {'p50 ms':>8} {'p99 ms':>9} {'worst ms':>9} {'failed':>6} {'p99 × base':>10}"
    )
    _, _, base_p99, _ = baseline.summary()
    failed = False
    for name, outcome, seconds, timings in rows:
        count, p50, p99, worst = timings.summary()
        sent = outcome or Counter()
        print(
            f"{name:<36} {sent['refused']:>7} {sent['busy']:>5} {sent['accepted']:>8} {sent['error']:>6}"
            f" {seconds:>7.1f}"
            f" {count:>6} {p50:>8.1f} {p99:>9.1f} {worst:>9.1f} {timings.failed:>6} {p99 / base_p99:>9.1f}×"
        )
        failed |= bool(sent["error"]) or timings.failed > 0
    return 1 if failed else 0


def run() -> int:
    """For bench/__main__.py: runs in its own process (its own settings and database)."""
    return subprocess.run([sys.executable, "-m", "bench.pixel_bombs"], cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
