"""The indicator engine: periods, snapshots, breakdowns, rates, stitching and drill-down, each
on a few hand-made rows read through the real readers."""

from datetime import date

import pyarrow as pa
import pytest

from clearsight_analytics.indicators import (
    CATALOGUE,
    Domain,
    Indicator,
    IndicatorError,
    Kind,
    PeriodRule,
    Polarity,
    Return,
    assemble,
    compute,
)
from clearsight_analytics.indicators.definition import PeriodType
from clearsight_analytics.indicators.inputs import ALLOCATION_SCHEMA
from clearsight_analytics.indicators.periods import (
    add_months,
    period_of,
    periods_covered,
)
from clearsight_analytics.tests.builders import (
    child,
    cin_census,
    cla_episode,
    cpp,
    episode,
    run,
    run_results,
    ssda903,
    year,
)

ALL = "all", "All"


def one_assessment(child_id: str, start: str, authorised: str | None) -> dict:
    return child(child_id, episodes=[episode(start, assessments=[(start, authorised)])])


# ------------------------------------------------------------------ working days


def test_assessment_timeliness_counts_working_days_from_day_zero_over_bank_holidays():
    cin = cin_census(2026, [
        # Thursday before Easter 2025 to the Tuesday after: Good Friday, the weekend and
        # Easter Monday do not count, so 1 working day.
        one_assessment("A", "2025-04-17", "2025-04-22"),
        # Monday 2 June 2025 + 45 working days (no bank holidays) = Monday 4 August.
        one_assessment("B", "2025-06-02", "2025-08-04"),
        one_assessment("C", "2025-06-02", "2025-08-05"),  # 46 working days: late
        one_assessment("D", "2025-06-02", None),  # not authorised: not counted
    ])
    values = run("F09", [cin])
    assert values[(year(2026), *ALL)] == (2.0, 3.0, pytest.approx(200 / 3))
    durations = run("F10", [cin])
    assert durations[(year(2026), *ALL)] == (1.0 + 45 + 46, 3.0, pytest.approx(92 / 3))
    units = run_results(["F09"], [cin]).units.to_pylist()
    details = {u["child_id"]: u["detail"] for u in units if u["period_id"] == year(2026)}
    assert details == {"A": "1 working days", "B": "45 working days", "C": "46 working days"}


# ------------------------------------------------------------------ periods


def test_months_add_up_to_quarters_years_and_rolling_twelve_months():
    referrals = [("R1", "2025-04-01"), ("R2", "2025-04-30"), ("R3", "2025-06-15"),
                 ("R4", "2025-12-31"), ("R5", "2026-03-31")]
    cin = cin_census(2026, [child(cid, episodes=[episode(day)]) for cid, day in referrals])
    values = run("F03", [cin], population={2026: 10_000})
    assert values[("month:2025-04-30", *ALL)] == (2.0, 10_000.0, pytest.approx(2 * 12))
    assert values[("month:2025-05-31", *ALL)] == (0.0, 10_000.0, 0.0)  # zero, not missing
    assert values[("quarter:2025-06-30", *ALL)] == (3.0, 10_000.0, pytest.approx(3 * 4))
    assert values[("quarter:2025-12-31", *ALL)][0] == 1.0
    assert values[(year(2026), *ALL)] == (5.0, 10_000.0, pytest.approx(5.0))
    assert values[("rolling_12:2026-03-31", *ALL)][0] == 5.0
    # Only the rolling 12 months ending 31 March 2026 is wholly covered.
    assert {key[0] for key in values if key[0].startswith("rolling_12")} == {
        "rolling_12:2026-03-31"}


def test_a_year_still_running_gives_its_complete_months_only():
    cin = cin_census(2027, [child("R1", episodes=[episode("2026-05-10")]),
                            child("R2", episodes=[episode("2026-06-10")])])
    values = run("F03", [Return(cin, as_at=date(2026, 6, 20))], population={2027: 10_000})
    periods = {key[0] for key in values}
    assert periods == {"month:2026-04-30", "month:2026-05-31"}


