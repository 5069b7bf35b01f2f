"""Front-door indicators (data-standards.md section 4.1), each on a few hand-made rows read
through the real readers. Expected values are worked out by hand in the comments."""

from datetime import date
from typing import Any

import pytest

from clearsight_analytics.indicators import BY_CODE, Return
from clearsight_analytics.indicators.catalogue import front_door
from clearsight_analytics.indicators.definition import Kind, PeriodRule
from clearsight_analytics.ingest import Loaded
from clearsight_analytics.tests.builders import (
    annex_a,
    child,
    cin_census,
    cpp,
    episode,
    merge_annex_a,
    run,
    run_results,
    year,
)

ALL = "all", "All"


def extract(as_at: str, lists: dict[int, list[dict[str, Any]]]) -> Return:
    """An Annex A return of the given lists, extracted on `as_at`."""
    loaded: Loaded = merge_annex_a(*(annex_a(number, rows) for number, rows in lists.items()))
    return Return(loaded, as_at=date.fromisoformat(as_at))


def contact(child_id: str, day: str, source: str = "q) 6: Police") -> dict[str, Any]:
    return {"Child Unique ID": child_id, "Date of Contact": day, "Contact Source": source}


def aa_referral(child_id: str, day: str) -> dict[str, Any]:
    return {"Child Unique ID": child_id, "Date of Referral": day,
            "Referral Source": "q) 6: Police", "Referral NFA?": "b) No"}


def aa_assessment(child_id: str, start: str, authorised: str | None, seen: str | None,
                  support: str | None, team: str | None = None) -> dict[str, Any]:
    return {"Child Unique ID": child_id, "Continuous Assessment Start Date": start,
            "Child Seen During Continuous Assessment": seen,
            "Continuous Assessment Date of Authorisation": authorised,
            "Was the child assessed as requiring LA children's social care support?": support,
            "Allocated Team": team}


def early_help(child_id: str, start: str) -> dict[str, Any]:
    return {"Child Unique ID": child_id, "Assessment start date": start,
            "Organisation completing assessment": "Family Hub"}


def referred(child_id: str, day: str, **details: Any) -> dict[str, Any]:
    return child(child_id, episodes=[episode(day, **details)])


# ------------------------------------------------------------------ the catalogue


def test_every_front_door_measure_is_declared_once_with_its_rule():
    codes = [indicator.code for indicator in front_door.INDICATORS]
    assert codes == ["F01", "F02", "F03", "F04", "F05", "F06", "F07a", "F07b", "F07c", "F07d",
                     "F07e", "F07f", "F08", "F09", "F10", "F10m", "F11", "F12", "F13a", "F13b",
                     "F13c", "F13d", "F13e", "F14"]
    for code in ("F01", "F02", "F10", "F10m", "F11", "F12", "F14"):
        assert BY_CODE[code].local, code
    assert BY_CODE["F10m"].kind == Kind.MEDIAN
    assert all(BY_CODE[f"F13{letter}"].period_rule == PeriodRule.PERIOD for letter in "abcde")
    assert "30 calendar days" in BY_CODE["F02"].conventions[0]
    assert "not doubled" in BY_CODE["F01"].conventions[0]


# ------------------------------------------------------------------ F01 contacts


