"""Children in need and child protection (C01-C19): each indicator on a few hand-made rows read
through the real readers, with the expected figures worked out by hand in the comments."""

from datetime import date

import pytest

from clearsight_analytics.indicators import Return
from clearsight_analytics.ingest import Loaded
from clearsight_analytics.tests.builders import (
    annex_a,
    child,
    cin_census,
    cpp,
    episode,
    run,
    run_results,
    year,
)

ALL = "all", "All"
POPULATION = {2024: 10_000, 2025: 10_000, 2026: 10_000}


def plan_child(child_id: str, referral: str, *plans: dict, closure: str | None = None,
               **extra: object) -> dict:
    """A child with one episode of need holding the given plans."""
    reason = "RC7" if closure else None
    return child(child_id, episodes=[episode(referral, closure=closure, reason=reason,
                                             cpps=plans, **extra)])  # type: ignore[arg-type]


def details(code: str, returns: list[Loaded | Return], period: str) -> dict[str, str]:
    units = run_results([code], returns).units.to_pylist()
    return {u["child_id"]: u["detail"] for u in units if u["period_id"] == period}


# ------------------------------------------------------------------ C01, C04: CIN at a date


def test_children_in_need_on_the_last_day_count_open_episodes_without_nfa():
    cin = cin_census(2026, [
        child("A", episodes=[episode("2025-04-10", need="N1")]),
        # B's episode closed on 31 March itself: not open that day.
        child("B", episodes=[episode("2025-05-01", closure="2026-03-31", reason="RC7")]),
        # C's referral led to no further action: never an episode of need.
        child("C", episodes=[episode("2025-06-01", nfa=True)]),
        # D had two episodes; only the second is open on 31 March.
        child("D", episodes=[episode("2025-04-01", closure="2025-08-01", reason="RC7"),
                             episode("2025-09-01", need="N5")]),
        # E's episode began in an earlier year and has no primary need recorded.
        child("E", episodes=[episode("2024-01-15", need=None)]),
    ])
    rate = run("C01", [cin], population=POPULATION)
    # 31 March 2026: A, D's second episode and E = 3; 3 / 10,000 x 10,000 = 3.0.
    assert rate[(year(2026), *ALL)] == (3.0, 10_000.0, pytest.approx(3.0))
    # 30 June 2025: A, B, D's first episode and E = 4 (a snapshot is not annualised).
    assert rate[("month:2025-06-30", *ALL)] == (4.0, 10_000.0, pytest.approx(4.0))
    need = run("C04", [cin])
    # 31 March 2026: N1 for A only, of A (N1), D (N5) and E (none) = 1 / 3.
    assert need[(year(2026), *ALL)] == (1.0, 3.0, pytest.approx(100 / 3))


def test_an_episode_open_over_31_march_takes_its_closure_from_the_next_census():
    earlier = cin_census(2025, [child("A", episodes=[episode("2025-01-10")])])
    later = cin_census(2026, [child("A", episodes=[
        episode("2025-01-10", closure="2025-06-30", reason="RC7")])])
    rate = run("C01", [earlier, later], population=POPULATION)
    assert rate[(year(2025), *ALL)][0] == 1.0  # open on 31 March 2025
    assert rate[("month:2025-05-31", *ALL)][0] == 1.0
    assert rate[("month:2025-06-30", *ALL)][0] == 0.0  # closed on 30 June itself
    assert rate[(year(2026), *ALL)][0] == 0.0


# ------------------------------------------------------------------ C02, C03: episodes


