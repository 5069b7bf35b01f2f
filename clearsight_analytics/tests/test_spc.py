"""XmR statistical process control, checked against datasets worked out by hand.

BASE is twelve values chosen to make the arithmetic easy:

    values          10 12  9 11 10  8 11 10  9 12 10  8     sum 120, mean 10
    moving ranges       2  3  2  1  2  3  1  1  3  2  2     sum 22 over 11, average 2

    process limits  10 +/- 2.66 x 2 = 4.68 to 15.32
    sigma           2 / 1.128 = 1.77305; two sigma = 3.54610 -> 6.45390 to 13.54610

It has no signal of its own: no two neighbours on one side for long, no long rise or fall.
Most tests fix the baseline to these twelve points and add the points under test after them,
so the limits stay the same whatever is added.
"""

import math
from collections.abc import Sequence
from typing import Any

import pytest

from clearsight_analytics.spc import (
    Assurance,
    Baseline,
    Point,
    PointKind,
    Polarity,
    Rule,
    Rules,
    Side,
    Signal,
    SpcResult,
    Variation,
    new_signals_at_latest,
    xmr,
)

BASE = [10, 12, 9, 11, 10, 8, 11, 10, 9, 12, 10, 8]
FIRST_12 = Baseline.first_points(12)


def months(values: Sequence[float | None], start_year: int = 2024,
           start_month: int = 4) -> list[Point]:
    """[("2024-04", v), ("2024-05", v), ...]"""
    points = []
    for offset, value in enumerate(values):
        year, month = divmod(start_month - 1 + offset, 12)
        points.append(Point(f"{start_year + year}-{month + 1:02d}", value))
    return points


def after_base(values: Sequence[float | None], **options: Any) -> SpcResult:
    options.setdefault("baseline", FIRST_12)
    return xmr(months(BASE + list(values)), **options)


def flagged(result: SpcResult, rule: Rule | None = None) -> list[int]:
    """Positions (counting from the first point after BASE) that carry the rule, or any rule."""
    return [
        index - len(BASE)
        for index, point in enumerate(result.points)
        if (point.rules if rule is None else point.rules & {rule})
    ]


# ------------------------------------------------------------------ the maths


def test_mean_moving_range_and_limits_by_hand():
    result = xmr(months(BASE))
    limits = result.limits
    assert limits is not None
    assert result.mean == limits.mean == 10.0
    assert limits.average_moving_range == pytest.approx(2.0)
    assert limits.moving_ranges == 11
    assert limits.lower == pytest.approx(4.68)
    assert limits.upper == pytest.approx(15.32)
    assert limits.sigma == pytest.approx(1.773050, abs=1e-6)
    assert limits.lower_two_sigma == pytest.approx(6.453901, abs=1e-6)
    assert limits.upper_two_sigma == pytest.approx(13.546099, abs=1e-6)
    assert result.limits_reliable
    assert result.baseline_values == 12
    assert not any(point.special_cause for point in result.points)
    assert result.variation is Variation.COMMON_CAUSE
    assert result.variation_text.startswith("Common cause variation")


def test_points_may_be_given_as_tuples_and_ints():
    assert xmr([("a", 1), ("b", 3), ("c", 2)]).mean == 2.0


