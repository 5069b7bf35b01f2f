"""The analysts' report command, end to end: files on disk in, HTML, Excel and JSON out.

Each test writes small returns into a temporary folder (CIN census XML from builders.py,
SSDA903 and Annex A as hand-written CSV), runs the command's entry function with argv, and
reads the outputs back: JSON values against a hand computation, the workbook with openpyxl,
the page with html5lib.
"""

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import html5lib
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from bs4 import BeautifulSoup

from clearsight_analytics.__main__ import main as module_main
from clearsight_analytics.benchmarks import load_reference
from clearsight_analytics.ingest.annex_a import COLUMNS, read_annex_a_workbook
from clearsight_analytics.report.cli import run
from clearsight_analytics.tests.builders import child, cin_census_xml, episode

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT.parent / "shared" / "data" / "samples" / "annex_a_template_2024_sample.xlsx"
ONS = ROOT.parent / "shared" / "data" / "dfe" / "ons_mid-year_population_estimates_2012_to_2024.csv"
FIXED_TIME = "2026-04-01T09:00:00+00:00"


def report(argv: Sequence[object], *, expect: int = 0) -> tuple[str, str]:
    """Run the command; (stdout, stderr). Fails unless it exits with `expect`."""
    out, err = io.StringIO(), io.StringIO()
    args = [str(arg) for arg in argv]
    if "--generated-at" not in args:  # the report's date decides what counts as the future
        args += ["--generated-at", FIXED_TIME]
    status = run(args, stdout=out, stderr=err)
    assert status == expect, err.getvalue()
    return out.getvalue(), err.getvalue()


