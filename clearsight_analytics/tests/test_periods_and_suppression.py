from datetime import date

import pytest

from clearsight_analytics import (
    SUPPRESSED,
    CollectionYear,
    collection_year_containing,
    suppress_small,
)


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 3, 31), "2025-26"),
        (date(2026, 4, 1), "2026-27"),
        (date(2026, 11, 22), "2026-27"),
    ],
)
def test_collection_year(day, label):
    year = collection_year_containing(day)
    assert year.label == label
    assert day in year


def test_collection_year_bounds():
    year = CollectionYear(2026)
    assert (year.start, year.end) == (date(2025, 4, 1), date(2026, 3, 31))


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (120, 120)]
)
def test_small_numbers_are_suppressed(count, shown):
    assert suppress_small(count) == shown


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="negative"):
        suppress_small(-1)
