"""Figures that are fair to compare: a share with its Wilson 95% interval, a mean with its n.

A unit with few responses can score 100% by chance; below MIN_SAMPLE responses a figure is shown
as "too few responses" and the unit is not ranked. Ranks use the interval's lower bound, so a
share from many responses beats the same share from few.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_SAMPLE = 30
Z_95 = 1.959963984540054


def wilson_interval(successes: int, n: int, *, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval for successes / n; None when n is 0."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be between 0 and n, got {successes} of {n}")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Share:
    """`good` of `n` (e.g. rated 4 or 5 of those who answered)."""

    good: int
    n: int

    @property
    def value(self) -> float | None:
        return self.good / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return wilson_interval(self.good, self.n)

    @property
    def low(self) -> float | None:
        interval = self.interval
        return interval[0] if interval else None

    @property
    def high(self) -> float | None:
        interval = self.interval
        return interval[1] if interval else None

    @property
    def enough(self) -> bool:
        return self.n >= MIN_SAMPLE


@dataclass(frozen=True)
class Mean:
    """The mean of `n` answers summing to `total`."""

    total: int
    n: int

    @property
    def value(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def enough(self) -> bool:
        return self.n >= MIN_SAMPLE
