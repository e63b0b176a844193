"""The shell: health check, language, security headers, settings, migrations."""

from __future__ import annotations

import copy
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import unquote

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from siang.env import redis_caches

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_reports_each_part_healthy(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "storage", "tasks"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.parametrize(
    "caches",
    [
        {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",
            }
        },
        redis_caches("redis://127.0.0.1:1/0"),  # production's, which lets other requests go on
    ],
)
def test_healthz_answers_503_when_the_cache_is_down(client, db, caches):
    with override_settings(CACHES=caches):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failing"
    assert body["checks"]["cache"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_healthz_answers_503_when_storage_cannot_be_written(client, db, settings, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["checks"]["storage"]["ok"] is False


class DatabaseAddress:
    """Sends the database connection somewhere else (as an outage would), and back."""

    def __init__(self) -> None:
        self.settings = connection.settings_dict  # the dict every thread's connection reads
        self.saved = copy.deepcopy(self.settings)

    def move(self, **changes) -> None:
        connection.close()
        self.settings.update(changes)

    def restore(self) -> None:
        self.move(**self.saved)


@pytest.fixture
def database_address():
    address = DatabaseAddress()
    yield address
    address.restore()


def _healthz_checks(client) -> tuple[int, dict]:
    response = client.get(reverse("healthz"))
    return response.status_code, response.json()["checks"]


@pytest.mark.django_db(transaction=True)
def test_healthz_reports_the_database_lost_and_back(client, database_address, tmp_path):
    assert _healthz_checks(client)[0] == 200
    if connection.vendor == "sqlite":
        database_address.move(NAME=str(tmp_path / "no-such-folder" / "siang.sqlite3"))
    else:
        with socket.socket() as probe:  # a port nothing listens on: PostgreSQL is down
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        database_address.move(PORT=str(port))

    status, checks = _healthz_checks(client)
    assert status == 503
    assert checks["database"] == {"ok": False, "error": "OperationalError"}
    assert checks["cache"]["ok"] and checks["storage"]["ok"]

    database_address.restore()
    status, checks = _healthz_checks(client)
    assert status == 200 and checks["database"]["ok"]


ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL ends its connections when it restarts")
@pytest.mark.django_db(transaction=True)
def test_healthz_reports_a_connection_the_server_ended_then_connects_anew(client):
    assert _healthz_checks(client)[0] == 200
    with connection.cursor() as cursor:  # what a restart does to every open connection
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    status, checks = _healthz_checks(client)
    assert status == 503 and checks["database"]["ok"] is False
    status, checks = _healthz_checks(client)
    assert status == 200 and checks["database"]["ok"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL's connect timeout")
@pytest.mark.django_db(transaction=True)
def test_healthz_does_not_wait_for_a_database_that_never_answers(client, database_address):
    # A server that takes the connection and says nothing, as PostgreSQL can while it restarts.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        database_address.move(PORT=str(silent.getsockname()[1]))
        answers: list[tuple[int, dict]] = []
        asking = threading.Thread(target=lambda: answers.append(_healthz_checks(Client())), daemon=True)
        asking.start()
        asking.join(timeout=120)  # far beyond the connect timeout: only a hang gets here
        assert answers, "/healthz was still waiting for the database"
    status, checks = answers[0]
    assert status == 503 and checks["database"]["ok"] is False


def test_thai_is_the_default_whatever_the_browser_asks(client, phrae):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "th"
    assert "บอกเราว่าได้รับบริการอย่างไร" in response.content.decode()


def test_language_switch_keeps_the_page_and_the_choice(client, phrae):
    target = reverse("unit_search") + "?q=แพร่"
    response = client.get(reverse("switch_language", args=["en"]), {"next": target})
    assert response.status_code == 302
    assert unquote(response["Location"]) == target
    assert response.cookies["siang_lang"].value == "en"
    page = client.get(target).content.decode()
    assert "Find a service unit" in page
    back = client.get(reverse("switch_language", args=["th"]), {"next": target})
    assert back.cookies["siang_lang"].value == "th"
    assert "ค้นหาหน่วยบริการ" in client.get(target).content.decode()


def test_language_switch_never_redirects_off_site(client, db):
    response = client.get(reverse("switch_language", args=["en"]), {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_language_switch_ignores_an_unknown_language(client, db):
    response = client.get(reverse("switch_language", args=["xx"]), {"next": "/"})
    assert "siang_lang" not in response.cookies


def test_security_headers_on_every_response(client, db):
    response = client.get(reverse("home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_no_pending_migrations(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _run_django(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SIANG_ENV", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'siang.settings'); django.setup(); {code}",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "SIANG_ENV": "production",
        "SECRET_KEY": "k" * 20 + "-Zq8v!x3Lw9@pT2#nR7$mB4%hJ6^cF1&dS5*",
        "ALLOWED_HOSTS": "siang.example.go.th",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        "SIANG_VAR_DIR": str(tmp_path),
        "THAID_CLIENT_ID": "siang-production-client",
        "THAID_CLIENT_SECRET": "a-long-secret-from-dopa",
        "CITIZEN_ID_KEY": "q8n3xTQb7v0m2QnUXh6kW1nq5Yl4s0o9fJr3cV1dE2A=",
        "FEEDBACK_CONTACT_KEY": "Vb2kq9x4Lw7pT1nR5mB8hJ3cF6dS0aZ2yX4uE7iO9gM=",
        "SITE_URL": "https://siang.example.go.th",
    }


def test_debug_is_off_unless_asked_for(tmp_path):
    result = _run_django(
        "from django.conf import settings; print(settings.DEBUG)", SIANG_VAR_DIR=str(tmp_path)
    )
    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize("secret", ["SECRET_KEY", "CITIZEN_ID_KEY", "FEEDBACK_CONTACT_KEY"])
def test_production_refuses_to_start_without_its_secret(tmp_path, secret):
    env = _production_env(tmp_path)
    del env[secret]
    result = _run_django("pass", **env)
    assert result.returncode != 0
    assert f"Set the environment variable {secret}" in result.stderr


def test_production_refuses_the_thaid_sandbox(tmp_path):
    result = _run_django("pass", **_production_env(tmp_path), THAID_SANDBOX="1")
    assert result.returncode != 0
    assert "THAID_SANDBOX must be off in production" in result.stderr


def _run_in_production(tmp_path: Path, *command: str) -> subprocess.CompletedProcess[str]:
    """`command` in the project folder with production settings, without this run's database."""
    dropped = {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "WEB_CONCURRENCY"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(_production_env(tmp_path))
    return subprocess.run(
        list(command), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _run_in_production(
        tmp_path, sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_gunicorn_serves_production_with_the_projects_config(tmp_path):
    """`gunicorn siang.wsgi` from the project folder: sync workers, 2 × cores + 1 of them."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    result = _run_in_production(tmp_path, gunicorn, "siang.wsgi", "--print-config")
    assert result.returncode == 0, result.stderr
    config = {
        name.strip(): value.strip()
        for name, _, value in (line.partition(" = ") for line in result.stdout.splitlines())
        if value
    }
    assert config["worker_class"] == "sync"
    assert int(config["workers"]) == 2 * (os.cpu_count() or 1) + 1
    assert int(config["timeout"]) == 60
    # what gunicorn reads before Django: the request line and headers (the proxy caps the body)
    assert int(config["limit_request_line"]) == 4094
    assert int(config["limit_request_fields"]) == 50
    assert int(config["limit_request_field_size"]) == 8190


def test_demo_data_is_idempotent(personas, capsys):
    from siang.accounts.models import Membership, User
    from siang.casework.models import Case
    from siang.feedback.models import Feedback
    from siang.servicepoints.models import ServicePoint

    def counts():
        return [model.objects.count() for model in (User, Membership, ServicePoint, Feedback, Case)]

    call_command("demo_data", responses=1000)
    first = counts()
    call_command("demo_data", responses=1000)
    assert counts() == first
    users, memberships, points, feedback, cases = first
    assert (users, memberships) == (len(personas), 6) and points >= 4 and feedback == 1000 and cases >= 1
    out = capsys.readouterr().out
    assert "นางมาลี ใจงาม" in out and "เทศบาลเมืองแพร่" in out and "1000 responses added" in out


def test_demo_personas_hold_the_roles_of_design(personas):
    roles = {key: [(m.role, m.status) for m in user.memberships.all()] for key, user in personas.items()}
    assert roles["pacc"] == [("pacc_officer", "approved")]
    assert roles["admin_a"] == [("unit_admin", "approved")]
    assert roles["newcomer"] == []
    assert (
        personas["admin_a"].memberships.get().unit.dla_code
        != personas["admin_b"].memberships.get().unit.dla_code
    )