def test_episodes_starting_and_ending_leave_out_nfa_referrals():
    cin = cin_census(2026, [
        child("A", episodes=[episode("2025-04-01")]),  # starts
        child("B", episodes=[episode("2025-05-01", closure="2025-07-01", reason="RC7")]),
        child("C", episodes=[episode("2025-06-01", closure="2025-06-01", reason="RC8",
                                     nfa=True)]),  # neither: NFA
        child("D", episodes=[episode("2024-02-01", closure="2025-09-30", reason="RC7")]),
    ])
    starts = run("C02a", [cin], population=POPULATION)
    # A and B started: 2 / 10,000 x 10,000 = 2.0.
    assert starts[(year(2026), *ALL)] == (2.0, 10_000.0, pytest.approx(2.0))
    # Both in April to June: 2 x 4 (a quarter's rate is annualised) = 8.0.
    assert starts[("quarter:2025-06-30", *ALL)] == (2.0, 10_000.0, pytest.approx(8.0))
    ends = run("C02b", [cin], population=POPULATION)
    # B (1 July) and D (30 September) ended: 2.0; both in July to September.
    assert ends[(year(2026), *ALL)] == (2.0, 10_000.0, pytest.approx(2.0))
    assert ends[("quarter:2025-09-30", *ALL)][0] == 2.0
    assert ends[("quarter:2025-06-30", *ALL)][0] == 0.0  # C's NFA closure is not counted


def test_episodes_lasting_two_years_reach_the_same_date_two_years_on():
    cin = cin_census(2026, [
        # 10 June 2023 to 9 June 2025: a day short of two years.
        child("A", episodes=[episode("2023-06-10", closure="2025-06-09", reason="RC7")]),
        # 10 June 2023 to 10 June 2025: two years.
        child("B", episodes=[episode("2023-06-10", closure="2025-06-10", reason="RC7")]),
        # 29 February 2024: two years on is 28 February 2026.
        child("C", episodes=[episode("2024-02-29", closure="2026-02-28", reason="RC7")]),
        # 1 March 2024 to 28 February 2026: short of 1 March 2026.
        child("D", episodes=[episode("2024-03-01", closure="2026-02-28", reason="RC7")]),
        child("E", episodes=[episode("2025-05-01", closure="2025-05-01", reason="RC8",
                                     nfa=True)]),  # NFA: left out
        child("F", episodes=[episode("2023-01-01")]),  # still open: left out
    ])
    values = run("C03", [cin])
    # B and C of A, B, C, D: 2 / 4 = 50%.
    assert values[(year(2026), *ALL)] == (2.0, 4.0, 50.0)


# ------------------------------------------------------------------ C05, C06, C08: S47 and ICPCs


def enquiries_2026() -> Loaded:
    return cin_census(2026, [
        # Thursday 17 April 2025 + 15 working days (Good Friday, Easter Monday and the
        # 5 May bank holiday skipped) = Tuesday 13 May: in time.
        child("A", episodes=[episode("2025-04-15", s47=[("2025-04-17", "2025-05-13")])]),
        child("B", episodes=[episode("2025-04-15", s47=[("2025-04-17", "2025-05-14")])]),
        # C's enquiry needed no conference.
        child("C", episodes=[episode("2025-06-01", s47=[("2025-06-02", None, True)])]),
        # D transferred in: a conference on the episode, no enquiry.
        child("D", episodes=[episode("2025-07-01", icpc="2025-07-10")]),
        # E's conference date is recorded on the enquiry and on the episode: one conference.
        child("E", episodes=[episode("2025-08-01", icpc="2025-08-20",
                                     s47=[("2025-08-04", "2025-08-20")])]),
        # F's episode has an enquiry, so only the enquiry's date counts.
        child("F", episodes=[episode("2025-09-01", icpc="2025-09-22",
                                     s47=[("2025-09-01", "2025-09-19")])]),
    ])


def test_section_47_enquiries_and_conferences_per_10000():
    cin = enquiries_2026()
    s47 = run("C05", [cin], population=POPULATION)
    # Enquiries of A, B, C, E and F: 5 / 10,000 x 10,000 = 5.0.
    assert s47[(year(2026), *ALL)] == (5.0, 10_000.0, pytest.approx(5.0))
    icpcs = run("C06", [cin], population=POPULATION)
    # Conferences of A, B, D (transfer-in), E (once) and F (once) = 5.
    assert icpcs[(year(2026), *ALL)] == (5.0, 10_000.0, pytest.approx(5.0))
    # In July to September: D (10 July), E (20 August) and F (19 September) = 3, x 4 = 12.0.
    assert icpcs[("quarter:2025-09-30", *ALL)] == (3.0, 10_000.0, pytest.approx(12.0))


