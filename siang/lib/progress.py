"""A small progress indicator for long management commands, with no dependency.

On a terminal it redraws one bar in place; in a log (not a TTY) it prints a line at every
quarter, so CI logs stay short.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

_LOG_STEPS = (25, 50, 75, 100)


class ProgressBar:
    def __init__(self, *, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self.interactive = _is_tty(self.stream)
        self._logged: set[int] = set()
        self._last_draw = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int) -> None:
        """Report that `done` of `total` items are finished."""
        percent = 100 if total <= 0 else min(100, done * 100 // total)
        if self.interactive:
            self._draw(done, total, percent)
        else:
            self._log(percent)

    def close(self) -> None:
        if self.interactive and self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def _draw(self, done: int, total: int, percent: int) -> None:
        now = time.monotonic()
        if percent < 100 and now - self._last_draw < 0.05:
            return
        self._last_draw = now
        filled = self.width * percent // 100
        bar = "█" * filled + "░" * (self.width - filled)
        self.stream.write(f"\r{self.label} {bar} {percent:3d}% {done:,}/{total:,}")
        self.stream.flush()
        self._drawn = True

    def _log(self, percent: int) -> None:
        for step in _LOG_STEPS:
            if percent >= step and step not in self._logged:
                self._logged.add(step)
                self.stream.write(f"{self.label}: {step}%\n")
        self.stream.flush()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _is_tty(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