def test_a_fixed_baseline_changes_the_limits():
    step = BASE + [value + 10 for value in BASE]  # a real step up after a year
    everything = xmr(months(step))
    fixed = xmr(months(step), baseline=FIRST_12)
    # All 24: mean 15; moving ranges 22 + 12 (the step, 8 -> 20) + 22 = 56 over 23.
    assert everything.mean == 15.0
    assert everything.limits is not None
    assert everything.limits.average_moving_range == pytest.approx(56 / 23)
    assert everything.limits.upper == pytest.approx(15 + 2.66 * 56 / 23)
    # The first 12 only: the limits of BASE, and the second year stands out.
    assert fixed.mean == 10.0
    assert fixed.limits is not None
    assert (fixed.limits.lower, fixed.limits.upper) == pytest.approx((4.68, 15.32))
    assert [point.in_baseline for point in fixed.points] == [True] * 12 + [False] * 12
    second_year = fixed.points[12:]
    assert all(point.side is Side.HIGH for point in second_year)
    assert Rule.RUN in second_year[0].rules  # 12 in a row above the mean of 10
    # 18 to 22 are all above the upper limit of 15.32.
    assert all(Rule.OUTSIDE_LIMITS in point.rules for point in second_year)
    assert not any(Rule.OUTSIDE_LIMITS in point.rules for point in fixed.points[:12])
    # With all 24 in the baseline (limits 8.52 to 21.48) only the two 8s and the two 22s are.
    outside = [p.value for p in everything.points if Rule.OUTSIDE_LIMITS in p.rules]
    assert outside == [8, 8, 22, 22]


def test_a_baseline_of_labels_is_inclusive():
    step = months(BASE + [value + 10 for value in BASE])
    by_label = xmr(step, baseline=Baseline.between("2024-04", "2025-03"))
    assert by_label.baseline_positions == range(12)
    assert by_label.limits == xmr(step, baseline=FIRST_12).limits
    later = xmr(step, baseline=Baseline.between("2025-04", None))
    assert later.baseline_positions == range(12, 24)
    assert later.mean == 20.0


def test_a_first_n_baseline_longer_than_the_series_uses_what_there_is():
    assert xmr(months(BASE), baseline=Baseline.first_points(24)).baseline_values == 12


@pytest.mark.parametrize(
    ("baseline", "message"),
    [
        (Baseline.between("2030-01", None), "not in the series"),
        (Baseline.between("2024-06", "2024-05"), "starts after it ends"),
    ],
)
def test_bad_baselines_are_refused(baseline, message):
    with pytest.raises(ValueError, match=message):
        xmr(months(BASE), baseline=baseline)


def test_a_baseline_is_one_kind_or_the_other():
    with pytest.raises(ValueError, match="either"):
        Baseline(first=3, start="2024-04")
    with pytest.raises(ValueError, match="at least one"):
        Baseline.first_points(0)


@pytest.mark.parametrize("value", [math.nan, math.inf])
def test_values_that_are_not_numbers_are_refused(value):
    with pytest.raises(ValueError, match="use None"):
        xmr(months([1, value]))


def test_labels_must_be_unique():
    with pytest.raises(ValueError, match="own label"):
        xmr([("2024-04", 1), ("2024-04", 2)])


# ------------------------------------------------------------------ missing values


def test_missing_values_leave_the_mean_and_break_the_moving_ranges():
    values: list[float | None] = list(BASE)
    values[5] = None  # the 8 goes missing
    result = xmr(months(values))
    # 11 values summing to 112. Moving ranges 2 3 2 1 . . 1 1 3 2 2: 17 over 9 (none spans
    # the gap: 10 -> missing and missing -> 11 are both skipped).
    assert result.baseline_values == 11
    assert result.mean == pytest.approx(112 / 11)
    assert result.limits is not None
    assert result.limits.moving_ranges == 9
    assert result.limits.average_moving_range == pytest.approx(17 / 9)
    missing = result.points[5]
    assert (missing.value, missing.kind, missing.signals) == (None, PointKind.MISSING, ())


def test_a_gap_breaks_a_run():
    # 3 + 4 points above the mean either side of a gap: not a run of 7.
    broken = after_base([11, 11, 11, None, 11, 11, 11, 11])
    assert flagged(broken) == []
    assert flagged(after_base([11] * 7), Rule.RUN) == list(range(7))


def test_a_gap_breaks_a_trend_and_two_of_three():
    assert flagged(after_base([8, 9, 10, None, 11, 12, 13])) == []
    assert flagged(after_base([14, None, 14])) == []


