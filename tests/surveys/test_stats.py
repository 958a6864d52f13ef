"""The index arithmetic on hand-worked numbers."""

from __future__ import annotations

import pytest

from cchc.surveys.stats import Share, sample_size, wilson


def test_wilson_interval_of_8_out_of_10():
    # p = 0.8, z = 1.96: centre = (0.8 + 3.8416/20) / 1.38416 = 0.71674,
    # half = 1.96 * sqrt(0.016 + 0.009604) / 1.38416 = 0.22658 → [0.4902, 0.9433].
    low, high = wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=5e-4)
    assert high == pytest.approx(0.9433, abs=5e-4)


def test_wilson_edges():
    assert wilson(0, 0) is None
    low, high = wilson(0, 20)
    assert low == 0.0 and high == pytest.approx(0.1611, abs=5e-4)
    low, high = wilson(20, 20)
    assert high == 1.0 and low == pytest.approx(0.8389, abs=5e-4)
    with pytest.raises(ValueError):
        wilson(11, 10)


def test_sample_size_for_five_percent_at_95():
    # n0 = 1.96² · 0.5 · 0.5 / 0.05² = 384.15 → 385 people.
    assert sample_size() == 385
    # Finite population of 1,000 visits: 384.15 / (1 + 383.15 / 1000) = 277.7 → 278.
    assert sample_size(population=1000) == 278
    # A known share of 0.9: 1.96² · 0.09 / 0.0025 = 138.3 → 139.
    assert sample_size(p=0.9) == 139
    with pytest.raises(ValueError):
        sample_size(margin=0)


def test_share_percent_and_empty_share():
    share = Share(satisfied=5, answered=9)
    assert share.percent == 55.6
    assert Share(0, 0).index is None and Share(0, 0).interval is None
