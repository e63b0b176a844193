"""The comment detector (issue 18): precision and recall on the development and held-out sets,
each with its Wilson 95% interval, and the time per comment by length.

The held-out set (tests/data/comment_signals_heldout.csv) was written and committed before any
rule; the rules were tuned on the development set (tests/data/comment_signals_dev.csv). The
lexicon is the one the data migration ships, read from the database like the app reads it.
Times are the detector alone (normalising, matching, PyThaiNLP for negation scope), p50 and p99
over comments of each length, built from the sets' own comments.
"""

from __future__ import annotations

import csv
import random
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from siang.casework.comments import MAX_COMMENT, detect
from siang.casework.lexicon import active_terms
from siang.reporting.stats import wilson_interval

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = (("development", "comment_signals_dev.csv"), ("held-out", "comment_signals_heldout.csv"))
LENGTHS = (50, 200, 500, 1000, MAX_COMMENT)
RUNS_PER_LENGTH = 300


@dataclass(frozen=True)
class Scores:
    true_positive: int
    false_positive: int
    false_negative: int
    total: int

    def precision(self) -> str:
        return _share(self.true_positive, self.true_positive + self.false_positive)

    def recall(self) -> str:
        return _share(self.true_positive, self.true_positive + self.false_negative)


def _share(good: int, n: int) -> str:
    interval = wilson_interval(good, n)
    if interval is None:
        return "n/a"
    return f"{good / n:.3f} ({good}/{n}; 95% CI {interval[0]:.3f}–{interval[1]:.3f})"


def read_set(name: str) -> list[tuple[str, bool]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as handle:
        return [(row["comment"], row["signal"] == "1") for row in csv.DictReader(handle)]


def score(rows: list[tuple[str, bool]]) -> Scores:
    terms = active_terms()
    tp = fp = fn = 0
    for comment, expected in rows:
        found = detect(comment, terms).signal
        tp += found and expected
        fp += found and not expected
        fn += expected and not found
    return Scores(tp, fp, fn, len(rows))


def comments_of_length(length: int, pool: list[str], rng: random.Random) -> str:
    text = ""
    while len(text) < length:
        text += rng.choice(pool) + " "
    return text[:length]


def timing() -> None:
    terms = active_terms()
    pool = [comment for _name, file in SETS for comment, _signal in read_set(file)]
    rng = random.Random(18)
    detect(pool[0], terms)  # compile the lexicon once, as a running app has
    print(f"{'length (characters)':<24}{'p50 ms':>10}{'p99 ms':>10}")
    for length in LENGTHS:
        times = []
        for _run in range(RUNS_PER_LENGTH):
            comment = comments_of_length(length, pool, rng)
            started = time.perf_counter()
            detect(comment, terms)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p99 = times[int(len(times) * 0.99) - 1]
        print(f"{length:<24}{statistics.median(times):>10.3f}{p99:>10.3f}")


def run() -> int:
    for label, file in SETS:
        rows = read_set(file)
        scores = score(rows)
        positives = sum(expected for _comment, expected in rows)
        print(f"{label} set: {scores.total} comments, {positives} positives")
        print(f"  precision {scores.precision()}")
        print(f"  recall    {scores.recall()}")
    print("\nTime per comment (the detector, after the response is stored):")
    timing()
    return 0