def test_contacts_are_counted_per_child_and_annualised_by_the_engine_not_doubled():
    spring = extract("2025-09-30", {1: [
        contact("A", "2025-04-01"),
        # B: two contacts the same day from different sources are two contacts.
        contact("B", "2025-04-15", "e) 2A: Schools"),
        contact("B", "2025-04-15", "g) 3A: Health services"),
        contact("C", "2025-09-30"),  # the extract's own day
    ]})
    autumn = extract("2026-03-31", {1: [
        # D's contact listed twice (same child, day and source) is one contact.
        contact("D", "2025-10-01", "a) 1A: Individual"),
        contact("D", "2025-10-01", "a) 1A: Individual"),
        # One contact about three children: three rows, three contacts.
        contact("E1", "2026-02-28"), contact("E2", "2026-02-28"), contact("E3", "2026-02-28"),
    ]})
    population = {2026: 10_000}
    values = run("F01", [spring, autumn], population=population)
    # April 2025: A, B, B = 3 contacts; 3 / 10,000 x 10,000 x 12 months = 36 a year.
    assert values[("month:2025-04-30", *ALL)] == (3.0, 10_000.0, pytest.approx(36.0))
    # Q1 (April to June): the same 3 contacts, x 4 quarters = 12.
    assert values[("quarter:2025-06-30", *ALL)] == (3.0, 10_000.0, pytest.approx(12.0))
    assert values[("month:2025-09-30", *ALL)][0] == 1.0  # C
    assert values[("month:2025-10-31", *ALL)][0] == 1.0  # D once
    assert values[("month:2026-02-28", *ALL)] == (3.0, 10_000.0, pytest.approx(36.0))
    # The two extracts cover the whole year: 3 + 1 + 1 + 3 = 8 contacts, rate 8.0, not x2.
    assert values[(year(2026), *ALL)] == (8.0, 10_000.0, pytest.approx(8.0))

    only_autumn = run("F01", [autumn], population=population)
    assert (year(2026), *ALL) not in only_autumn  # six months are not a year
    # Q4 (January to March 2026): the 3 contacts of 28 February, x 4 = 12.
    assert only_autumn[("quarter:2026-03-31", *ALL)] == (3.0, 10_000.0, pytest.approx(12.0))
    assert ("month:2025-09-30", *ALL) not in only_autumn  # before its six months


# ------------------------------------------------------------------ F02 contacts to referrals


def test_a_contact_leads_to_a_referral_of_the_same_child_within_30_days():
    lists = {
        1: [
            contact("A", "2025-10-06"),  # referred 5 November: 25 + 5 = 30 days, counts
            contact("A", "2025-10-20"),  # the same referral, 16 days later: counts too
            contact("B", "2025-10-06"),  # referred 6 November: 31 days, too late
            contact("C", "2025-10-10"),  # referred the same day (day 0) and again: counts once
            contact("D", "2025-10-20"),  # referred only before the contact: does not count
            contact("F", "2025-10-15"),  # G, not F, was referred: does not count
            contact("E", "2026-03-10"),  # 30 days end 9 April, after the extract: left out
        ],
        3: [
            aa_referral("A", "2025-11-05"), aa_referral("B", "2025-11-06"),
            aa_referral("C", "2025-10-10"), aa_referral("C", "2025-10-12"),
            aa_referral("D", "2025-10-15"), aa_referral("G", "2025-10-16"),
            aa_referral("E", "2026-03-11"),
        ],
    }
    values = run("F02", [extract("2026-03-31", lists)])
    # October: 6 contacts (A, A, B, C, D, F), 3 led to a referral (A, A, C): 50%.
    assert values[("month:2025-10-31", *ALL)] == (3.0, 6.0, 50.0)
    assert values[("quarter:2025-12-31", *ALL)] == (3.0, 6.0, 50.0)
    # March: E's 30 days have not passed, so no contacts to judge yet: no value.
    assert values[("month:2026-03-31", *ALL)] == (0.0, 0.0, None)


def test_contacts_to_referrals_count_30_days_across_29_february():
    lists = {
        1: [contact("H", "2028-02-10"), contact("J", "2028-02-10"),
            contact("K", "2028-02-29")],
        3: [
            # 10 February 2028 + 30 days: 19 days to 29 February, then 11 March.
            aa_referral("H", "2028-03-11"),
            aa_referral("J", "2028-03-12"),  # 31 days
            aa_referral("K", "2028-03-30"),  # 29 February + 30 days = 30 March
        ],
    }
    values = run("F02", [extract("2028-03-31", lists)])
    assert values[("month:2028-02-29", *ALL)] == (2.0, 3.0, pytest.approx(200 / 3))


# ------------------------------------------------------------------ F05, F06 referral outcomes