def values_of(path: Path, code: str) -> dict[tuple[str, str, str], tuple[Any, Any, Any]]:
    """{(period_id, breakdown, group): (numerator, denominator, value)} of one indicator."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {(v["period_id"], v["breakdown"], v["group"]): (v["numerator"], v["denominator"],
                                                           v["value"])
            for v in data["values"] if v["code"] == code}


# ------------------------------------------------------------------ small returns on disk


def assessment(child_id: str, start: str, authorised: str | None) -> dict[str, Any]:
    return child(child_id, episodes=[episode(start, assessments=[(start, authorised)])])


def write_cin(folder: Path, year: int = 2026,
              children: Sequence[Mapping[str, Any]] | None = None) -> Path:
    """A CIN census of four referrals, each assessed (hand-worked in the engine's tests):
    A takes 1 working day (Easter), B 45, C 46 (late), D is not yet authorised."""
    children = children if children is not None else [
        assessment("A", "2025-04-17", "2025-04-22"),
        assessment("B", "2025-06-02", "2025-08-04"),
        assessment("C", "2025-06-02", "2025-08-05"),
        assessment("D", "2025-06-02", None),
    ]
    path = Path(folder) / f"cin_{year}.xml"
    path.write_bytes(cin_census_xml(year, children))
    return path


HEADER_CSV = ("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
              "L1,M,01/01/2015,WBRI,,,\n"
              "L2,F,01/01/2012,WBRI,,,\n")
EPISODES_CSV = ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
                "HOME_POST,PL_POST,URN\n"
                "L1,01/05/2025,S,C2,N1,U4,PR1,,,,,,\n"
                "L2,01/06/2025,S,C2,N1,U4,PR1,01/09/2025,E11,,,,\n")


def write_903(folder: Path, year: int = 2026, episodes: str = EPISODES_CSV,
              header: str = HEADER_CSV) -> Path:
    """One year's SSDA903: L1 looked after from May 2025 and still on 31 March 2026; L2 from
    June to September 2025."""
    target = Path(folder) / str(year)
    target.mkdir(parents=True)
    (target / "header.csv").write_text(header, encoding="utf-8")
    (target / "episodes.csv").write_text(episodes, encoding="utf-8")
    return target


def write_annex_a_folder(folder: Path, list_7_rows: Sequence[Mapping[str, str]] = ()) -> Path:
    """Annex A as a folder of eleven CSV lists, all empty but List 7."""
    folder = Path(folder)
    folder.mkdir(parents=True)
    for number, columns in COLUMNS.items():
        with open(folder / f"list_{number}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            headers = [column.headers[0] for column in columns]
            writer.writerow(headers)
            if number == 7:
                for row in list_7_rows:
                    writer.writerow([row.get(header, "") for header in headers])
    return folder


def plan_row(child_id: str, team: str, visited: str) -> dict[str, str]:
    """A child on a plan since January 2026, last visited on `visited`."""
    return {"Child Unique ID": child_id, "Gender": "Male", "Ethnicity": "WBRI",
            "Date of Birth": "01/01/2015", "Age of Child (Years)": "11", "Disability": "No",
            "Child Protection Plan Start Date": "05/01/2026",
            "Initial Category of Abuse": "Neglect", "Latest Category of Abuse": "Neglect",
            "Date of the Last Statutory Visit": visited, "Was the Child Seen Alone?": "Yes",
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last "
            "Six Months (Y/N)": "No", "Number of Previous Child Protection Plans": "0",
            "Allocated Team": team, "Allocated Worker": "W1"}


# Tricky text: what a spreadsheet would run as a formula, and what a page would run as script.
HOSTILE_TEAMS = ("=SUM(1,2)", "+44 Team", "-Team", "@Team")
SCRIPT_TEAM = "<script>alert(1)</script>"


def annex_a_with_hostile_text(folder: Path) -> Path:
    # Tuesday 31 March 2026: a visit on 20 March is 7 working days before, one on 2 March 21.
    rows = [plan_row("=C1", HOSTILE_TEAMS[0], "20/03/2026"),
            plan_row("+C2", HOSTILE_TEAMS[1], "02/03/2026"),
            plan_row("-C3", HOSTILE_TEAMS[2], "20/03/2026"),
            plan_row("@C4", HOSTILE_TEAMS[3], "02/03/2026"),
            plan_row("C5", SCRIPT_TEAM, "20/03/2026")]
    return write_annex_a_folder(Path(folder) / "=annex", rows)


# ------------------------------------------------------------------ values


def test_json_values_match_a_hand_computation(tmp_path):
    cin = write_cin(tmp_path)
    write_903(tmp_path / "903")
    out = tmp_path / "report.json"
    stdout, _ = report(["--cin-census", cin, "--ssda903", tmp_path / "903", "--population",
                        "10000", "--indicators", "F03,F09,L01,L02", "--out", out])
    assert "4 of 4 indicators computed" in stdout
    year = ("year:2026-03-31", "all", "All")
    # F09: B on time, C late (46 working days), A on time (1 day over Easter), D not done.
    assert values_of(out, "F09")[year] == (2, 3, pytest.approx(200 / 3))
    # F03: four referrals in 2025-26, per 10,000 of 10,000 children.
    assert values_of(out, "F03")[year] == (4, 10_000, pytest.approx(4.0))
    # L01: only L1 is looked after on 31 March 2026; L02: both started in the year.
    assert values_of(out, "L01")[year] == (1, 10_000, pytest.approx(1.0))
    assert values_of(out, "L02")[year] == (2, 10_000, pytest.approx(2.0))
    # A month with nothing in it is zero, not missing.
    assert values_of(out, "F03")[("month:2025-05-31", "all", "All")][0] == 0

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "clearsight-indicator-report"
    assert [item["collection_year"] for item in data["population"]["by_year"]] == [2026]
    assert data["population"]["by_year"][0]["children_0_17"] == 10_000
    paths = {item["path"]: item for item in data["inputs"]}
    assert paths[str(cin)]["sha256"] == hashlib.sha256(cin.read_bytes()).hexdigest()
    assert paths[str(cin)]["period_start"] == "2025-04-01"
    assert paths[str(tmp_path / "903" / "2026" / "episodes.csv")]["collection_year"] == 2026
    first = data["values"][0]
    assert list(first) == ["code", "title", "period_type", "period_id", "period_label",
                           "period_start", "period_end", "breakdown", "group", "numerator",
                           "denominator", "value", "suppressed"]
    assert [d["code"] for d in data["indicators"]] == ["F03", "F09", "L01", "L02"]
    summary = {item["code"]: item for item in data["summary"]}
    assert summary["F09"]["headline"]["period_id"] == "rolling_12:2026-03-31"
    assert summary["F09"]["chart"]["period_type"] == "month"
    assert summary["F09"]["benchmark"]["measure"] == "Continue_Assess_Comp"


def test_json_is_deterministic_and_ordered(tmp_path):
    cin = write_cin(tmp_path)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    for out in (first, second):
        report(["--cin-census", cin, "--population", "10000", "--indicators", "F09,F03",
                "--generated-at", FIXED_TIME, "--out", out])
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    assert data["generated_at"] == "2026-04-01T09:00:00Z"
    codes = [v["code"] for v in data["values"]]
    assert codes == sorted(codes, key=["F03", "F09"].index)  # catalogue order
    types = [v["period_type"] for v in data["values"] if v["code"] == "F03"]
    order = ["year", "quarter", "month", "rolling_12", "extract"]
    assert types == sorted(types, key=order.index)


def test_population_file_gives_dfe_figure_for_the_year(tmp_path):
    if not ONS.exists():
        pytest.skip("DfE's population file is not in ../shared/data")
    cin = write_cin(tmp_path, year=2025, children=[assessment("A", "2024-06-03", "2024-07-01")])
    out = tmp_path / "report.json"
    report(["--cin-census", cin, "--population-file", ONS, "--la", "884", "--indicators",
            "F03", "--out", out])
    data = json.loads(out.read_text(encoding="utf-8"))
    # The year ending March 2025 uses the mid-2024 estimate: 34,439 children in Herefordshire.
    assert data["population"]["by_year"] == [{
        "collection_year": 2025, "label": "2024-25", "children_0_17": 34_439,
        "from_collection_year": 2025, "ons_mid_year": 2024}]
    assert data["authority"] == {"la_code": "884", "name": "Herefordshire, County of"}
    assert values_of(out, "F03")[("year:2025-03-31", "all", "All")] == (
        1, 34_439, pytest.approx(10_000 / 34_439))
    # The ONS code finds the same authority.
    report(["--cin-census", cin, "--population-file", ONS, "--la", "E06000019",
            "--indicators", "F03", "--out", out])
    assert json.loads(out.read_text(encoding="utf-8"))["population"]["by_year"][0][
        "children_0_17"] == 34_439


def test_a_year_still_running_is_counted_to_the_data_date(tmp_path):
    cin = write_cin(tmp_path)
    out = tmp_path / "report.json"
    report(["--cin-census", cin, "--population", "10000", "--data-to", "2025-09-30",
            "--indicators", "F03", "--out", out])
    values = values_of(out, "F03")
    months = sorted(key[0] for key in values if key[0].startswith("month:"))
    assert months[0] == "month:2025-04-30"
    assert months[-1] == "month:2025-09-30"  # not October to March as zeros
    assert ("year:2026-03-31", "all", "All") not in values
    notes = json.loads(out.read_text(encoding="utf-8"))["notes"]
    assert any("the CIN census for 2025-26 is counted to 30/09/2025" in note for note in notes)


def test_benchmarks_from_a_lait_file(tmp_path):
    reference = load_reference()
    neighbours = [n.code for n in reference.neighbour_models["2025"].neighbours_of("884")]
    rows = [("970", "England", "", "80"), ("984", "West Midlands", "", "75"),
            ("884", "Herefordshire", "West Midlands", "70"),
            (neighbours[0], "N1", "West Midlands", "60"),
            (neighbours[1], "N2", "West Midlands", "c"),
            ("201", "City of London", "Inner London", "90")]
    table = pa.table({
        "Short Desc": ["Continue_Assess_Comp"] * len(rows), "Data item": [""] * len(rows),
        "Years": ["2026"] * len(rows), "LA and Regions": [r[1] for r in rows],
        "Values": [r[3] for r in rows], "LA Number": [float(r[0]) for r in rows],
        "Region": [r[2] for r in rows]})
    lait = tmp_path / "lait.parquet"
    pq.write_table(table, lait)
    cin = write_cin(tmp_path)
    out = tmp_path / "report.json"
    report(["--cin-census", cin, "--benchmarks", lait, "--la", "884", "--indicators", "F09",
            "--out", out])
    data = json.loads(out.read_text(encoding="utf-8"))
    bench = data["summary"][0]["benchmark"]
    assert bench["year"] == 2026
    assert bench["ours"]["value"] == pytest.approx(200 / 3)
    assert bench["england"]["value"] == 80.0
    assert bench["region"]["area_name"] == "West Midlands"
    assert bench["authority"]["value"] == 70.0
    # One neighbour published 60, another was suppressed (c): the mean is of the one.
    assert bench["neighbours"] == {"model": "2025", "mean": 60.0, "median": 60.0,
                                   "with_figure": 1, "size": len(neighbours)}
    # 66.7% among the published authorities other than Herefordshire (60, 90): second of 3.
    assert (bench["position"]["rank"], bench["position"]["out_of"]) == (2, 3)
    assert data["benchmarks"]["file"]["sha256"] == hashlib.sha256(lait.read_bytes()).hexdigest()
    assert data["benchmarks"]["compare_with"] == "884"
    report(["--cin-census", cin, "--no-benchmarks", "--indicators", "F09", "--out", out])
    assert json.loads(out.read_text(encoding="utf-8"))["summary"][0]["benchmark"] is None


def test_ssda903_from_a_zip(tmp_path):
    archive = tmp_path / "ssda903_2026.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("2026/header.csv", HEADER_CSV)
        zipped.writestr("2026/episodes.csv", EPISODES_CSV)
    out = tmp_path / "report.json"
    report(["--ssda903", f"2026={archive}", "--population", "2026=10000", "--indicators",
            "L01", "--out", out])
    assert values_of(out, "L01")[("year:2026-03-31", "all", "All")] == (1, 10_000, 1.0)
    paths = [item["path"] for item in json.loads(out.read_text(encoding="utf-8"))["inputs"]]
    assert sorted(paths) == [f"{archive}/episodes.csv", f"{archive}/header.csv"]


# ------------------------------------------------------------------ the shared sample


def test_sample_annex_a_workbook_end_to_end(tmp_path):
    if not SAMPLE.exists():
        pytest.skip("the shared Annex A sample is not in ../shared/data")
    outs = [tmp_path / "sample.html", tmp_path / "sample.xlsx", tmp_path / "sample.json"]
    stdout, _ = report(["--annex-a", SAMPLE, "--as-at", "2021-03-31", "--population", "34439",
                        "--la", "884", *[arg for out in outs for arg in ("--out", out)]])
    assert all(out.exists() for out in outs)
    assert "indicators computed" in stdout
    data = json.loads(outs[2].read_text(encoding="utf-8"))
    computed = {item["code"] for item in data["summary"]}
    assert {"C19a", "L23", "Y10a"} <= computed
    reasons = {item["code"]: item["reason"] for item in data["not_computed"]}
    assert reasons["F09"] == "no data loaded for cin census"
    assert data["inputs"][0]["as_at"] == "2021-03-31"
    assert data["inputs"][0]["sha256"] == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    assert {v["period_id"] for v in data["values"] if v["code"] == "C19a"} == {
        "extract:2021-03-31"}

    # Aggregate only: no child's identifier is in any output.
    loaded = read_annex_a_workbook(SAMPLE.read_bytes(), SAMPLE.name)
    ids = {i for table in loaded.tables.values() if "child_id" in table.column_names
           for i in table.column("child_id").to_pylist() if i}
    assert len(ids) > 20
    texts = [outs[0].read_text(encoding="utf-8"),
             re.sub(r"[0-9a-f]{64}", "", outs[2].read_text(encoding="utf-8"))]
    book = openpyxl.load_workbook(outs[1])
    texts.append("\n".join(str(cell.value) for sheet in book for row in sheet.iter_rows()
                           for cell in row if isinstance(cell.value, str)
                           and not re.fullmatch(r"[0-9a-f]{64}", cell.value)))
    for text in texts:
        assert not [i for i in ids if re.search(rf"(?<![\w.]){re.escape(i)}(?![\w.])", text)]


# ------------------------------------------------------------------ bad input


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Message [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<Message><Children>&lol2;</Children></Message>"""


def _bomb_workbook(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("[Content_Types].xml", "<Types/>")
        zipped.writestr("xl/workbook.xml", "<workbook/>")
        zipped.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 2**20))


