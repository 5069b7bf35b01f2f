"""Care leaver indicators (Y01 to Y10): the OC3 cohort measures and the Annex A List 9 ones,
each on a few hand-made rows read through the real readers. Expected values are worked out by
hand in the comments."""

import csv
import io
from datetime import date
from typing import Any

import pytest

from clearsight_analytics.indicators import Return
from clearsight_analytics.ingest.annex_a import COLUMNS, read_annex_a_csv
from clearsight_analytics.tests.builders import (
    annex_a,
    cla_episode,
    run,
    run_results,
    ssda903,
    year,
)

ALL = "all", "All"


def oc3(child_id: str, dob: str, in_touch: str, activ: str | None = None,
        accom: str | None = None) -> dict[str, Any]:
    return {"CHILD": child_id, "DOB": dob, "IN_TOUCH": in_touch, "ACTIV": activ,
            "ACCOM": accom}


# ------------------------------------------------------------------ Y01 to Y07: OC3 cohort


def cohort_2025_26() -> Any:
    """The 2025-26 OC3. Ages are at the birthday in the year (the age on 31 March 2026)."""
    return ssda903(2026, oc3=[
        oc3("L1", "2006-05-10", "YES", "F1", "U1"),  # 19: suitable, EET, higher education
        oc3("L1", "2006-05-10", "YES", "F1", "U1"),  # the same young person twice: once
        oc3("L2", "2005-08-01", "YES", "G5", "S2"),  # 20: unsuitable, NEET
        oc3("L3", "2004-12-01", "YES", "P5", "Z1"),  # 21: suitable, EET
        oc3("L4", "2005-06-01", "NO"),  # 20: not in touch, nothing known
        oc3("L5", "2006-01-01", "DIED"),  # died: left out
        oc3("L6", "2005-10-01", "RHOM", "F2", "B1"),  # home 6 months or more: left out
        oc3("L7", "2006-02-01", "YES", "F2", "G1"),  # 20: gone abroad; EET
        oc3("L8", "2007-03-31", "REFU"),  # 19 on 31 March 2026 itself; refuses contact
        oc3("L9", "2005-11-11", "NO", "G4", "R2"),  # 20: not in touch but activity known;
        #                                            residence not known
        oc3("L14", "2004-04-01", "YES", "F5", "T1"),  # 21 (22 only on 1 April 2026)
        oc3("L15", "2004-03-31", "YES", "F5", "T1"),  # 22 on 31 March 2026: not in the cohort
        oc3("L10", "2007-04-01", "YES", "F4", "D1"),  # 18 (19 only on 1 April 2026)
        oc3("L11", "2008-02-29", "YES", "G6", "B2"),  # 18 on 1 March 2026
        oc3("L12", "2009-01-15", "NREQ"),  # 17: no longer needs services
        oc3("L13", "2009-06-01", "YES", "F2", "D1"),  # 16: not in the cohort
    ])


# Aged 19 to 21, outside the exclusions: L1, L2, L3, L4, L7, L8, L9, L14 = 8.
# Aged 17 to 18: L10, L11, L12 = 3.


def test_suitable_accommodation_leaves_out_abroad_deported_and_not_known():
    returns = [cohort_2025_26()]
    # 19 to 21 without G/H/R: L7 (G1) and L9 (R2) leave, so L1, L2, L3, L4, L8, L14 = 6;
    # suitable (second character 1): L1 U1, L3 Z1, L14 T1 = 3. L4 and L8 have no ACCOM and
    # stay in as not suitable.
    assert run("Y01", returns)[(year(2026), *ALL)] == (3.0, 6.0, 50.0)
    # 17 to 18: L10 D1 suitable; L11 B2 unsuitable; L12 nothing recorded. 1 of 3.
    assert run("Y02", returns)[(year(2026), *ALL)] == (1.0, 3.0, pytest.approx(100 / 3))


def test_activity_measures_use_the_age_at_the_birthday_in_the_year():
    returns = [cohort_2025_26()]
    # EET 19 to 21: L1 F1, L3 P5, L7 F2, L14 F5 = 4 of 8.
    assert run("Y03", returns)[(year(2026), *ALL)] == (4.0, 8.0, 50.0)
    # EET 17 to 18: L10 F4 = 1 of 3.
    assert run("Y04", returns)[(year(2026), *ALL)] == (1.0, 3.0, pytest.approx(100 / 3))
    # NEET 19 to 21: L2 G5 and L9 G4 (known though not in touch) = 2 of 8.
    assert run("Y05", returns)[(year(2026), *ALL)] == (2.0, 8.0, 25.0)
    # Not in touch 19 to 21: L4 only (L9's activity is known; L8 refuses contact) = 1 of 8.
    assert run("Y06", returns)[(year(2026), *ALL)] == (1.0, 8.0, 12.5)
    # Higher education 19 to 21: L1 F1 = 1 of 8.
    assert run("Y07", returns)[(year(2026), *ALL)] == (1.0, 8.0, 12.5)
    # Year only: no quarters or months for a cohort.
    assert {key[0] for key in run("Y03", returns)} == {year(2026)}


