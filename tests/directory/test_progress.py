"""The progress indicator of load_units (siang.lib.progress)."""

from __future__ import annotations

import io

from siang.lib.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_per_quarter_only():
    stream = io.StringIO()
    with ProgressBar(label="Units", stream=stream) as bar:
        for done in range(0, 1001, 10):
            bar(done, 1000)

    assert stream.getvalue() == "Units: 25%\nUnits: 50%\nUnits: 75%\nUnits: 100%\n"


def test_a_terminal_gets_one_bar_redrawn_in_place():
    stream = Terminal()
    with ProgressBar(label="Units", stream=stream, width=10) as bar:
        bar(0, 200)
        bar(200, 200)

    text = stream.getvalue()
    assert text.startswith("\rUnits ░░░░░░░░░░   0% 0/200")
    assert text.endswith("\rUnits ██████████ 100% 200/200\n")
    assert text.count("\n") == 1


def test_an_empty_job_is_complete():
    stream = io.StringIO()
    ProgressBar(label="Units", stream=stream)(0, 0)
    assert stream.getvalue().endswith("Units: 100%\n")
