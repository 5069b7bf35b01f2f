"""Benchmarks without DfE's files: cells, period labels, quartiles, ranks, hostile input."""

import io

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from clearsight_analytics.benchmarks import (
    EES_DATASETS,
    EES_MEASURES,
    Figure,
    Polarity,
    PublishedFigures,
    compare,
    parse_published,
    position_of_value,
    rate_per_10k,
    read_ees_csv,
    read_la_code_list,
    read_lait_dictionary,
    read_lait_long,
    read_neighbour_model,
    read_population,
    year_from_label,
)
from clearsight_analytics.benchmarks.compare import band_of, quartile_cut_points, quartile_of
from clearsight_analytics.benchmarks.figures import parse_published_column
from clearsight_analytics.benchmarks.neighbours import Neighbour, NeighbourModel
from clearsight_analytics.benchmarks.values import AreaLevel, format_published, round_half_up
from clearsight_analytics.ingest import Refused

# ------------------------------------------------------------------ cells and labels


@pytest.mark.parametrize(("cell", "expected"), [
    ("14.8", (14.8, None)),
    (" 457 ", (457.0, None)),
    ("1,574", (1574.0, None)),
    ("12,183,016", (12183016.0, None)),
    ("557.70000000000005", (557.7, None)),
    ("-3.5", (-3.5, None)),
    ("c", (None, "c")),
    ("x", (None, "x")),
    ("-", (None, "-")),
    ("z", (None, "z")),
    ("u", (None, "u")),
    ("k", (None, "k")),
    ("low", (None, "low")),
    ("[not published]", (None, "[not published]")),
    ("12 u", (12.0, "u")),
    ("1,2", (None, "1,2")),
    ("", (None, None)),
    ("   ", (None, None)),
    (None, (None, None)),
    (7, (7.0, None)),
    (float("nan"), (None, None)),
])
def test_published_cells_keep_codes_as_status_never_zero(cell, expected):
    assert parse_published(cell) == expected


def test_the_column_parser_agrees_with_the_cell_parser():
    cells = ["1", " 2.5 ", "557.70000000000005", "1e400", "1e3", "1" + "0" * 40, "c", None,
             "", "1,574", "-", "12 u", ".5", "5.", "-0.0", "x", "low"]
    values, statuses = parse_published_column(pa.array(cells, type=pa.string()))
    assert list(zip(values.to_pylist(), statuses.to_pylist(), strict=True)) == [
        parse_published(cell) for cell in cells]


def test_long_markers_are_clipped():
    value, status = parse_published("suppressed because of a very small number")
    assert value is None
    assert len(status or "") == 20


@pytest.mark.parametrize(("value", "status"), [
    (457.0, None), (14.8, None), (557.7, None), (None, "c"), (12.0, "u"), (0.0, None)])
def test_reference_cells_round_trip(value, status):
    assert parse_published(format_published(value, status)) == (value, status)


@pytest.mark.parametrize(("label", "year"), [
    ("2025", 2025),
    ("2025 (prov)", 2025),
    ("2018 (Rev)", 2018),
    ("2020 (Final)", 2020),
    ("2024-25", 2025),
    ("2024-25 (OT)", 2025),
    ("2015/16", 2016),
    ("1999-00", 2000),
    ("2014-16", 2016),
    ("2013/14-15/16", 2016),
    ("202425", 2025),
    ("0", None),
    ("", None),
])
def test_period_labels_give_the_year_the_period_ends(label, year):
    assert year_from_label(label) == year


def test_rates_round_half_up_as_dfe_publishes():
    assert rate_per_10k(1574, 34439) == 457.0
    assert rate_per_10k(1, 20000) == 0.5
    assert rate_per_10k(3, 200000, places=2) == 0.15
    assert round_half_up(18.15) == 18.2  # the decimal text, not the binary float
    with pytest.raises(ValueError, match="positive"):
        rate_per_10k(1, 0)


# ------------------------------------------------------------------ quartiles, bands, ranks


def _cell(figure: Figure | None) -> tuple[float | None, str | None] | None:
    return (figure.value, figure.status) if figure is not None else None


def _figure(code: str, value: float | None, status: str | None = None, *,
            level: AreaLevel = "local_authority", measure: str = "m") -> Figure:
    return Figure(measure=measure, year=2025, period_label="2025", area_level=level,
                  area_code=code, area_name=f"Area {code}", region_code="E12000005",
                  region_name="West Midlands", value=value, status=status)