def test_a_missing_latest_month_does_not_hide_the_last_value():
    result = after_base([11] * 7 + [None], polarity=Polarity.HIGHER_IS_BETTER)
    assert result.latest is not None
    assert result.latest.label == "2025-10"
    assert result.variation is Variation.IMPROVEMENT_HIGH


# ------------------------------------------------------------------ run rule


def test_a_run_of_seven_on_one_side_is_special_and_six_is_not():
    assert flagged(after_base([11] * 6)) == []
    seven = after_base([11] * 7)
    assert flagged(seven, Rule.RUN) == list(range(7))
    assert all(point.side is Side.HIGH for point in seven.points[12:])
    # BASE ends with an 8, below the mean, so six 9s make the seventh point of a low run.
    assert flagged(after_base([9] * 5)) == []
    low = after_base([9] * 6)
    assert flagged(low, Rule.RUN) == list(range(-1, 6))
    assert low.points[-1].signals == (Signal(Rule.RUN, Side.LOW),)


def test_the_run_length_can_be_eight():
    eight = Rules(run_length=8)
    assert flagged(after_base([11] * 7, rules=eight)) == []
    assert flagged(after_base([11] * 8, rules=eight), Rule.RUN) == list(range(8))


def test_a_point_on_the_mean_breaks_a_run():
    assert flagged(after_base([11, 11, 11, 10, 11, 11, 11])) == []


def test_on_the_mean_allows_for_rounding():
    # The mean of 0.1, 0.2 and 0.3 is 0.19999999999999998 in floating point; 0.2 is on it.
    result = xmr([("a", 0.1), ("b", 0.2), ("c", 0.3)] + [(f"x{i}", 0.2) for i in range(8)],
                 baseline=Baseline.first_points(3))
    assert not any(point.special_cause for point in result.points)


# ------------------------------------------------------------------ trend rule


def test_a_trend_of_six_rising_points_is_special_and_five_is_not():
    # BASE ends with 8; the added 8 ties with it, so the trend starts at the added 8.
    assert flagged(after_base([8, 9, 10, 11, 12])) == []
    six = after_base([8, 9, 10, 11, 12, 13])
    assert flagged(six) == list(range(6))
    assert {point.signals for point in six.points[12:]} == {(Signal(Rule.TREND, Side.HIGH),)}
    assert not six.points[11].special_cause  # the tie broke the trend


def test_a_falling_trend():
    # BASE's 8 -> 12 rises, then six falls to 7: 12 11 10 9 8 7.
    falling = after_base([12, 11, 10, 9, 8, 7])
    assert flagged(falling, Rule.TREND) == list(range(6))
    assert falling.points[-1].side is Side.LOW
    assert flagged(after_base([12, 11, 10, 9, 8])) == []


def test_a_tie_breaks_a_trend():
    assert flagged(after_base([8, 9, 10, 10, 11, 12])) == []


def test_a_peak_belongs_to_the_rise_and_the_fall():
    result = xmr(months([1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1]), rules=Rules(run_length=20))
    peak = result.points[5]
    assert set(peak.signals) == {Signal(Rule.TREND, Side.HIGH), Signal(Rule.TREND, Side.LOW)}
    assert all(point.special_cause for point in result.points)


# ------------------------------------------------------------------ outside the limits


def test_a_point_outside_the_limits_is_special_and_one_on_the_limit_is_not():
    assert flagged(after_base([15.32])) == []  # equal to the upper limit
    assert flagged(after_base([15.3])) == []
    high = after_base([15.33])
    assert flagged(high, Rule.OUTSIDE_LIMITS) == [0]
    assert high.points[-1].signals[0] == Signal(Rule.OUTSIDE_LIMITS, Side.HIGH)
    assert flagged(after_base([4.68])) == []
    assert flagged(after_base([4.67]), Rule.OUTSIDE_LIMITS) == [0]
    assert after_base([4.67]).points[-1].side is Side.LOW


