"""Benchmarks against DfE's real files in ../shared/data, and the shipped reference files.

Expected figures come from data-standards.md sections 5.1, 5.2 and 4 (Herefordshire, old LA
code 884, years ending 31 March 2025; workforce at 30 September 2025). Means and medians are
compared to one decimal place, as that table prints them (within 0.05).
"""

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from clearsight_analytics.benchmarks import (
    EES_MEASURES,
    REFERENCE_MEASURES,
    Benchmarks,
    Polarity,
    load_reference,
    read_ees_csv,
    read_lait_long,
    read_population,
)
from clearsight_analytics.benchmarks.build_reference import main, problems_of, read_sources
from clearsight_analytics.benchmarks.reference import FILES

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
LAIT = DATA / "lait"
DFE = DATA / "dfe"
POPULATION = DFE / "ons_mid-year_population_estimates_2012_to_2024.csv"
REFERENCE = Path(__file__).resolve().parents[1] / "reference"
HEREFORDSHIRE = "884"

needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"DfE's published files are not at {DATA} (../shared/data)")


@pytest.fixture(scope="module")
def full() -> Benchmarks:
    """Every DfE file: LAIT, the EES CSVs with their declared measures, both models."""
    return read_sources(lait=LAIT / "bds_long_0.parquet", sn2021=LAIT / "sn_april_2021.xlsx",
                        sn2025=LAIT / "sn_may_2025.xlsx", population=POPULATION,
                        ees=sorted(DFE.glob("*.csv")))


@pytest.fixture(scope="module")
def shipped() -> Benchmarks:
    return load_reference()


def _source(request: pytest.FixtureRequest, name: str) -> Benchmarks:
    if name == "full" and not DATA.is_dir():
        pytest.skip(f"DfE's published files are not at {DATA} (../shared/data)")
    benchmarks: Benchmarks = request.getfixturevalue(name)
    return benchmarks


# ------------------------------------------------------------------ 5.2: Herefordshire 2025

# code, year, Herefordshire, England, West Midlands, SN 2025 mean, median, n, SN 2021 mean
TABLE_5_2 = [
    ("CPP_Total_Rateper10,000", 2025, 524.4, 519.4, 464.2, 427.9, 391.9, 10, 424.9),
    ("ReReferral", 2025, 14.8, 22.6, 19.5, 19.0, 18.1, 10, 19.6),
    ("CIN_Refferals_NFA", 2025, 0, 6.5, 2.6, 7.3, 3.4, 9, 5.9),
    ("CIN", 2025, 457, 330.3, 345.3, 314.8, 309.1, 10, 292.3),
    ("CPP_rate", 2025, 40.4, 40.6, 40.3, 38.4, 32.5, 10, 31.5),
    ("PrevRegCPR", 2025, 32.7, 24.5, 26.7, 23.2, 23.6, 10, 25),
    ("CPPlans2yrsActive", 2025, 0, 2.3, 2.3, 2.6, 1.9, 7, 3.1),
    ("LAC", 2025, 100, 67, 86, 66.7, 62.5, 10, 64.6),
    ("LAC_Convictions", 2025, 0, 2, 1, 1.8, 2, 6, 2),
    ("CareLeaverAcc", 2025, 90, 89, 90, 92.1, 92, 9, 91.3),
    ("StayingPut", 2025, 23, 33, 33, 37.9, 40, 9, 33.8),
    ("Stability_SocialWorker", 2024, 44, 27, 27, 23.4, 22.5, 10, 25.7),
    ("CareApplications", 2025, 5.9, 9.1, None, 10.8, 10.5, 9, 9.3),
    ("Work_Force_AvgNumCase_SW", 2025, 13.6, 15.2, 15.3, 16.4, 16.4, 10, 15.3),
]


def _one_decimal(expected: float):
    return pytest.approx(expected, abs=0.05 + 1e-9)


@pytest.mark.parametrize("source", ["full", "shipped"])
@pytest.mark.parametrize(("code", "year", "own", "england", "region", "mean", "median", "n",
                          "mean_2021"), TABLE_5_2, ids=[row[0] for row in TABLE_5_2])
