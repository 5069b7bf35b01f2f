"""Comparing an authority with England, its region, its statistical neighbours and all LAs.

Conventions (decisions a reviewer must know):

- **Who is compared.** Only local authorities with a published number for that measure and
  year: figures carrying a status (`c`, `x`, `-`, `u` with no number...) are left out of every
  count, mean, median, rank and quartile, never read as zero. England and the regions are never
  part of the distribution. The number of authorities used is reported (`Position.out_of`), so
  "12th of 152" is always explicit; it changes year to year as authorities are created,
  abolished or suppressed.
- **Region.** The region on the authority's own row (its region in the data for that year);
  for London boroughs that is Inner or Outer London, as both LAIT and EES use.
- **Statistical neighbours** (data-standards.md 5.2): the unweighted mean and median of the
  published numbers of the authority's ten neighbours in the chosen model, and how many of the
  ten had a number. Neighbours that no longer exist or are suppressed simply do not count.
  Mean and median are not rounded; DfE shows them to the measure's usual decimals.
- **Quartiles**, as DfE's LAIT computes them: the 25th, 50th and 75th percentiles of the
  authorities' numbers by linear interpolation between order statistics (R's default quantile,
  type 7; the same as Python's `statistics.quantiles(method="inclusive")`). `quartile` is by
  value: 1 if value <= P25, 2 if P25 < value <= P50, 3 if P50 < value <= P75, 4 above P75, so
  a value equal to a cut point falls in the lower quartile and tied values always share one.
- **DfE's A-D banding** follows polarity: for "low is good" A is quartile 1 (lowest values)
  and D quartile 4; for "high is good" A is quartile 4 and D quartile 1. A is always the best
  quarter. A measure with no polarity has no band (`band` is None): the quartile is reported
  by value only and nothing is called better or worse.
- **Rank**: 1 + the number of authorities with a strictly better number, so ties share the
  better rank (1, 2, 2, 4: R's `ties.method = "min"`). "Better" is higher for "high is good"
  and lower for "low is good"; with no polarity rank 1 is the lowest value.
- **A value Clearsight computed itself** (`position_of_value`) is placed in the published
  distribution without joining it: the quartile cut points are those of the published
  numbers, the rank is 1 + the authorities with a strictly better number, and `out_of` counts
  the value itself (published authorities + 1). Pass `exclude` with the authority's own code so
  that its published figure for the same year does not compete with its own computed one.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from clearsight_analytics.benchmarks.figures import Figure, PublishedFigures
from clearsight_analytics.benchmarks.measures import Polarity
from clearsight_analytics.benchmarks.neighbours import NeighbourModel

Band = Literal["A", "B", "C", "D"]
_BANDS: tuple[Band, ...] = ("A", "B", "C", "D")
_ORDINALS = ("lowest", "second lowest", "second highest", "highest")


def quartile_cut_points(values: Sequence[float]) -> tuple[float, float, float]:
    """P25, P50, P75 by linear interpolation (type 7). One value is all three cut points."""
    if not values:
        raise ValueError("no values to take quartiles of")
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0], ordered[0], ordered[0]
    low, middle, high = statistics.quantiles(ordered, n=4, method="inclusive")
    return low, middle, high


def quartile_of(value: float, cut_points: tuple[float, float, float]) -> int:
    """1 to 4, by value: a value on a cut point belongs to the quartile below it."""
    low, middle, high = cut_points
    if value <= low:
        return 1
    if value <= middle:
        return 2
    if value <= high:
        return 3
    return 4


def band_of(quartile: int, polarity: Polarity) -> Band | None:
    """DfE's A (best quarter) to D (worst), or None when the measure has no polarity."""
    if polarity is Polarity.LOW_IS_GOOD:
        return _BANDS[quartile - 1]
    if polarity is Polarity.HIGH_IS_GOOD:
        return _BANDS[4 - quartile]
    return None


def rank_of(value: float, others: Sequence[float], polarity: Polarity) -> int:
    """1 + how many of `others` are strictly better (lower, with no polarity)."""
    if polarity is Polarity.HIGH_IS_GOOD:
        return 1 + sum(1 for other in others if other > value)
    return 1 + sum(1 for other in others if other < value)


