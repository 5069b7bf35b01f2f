"""Children looked after (L03 to L27): each indicator on a few hand-made rows, read through the
real readers, with the expected figures worked out by hand in the comments."""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pytest

from clearsight_analytics.indicators import Return
from clearsight_analytics.ingest import Loaded
from clearsight_analytics.ingest.annex_a import COLUMNS
from clearsight_analytics.tests.builders import (
    annex_a,
    cla_episode,
    run,
    run_results,
    ssda903,
    year,
)

ALL = "all", "All"
EXTRACT = "extract:2026-03-31"

# ------------------------------------------------------------------ helpers


def _within(start: str | None, end: str | None, first: date, last: date) -> bool:
    """A span (end blank: still open) overlaps the days first..last."""
    return (start is not None and date.fromisoformat(start) <= last
            and (end is None or date.fromisoformat(end) >= first))


def returns(years: Sequence[int], episodes: Sequence[Mapping[str, Any]] = (), *,
            reviews: Sequence[Mapping[str, Any]] = (),
            missing: Sequence[Mapping[str, Any]] = (),
            sw_episodes: Sequence[Mapping[str, Any]] = (),
            header: Sequence[Mapping[str, Any]] = ()) -> list[Loaded]:
    """Each collection year's 903 return cut from the children's whole history, as an
    authority would have sent it: the episodes (and social worker episodes) open on any day
    of the year, with an end after 31 March left blank; reviews and missing incidents by
    their date; the header in every year."""
    loads = []
    for end_year in years:
        first, last = date(end_year - 1, 4, 1), date(end_year, 3, 31)
        tables: dict[str, list[dict[str, Any]]] = {"episodes": []}
        for row in episodes:
            if _within(row["DECOM"], row.get("DEC"), first, last):
                cut = dict(row)
                if cut.get("DEC") and date.fromisoformat(cut["DEC"]) > last:
                    cut["DEC"] = cut["REC"] = None
                tables["episodes"].append(cut)
        if sw_episodes and end_year >= 2024:
            tables["sw_episodes"] = []
            for row in sw_episodes:
                if _within(row["SW_DECOM"], row.get("SW_DEC"), first, last):
                    cut = dict(row)
                    if cut.get("SW_DEC") and date.fromisoformat(cut["SW_DEC"]) > last:
                        cut["SW_DEC"] = None
                    tables["sw_episodes"].append(cut)
        if reviews:
            tables["reviews"] = [dict(r) for r in reviews
                                 if first <= date.fromisoformat(r["REVIEW"]) <= last]
        if missing:
            tables["missing"] = [dict(m) for m in missing
                                 if first <= date.fromisoformat(m["MIS_START"]) <= last]
        if header:
            tables["header"] = [dict(h, SEX="M" if end_year >= 2025 else "1")
                                for h in header]
        loads.append(ssda903(end_year, **tables))
    return loads


def review(child: str, day: str, code: str = "PN1") -> dict[str, Any]:
    return {"CHILD": child, "DOB": "2012-01-01", "REVIEW": day, "REVIEW_CODE": code}