def test_each_young_person_is_placed_on_their_birthday_in_the_year():
    units = run_results(["Y04", "Y03"], [cohort_2025_26()]).units.to_pylist()
    birthdays = {(u["code"], u["child_id"]): u["ref_date"] for u in units}
    # Born 29 February 2008: 18 on 1 March 2026 (2026 has no 29 February).
    assert birthdays[("Y04", "L11")] == date(2026, 3, 1)
    assert birthdays[("Y03", "L8")] == date(2026, 3, 31)
    assert birthdays[("Y03", "L14")] == date(2025, 4, 1)
    details = {u["child_id"]: u["detail"] for u in units if u["code"] == "Y03"}
    assert details["L4"] == "aged 20: IN_TOUCH NO, ACTIV -, ACCOM -"


def test_training_or_employment_f3_counts_in_returns_that_still_used_it():
    returns = [ssda903(2021, oc3=[
        oc3("A", "2000-06-01", "YES", "F3", "U1"),  # 20 in 2020-21
        oc3("B", "2001-01-20", "YES", "G5", "U1"),  # 20
    ])]
    assert run("Y03", returns)[(year(2021), *ALL)] == (1.0, 2.0, 50.0)


# ------------------------------------------------------------------ Y08: staying put


def staying_put_returns() -> list:
    return [
        ssda903(2023, episodes=[
            # SP8: 21 in 2025-26, left foster care on their 18th birthday (01/10/2022).
            cla_episode("SP8", "2020-01-01", place="U4", dec="2022-10-01", rec="E17"),
        ]),
        ssda903(2024, episodes=[
            # SP2: left a foster placement on their 18th birthday, 01/09/2023, to supported
            # accommodation (E5).
            cla_episode("SP2", "2022-05-01", place="U6", dec="2023-09-01", rec="E5"),
            # SP3: E17 recorded the day before the 18th birthday (10/01/2024).
            cla_episode("SP3", "2021-03-01", ls="V2", place="U4", dec="2024-01-09",
                        rec="E17"),
            # SP4: left foster care at 17.
            cla_episode("SP4", "2022-09-01", place="U4", dec="2023-05-01", rec="E4A"),
            # SP7: left foster care at 18 but has since died.
            cla_episode("SP7", "2021-01-01", place="U4", dec="2023-12-01", rec="E17"),
        ]),
        ssda903(2025, episodes=[
            # SP1: in foster care to their 18th birthday, 15/06/2024.
            cla_episode("SP1", "2023-01-01", place="U4", dec="2024-06-15", rec="E17"),
            # SP5: left a children's home (K2) at 18, not foster care.
            cla_episode("SP5", "2023-07-01", place="K2", dec="2024-07-01", rec="E5"),
            # SP6: short breaks (V3) with foster carers ending at 18: not leaving care.
            cla_episode("SP6", "2024-07-20", ls="V3", place="U6", dec="2024-08-01",
                        rec="E8"),
        ]),
        ssda903(2026, oc3=[
            oc3("SP1", "2006-06-15", "YES", "F2", "Z1"),  # 19, staying put
            oc3("SP2", "2005-09-01", "YES", "F5", "D1"),  # 20, not
            oc3("SP3", "2006-01-10", "YES", "P5", "Z2"),  # 20, staying put (unsuitable)
            oc3("SP4", "2006-05-01", "YES", "G5", "Z1"),  # 19, left care at 17
            oc3("SP5", "2006-07-01", "YES", "F1", "Z1"),  # 19, left a children's home
            oc3("SP6", "2006-08-01", "YES", "F1", "Z1"),  # 19, short breaks only
            oc3("SP7", "2005-12-01", "DIED"),  # 20, died
            oc3("SP8", "2004-10-01", "YES", "F1", "Z1"),  # 21: too old
        ]),
    ]


