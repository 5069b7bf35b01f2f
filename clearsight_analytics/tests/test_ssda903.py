from datetime import date

import pyarrow as pa
import pytest

from clearsight_analytics.ingest import Loaded, Problem, Refused
from clearsight_analytics.ingest.ssda903 import read_ssda903, read_ssda903_years
from clearsight_analytics.ingest.values import parse_date

HEADER = (
    "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
    "101,M,01/02/2012,WBRI,A123456789012,0,\n"
    "102,F,2015-06-30,BAFR,UN1,,\n"
)
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
    "101,01/05/2025,S,C1,N1,U6,PR1,01/08/2025,X1,CARPL,DS1 1,DS2 2,XXXXXXX\n"
    "101,01/08/2025,P,C2,N1,U4,PR4,,,,DS1 1,DS3 3,SC123456\n"
    "102,10/10/2025,S,V2,N4,K2,PR4,,,,DS1 1,DS4 4,SC654321\n"
)
REVIEWS = "CHILD,DOB,REVIEW,REVIEW_CODE\n101,01/02/2012,20/05/2025,PN1\n"


def read_episodes(body: str, year: int | None = 2026) -> Loaded:
    return read_ssda903({"episodes.csv": (EPISODES.splitlines()[0] + "\n" + body).encode()}, year)


def only_problem(loaded: Loaded) -> Problem:
    assert len(loaded.problems) == 1, loaded.problems
    return loaded.problems[0]