def _figures(values: dict[str, float | None]) -> PublishedFigures:
    rows = [_figure(code, value, None if value is not None else "c")
            for code, value in values.items()]
    rows.append(_figure("E92000001", 99.0, level="national"))
    rows.append(_figure("E12000005", 98.0, level="regional"))
    return PublishedFigures.from_rows(rows)


def test_cut_points_are_type_7_quantiles():
    assert quartile_cut_points([1, 2, 3, 4, 5, 6, 7, 8, 9]) == (3.0, 5.0, 7.0)
    assert quartile_cut_points([1, 2, 3, 4]) == (1.75, 2.5, 3.25)
    assert quartile_cut_points([5]) == (5, 5, 5)
    with pytest.raises(ValueError, match="no values"):
        quartile_cut_points([])


def test_a_value_on_a_cut_point_is_in_the_lower_quartile():
    cuts = (3.0, 5.0, 7.0)
    assert [quartile_of(v, cuts) for v in (1, 3, 3.01, 5, 6, 7, 7.5)] == [1, 1, 2, 2, 3, 3, 4]


def test_bands_follow_polarity_and_none_has_no_band():
    assert [band_of(q, Polarity.LOW_IS_GOOD) for q in (1, 2, 3, 4)] == ["A", "B", "C", "D"]
    assert [band_of(q, Polarity.HIGH_IS_GOOD) for q in (1, 2, 3, 4)] == ["D", "C", "B", "A"]
    assert band_of(1, Polarity.NONE) is None


def _model(groups: dict[str, list[str]]) -> NeighbourModel:
    return NeighbourModel("2025", {code: tuple(Neighbour(n, rank, "Very close")
                                               for rank, n in enumerate(members, start=1))
                                   for code, members in groups.items()})


def test_ties_share_the_better_rank_and_codes_are_left_out():
    figures = _figures({"101": 10, "102": 20, "103": 20, "104": 30, "105": None, "106": 40})
    model = _model({"103": ["101", "102", "104", "105", "106"]})
    low = compare(figures, "m", 2025, "103", model, Polarity.LOW_IS_GOOD)
    assert low.position is not None
    assert (low.position.rank, low.position.out_of) == (2, 5)  # 10 is better; 20 = 20
    high = compare(figures, "m", 2025, "102", _model({"102": ["103"]}), Polarity.HIGH_IS_GOOD)
    assert high.position is not None
    assert high.position.rank == 3  # 40 and 30 are better; 103's 20 ties
    # The suppressed neighbour counts as a member without a number, never as zero.
    assert low.neighbours.size == 5
    assert low.neighbours.with_number == 4
    assert low.neighbours.mean == pytest.approx((10 + 20 + 30 + 40) / 4)
    assert low.neighbours.median == 25
    assert [m.figure.status for m in low.neighbours.members if m.figure] == [
        None, None, None, "c", None]
    # England and the region are reported, but never part of the distribution.
    assert _cell(low.england) == (99, None)
    assert _cell(low.region) == (98, None)


def test_no_polarity_reports_the_quartile_by_value_without_better_or_worse():
    figures = _figures({str(code): float(code) for code in range(101, 109)})
    result = compare(figures, "m", 2025, "108", _model({"108": ["101"]}), Polarity.NONE)
    assert result.position is not None
    assert result.position.quartile == 4
    assert result.position.band is None
    assert result.position.rank == 8  # 1 = lowest value
    assert "no better or worse" in result.position.description


def test_an_authority_with_a_code_has_no_position():
    figures = _figures({"101": 1, "102": None})
    result = compare(figures, "m", 2025, "102", _model({"102": ["101"]}), Polarity.LOW_IS_GOOD)
    assert _cell(result.authority) == (None, "c")
    assert result.position is None


def test_a_computed_value_is_placed_without_joining_the_distribution():
    figures = _figures({str(code): float(code - 100) for code in range(101, 109)})  # 1..8
    placed = position_of_value(figures, "m", 2025, 3.0, Polarity.HIGH_IS_GOOD)
    assert placed is not None
    assert (placed.rank, placed.out_of) == (6, 9)  # 4..8 are better; the value is the ninth
    assert placed.cut_points == (2.75, 4.5, 6.25)
    assert (placed.quartile, placed.band) == (2, "C")
    alone = position_of_value(figures, "m", 2025, 3.0, Polarity.HIGH_IS_GOOD, exclude="108")
    assert alone is not None
    assert (alone.rank, alone.out_of) == (5, 8)
    assert position_of_value(figures, "other", 2025, 1.0, Polarity.NONE) is None


