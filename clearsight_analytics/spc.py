"""Statistical process control for indicator trends: the XmR chart, as "Making Data Count" uses it.

A manager looking at a monthly indicator needs to tell a real change (special cause) from the
ordinary wobble of the process (common cause). `xmr()` takes an ordered series and returns the
centre line, the process limits, every point's special-cause signals and a two-icon summary
(variation of the latest point; assurance against a target).

The maths (all from the baseline: see below):

- mean: the average of the baseline values (the centre line);
- moving ranges: |x[i] - x[i-1]| for each pair of neighbouring baseline values;
- average moving range (mR-bar); sigma = mR-bar / 1.128;
- process limits: mean +/- 2.66 x mR-bar (that is, 3 sigma);
- "beyond two sigma": further from the mean than mean +/- 2 sigma.

Conventions, stated once:

- **Baseline.** The mean and limits come from the baseline only (default: every point; or the
  first N points; or an inclusive range of labels) and are then applied to every point, so a
  change after a fixed baseline shows up as a signal. A first-N baseline longer than the series
  uses what there is.
- **Missing values** (None) are shown as gaps. A missing value is left out of the mean, and no
  moving range spans it (x[i] - x[i-1] needs both neighbours). A gap also breaks every sequence
  rule: runs, trends and two-out-of-three are looked for only inside unbroken stretches of
  consecutive values, so points either side of a gap are never counted together.
- **Minimum points.** Limits need at least `Rules.minimum_points` baseline values (default 12)
  and at least one moving range. Below that the result says `limits_reliable=False`; the limits
  are still given when they can be computed (for information) but are not used: no
  outside-the-limits or two-out-of-three signals, and no assurance. Runs and trends only need
  the order of the points and the mean, so they are still reported (a run of 7 above the mean of
  10 points is still worth knowing about). With no baseline value at all there is no mean and
  no signal.
- **On the mean.** A point exactly on the mean belongs to neither side: it breaks a run and does
  not start one. "Exactly" allows for floating-point rounding (a relative tolerance of 1e-9),
  and the same tolerance applies when a point is compared with a limit or a two-sigma line.
- **Outside / beyond** is strict: a point equal to a limit is not outside it.
- **Trends** count points, not steps: 6 points = 5 rises in a row. Equal neighbouring values (a
  tie) break a trend; the second of the tied points may start the next one.
- **Two out of three:** in any three consecutive points, two or three beyond the same two-sigma
  line (points beyond the process limit count too). The points beyond the line are flagged; the
  third point of the window, inside the line, is not.
- **Floor and ceiling** (`Rules.floor`, `Rules.ceiling`, e.g. 0 and 100 for a percentage):
  limits and two-sigma lines beyond them are **clipped** to them, and the rules use the clipped
  figures. Because "outside" is strict, a value sitting on the floor is never outside a limit
  clipped to that floor. `Limits.lower_clipped`/`upper_clipped` say when it happened.
- **Zero spread.** If every baseline value is the same, the average moving range is 0 and the
  limits sit on the mean; any later value that differs is outside them.
- **One direction per point.** A point can belong to several signals. Its colour and icon come
  from the rule that needs the fewest points (outside the limits, then two out of three, then
  trend, then run), which describes the most recent behaviour; all its signals are kept.
- **Meeting a target:** a value equal to the target meets it.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache
from itertools import pairwise
from typing import Final

LIMITS_FACTOR: Final = 2.66  # 3 / d2: process limits = mean +/- 2.66 x average moving range
D2: Final = 1.128  # the bias constant d2 for ranges of two: sigma = average moving range / d2
TOLERANCE: Final = 1e-9  # relative, for "on the mean" and "on the limit"


class Polarity(Enum):
    """Which direction is better. The values match the indicator catalogue's words."""

    HIGHER_IS_BETTER = "high"
    LOWER_IS_BETTER = "low"
    NEITHER = "neither"


class Rule(Enum):
    """The special-cause rules, in order of precedence (fewest points first)."""

    OUTSIDE_LIMITS = "outside_limits"
    TWO_OF_THREE = "two_of_three"
    TREND = "trend"
    RUN = "run"


class Side(Enum):
    HIGH = "high"  # above the mean, beyond the upper line, or increasing
    LOW = "low"


class PointKind(Enum):
    MISSING = "missing"
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEUTRAL = "neutral"  # special cause on an indicator where neither direction is better