def test_herefordshire_matches_data_standards_5_2(request, source, code, year, own, england,
                                                  region, mean, median, n, mean_2021):
    benchmarks = _source(request, source)
    result = benchmarks.compare(code, year, HEREFORDSHIRE)
    assert result.authority is not None
    assert result.authority.value == own
    assert result.england is not None
    assert result.england.value == england
    assert result.region is not None
    assert result.region.area_name == "West Midlands"
    if region is None:  # the West Midlands has no published figure: "-" in LAIT
        assert (result.region.value, result.region.status) == (None, "-")
    else:
        assert result.region.value == region
    assert result.neighbours.model == "2025"
    assert result.neighbours.size == 10
    assert result.neighbours.with_number == n
    assert result.neighbours.mean == _one_decimal(mean)
    assert result.neighbours.median == _one_decimal(median)
    older = benchmarks.compare(code, year, HEREFORDSHIRE, model="2021")
    assert older.neighbours.mean == _one_decimal(mean_2021)


@pytest.mark.parametrize("source", ["full", "shipped"])
def test_herefordshire_positions_take_polarity_into_account(request, source):
    benchmarks = _source(request, source)
    rereferrals = benchmarks.compare("ReReferral", 2025, HEREFORDSHIRE)
    assert rereferrals.polarity is Polarity.LOW_IS_GOOD
    assert rereferrals.position is not None
    assert (rereferrals.position.rank, rereferrals.position.out_of) == (13, 153)
    assert (rereferrals.position.quartile, rereferrals.position.band) == (1, "A")
    looked_after = benchmarks.compare("LAC", 2025, HEREFORDSHIRE)
    assert looked_after.polarity is Polarity.NONE
    assert looked_after.position is not None
    assert (looked_after.position.quartile, looked_after.position.band) == (4, None)
    social_workers = benchmarks.compare("Stability_SocialWorker", 2024, HEREFORDSHIRE)
    assert social_workers.position is not None
    assert social_workers.position.band == "D"  # 44% against England's 27%: low is good
    leavers = benchmarks.compare("CareLeaverAcc", 2025, HEREFORDSHIRE)
    assert leavers.polarity is Polarity.HIGH_IS_GOOD
    assert leavers.position is not None
    assert leavers.position.band == "C"
    # A value Clearsight computed itself, placed without Herefordshire's published figure.
    computed = benchmarks.position_of_value("ReReferral", 2025, 14.8, exclude=HEREFORDSHIRE)
    assert computed is not None
    assert (computed.rank, computed.out_of, computed.band) == (13, 153, "A")
    worse = benchmarks.position_of_value("ReReferral", 2025, 35.0, exclude=HEREFORDSHIRE)
    assert worse is not None
    assert worse.band == "D"


@pytest.mark.parametrize("source", ["full", "shipped"])
def test_london_boroughs_compare_with_inner_or_outer_london(request, source):
    result = _source(request, source).compare("CIN", 2025, "202")  # Camden
    assert result.region is not None
    assert (result.region.area_code, result.region.area_name) == ("E13000001", "Inner London")


# ------------------------------------------------------------------ 5.1: the neighbours

NEIGHBOURS_2025 = ["943", "860", "925", "893", "933", "888", "935", "811", "815", "830"]
NEIGHBOURS_2021 = ["893", "878", "908", "933", "838", "865", "935", "926", "916", "909"]


@pytest.mark.parametrize("source", ["full", "shipped"])
def test_herefordshire_neighbours_in_rank_order(request, source):
    models = _source(request, source).neighbour_models
    assert models["2025"].codes_of(HEREFORDSHIRE) == NEIGHBOURS_2025
    assert models["2021"].codes_of(HEREFORDSHIRE) == NEIGHBOURS_2021
    assert [n.rank for n in models["2025"].neighbours_of(HEREFORDSHIRE)] == list(range(1, 11))
    assert {n.closeness for n in models["2025"].neighbours_of(HEREFORDSHIRE)} == {"Very close"}
    assert [n.closeness for n in models["2021"].neighbours_of(HEREFORDSHIRE)][:3] == [
        "Extremely close", "Extremely close", "Very close"]
    # DfE gives the two new Cumbrian authorities no neighbours in the 2021 model.
    assert models["2021"].neighbours_of("943") == ()
    assert len(models["2025"].neighbours_of("943")) == 10


@needs_data
def test_neighbour_names_are_the_authorities_of_5_1(full):
    names = [full.authorities[code].name for code in NEIGHBOURS_2025]
    assert names[:3] == ["Westmorland and Furness", "Staffordshire", "Lincolnshire"]
    assert full.neighbour_models["2021"].names["909"] == "Cumbria"


# ------------------------------------------------------------------ suppression codes