def test_referrals_resulting_in_no_further_action():
    cin = cin_census(2026, [
        referred("A", "2025-04-01", nfa=True, closure="2025-04-01", reason="RC8"),
        referred("B", "2025-06-01", assessments=[("2025-06-02", "2025-07-01")]),
        referred("C", "2026-03-31", nfa=True),  # the last day of the year
        referred("D", "2025-12-01"),
        # E was referred twice, both NFA: each referral counts.
        child("E", episodes=[
            episode("2025-05-01", nfa=True, closure="2025-05-01", reason="RC8"),
            episode("2025-05-20", nfa=True, closure="2025-05-20", reason="RC8")]),
    ])
    values = run("F05", [cin])
    # 6 referrals (A, B, C, D, E, E); NFA: A, C, E, E = 4.
    assert values[(year(2026), *ALL)] == (4.0, 6.0, pytest.approx(400 / 6))
    assert values[("quarter:2026-03-31", *ALL)] == (1.0, 1.0, 100.0)  # C
    assert values[("quarter:2025-09-30", *ALL)] == (0.0, 0.0, None)  # no referrals


def test_referrals_assessed_as_not_in_need_need_an_assessment_rc8_or_rc9_and_nothing_else():
    assessed = [("2025-05-01", "2025-05-20")]
    cin_2026 = cin_census(2026, [
        referred("A", "2025-05-01", assessments=assessed, closure="2025-05-21", reason="RC8"),
        referred("B", "2025-05-01", assessments=assessed, closure="2025-05-21", reason="RC9"),
        referred("C", "2025-05-01", assessments=assessed, closure="2025-07-01", reason="RC8",
                 s47=[("2025-05-10", None, True)]),
        referred("D", "2025-05-01", assessments=assessed, closure="2025-09-01", reason="RC8",
                 plans=[("2025-05-21", "2025-08-31")]),
        referred("E", "2025-05-01", nfa=True, closure="2025-05-01", reason="RC8"),
        referred("F", "2025-05-01", assessments=assessed, closure="2025-05-21", reason="RC7"),
        referred("G", "2025-05-01", assessments=assessed),  # still open
        referred("H", "2025-05-01", assessments=assessed, closure="2025-10-01", reason="RC8",
                 s47=[("2025-05-10", "2025-05-20")], cpps=[cpp("2025-05-20", "2025-09-30")]),
        # I was referred in March 2026 and is still being assessed on 31 March.
        referred("I", "2026-03-02", assessments=[("2026-03-03", None)]),
    ])
    values = run("F06", [cin_2026])
    # 9 referrals; only A (RC8) and B (RC9) were assessed and closed with nothing else.
    assert values[(year(2026), *ALL)] == (2.0, 9.0, pytest.approx(200 / 9))
    # The 2026-27 census closes I's episode with RC8 on 20 April 2026: the referral was in
    # 2025-26, so that year becomes 3 of 9.
    cin_2027 = cin_census(2027, [
        referred("I", "2026-03-02", assessments=[("2026-03-03", "2026-04-15")],
                 closure="2026-04-20", reason="RC8")])
    values = run("F06", [cin_2026, cin_2027])
    assert values[(year(2026), *ALL)] == (3.0, 9.0, pytest.approx(300 / 9))
    assert values[(year(2027), *ALL)] == (0.0, 0.0, None)


# ------------------------------------------------------------------ F07 referral sources