def test_conferences_within_15_working_days_count_from_day_zero_over_bank_holidays():
    cin = enquiries_2026()
    values = run("C08", [cin])
    # A 15 (in time), B 16 (late), E 4 August to 20 August = 12, F 1 to 19 September = 14;
    # D's transfer-in conference has no enquiry and is left out: 3 / 4 = 75%.
    assert values[(year(2026), *ALL)] == (3.0, 4.0, 75.0)
    assert details("C08", [cin], year(2026)) == {
        "A": "15 working days", "B": "16 working days", "E": "12 working days",
        "F": "14 working days"}


def test_enquiries_and_plans_of_an_earlier_year_survive_the_next_census():
    # DfE's rules keep the enquiry (conference held in 2024-25) and the plan (ended in
    # 2024-25) out of the 2025-26 census, though the episode goes on.
    earlier = cin_census(2025, [child("A", episodes=[episode(
        "2024-05-01", s47=[("2024-05-10", "2024-05-30")],
        cpps=[cpp("2024-05-30", "2025-02-01")])])])
    later = cin_census(2026, [child("A", episodes=[episode("2024-05-01")])])
    returns = [earlier, later]
    for code in ("C05", "C06", "C11", "C12"):
        values = run(code, returns, population=POPULATION)
        assert values[(year(2025), *ALL)][0] == 1.0, code
        assert values[(year(2026), *ALL)][0] == 0.0, code


def test_a_plan_in_two_censuses_counts_once_with_the_later_details():
    earlier = cin_census(2025, [plan_child("A", "2025-01-05", cpp("2025-02-01"))])
    later = cin_census(2026, [plan_child("A", "2025-01-05", cpp("2025-02-01", "2025-06-01"))])
    starts = run("C11", [earlier, later], population=POPULATION)
    assert starts[(year(2025), *ALL)][0] == 1.0
    assert starts[(year(2026), *ALL)][0] == 0.0
    ends = run("C12", [earlier, later], population=POPULATION)
    assert ends[(year(2026), *ALL)][0] == 1.0


# ------------------------------------------------------------------ C07: S47 leading to an ICPC


def test_enquiries_leading_to_a_conference_leave_out_young_open_enquiries():
    cin = cin_census(2026, [
        child("A", episodes=[episode("2025-04-01", s47=[("2025-04-01", "2025-04-20")])]),
        child("B", episodes=[episode("2025-05-01", s47=[("2025-05-01", None, True)])]),
        # C: no outcome; 2 June to 30 June 2025 is 20 working days, so counted as open.
        child("C", episodes=[episode("2025-06-02", s47=[("2025-06-02", None)])]),
        # D: no outcome; 20 to 31 March 2026 is 7 working days: left out of the year.
        child("D", episodes=[episode("2026-03-20", s47=[("2026-03-20", None)])]),
        # E: no outcome; 20 to 30 June 2025 is 6 working days: left out of June and the
        # quarter, but counted by the year's end.
        child("E", episodes=[episode("2025-06-20", s47=[("2025-06-20", None)])]),
    ])
    values = run("C07", [cin])
    # Year: A of A, B, C and E = 1 / 4 = 25%.
    assert values[(year(2026), *ALL)] == (1.0, 4.0, 25.0)
    # June 2025: C only (E left out) = 0 / 1.
    assert values[("month:2025-06-30", *ALL)] == (0.0, 1.0, 0.0)
    # April to June 2025: A of A, B and C = 1 / 3.
    assert values[("quarter:2025-06-30", *ALL)] == (1.0, 3.0, pytest.approx(100 / 3))


# ------------------------------------------------------------------ C09: ICPC resulting in a CPP