# ------------------------------------------------------------------ two out of three


def test_two_of_three_beyond_two_sigma_on_one_side():
    # 14 is beyond 13.546; 11 is not.
    assert flagged(after_base([14, 11])) == []  # one of three so far
    result = after_base([14, 11, 14])
    assert flagged(result, Rule.TWO_OF_THREE) == [0, 2]  # the 11 between is not flagged
    assert result.points[-1].signals == (Signal(Rule.TWO_OF_THREE, Side.HIGH),)
    assert flagged(after_base([14, 14]), Rule.TWO_OF_THREE) == [0, 1]
    assert flagged(after_base([6, 9, 6]), Rule.TWO_OF_THREE) == [0, 2]  # below 6.454


def test_two_of_three_on_opposite_sides_is_not_special():
    assert flagged(after_base([14, 11, 6])) == []
    assert flagged(after_base([14, 11, 11])) == []  # only one beyond in any three


def test_two_of_three_can_be_switched_off():
    assert flagged(after_base([14, 11, 14], rules=Rules(two_of_three=False))) == []


def test_a_point_outside_the_limit_also_counts_beyond_two_sigma():
    result = after_base([16, 11, 14])
    assert result.points[12].rules == {Rule.OUTSIDE_LIMITS, Rule.TWO_OF_THREE}
    assert result.points[14].rules == {Rule.TWO_OF_THREE}


# ------------------------------------------------------------------ minimum points


def test_too_few_points_give_no_limit_signals_but_still_runs_and_trends():
    eleven = Baseline.first_points(11)
    outlier = xmr(months([*BASE[:11], 30]), baseline=eleven,
                  polarity=Polarity.HIGHER_IS_BETTER, target=5)
    assert outlier.limits is not None  # computed, for information
    assert not outlier.limits_reliable
    assert flagged(outlier) == []
    assert outlier.variation is Variation.NONE
    assert outlier.variation_text == (
        "Variation not judged yet: 11 of the 12 baseline values needed for process limits"
    )
    assert outlier.assurance is Assurance.NONE
    assert outlier.assurance_text == "No assurance yet: too few points for reliable process limits"
    # With the twelfth baseline value the same kind of point is outside the limits.
    assert flagged(after_base([30]), Rule.OUTSIDE_LIMITS) == [0]
    run = xmr(months(BASE[:11] + [11] * 7), baseline=eleven, polarity=Polarity.HIGHER_IS_BETTER)
    assert not run.limits_reliable
    assert run.points[-1].rules == {Rule.RUN}
    assert run.variation is Variation.IMPROVEMENT_HIGH


def test_the_minimum_can_be_changed():
    assert xmr(months(BASE[:8]), rules=Rules(minimum_points=8)).limits_reliable
    assert not xmr(months(BASE[:8])).limits_reliable


def test_no_values_at_all():
    result = xmr(months([None, None]))
    assert (result.mean, result.limits, result.latest) == (None, None, None)
    assert result.variation is Variation.NONE
    assert result.variation_text == "Variation not judged yet: not enough data"


def test_one_value_has_a_mean_but_no_limits():
    result = xmr(months([5]))
    assert (result.mean, result.limits, result.limits_reliable) == (5.0, None, False)


def test_zero_spread_puts_the_limits_on_the_mean():
    result = xmr(months([50] * 12 + [49]), baseline=FIRST_12)
    assert result.limits is not None
    assert (result.limits.lower, result.limits.upper) == (50, 50)
    assert result.points[-1].rules == {Rule.OUTSIDE_LIMITS}


# ------------------------------------------------------------------ clipping


