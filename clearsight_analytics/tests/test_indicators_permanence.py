"""Permanence and adoption indicators (P01 to P09), each on a few hand-made SSDA903 rows read
through the real reader. Expected values are worked out by hand in the comments."""

from typing import Any

import pytest

from clearsight_analytics.tests.builders import cla_episode, run, run_results, ssda903, year

ALL = "all", "All"
Q1_2025_26 = "quarter:2025-06-30"


def ad1(child_id: str, decision: str | None, match: str | None,
        foster_care: int = 0) -> dict[str, Any]:
    return {"CHILD": child_id, "DOB": "2020-01-01", "DATE_INT": decision,
            "DATE_MATCH": match, "FOSTER_CARE": foster_care}


def details(code: str, returns: list, period: str) -> dict[str, str]:
    units = run_results([code], returns).units.to_pylist()
    return {u["child_id"]: u["detail"] for u in units if u["period_id"] == period}


# ------------------------------------------------------------------ P01, P02: how care ended


def leaving_care_returns() -> list:
    earlier = ssda903(2025, episodes=[
        # H's episode is open at 31 March 2025 and ends in the next return.
        cla_episode("H", "2024-11-01"),
    ])
    later = ssda903(2026, episodes=[
        # A went home as planned in May, came back, and left on an SGO in January: the
        # last time decides (E45).
        cla_episode("A", "2025-04-10", dec="2025-05-01", rec="E4A"),
        cla_episode("A", "2025-07-01", dec="2026-01-10", rec="E45"),
        # B's same-day move (X1) is not leaving care; B left on a child arrangements order.
        cla_episode("B", "2025-04-20", dec="2025-06-01", rec="X1"),
        cla_episode("B", "2025-06-01", rne="P", dec="2025-09-01", rec="E41"),
        cla_episode("C", "2025-04-15", dec="2025-10-01", rec="E4B"),
        # D was only on short breaks (V3): left out altogether.
        cla_episode("D", "2025-07-01", ls="V3", place="U6", dec="2025-08-01", rec="E4A"),
        # E left on the last day of the year.
        cla_episode("E", "2025-05-01", dec="2026-03-31", rec="E4A"),
        # F left on the first day of the year.
        cla_episode("F", "2024-12-01", dec="2025-04-01", rec="E48"),
        cla_episode("G", "2025-05-01", dec="2025-12-01", rec="E13"),
        cla_episode("H", "2024-11-01", dec="2025-05-20", rec="E47"),
    ])
    return [earlier, later]


def test_leaving_care_by_sgo_cao_and_return_home_counts_the_last_occasion():
    returns = leaving_care_returns()
    # Children leaving care in 2025-26: A, B, C, E, F, G, H = 7 (D is a short break).
    # SGO (E45-E48): A (E45, its last), F (E48), H (E47, spanning 31 March) = 3 of 7.
    assert run("P02a", returns)[(year(2026), *ALL)] == (3.0, 7.0, pytest.approx(300 / 7))
    # Child arrangements order (E41): B = 1 of 7.
    assert run("P02b", returns)[(year(2026), *ALL)] == (1.0, 7.0, pytest.approx(100 / 7))
    # Home as planned (E4A): E only; A's E4A in May was not its last time in the year.
    planned = run("P02c", returns)
    assert planned[(year(2026), *ALL)] == (1.0, 7.0, pytest.approx(100 / 7))
    # Home not planned (E4B): C = 1 of 7.
    assert run("P02d", returns)[(year(2026), *ALL)] == (1.0, 7.0, pytest.approx(100 / 7))
    # Adopted: none of the 7.
    assert run("P01", returns)[(year(2026), *ALL)] == (0.0, 7.0, 0.0)
    # In April to June 2025 A (E4A on 1 May, its last time in that quarter), F (E48 on
    # 1 April) and H (E47 on 20 May) left; B's X1 is not leaving care.
    assert planned[(Q1_2025_26, *ALL)] == (1.0, 3.0, pytest.approx(100 / 3))
    assert run("P02a", returns)[(Q1_2025_26, *ALL)] == (2.0, 3.0, pytest.approx(200 / 3))
    # 2024-25: no child left care, so no percentage (not zero).
    assert run("P02a", returns)[(year(2025), *ALL)] == (0.0, 0.0, None)


# ------------------------------------------------------------------ P03 to P06: three years