@needs_data
@pytest.mark.parametrize(("measure", "year", "area", "status"), [
    ("ReReferral", 2024, HEREFORDSHIRE, "-"),  # LAIT
    ("CPPlans2yrsActive", 2025, "943", "-"),  # LAIT, Westmorland and Furness
    ("ees:rereferral_percent", 2024, HEREFORDSHIRE, "u"),  # c1: low reliability, no number
    ("ees:referral_rate_per_10k", 2024, HEREFORDSHIRE, "u"),  # carried into a derived rate
    ("ees:cpp_2_years_or_more_percent", 2024, HEREFORDSHIRE, "c"),  # d5
    ("ees:cin_at31_episodes", 2022, "204", "x"),  # b1, Hackney
    ("ees:cla_at31", 2025, "420", "z"),  # Isles of Scilly
    ("ees:cla_substance_misuse_percent", 2025, "330", "k"),  # Birmingham
    ("ees:sw_agency_rate_fte", 2025, "394", "low"),  # Sunderland
])
def test_suppression_codes_are_carried_as_status_never_zero(full, measure, year, area,
                                                            status):
    figure = full.figures.figure(measure, year, area)
    assert figure is not None
    assert (figure.value, figure.status) == (None, status)


@needs_data
@pytest.mark.parametrize(("measure", "suppressed"), [
    ("ees:cpp_2_years_or_more_percent", "c"), ("CPPlans2yrsActive", "-"),
    ("ees:cla_convicted_percent", "c"), ("LAC_Convictions", "-")])
def test_suppressed_neighbours_are_left_out_of_the_mean(full, measure, suppressed):
    summary = full.compare(measure, 2025, HEREFORDSHIRE).neighbours
    statuses = [member.figure.status for member in summary.members if member.figure]
    numbers = [member.value for member in summary.members if member.value is not None]
    assert statuses.count(suppressed) == 10 - summary.with_number
    assert summary.with_number in (6, 7)
    assert summary.mean == pytest.approx(sum(numbers) / len(numbers))
    # Counting a code as zero would have pulled the mean down.
    assert summary.mean is not None
    assert summary.mean > sum(numbers) / 10


@needs_data
def test_the_shipped_reference_keeps_codes_too(shipped):
    figure = shipped.figures.figure("ReReferral", 2024, HEREFORDSHIRE)
    assert figure is not None
    assert (figure.value, figure.status) == (None, "-")


# ------------------------------------------------------------------ rates from counts


@needs_data
def test_herefordshire_cin_rate_recomputed_from_counts_and_population(full):
    population = read_population(POPULATION.read_bytes(), POPULATION.name)
    assert population.mid_year(HEREFORDSHIRE, 2024) == 34_439
    assert population.for_collection_year(HEREFORDSHIRE, 2025) == 34_439  # mid-(2025-1)
    count = full.figures.figure("ees:cin_at31_episodes", 2025, HEREFORDSHIRE)
    assert count is not None
    assert count.value == 1_574
    rate = population.rate_per_10k(count.value, HEREFORDSHIRE, 2025)
    assert rate == 457.0
    published = full.figures.figure("CIN", 2025, HEREFORDSHIRE)
    assert published is not None
    assert published.value == rate
    england = full.figures.england("ees:cin_at31_episodes", 2025)
    assert england is not None
    assert england.value is not None
    assert population.rate_per_10k(england.value, "E92000001", 2025) == 330.3


@needs_data
@pytest.mark.parametrize("measure", [m for m in EES_MEASURES if m.lait],
                         ids=[m.code for m in EES_MEASURES if m.lait])
def test_every_ees_measure_agrees_with_lait(full, measure):
    """The registry's file + filter + column (or derived rate) gives LAIT's published figure,
    for every area with a number in both, in 2024 and 2025."""
    compared = 0
    for year in (2024, 2025):
        for level in ("national", "regional", "local_authority"):
            for figure in full.figures.by_level(measure.code, year, level):
                lait = full.figures.figure(measure.lait, year, figure.area_code)
                if figure.value is None or lait is None or lait.value is None:
                    continue
                assert figure.value == _one_decimal(lait.value), (figure, lait)
                compared += 1
    assert compared > 60


@needs_data
def test_every_declared_ees_measure_is_found_in_its_file(full):
    assert not problems_of(full)
    for measure in EES_MEASURES:
        assert full.figures.years(measure.code), measure.code


@needs_data
def test_ees_files_with_a_bom_and_long_filters_read_as_the_plain_ones():
    path = DFE / "la_care_leavers_activity.csv"  # starts with a byte-order mark
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    figures = read_ees_csv(path.read_bytes(), path.name)
    eet = figures.figure("ees:care_leavers_19_21_eet_percent", 2025, HEREFORDSHIRE)
    assert eet is not None
    assert eet.value == 55
    assert not figures.problems


