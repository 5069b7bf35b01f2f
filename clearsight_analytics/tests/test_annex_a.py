"""The Annex A reader: sample workbooks, header variants, values, and hostile files."""

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from clearsight_analytics.ingest import Loaded, Refused
from clearsight_analytics.ingest.annex_a import (
    COLUMNS,
    header_key,
    normalise_code,
    read_annex_a_csv,
    read_annex_a_workbook,
)
from clearsight_analytics.ingest.values import parse_date

SAMPLES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "samples"
SAMPLE_ROWS = {"list_1": 5, "list_2": 5, "list_3": 6, "list_4": 5, "list_5": 5, "list_6": 5,
               "list_7": 7, "list_8": 5, "list_9": 6, "list_10": 5, "list_11": 5}
LIST_1_HEADERS = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
                  "Date of Contact", "Contact Source")
LIST_1: list[object] = list(LIST_1_HEADERS)


def workbook(list_1: list[list[object]] | None = None, *, sheet_1: str = "List 1",
             extra: dict[str, list[list[object]]] | None = None) -> bytes:
    """A workbook with every list's template headers, and the given rows for some lists."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheets: dict[str, list[list[object]]] = {
        f"List {n}": [[c.headers[0] for c in cols]] for n, cols in COLUMNS.items()}
    if list_1 is not None:
        sheets["List 1"] = list_1
    sheets.update(extra or {})
    for name, rows in sheets.items():
        sheet = book.create_sheet(sheet_1 if name == "List 1" else name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refused(data: bytes, filename: str = "upload.xlsx") -> str:
    with pytest.raises(Refused) as caught:
        read_annex_a_workbook(data, filename)
    assert caught.value.problems
    return str(caught.value)


# ------------------------------------------------------------------ the sample workbooks

@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"sample workbooks not present at {SAMPLES}")
@pytest.mark.parametrize("name", ["annex_a_template_2024_sample.xlsx",
                                  "annex_a_sample_older.xlsx"])
def test_sample_workbooks_read_every_list(name: str) -> None:
    data = (SAMPLES / name).read_bytes()
    loaded = read_annex_a_workbook(data, name)
    assert loaded.source == "annex_a"
    assert loaded.acceptable, [str(p) for p in loaded.problems]
    assert {key: table.num_rows for key, table in loaded.tables.items()} == SAMPLE_ROWS
    assert loaded.files[0].size_bytes == len(data)
    first = loaded.tables["list_1"].to_pylist()[0]
    assert first["child_id"] == "9212044"
    assert first["gender"] == "Female"
    assert first["ethnicity"] == "WBRI"
    assert first["contact_date"] == date(2020, 9, 16)
    assert first["contact_source"] == "6"
    list_8 = loaded.tables["list_8"]
    assert list_8.num_columns == 34
    assert str(list_8.schema.field("missing_episodes_12_months").type) == "int32"
    assert list_8.column("placement_type").to_pylist()[0] == "U6"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"sample workbooks not present at {SAMPLES}")
def test_older_list_9_lacks_the_2024_columns_which_come_back_empty() -> None:
    name = "annex_a_sample_older.xlsx"
    table = read_annex_a_workbook((SAMPLES / name).read_bytes(), name).tables["list_9"]
    assert table.column("latest_contact_date").null_count == table.num_rows
    assert table.column("activity_status").to_pylist()[0] == "F1"


# ------------------------------------------------------------------ headers

def test_header_variants_are_recognised() -> None:
    header: list[object] = ["  CHILD unique id ", "Gender", "Ethnicity", "Date of birth.",
              "Age of Child (Years)", "Date of Contact:", "Contact  Source", "Notes"]
    rows: list[list[object]] = [[], [None, None], header,
                                [123, "a) Male", "a) WBRI", date(2015, 1, 2), 9, date(2024, 1, 3),
                                 "a) 1A: Individual", "ignored"]]
    loaded = read_annex_a_workbook(workbook(rows, sheet_1=" list 1 "), "variants.xlsx")
    assert loaded.acceptable
    table = loaded.tables["list_1"]
    assert table.column_names == [c.name for c in COLUMNS[1]]  # the extra column is dropped
    assert table.to_pylist()[0]["contact_source"] == "1A"


def test_curly_quotes_and_stray_bracket_match_list_8() -> None:
    assert header_key("Number of Episodes the Child has been \u2018Missing\u2019 from their "
                      "Placement in the last 12 months") == header_key(
        "Number of Episodes the Child has been 'Missing' from their Placement in the last "
        "12 months")
    assert header_key("Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months "
                      "(Y/N))") == header_key("Unaccompanied Asylum Seeking Child (UASC) within "
                                              "the Last 12 Months (Y/N)")


def test_missing_required_column_is_refused() -> None:
    rows: list[list[object]] = [LIST_1[:-1], [1, "a) Male", "a) WBRI", None, 3, None]]
    message = refused(workbook(rows))
    assert 'a column headed "Contact Source"' in message
    assert "List 1" in message


def test_missing_sheet_is_refused() -> None:
    message = refused(workbook(sheet_1="Contacts"))
    assert 'a sheet named "List 1"' in message


def test_sheet_without_a_header_row_is_refused() -> None:
    message = refused(workbook([["nothing", "here"], [1, 2]]))
    assert "header row" in message


# ------------------------------------------------------------------ values

def test_dates_as_excel_dates_and_text_and_blank_rows_skipped() -> None:
    excel_datetime = datetime(2015, 3, 4)  # noqa: DTZ001 - Excel datetimes carry no zone
    rows: list[list[object]] = [
        LIST_1,
        [1, "Male", "WBRI", excel_datetime, 9, "05/01/2024", "q) 6: Police"],
        [None, None, None, None, None, None, None],
        ["A2", "b) Female", "k) APKN", "2016-07-08", "8", " 6/1/2024 ", "Police"],
        ["   ", "", None],
        [3, "", "", "", "", date(2024, 2, 29), "u) 10: Unknown"],
    ]
    loaded = read_annex_a_workbook(workbook(rows), "dates.xlsx")
    assert loaded.acceptable, [str(p) for p in loaded.problems]
    table = loaded.tables["list_1"]
    assert table.num_rows == 3
    assert table.column("date_of_birth").to_pylist() == [date(2015, 3, 4), date(2016, 7, 8),
                                                          None]
    assert table.column("contact_date").to_pylist() == [date(2024, 1, 5), date(2024, 1, 6),
                                                         date(2024, 2, 29)]
    assert table.column("child_id").to_pylist() == ["1", "A2", "3"]
    assert table.column("contact_source").to_pylist() == ["6", "Police", "10"]
    assert table.column("age").to_pylist() == [9.0, 8.0, None]
    assert str(table.schema.field("contact_date").type) == "date32[day]"


def test_impossible_date_is_a_problem_with_row_and_column_as_written() -> None:
    rows: list[list[object]] = [
        [], ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
             "Date of contact ", "Contact Source"],
        [1, "Male", "WBRI", None, None, "01/01/2024", "6"],
        [2, "Male", "WBRI", None, None, "31/02/2024", "6"],
        [3, "Male", "WBRI", None, None, "01/01/1800", "6"],
    ]
    loaded = read_annex_a_workbook(workbook(rows), "bad.xlsx")
    assert not loaded.acceptable
    first, second = loaded.problems
    assert (first.file, first.part, first.row, first.column, first.value) == (
        "bad.xlsx", "List 1", 4, "Date of contact", "31/02/2024")
    assert "dd/mm/yyyy" in first.expected
    assert (second.row, second.value) == (5, "01/01/1800")
    assert "1900" in second.expected
    assert loaded.tables["list_1"].column("contact_date").to_pylist()[1:] == [None, None]


def test_absurd_counts_and_ages_are_problems() -> None:
    header: list[object] = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age",
                            "Date of Referral", "Referral Source", "Referral NFA?",
                            "Number of Referrals in Last 12 Months", "Allocated Team",
                            "Allocated Worker"]
    rows: list[list[object]] = [header,
                                [1, "Male", "WBRI", None, 500, None, "6", "No", 2.5, "T", "W"],
                                [2, "Male", "WBRI", None, 5, None, "6", "No", "lots", "T", "W"]]
    loaded = read_annex_a_workbook(workbook(extra={"List 3": rows}), "counts.xlsx")
    found = {(p.row, p.column) for p in loaded.problems}
    assert found == {(2, "Age"), (2, "Number of Referrals in Last 12 Months"),
                     (3, "Number of Referrals in Last 12 Months")}


def test_cell_over_32767_characters_is_a_problem_not_an_exception() -> None:
    # openpyxl clips cells to Excel's limit, so the 40,000 characters are put in afterwards.
    rows: list[list[object]] = [LIST_1, [1, "Male", "WBRI", None, None, None, "x" * 32_767]]
    source = zipfile.ZipFile(io.BytesIO(workbook(rows)))
    members = {info.filename: source.read(info).replace(b"x" * 32_767, b"x" * 40_000)
               for info in source.infolist()}
    loaded = read_annex_a_workbook(zip_of(members), "long.xlsx")
    (problem,) = loaded.problems
    assert (problem.row, problem.column) == (2, "Contact Source")
    assert "32,767" in problem.expected
    assert "40,000" in problem.expected
    assert len(problem.value) < 100


@pytest.mark.parametrize(("raw", "code"), [
    ("a) 1A: Individual", "1A"), ("zz) T4", "T4"), ("b) Female", "Female"),
    ("N1 - Abuse or Neglect", "N1"), ("e) PR4 - Private provision", "PR4"), ("C2: FCO", "C2"),
    ("f) U6: Foster placement - not FFA", "U6"), ("RD2", "RD2"), ("a) Yes", "Yes"),
    ("CS Assessment Updated", "CS Assessment Updated"), ("u) 10: Unknown", "10"),
])
def test_codes_lose_their_prefix_and_meaning(raw: str, code: str) -> None:
    assert normalise_code(raw) == code


@pytest.mark.parametrize(("text", "expected"), [
    ("01/02/2024", date(2024, 2, 1)), ("1/2/2024", date(2024, 2, 1)),
    ("2024-02-01", date(2024, 2, 1)), ("29/02/2023", None), ("2024/02/01", None),
    ("13/13/2024", None), ("", None),
])
def test_parse_date_text_is_day_first(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


# ------------------------------------------------------------------ CSV

def test_one_list_as_csv_with_bom() -> None:
    text = (",".join(LIST_1_HEADERS)
            + "\r\n1,a) Male,a) WBRI,02/03/2015,9,04/01/2024,q) 6: Police\r\n\r\n")
    loaded = read_annex_a_csv(("\ufeff" + text).encode("utf-8"), "list1.csv", 1)
    assert isinstance(loaded, Loaded)
    assert loaded.acceptable
    (row,) = loaded.tables["list_1"].to_pylist()
    assert row["child_id"] == "1"
    assert row["date_of_birth"] == date(2015, 3, 2)
    assert row["contact_source"] == "6"


def test_csv_that_is_not_utf8_or_not_csv_is_refused() -> None:
    with pytest.raises(Refused, match="UTF-8"):
        read_annex_a_csv(b"Child Unique ID,Gender\n\xff\xfe,1\n", "bad.csv", 1)
    with pytest.raises(Refused, match="workbook"):
        read_annex_a_csv(workbook(), "list.csv", 1)
    with pytest.raises(ValueError, match="lists 1 to 11"):
        read_annex_a_csv(b"", "x.csv", 12)


# ------------------------------------------------------------------ hostile files

def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_not_a_zip_is_refused() -> None:
    assert "not one" in refused(b"Child Unique ID,Gender\n1,Male\n")
    assert "password-protected" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


def test_truncated_zip_is_refused() -> None:
    data = workbook()
    assert "damaged or cut short" in refused(data[: len(data) // 2])


def test_zip_bomb_is_refused() -> None:
    data = zip_of({"[Content_Types].xml": b"<Types/>",
                   "xl/worksheets/sheet1.xml": b"\0" * (50 * 1024 * 1024)})
    assert len(data) < 1024 * 1024
    assert "zip bomb" in refused(data)


def test_parent_directory_member_is_refused() -> None:
    assert "relative names" in refused(zip_of({"[Content_Types].xml": b"<Types/>",
                                               "../../etc/evil.xml": b"x"}))
    assert "relative names" in refused(zip_of({"/abs.xml": b"x"}))


def test_macro_workbooks_are_refused() -> None:
    content_types = (b'<Types><Override ContentType="application/vnd.ms-excel.sheet.'
                     b'macroEnabled.main+xml" PartName="/xl/workbook.xml"/></Types>')
    assert "without macros" in refused(zip_of({"[Content_Types].xml": content_types,
                                               "xl/workbook.xml": b"<workbook/>"}))
    assert "without macros" in refused(zip_of({"[Content_Types].xml": b"<Types/>",
                                               "xl/vbaProject.bin": b"\0"}))
    assert "without macros" in refused(workbook(), "annex.xlsm")


def test_too_many_members_is_refused() -> None:
    members = {f"xl/part{i}.xml": b"x" for i in range(201)}
    assert "at most 200 parts" in refused(zip_of(members))


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    assert "Refused" not in refused(zip_of({"[Content_Types].xml": b"<Types/>",
                                            "xl/workbook.xml": b"not xml"}))


def test_total_unpacked_size_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    from clearsight_analytics.ingest import annex_a

    monkeypatch.setattr(annex_a, "MAX_UNCOMPRESSED", 10_000)
    assert "when unpacked" in refused(workbook())


def test_long_cell_in_csv_is_a_problem() -> None:
    text = ",".join(LIST_1_HEADERS) + "\n1,Male,WBRI,,,," + "y" * 40_000 + "\n"
    loaded = read_annex_a_csv(text.encode(), "long.csv", 1)
    (problem,) = loaded.problems
    assert (problem.part, problem.row, problem.column) == ("List 1", 2, "Contact Source")