def test_look_back_means_the_first_year_loaded_has_no_re_referral_figure():
    first = cin_census(2025, [child("A", episodes=[episode("2024-06-01", closure="2024-07-01",
                                                           reason="RC8")])])
    results = run_results(["F04"], [first])
    assert "12 months of history" in results.not_computed["F04"]
    second = cin_census(2026, [
        # 2025-06-01 is within 12 months of 2024-06-01 (inclusive): a re-referral.
        child("A", episodes=[episode("2025-06-01")]),
        child("B", episodes=[episode("2025-05-01", closure="2025-05-20", reason="RC8"),
                             episode("2026-01-05")]),
        child("C", episodes=[episode("2025-09-01")]),
    ])
    values = run("F04", [first, second])
    assert values[(year(2026), *ALL)] == (2.0, 4.0, 50.0)
    assert (year(2025), *ALL) not in values


def test_period_labels_and_ids():
    assert period_of(PeriodType.QUARTER, date(2025, 6, 30)).label == \
        "Q1 2025-26 (Apr to Jun 2025)"
    assert period_of(PeriodType.QUARTER, date(2026, 3, 31)).label == \
        "Q4 2025-26 (Jan to Mar 2026)"
    assert period_of(PeriodType.YEAR, date(2026, 3, 31)).label == "2025-26"
    assert period_of(PeriodType.ROLLING_12, date(2026, 2, 28)).start == date(2025, 3, 1)
    assert period_of(PeriodType.MONTH, date(2026, 2, 28)).id == "month:2026-02-28"
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


def test_snapshots_with_a_look_back_start_a_year_into_the_data():
    covered = [(date(2024, 4, 1), date(2026, 3, 31))]
    periods = periods_covered(covered, rule=PeriodRule.SNAPSHOT, types=[PeriodType.YEAR],
                              lookback_months=12)
    assert [p.end for p in periods] == [date(2025, 3, 31), date(2026, 3, 31)]
    periods = periods_covered(covered, rule=PeriodRule.SNAPSHOT, types=[PeriodType.YEAR])
    assert [p.end for p in periods] == [date(2025, 3, 31), date(2026, 3, 31)]
    gap = [(date(2023, 4, 1), date(2024, 3, 31)), (date(2025, 4, 1), date(2026, 3, 31))]
    periods = periods_covered(gap, rule=PeriodRule.EVENTS, types=[PeriodType.ROLLING_12])
    assert [p.end for p in periods] == [date(2024, 3, 31), date(2026, 3, 31)]


# ------------------------------------------------------------------ snapshots


def test_children_looked_after_at_31_march_counts_each_child_once():
    ssda = ssda903(2026, episodes=[
        # A moves placement on 1 January (X1, same day): one child on 31 March.
        cla_episode("A", "2025-05-01", dec="2026-01-01", rec="X1"),
        cla_episode("A", "2026-01-01", rne="P", place="U6"),
        # B ceased on 31 March itself: not looked after that day.
        cla_episode("B", "2025-06-01", dec="2026-03-31", rec="E4A"),
        # C is only on short breaks (V3): left out.
        cla_episode("C", "2025-07-01", ls="V3", place="U6"),
        cla_episode("D", "2025-12-01", ls="C1"),
    ])
    values = run("L01", [ssda], population={2026: 20_000})
    assert values[(year(2026), *ALL)] == (2.0, 20_000.0, pytest.approx(1.0))
    assert values[("quarter:2026-03-31", *ALL)][0] == 2.0
    assert values[("month:2025-06-30", *ALL)][0] == 2.0  # A and B
    starts = run("L02", [ssda], population={2026: 20_000})
    assert starts[(year(2026), *ALL)][0] == 3.0  # A, B and D (C is a short break)


def test_protection_plans_open_on_the_last_day_of_each_month():
    cin = cin_census(2026, [
        child("A", episodes=[episode("2025-04-01", cpps=[cpp("2025-05-15", "2025-07-31")])]),
        child("B", episodes=[episode("2025-04-01", cpps=[cpp("2025-06-30")])]),
    ])
    values = run("C10", [cin], population={2026: 10_000})
    assert values[("month:2025-05-31", *ALL)][0] == 1.0
    assert values[("month:2025-06-30", *ALL)][0] == 2.0
    assert values[("month:2025-07-31", *ALL)][0] == 1.0  # A's plan ended that day
    assert values[(year(2026), *ALL)] == (1.0, 10_000.0, pytest.approx(1.0))


