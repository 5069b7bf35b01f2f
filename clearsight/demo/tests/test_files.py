"""The files written for Demoshire: Clearsight's two imports and the national returns.

The returns cover three collection years (conftest.YEARS); test_returns.py reads them with the
real readers and checks them across years.
"""

import csv
import hashlib
import itertools
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from clearsight.casework.services import CASES_SPEC
from clearsight.demo import codes
from clearsight.demo.files import write_all
from clearsight.demo.generator import Authority, generate
from clearsight.demo.tests.conftest import AS_OF, YEARS
from clearsight.organisation.roles import Role
from clearsight.organisation.services import STAFF_SPEC

TEMPLATE = (Path(__file__).resolve().parents[4] / "shared" / "data" / "samples"
            / "annex_a_template_2024_sample.xlsx")
SHEETS = [f"List {n}" for n in range(1, 12)]


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def workbook(out: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(out / "annex_a.xlsx")


@pytest.fixture(scope="module")
def cases(out: Path) -> dict[str, list[dict[str, str]]]:
    """cases.csv rows by child ID."""
    by_child: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_csv(out / "cases.csv")[1]:
        by_child[row["child_id"]].append(row)
    return by_child


# ------------------------------------------------------------------ repeatability


def test_same_seed_gives_identical_files_and_another_seed_does_not(
        tmp_path: Path) -> None:
    first, second, other = tmp_path / "first", tmp_path / "second", tmp_path / "other"
    write_all(generate(seed=3, open_cases=150, as_of=AS_OF), first)
    write_all(generate(seed=3, open_cases=150, as_of=AS_OF), second)
    write_all(generate(seed=4, open_cases=150, as_of=AS_OF), other)
    expected = checksums(first)
    # staff, cases, Annex A, population; 11 SSDA903 tables and a CIN census for each year
    assert len(expected) == 4 + 3 * (11 + 1)
    assert checksums(second) == expected
    differing = {name for name, digest in checksums(other).items() if expected[name] != digest}
    assert {"cases.csv", "annex_a.xlsx", "cin_census/2024.xml", "cin_census/2026.xml",
            "ssda903/2024/episodes.csv", "ssda903/2026/episodes.csv"} <= differing


# ------------------------------------------------------------------ staff.csv and cases.csv


def test_staff_csv_is_in_the_import_format(out: Path, authority: Authority) -> None:
    header, rows = read_csv(out / "staff.csv")
    assert header == list(STAFF_SPEC.columns)
    assert len(rows) == len(authority.staff)
    role_codes = {role.value for role in Role}
    team_names: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        assert set(row["roles"].split(";")) <= role_codes
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["team_code"])
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row["service_area_code"])
        assert row["directorate"] == "Children and Families"
        assert row["active"] == "yes"
        team_names[row["team_code"]].add(row["team"])
    assert all(len(names) == 1 for names in team_names.values())
    assert len({row["email"].lower() for row in rows}) == len(rows)


def test_cases_csv_is_in_the_import_format(out: Path, authority: Authority,
                                           cases: dict[str, list[dict[str, str]]]) -> None:
    header, rows = read_csv(out / "cases.csv")
    assert header == list(CASES_SPEC.columns)
    assert len(rows) == len(authority.cases)
    staff = {row["staff_id"]: row for row in read_csv(out / "staff.csv")[1]}
    teams = {row["team_code"] for row in staff.values()}
    assert len({row["case_ref"] for row in rows}) == len(rows)
    for row in rows:
        assert row["sex"] in ("M", "F", "U")
        assert row["disability"] in ("Y", "N", "")
        assert row["ethnicity"] in codes.ETHNICITIES
        assert row["team_code"] in teams
        assert row["date_of_birth"] or row["expected_date_of_birth"]
        date.fromisoformat(row["opened_on"])
        if row["closed_on"]:
            assert row["closed_on"] >= row["opened_on"]
        if row["allocated_worker_staff_id"]:
            assert staff[row["allocated_worker_staff_id"]]["team_code"] == row["team_code"]
    for child_rows in cases.values():
        details = {(r["date_of_birth"], r["expected_date_of_birth"], r["sex"], r["ethnicity"],
                    r["disability"]) for r in child_rows}
        assert len(details) == 1