def test_referral_sources_fall_in_six_groups_that_add_up_to_100():
    sources = ["6", "2A", "2B", "3A", "3F", "5D", "1C", "4", "10", "9"]
    cin = cin_census(2026, [referred(f"R{n}", "2025-05-01", source=code)
                            for n, code in enumerate(sources)])
    shares = {}
    for code in ("F07a", "F07b", "F07c", "F07d", "F07e", "F07f"):
        shares[code] = run(code, [cin])[(year(2026), *ALL)]
    assert shares == {
        "F07a": (1.0, 10.0, 10.0),  # police: 6
        "F07b": (2.0, 10.0, 20.0),  # schools and education: 2A, 2B
        "F07c": (2.0, 10.0, 20.0),  # health: 3A, 3F
        "F07d": (1.0, 10.0, 10.0),  # local authority services, early help included: 5D
        "F07e": (1.0, 10.0, 10.0),  # individuals: 1C (and not 10, which also starts "1")
        "F07f": (3.0, 10.0, 30.0),  # other: housing 4, unknown 10, anonymous 9
    }
    # 10 + 20 + 20 + 10 + 10 + 30 = 100.
    assert sum(value or 0.0 for _, _, value in shares.values()) == pytest.approx(100.0)


# ------------------------------------------------------------------ F08 assessments


def test_assessments_completed_per_10000_by_authorisation_date_across_31_march():
    cin_2026 = cin_census(2026, [
        referred("A", "2025-03-25", assessments=[("2025-03-26", "2025-04-01")]),
        referred("B", "2026-03-01", assessments=[("2026-03-02", "2026-03-31")]),
        referred("C", "2026-03-09", assessments=[("2026-03-10", None)]),  # open at 31 March
        # D was assessed twice in one episode: two assessments.
        referred("D", "2025-07-01", assessments=[("2025-07-01", "2025-07-20"),
                                                  ("2025-09-01", "2025-09-30")]),
    ])
    cin_2027 = cin_census(2027, [
        referred("C", "2026-03-09", assessments=[("2026-03-10", "2026-04-15")])])
    values = run("F08", [cin_2026, cin_2027], population={2026: 5_000, 2027: 5_000})
    # 2025-26: A, B, D, D = 4 assessments; 4 / 5,000 x 10,000 = 8.0.
    assert values[(year(2026), *ALL)] == (4.0, 5_000.0, pytest.approx(8.0))
    # April 2025: A alone; 1 / 5,000 x 10,000 x 12 = 24.
    assert values[("month:2025-04-30", *ALL)] == (1.0, 5_000.0, pytest.approx(24.0))
    # C counts in 2026-27, the year it was authorised: 1 / 5,000 x 10,000 = 2.0.
    assert values[(year(2027), *ALL)] == (1.0, 5_000.0, pytest.approx(2.0))


# ------------------------------------------------------------------ F09, F10, F10m durations


def test_assessment_timeliness_over_easter_and_may_day_from_the_next_census():
    cin_2026 = cin_census(2026, [
        referred("A", "2026-03-02", assessments=[("2026-03-02", None)]),
        referred("B", "2026-03-02", assessments=[("2026-03-02", None)]),
    ])
    # From Monday 2 March 2026: 21 working days to 31 March, 23 to 2 April; Good Friday
    # (3 April) and Easter Monday (6 April) are skipped; 41 to 30 April, 42 on 1 May; the
    # early May bank holiday (4 May) is skipped; 45 on Thursday 7 May.
    cin_2027 = cin_census(2027, [
        referred("A", "2026-03-02", assessments=[("2026-03-02", "2026-05-07")]),  # 45: on time
        referred("B", "2026-03-02", assessments=[("2026-03-02", "2026-05-08")]),  # 46: late
    ])
    values = run("F09", [cin_2026, cin_2027])
    assert values[(year(2026), *ALL)] == (0.0, 0.0, None)  # none authorised by 31 March
    assert values[(year(2027), *ALL)] == (1.0, 2.0, 50.0)
    assert run("F10", [cin_2026, cin_2027])[(year(2027), *ALL)] == (91.0, 2.0, 45.5)