def test_the_last_time_a_child_left_care_in_the_period_decides():
    ssda = ssda903(2026, episodes=[
        cla_episode("A", "2025-04-10", dec="2025-06-01", rec="E4A"),
        cla_episode("A", "2025-08-01", dec="2026-02-01", rec="E11", place="A4"),
        cla_episode("B", "2025-04-10", dec="2025-09-01", rec="E13"),
    ])
    values = run("P01", [ssda])
    assert values[(year(2026), *ALL)] == (1.0, 2.0, 50.0)
    assert values[("quarter:2025-06-30", *ALL)] == (0.0, 1.0, 0.0)


# ------------------------------------------------------------------ stitching years


def test_an_episode_in_two_census_years_is_one_referral_with_the_later_details():
    earlier = cin_census(2025, [child("A", episodes=[
        episode("2025-03-01", assessments=[("2025-03-03", None)])])])
    later = cin_census(2026, [child("A", episodes=[
        episode("2025-03-01", assessments=[("2025-03-03", "2025-04-10")])])])
    values = run("F03", [earlier, later], population={2025: 10_000, 2026: 10_000})
    assert values[(year(2025), *ALL)][0] == 1.0
    assert values[(year(2026), *ALL)][0] == 0.0
    timely = run("F09", [earlier, later])
    assert timely[(year(2026), *ALL)] == (1.0, 1.0, 100.0)


def test_an_episode_open_over_31_march_takes_its_end_from_the_next_return():
    earlier = ssda903(2025, episodes=[cla_episode("A", "2024-06-01")])
    later = ssda903(2026, episodes=[cla_episode("A", "2024-06-01", dec="2025-05-01",
                                                rec="E4A")])
    values = run("L01", [earlier, later], population={2025: 10_000, 2026: 10_000})
    assert values[(year(2025), *ALL)][0] == 1.0
    assert values[(year(2026), *ALL)][0] == 0.0


def test_two_returns_for_the_same_year_are_refused():
    cin = cin_census(2026, [])
    with pytest.raises(ValueError, match="two CIN census returns"):
        assemble([Return(cin), Return(cin)])


# ------------------------------------------------------------------ rates and populations


def test_rates_use_the_latest_population_given_and_say_so():
    cin = cin_census(2026, [child("A", episodes=[episode("2025-05-01")])])
    results = run_results(["F03"], [cin], population={2025: 5_000})
    row = next(r for r in results.values.to_pylist()
               if r["period_id"] == year(2026) and r["breakdown"] == "all")
    assert row["value"] == pytest.approx(2.0)
    assert results.notes == ["Rates for 2025-26 use the population given for the year ending "
                             "March 2025."]
    results = run_results(["F03"], [cin])
    row = next(r for r in results.values.to_pylist()
               if r["period_id"] == year(2026) and r["breakdown"] == "all")
    assert (row["numerator"], row["value"]) == (1.0, None)
    assert "No child population was given" in results.notes[0]


# ------------------------------------------------------------------ breakdowns


def test_breakdowns_by_age_on_the_day_sex_ethnic_group_disability_and_team():
    earlier = cin_census(2025, [
        # Both born 29 February 2024: under 1 on 28 February 2025, 1 on 1 March 2025.
        child("A", dob="2024-02-29", sex="F", ethnicity="BAFR", disabilities=["AUT"],
              episodes=[episode("2025-03-01")]),
        child("C", dob="2024-02-29", sex="M", ethnicity="WBRI",
              episodes=[episode("2025-02-28")]),
    ])
    later = cin_census(2026, [
        child("B", dob="2009-05-01", sex="M", ethnicity="WIRT",
              episodes=[episode("2025-04-02")]),
    ])
    allocations = pa.table({"child_id": ["A"], "team": ["Safeguarding North"],
                            "service": ["Safeguarding"], "worker": ["S001"]},
                           schema=ALLOCATION_SCHEMA)
    values = run("F03", [earlier, later], population={2025: 1_000, 2026: 1_000},
                 allocations=allocations)
    quarter = "quarter:2025-03-31"
    assert values[(quarter, "age_band", "Under 1")][0] == 1.0  # C on 28 February
    assert values[(quarter, "age_band", "1 to 4")][0] == 1.0  # A on 1 March
    assert values[(quarter, "sex", "Female")][0] == 1.0
    assert values[(quarter, "ethnicity", "Black, African, Caribbean or Black British")][0] == 1.0
    assert values[(quarter, "disability", "Disabled")][0] == 1.0
    assert values[(quarter, "worker", "S001")][0] == 1.0
    march = "month:2025-03-31"
    assert values[(march, "team", "Safeguarding North")][0] == 1.0
    assert values[(march, "service", "Safeguarding")][0] == 1.0
    # A single month is broken down by team and service only.
    assert not [key for key in values if key[0] == march and key[1] == "sex"]
    june = "quarter:2025-06-30"
    assert values[(june, "team", "Not recorded")][0] == 1.0
    assert values[(june, "ethnicity", "White")][0] == 1.0
    assert values[(june, "age_band", "10 to 15")][0] == 1.0
    assert values[(june, "disability", "Not disabled")][0] == 1.0
    # A rate has no value for a breakdown: there is no population by team.
    assert values[(march, "team", "Safeguarding North")][2] is None