def three_years_of_adoptions() -> list:
    """Returns for 2023-24, 2024-25 and 2025-26, with five adopted children:

    K: entered 10/05/2023, placement order 15/01/2024, placed A6 03/06/2024, adopted 20/01/2025;
       decision 01/11/2023, match 15/04/2024.
    M: entered 01/06/2023, moved to the foster carers who adopted on 01/08/2023 (RNE P),
       placement order 01/02/2024 (RNE L), the placement became A5 on 02/09/2024 (RNE T),
       adopted 30/06/2025; match 20/08/2024; AD1 FOSTER_CARE 1.
    N: entered 03/04/2023, placed A4 with consent (no placement order) 02/06/2024, adopted
       01/12/2024.
    Q: entered 04/04/2023, placement order 01/03/2024, placed A6 02/06/2024, adopted
       01/02/2025; matched 15/02/2024, before the order.
    R: entered care in 2022 (that episode ended before April 2023, so it is in no return
       loaded); placement order 01/09/2023, placed A6 05/01/2024, adopted 01/10/2024;
       match 01/12/2023.
    """
    first = ssda903(2024, episodes=[
        cla_episode("K", "2023-05-10", dec="2024-01-15", rec="X1"),
        cla_episode("K", "2024-01-15", rne="L", ls="E1"),
        cla_episode("M", "2023-06-01", ls="V2", dec="2023-08-01", rec="X1"),
        cla_episode("M", "2023-08-01", rne="P", ls="C1", dec="2024-02-01", rec="X1"),
        cla_episode("M", "2024-02-01", rne="L", ls="E1"),
        cla_episode("N", "2023-04-03"),
        cla_episode("Q", "2023-04-04", dec="2024-03-01", rec="X1"),
        cla_episode("Q", "2024-03-01", rne="L", ls="E1"),
        cla_episode("R", "2023-01-10", rne="P", dec="2023-09-01", rec="X1"),
        cla_episode("R", "2023-09-01", rne="L", ls="E1", dec="2024-01-05", rec="X1"),
        cla_episode("R", "2024-01-05", rne="P", ls="E1", place="A6"),
    ])
    second = ssda903(2025, episodes=[
        cla_episode("K", "2024-01-15", rne="L", ls="E1", dec="2024-06-03", rec="X1"),
        cla_episode("K", "2024-06-03", rne="P", ls="E1", place="A6", dec="2025-01-20",
                    rec="E12"),
        cla_episode("M", "2024-02-01", rne="L", ls="E1", dec="2024-09-02", rec="X1"),
        cla_episode("M", "2024-09-02", rne="T", ls="E1", place="A5"),
        cla_episode("N", "2023-04-03", dec="2024-06-02", rec="X1"),
        cla_episode("N", "2024-06-02", rne="P", place="A4", dec="2024-12-01", rec="E11"),
        cla_episode("Q", "2024-03-01", rne="L", ls="E1", dec="2024-06-02", rec="X1"),
        cla_episode("Q", "2024-06-02", rne="P", ls="E1", place="A6", dec="2025-02-01",
                    rec="E12"),
        cla_episode("R", "2024-01-05", rne="P", ls="E1", place="A6", dec="2024-10-01",
                    rec="E12"),
    ], ad1=[ad1("K", "2023-11-01", "2024-04-15"), ad1("N", "2023-10-01", "2024-05-01"),
            ad1("Q", "2023-09-01", "2024-02-15"), ad1("R", "2023-06-01", "2023-12-01")])
    third = ssda903(2026, episodes=[
        cla_episode("M", "2024-09-02", rne="T", ls="E1", place="A5", dec="2025-06-30",
                    rec="E11"),
    ], ad1=[ad1("M", "2023-12-01", "2024-08-20", foster_care=1)])
    return [first, second, third]


# Days from entering care to being placed for adoption (A1), by hand:
# K: 10/05/2023 -> 10/05/2024 is 366 days (29 February 2024), -> 03/06/2024 is 24 more: 390.
# M: 01/06/2023 -> 01/06/2024 is 366, -> 02/09/2024 is 30 + 31 + 31 + 1 = 93 more: 459.
# N: 03/04/2023 -> 03/04/2024 is 366, -> 02/06/2024 is 30 + 30 = 60 more: 426.
# Q: 04/04/2023 -> 04/04/2024 is 366, -> 02/06/2024 is 30 + 29 = 59 more: 425.
# R: entry to care not loaded: left out.


def test_a1_averages_entry_to_placement_over_three_years_and_needs_two_years_before():
    returns = three_years_of_adoptions()
    values = run("P03", returns)
    # (390 + 459 + 426 + 425) / 4 = 1700 / 4 = 425.
    assert values[(year(2026), *ALL)] == (1700.0, 4.0, 425.0)
    # 2024-25 would need returns back to April 2022: not given.
    assert (year(2025), *ALL) not in values
    assert {key[0] for key in values} == {year(2026)}
    notes = details("P03", returns, year(2026))
    assert notes["R"] == "entry to care or placement not in the loaded returns"
    assert notes["N"] == "426 days"