def _bomb_903(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("episodes.csv", b"a" * (8 * 2**20))


@pytest.mark.parametrize("hostile", ["xml-entities", "xlsx-zip-bomb", "ssda903-zip-bomb"])
def test_hostile_files_are_refused_and_nothing_is_written(tmp_path, hostile):
    out, kept = tmp_path / "report.html", tmp_path / "report.json"
    kept.write_text("an earlier report", encoding="utf-8")
    if hostile == "xml-entities":
        bad = tmp_path / "evil.xml"
        bad.write_bytes(BILLION_LAUGHS)
        argv, expected = ["--cin-census", bad], "without a DOCTYPE, entity declarations"
    elif hostile == "xlsx-zip-bomb":
        bad = tmp_path / "bomb.xlsx"
        _bomb_workbook(bad)
        argv, expected = ["--annex-a", bad, "--as-at", "2026-03-31"], "zip bomb"
    else:
        bad = tmp_path / "2026.zip"
        _bomb_903(bad)
        argv, expected = ["--ssda903", bad], "zip bomb"
    _, err = report([*argv, "--out", out, "--out", kept], expect=1)
    lines = err.splitlines()
    assert lines[0].startswith(f"{bad}:")
    assert expected in lines[0]
    assert lines[-1] == "1 problem found; nothing was written."
    assert not out.exists()
    assert kept.read_text(encoding="utf-8") == "an earlier report"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([bad.name, kept.name])


def test_every_problem_is_printed_in_the_standard_form(tmp_path):
    episodes = EPISODES_CSV + "L3,31/02/2026,S,C2,N1,U4,PR1,,,,,,\n"
    header = HEADER_CSV + "L3,\x1b[31mX\u202e,01/01/2014,WBRI,,,\n"
    folder = write_903(tmp_path / "903", episodes=episodes, header=header)
    cin = write_cin(tmp_path)
    missing = tmp_path / "no_such.xml"
    out = tmp_path / "report.xlsx"
    _, err = report(["--ssda903", f"2026={folder}", "--cin-census", cin, "--cin-census",
                     missing, "--population", "10000", "--out", out], expect=1)
    lines = err.splitlines()
    assert f'{folder}/episodes.csv:episodes:4:DECOM: a date as dd/mm/yyyy (found ' \
           f'"31/02/2026")' in lines
    sex = next(line for line in lines if ":header:4:SEX:" in line)
    assert sex.startswith(f"{folder}/header.csv:header:4:SEX: one of the SEX codes")
    assert sex.endswith('(found "\\x1b[31mX\\u202e")')
    assert "\x1b" not in err
    assert "\u202e" not in err
    assert f"{missing}:::: a file that exists (there is no such file)" in lines
    assert lines[-1] == f"{len(lines) - 1} problems found; nothing was written."
    assert not out.exists()


def test_two_census_files_for_one_year_are_a_problem(tmp_path):
    first = write_cin(tmp_path)
    second = tmp_path / "copy.xml"
    second.write_bytes(first.read_bytes())
    _, err = report(["--cin-census", first, "--cin-census", second, "--out",
                     tmp_path / "r.json"], expect=1)
    assert f"{second}:::: one CIN census for 2025-26 ({first} is also for it)" in err


@pytest.mark.parametrize("argv", [
    ["--annex-a", "annex_a.xlsx", "--out", "r.html"],  # no --as-at
    ["--cin-census", "c.xml", "--out", "r.pdf"],  # unknown format
    ["--cin-census", "c.xml"],  # no --out
    ["--out", "r.html"],  # no return
    ["--cin-census", "c.xml", "--population-file", "ons.csv", "--out", "r.html"],  # no --la
    ["--cin-census", "c.xml", "--breakdowns", "shoe_size", "--out", "r.html"],
    ["--cin-census", "c.xml", "--indicators", "Z99", "--out", "r.html"],
    ["--cin-census", "c.xml", "--out", "c.xml"],  # would overwrite an input
])
def test_command_line_mistakes_exit_2(tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as stopped:
        run([*argv, "--generated-at", FIXED_TIME], stdout=io.StringIO(), stderr=io.StringIO())
    assert stopped.value.code == 2


# ------------------------------------------------------------------ Excel


def test_excel_stores_text_that_looks_like_a_formula_as_text(tmp_path):
    folder = annex_a_with_hostile_text(tmp_path)
    out = tmp_path / "report.xlsx"
    report(["--annex-a", folder, "--as-at", "2026-03-31", "--indicators", "C19a,C19b",
            "--authority-name", "=HYPERLINK(\"http://example.com\")", "--breakdowns", "team",
            "--out", out])
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:3] == ["Contents", "Summary", "Benchmarks"]
    assert {"All values", "Definitions", "Need and protection"} <= set(book.sheetnames)
    strings = set()
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate}: {cell.value}"
                if isinstance(cell.value, str):
                    strings.add(cell.value)
    assert set(HOSTILE_TEAMS) <= strings  # the team names, as text
    assert "=HYPERLINK(\"http://example.com\")" in strings  # in the title, as text
    assert any(text.startswith(str(folder)) for text in strings)  # "=annex" folder path
    assert not {"=C1", "+C2", "-C3", "@C4", "C5"} & strings  # no child IDs

    values = book["All values"]
    assert list(values.tables) == ["AllValues"]
    header = [cell.value for cell in values[1]]
    assert header[:4] == ["Code", "Indicator", "Period type", "Period"]
    rows = [dict(zip(header, (c.value for c in row), strict=True))
            for row in values.iter_rows(min_row=2)]
    whole = next(r for r in rows if r["Code"] == "C19a" and r["Breakdown"] == "Whole authority")
    # Visited within 10 working days: =C1, -C3 and C5; not: +C2 and @C4.
    assert (whole["Numerator"], whole["Denominator"], whole["Value"]) == (3, 5, 60.0)
    teams = {r["Group"]: r["Value"] for r in rows if r["Code"] == "C19a"
             and r["Breakdown"] == "Team"}
    assert teams == {"=SUM(1,2)": 100.0, "+44 Team": 0.0, "-Team": 100.0, "@Team": 0.0,
                     SCRIPT_TEAM: 100.0}