def test_limits_are_clipped_to_the_floor_and_ceiling():
    near_zero = [value - 8 for value in BASE]  # mean 2, average moving range 2
    free = xmr(months(near_zero))
    assert free.limits is not None
    assert free.limits.lower == pytest.approx(-3.32)
    assert not free.limits.lower_clipped
    clipped = xmr(months([*near_zero, 0]), baseline=FIRST_12, rules=Rules(floor=0, ceiling=100))
    assert clipped.limits is not None
    assert clipped.limits.lower == 0
    assert clipped.limits.lower_two_sigma == 0
    assert clipped.limits.lower_clipped
    assert clipped.limits.upper == pytest.approx(7.32)
    assert not clipped.limits.upper_clipped
    assert not clipped.points[-1].special_cause  # a 0 is not below a limit of 0
    near_top = xmr(months([value + 88 for value in BASE]), rules=Rules(floor=0, ceiling=100))
    assert near_top.limits is not None
    assert (near_top.limits.upper, near_top.limits.upper_clipped) == (100, True)


def test_rules_are_checked():
    bad_rules: list[dict[str, Any]] = [
        {"run_length": 1}, {"trend_length": 2}, {"minimum_points": 1}, {"floor": 100, "ceiling": 0},
    ]
    for bad in bad_rules:
        with pytest.raises(ValueError):  # noqa: PT011 - each has its own message
            Rules(**bad)


# ------------------------------------------------------------------ variation


@pytest.mark.parametrize(
    ("added", "polarity", "variation", "text"),
    [
        ([16], Polarity.HIGHER_IS_BETTER, Variation.IMPROVEMENT_HIGH,
         "Special cause variation: improvement (higher)"),
        ([16], Polarity.LOWER_IS_BETTER, Variation.CONCERN_HIGH,
         "Special cause variation: concern (higher)"),
        ([16], Polarity.NEITHER, Variation.NEUTRAL_HIGH,
         "Special cause variation: higher (neither better nor worse)"),
        ([4], Polarity.HIGHER_IS_BETTER, Variation.CONCERN_LOW,
         "Special cause variation: concern (lower)"),
        ([4], Polarity.LOWER_IS_BETTER, Variation.IMPROVEMENT_LOW,
         "Special cause variation: improvement (lower)"),
        ([4], Polarity.NEITHER, Variation.NEUTRAL_LOW,
         "Special cause variation: lower (neither better nor worse)"),
        ([11], Polarity.HIGHER_IS_BETTER, Variation.COMMON_CAUSE,
         "Common cause variation: no sign of change beyond the usual ups and downs"),
    ],
)
def test_variation_of_the_latest_point(added, polarity, variation, text):
    result = after_base(added, polarity=polarity)
    assert result.variation is variation
    assert result.variation_text == text


def test_point_kinds_follow_the_polarity():
    result = after_base([16, 4], polarity=Polarity.HIGHER_IS_BETTER)
    assert [point.kind for point in result.points[-2:]] == [
        PointKind.IMPROVEMENT, PointKind.CONCERN,
    ]
    assert result.points[0].kind is PointKind.COMMON_CAUSE


def test_variation_looks_at_the_latest_point_only():
    assert after_base([16, 11], polarity=Polarity.HIGHER_IS_BETTER).variation is (
        Variation.COMMON_CAUSE
    )


def test_the_shortest_rule_decides_a_point_with_signals_both_ways():
    # Seven points above the mean (a high run) that fall steadily (a falling trend): the
    # trend, the shorter rule, says what is happening now.
    result = after_base([13, 12.9, 12.8, 12.7, 12.6, 12.5, 12.4],
                        polarity=Polarity.HIGHER_IS_BETTER)
    latest = result.points[-1]
    assert latest.signals == (Signal(Rule.TREND, Side.LOW), Signal(Rule.RUN, Side.HIGH))
    assert (latest.kind, latest.side) == (PointKind.CONCERN, Side.LOW)
    assert result.variation is Variation.CONCERN_LOW


# ------------------------------------------------------------------ assurance