# ------------------------------------------------------------------ the shipped reference


def test_reference_files_are_small_and_attributed():
    sizes = {name: (REFERENCE / name).stat().st_size for name in FILES}
    assert sum(sizes.values()) < 1_500_000
    readme = (REFERENCE / "README.md").read_text(encoding="utf-8")
    assert ("Contains public sector information licensed under the Open Government Licence "
            "v3.0") in " ".join(readme.split())
    assert "build_reference" in readme


def test_reference_loads_every_measure_named_in_the_data_standards(shipped):
    assert sorted(shipped.figures.measures()) == sorted(REFERENCE_MEASURES)
    assert len(REFERENCE_MEASURES) == len(set(REFERENCE_MEASURES)) == 64
    assert {year for m in REFERENCE_MEASURES for year in shipped.figures.years(m)} == set(
        range(2019, 2026))
    assert shipped.measures["ReReferral"].polarity is Polarity.LOW_IS_GOOD
    assert shipped.population.for_collection_year(HEREFORDSHIRE, 2025) == 34_439
    assert shipped.authorities[HEREFORDSHIRE].new_code == "E06000019"
    assert shipped.authorities[HEREFORDSHIRE].region_name == "West Midlands"


@needs_data
def test_every_measure_named_in_the_data_standards_is_in_the_reference(full):
    """Every LAIT code in backticks in sections 4 to 5.2, and `RefBySource_*_%` expanded."""
    text = (DATA.parent / "docs" / "data-standards.md").read_text(encoding="utf-8")
    start, end = text.index("## 4. KPI definitions"), text.index("### 5.3")
    named = set(re.findall(r"`([^`]+)`", text[start:end]))
    lait = [code for code in full.figures.measures() if not code.startswith("ees:")]
    codes = {code for code in lait if code in named or code.startswith("RefBySource_")}
    assert codes == set(REFERENCE_MEASURES)


@needs_data
def test_reference_agrees_with_the_full_lait_file(full, shipped):
    """Every shipped figure is LAIT's, to the bit; and nothing from 2019 on is missing."""
    keys = ["measure", "year", "area_code"]
    columns = [*keys, "period_label", "area_level", "area_name", "region_code", "value",
               "status"]
    lait = full.figures.select(REFERENCE_MEASURES, 2019).table
    lait = lait.filter(pc.invert(pc.starts_with(lait["measure"], "ees:")))
    ours = shipped.figures.table
    assert lait.num_rows == ours.num_rows
    order = [(key, "ascending") for key in keys]
    assert lait.select(columns).sort_by(order).equals(ours.select(columns).sort_by(order))
    # A few figures spelled out, for the reader.
    for measure, area, value in [("CIN", "884", 457.0), ("ReReferral", "E92000001", 22.6),
                                 ("LAC", "E12000005", 86.0), ("CIN", "202", 512.5)]:
        figure = shipped.figures.figure(measure, 2025, area)
        assert figure is not None
        assert figure.value == value


@needs_data
def test_rebuilding_the_reference_gives_the_shipped_files(tmp_path, capsys):
    code = main(["--lait", str(LAIT / "bds_long_0.parquet"),
                 "--sn2021", str(LAIT / "sn_april_2021.xlsx"),
                 "--sn2025", str(LAIT / "sn_may_2025.xlsx"),
                 "--population", str(POPULATION), "--out", str(tmp_path)])
    assert code == 0
    assert "total:" in capsys.readouterr().out
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (REFERENCE / name).read_bytes(), name


@needs_data
def test_lait_file_reads_whole_with_status_and_numbers(full):
    table = read_lait_long((LAIT / "bds_long_0.parquet").read_bytes(), "bds_long_0.parquet")
    assert len(table) == 641_070
    assert not table.problems
    statuses = pc.value_counts(table.table["status"]).to_pylist()
    assert {item["values"] for item in statuses} == {None, "-"}
    numbers = pc.sum(pc.is_valid(table.table["value"])).as_py()
    assert numbers == 641_070 - 93_883
    assert table.table.schema.field("value").type == pa.float64()
    noisy = table.figure("CIN", 2023, HEREFORDSHIRE)  # "557.70000000000005" in the file
    assert noisy is not None
    assert noisy.value == 557.7
    ranged = table.figure("RTA", 2016, HEREFORDSHIRE)  # LAIT's "2014-16"
    assert ranged is not None
    assert ranged.period_label == "2014-16"