def test_a10_counts_foster_carer_adoptions_from_moving_in_with_the_carers():
    values = run("P04", three_years_of_adoptions())
    # M was adopted by its foster carers: 01/06/2023 -> 01/08/2023 is 30 + 31 = 61 days
    # (the order (L) and the change to A5 with the same carers (T) do not move the date).
    # (390 + 61 + 426 + 425) / 4 = 1302 / 4 = 325.5.
    assert values[(year(2026), *ALL)] == (1302.0, 4.0, 325.5)


def test_a2_from_placement_order_to_match_is_zero_when_matched_first():
    values = run("P05", three_years_of_adoptions())
    # K: 15/01/2024 -> 15/04/2024 is 16 + 29 + 31 + 15 = 91 days (29 February 2024).
    # M: 01/02/2024 -> 20/08/2024 is 29 + 31 + 30 + 31 + 30 + 31 + 19 = 201.
    # Q: matched 15/02/2024, before the order of 01/03/2024: 0.
    # R: 01/09/2023 -> 01/12/2023 is 30 + 31 + 30 = 91 (its entry to care is not needed).
    # N had no placement order (placed with consent, A4): left out.
    # (91 + 201 + 0 + 91) / 4 = 383 / 4 = 95.75.
    assert values[(year(2026), *ALL)] == (383.0, 4.0, 95.75)
    notes = details("P05", three_years_of_adoptions(), year(2026))
    assert notes["N"] == "no placement order found"
    assert notes["Q"] == "matched before the order: 0 days"


def test_a3_under_14_months_means_fewer_than_426_days():
    values = run("P06", three_years_of_adoptions())
    # K 390 and Q 425 waited less than 426 days; N (exactly 426) and M (459) did not;
    # R is not in the denominator (entry to care unknown): 2 of 4.
    assert values[(year(2026), *ALL)] == (2.0, 4.0, 50.0)


# ------------------------------------------------------------------ P07, P08: stage timings


def one_year_of_adoptions(*extra: dict[str, Any], extra_ad1: tuple = ()) -> Any:
    """The 2025-26 return only, with:

    U: entered 01/04/2025, placement order 01/05/2025, placed A6 01/07/2025 (RNE P), adopted
       01/01/2026; decision 21/04/2025, match 01/06/2025.
    V: entered 10/04/2025, order and placement A6 together 10/05/2025 (RNE B), adopted
       31/03/2026 (the last day of the year); decision 20/04/2025, match 20/05/2025 - recorded
       after the placement.
    W: placed for adoption (A4) the day they entered care, 01/04/2025, adopted 01/10/2025;
       no AD1 record.
    Z: the A6 episode loaded began with a change of legal status only (RNE L) on 20/03/2025,
       so the placement itself began in an episode not loaded; adopted 01/08/2025; decision
       01/06/2024, match 01/10/2024.
    """
    return ssda903(2026, episodes=[
        cla_episode("U", "2025-04-01", dec="2025-05-01", rec="X1"),
        cla_episode("U", "2025-05-01", rne="L", ls="E1", dec="2025-07-01", rec="X1"),
        cla_episode("U", "2025-07-01", rne="P", ls="E1", place="A6", dec="2026-01-01",
                    rec="E12"),
        cla_episode("V", "2025-04-10", dec="2025-05-10", rec="X1"),
        cla_episode("V", "2025-05-10", rne="B", ls="E1", place="A6", dec="2026-03-31",
                    rec="E11"),
        cla_episode("W", "2025-04-01", ls="V2", place="A4", dec="2025-10-01", rec="E11"),
        cla_episode("Z", "2025-03-20", rne="L", ls="E1", place="A6", dec="2025-08-01",
                    rec="E12"),
        *extra,
    ], ad1=[ad1("U", "2025-04-21", "2025-06-01"), ad1("V", "2025-04-20", "2025-05-20"),
            ad1("Z", "2024-06-01", "2024-10-01"), *extra_ad1])