def test_conferences_resulting_in_a_plan_starting_the_same_day():
    cin = cin_census(2026, [
        plan_child("A", "2025-05-01", cpp("2025-05-20"), s47=[("2025-05-01", "2025-05-20")]),
        plan_child("B", "2025-06-02", s47=[("2025-06-02", "2025-06-20")]),  # no plan
        # C's plan started on the next working day, not on the conference's day.
        plan_child("C", "2025-07-01", cpp("2025-07-21"), s47=[("2025-07-01", "2025-07-18")]),
        plan_child("D", "2025-09-01", cpp("2025-09-10"), icpc="2025-09-10"),  # transfer-in
    ])
    values = run("C09", [cin])
    # A and D of A, B, C and D: 2 / 4 = 50%.
    assert values[(year(2026), *ALL)] == (2.0, 4.0, 50.0)


# ------------------------------------------------------------------ C11-C13, C18: plans starting


def plans_2026() -> Loaded:
    return cin_census(2026, [
        plan_child("A", "2025-04-01", cpp("2025-04-10", initial="NEG", previous=0)),
        child("B", episodes=[
            episode("2025-04-20", closure="2025-11-01", reason="RC7",
                    cpps=[cpp("2025-05-01", "2025-11-01", initial="PHY", previous=2)]),
            episode("2025-12-20", cpps=[cpp("2026-01-05", initial="EMO", previous=3)])]),
        # C's plan started in the year before and ended in this one.
        plan_child("C", "2024-05-01", cpp("2024-06-01", "2025-06-30", initial="SAB")),
        plan_child("D", "2025-07-01", cpp("2025-08-01", initial="MUL", previous=1)),
    ])


def test_plans_starting_and_ending_per_10000_count_each_plan():
    cin = plans_2026()
    starts = run("C11", [cin], population=POPULATION)
    # A, B's two plans and D: 4 / 10,000 x 10,000 = 4.0.
    assert starts[(year(2026), *ALL)] == (4.0, 10_000.0, pytest.approx(4.0))
    ends = run("C12", [cin], population=POPULATION)
    # B's first plan (1 November) and C's (30 June): 2.0.
    assert ends[(year(2026), *ALL)] == (2.0, 10_000.0, pytest.approx(2.0))
    # One ended in October to December: 1 x 4 = 4.0.
    assert ends[("quarter:2025-12-31", *ALL)] == (1.0, 10_000.0, pytest.approx(4.0))


def test_second_or_later_plans_use_the_number_of_previous_plans():
    values = run("C13", [plans_2026()])
    # B (2 and 3 previous) and D (1) of the 4 starts; A had none: 3 / 4 = 75%.
    assert values[(year(2026), *ALL)] == (3.0, 4.0, 75.0)


@pytest.mark.parametrize(("code", "expected"), [
    ("C18a", 1.0),  # A: neglect
    ("C18b", 1.0),  # B's first plan: physical abuse
    ("C18c", 0.0),  # C's sexual abuse plan started the year before
    ("C18d", 1.0),  # B's second plan: emotional abuse
    ("C18e", 1.0),  # D: multiple
])
def test_plan_starts_by_initial_category(code, expected):
    values = run(code, [plans_2026()])
    # Of the 4 plans starting in 2025-26.
    assert values[(year(2026), *ALL)] == (expected, 4.0, 25.0 * expected)


# ------------------------------------------------------------------ C14: repeat within 2 years


def test_repeat_plans_within_two_years_look_back_into_earlier_censuses():
    census_2024 = cin_census(2024, [
        plan_child("A", "2023-04-20", cpp("2023-05-01", "2024-03-01"), closure="2024-03-01"),
        # B's plan ended on 29 February 2024, a day before the two years from 1 March 2026.
        plan_child("B", "2023-04-20", cpp("2023-05-01", "2024-02-29"), closure="2024-02-29"),
    ])
    census_2025 = cin_census(2025, [
        plan_child("C", "2024-05-20", cpp("2024-06-01", "2025-02-28"), closure="2025-02-28"),
    ])
    census_2026 = cin_census(2026, [
        # A: 1 March 2026 less two years is 1 March 2024, the day A's plan ended: a repeat.
        plan_child("A", "2026-02-01", cpp("2026-03-01")),
        plan_child("B", "2026-02-01", cpp("2026-03-01")),  # not a repeat
        plan_child("C", "2026-02-01", cpp("2026-02-28")),  # ended a year before: a repeat
        # D's first plan ended the day the second started: a repeat; the first is not.
        child("D", episodes=[episode("2025-04-01", cpps=[cpp("2025-04-01", "2025-09-01"),
                                                         cpp("2025-09-01")])]),
        plan_child("E", "2025-10-01", cpp("2025-10-01")),  # a first plan
    ])
    values = run("C14", [census_2024, census_2025, census_2026])
    # Starts in 2025-26: A, B, C, D's two and E = 6; repeats A, C and D's second = 3 / 6.
    assert values[(year(2026), *ALL)] == (3.0, 6.0, 50.0)
    # 2024-25 would need 2022-23 loaded too.
    assert (year(2025), *ALL) not in values