def test_staying_put_among_those_who_left_foster_care_at_18():
    values = run("Y08", staying_put_returns())
    # Left foster care at 18, aged 19 or 20, alive: SP1 (on the birthday, E17), SP2 (on the
    # birthday, E5), SP3 (E17 a day early) = 3; with former foster carers (ACCOM Z): SP1 and
    # SP3 = 2 of 3.
    assert values[(year(2026), *ALL)] == (2.0, 3.0, pytest.approx(200 / 3))
    # 2024-25 has its two years of history but no OC3 rows: no figure, not zero.
    assert values[(year(2025), *ALL)] == (0.0, 0.0, None)
    # 2023-24 lacks the two years before it.
    assert (year(2024), *ALL) not in values


# ------------------------------------------------------------------ Y09, Y10: Annex A List 9


def list_9_row(child_id: str, category: str | None, in_touch: str = "a) Yes", *,
               review: str | None = None, adviser: str | None = None,
               contact: str | None = None, team: str = "Leaving Care") -> dict[str, Any]:
    return {"Child Unique ID": child_id, "Gender": "a) Male", "Ethnicity": "a) WBRI",
            "Date of Birth": "01/01/2006", "Age of Child (Years)": "20",
            "Does the Child have a Disability": "b) No", "Allocated Team": team,
            "Allocated Worker": "W1", "Allocated Personal Advisor": adviser,
            "Eligibility Category": category, "Latest Pathway Plan Review Date": review,
            "LA in Touch": in_touch, "Latest Date of Contact": contact,
            "Type of Accommodation": "U: Independent living",
            "Suitability of Accommodation": "a) Suitable", "Activity Status": "F5"}


def old_template_list_9(rows: list[dict[str, Any]]) -> Any:
    """List 9 as the pre-2024 template had it: without the UASC, personal adviser, pathway
    plan review and latest contact columns."""
    dropped = {"uasc", "allocated_personal_advisor", "pathway_plan_review_date",
               "latest_contact_date"}
    headers = [c.headers[0] for c in COLUMNS[9] if c.name not in dropped]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(header) or "" for header in headers])
    return read_annex_a_csv(out.getvalue().encode(), "list_9.csv", 9)


def list_9_returns() -> list:
    current = annex_a(9, [
        # Extract of 31 March 2026: 6 months back is 30/09/2025; 8 weeks back is 03/02/2026.
        list_9_row("CL1", "b) Former relevant child", review="2025-09-30", adviser="PA One",
                   contact="2026-02-03"),
        list_9_row("CL1", "b) Former relevant child", review="2025-09-30", adviser="PA One",
                   contact="2026-02-03"),  # listed twice: counted once
        list_9_row("CL2", "a) Relevant child", review="2025-09-29", adviser=None,
                   contact="2026-02-02", team="Through Care"),
        list_9_row("CL3", "d) Eligible", review="2026-04-02", adviser="PA Two",
                   contact="2026-03-31"),
        list_9_row("CL4", "c) Qualifying care leaver", review="2026-01-01", adviser="PA One",
                   contact="2026-03-01"),
        list_9_row("CL5", "b) Former relevant child", "c) Died", review="2026-01-01"),
        list_9_row("CL6", None, contact="2026-03-01"),
    ])
    older = old_template_list_9([list_9_row("CL1", "b) Former relevant child")])
    return [Return(current, as_at=date(2026, 3, 31)), Return(older, as_at=date(2025, 9, 30))]


NOW = "extract:2026-03-31"
BEFORE = "extract:2025-09-30"


def test_pathway_plans_reviewed_in_the_six_months_to_the_extract():
    values = run("Y09", list_9_returns())
    # Relevant, former relevant or eligible and alive: CL1, CL2, CL3, CL6 = 4 (CL4 is a
    # qualifying care leaver, CL5 has died). Reviewed on or after 30/09/2025 and not after
    # the extract: CL1 (30/09/2025) only; CL2 is a day early, CL3's date is after the extract.
    assert values[(NOW, *ALL)] == (1.0, 4.0, 25.0)
    assert values[(NOW, "team", "Leaving Care")] == (1.0, 3.0, pytest.approx(100 / 3))
    # The older extract's template had no review column: no figure rather than 0%.
    assert values[(BEFORE, *ALL)] == (0.0, 0.0, None)


def test_personal_adviser_and_contact_in_the_last_eight_weeks():
    returns = list_9_returns()
    # A personal adviser named: CL1 and CL3 = 2 of 4.
    adviser = run("Y10a", returns)
    assert adviser[(NOW, *ALL)] == (2.0, 4.0, 50.0)
    assert adviser[(BEFORE, *ALL)] == (0.0, 0.0, None)
    # Contact on or after 03/02/2026: CL1 (that day), CL3 (the extract day), CL6 (01/03);
    # CL2's (02/02/2026) is a day too early. 3 of 4.
    assert run("Y10b", returns)[(NOW, *ALL)] == (3.0, 4.0, 75.0)