def test_sex_is_read_from_gender_current_before_2024_25():
    cin = cin_census(2024, [child("A", sex="F", episodes=[episode("2023-05-01")])])
    values = run("F03", [cin], population={2024: 1_000})
    assert values[(year(2024), "sex", "Female")][0] == 1.0


# ------------------------------------------------------------------ drill-down and errors


def test_drill_down_keeps_the_units_of_the_latest_period_of_each_type():
    cin = cin_census(2026, [one_assessment("A", "2025-04-01", "2025-04-10"),
                            one_assessment("B", "2026-03-02", "2026-03-20")])
    units = run_results(["F09"], [cin]).units.to_pylist()
    by_period: dict[str, set[str]] = {}
    for unit in units:
        by_period.setdefault(unit["period_id"], set()).add(unit["child_id"])
    assert by_period == {year(2026): {"A", "B"}, "rolling_12:2026-03-31": {"A", "B"},
                         "quarter:2026-03-31": {"B"}, "month:2026-03-31": {"B"}}


def test_an_indicator_without_its_data_says_why():
    results = run_results(["F09", "L01"], [cin_census(2026, [])])
    assert results.not_computed == {"L01": "no data loaded for ssda903"}


def test_a_broken_definition_is_an_error_naming_the_indicator():
    broken = Indicator(code="X01", title="Broken", domain=Domain.FRONT_DOOR, kind=Kind.COUNT,
                       polarity=Polarity.NEITHER, unit="referral", numerator="", denominator="",
                       period_rule=PeriodRule.EVENTS, sources=("cin_referrals",),
                       sql="SELECT child_id FROM cin_referrals")
    inputs = assemble([Return(cin_census(2026, []))])
    with pytest.raises(IndicatorError, match="X01: its SQL must return"):
        compute(inputs, [broken])


def test_every_indicator_in_the_catalogue_runs_on_empty_returns():
    """Each definition is valid SQL against the model tables (whatever data is loaded)."""
    inputs = assemble([Return(cin_census(2025, [])), Return(cin_census(2026, []))])
    every_source = [(date(2023, 4, 1), date(2026, 3, 31))]
    sources = ["cin_census", "ssda903"] + [f"annex_a_list_{n}" for n in range(1, 12)]
    inputs.coverage = dict.fromkeys(sources, every_source)
    inputs.extracts = [date(2026, 3, 31)]
    results = compute(inputs, CATALOGUE)
    assert results.not_computed == {}
    assert results.values.num_rows > 0


def test_catalogue_codes_are_unique_and_declared_completely():
    codes = [indicator.code for indicator in CATALOGUE]
    assert len(codes) == len(set(codes))
    for indicator in CATALOGUE:
        assert indicator.title, indicator.code
        assert indicator.numerator, indicator.code
        assert indicator.denominator, indicator.code
        assert indicator.sources, indicator.code


def test_the_catalogue_document_is_up_to_date():
    from pathlib import Path

    from clearsight_analytics.indicators.document import catalogue_markdown

    committed = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"
    assert committed.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/indicators.md is out of date: run "
        "`uv run python -m clearsight_analytics.indicators.document > docs/indicators.md`")