# ------------------------------------------------------------------ Annex A


def test_annex_a_has_the_eleven_lists_with_the_template_headers(
        workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == SHEETS
    for name in SHEETS:
        header = [cell.value for cell in workbook[name][1]]
        assert header == list(codes.ANNEX_A_HEADERS[name]), name
    assert len(codes.ANNEX_A_HEADERS["List 8"]) == 34
    assert len(codes.ANNEX_A_HEADERS["List 9"]) == 17


@pytest.mark.skipif(not TEMPLATE.exists(), reason="the 2024 template sample is not here")
def test_annex_a_headers_are_the_2024_template_headers(workbook: openpyxl.Workbook) -> None:
    template = openpyxl.load_workbook(TEMPLATE, read_only=True)
    assert template.sheetnames == workbook.sheetnames
    for name in SHEETS:
        expected = [c.value for c in next(template[name].iter_rows(max_row=1))]
        assert [c.value for c in workbook[name][1]] == expected, name


def columns(workbook: openpyxl.Workbook, sheet: str) -> dict[str, list[object]]:
    rows = list(workbook[sheet].iter_rows(values_only=True))
    return {name: [row[i] for row in rows[1:]] for i, name in enumerate(rows[0])}


ALLOWED = {
    "Gender": set(codes.AA_GENDER.values()),
    "Ethnicity": set(codes.AA_ETHNICITY.values()),
    "Contact Source": set(codes.AA_SOURCE.values()),
    "Referral Source": set(codes.AA_SOURCE.values()),
    "Primary Need Code": set(codes.AA_PRIMARY_NEED.values()),
    "Child's Category of Need": set(codes.AA_PRIMARY_NEED.values()),
    "Reason for Closure": set(codes.AA_CLOSURE_REASON.values()),
    "Case Status": set(codes.AA_CASE_STATUS.values()),
    "Initial Category of Abuse": set(codes.AA_ABUSE.values()),
    "Latest Category of Abuse": set(codes.AA_ABUSE.values()),
    "Child's Legal Status": set(codes.AA_LEGAL_STATUS.values()),
    "What is the permanence plan for this child?": set(codes.AA_PERMANENCE.values()),
    "Reason Ceased to be Looked After": set(codes.AA_REASON_CEASED.values()),
    "Placement Type": set(codes.AA_PLACEMENT_TYPE.values()),
    "Placement Provider": set(codes.AA_PROVIDER.values()),
    "Placement Location": set(codes.AA_LOCATION.values()),
    "Eligibility Category": set(codes.AA_ELIGIBILITY.values()),
    "LA in Touch": set(codes.AA_IN_TOUCH.values()),
    "Type of Accommodation": set(codes.AA_ACCOMMODATION.values()),
    "Suitability of Accommodation": set(codes.AA_SUITABILITY.values()),
    "Activity Status": set(codes.AA_ACTIVITY.values()),
    "Reason Why Child No Longer Placed for Adoption": set(codes.AA_NO_LONGER_PLACED.values()),
    "Reason for leaving adoption process": set(codes.AA_LEFT_ADOPTION.values()),
}
YES_NO = {codes.AA_YES, codes.AA_NO}


def test_annex_a_values_come_from_the_template_lists(workbook: openpyxl.Workbook) -> None:
    filled = set()
    for sheet in SHEETS:
        table = columns(workbook, sheet)
        assert table["Gender"], f"{sheet} has rows"
        for name, values in table.items():
            present = [v for v in values if v not in (None, "")]
            if present:
                filled.add((sheet, name))
            if name in ALLOWED:
                assert set(present) <= ALLOWED[name], (sheet, name)
            elif name.startswith(("Does the", "Was ", "Did ", "Is ", "Child Seen", "Referral NFA",
                                  "Subject to", "Unaccompanied", "Disability")):
                assert set(present) <= YES_NO, (sheet, name)
            elif "date" in name.lower():
                assert all(isinstance(v, datetime) for v in present), (sheet, name)
            elif name.startswith(("Number", "No. of", "Age")):
                assert all(isinstance(v, int) for v in present), (sheet, name)
    for sheet in ("List 8", "List 9"):
        assert all((sheet, name) in filled for name in codes.ANNEX_A_HEADERS[sheet]
                   if not name.startswith(("Date Ceased", "Reason Ceased", "URN",
                                           "Was the child offered", "Did the child accept",
                                           "Allocated Personal", "Is this a second"))), sheet


def test_annex_a_dates_are_real_excel_dates(workbook: openpyxl.Workbook) -> None:
    cell = workbook["List 1"]["F2"]
    assert cell.is_date
    assert cell.number_format == "dd/mm/yyyy"


def test_annex_a_children_are_the_children_of_cases_csv(
        workbook: openpyxl.Workbook, cases: dict[str, list[dict[str, str]]],
        authority: Authority) -> None:
    team_names = {team.name for team in authority.teams}
    for sheet in ("List 2", "List 4", "List 6", "List 7", "List 8", "List 9", "List 10"):
        table = columns(workbook, sheet)
        for i, child_id in enumerate(table["Child Unique ID"]):
            assert child_id in cases, (sheet, child_id)
            row = cases[child_id][0]
            born = table["Date of Birth"][i]
            assert (born.date().isoformat() if isinstance(born, datetime) else "") == row[
                "date_of_birth"]
            assert codes.AA_GENDER[row["sex"]] == table["Gender"][i]
            if "Allocated Team" in table:
                assert table["Allocated Team"][i] in team_names
    in_care = set(columns(workbook, "List 8")["Child Unique ID"])
    open_cla = {c.child.child_id for c in authority.open_cases() if c.case_type == "cla"}
    assert open_cla <= in_care


# ------------------------------------------------------------------ SSDA903


CODE_LISTS = {
    "ETHNIC": set(codes.ETHNICITIES),
    "RNE": set(codes.RNE),
    "LS": set(codes.LEGAL_STATUSES),
    "CIN": set(codes.CATEGORIES_OF_NEED_903),
    "PLACE": set(codes.PLACEMENT_TYPES),
    "PLACE_PROVIDER": set(codes.PLACEMENT_PROVIDERS),
    "REC": set(codes.REASONS_CEASED),
    "REASON_PLACE_CHANGE": set(codes.REASONS_PLACE_CHANGE),
    "REVIEW_CODE": set(codes.REVIEW_CODES),
    "MISSING": set(codes.MISSING_TYPES),
    "SDQ_REASON": set(codes.SDQ_REASONS),
    "IN_TOUCH": set(codes.IN_TOUCH),
    "ACTIV": set(codes.ACTIVITIES),
    "ACCOM": set(codes.ACCOMMODATION),
    "PREV_PERM": set(codes.PREVIOUS_PERMANENCE),
    "SEX_ADOPTR": set(codes.SEX_ADOPTER),
    "LS_ADOPTR": set(codes.LS_ADOPTER),
    "REASON_PLACED_CEASED": set(codes.REASONS_PLACED_CEASED),
    "SW_REASON": set(codes.SW_REASONS),
    "MOTHER": {"0", "1"},
    "FOSTER_CARE": {"0", "1"},
    "NB_ADOPTR": {"1", "2"},
}
FLAGS = ("CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT",
         "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
DATES = ("DOB", "MC_DOB", "DECOM", "DEC", "DUC", "REVIEW", "DATE_INT", "DATE_MATCH",
         "DATE_PLACED", "DATE_PLACED_CEASED", "MIS_START", "MIS_END", "DATE_PERM", "SW_DECOM",
         "SW_DEC")


@pytest.mark.parametrize("year", YEARS)
def test_ssda903_files_have_the_dfe_columns_and_valid_codes(out: Path, year: int) -> None:
    folder = out / "ssda903" / str(year)
    header_ids = {row["CHILD"] for row in read_csv(folder / "header.csv")[1]}
    staff_ids = {row["staff_id"] for row in read_csv(out / "staff.csv")[1]}
    sexes = {"M", "F"} if year >= 2025 else {"1", "2"}
    assert sorted(p.name for p in folder.iterdir()) == sorted(codes.ssda903_tables(year))
    for name in codes.ssda903_tables(year):
        header, rows = read_csv(folder / name)
        assert header == list(codes.SSDA903_COLUMNS[name]), name
        assert rows or name in ("ad1.csv",), f"{year}/{name} has rows"
        for row in rows:
            assert row["CHILD"] in header_ids, name
            for column, value in row.items():
                if not value:
                    continue
                if column == "SEX":
                    assert value in sexes, (year, name, value)
                elif column in CODE_LISTS:
                    assert value in CODE_LISTS[column], (name, column, value)
                elif column in FLAGS:
                    assert value in ("0", "1"), (name, column, value)
                elif column in DATES:
                    datetime.strptime(value, "%d/%m/%Y")  # noqa: DTZ007 - a date, not a time
                elif column == "SDQ_SCORE":
                    assert 0 <= int(value) <= 40
                elif column == "SW_ID":
                    assert value in staff_ids


@pytest.mark.parametrize("year", YEARS)
def test_ssda903_episodes_chain_within_the_year(out: Path, authority: Authority,
                                                year: int) -> None:
    rows = read_csv(out / "ssda903" / str(year) / "episodes.csv")[1]
    by_child: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_child[row["CHILD"]].append(row)
    first, last = date(year - 1, 4, 1), authority.last_day(year)
    for child_rows in by_child.values():
        for this, following in itertools.pairwise(child_rows):
            if this["REC"] == "X1":
                assert this["DEC"] == following["DECOM"]
                assert following["RNE"] != "S"
        for row in child_rows:
            start = datetime.strptime(row["DECOM"], "%d/%m/%Y").date()  # noqa: DTZ007
            assert start <= last
            if row["DEC"]:
                ended = datetime.strptime(row["DEC"], "%d/%m/%Y").date()  # noqa: DTZ007
                assert first <= ended <= last  # nothing after the year is known in its return
                assert row["REC"]
            else:
                assert not row["REC"]
            if row["PLACE"] == "P1":
                assert row["PLACE_PROVIDER"] == "PR0"
    assert {r["REC"] for r in rows} - {"", "X1"}, "some children left care in the year"


@pytest.mark.parametrize("year", YEARS)
def test_ssda903_children_agree_with_cases_csv(out: Path, year: int,
                                               cases: dict[str, list[dict[str, str]]]) -> None:
    for row in read_csv(out / "ssda903" / str(year) / "header.csv")[1]:
        case_rows = cases[row["CHILD"]]
        assert any(r["case_type"] in ("cla", "care_leaver") for r in case_rows)
        born = datetime.strptime(row["DOB"], "%d/%m/%Y").date()  # noqa: DTZ007
        assert born.isoformat() == case_rows[0]["date_of_birth"]
        assert row["SEX"] == codes.sex_903(case_rows[0]["sex"], year)
        assert row["ETHNIC"] == case_rows[0]["ethnicity"]


# ------------------------------------------------------------------ CIN census


CINDETAILS_ORDER = ["CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
                    "ReasonForClosure", "DateOfInitialCPC", "Assessments", "CINPlanDates",
                    "Section47", "ReferralNFA", "ChildProtectionPlans"]
IDENTIFIERS_ORDER = ["LAchildID", "UPN", "FormerUPN", "UPNunknown", "PersonBirthDate",
                     "ExpectedPersonBirthDate", "Sex", "GenderCurrent", "PersonDeathDate"]


def in_order(tags: list[str], order: list[str]) -> bool:
    positions = [order.index(tag) for tag in tags]
    return positions == sorted(positions)


@pytest.mark.parametrize("year", YEARS)
def test_cin_census_parses_with_the_expected_structure(
        out: Path, cases: dict[str, list[dict[str, str]]], year: int) -> None:
    root = ET.parse(out / "cin_census" / f"{year}.xml").getroot()  # noqa: S314 - our own file
    assert root.tag == "Message"
    assert [child.tag for child in root] == ["Header", "Children"]
    assert root.findtext("Header/CollectionDetails/Collection") == "CIN"
    assert root.findtext("Header/CollectionDetails/Year") == str(year)
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == f"{year}-03-31"
    assert re.fullmatch(r"\d{3}", root.findtext("Header/Source/LEA") or "")
    children = root.findall("Children/Child")
    assert len(children) > 300
    kinds: defaultdict[str, int] = defaultdict(int)
    for child in children:
        tags = [element.tag for element in child]
        assert tags[:2] == ["ChildIdentifiers", "ChildCharacteristics"]
        assert set(tags[2:]) == {"CINdetails"}
        ids = child.find("ChildIdentifiers")
        assert ids is not None
        assert in_order([e.tag for e in ids], IDENTIFIERS_ORDER)
        if year >= 2025:  # Sex (M/F/U) from 2024-25, GenderCurrent (1/2/0) before
            assert ids.findtext("Sex") in ("M", "F", "U")
            assert ids.find("GenderCurrent") is None
        else:
            assert ids.findtext("GenderCurrent") in ("1", "2", "0")
            assert ids.find("Sex") is None
        upn = ids.findtext("UPN")
        assert upn is None or re.fullmatch(r"[A-Za-z]\d{11}(\d|[A-Za-z])", upn)
        assert child.findtext("ChildCharacteristics/Ethnicity") in codes.ETHNICITIES
        for code in child.findall("ChildCharacteristics/Disabilities/Disability"):
            assert code.text in codes.DISABILITIES
        for details in child.findall("CINdetails"):
            tags = [e.tag for e in details]
            assert in_order(tags, CINDETAILS_ORDER), tags
            assert tags.count("ReferralNFA") == 1
            assert details.findtext("ReferralSource") in codes.REFERRAL_SOURCES
            need = details.findtext("PrimaryNeedCode")
            assert need is None or need in codes.PRIMARY_NEEDS
            reason = details.findtext("ReasonForClosure")
            assert reason is None or reason in codes.CLOSURE_REASONS
            date.fromisoformat(details.findtext("CINreferralDate") or "")
            for factor in details.findall("Assessments/FactorsIdentifiedAtAssessment/"
                                          "AssessmentFactors"):
                assert factor.text in codes.ASSESSMENT_FACTORS
            for plan in details.findall("ChildProtectionPlans"):
                assert plan.findtext("InitialCategoryOfAbuse") in codes.ABUSE_CATEGORIES
                assert plan.findtext("LatestCategoryOfAbuse") in codes.ABUSE_CATEGORIES
                assert int(plan.findtext("NumberOfPreviousCPP") or "-1") >= 0
                kinds["cpp"] += 1
            for s47 in details.findall("Section47"):
                assert s47.findtext("ICPCnotRequired") in ("0", "1")
                kinds["s47"] += 1
            kinds["assessment"] += len(details.findall("Assessments"))
            kinds["cin plan"] += len(details.findall("CINPlanDates"))
            kinds["nfa"] += details.findtext("ReferralNFA") == "1"
        child_id = ids.findtext("LAchildID")
        nfa_only = all(d.findtext("ReferralNFA") == "1" for d in child.findall("CINdetails"))
        assert child_id in cases or nfa_only
    assert all(kinds[k] > 10 for k in ("cpp", "s47", "assessment", "cin plan", "nfa")), kinds
