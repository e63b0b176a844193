"""Wilson intervals against published values; shares and means with their sample sizes."""

from __future__ import annotations

import pytest

from siang.reporting.stats import MIN_SAMPLE, Mean, Share, wilson_interval


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Values from Newcombe (1998), Statistics in Medicine 17:857–872, table I (method 3).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (10, 10, 0.7225, 1.0),
    ],
)
def test_wilson_interval_matches_published_values(successes, n, low, high):
    got_low, got_high = wilson_interval(successes, n)
    assert got_low == pytest.approx(low, abs=1e-4)
    assert got_high == pytest.approx(high, abs=1e-4)


def test_no_answers_has_no_interval():
    assert wilson_interval(0, 0) is None
    assert Share(0, 0).value is None
    assert Share(0, 0).low is None


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError, match="between 0 and n"):
        wilson_interval(5, 3)


def test_a_share_from_many_responses_has_a_narrower_interval():
    few, many = Share(9, 10), Share(900, 1000)
    assert few.value == many.value == 0.9
    assert many.low > few.low
    assert many.high < few.high


def test_below_the_minimum_sample_a_figure_is_not_enough_to_rank():
    assert not Share(MIN_SAMPLE - 1, MIN_SAMPLE - 1).enough
    assert Share(0, MIN_SAMPLE).enough
    assert Mean(4 * MIN_SAMPLE, MIN_SAMPLE).value == 4
    assert not Mean(10, 3).enough
    assert Mean(0, 0).value is None
