from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def percentiles(action: Callable[[str], object], inputs: list[str]) -> tuple[float, float]:
    """p50 and p95 in milliseconds of `action` over `inputs`."""
    times = sorted(seconds(lambda value=value: action(value)) * 1000 for value in inputs)
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def line(name: str, figure: str, baseline: str = "", ratio: float | None = None) -> None:
    """One figure; with a baseline, the ratio baseline ÷ figure (above 1 means faster than it)."""
    compared = f"   baseline {baseline:>10}   ×{ratio:,.1f}" if ratio is not None else ""
    print(f"{name:<48} {figure:>10}{compared}")
