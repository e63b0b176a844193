"""The smoke test of `make cluster`: run `python -m tests.cluster_smoke` against a running cluster,
with its environment (`eval "$(bash ops/cluster.sh env)"`). CI runs it (.ci/run).

It checks, over HTTP against the two web nodes and with the real worker, beat, PostgreSQL, Redis
and S3 endpoint:
  1. an export requested on node 8101 is downloaded from node 8102;
  2. a poster bundle of 50 points is made in the background while the pages stay fast;
  3. a worker killed mid-job is restarted and the job completes exactly once;
  4. both nodes answer /readyz while the worker is stopped.
It prints what it measured; it asserts outcomes, not times.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

import django
import requests

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "siang.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.urls import reverse  # noqa: E402

from siang.accounts.models import Notification, User  # noqa: E402
from siang.audit.models import AuditEvent  # noqa: E402
from siang.exports.models import ExportJob, ExportOutcome, ExportStatus  # noqa: E402
from siang.servicepoints import services as points  # noqa: E402
from siang.servicepoints.models import Placement, ServicePoint  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NODES = ["http://127.0.0.1:8101", "http://127.0.0.1:8102"]
PIDS = ROOT / os.environ.get("CLUSTER_DIR", "var/cluster") / "pids"
POINTS = 50


def say(text: str) -> None:
    sys.stdout.write(f"-- {text}\n")
    sys.stdout.flush()


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    say(f"ok: {what}")


def signed_in(user: User) -> requests.Session:
    """A browser with a staff session (sessions live in the database: every node knows it)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    browser = requests.Session()
    browser.cookies.set(settings.SESSION_COOKIE_NAME, store.session_key)
    browser.cookies.set("siang_lang", "en")
    return browser


def post_form(browser: requests.Session, page: str, action: str, data: dict[str, str]) -> requests.Response:
    html = browser.get(page, timeout=30).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    check(token is not None, f"{page} has a form")
    assert token is not None
    return browser.post(
        action, data={"csrfmiddlewaretoken": token.group(1), **data}, allow_redirects=False, timeout=30
    )


def job_from(response: requests.Response) -> ExportJob:
    match = re.search(r"/exports/(\d+)/", response.headers.get("Location", ""))
    check(
        response.status_code == 302 and match is not None, "the request answers at once with the job's page"
    )
    assert match is not None
    return ExportJob.objects.get(pk=int(match.group(1)))


def wait_for(job: ExportJob, status: str, seconds: float = 180) -> ExportJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status == status:
            return job
        if job.status == ExportStatus.FAILED:
            raise SystemExit(f"FAILED: job {job.pk} failed: {job.error}")
        time.sleep(0.25)
    raise SystemExit(f"FAILED: job {job.pk} is {job.status}, not {status}, after {seconds} s")


def exactly_once(job: ExportJob) -> None:
    check(ExportOutcome.objects.filter(job=job).count() == 1, f"job {job.pk} has one outcome")
    check(
        AuditEvent.objects.filter(action="export_done", object_id=str(job.pk)).count() == 1,
        f"job {job.pk} has one audit event",
    )
    check(
        Notification.objects.filter(link=f"/exports/{job.pk}/").count() == 1,
        f"job {job.pk} has one notification",
    )


def worker_pid() -> int:
    for line in PIDS.read_text().splitlines():
        name, pid = line.split()
        if name == "worker":
            return int(pid)
    raise SystemExit("FAILED: no worker recorded")


def cluster(command: str) -> None:
    bash = shutil.which("bash") or "/bin/bash"
    subprocess.run([bash, str(ROOT / "ops" / "cluster.sh"), command], check=True)


def export_across_nodes(admin: User) -> None:
    say("1. an export asked for on 8101 is downloaded from 8102")
    browser = signed_in(admin)
    unit_id = admin.memberships.filter(status="approved").values_list("unit_id", flat=True).first()
    page = NODES[0] + reverse("exports_unit", args=[unit_id])
    start = NODES[0] + reverse("exports_unit_start", args=[unit_id])
    job = job_from(post_form(browser, page, start, {"kind": "responses_csv"}))
    wait_for(job, ExportStatus.DONE)
    say(f"made by {job.lease_owner}")
    download = browser.get(
        NODES[1] + reverse("exports_download", args=[job.pk]), allow_redirects=False, timeout=30
    )
    check(download.status_code == 302, "8102 checks access and redirects to a signed URL")
    check("X-Amz-Expires=60" in download.headers["Location"], "the URL is signed for 60 seconds")
    content = requests.get(download.headers["Location"], timeout=30).content
    check(content.count(b"\n") == job.total + 1, f"the file from the bucket has its {job.total} rows")
    exactly_once(job)


