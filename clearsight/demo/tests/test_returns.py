"""Demoshire's national returns over three collection years, read with the real readers.

Each year's SSDA903 and CIN census must read with no problems at all, follow that year's rules,
carry work open on 31 March into the next year, and look like the years beside it: referrals,
plans, entries to care and the numbers open at the year end within about 20% year on year and
near England's rates for an authority of Demoshire's size (data-standards.md section 5).
"""

import csv
import itertools
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from clearsight.demo import codes
from clearsight.demo.files import DemoFiles, write_all
from clearsight.demo.generator import Authority, birthday, collection_year, generate
from clearsight.demo.tests.conftest import AS_OF, YEARS
from clearsight.demo.tests.figures import STOCKS, annualised, yearly_figures
from clearsight_analytics import WorkingDayCalendar
from clearsight_analytics.ingest.annex_a import read_annex_a_workbook
from clearsight_analytics.ingest.cin_census import read_cin_census
from clearsight_analytics.ingest.problems import Loaded
from clearsight_analytics.ingest.ssda903 import read_ssda903_years

DFE_POPULATION = (Path(__file__).resolve().parents[4] / "shared" / "data" / "dfe"
                  / "ons_mid-year_population_estimates_2012_to_2024.csv")
DEFAULT_AS_OF = date(2026, 3, 31)  # a whole 2025-26, so every year is a full year


def read_903(files: DemoFiles) -> Loaded:
    return read_ssda903_years({year: {path.name: path.read_bytes()
                                      for path in files.ssda903_files(year)}
                               for year in files.ssda903})


def read_census(path: Path) -> Loaded:
    return read_cin_census(path.read_bytes(), path.name)