@pytest.mark.parametrize(
    ("polarity", "target", "assurance"),
    [
        # limits 4.68 to 15.32
        (Polarity.HIGHER_IS_BETTER, 4, Assurance.CONSISTENTLY_MEETS),
        (Polarity.HIGHER_IS_BETTER, 16, Assurance.CONSISTENTLY_FAILS),
        (Polarity.HIGHER_IS_BETTER, 10, Assurance.HIT_AND_MISS),
        (Polarity.LOWER_IS_BETTER, 16, Assurance.CONSISTENTLY_MEETS),
        (Polarity.LOWER_IS_BETTER, 4, Assurance.CONSISTENTLY_FAILS),
        (Polarity.LOWER_IS_BETTER, 10, Assurance.HIT_AND_MISS),
        (Polarity.NEITHER, 10, Assurance.NONE),
        (Polarity.HIGHER_IS_BETTER, None, Assurance.NONE),
    ],
)
def test_assurance_against_the_target(polarity, target, assurance):
    assert xmr(months(BASE), polarity=polarity, target=target).assurance is assurance


def test_assurance_text():
    def text(**options: Any) -> str:
        return xmr(months(BASE), **options).assurance_text

    assert text(polarity=Polarity.HIGHER_IS_BETTER, target=4).startswith(
        "Target met consistently")
    assert text(polarity=Polarity.HIGHER_IS_BETTER, target=16).startswith(
        "Target missed consistently")
    assert text(polarity=Polarity.HIGHER_IS_BETTER, target=10).startswith("Target hit and miss")
    assert text(polarity=Polarity.HIGHER_IS_BETTER) == "No assurance: no target set"
    assert text(target=10) == "No assurance: neither direction is better for this indicator"


def test_a_target_on_a_clipped_limit():
    # 100% is the best possible; with the upper limit clipped to 100 it is still hit and miss,
    # and a target of 0 (the floor) is always met.
    near_top = months([value + 88 for value in BASE])
    percent = Rules(floor=0, ceiling=100)
    assert xmr(near_top, polarity=Polarity.HIGHER_IS_BETTER, target=100,
               rules=percent).assurance is Assurance.HIT_AND_MISS
    assert xmr(months([value - 8 for value in BASE]), polarity=Polarity.HIGHER_IS_BETTER,
               target=0, rules=percent).assurance is Assurance.CONSISTENTLY_MEETS


# ------------------------------------------------------------------ new signals


def test_a_new_signal_is_reported_once():
    six = after_base([11] * 6)
    seven = after_base([11] * 7)
    eight = after_base([11] * 8)
    assert new_signals_at_latest(six, seven) == (Signal(Rule.RUN, Side.HIGH),)
    assert new_signals_at_latest(seven, seven) == ()  # the same data again tonight
    assert new_signals_at_latest(seven, eight) == ()  # the run goes on: not news


def test_without_a_previous_result_every_signal_at_the_latest_point_is_new():
    assert new_signals_at_latest(None, after_base([11] * 7)) == (Signal(Rule.RUN, Side.HIGH),)
    assert new_signals_at_latest(None, after_base([11])) == ()
    assert new_signals_at_latest(None, xmr([])) == ()


def test_a_new_rule_on_a_continuing_signal_is_new():
    seven = after_base([11] * 7)
    then_outside = after_base([11] * 7 + [16])
    assert new_signals_at_latest(seven, then_outside) == (
        Signal(Rule.OUTSIDE_LIMITS, Side.HIGH),
    )


def test_a_change_of_direction_is_new():
    high = after_base([16])
    low = after_base([16, 4])
    assert new_signals_at_latest(high, low) == (Signal(Rule.OUTSIDE_LIMITS, Side.LOW),)


def test_a_revised_value_that_makes_a_signal_is_new():
    before = after_base([11] * 6 + [10])
    revised = after_base([11] * 6 + [11])  # the same latest month, corrected
    assert before.latest is not None
    assert revised.latest is not None
    assert before.latest.label == revised.latest.label
    assert new_signals_at_latest(before, revised) == (Signal(Rule.RUN, Side.HIGH),)