# ------------------------------------------------------------------ C15, C16: 2 years or more


def test_open_plans_of_two_years_or_more_count_more_than_729_days():
    cin = cin_census(2026, [
        # 2 April 2024 to 31 March 2026 is 729 days counting both: not more than 729.
        plan_child("A", "2024-03-20", cpp("2024-04-02")),
        # 1 April 2024 to 31 March 2026 is 730 days: more than 729.
        plan_child("B", "2024-03-20", cpp("2024-04-01")),
        plan_child("C", "2024-12-20", cpp("2025-01-01")),
        # D's plan ended on 31 March itself: not open that day.
        plan_child("D", "2022-12-20", cpp("2023-01-01", "2026-03-31")),
    ])
    values = run("C15", [cin])
    # B of A, B and C: 1 / 3.
    assert values[(year(2026), *ALL)] == (1.0, 3.0, pytest.approx(100 / 3))
    assert details("C15", [cin], year(2026)) == {"A": "729 days", "B": "730 days",
                                                 "C": "455 days"}


def test_plans_ending_after_more_than_729_days_including_the_day_they_end():
    cin = cin_census(2026, [
        # 1 June 2023 to 30 May 2025: 730 days counting both ends (29 February 2024
        # between): more than 729, so two years or more.
        plan_child("A", "2023-05-20", cpp("2023-06-01", "2025-05-30")),
        # 1 June 2023 to 29 May 2025: 729 days: not more than 729.
        plan_child("B", "2023-05-20", cpp("2023-06-01", "2025-05-29")),
        plan_child("C", "2024-12-20", cpp("2025-01-01", "2025-12-01")),
    ])
    values = run("C16", [cin])
    # A of A, B and C: 1 / 3.
    assert values[(year(2026), *ALL)] == (1.0, 3.0, pytest.approx(100 / 3))
    assert details("C16", [cin], year(2026))["A"] == "730 days"
    assert details("C16", [cin], year(2026))["B"] == "729 days"


# ------------------------------------------------------------------ C17: reviews in time


def test_reviews_in_time_use_calendar_months_with_29_february():
    cin = cin_census(2024, [
        # 30 November 2023 + 3 months = 29 February 2024 (a leap year): on time.
        plan_child("A", "2023-11-01", cpp("2023-11-30", reviews=["2024-02-29"])),
        plan_child("B", "2023-11-01", cpp("2023-11-30", reviews=["2024-03-01"])),  # late
        # C: first review due 31 March 2024, the snapshot day itself: not yet late.
        plan_child("C", "2023-12-01", cpp("2023-12-31")),
        # D: on the plan under three months on 31 March (due 2 April): left out.
        plan_child("D", "2023-12-01", cpp("2024-01-02")),
        # E: 15 April + 3 months = 15 July (held 14 July); 14 July + 6 months = 14 January,
        # held 15 January: late.
        plan_child("E", "2023-04-01", cpp("2023-04-15", reviews=["2023-07-14", "2024-01-15"])),
        # F: 10 June + 3 months = 10 September (held 8 September); + 6 months = 8 March,
        # held that day: on time.
        plan_child("F", "2023-06-01", cpp("2023-06-10", reviews=["2023-09-08", "2024-03-08"])),
        # G: reviewed 20 July 2023, then none: the next was due 20 January 2024: overdue.
        plan_child("G", "2023-04-01", cpp("2023-04-20", reviews=["2023-07-20"])),
    ])
    values = run("C17", [cin])
    # Denominator A, B, C, E, F, G = 6; on time A, C and F = 3 / 6.
    assert values[(year(2024), *ALL)] == (3.0, 6.0, 50.0)