class Variation(Enum):
    """The variation icon: what the latest point with a value shows."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEUTRAL_HIGH = "neutral_high"
    NEUTRAL_LOW = "neutral_low"
    NONE = "none"  # no value yet, or too few points to judge


class Assurance(Enum):
    """The assurance icon: can the process be relied on to meet the target?"""

    CONSISTENTLY_MEETS = "consistently_meets"
    CONSISTENTLY_FAILS = "consistently_fails"
    HIT_AND_MISS = "hit_and_miss"
    NONE = "none"  # no target, no better direction, or limits not reliable


VARIATION_TEXT: Final[dict[Variation, str]] = {
    Variation.COMMON_CAUSE: "Common cause variation: no sign of change beyond the usual ups "
    "and downs",
    Variation.IMPROVEMENT_HIGH: "Special cause variation: improvement (higher)",
    Variation.IMPROVEMENT_LOW: "Special cause variation: improvement (lower)",
    Variation.CONCERN_HIGH: "Special cause variation: concern (higher)",
    Variation.CONCERN_LOW: "Special cause variation: concern (lower)",
    Variation.NEUTRAL_HIGH: "Special cause variation: higher (neither better nor worse)",
    Variation.NEUTRAL_LOW: "Special cause variation: lower (neither better nor worse)",
    Variation.NONE: "Variation not judged yet: not enough data",
}

ASSURANCE_TEXT: Final[dict[Assurance, str]] = {
    Assurance.CONSISTENTLY_MEETS: "Target met consistently: the whole range between the "
    "process limits meets it, so it will be met every month unless the process changes",
    Assurance.CONSISTENTLY_FAILS: "Target missed consistently: the whole range between the "
    "process limits misses it, so it will not be met unless the process changes",
    Assurance.HIT_AND_MISS: "Target hit and miss: it lies between the process limits, so "
    "some months will meet it and others miss it by chance alone",
    Assurance.NONE: "No assurance against a target",
}


@dataclass(frozen=True)
class Point:
    label: str  # e.g. "2025-04"; unique within a series
    value: float | None  # None: missing


@dataclass(frozen=True)
class Baseline:
    """Which points the mean and limits come from. Default: all of them.

    Use `Baseline.first_points(12)` or `Baseline.between("2024-04", "2025-03")` (inclusive;
    either end may be None for "from the start" or "to the end").
    """

    first: int | None = None
    start: str | None = None
    end: str | None = None

    def __post_init__(self) -> None:
        if self.first is not None and (self.start is not None or self.end is not None):
            raise ValueError("a baseline is either the first N points or a range of labels")
        if self.first is not None and self.first < 1:
            raise ValueError("a baseline needs at least one point")

    @classmethod
    def all_points(cls) -> "Baseline":
        return cls()

    @classmethod
    def first_points(cls, count: int) -> "Baseline":
        return cls(first=count)

    @classmethod
    def between(cls, start: str | None, end: str | None) -> "Baseline":
        return cls(start=start, end=end)

    def positions(self, labels: Sequence[str]) -> range:
        """The indices of the baseline points within a series with these labels."""
        if not labels:
            return range(0)
        if self.first is not None:
            return range(min(self.first, len(labels)))
        index = {label: position for position, label in enumerate(labels)}
        for label in (self.start, self.end):
            if label is not None and label not in index:
                raise ValueError(f"the baseline label {label!r} is not in the series")
        first = 0 if self.start is None else index[self.start]
        last = len(labels) - 1 if self.end is None else index[self.end]
        if first > last:
            raise ValueError("the baseline starts after it ends")
        return range(first, last + 1)


@dataclass(frozen=True)
class Rules:
    """Which special-cause rules apply, and their thresholds."""

    run_length: int = 7  # 7 (Making Data Count) or 8 (some other guides)
    trend_length: int = 6
    two_of_three: bool = True
    minimum_points: int = 12  # baseline values needed before the limits are used
    floor: float | None = None  # limits are clipped to these (e.g. 0 and 100 for percentages)
    ceiling: float | None = None

    def __post_init__(self) -> None:
        if self.run_length < 2:
            raise ValueError("a run needs at least 2 points")
        if self.trend_length < 3:
            raise ValueError("a trend needs at least 3 points")
        if self.minimum_points < 2:
            raise ValueError("limits need at least 2 points")
        if self.floor is not None and self.ceiling is not None and self.floor >= self.ceiling:
            raise ValueError("the floor must be below the ceiling")


@dataclass(frozen=True)
class Limits:
    mean: float
    average_moving_range: float
    sigma: float
    lower: float  # process limits, after clipping
    upper: float
    lower_two_sigma: float  # the "near the limit" lines, after clipping
    upper_two_sigma: float
    moving_ranges: int  # how many moving ranges the average is over
    lower_clipped: bool = False
    upper_clipped: bool = False


@dataclass(frozen=True)
class Signal:
    """One special-cause rule a point belongs to, and in which direction."""

    rule: Rule
    side: Side


_RULE_ORDER: Final = {rule: position for position, rule in enumerate(Rule)}


@dataclass(frozen=True)
class PointResult:
    label: str
    value: float | None
    in_baseline: bool
    signals: tuple[Signal, ...] = ()  # sorted by precedence
    kind: PointKind = PointKind.COMMON_CAUSE
    side: Side | None = None  # the direction of the point's special cause, if any

    @property
    def special_cause(self) -> bool:
        return bool(self.signals)

    @property
    def rules(self) -> frozenset[Rule]:
        return frozenset(signal.rule for signal in self.signals)


@dataclass(frozen=True)
class SpcResult:
    points: tuple[PointResult, ...]
    polarity: Polarity
    target: float | None
    rules: Rules
    baseline: Baseline
    baseline_positions: range  # indices of the baseline points
    baseline_values: int  # how many of them have a value
    mean: float | None
    limits: Limits | None  # None with fewer than two neighbouring baseline values
    limits_reliable: bool
    variation: Variation
    assurance: Assurance

    @property
    def latest(self) -> PointResult | None:
        """The latest point with a value (a missing latest month does not hide the last one)."""
        for point in reversed(self.points):
            if point.value is not None:
                return point
        return None

    @property
    def variation_text(self) -> str:
        if self.variation is Variation.NONE and self.latest is not None:
            return (f"Variation not judged yet: {self.baseline_values} of the "
                    f"{self.rules.minimum_points} baseline values needed for process limits")
        return VARIATION_TEXT[self.variation]

    @property
    def assurance_text(self) -> str:
        if self.assurance is not Assurance.NONE:
            return ASSURANCE_TEXT[self.assurance]
        if self.target is None:
            return "No assurance: no target set"
        if self.polarity is Polarity.NEITHER:
            return "No assurance: neither direction is better for this indicator"
        return "No assurance yet: too few points for reliable process limits"


def xmr(
    series: Iterable[Point | tuple[str, float | None]],
    *,
    polarity: Polarity = Polarity.NEITHER,
    target: float | None = None,
    baseline: Baseline | None = None,
    rules: Rules | None = None,
) -> SpcResult:
    """The XmR analysis of an ordered series (oldest first). See the module notes."""
    baseline = baseline or Baseline()
    rules = rules or Rules()
    points = [item if isinstance(item, Point) else Point(*item) for item in series]
    labels = [point.label for point in points]
    if len(set(labels)) != len(labels):
        raise ValueError("each point needs its own label")
    values: list[float | None] = []
    for point in points:
        if point.value is not None and not math.isfinite(point.value):
            raise ValueError(f"the value for {point.label} is not a number; use None if missing")
        values.append(None if point.value is None else float(point.value))
    if target is not None and not math.isfinite(target):
        raise ValueError("the target is not a number")

    positions = baseline.positions(labels)
    baseline_values = [value for value in (values[i] for i in positions) if value is not None]
    mean = math.fsum(baseline_values) / len(baseline_values) if baseline_values else None
    moving_ranges = [
        abs(current - previous)
        for previous, current in (
            (values[i - 1], values[i]) for i in positions if i - 1 in positions
        )
        if previous is not None and current is not None
    ]
    limits = (
        _limits(mean, moving_ranges, rules)
        if mean is not None and moving_ranges else None
    )
    reliable = limits is not None and len(baseline_values) >= rules.minimum_points

    found = [0] * len(values)
    if mean is not None:
        for start, stop in _stretches(values):
            stretch = [value for value in values[start:stop] if value is not None]
            _mark(found, start, _runs(stretch, mean, rules.run_length), Rule.RUN)
            _mark(found, start, _trends(stretch, rules.trend_length), Rule.TREND)
            if reliable and limits is not None:
                _mark(found, start, _outside(stretch, limits), Rule.OUTSIDE_LIMITS)
                if rules.two_of_three:
                    _mark(found, start, _two_of_three(stretch, limits), Rule.TWO_OF_THREE)

    results = tuple(
        _point_result(point, value, index in positions, found[index], polarity)
        for index, (point, value) in enumerate(zip(points, values, strict=True))
    )
    latest = next((point for point in reversed(results) if point.value is not None), None)
    return SpcResult(
        points=results,
        polarity=polarity,
        target=target,
        rules=rules,
        baseline=baseline,
        baseline_positions=positions,
        baseline_values=len(baseline_values),
        mean=mean,
        limits=limits,
        limits_reliable=reliable,
        variation=_variation(latest, reliable),
        assurance=_assurance(limits if reliable else None, polarity, target),
    )


def new_signals_at_latest(previous: SpcResult | None, current: SpcResult) -> tuple[Signal, ...]:
    """The special-cause signals at the current latest point that were not there before.

    Empty (falsy) means nothing to tell the indicator's owner. A signal that carries on from
    the previous latest point (same rule, same direction: a run growing from 7 to 8 points, a
    second point in a row above the upper limit) is not new. Re-running on the same data gives
    nothing new; a revised value or a new baseline that makes a signal appear at the same
    latest point does count. With no previous result, every signal at the latest point is new.
    """
    latest = current.latest
    if latest is None:
        return ()
    before = previous.latest if previous is not None else None
    seen = set(before.signals) if before is not None else set()
    return tuple(signal for signal in latest.signals if signal not in seen)


# ------------------------------------------------------------------ the maths


def _limits(mean: float, moving_ranges: list[float], rules: Rules) -> Limits:
    average = math.fsum(moving_ranges) / len(moving_ranges)
    sigma = average / D2
    lower, lower_clipped = _clip(mean - LIMITS_FACTOR * average, rules)
    upper, upper_clipped = _clip(mean + LIMITS_FACTOR * average, rules)
    return Limits(
        mean=mean,
        average_moving_range=average,
        sigma=sigma,
        lower=lower,
        upper=upper,
        lower_two_sigma=_clip(mean - 2 * sigma, rules)[0],
        upper_two_sigma=_clip(mean + 2 * sigma, rules)[0],
        moving_ranges=len(moving_ranges),
        lower_clipped=lower_clipped,
        upper_clipped=upper_clipped,
    )


def _clip(value: float, rules: Rules) -> tuple[float, bool]:
    if rules.floor is not None and value < rules.floor:
        return rules.floor, True
    if rules.ceiling is not None and value > rules.ceiling:
        return rules.ceiling, True
    return value, False


# Inside the rules a direction is an int, +1 (high), -1 (low) or 0 (neither), and a point's
# signals are a bit mask, so the per-point work is plain arithmetic; the enums and Signal
# objects are made once per point at the end.
_HIGH, _LOW = 1, -1


def _band(line: float) -> tuple[float, float]:
    """Values strictly between these two count as on the line."""
    slack = TOLERANCE * max(1.0, abs(line))
    return line - slack, line + slack


def _stretches(values: Sequence[float | None]) -> list[tuple[int, int]]:
    """[start, stop) of every unbroken stretch of values between gaps."""
    stretches = []
    start: int | None = None
    for index, value in enumerate(values):
        if value is None:
            if start is not None:
                stretches.append((start, index))
            start = None
        elif start is None:
            start = index
    if start is not None:
        stretches.append((start, len(values)))
    return stretches


Found = list[tuple[int, int]]  # (position within a stretch, _HIGH or _LOW)


def _bit(rule: Rule, side: int) -> int:
    """Bits in precedence order: outside-high, outside-low, two-of-three-high, ..."""
    return 1 << (2 * _RULE_ORDER[rule] + (0 if side == _HIGH else 1))


@cache
def _signals_of(mask: int) -> tuple[Signal, ...]:
    return tuple(
        Signal(rule, side)
        for rule in Rule
        for side, direction in ((Side.HIGH, _HIGH), (Side.LOW, _LOW))
        if mask & _bit(rule, direction)
    )


def _mark(found: list[int], offset: int, hits: Found, rule: Rule) -> None:
    high, low = _bit(rule, _HIGH), _bit(rule, _LOW)
    for position, side in hits:
        found[offset + position] |= high if side == _HIGH else low


def _directions(values: Sequence[float], upper: float, lower: float) -> list[int]:
    """_HIGH beyond the upper line, _LOW beyond the lower one, else 0 (strictly, with slack)."""
    above, below = _band(upper)[1], _band(lower)[0]
    return [_HIGH if value > above else _LOW if value < below else 0 for value in values]


def _outside(values: Sequence[float], limits: Limits) -> Found:
    directions = _directions(values, limits.upper, limits.lower)
    return [(position, side) for position, side in enumerate(directions) if side]


def _two_of_three(values: Sequence[float], limits: Limits) -> Found:
    beyond = _directions(values, limits.upper_two_sigma, limits.lower_two_sigma)
    hits: set[tuple[int, int]] = set()
    for start in range(len(beyond) - 2):
        window = beyond[start:start + 3]
        for side in (_HIGH, _LOW):
            if window.count(side) >= 2:
                hits.update((start + k, side) for k in range(3) if window[k] == side)
    return sorted(hits)


def _sequences(directions: Sequence[int], minimum: int) -> Found:
    """Maximal stretches of one direction (not 0) at least `minimum` long."""
    hits: Found = []
    start = 0
    for end in range(1, len(directions) + 1):
        if end == len(directions) or directions[end] != directions[start]:
            side = directions[start]
            if side and end - start >= minimum:
                hits.extend((position, side) for position in range(start, end))
            start = end
    return hits


def _runs(values: Sequence[float], mean: float, length: int) -> Found:
    return _sequences(_directions(values, mean, mean), length)


def _trends(values: Sequence[float], length: int) -> Found:
    """Step i (from value i to i + 1) rises, falls, or ties (0: equal values)."""
    steps = [_HIGH if after > before else _LOW if after < before else 0
             for before, after in pairwise(values)]
    hits: Found = []
    # A run of k steps in one direction covers k + 1 points.
    for position, side in _sequences(steps, length - 1):
        hits.append((position, side))
        if position + 1 >= len(steps) or steps[position + 1] != side:
            hits.append((position + 1, side))
    return hits


# ------------------------------------------------------------------ the summary


def _point_result(
    point: Point, value: float | None, in_baseline: bool, found: int, polarity: Polarity
) -> PointResult:
    if value is None:
        return PointResult(point.label, None, in_baseline, kind=PointKind.MISSING)
    if not found:
        return PointResult(point.label, value, in_baseline)
    signals = _signals_of(found)  # in precedence order
    side = signals[0].side
    return PointResult(point.label, value, in_baseline, signals, _kind(side, polarity), side)


def _kind(side: Side, polarity: Polarity) -> PointKind:
    if polarity is Polarity.NEITHER:
        return PointKind.NEUTRAL
    better = Side.HIGH if polarity is Polarity.HIGHER_IS_BETTER else Side.LOW
    return PointKind.IMPROVEMENT if side is better else PointKind.CONCERN


_VARIATION_OF: Final = {
    (PointKind.IMPROVEMENT, Side.HIGH): Variation.IMPROVEMENT_HIGH,
    (PointKind.IMPROVEMENT, Side.LOW): Variation.IMPROVEMENT_LOW,
    (PointKind.CONCERN, Side.HIGH): Variation.CONCERN_HIGH,
    (PointKind.CONCERN, Side.LOW): Variation.CONCERN_LOW,
    (PointKind.NEUTRAL, Side.HIGH): Variation.NEUTRAL_HIGH,
    (PointKind.NEUTRAL, Side.LOW): Variation.NEUTRAL_LOW,
}


def _variation(latest: PointResult | None, reliable: bool) -> Variation:
    if latest is None:
        return Variation.NONE
    if latest.side is not None:
        return _VARIATION_OF[(latest.kind, latest.side)]
    # Without reliable limits a quiet latest point proves nothing: runs and trends may still
    # fire, but "common cause" needs the limits.
    return Variation.COMMON_CAUSE if reliable else Variation.NONE


def _assurance(limits: Limits | None, polarity: Polarity, target: float | None) -> Assurance:
    if limits is None or target is None or polarity is Polarity.NEITHER:
        return Assurance.NONE
    if polarity is Polarity.HIGHER_IS_BETTER:  # meeting: value >= target
        if limits.lower >= target:
            return Assurance.CONSISTENTLY_MEETS
        if limits.upper < target:
            return Assurance.CONSISTENTLY_FAILS
    else:  # lower is better; meeting: value <= target
        if limits.upper <= target:
            return Assurance.CONSISTENTLY_MEETS
        if limits.lower > target:
            return Assurance.CONSISTENTLY_FAILS
    return Assurance.HIT_AND_MISS