def fifty_points(admin: User) -> int:
    unit = admin.memberships.filter(status="approved").first().unit  # type: ignore[union-attr]
    have = ServicePoint.objects.filter(unit=unit, is_active=True).count()
    for number in range(have, POINTS):
        points.service_point_create(
            unit=unit, actor=admin, placement=Placement.WALKWAY, label=f"ทางเดิน {number + 1}"
        )
    return unit.pk


def timed_get(url: str) -> tuple[int, float]:
    started = time.perf_counter()
    status = requests.get(url, timeout=30).status_code
    return status, time.perf_counter() - started


def bundle_in_background(admin: User, unit_id: int) -> None:
    say(f"2. a poster bundle of {POINTS} points is made in the background")
    browser = signed_in(admin)
    page = NODES[0] + reverse("servicepoints_list", args=[unit_id])
    started = time.perf_counter()
    job = job_from(post_form(browser, page, NODES[0] + reverse("servicepoints_posters", args=[unit_id]), {}))
    asked = time.perf_counter() - started
    form = ServicePoint.objects.filter(unit_id=unit_id, is_active=True).first()
    assert form is not None
    times: list[float] = []
    while True:
        job.refresh_from_db()
        if job.status in (ExportStatus.DONE, ExportStatus.FAILED):
            break
        for node in NODES:
            status, seconds = timed_get(node + reverse("feedback_form", args=[form.token]))
            if status != 200:
                raise SystemExit(f"FAILED: the citizen form answered {status} on {node} during the bundle")
            times.append(seconds)
        time.sleep(0.2)
    wait_for(job, ExportStatus.DONE)
    made = (job.finished_at - job.started_at).total_seconds() if job.finished_at and job.started_at else 0
    say(
        f"measured: the request answered in {asked:.2f} s; the worker made {job.total} posters in {made:.1f} s; "
        f"{len(times)} citizen-form requests meanwhile, median {statistics.median(times or [0]) * 1000:.0f} ms, "
        f"slowest {max(times or [0]) * 1000:.0f} ms"
    )
    check(job.total == POINTS and len(times) > 0, "the pages answered while the worker made the bundle")
    exactly_once(job)


def worker_killed_mid_job(admin: User, unit_id: int) -> None:
    say("3. a worker killed mid-job: the job completes once after a restart")
    browser = signed_in(admin)
    page = NODES[1] + reverse("servicepoints_list", args=[unit_id])
    job = job_from(post_form(browser, page, NODES[1] + reverse("servicepoints_zip", args=[unit_id]), {}))
    wait_for(job, ExportStatus.RUNNING, seconds=60)
    time.sleep(0.3)  # well inside the job: 50 posters and their QR codes take seconds
    pid = worker_pid()
    os.killpg(pid, signal.SIGKILL)  # the worker and its pool, with no chance to clean up
    say(f"killed the worker (process group {pid}) while job {job.pk} was running")
    cluster("stop-worker")  # forget the dead one
    time.sleep(1)
    job.refresh_from_db()
    check(job.status == ExportStatus.RUNNING, "the job is left running under a lease nobody renews")
    cluster("start-worker")
    wait_for(job, ExportStatus.DONE, seconds=240)
    check(job.attempts >= 2, f"taken over after the lease expired (attempt {job.attempts})")
    exactly_once(job)


def ready_without_worker() -> None:
    say("4. both nodes answer /readyz while the worker is stopped")
    cluster("stop-worker")
    try:
        for node in NODES:
            check(requests.get(f"{node}/readyz", timeout=10).status_code == 200, f"{node}/readyz is 200")
    finally:
        cluster("start-worker")


def main() -> None:
    admin = User.objects.get(username="demo-admin_a")
    export_across_nodes(admin)
    unit_id = fifty_points(admin)
    bundle_in_background(admin, unit_id)
    worker_killed_mid_job(admin, unit_id)
    ready_without_worker()
    say("the cluster smoke test passed")


if __name__ == "__main__":
    sys.exit(main())