def rows(loaded: Loaded, table: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = loaded.tables[table].to_pylist()
    return found


@pytest.fixture(scope="module")
def ssda903(written: DemoFiles) -> Loaded:
    return read_903(written)


@pytest.fixture(scope="module")
def census(written: DemoFiles) -> dict[int, Loaded]:
    return {year: read_census(path) for year, path in written.cin_census.items()}


# ------------------------------------------------------------------ the files


def test_three_collection_years_are_written_each_in_its_place(written: DemoFiles,
                                                              out: Path) -> None:
    assert list(written.ssda903) == YEARS
    assert list(written.cin_census) == YEARS
    for year in YEARS:
        assert written.ssda903[year] == out / "ssda903" / str(year)
        assert written.cin_census[year] == out / "cin_census" / f"{year}.xml"
        assert [p.name for p in written.ssda903_files(year)] == list(codes.SSDA903_COLUMNS)
    assert (written.staff, written.cases, written.annex_a, written.population) == (
        out / "staff.csv", out / "cases.csv", out / "annex_a.xlsx", out / "population.csv")
    assert all(path.is_file() for path in written.paths())
    assert len(written.paths()) == 4 + 3 * 12
    assert not (out / "cin_census.xml").exists()


def test_a_year_before_2023_24_has_no_social_worker_table(tmp_path: Path) -> None:
    files = write_all(generate(seed=5, open_cases=80, as_of=date(2025, 2, 28)), tmp_path)
    assert list(files.ssda903) == [2023, 2024, 2025]
    assert "sw_episodes.csv" not in {p.name for p in files.ssda903_files(2023)}
    assert not (files.ssda903[2023] / "sw_episodes.csv").exists()
    assert (files.ssda903[2024] / "sw_episodes.csv").is_file()
    loaded = read_903(files)  # the reader refuses a sw_episodes table before 2023-24
    assert not loaded.problems
    assert set(loaded.tables["sw_episodes"].column("collection_year").to_pylist()) == {
        2024, 2025}


def test_write_all_removes_returns_of_other_years_and_the_old_layout(tmp_path: Path) -> None:
    stale = [tmp_path / "cin_census.xml", tmp_path / "ssda903" / "header.csv",
             tmp_path / "ssda903" / "2019" / "episodes.csv", tmp_path / "cin_census" / "2019.xml"]
    kept = [tmp_path / "notes.txt", tmp_path / "ssda903" / "2019" / "notes.txt"]
    for path in stale + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("old", encoding="utf-8")
    files = write_all(generate(seed=5, open_cases=40, as_of=AS_OF), tmp_path)
    assert not any(path.exists() for path in stale)
    assert all(path.read_text(encoding="utf-8") == "old" for path in kept)
    assert all(path.is_file() for path in files.paths())


# ------------------------------------------------------------------ the real readers


def test_every_return_of_every_year_reads_with_no_problems(
        written: DemoFiles, ssda903: Loaded, census: dict[int, Loaded]) -> None:
    assert ssda903.problems == []
    assert (ssda903.period_start, ssda903.period_end) == (date(2023, 4, 1), date(2026, 3, 31))
    for table in ("header", "episodes", "reviews", "oc2", "oc3", "missing", "sw_episodes"):
        years = set(ssda903.tables[table].column("collection_year").to_pylist())
        assert years == set(YEARS), table
    for year, loaded in census.items():
        assert loaded.problems == [], year
        assert (loaded.period_start, loaded.period_end) == (date(year - 1, 4, 1),
                                                              date(year, 3, 31))
        for table in ("children", "cin_details", "assessments", "cin_plans", "section47",
                      "child_protection_plans", "reviews"):
            assert loaded.tables[table].num_rows, (year, table)
    annex_a = read_annex_a_workbook(written.annex_a.read_bytes(), written.annex_a.name)
    assert annex_a.problems == []


def test_sex_follows_each_years_rules(ssda903: Loaded, census: dict[int, Loaded]) -> None:
    sexes: dict[int, set[str]] = defaultdict(set)
    for table in ("header", "uasc"):
        for row in rows(ssda903, table):
            sexes[row["collection_year"]].add(row["sex"])
    assert sexes[2024] == {"1", "2"}  # 2023-24: 1 male, 2 female
    assert sexes[2025] == sexes[2026] == {"M", "F"}  # from 2024-25
    for year, loaded in census.items():
        children = rows(loaded, "children")
        if year >= 2025:  # Sex from 2024-25, GenderCurrent before
            assert {c["sex"] for c in children} <= {"M", "F", "U"}
            assert {c["gender_current"] for c in children} == {None}
        else:
            assert {c["gender_current"] for c in children} <= {"1", "2", "0"}
            assert {c["sex"] for c in children} == {None}


def test_codes_are_those_of_codes_py_in_every_year(ssda903: Loaded) -> None:
    lists = {"place": codes.PLACEMENT_TYPES, "ls": codes.LEGAL_STATUSES,
             "rec": codes.REASONS_CEASED, "cin": codes.CATEGORIES_OF_NEED_903, "rne": codes.RNE}
    for row in rows(ssda903, "episodes"):
        for column, allowed in lists.items():
            assert row[column] is None or row[column] in allowed, (column, row)


def test_an_episode_open_on_31_march_is_in_both_years(ssda903: Loaded,
                                                      census: dict[int, Loaded]) -> None:
    episodes = {(row["collection_year"], row["child"], row["decom"]): row
                for row in rows(ssda903, "episodes")}
    carried = ended_later = 0
    for (year, child, start), row in episodes.items():
        if year == YEARS[-1] or row["dec"] is not None:
            continue
        following = episodes.get((year + 1, child, start))
        assert following is not None, (year, child, start)  # open at 31 March: in both years
        assert (following["rne"], following["place"]) == (row["rne"], row["place"])
        carried += 1
        if following["dec"] is not None:  # ...and its end is in the later year's file
            assert date(year, 4, 1) <= following["dec"] <= date(year + 1, 3, 31)
            ended_later += 1
    assert carried > 100
    assert ended_later > 10

    details = {year: {(r["la_child_id"], r["cin_referral_date"]): r
                      for r in rows(loaded, "cin_details")} for year, loaded in census.items()}
    carried = ended_later = 0
    for year in YEARS[:-1]:
        for key, row in details[year].items():
            if row["cin_closure_date"] is not None:
                assert row["cin_closure_date"] <= date(year, 3, 31)
                continue
            assert key in details[year + 1], key
            carried += 1
            closed = details[year + 1][key]["cin_closure_date"]
            if closed is not None:
                assert date(year, 4, 1) <= closed <= date(year + 1, 3, 31)
                ended_later += 1
    assert carried > 100
    assert ended_later > 50


def test_outcome_cohorts_are_per_year(ssda903: Loaded, authority: Authority) -> None:
    born = {row["child"]: row["dob"] for row in rows(ssda903, "header")}
    children = {child.child_id: child for child in authority.children}
    open_at_end = {(row["collection_year"], row["child"]) for row in rows(ssda903, "episodes")
                   if row["dec"] is None}
    oc2: dict[int, set[str]] = defaultdict(set)
    for row in rows(ssda903, "oc2"):
        year, child = row["collection_year"], row["child"]
        last = authority.last_day(year)
        oc2[year].add(child)
        # looked after at the end of the year, in a period of care that began a year before
        assert (year, child) in open_at_end
        assert any(p.start <= last - timedelta(days=365) and (p.end is None or p.end > last)
                   for p in children[child].care_periods)
    oc3: dict[int, set[str]] = defaultdict(set)
    for row in rows(ssda903, "oc3"):
        year, child = row["collection_year"], row["child"]
        oc3[year].add(child)
        birthdays = [birthday(born[child], n) for n in range(17, 22)]
        assert any(date(year - 1, 4, 1) <= day <= date(year, 3, 31) for day in birthdays)
    ad1 = defaultdict(set)
    for row in rows(ssda903, "ad1"):
        ad1[row["collection_year"]].add(row["child"])
    for cohort in (oc2, oc3):
        assert all(len(cohort[year]) > 15 for year in YEARS)
        for earlier, later in itertools.pairwise(YEARS):
            assert cohort[earlier] != cohort[later]
    assert sum(len(children) for children in ad1.values()) >= 3
    for earlier, later in itertools.pairwise(YEARS):
        assert not ad1[earlier] & ad1[later]  # a child is adopted once


# ------------------------------------------------------------------ population.csv


def test_population_csv_has_the_dfe_columns_and_a_row_per_mid_year(written: DemoFiles,
                                                                    authority: Authority) -> None:
    with written.population.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, found = list(reader.fieldnames or []), list(reader)
    assert header == ["time_period", "time_identifier", "geographic_level", "country_code",
                      "country_name", "region_code", "region_name", "old_la_code",
                      "new_la_code", "la_name", "age_group", "population_estimate"]
    if DFE_POPULATION.exists():
        with DFE_POPULATION.open(newline="", encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == header
    # the collection year ending March YYYY is divided by the mid-(YYYY-1) estimate
    assert sorted(int(row["time_period"]) for row in found) == [year - 1 for year in YEARS]
    for row in found:
        assert row["time_identifier"] == "Reporting year"
        assert row["geographic_level"] == "Local authority"
        assert (row["country_code"], row["country_name"]) == ("E92000001", "England")
        assert (row["region_code"], row["region_name"]) == ("E12000005", "West Midlands")
        assert (row["old_la_code"], row["new_la_code"], row["la_name"]) == (
            "999", "E06009999", "Demoshire")
        assert row["age_group"] == "Children aged 0 to 17 years"
        assert int(row["population_estimate"]) == authority.population[int(row["time_period"])]
        # about 20 children for each open case: 600 open cases, about 12,000 children
        assert 18 * len(authority.open_cases()) < int(row["population_estimate"]) < 23 * len(
            authority.open_cases())


# ------------------------------------------------------------------ level years, England's rates


@pytest.fixture(scope="module")
def default_authority() -> Authority:
    return generate(seed=2026, open_cases=1500, as_of=DEFAULT_AS_OF)


@pytest.fixture(scope="module")
def default_figures(default_authority: Authority,
                    tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, float]]:
    files = write_all(default_authority, tmp_path_factory.mktemp("default"))
    return yearly_figures(files, DEFAULT_AS_OF)


LEVEL = ("referrals", "assessments", "section_47", "icpcs", "cpp_starts", "cla_starts",
         "cla_ceased", *STOCKS)


def test_volumes_are_level_year_on_year(default_figures: dict[int, dict[str, float]],
                                        default_authority: Authority) -> None:
    """The default Demoshire (seed 2026, 1,500 open cases): each count within 20% of the year
    before (counts of a part year scaled to a whole one)."""
    years = sorted(default_figures)
    assert years == [2024, 2025, 2026]
    for name in LEVEL:
        values = [annualised(default_figures[year], name) for year in years]
        for before, after in itertools.pairwise(values):
            assert abs(after / before - 1) <= 0.2, (name, values)
    contacts = [sum(1 for child in default_authority.children for contact in child.contacts
                    if collection_year(contact.day) == year) for year in years]
    for before, after in itertools.pairwise(contacts):
        assert abs(after / before - 1) <= 0.2, ("contacts", contacts)


BANDS = {  # per 10,000 children, England 2024-25 about in the middle (data-standards 5.2, 5.4)
    "referrals_per_10k": (450, 550),
    "section_47_per_10k": (150, 230),
    "icpcs_per_10k": (45, 80),
    "cpp_starts_per_10k": (40, 65),
    "cla_starts_per_10k": (20, 35),
    "cla_ceased_per_10k": (20, 35),
    "cin_at_end_per_10k": (330, 460),
    "cpp_at_end_per_10k": (35, 50),
    "cla_at_end_per_10k": (70, 100),
    "nfa_percent": (3, 10),
    "icpcs_in_15_percent": (70, 90),
}


def test_rates_are_near_englands(default_figures: dict[int, dict[str, float]]) -> None:
    for year, figure in default_figures.items():
        assert 28_000 < figure["population"] < 36_000
        for name, (low, high) in BANDS.items():
            assert low <= figure[name] <= high, (year, name, figure[name])
        # The first year's re-referrals can only look back into that year's own return.
        if year > YEARS[0]:
            assert 15 <= figure["rereferral_percent"] <= 25, (year, figure)
        # Assessments in 45 working days: 75-90%, lower in the last year (staff left).
        assert 75 <= figure["assessments_in_45_percent"] <= 90, (year, figure)


def test_assessments_run_late_in_the_last_months_when_staff_left(
        default_authority: Authority) -> None:
    """The signal for the SPC charts (README): in the four months before as_of, a larger share
    of assessments take more than 45 working days."""
    calendar = WorkingDayCalendar()
    late: dict[bool, list[bool]] = defaultdict(list)
    since = DEFAULT_AS_OF - timedelta(days=120)
    for child in default_authority.children:
        for episode in child.cin_episodes:
            for a in episode.assessments:
                if a.authorised is None or a.authorised < DEFAULT_AS_OF - timedelta(days=365):
                    continue
                days = calendar.working_days_between(a.start, a.authorised)
                late[a.authorised >= since].append(days > 45)
    before = sum(late[False]) / len(late[False])
    recent = sum(late[True]) / len(late[True])
    assert before < 0.2
    assert recent > before + 0.1