def test_adoption_stage_timings_average_each_stage_in_days():
    returns = [one_year_of_adoptions()]

    def mean(code: str) -> tuple:
        return run(code, returns)[(year(2026), *ALL)]

    # Entry to decision: U 01/04 -> 21/04 = 20; V 10/04 -> 20/04 = 10; W has no AD1; Z's
    # entry is not loaded. (20 + 10) / 2 = 15.
    assert mean("P07a") == (30.0, 2.0, 15.0)
    # Decision to match: U 21/04 -> 01/06 = 10 + 31 = 41; V 20/04 -> 20/05 = 30;
    # Z 01/06/2024 -> 01/10/2024 = 30 + 31 + 31 + 30 = 122. (41 + 30 + 122) / 3 = 193 / 3.
    assert mean("P07b") == (193.0, 3.0, pytest.approx(193 / 3))
    # Match to placed: U 01/06 -> 01/07 = 30; V was placed before its match (out of order,
    # left out); Z's placement date is not loaded.
    assert mean("P07c") == (30.0, 1.0, 30.0)
    # Placed to order: U 01/07/2025 -> 01/01/2026 = 31 + 31 + 30 + 31 + 30 + 31 = 184;
    # V 10/05/2025 -> 31/03/2026 = 21 + 30 + 31 + 31 + 30 + 31 + 30 + 31 + 31 + 28 + 31 = 325;
    # W 01/04 -> 01/10/2025 = 30 + 31 + 30 + 31 + 31 + 30 = 183. 692 / 3.
    assert mean("P07d") == (692.0, 3.0, pytest.approx(692 / 3))
    # Entry to adoption: U 01/04/2025 -> 01/01/2026 = 275; V 10/04/2025 -> 31/03/2026 =
    # 365 - 10 = 355; W 183. (275 + 355 + 183) / 3 = 813 / 3 = 271.
    assert mean("P07e") == (813.0, 3.0, 271.0)
    # Counted when adopted: October to December 2025 holds W only; January to March 2026
    # holds U and V (adopted on 31 March itself): (184 + 325) / 2 = 254.5.
    placed_to_order = run("P07d", returns)
    assert placed_to_order[("quarter:2025-12-31", *ALL)] == (183.0, 1.0, 183.0)
    assert placed_to_order[("quarter:2026-03-31", *ALL)] == (509.0, 2.0, 254.5)
    notes = details("P07c", returns, year(2026))
    assert notes == {"U": "30 days", "V": "dates out of order: left out",
                     "W": "a date is missing", "Z": "a date is missing"}


def test_placed_within_12_months_of_the_decision_runs_to_the_same_date_a_year_on():
    returns = [one_year_of_adoptions(
        # X and Y: decision on 29 February 2024; 12 months on is 28 February 2025.
        cla_episode("X", "2025-02-28", rne="P", ls="E1", place="A6", dec="2025-09-01",
                    rec="E12"),
        cla_episode("Y", "2025-03-01", rne="P", ls="E1", place="A6", dec="2025-11-01",
                    rec="E12"),
        extra_ad1=(ad1("X", "2024-02-29", None), ad1("Y", "2024-02-29", None)))]
    values = run("P08", returns)
    # U (decision 21/04/2025, placed 01/07/2025), V (20/04/2025, 10/05/2025) and X (placed
    # 28/02/2025) are within 12 months; Y (placed 01/03/2025) is not. W has no decision date
    # and Z no placement date: left out. 3 of 4.
    assert values[(year(2026), *ALL)] == (3.0, 4.0, 75.0)


# ------------------------------------------------------------------ P09: decisions reversed


def test_adoption_decisions_reversed_are_counted_once_when_they_were_made():
    def row(child_id: str, placed: str, ceased: str | None = None,
            reason: str | None = None) -> dict[str, Any]:
        return {"CHILD": child_id, "DOB": "2019-01-01", "DATE_PLACED": placed,
                "DATE_PLACED_CEASED": ceased, "REASON_PLACED_CEASED": reason}

    earlier = ssda903(2025, placed_for_adoption=[
        row("C1", "2024-10-01", "2025-03-31", "RD2"),
    ])
    later = ssda903(2026, placed_for_adoption=[
        row("A1", "2024-05-01", "2025-06-15", "RD1"),
        row("A1", "2025-07-01", "2026-03-31", "RD3"),  # a second decision, also reversed
        row("B1", "2025-01-10"),  # still to be placed: not a reversal
        row("C1", "2024-10-01", "2025-03-31", "RD2"),  # held in both returns: once
    ])
    values = run("P09", [earlier, later])
    assert values[(year(2025), *ALL)][0] == 1.0  # C1, on 31 March 2025
    assert values[(year(2026), *ALL)][0] == 2.0  # A1 twice
    assert values[(Q1_2025_26, *ALL)][0] == 1.0  # A1 on 15 June 2025
    assert values[("month:2025-05-31", *ALL)][0] == 0.0
    units = run_results(["P09"], [earlier, later]).units.to_pylist()
    assert sorted(u["detail"] for u in units if u["period_id"] == year(2026)) == ["RD1", "RD3"]
