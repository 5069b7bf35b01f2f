"""The parts of Demoshire's history behind indicators a council would find odd if they were far
from England's: repeat child protection plans, reviews on time, returns to care, reversed
adoption decisions, supported accommodation and exploitation found at assessment.

Measured on the default Demoshire (seed 2026, 1,500 open cases) over whole collection years,
from the generator's own records; test_returns.py checks that the files read cleanly.
"""

from collections import Counter
from datetime import date

import pytest

from clearsight.demo import codes
from clearsight.demo.generator import (
    SUPPORTED_FROM,
    Authority,
    add_months,
    collection_year,
    generate,
)
from clearsight_analytics import WorkingDayCalendar

AS_OF = date(2026, 3, 31)
YEARS = (2024, 2025, 2026)  # 2023-24 to 2025-26, each a whole year


@pytest.fixture(scope="module")
def demoshire() -> Authority:
    return generate(seed=2026, open_cases=1500, as_of=AS_OF)


def in_year(day: date | None, year: int) -> bool:
    return day is not None and date(year - 1, 4, 1) <= day <= date(year, 3, 31)


def test_about_a_quarter_of_plans_starting_are_second_or_later_plans(
        demoshire: Authority) -> None:
    """England 2024-25: 24.5% (NumberOfPreviousCPP above 0)."""
    for year in YEARS:
        plans = [(child, plan) for child in demoshire.children for e in child.cin_episodes
                 for plan in e.protection_plans if in_year(plan.start, year)]
        repeats = [(child, plan) for child, plan in plans if plan.previous_plans > 0]
        assert 0.17 <= len(repeats) / len(plans) <= 0.33, (year, len(repeats), len(plans))
        for child, plan in repeats:
            # a baby's earlier plan is one the history holds
            if (child.age_on(plan.start) or 0) < 1:
                earlier = [p for e in child.cin_episodes for p in e.protection_plans
                           if p.start < plan.start]
                assert len(earlier) >= plan.previous_plans


def test_child_protection_reviews_are_mostly_on_time(demoshire: Authority) -> None:
    """England 2024-25: 90.6% of children on a plan for three months had every review on time
    (the first within three months of the plan starting, then within six months)."""
    for year in YEARS:
        day = date(year, 3, 31)
        on_time = []
        for child in demoshire.children:
            for episode in child.cin_episodes:
                for plan in episode.protection_plans:
                    if not (plan.start <= day < (plan.end or date.max)) or add_months(
                            plan.start, 3) > day:
                        continue
                    held = [r for r in plan.reviews if r <= day]
                    due = [add_months(plan.start, 3)] + [add_months(r, 6) for r in held]
                    on_time.append(all(r <= d for r, d in zip([*held, day], due, strict=True)))
        assert 0.82 <= sum(on_time) / len(on_time) <= 0.98, (year, len(on_time))


def test_looked_after_reviews_follow_regulation_33(demoshire: Authority) -> None:
    """The first review within 20 working days of coming into care, the second within three
    months, then every six months: about nine in ten on time."""
    calendar = WorkingDayCalendar()
    on_time = []
    for child in demoshire.children:
        for period in child.care_periods:
            due = calendar.add_working_days(period.start, 20)
            for n, (day, _) in enumerate(period.reviews):
                assert day >= period.start
                if day >= date(YEARS[0] - 1, 4, 1):
                    on_time.append(day <= due)
                due = add_months(day, 3 if n == 0 else 6)
    assert 0.85 <= sum(on_time) / len(on_time) <= 0.96


def test_some_children_come_back_into_care_within_a_year(demoshire: Authority) -> None:
    starts = again = 0
    for child in demoshire.children:
        periods = sorted(child.care_periods, key=lambda p: p.start)
        for n, period in enumerate(periods):
            if not in_year(period.start, YEARS[-1]) and not in_year(period.start, YEARS[-2]):
                continue
            starts += 1
            if period.second_period:
                again += 1
                earlier = periods[n - 1]
                assert n > 0
                assert earlier.end is not None
                assert earlier.reason in ("E4A", "E4B")
                assert add_months(period.start, -12) <= earlier.end < period.start
    assert 0.03 <= again / starts <= 0.12, (again, starts)


def test_a_few_adoption_decisions_are_reversed_each_year(demoshire: Authority) -> None:
    reversed_in: Counter[int] = Counter()
    for child in demoshire.children:
        record = child.adoption
        if record is None or record.reversed_on is None:
            continue
        assert record.entered_care < record.decision < record.reversed_on <= AS_OF
        assert record.adoption_order is None
        assert record.placement_order is None
        assert record.reversed_reason in codes.REASONS_PLACED_CEASED
        # the child was in care when the decision was reversed
        assert any(p.start <= record.reversed_on <= (p.end or date.max)
                   for p in child.care_periods)
        reversed_in[collection_year(record.reversed_on)] += 1
    for year in YEARS:
        assert 1 <= reversed_in[year] <= 9, reversed_in


def test_supported_accommodation_is_for_16_and_17_year_olds_from_april_2024(
        demoshire: Authority) -> None:
    supported = 0
    for child in demoshire.children:
        for period in child.care_periods:
            for episode in period.episodes:
                if episode.placement.place != "K3":
                    continue
                assert episode.placement.day >= SUPPORTED_FROM
                assert 16 <= (child.age_on(episode.placement.day) or 0) <= 17
            last = period.episodes[-1] if period.end is None else None
            supported += last is not None and last.placement.place == "K3"
    looked_after = sum(1 for child in demoshire.children for p in child.care_periods
                       if p.end is None)
    # England: 9% of children looked after at 31 March 2025 (H5, P2 and K3)
    assert 0.04 <= supported / looked_after <= 0.14, (supported, looked_after)


def test_exploitation_is_found_at_assessment_outside_get_safe_too(
        demoshire: Authority) -> None:
    """England 2024-25: criminal exploitation (24A) at 3.2% of assessments with factors,
    sexual exploitation (11A) at 2.4%."""
    factors = [a.factors for child in demoshire.children for e in child.cin_episodes
               for a in e.assessments if in_year(a.authorised, YEARS[-1]) and a.factors
               and a.factors != ("21",)]
    for code in ("24A", "11A"):
        share = sum(code in found for found in factors) / len(factors)
        assert 0.01 <= share <= 0.06, (code, share)


def test_missing_and_away_are_near_englands(demoshire: Authority) -> None:
    """England 2024-25: 11% of children looked after went missing, 3% were away without
    authorisation."""
    looked_after: dict[int, set[str]] = {year: set() for year in YEARS}
    missing: dict[tuple[int, str], set[str]] = {}
    for child in demoshire.children:
        for period in child.care_periods:
            for year in YEARS:
                if period.start <= date(year, 3, 31) and (period.end or date.max) >= date(
                        year - 1, 4, 1):
                    looked_after[year].add(child.child_id)
            for kind, start, _ in period.missing:
                year = collection_year(start)
                missing.setdefault((year, kind), set()).add(child.child_id)
    for year in YEARS:
        went = len(missing.get((year, "M"), set())) / len(looked_after[year])
        away = len(missing.get((year, "A"), set())) / len(looked_after[year])
        assert 0.04 <= went <= 0.16, (year, went)
        assert 0.01 <= away <= 0.06, (year, away)