def test_reviews_in_time_across_two_censuses_and_short_februaries():
    census_2024 = cin_census(2024, [
        plan_child("M", "2023-09-20", cpp("2023-10-01", reviews=["2023-12-20"])),
    ])
    census_2025 = cin_census(2025, [
        # 30 November 2024 + 3 months = 28 February 2025 (not a leap year).
        plan_child("H", "2024-11-01", cpp("2024-11-30", reviews=["2025-03-01"])),  # late
        plan_child("I", "2024-11-01", cpp("2024-11-30", reviews=["2025-02-28"])),  # on time
        # K: 29 February 2024 + 6 months = 29 August 2024; + 6 months = 28 February 2025.
        plan_child("K", "2023-11-20", cpp("2023-12-01", reviews=[
            "2024-02-29", "2024-08-29", "2025-02-28"])),
        plan_child("L", "2023-11-20", cpp("2023-12-01", reviews=[
            "2024-02-29", "2024-08-30"])),  # a day late
        # M's first review (20 December 2023) is only in the 2023-24 census: with it the
        # chain is on time (due 1 January 2024, then 20 June, then 15 December 2024, and
        # 10 June 2025 after 31 March).
        plan_child("M", "2023-09-20", cpp("2023-10-01", reviews=["2024-06-15", "2024-12-10"])),
    ])
    values = run("C17", [census_2024, census_2025])
    # 31 March 2025: H, I, K, L, M; on time I, K and M = 3 / 5.
    assert values[(year(2025), *ALL)] == (3.0, 5.0, 60.0)


# ------------------------------------------------------------------ C19: Annex A List 7 visits


def list_7(child_id: str, *, visit: str | None = None, alone: str | None = None,
           end: str | None = None, dob: str = "2015-01-01", team: str = "CP Team 1") -> dict:
    return {"Child Unique ID": child_id, "Gender": "a) Male", "Ethnicity": "a) WBRI",
            "Date of Birth": dob, "Child Protection Plan Start Date": "2025-06-01",
            "Initial Category of Abuse": "a) Neglect", "Latest Category of Abuse": "a) Neglect",
            "Date of the Last Statutory Visit": visit, "Was the Child Seen Alone?": alone,
            "Child Protection Plan End Date": end, "Allocated Team": team,
            "Allocated Worker": "W1"}


def test_visits_within_10_working_days_and_seen_alone_at_the_extract_date():
    extract = Return(annex_a(7, [
        # Friday 19 December 2025 + 10 working days (Christmas, Boxing Day and New Year's
        # Day skipped) = Wednesday 7 January 2026, the extract date: in time.
        list_7("A", visit="2025-12-19", alone="a) Yes"),
        list_7("A", visit="2025-12-19", alone="a) Yes"),  # the same child twice: once
        list_7("B", visit="2025-12-18", alone="b) No", team="CP Team 2"),  # 11: late
        list_7("C"),  # no visit recorded
        list_7("D", visit="2026-01-06", alone="a) Yes", end="2026-01-05"),  # plan ended
        # E is unborn: visited in time, but cannot be seen alone.
        list_7("E", visit="2026-01-06", dob="2026-02-10"),
    ]), as_at=date(2026, 1, 7))
    period = "extract:2026-01-07"
    visits = run("C19a", [extract])
    # A and E of A, B, C and E: 2 / 4 = 50%.
    assert visits[(period, *ALL)] == (2.0, 4.0, 50.0)
    # The team is the one the list gives.
    assert visits[(period, "team", "CP Team 1")] == (2.0, 3.0, pytest.approx(200 / 3))
    assert visits[(period, "team", "CP Team 2")] == (0.0, 1.0, 0.0)
    alone = run("C19b", [extract])
    # A of A, B and C (E unborn): 1 / 3.
    assert alone[(period, *ALL)] == (1.0, 3.0, pytest.approx(100 / 3))