def test_an_authority_the_model_does_not_know_is_a_key_error():
    figures = _figures({"101": 1})
    with pytest.raises(KeyError, match="999 is not in the 2025"):
        compare(figures, "m", 2025, "999", _model({"101": []}), Polarity.NONE)


# ------------------------------------------------------------------ the EES registry is data


def test_registry_names_known_files_and_unique_codes():
    keys = {dataset.key for dataset in EES_DATASETS}
    assert all(measure.dataset in keys for measure in EES_MEASURES)
    codes = [measure.code for measure in EES_MEASURES]
    assert len(codes) == len(set(codes))
    assert all(code.startswith("ees:") for code in codes)
    assert {measure.dataset for measure in EES_MEASURES} == keys


# ------------------------------------------------------------------ hostile input

EES_HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,"
              "region_code,region_name,old_la_code,new_la_code,la_name,category,")


def _refused(call, *args, **kwargs) -> Refused:
    with pytest.raises(Refused) as caught:
        call(*args, **kwargs)
    assert caught.value.problems
    return caught.value


def _workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"", b"Short Desc,Years\nCIN,2025\n", b"PAR1 not really PAR1",
                                  b"\x00" * 64])
def test_lait_refuses_what_is_not_parquet(data):
    refusal = _refused(read_lait_long, data, "bds_long_0.parquet")
    assert all(problem.file == "bds_long_0.parquet" for problem in refusal.problems)
    assert "bds_long_0.parquet" in str(refusal)


def test_lait_refuses_a_parquet_file_with_the_wrong_columns():
    data = _parquet(pa.table({"Short Desc": ["CIN"], "Years": ["2025"], "Value": ["1"]}))
    refusal = _refused(read_lait_long, data, "wrong.parquet")
    missing = {problem.column for problem in refusal.problems}
    assert missing == {"LA and Regions", "Values", "LA Number", "Region"}
    assert all(problem.file == "wrong.parquet" for problem in refusal.problems)


def test_lait_refuses_a_damaged_parquet_file():
    good = _parquet(pa.table({name: ["1"] for name in (
        "Short Desc", "Data item", "Years", "LA and Regions", "Values", "Region")}
        | {"LA Number": [884.0]}))
    refusal = _refused(read_lait_long, good[:8] + b"\x00" * 40 + good[-8:], "cut.parquet")
    assert "cut.parquet" in str(refusal)


def test_lait_reads_a_small_file_and_reports_bad_rows():
    table = pa.table({
        "Short Desc": ["CIN", "CIN", "CIN", "", "CIN", "CIN"],
        "Data item": ["Children in need", None, None, None, None, None],
        "Years": ["2025", "2025", "2025", "2025", "2025", "2025"],
        "LA and Regions": ["Herefordshire", "England", "West Midlands", "X", "Nowhere",
                           "Herefordshire"],
        "Values": ["457", "330.3", "c", "1", "2", "458"],
        "LA Number": [884.0, 970.0, 984.0, 884.0, 975.0, 884.0],
        "Region": ["West Midlands", "NA", "NA", "West Midlands", "NA", "West Midlands"],
    })
    figures = read_lait_long(_parquet(table), "small.parquet")
    assert len(figures) == 4  # no measure, unknown area number: dropped
    own = figures.figure("CIN", 2025, "884")
    assert own is not None
    assert (own.value, own.region_code) == (457, "E12000005")
    region = figures.figure("CIN", 2025, "E12000005")
    assert _cell(region) == (None, "c")
    columns = [(problem.row, problem.column) for problem in figures.problems]
    assert (4, "Short Desc") in columns
    assert (5, "LA Number") in columns
    assert any(problem.row == 6 and "first is used" in problem.expected
               for problem in figures.problems)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not a zip", "\ufeffa,b\n1,2\n".encode(),
                                  b"\xff\xfe\x00garbage"])
def test_ees_refuses_what_is_not_an_ees_csv(data):
    refusal = _refused(read_ees_csv, data, "b1_children_in_need_2013_to_2025.csv")
    assert all(problem.file == "b1_children_in_need_2013_to_2025.csv"
               for problem in refusal.problems)