def test_suppress_hides_counts_of_one_to_four(tmp_path):
    folder = annex_a_with_hostile_text(tmp_path)
    outs = [tmp_path / "report.json", tmp_path / "report.xlsx", tmp_path / "report.html"]
    report(["--annex-a", folder, "--as-at", "2026-03-31", "--indicators", "C19a",
            "--breakdowns", "team", "--suppress", *[a for o in outs for a in ("--out", o)]])
    data = json.loads(outs[0].read_text(encoding="utf-8"))
    by_group = {v["group"]: v for v in data["values"]}
    # The whole authority: 3 of 5, the numerator is small, the denominator is not.
    assert by_group["All"]["numerator"] is None
    assert by_group["All"]["value"] is None
    assert by_group["All"]["denominator"] == 5
    assert by_group["All"]["suppressed"] is True
    # Each team has one child: everything about it is hidden.
    assert by_group["+44 Team"] == {**by_group["+44 Team"], "numerator": None,
                                    "denominator": None, "value": None, "suppressed": True}
    assert data["options"]["suppress"] is True
    book = openpyxl.load_workbook(outs[1])
    cells = {cell.value for row in book["All values"].iter_rows() for cell in row}
    assert {"fewer than 5", "Not shown (fewer than 5)"} <= cells
    assert 3 not in cells
    assert 60.0 not in cells
    page = outs[2].read_text(encoding="utf-8")
    assert "fewer than 5" in page
    assert "Counts from 1 to 4 are hidden" in page


