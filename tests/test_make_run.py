"""`make run`: the printed codes point to the port it serves on, a taken port is told at once."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

from tests.test_shell import _run_django

ROOT = Path(__file__).resolve().parent.parent


def _make(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"PORT", "SITE_URL", "MAKEFLAGS", "MAKELEVEL"}}
    clean.update(env)
    return subprocess.run(
        [shutil.which("make") or "/usr/bin/make", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _commands(output: str, command: str) -> list[str]:
    return [line for line in output.splitlines() if f"manage.py {command}" in line]


def test_make_run_on_another_port_puts_that_port_in_every_printed_address():
    planned = _make("--dry-run", "run", PORT="8765").stdout
    for command in ("demo_data", "runserver"):
        (line,) = _commands(planned, command)
        assert "SITE_URL=http://127.0.0.1:8765 " in line, line
    assert _commands(planned, "runserver")[0].endswith("runserver 127.0.0.1:8765")


def test_make_run_keeps_a_site_url_that_is_given():
    planned = _make("--dry-run", "run", PORT="8765", SITE_URL="https://siang.example.go.th").stdout
    assert "SITE_URL=https://siang.example.go.th " in _commands(planned, "runserver")[0]


def test_make_run_says_at_once_when_the_port_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = _make("port-free", PORT=port)
    assert result.returncode != 0
    assert f"Port {port} on 127.0.0.1 is already in use" in result.stdout
    planned = _make("--dry-run", "run", PORT=port).stdout
    assert planned.index("socket") < planned.index("manage.py migrate"), "told before the setup"


def test_a_free_port_passes_the_check():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    assert _make("port-free", PORT=port).returncode == 0


def test_django_log_lines_are_printed_once_in_development(tmp_path):
    """`make run` printed "Watching for file changes" twice: Django's handler and ours."""
    result = _run_django(
        "import logging; logging.getLogger('django.utils.autoreload').info('Watching for file changes')",
        DEBUG="1",
        SIANG_VAR_DIR=str(tmp_path),
    )
    assert result.stderr.count("Watching for file changes") == 1, result.stderr