def test_median_assessment_length_with_odd_and_even_counts():
    def assessed(child_id: str, start: str, authorised: str | None) -> dict[str, Any]:
        return referred(child_id, start, assessments=[(start, authorised)])

    cin = cin_census(2026, [
        # Wednesday 24 December 2025 to Monday 29 December: Christmas Day, Boxing Day and the
        # weekend do not count, so 1 working day.
        assessed("A", "2025-12-24", "2025-12-29"),
        assessed("B", "2025-06-02", "2025-06-04"),  # Monday 2 June + 2 = Wednesday 4 June
        assessed("C", "2025-06-02", "2025-06-16"),  # + 10: 4 that week, 5 the next, 16 June
        assessed("D", "2025-06-02", "2025-06-30"),  # + 20
        assessed("E", "2025-06-02", "2025-08-04"),  # + 45 (no bank holiday in between)
        assessed("F", "2025-06-02", "2025-08-05"),  # + 46
        assessed("G", "2025-06-02", None),  # not authorised: not counted
    ])
    values = run("F10m", [cin])
    # The year: 1, 2, 10, 20, 45, 46: an even count, so (10 + 20) / 2 = 15.
    assert values[(year(2026), *ALL)] == (None, 6.0, 15.0)
    assert values[("quarter:2025-06-30", *ALL)] == (None, 3.0, 10.0)  # 2, 10, 20
    assert values[("quarter:2025-09-30", *ALL)] == (None, 2.0, 45.5)  # 45, 46
    assert values[("quarter:2025-12-31", *ALL)] == (None, 1.0, 1.0)
    assert values[("quarter:2026-03-31", *ALL)] == (None, 0.0, None)
    # The mean of the same six: 124 / 6.
    mean = run("F10", [cin])[(year(2026), *ALL)]
    assert mean == (124.0, 6.0, pytest.approx(124 / 6))
    units = run_results(["F10m"], [cin]).units.to_pylist()
    details = {u["child_id"]: u["detail"] for u in units if u["period_id"] == year(2026)}
    assert details["A"] == "1 working days"


# ------------------------------------------------------------------ F11, F12 Annex A List 4


LIST_4 = [
    aa_assessment("A", "2025-10-01", "2025-10-15", "a) Yes", "a) Yes", team="Team 1"),
    aa_assessment("B", "2025-10-20", "2025-11-01", "b) No", "b) No"),
    aa_assessment("C", "2025-11-03", "2025-12-01", None, None),  # blanks
    aa_assessment("D", "2026-01-05", None, "a) Yes", None),  # not yet authorised
    aa_assessment("E", "2025-11-10", "2025-12-31", "Yes", "c) Unknown"),
]


def test_assessments_where_the_child_was_seen():
    values = run("F11", [extract("2026-03-31", {4: LIST_4})])
    # October to December: A, B, C, E authorised; seen: A and E (a blank is not seen): 50%.
    assert values[("quarter:2025-12-31", *ALL)] == (2.0, 4.0, 50.0)
    assert values[("quarter:2025-12-31", "team", "Team 1")] == (1.0, 1.0, 100.0)
    # January to March: D is not authorised, so there is nothing to count.
    assert values[("quarter:2026-03-31", *ALL)] == (0.0, 0.0, None)
    assert values[("month:2025-12-31", *ALL)] == (1.0, 2.0, 50.0)  # C no, E yes


def test_assessments_concluding_the_child_needs_support():
    values = run("F12", [extract("2026-03-31", {4: LIST_4})])
    # A, B, C, E authorised; only A says yes (No, blank and Unknown do not): 25%.
    assert values[("quarter:2025-12-31", *ALL)] == (1.0, 4.0, 25.0)
    assert values[("quarter:2026-03-31", *ALL)] == (0.0, 0.0, None)


# ------------------------------------------------------------------ F13 assessment factors