@dataclass(frozen=True)
class Position:
    """Where a value sits among the local authorities with a published number."""

    value: float
    polarity: Polarity
    rank: int  # 1 = best; 1 = lowest value when the measure has no polarity
    out_of: int  # authorities ranked, the value's own place included
    quartile: int  # 1 = lowest quarter of values ... 4 = highest
    band: Band | None  # A = best quarter ... D = worst; None with no polarity
    cut_points: tuple[float, float, float]  # P25, P50, P75 of the published numbers

    @property
    def description(self) -> str:
        """Plain English, e.g. "in the best quarter of local authorities (band A)"."""
        if self.band is None:
            return (f"in the {_ORDINALS[self.quartile - 1]} quarter of local authorities by "
                    "value (this measure has no better or worse direction)")
        words = {"A": "best", "B": "second best", "C": "second worst", "D": "worst"}
        return f"in the {words[self.band]} quarter of local authorities (band {self.band})"


def position_in(value: float, published: Sequence[float], polarity: Polarity, *,
                value_is_published: bool) -> Position:
    """Place `value` among the published numbers (see the module docstring)."""
    cut_points = quartile_cut_points(published)
    quartile = quartile_of(value, cut_points)
    out_of = len(published) if value_is_published else len(published) + 1
    return Position(value=value, polarity=polarity, rank=rank_of(value, published, polarity),
                    out_of=out_of, quartile=quartile, band=band_of(quartile, polarity),
                    cut_points=cut_points)


@dataclass(frozen=True)
class NeighbourFigure:
    code: str
    rank: int  # 1 = closest neighbour
    closeness: str | None
    figure: Figure | None  # None: nothing published for it that year

    @property
    def value(self) -> float | None:
        return self.figure.value if self.figure else None


@dataclass(frozen=True)
class NeighbourSummary:
    model: str  # "2021" or "2025"
    members: tuple[NeighbourFigure, ...]  # closest first
    mean: float | None  # unweighted, over members with a number
    median: float | None
    with_number: int  # how many members had a number

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass(frozen=True)
class Comparison:
    measure: str
    year: int
    authority_code: str
    polarity: Polarity
    authority: Figure | None  # its own published figure (number or status)
    england: Figure | None
    region: Figure | None
    neighbours: NeighbourSummary
    position: Position | None  # None when the authority has no published number


def neighbour_summary(figures: PublishedFigures, measure: str, year: int, authority: str,
                      model: NeighbourModel) -> NeighbourSummary:
    members = tuple(
        NeighbourFigure(code=n.code, rank=n.rank, closeness=n.closeness,
                        figure=figures.figure(measure, year, n.code))
        for n in model.neighbours_of(authority))
    numbers = [member.value for member in members if member.value is not None]
    return NeighbourSummary(
        model=model.name, members=members,
        mean=statistics.fmean(numbers) if numbers else None,
        median=statistics.median(numbers) if numbers else None,
        with_number=len(numbers))


def published_numbers(figures: PublishedFigures, measure: str, year: int,
                      exclude: str | None = None) -> list[float]:
    """Every local authority's published number for a measure and year."""
    return [figure.value for figure in figures.local_authorities(measure, year)
            if figure.value is not None and figure.area_code != exclude]


def compare(figures: PublishedFigures, measure: str, year: int, authority: str,
            model: NeighbourModel, polarity: Polarity) -> Comparison:
    """An authority's published figure beside England, its region, its neighbours, and its
    position among all authorities. KeyError if the model does not know the authority."""
    own = figures.figure(measure, year, authority)
    region_code = own.region_code if own else _region_of(figures, measure, authority)
    numbers = published_numbers(figures, measure, year)
    position = (position_in(own.value, numbers, polarity, value_is_published=True)
                if own is not None and own.value is not None and numbers else None)
    return Comparison(
        measure=measure, year=year, authority_code=authority, polarity=polarity,
        authority=own, england=figures.england(measure, year),
        region=figures.figure(measure, year, region_code) if region_code else None,
        neighbours=neighbour_summary(figures, measure, year, authority, model),
        position=position)


def position_of_value(figures: PublishedFigures, measure: str, year: int, value: float,
                      polarity: Polarity, exclude: str | None = None) -> Position | None:
    """Where a value Clearsight computed would sit among the published numbers; None when
    nothing is published for that measure and year."""
    numbers = published_numbers(figures, measure, year, exclude)
    if not numbers:
        return None
    return position_in(value, numbers, polarity, value_is_published=False)


def _region_of(figures: PublishedFigures, measure: str, authority: str) -> str | None:
    """The authority's region from its nearest-year row of the same measure."""
    for figure in reversed(figures.series(measure, authority)):
        if figure.region_code:
            return figure.region_code
    return None