def incident(child: str, kind: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {"CHILD": child, "DOB": "2010-01-01", "MISSING": kind, "MIS_START": start,
            "MIS_END": end}


def social_worker(child: str, worker: str, start: str, end: str | None = None) -> dict[str, Any]:
    return {"CHILD": child, "DOB": "2012-01-01", "SW_ID": worker, "SW_DECOM": start,
            "SW_DEC": end}


def header(child: str, dob: str) -> dict[str, Any]:
    return {"CHILD": child, "DOB": dob, "ETHNIC": "WBRI"}


def uasc(child: str, duc: str | None = None) -> dict[str, Any]:
    return {"CHILD": child, "SEX": "M", "DOB": "2009-01-01", "DUC": duc}


def oc2(child: str, dob: str, **flags: Any) -> dict[str, Any]:
    return {"CHILD": child, "DOB": dob, **flags}


_LIST_8 = {column.name: column.headers[0] for column in COLUMNS[8]}


def list_8(child: str, **cells: Any) -> dict[str, Any]:
    """A List 8 row from the model's column names (looked_after_start_date=...)."""
    row = {_LIST_8["child_id"]: child, _LIST_8["legal_status"]: "C2: Full care order"}
    row.update({_LIST_8[name]: value for name, value in cells.items()})
    return row


def extract(rows: Sequence[Mapping[str, Any]], as_at: str = "2026-03-31") -> Return:
    return Return(annex_a(8, rows), as_at=date.fromisoformat(as_at))


def details(code: str, loads: Sequence[Loaded | Return], period: str) -> dict[str, str]:
    units = run_results([code], loads).units.to_pylist()
    return {u["child_id"]: u["detail"] for u in units if u["period_id"] == period}


# ------------------------------------------------------------------ L03 ceasing


def test_ceasing_counts_each_child_once_by_the_last_time_and_not_x1():
    earlier = ssda903(2025, episodes=[cla_episode("E", "2024-06-01")])
    later = ssda903(2026, episodes=[
        # A moves on 1 January (X1 is not ceasing), then leaves on 10 February.
        cla_episode("A", "2025-05-01", dec="2026-01-01", rec="X1"),
        cla_episode("A", "2026-01-01", rne="P", place="U6", dec="2026-02-10", rec="E4A"),
        # B leaves twice in the year, the second time on 31 March itself.
        cla_episode("B", "2025-04-10", dec="2025-06-01", rec="E4A"),
        cla_episode("B", "2025-08-01", dec="2026-03-31", rec="E13"),
        # C is on short breaks only (V3): left out.
        cla_episode("C", "2025-05-01", ls="V3", place="U6", dec="2025-09-01", rec="E8"),
        cla_episode("D", "2025-07-01"),  # still looked after
        # E was open on 31 March 2025; its end comes from the 2026 return.
        cla_episode("E", "2024-06-01", dec="2025-05-01", rec="E4A"),
    ])
    values = run("L03", [earlier, later], population={2025: 10_000, 2026: 10_000})
    # 2025-26: A, B and E ceased = 3 children; 3 / 10,000 x 10,000 = 3.
    assert values[(year(2026), *ALL)] == (3.0, 10_000.0, pytest.approx(3.0))
    assert values[(year(2025), *ALL)][0] == 0.0  # E had not ceased by 31 March 2025
    # Q1 (April to June 2025): B (1 June) and E (1 May) = 2, annualised x 4 = 8.
    assert values[("quarter:2025-06-30", *ALL)] == (2.0, 10_000.0, pytest.approx(8.0))
    # Q4 (January to March 2026): A (10 February) and B (31 March) = 2.
    assert values[("quarter:2026-03-31", *ALL)][0] == 2.0


# ------------------------------------------------------------------ L04 UASC


def test_uasc_on_the_snapshot_date_uses_the_date_status_ceased():
    ssda = ssda903(2026, episodes=[
        cla_episode("A", "2025-06-01"),
        cla_episode("B", "2025-06-01"),
        cla_episode("C", "2025-06-01"),
        cla_episode("D", "2025-06-01"),
        cla_episode("E", "2025-06-01", dec="2026-01-15", rec="E5"),
        cla_episode("F", "2025-06-01", ls="V3", place="U6"),  # short breaks: left out
    ], uasc=[uasc("A"), uasc("B", duc="2026-03-31"), uasc("C", duc="2026-04-10"),
             uasc("E"), uasc("F")])
    values = run("L04", [ssda])
    # 31 March 2026: A, B, C, D looked after; UASC that day: A (no DUC) and C (DUC later);
    # B's status ceased on 31 March itself. 2 / 4 = 50%.
    assert values[(year(2026), *ALL)] == (2.0, 4.0, 50.0)
    # 28 February 2026: B is still UASC. A, B, C of A, B, C, D = 75%.
    assert values[("month:2026-02-28", *ALL)] == (3.0, 4.0, 75.0)
    # 31 December 2025: E had not yet left. A, B, C, E of five = 80%.
    assert values[("month:2025-12-31", *ALL)] == (4.0, 5.0, 80.0)


# ------------------------------------------------------------------ L05 short-term stability


def test_three_or_more_placements_in_the_year_to_31_march():
    ssda = ssda903(2026, episodes=[
        # A: placement in progress on 1 April 2025 (1) + moves on 1 June and 1 November = 3.
        cla_episode("A", "2024-01-10", place="U4", dec="2025-06-01", rec="X1"),
        cla_episode("A", "2025-06-01", rne="P", place="U6", dec="2025-11-01", rec="X1"),
        cla_episode("A", "2025-11-01", rne="P", place="K2"),
        # B: in progress on 1 April (1) + a move on 1 April itself (1) + a move to a new
        # house with the same carers (RNE T, counted) = 3.
        cla_episode("B", "2024-05-01", place="U4", dec="2025-04-01", rec="X1"),
        cla_episode("B", "2025-04-01", rne="P", place="U6", URN="SC1", PL_POST="AB1 1AA",
                    dec="2025-10-01", rec="X1"),
        cla_episode("B", "2025-10-01", rne="T", place="U6", URN="SC1", PL_POST="AB2 2BB"),
        # C: starts (1); hospital (T1) and back to the same placement (not counted); a
        # change of legal status only (not counted); respite (T4) then a different
        # placement (counted) = 2.
        cla_episode("C", "2025-05-01", ls="C1", place="U6", URN="SC2", PL_POST="CC1 1CC",
                    dec="2025-07-01", rec="X1"),
        cla_episode("C", "2025-07-01", rne="P", ls="C1", place="T1", provider="",
                    dec="2025-07-05", rec="X1"),
        cla_episode("C", "2025-07-05", rne="P", ls="C1", place="U6", URN="SC2",
                    PL_POST="CC1 1CC", dec="2025-09-01", rec="X1"),
        cla_episode("C", "2025-09-01", rne="L", place="U6", URN="SC2", PL_POST="CC1 1CC",
                    dec="2026-01-10", rec="X1"),
        cla_episode("C", "2026-01-10", rne="P", place="T4", provider="",
                    dec="2026-01-15", rec="X1"),
        cla_episode("C", "2026-01-15", rne="P", place="K2"),
        # D: starts (1), moves (2), then placed for adoption with the same foster carers
        # (A5, not counted) = 2.
        cla_episode("D", "2025-04-15", place="U4", dec="2025-08-01", rec="X1"),
        cla_episode("D", "2025-08-01", rne="P", place="U6", dec="2026-02-01", rec="X1"),
        cla_episode("D", "2026-02-01", rne="T", ls="E1", place="A5"),
        # E: left care and came back; the earlier period's placement counts = 3.
        cla_episode("E", "2025-04-20", place="U6", dec="2025-06-01", rec="E4A"),
        cla_episode("E", "2025-09-01", place="U6", dec="2026-01-01", rec="X1"),
        cla_episode("E", "2026-01-01", rne="P", place="U4"),
        # F: three placements, but left care on 31 March: not in the denominator.
        cla_episode("F", "2025-06-01", place="U6", dec="2025-07-01", rec="X1"),
        cla_episode("F", "2025-07-01", rne="P", place="U4", dec="2025-08-01", rec="X1"),
        cla_episode("F", "2025-08-01", rne="P", place="K2", dec="2026-03-31", rec="E4A"),
        # G: short breaks only: left out.
        cla_episode("G", "2025-05-01", ls="V3", place="U6"),
        # H: a placement of one night counts = 3.
        cla_episode("H", "2025-06-01", place="U6", dec="2025-08-01", rec="X1"),
        cla_episode("H", "2025-08-01", rne="P", place="U4", dec="2025-08-02", rec="X1"),
        cla_episode("H", "2025-08-02", rne="P", place="U6"),
        # I: a placement that began and ended on the same day does not count = 2.
        cla_episode("I", "2025-06-01", place="U6", dec="2025-09-01", rec="X1"),
        cla_episode("I", "2025-09-01", rne="P", place="K2", dec="2025-09-01", rec="E4A"),
        cla_episode("I", "2025-12-01", place="U6"),
        # J: came into care for respite (T4, not counted), then three placements = 3.
        cla_episode("J", "2025-06-01", place="T4", provider="", dec="2025-06-05", rec="X1"),
        cla_episode("J", "2025-06-05", rne="P", place="U6", dec="2025-09-01", rec="X1"),
        cla_episode("J", "2025-09-01", rne="P", place="K2", dec="2025-12-01", rec="X1"),
        cla_episode("J", "2025-12-01", rne="P", place="U4"),
    ])
    values = run("L05", [ssda])
    # Denominator A, B, C, D, E, H, I, J = 8; three or more: A, B, E, H, J = 5.
    assert values[(year(2026), *ALL)] == (5.0, 8.0, 62.5)
    # Only snapshots with the 12 months before them loaded are shown.
    assert ("month:2025-12-31", *ALL) not in values
    counted = details("L05", [ssda], year(2026))
    assert counted == {"A": "3 placements", "B": "3 placements", "C": "2 placements",
                       "D": "2 placements", "E": "3 placements", "H": "3 placements",
                       "I": "2 placements", "J": "3 placements"}


# ------------------------------------------------------------------ L06 two-year stability


def test_two_years_in_care_and_three_placements_in_those_two_years():
    history = [
        # A: looked after since 31 March 2024, exactly two years: in progress on 1 April
        # 2024 (1) + moves on 1 January 2025 and 1 December 2025 = 3.
        cla_episode("A", "2024-03-31", place="U4", dec="2025-01-01", rec="X1"),
        cla_episode("A", "2025-01-01", rne="P", place="U6", dec="2025-12-01", rec="X1"),
        cla_episode("A", "2025-12-01", rne="P", place="K2"),
        # B: since 1 April 2024, one day short of two years: not in the denominator.
        cla_episode("B", "2024-04-01", place="U4"),
        # C: since 2023; a legal change only, then one move = 2.
        cla_episode("C", "2023-06-01", ls="C1", place="U4", dec="2024-09-01", rec="X1"),
        cla_episode("C", "2024-09-01", rne="L", place="U4", dec="2025-09-01", rec="X1"),
        cla_episode("C", "2025-09-01", rne="P", place="U6"),
        # D: left care in June 2024 and came back: not continuously looked after.
        cla_episode("D", "2023-01-01", place="U4", dec="2024-06-01", rec="E4A"),
        cla_episode("D", "2024-07-01", place="U4"),
        # E: since 2022; two moves with the same carers (RNE T, U) count = 3.
        cla_episode("E", "2022-05-01", ls="C1", place="U4", PL_POST="E1 1EE",
                    dec="2024-12-01", rec="X1"),
        cla_episode("E", "2024-12-01", rne="T", ls="C1", place="U4", PL_POST="E2 2EE",
                    dec="2025-05-01", rec="X1"),
        cla_episode("E", "2025-05-01", rne="U", place="U4", PL_POST="E3 3EE"),
    ]
    values = run("L06", returns([2025, 2026], history))
    # Denominator A, C, E = 3; numerator A, E = 2.
    assert values[(year(2026), *ALL)] == (2.0, 3.0, pytest.approx(200 / 3))
    assert (year(2025), *ALL) not in values  # needs two years of returns before it


# ------------------------------------------------------------------ L07 long-term stability


def test_long_term_stability_under_16_two_and_a_half_years_in_care():
    history = [
        # A (14): same carers since June 2023; a legal change and a move of house with the
        # same carers (T) do not reset the clock. Yes.
        cla_episode("A", "2023-06-01", ls="C1", place="U4", dec="2024-05-01", rec="X1"),
        cla_episode("A", "2024-05-01", rne="L", place="U4", dec="2025-01-01", rec="X1"),
        cla_episode("A", "2025-01-01", rne="T", place="U4", PL_POST="A2 2AA"),
        # B (14): in care since 30 September 2023, exactly 30 months (in the denominator);
        # new carers on 1 April 2024, one day less than two years. No.
        cla_episode("B", "2023-09-30", place="U6", dec="2024-04-01", rec="X1"),
        cla_episode("B", "2024-04-01", rne="P", place="U4"),
        # C (6): carers from 1 January 2024, then placed for adoption with new carers (A6)
        # in October 2025: adoptive placement + the one before since 1 January 2024. Yes.
        cla_episode("C", "2023-05-01", place="U6", dec="2024-01-01", rec="X1"),
        cla_episode("C", "2024-01-01", rne="P", place="U4", dec="2025-10-01", rec="X1"),
        cla_episode("C", "2025-10-01", rne="B", ls="E1", place="A6"),
        # D (6): carers from 1 June 2024, placed for adoption with them (A5): still since
        # 1 June 2024, under two years. No.
        cla_episode("D", "2023-05-01", place="U6", dec="2024-06-01", rec="X1"),
        cla_episode("D", "2024-06-01", rne="P", place="U4", dec="2025-09-01", rec="X1"),
        cla_episode("D", "2025-09-01", rne="U", ls="E1", place="A5"),
        # E is 16 on 31 March 2026: not in the denominator.
        cla_episode("E", "2020-01-01", place="U4"),
        # F (14): a hospital stay (T1) and back to the same placement. Yes.
        cla_episode("F", "2023-05-01", place="U4", URN="F1", PL_POST="F1 1FF",
                    dec="2025-06-01", rec="X1"),
        cla_episode("F", "2025-06-01", rne="P", place="T1", provider="",
                    dec="2025-06-10", rec="X1"),
        cla_episode("F", "2025-06-10", rne="P", place="U4", URN="F1", PL_POST="F1 1FF"),
        # G: in care since January 2024, under 2.5 years: not in the denominator.
        cla_episode("G", "2024-01-01", place="U4"),
    ]
    people = [header("A", "2012-01-01"), header("B", "2012-01-01"),
              header("C", "2020-01-01"), header("D", "2020-01-01"),
              header("E", "2009-06-01"), header("F", "2012-01-01"),
              header("G", "2012-01-01")]
    loads = returns([2024, 2025, 2026], history, header=people)
    values = run("L07", loads)
    # Denominator A, B, C, D, F = 5; numerator A, C, F = 3.
    assert values[(year(2026), *ALL)] == (3.0, 5.0, 60.0)
    assert (year(2025), *ALL) not in values  # needs 30 months of returns before it
    since = details("L07", loads, year(2026))
    assert since["C"] == "with the same carers since 01/10/2025"
    assert since["F"] == "with the same carers since 01/05/2023"


# ------------------------------------------------------------------ L08 placement mix


def test_placement_mix_on_31_march_adds_up_to_every_child():
    ssda = ssda903(2026, episodes=[
        cla_episode("U1", "2025-05-01", place="U1"),
        cla_episode("U6", "2025-05-01", place="U6"),
        # Moved from a children's home to foster carers on 31 March (X1): foster.
        cla_episode("MV", "2025-05-01", place="K2", dec="2026-03-31", rec="X1"),
        cla_episode("MV", "2026-03-31", rne="P", place="U4"),
        cla_episode("K1", "2025-05-01", place="K1"),
        cla_episode("K2", "2025-05-01", place="K2"),
        cla_episode("K3", "2025-05-01", place="K3"),
        cla_episode("P1", "2025-05-01", place="P1", provider="PR0"),
        cla_episode("A4", "2025-05-01", ls="E1", place="A4"),
        cla_episode("R1", "2025-05-01", place="R1"),
        cla_episode("GONE", "2025-05-01", place="P1", dec="2026-03-31", rec="E4A"),
        cla_episode("V3", "2025-05-01", ls="V3", place="U6"),
    ])
    # 31 March 2026: nine children. Foster U1, U6, MV = 3; homes K1, K2 = 2; supported K3
    # = 1; with parents P1 = 1; other A4, R1 = 2.
    expected = {"L08a": 3.0, "L08b": 2.0, "L08c": 1.0, "L08d": 1.0, "L08e": 2.0}
    for code, count in expected.items():
        numerator, denominator, value = run(code, [ssda])[(year(2026), *ALL)]
        assert (numerator, denominator) == (count, 9.0), code
        assert value == pytest.approx(100 * count / 9), code
    # H5 (semi-independent living) was still a placement type in 2024-25.
    earlier = ssda903(2025, episodes=[cla_episode("X", "2024-09-01", place="H5"),
                                      cla_episode("Y", "2024-09-01", place="U4")])
    assert run("L08c", [earlier])[(year(2025), *ALL)] == (1.0, 2.0, 50.0)


# ------------------------------------------------------------------ L10 to L16 OC2


def oc2_returns() -> list[Loaded]:
    # Ages on 31 March 2026 in brackets.
    cohort = [
        oc2("O1", "2023-04-01", HEALTH_ASSESSMENT=1, TEETH_CHECK=1, IMMUNISATIONS=1,
            HEALTH_CHECK=1, SDQ_REASON="SDQ1", CONVICTED=0, SUBSTANCE_MISUSE=0),  # (2)
        oc2("O2", "2022-03-31", HEALTH_ASSESSMENT=0, TEETH_CHECK=0, IMMUNISATIONS=1,
            HEALTH_CHECK=0, SDQ_REASON="SDQ1", CONVICTED=0, SUBSTANCE_MISUSE=0),  # (4)
        oc2("O3", "2021-03-31", HEALTH_ASSESSMENT=1, IMMUNISATIONS=0, SDQ_SCORE=0,
            CONVICTED=0, SUBSTANCE_MISUSE=0),  # (5 that day; no dental check recorded)
        oc2("O4", "2014-02-28", HEALTH_ASSESSMENT=1, TEETH_CHECK=1, IMMUNISATIONS=1,
            SDQ_SCORE=17, CONVICTED=1, SUBSTANCE_MISUSE=1),  # (12)
        oc2("O5", "2009-04-01", HEALTH_ASSESSMENT=1, TEETH_CHECK=1, IMMUNISATIONS=1,
            SDQ_SCORE=16, CONVICTED=0, SUBSTANCE_MISUSE=0),  # (16; 17 on 1 April)
        oc2("O6", "2009-03-31", HEALTH_ASSESSMENT=0, TEETH_CHECK=1, IMMUNISATIONS=0,
            SDQ_REASON="SDQ1", CONVICTED=1, SUBSTANCE_MISUSE=0),  # (17 that day)
        oc2("O7", "2010-01-01", HEALTH_ASSESSMENT=1, TEETH_CHECK=1, IMMUNISATIONS=1,
            SDQ_REASON="SDQ2"),  # (16; refused the SDQ; offending and substances blank)
        oc2("O8", "2016-02-29", HEALTH_ASSESSMENT=1, TEETH_CHECK=0, IMMUNISATIONS=1,
            SDQ_SCORE=25, CONVICTED=0, SUBSTANCE_MISUSE=1),  # (10, born 29 February)
    ]
    people = [header(row["CHILD"], row["DOB"]) | {"SEX": "F"} for row in cohort]
    return [ssda903(2025, oc2=[oc2("Z", "2015-01-01", HEALTH_ASSESSMENT=0)]),
            ssda903(2026, oc2=cohort, header=people)]


@pytest.mark.parametrize(("code", "expected"), [
    # Health assessment: O1, O3, O4, O5, O7, O8 of 8.
    ("L10", (6.0, 8.0, 75.0)),
    # Dental check: O1, O4, O5, O6, O7 of 8 (O3's blank is a no).
    ("L11", (5.0, 8.0, 62.5)),
    # Immunisations: O1, O2, O4, O5, O7, O8 of 8.
    ("L12", (6.0, 8.0, 75.0)),
    # Development checks, aged 0 to 4: O1 and O2 (O3 turned 5 on 31 March); O1 of 2.
    ("L13", (1.0, 2.0, 50.0)),
    # SDQ returned, aged 5 to 16: O3, O4, O5, O7, O8 (O6 is 17); scored O3 (0), O4, O5,
    # O8 = 4 of 5.
    ("L14a", (4.0, 5.0, 80.0)),
    # Average SDQ score: (0 + 17 + 16 + 25) / 4 = 14.5.
    ("L14b", (58.0, 4.0, 14.5)),
    # Cause for concern (17 to 40) of those scored: O4 (17) and O8 (25) of 4.
    ("L14c", (2.0, 4.0, 50.0)),
    # Convicted, aged 10 to 17: O4, O5, O6, O7, O8; convicted O4, O6 = 2 of 5.
    ("L15", (2.0, 5.0, 40.0)),
    # Substance misuse: O4, O8 of 8.
    ("L16", (2.0, 8.0, 25.0)),
])
def test_oc2_outcomes_of_the_collection_year_cohort(code, expected):
    values = run(code, oc2_returns())
    assert values[(year(2026), *ALL)] == pytest.approx(expected)
    # Whole collection years only: the cohort is not spread over months or quarters.
    assert {key[0] for key in values} == {year(2025), year(2026)}


def test_each_oc2_cohort_is_its_own_year():
    values = run("L10", oc2_returns())
    assert values[(year(2025), *ALL)] == (0.0, 1.0, 0.0)  # Z alone, no assessment
    # Age on 31 March: O1 (2) and O2 (4) are under 5.
    assert values[(year(2026), "age_band", "1 to 4")][:2] == (1.0, 2.0)


# ------------------------------------------------------------------ L17 to L19 missing


def missing_returns() -> list[Loaded]:
    history = [
        cla_episode("A", "2024-06-01"),
        cla_episode("B", "2025-10-01"),
        cla_episode("C", "2025-04-01", dec="2025-06-30", rec="E4A"),
        cla_episode("D", "2024-06-01"),
        cla_episode("E", "2025-01-01", dec="2025-04-01", rec="E4A"),  # left on 1 April
        cla_episode("F", "2025-05-01", ls="V3", place="U6"),  # short breaks only
        cla_episode("G", "2025-06-01"),
    ]
    incidents = [
        incident("A", "M", "2025-05-10", "2025-05-11"),
        incident("A", "M", "2025-05-20", "2025-05-20"),  # back the same day: 0 days
        incident("A", "A", "2025-08-01", "2025-08-02"),
        incident("B", "M", "2026-03-31"),  # not back yet
        incident("D", "A", "2025-12-01", "2025-12-03"),
        incident("E", "M", "2025-03-30", "2025-04-01"),  # started in 2024-25
        incident("F", "M", "2025-07-01", "2025-07-02"),
        incident("G", "M", "2025-06-15", "2025-06-25"),
        incident("G", "M", "2025-09-01", "2025-09-04"),
        incident("G", "M", "2026-01-10", "2026-01-10"),
    ]
    return returns([2025, 2026], history, missing=incidents)


def test_children_missing_and_away_from_placement():
    loads = missing_returns()
    # 2025-26: looked after A, B, C, D, E (on 1 April), G = 6 (F is on short breaks).
    missing = run("L17", loads)
    assert missing[(year(2026), *ALL)] == (3.0, 6.0, 50.0)  # A, B, G
    # Q1 2025-26: A, C, D, E, G looked after; missing A (May) and G (June) = 2 of 5.
    assert missing[("quarter:2025-06-30", *ALL)] == (2.0, 5.0, 40.0)
    # 2024-25: A, D, E looked after; E's incident of 30 March 2025.
    assert missing[(year(2025), *ALL)] == (1.0, 3.0, pytest.approx(100 / 3))
    away = run("L18", loads)
    assert away[(year(2026), *ALL)] == (2.0, 6.0, pytest.approx(100 / 3))  # A, D
    assert details("L17", loads, year(2026))["G"] == "3 missing incidents"


def test_missing_incidents_per_child_and_their_length():
    loads = missing_returns()
    per_child = run("L19a", loads)
    # 2025-26: A 2, B 1, G 3 = 6 incidents over 3 children = 2.0 (F's is a short break).
    assert per_child[(year(2026), *ALL)] == (6.0, 3.0, 2.0)
    assert per_child[("quarter:2025-06-30", *ALL)] == (3.0, 2.0, 1.5)  # A 2, G 1
    length = run("L19b", loads)
    # Ended incidents started in 2025-26: A 1 and 0 days, G 10, 3 and 0 days; B's is
    # still open. (1 + 0 + 10 + 3 + 0) / 5 = 2.8 days.
    assert length[(year(2026), *ALL)] == (14.0, 5.0, pytest.approx(2.8))
    assert length[(year(2025), *ALL)] == (2.0, 1.0, 2.0)  # E: 30 March to 1 April


# ------------------------------------------------------------------ L20 return interviews


def test_return_home_interviews_offered_and_accepted():
    rows = [
        list_8("R1", missing_episodes_12_months=2, return_interview_offered="a) Yes",
               return_interview_accepted="b) No", allocated_team="CLA North"),
        list_8("R2", missing_episodes_12_months=1, return_interview_offered="Yes",
               return_interview_accepted="Yes", allocated_team="CLA North"),
        list_8("R3", missing_episodes_12_months=3, return_interview_offered="b) No",
               allocated_team="CLA South"),
        list_8("R4", missing_episodes_12_months=0, return_interview_offered="Yes"),
        list_8("R5", return_interview_offered="Yes"),  # count blank: not missing
        list_8("R6", missing_episodes_12_months=1, allocated_team="CLA South"),  # blank
    ]
    loads = [extract(rows)]
    # Went missing: R1, R2, R3, R6. Offered: R1, R2 = 50%. Accepted: R2 = 25%.
    offered = run("L20a", loads)
    assert offered[(EXTRACT, *ALL)] == (2.0, 4.0, 50.0)
    assert offered[(EXTRACT, "team", "CLA North")] == (2.0, 2.0, 100.0)
    assert offered[(EXTRACT, "team", "CLA South")] == (0.0, 2.0, 0.0)
    assert run("L20b", loads)[(EXTRACT, *ALL)] == (1.0, 4.0, 25.0)


# ------------------------------------------------------------------ L21 review timeliness


def review_returns() -> list[Loaded]:
    history = [
        # Z left care in 2024-25, so the earliest return loaded (2025) runs from 1 April
        # 2024. No review before leaving: due 31 May 2024 (after the May bank holidays),
        # in 2024-25, which is not reported.
        cla_episode("Z", "2024-05-01", dec="2024-08-01", rec="E4A"),
        cla_episode("A", "2025-12-01"),
        cla_episode("B", "2025-12-01"),
        cla_episode("C", "2025-11-03"),
        cla_episode("D", "2024-06-03"),
        cla_episode("E", "2022-01-10"),  # in care before the earliest return loaded
        cla_episode("F", "2026-01-05"),
        cla_episode("G", "2026-01-05", dec="2026-01-20", rec="E4A"),
        cla_episode("H", "2026-01-05", dec="2026-02-02", rec="E4A"),
        cla_episode("I", "2025-06-02", dec="2025-06-10", rec="X1"),
        cla_episode("I", "2025-06-10", rne="P", place="U6"),
        cla_episode("J", "2025-05-01", ls="V3", place="U6"),
    ]
    held = [
        # A: 1 December 2025 + 20 working days, not counting 25 and 26 December, is
        # Wednesday 31 December: on time (29 December if bank holidays were forgotten).
        # Second due 31 March 2026 (3 months): held that day, on time.
        review("A", "2025-12-31"), review("A", "2026-03-31"),
        # B: 2 January 2026 is the 21st working day: late (due 31 December).
        review("B", "2026-01-02"),
        # C: due 1 December 2025 (20 working days from 3 November), held 30 November: on
        # time. Second due 30 November + 3 months = 28 February 2026; held 1 March: late.
        review("C", "2025-11-30"), review("C", "2026-03-01"),
        # D: 20 June 2024 (due 1 July 2024), 20 September 2024 (due that day), 20 March 2025
        # (due that day), 21 September 2025 (due 20 September: late), 1 March 2026 (due 21
        # March 2026: on time).
        review("D", "2024-06-20"), review("D", "2024-09-20"), review("D", "2025-03-20"),
        review("D", "2025-09-21"), review("D", "2026-03-01"),
        # E: the first review seen is not judged; the next is due 6 months on (15 July
        # 2025), held 10 July: on time; the third due 10 January 2026, held 1 February: late.
        review("E", "2025-01-15"), review("E", "2025-07-10"), review("E", "2026-02-01"),
        # I: the first review on 9 June, before the X1 move; the second due 9 September
        # (the move does not start a new period of care): on time.
        review("I", "2025-06-09"), review("I", "2025-09-09"),
        review("J", "2025-06-01"),  # short breaks: left out
    ]
    return returns([2025, 2026], history, reviews=held)


def test_reviews_on_time_by_their_due_date():
    values = run("L21", review_returns())
    # Reviews due in 2025-26 (on time / due): A 2/2, B 0/1, C 1/2, D 1/2 (the 4th and 5th),
    # E 1/2, F 0/1 (first review due 2 February 2026, not held, still looked after), G and
    # H none (left care before or on the due date), I 2/3 (the third was due 9 March 2026
    # and not held). 7 of 13.
    assert values[(year(2026), *ALL)] == (7.0, 13.0, pytest.approx(700 / 13))
    assert values[("month:2025-12-31", *ALL)] == (2.0, 3.0, pytest.approx(200 / 3))  # A B C
    assert values[("month:2026-02-28", *ALL)] == (0.0, 2.0, 0.0)  # C's second, F's first
    assert values[("month:2025-09-30", *ALL)] == (1.0, 2.0, 50.0)  # D late, I on time
    assert values[("month:2026-03-31", *ALL)] == (2.0, 3.0, pytest.approx(200 / 3))
    assert values[("month:2025-07-31", *ALL)] == (1.0, 1.0, 100.0)  # E on 6 months
    assert (year(2025), *ALL) not in values  # needs 6 months of returns before it
    units = run_results(["L21"], review_returns()).units.to_pylist()
    f_unit = [u for u in units if u["child_id"] == "F" and u["period_id"] == year(2026)]
    assert [u["detail"] for u in f_unit] == ["not held, due by 02/02/2026"]


# ------------------------------------------------------------------ L22 participation


def test_participation_in_reviews_leaves_out_under_fours():
    loads = returns([2026], [
        cla_episode("P", "2024-06-01"),
        cla_episode("Q", "2024-06-01"),
        cla_episode("R", "2024-06-01", dec="2025-09-30", rec="E4A"),
        cla_episode("S", "2025-05-01", ls="V3", place="U6"),
    ], reviews=[
        review("P", "2025-05-01", "PN0"), review("P", "2025-11-01", "PN1"),
        review("Q", "2025-06-01", "PN4"), review("Q", "2025-12-01", "PN7"),
        review("R", "2025-09-30", "PN6"),  # on the day R ceased: counted
        review("R", "2025-10-15", "PN7"),  # after R ceased: not a review of a child in care
        review("S", "2025-06-01", "PN1"),  # short breaks: left out
    ])
    # Reviews of children aged 4+: P's PN1, Q's PN4 and PN7, R's PN6 = 4; took part
    # (PN1 to PN6) = 3.
    assert run("L22", loads)[(year(2026), *ALL)] == (3.0, 4.0, 75.0)


# ------------------------------------------------------------------ L23 visits


def test_social_work_visits_in_timescale_at_the_extract_date():
    rows = [
        # 31 March 2026 - 42 days = 17 February: on time that day, not the day before.
        list_8("V1", placement_type="U6", placement_start_date="2025-01-01",
               last_social_work_visit_date="2026-02-17"),
        list_8("V2", placement_type="U6", placement_start_date="2025-01-01",
               last_social_work_visit_date="2026-02-16"),
        # Long-term fostering (U4) for a year (since 31 March 2025): 3-monthly, so a visit
        # on 31 December 2025 is due again by 31 March 2026.
        list_8("V3", placement_type="f) U4: Foster placement",
               placement_start_date="2025-03-31", last_social_work_visit_date="2025-12-31"),
        # The same but placed on 1 April 2025, not yet a year: 6-weekly, overdue.
        list_8("V4", placement_type="U4", placement_start_date="2025-04-01",
               last_social_work_visit_date="2025-12-31"),
        # Placed 7 days before the extract, not visited since: the first visit is not yet
        # overdue; placed 8 days before: it is, whatever the visit before the move.
        list_8("V5", placement_type="U6", placement_start_date="2026-03-24",
               last_social_work_visit_date="2026-03-01"),
        list_8("V6", placement_type="U6", placement_start_date="2026-03-23",
               last_social_work_visit_date="2026-03-20"),
        list_8("V7", placement_type="U6", placement_start_date="2025-06-01"),  # no visit
        list_8("V8", placement_type="U6", placement_start_date="2025-06-01",
               looked_after_end_date="2026-03-31",
               last_social_work_visit_date="2026-03-01"),  # ceased that day: left out
        list_8("V9", placement_type="U6", legal_status="V3: Short term breaks",
               placement_start_date="2025-06-01"),  # short breaks: left out
        # Visited on the day of the move: counts as a visit in the new placement.
        list_8("V10", placement_type="U6", placement_start_date="2026-03-01",
               last_social_work_visit_date="2026-03-01"),
    ]
    loads = [extract(rows)]
    # In care: V1-V7 and V10 = 8; in timescale V1, V3, V5, V10 = 4.
    assert run("L23", loads)[(EXTRACT, *ALL)] == (4.0, 8.0, 50.0)
    assert details("L23", loads, EXTRACT)["V7"] == "last visit not recorded"


# ------------------------------------------------------------------ L24 health and teeth


def test_health_assessments_and_dental_checks_in_the_last_12_months():
    rows = [
        # 12 months before 31 March 2026 is 31 March 2025 (in), 30 March 2025 (out).
        list_8("H1", date_of_birth="2015-06-01", looked_after_start_date="2024-01-01",
               last_health_assessment_date="2025-03-31", last_dental_check_date="2025-03-30"),
        # Under 5: 6 months, from 30 September 2025.
        list_8("H2", date_of_birth="2022-06-01", looked_after_start_date="2024-01-01",
               last_health_assessment_date="2025-10-01", last_dental_check_date="2025-06-01"),
        list_8("H3", date_of_birth="2021-09-01", looked_after_start_date="2024-01-01",
               last_health_assessment_date="2025-09-29"),
        # In care under 12 months: left out.
        list_8("H4", date_of_birth="2015-06-01", looked_after_start_date="2025-04-01",
               last_health_assessment_date="2025-06-01"),
        # In care exactly 12 months: in.
        list_8("H5", date_of_birth="2013-06-01", looked_after_start_date="2025-03-31",
               last_health_assessment_date="2025-06-01", last_dental_check_date="2025-06-01"),
        # Ceased before the extract: left out.
        list_8("H6", date_of_birth="2015-06-01", looked_after_start_date="2024-01-01",
               looked_after_end_date="2026-02-01"),
        # 5 on the extract date: 12 months.
        list_8("H7", date_of_birth="2021-03-31", looked_after_start_date="2024-01-01",
               last_health_assessment_date="2025-05-01", last_dental_check_date="2025-05-01"),
    ]
    loads = [extract(rows)]
    # Denominator H1, H2, H3, H5, H7 = 5. Health: H1, H2, H5, H7 = 4. Dental: H2, H5, H7 = 3.
    assert run("L24a", loads)[(EXTRACT, *ALL)] == (4.0, 5.0, 80.0)
    assert run("L24b", loads)[(EXTRACT, *ALL)] == (3.0, 5.0, 60.0)


# ------------------------------------------------------------------ L25 social workers


def test_three_or_more_social_workers_in_the_12_months_to_31_march():
    history = [
        cla_episode("W1", "2024-01-01"),
        cla_episode("W2", "2024-01-01"),
        cla_episode("W3", "2024-01-01"),
        cla_episode("W4", "2025-12-01"),
        cla_episode("W5", "2024-01-01", dec="2026-03-31", rec="E4A"),
        cla_episode("W6", "2024-01-01"),
    ]
    workers = [
        # W1: S1 ended on 1 April 2025, the first day of the 12 months: 3 workers.
        social_worker("W1", "S1", "2024-06-01", "2025-04-01"),
        social_worker("W1", "S2", "2025-04-01", "2025-10-01"),
        social_worker("W1", "S3", "2025-10-01"),
        # W2: S1 ended on 31 March 2025, before the 12 months: 2 workers.
        social_worker("W2", "S1", "2024-06-01", "2025-03-31"),
        social_worker("W2", "S2", "2025-03-31", "2025-09-01"),
        social_worker("W2", "S3", "2025-09-01"),
        # W3: the same worker came back: 2 different workers.
        social_worker("W3", "S1", "2025-04-10", "2025-06-01"),
        social_worker("W3", "S2", "2025-06-01", "2025-08-01"),
        social_worker("W3", "S1", "2025-08-01"),
        # W4: two workers before coming into care count: 3.
        social_worker("W4", "S1", "2025-05-01", "2025-09-01"),
        social_worker("W4", "S2", "2025-09-01", "2025-12-01"),
        social_worker("W4", "S3", "2025-12-01"),
        # W5 left care on 31 March: not in the denominator.
        social_worker("W5", "S1", "2025-05-01", "2025-06-01"),
        social_worker("W5", "S2", "2025-06-01", "2025-07-01"),
        social_worker("W5", "S3", "2025-07-01"),
    ]
    values = run("L25", returns([2025, 2026], history, sw_episodes=workers))
    # W1, W2, W3, W4, W6 looked after; W1 and W4 had 3 or more = 2 of 5.
    assert values[(year(2026), *ALL)] == (2.0, 5.0, 40.0)
    # 31 March 2025: W1, W2, W3, W5, W6 looked after, none with more than two workers.
    assert values[(year(2025), *ALL)] == (0.0, 5.0, 0.0)


def test_social_worker_counts_start_with_the_2023_24_return():
    loads = [ssda903(2023, episodes=[cla_episode("W1", "2022-01-01")])]
    values = run("L25", loads)
    # Before social worker episodes were collected: no value rather than 0%.
    assert values[(year(2023), *ALL)] == (0.0, 0.0, None)


# ------------------------------------------------------------------ L27 returning to care


def test_periods_of_care_starting_within_12_months_of_the_last_one_ending():
    history = [
        # K1: ended 1 March 2025, started again 1 March 2026: within 12 months (inclusive).
        cla_episode("K1", "2024-05-01", dec="2025-03-01", rec="E4A"),
        cla_episode("K1", "2026-03-01"),
        # K2: ended 1 March 2025, started again 2 March 2026: not within.
        cla_episode("K2", "2024-05-01", dec="2025-03-01", rec="E4A"),
        cla_episode("K2", "2026-03-02"),
        # K3: starts, moves (X1, not a start), leaves and comes back the same day: the
        # first start is not a return, the second is.
        cla_episode("K3", "2025-06-01", dec="2025-08-01", rec="X1"),
        cla_episode("K3", "2025-08-01", rne="P", place="U6", dec="2025-09-01", rec="E4B"),
        cla_episode("K3", "2025-09-01"),
        # K4: short breaks before are not a period of care.
        cla_episode("K4", "2025-04-10", ls="V3", place="U6", dec="2025-05-01", rec="E8"),
        cla_episode("K4", "2025-06-01"),
        # K5: ended 29 February 2024, started again 28 February 2025: 12 months back from
        # 28 February 2025 is 28 February 2024, so within. K6 ended the day before that.
        cla_episode("K5", "2023-06-01", dec="2024-02-29", rec="E4A"),
        cla_episode("K5", "2025-02-28"),
        cla_episode("K6", "2023-06-01", dec="2024-02-27", rec="E4A"),
        cla_episode("K6", "2025-02-28"),
    ]
    values = run("L27", returns([2024, 2025, 2026], history))
    # 2025-26 starts: K1 (yes), K2 (no), K3 twice (no, yes), K4 (no): 2 of 5.
    assert values[(year(2026), *ALL)] == (2.0, 5.0, 40.0)
    assert values[("month:2025-02-28", *ALL)] == (1.0, 2.0, 50.0)  # K5 yes, K6 no
    assert (year(2024), *ALL) not in values  # needs 12 months of returns before it