def test_ees_refuses_a_header_without_the_measure_columns():
    data = (EES_HEADER + "Anypoint_episodes\n2025,Reporting year,National,E92000001,England,"
            ",,,,,Children in Need,1\n").encode()
    refusal = _refused(read_ees_csv, data, "b1_children_in_need.csv")
    assert {problem.column for problem in refusal.problems} >= {"At31_episodes"}
    assert all(problem.row == 1 for problem in refusal.problems)


def test_ees_refuses_a_file_it_does_not_know():
    data = (EES_HEADER + "At31_episodes\n").encode()
    refusal = _refused(read_ees_csv, data, "mystery.csv")
    assert "mystery.csv" in str(refusal)


def test_ees_reads_a_small_file_with_a_bom_and_ignores_unknown_columns():
    data = ("\ufeff" + EES_HEADER + "At31_episodes,Extra\n"
            "2025,Reporting year,National,E92000001,England,,,,,,Children in Need,\"402,400\",x\n"
            "2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,"
            "884,E06000019,\"Herefordshire, County of\",Children in Need,c,1\n"
            "2025,Reporting year,Local authority,E92000001,England,E12000005,West Midlands,"
            "88,E06000019,Nowhere,Children in Need,5,1\n").encode()
    figures = read_ees_csv(data, "b1_children_in_need_2013_to_2025.csv")
    england = figures.england("ees:cin_at31_episodes", 2025)
    assert _cell(england) == (402400, None)
    own = figures.figure("ees:cin_at31_episodes", 2025, "884")
    assert _cell(own) == (None, "c")
    assert own is not None
    assert own.area_name == "Herefordshire, County of"
    assert sorted((p.row, p.column) for p in figures.problems) == [
        (1, "Ended_episodes"), (1, "Started_episodes"), (4, "old_la_code")]
    # No population given: the derived rate is not invented.
    assert figures.figure("ees:cin_rate_per_10k", 2025, "884") is None


@pytest.mark.parametrize("data", [b"", b"just text", _workbook([["LA num", "LA Name"]]),
                                  _workbook([["nothing", "here"], [1, 2]])])
def test_neighbour_models_refuse_what_is_not_a_model(data):
    refusal = _refused(read_neighbour_model, data, "sn.xlsx", "2025")
    assert all(problem.file == "sn.xlsx" for problem in refusal.problems)


def test_a_neighbour_model_is_read_from_its_header_and_rows():
    header = ["LA num", "LA Name", "LA number", "GOInd", "GOReg"]
    for rank in range(1, 11):
        header += [f"SN{rank}", "SNP"]
    row: list[object] = [884.0, "Herefordshire", 884.0, 8.0, "West Midlands"]
    for code in range(101, 111):
        row += [float(code), "Very Close"]
    empty: list[object] = [942.0, "Cumberland", 942.0, 5.0, "North West", *["-"] * 20]
    data = _workbook([["A", "B"], [1, 2], list(header), row, ["", "Old SNs:"], empty])
    model = read_neighbour_model(data, "sn.xlsx", "2025")
    assert model.codes_of("884") == [str(code) for code in range(101, 111)]
    assert model.neighbours_of("884")[0].closeness == "Very close"
    assert model.neighbours_of("942") == ()
    assert model.names["884"] == "Herefordshire"
    with pytest.raises(ValueError, match="2021, 2025"):
        read_neighbour_model(data, "sn.xlsx", "2019")  # type: ignore[arg-type]


def test_other_readers_refuse_empty_and_wrong_files():
    for call, name in ((read_la_code_list, "la_code_list.xlsx"),
                       (read_population, "ons.csv"),
                       (read_lait_dictionary, "dictionary.csv")):
        refusal = _refused(call, b"", name)
        assert refusal.problems[0].file == name
    refusal = _refused(read_lait_dictionary, b"Code,Name\nCIN,Children\n", "dictionary.csv")
    assert {problem.column for problem in refusal.problems} == {"Measure_short", "Polarity"}
    refusal = _refused(read_population, (EES_HEADER + "children\n").encode(), "ons.csv")
    assert "population_estimate" in {problem.column for problem in refusal.problems}
    refusal = _refused(read_la_code_list, _workbook([["Code", "Name"]]), "la_code_list.xlsx")
    assert {problem.column for problem in refusal.problems} == {"LA Number", "LA Name",
                                                                "Region"}