# ------------------------------------------------------------------ HTML


def test_html_is_one_accessible_self_contained_page(tmp_path):
    folder = annex_a_with_hostile_text(tmp_path)
    cin = write_cin(tmp_path)
    out = tmp_path / "report.html"
    report(["--annex-a", folder, "--as-at", "2026-03-31", "--cin-census", cin,
            "--population", "10000", "--indicators", "F03,F09,C19a,L01", "--breakdowns",
            "team,sex", "--out", out])
    text = out.read_text(encoding="utf-8")
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(text)
    assert parser.errors == []
    soup: Any = BeautifulSoup(text, "html5lib")
    assert soup.html["lang"] == "en-GB"
    assert len(soup.find_all("h1")) == 1
    assert soup.title.string.startswith("Children's services indicators")
    tables = soup.find_all("table")
    assert len(tables) > 5
    for table in tables:
        assert table.caption is not None
        assert table.caption.get_text(strip=True)
        for th in table.find_all("th"):
            assert th.get("scope") in ("col", "row")
    # Self-contained: no script, no external style sheet, image, font or link.
    assert not soup.find_all(["script", "link", "iframe", "img", "object"])
    assert not [tag for tag in soup.find_all(True) if tag.get("src")]
    assert not [a for a in soup.find_all("a") if not a["href"].startswith("#")]
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for link in soup.find_all("a"):
        assert link["href"][1:] in ids
    # Each indicator: a heading, its chart with a text alternative, and the data as a table.
    section = soup.find("section", attrs={"aria-labelledby": "ind-f09"})
    assert section.h3.get_text(" ", strip=True) == "F09 Assessments completed within 45 " \
                                                   "working days"
    chart = section.find("svg")
    assert chart["role"] == "img"
    assert all(soup.find(id=i) for i in chart["aria-labelledby"].split())
    captions = [c.get_text() for c in section.find_all("caption")]
    assert "F09 by month, whole authority" in captions
    assert any(c.startswith("F09 beside DfE\u2019s published figures") for c in captions)
    assert section.find("summary", string="Definition of F09")
    assert "66.7%" in section.get_text()  # 2 of 3 in the 12 months to March 2026
    # Text from the files is escaped, never run.
    assert SCRIPT_TEAM in soup.get_text()
    assert "=SUM(1,2)" in soup.get_text()
    assert "Aggregate figures only" in soup.footer.get_text()
    for child_id in ("=C1", "+C2", "-C3", "@C4", "C5"):
        assert not re.search(rf"(?<![\w]){re.escape(child_id)}(?![\w])", soup.get_text())


# ------------------------------------------------------------------ the module entry point


def test_module_runs_as_a_command(tmp_path):
    cin = write_cin(tmp_path)
    out = tmp_path / "r.json"
    done = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "clearsight_analytics", "report", "--cin-census", str(cin),
         "--indicators", "F09", "--generated-at", FIXED_TIME, "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert values_of(out, "F09")[("year:2026-03-31", "all", "All")][:2] == (2, 3)


def test_help_says_the_report_is_aggregate(capsys):
    with pytest.raises(SystemExit) as stopped:
        module_main(["report", "--help"])
    assert stopped.value.code == 0
    words = " ".join(capsys.readouterr().out.split())
    assert "aggregate figures only" in words
    assert "No child's identifier or record is written" in words
    assert "--suppress" in words
    assert "--population-file" in words
    assert module_main(["--help"]) == 0
    assert module_main(["no-such-command"]) == 2