def test_assessment_factors_count_each_episode_once_per_period():
    cin = cin_census(2026, [
        referred("A", "2025-05-01", assessments=[("2025-05-01", "2025-06-01", ["3B", "16A"])]),
        referred("B", "2025-05-01", assessments=[("2025-05-01", "2025-06-10", ["21"])]),
        referred("C", "2025-07-01", assessments=[("2025-07-01", "2025-08-01", ["4A", "24A"])]),
        # D: two assessments in one episode, in different quarters.
        referred("D", "2025-04-10", assessments=[("2025-04-10", "2025-05-10", ["3A"]),
                                                  ("2025-07-10", "2025-08-10", ["3C", "11A"])]),
        referred("E", "2025-05-01", assessments=[("2025-05-01", "2025-06-01")]),  # no factors
        referred("F", "2026-03-01", assessments=[("2026-03-01", None, ["3A"])]),  # open
        referred("G", "2025-10-01", assessments=[("2025-10-01", "2025-11-01", ["20"])]),
        # H: two episodes in the year, each with domestic abuse: two episodes.
        child("H", episodes=[
            episode("2025-04-01", closure="2025-06-30", reason="RC7",
                    assessments=[("2025-04-02", "2025-05-01", ["3B"])]),
            episode("2025-09-01", assessments=[("2025-09-02", "2025-10-01", ["3B"])])]),
    ])
    # The year's episodes with factors: A, C, D, G, H1, H2 = 6 (B has only 21, E none, F is
    # not authorised). D counts once although both its assessments were in the year.
    year_values = {code: run(code, [cin])[(year(2026), *ALL)]
                   for code in ("F13a", "F13b", "F13c", "F13d", "F13e")}
    assert year_values == {
        "F13a": (4.0, 6.0, pytest.approx(400 / 6)),  # domestic abuse: A, D, H1, H2
        "F13b": (1.0, 6.0, pytest.approx(100 / 6)),  # neglect: A
        "F13c": (1.0, 6.0, pytest.approx(100 / 6)),  # mental health: C
        "F13d": (1.0, 6.0, pytest.approx(100 / 6)),  # criminal exploitation: C
        "F13e": (1.0, 6.0, pytest.approx(100 / 6)),  # sexual exploitation: D
    }
    domestic = run("F13a", [cin])
    assert domestic[("quarter:2025-06-30", *ALL)] == (3.0, 3.0, 100.0)  # A, D, H1
    assert domestic[("quarter:2025-09-30", *ALL)] == (1.0, 2.0, 50.0)  # C no, D yes
    assert domestic[("quarter:2025-12-31", *ALL)] == (1.0, 2.0, 50.0)  # G no, H2 yes
    assert domestic[("quarter:2026-03-31", *ALL)] == (0.0, 0.0, None)
    units = run_results(["F13a"], [cin]).units.to_pylist()
    details = {u["child_id"]: u["detail"] for u in units if u["period_id"] == year(2026)}
    assert details["D"] == "Factors 11A, 3A, 3C"


# ------------------------------------------------------------------ F14 early help


def test_early_help_assessments_per_10000_by_start_date():
    spring = extract("2025-09-30", {2: [early_help("X1", "2025-04-01"),
                                        early_help("X2", "2025-09-30")]})
    autumn = extract("2026-03-31", {2: [
        early_help("Y1", "2025-10-01"), early_help("Y2", "2025-10-31"),
        early_help("Y3", "2025-11-15"),
        # An intervention still running, started before this extract's six months.
        early_help("Z", "2025-06-01"),
    ]})
    population = {2026: 10_000}
    values = run("F14", [spring, autumn], population=population)
    # October: Y1, Y2 = 2; 2 / 10,000 x 10,000 x 12 = 24.
    assert values[("month:2025-10-31", *ALL)] == (2.0, 10_000.0, pytest.approx(24.0))
    # October to December: 3, x 4 = 12.
    assert values[("quarter:2025-12-31", *ALL)] == (3.0, 10_000.0, pytest.approx(12.0))
    # June is covered by the spring extract, so Z counts there: 1 x 12 = 12.
    assert values[("month:2025-06-30", *ALL)] == (1.0, 10_000.0, pytest.approx(12.0))
    # The whole year: X1, X2, Y1, Y2, Y3, Z = 6.
    assert values[(year(2026), *ALL)] == (6.0, 10_000.0, pytest.approx(6.0))
    only_autumn = run("F14", [autumn], population=population)
    assert ("month:2025-06-30", *ALL) not in only_autumn