def test_good_files_are_read_with_types_and_counts():
    loaded = read_ssda903({
        "header.csv": ("\ufeff" + HEADER).encode(),  # a BOM is fine
        "episodes.csv": EPISODES.encode(),
        "reviews.csv": REVIEWS.encode(),
    }, 2026)
    assert loaded.acceptable
    assert loaded.source == "ssda903"
    assert (loaded.period_start, loaded.period_end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert [f.name for f in loaded.files] == ["header.csv", "episodes.csv", "reviews.csv"]
    episodes = loaded.tables["episodes"]
    assert episodes.num_rows == 3
    assert episodes.schema.field("decom").type == pa.date32()
    assert episodes.schema.field("child").type == pa.string()
    assert episodes.schema.field("collection_year").type == pa.int16()
    assert episodes.column("decom").to_pylist()[0] == date(2025, 5, 1)
    assert episodes.column("dec").to_pylist() == [date(2025, 8, 1), None, None]
    assert episodes.column("collection_year").to_pylist() == [2026] * 3
    header = loaded.tables["header"]
    assert header.column("dob").to_pylist() == [date(2012, 2, 1), date(2015, 6, 30)]
    assert header.schema.field("mother").type == pa.int8()
    assert header.column("mother").to_pylist() == [0, None]
    assert loaded.tables["reviews"].column("review_code").to_pylist() == ["PN1"]


def test_table_is_recognised_from_its_header_when_the_name_is_unhelpful():
    loaded = read_ssda903({"export_17.csv": REVIEWS.encode(), "903_Episodes_2026.csv":
                           EPISODES.encode()}, 2026)
    assert set(loaded.tables) == {"reviews", "episodes"}


def test_sw_episodes_is_not_taken_for_episodes():
    data = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n101,01/02/2012,SW1,01/04/2025,,\n"
    loaded = read_ssda903({"SW_Episodes.csv": data.encode()}, 2026)
    assert loaded.tables["sw_episodes"].column("sw_decom").to_pylist() == [date(2025, 4, 1)]


def test_bad_date_is_reported_with_its_row_and_column():
    problem = only_problem(read_episodes("101,31/02/2025,S,C1,N1,U6,PR1,,,,,,\n"))
    assert (problem.file, problem.part, problem.row, problem.column) == (
        "episodes.csv", "episodes", 2, "DECOM")
    assert problem.value == "31/02/2025"
    assert "dd/mm/yyyy" in problem.expected


def test_unknown_code_is_reported():
    problem = only_problem(read_episodes(
        "101,01/05/2025,S,C1,N1,U6,PR1,,,,,,\n101,01/05/2024,S,ZZ,N1,U6,PR1,01/06/2024,E2,,,,\n"))
    assert (problem.row, problem.column, problem.value) == (3, "LS", "ZZ")
    assert "C1" in problem.expected


def test_codes_follow_the_collection_year():
    header = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n101,1,01/02/2012,WBRI,,,\n"
    assert read_ssda903({"header.csv": header.encode()}, 2024).acceptable
    problem = only_problem(read_ssda903({"header.csv": header.encode()}, 2025))
    assert (problem.row, problem.column, problem.value) == (2, "SEX", "1")
    assert "2024-25" in problem.expected
    assert read_ssda903({"header.csv": header.encode()}).acceptable  # year unknown
    k3 = "101,01/05/2025,S,C1,N1,K3,PR4,,,,,,\n"
    assert read_episodes(k3, 2025).acceptable
    assert only_problem(read_episodes(k3, 2024)).column == "PLACE"


def test_missing_required_value_is_reported():
    problem = only_problem(read_episodes("101,01/05/2025,,C1,N1,U6,PR1,,,,,,\n"))
    assert (problem.row, problem.column, problem.value) == (2, "RNE", "")


def test_end_before_start_is_reported():
    problem = only_problem(read_episodes("101,01/05/2025,S,C1,N1,U6,PR1,30/04/2025,E2,,,,\n"))
    assert (problem.row, problem.column, problem.value) == (2, "DEC", "30/04/2025")
    missing = "CHILD,DOB,MISSING,MIS_START,MIS_END\n101,01/02/2012,M,05/05/2025,04/05/2025\n"
    problem = only_problem(read_ssda903({"missing.csv": missing.encode()}, 2026))
    assert (problem.part, problem.row, problem.column) == ("missing", 2, "MIS_END")


def test_overlapping_episodes_for_a_child_are_reported():
    loaded = read_episodes(
        "101,01/05/2025,S,C1,N1,U6,PR1,01/08/2025,X1,,,,\n"
        "102,01/05/2025,S,C1,N1,U6,PR1,,,,,,\n"
        "101,01/07/2025,P,C1,N1,U4,PR1,,,,,,\n")
    problem = only_problem(loaded)
    assert (problem.row, problem.column, problem.value) == (4, "DECOM", "01/07/2025")
    assert "row 2" in problem.expected


def test_episode_after_an_open_one_is_reported():
    problem = only_problem(read_episodes(
        "101,01/05/2025,S,C1,N1,U6,PR1,,,,,,\n101,01/07/2025,P,C1,N1,U4,PR1,,,,,,\n"))
    assert (problem.row, problem.column) == (3, "DECOM")
    assert "still open" in problem.expected


def test_dec_without_rec_and_numbers_out_of_range_are_reported():
    problem = only_problem(read_episodes("101,01/05/2025,S,C1,N1,U6,PR1,01/06/2025,,,,,\n"))
    assert (problem.row, problem.column) == (2, "REC")
    oc2 = ("CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,"
           "HEALTH_ASSESSMENT,SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED\n"
           "101,01/02/2012,41,,0,1,1,1,1,0,,\n101,01/02/2012,12,,2,1,1,1,1,0,,\n")
    problems = read_ssda903({"oc2.csv": oc2.encode()}, 2026).problems
    assert [(p.row, p.column, p.value) for p in problems] == [
        (2, "SDQ_SCORE", "41"), (3, "CONVICTED", "2")]


def test_blank_lines_are_skipped_but_counted():
    loaded = read_episodes("\n101,01/05/2025,S,C1,N1,U6,PR1,,,,,,\n\n102,xx,S,C1,N1,U6,PR1,,,,,,\n")
    assert loaded.tables["episodes"].num_rows == 2
    assert only_problem(loaded).row == 5


def test_missing_column_refuses_the_file():
    data = "CHILD,DECOM,RNE,LS,CIN,PLACE\n101,01/05/2025,S,C1,N1,U6\n"
    with pytest.raises(Refused) as refused:
        read_ssda903({"episodes.csv": data.encode()}, 2026)
    assert {p.column for p in refused.value.problems} >= {"DEC", "REC", "PLACE_PROVIDER"}
    assert all(p.row == 1 and p.part == "episodes" for p in refused.value.problems)


def test_unknown_table_refuses():
    with pytest.raises(Refused) as refused:
        read_ssda903({"notes.csv": b"A,B\n1,2\n"}, 2026)
    assert refused.value.problems[0].file == "notes.csv"
    assert "episodes.csv" in refused.value.problems[0].expected


def test_same_table_twice_and_non_utf8_and_empty_files_refuse():
    with pytest.raises(Refused):
        read_ssda903({"episodes.csv": EPISODES.encode(), "eps.csv": EPISODES.encode()}, 2026)
    with pytest.raises(Refused) as refused:
        read_ssda903({"header.csv": HEADER.replace("WBRI", "Zoë").encode("cp1252")}, 2026)
    assert "UTF-8" in refused.value.problems[0].expected
    with pytest.raises(Refused):
        read_ssda903({"header.csv": b""}, 2026)


def test_sw_episodes_refused_before_2023_24():
    data = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"
    with pytest.raises(Refused):
        read_ssda903({"sw_episodes.csv": data.encode()}, 2023)


def test_several_years_are_combined_with_a_collection_year_column():
    y2025 = EPISODES.replace(",M,", ",M,")
    loaded = read_ssda903_years({
        2026: {"episodes.csv": EPISODES.encode()},
        2025: {"episodes.csv": y2025.replace("2025", "2024").encode(),
               "header.csv": HEADER.encode()},
    })
    episodes = loaded.tables["episodes"]
    assert episodes.num_rows == 6
    assert episodes.column("collection_year").to_pylist() == [2025] * 3 + [2026] * 3
    assert loaded.tables["header"].num_rows == 2
    assert [f.name for f in loaded.files] == [
        "2025/episodes.csv", "2025/header.csv", "2026/episodes.csv"]
    assert (loaded.period_start, loaded.period_end) == (date(2024, 4, 1), date(2026, 3, 31))
    assert loaded.acceptable


def test_several_years_report_problems_per_year_file():
    bad = EPISODES.replace("PR4,,,,DS1 1,DS4 4", "PR9,,,,DS1 1,DS4 4")
    loaded = read_ssda903_years({2025: {"episodes.csv": bad.replace("2025", "2024").encode()},
                                 2026: {"episodes.csv": EPISODES.encode()}})
    problem = only_problem(loaded)
    assert (problem.file, problem.row, problem.column) == ("2025/episodes.csv", 4,
                                                           "PLACE_PROVIDER")


def test_parse_date_accepts_both_spellings_and_rejects_impossible_days():
    assert parse_date("29/02/2024") == date(2024, 2, 29)
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date("29/02/2023") is None
    assert parse_date("2024/02/29") is None
