import datetime

import pytest

from clearsight.core.csv_import import CsvSpec, RowReader, csv_read, date_parse

SPEC = CsvSpec(columns=("ref", "name", "born", "kind"), required=frozenset({"ref", "name"}),
               max_rows=5, max_bytes=1000)


def read(text: str | bytes, spec: CsvSpec = SPEC):  # type: ignore[no-untyped-def]
    return csv_read(data=text.encode() if isinstance(text, str) else text, spec=spec)


def test_headers_match_without_regard_to_case_spaces_or_order_and_a_bom_is_allowed():
    table = read("\ufeff Name ,REF\r\nAnn,1\r\n")
    assert table.errors == []
    assert table.present == ("ref", "name")
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"ref": "1", "name": "Ann", "born": "", "kind": ""})
    ]


def test_rows_count_the_header_as_row_1_and_blank_rows_are_skipped_but_counted():
    table = read('ref,name\n1,Ann\n\n,\n2,"Bob\nBobson"\n3,Cy\n')
    assert [row.number for row in table.rows] == [2, 5, 6]
    assert table.count == 3


def test_unknown_missing_and_repeated_columns_are_refused_and_no_rows_are_read():
    table = read("ref,Nmae,ref,\n1,Ann,1\n")
    assert not table.readable
    assert table.rows == []
    found = {(error.row, error.column): error.message for error in table.errors}
    assert '"Nmae" is not a recognised column' in found[(1, "Nmae")]
    assert "ref, name, born, kind" in found[(1, "Nmae")]
    assert found[(1, "ref")] == 'The column "ref" appears more than once.'
    assert found[(1, "name")] == 'The column "name" is missing.'


def test_one_of_a_group_of_columns_must_be_present():
    spec = CsvSpec(columns=("ref", "a", "b"), required=frozenset({"ref"}), one_of=(("a", "b"),))
    assert read("ref,b\n1,x\n", spec).errors == []
    [error] = read("ref\n1\n", spec).errors
    assert error.message == 'The file needs a "a" or "b" column.'


@pytest.mark.parametrize(("data", "message"), [
    ("ref,name\n1,Caf\xe9\n".encode("latin-1"), "The file is not UTF-8 text"),
    ("ref,name\n1,Ann\n".encode("utf-16"), "The file is saved as UTF-16"),
    (b"ref,name\n1,A\x00nn\n", "The file contains NUL characters"),
    (b"PK\x03\x04\x14\x00", "The file is a spreadsheet"),
    (b"", "The file is empty"),
    (b"\xef\xbb\xbf \r\n", "The file is empty"),
    (b"ref,name\n", "The file has a header row but no data rows"),
    (b"ref,name\n" + b"1,Ann\n" * 6, "The file has more than 5 data rows"),
    (b"ref,name\n" + b"1," + b"x" * 1000 + b"\n", "The file is 1,012 bytes. The largest"),
])
def test_a_file_that_cannot_be_read_gives_one_clear_error(data, message):
    table = read(data)
    assert len(table.errors) == 1
    assert table.errors[0].row == 0
    assert table.errors[0].message.startswith(message)
    assert table.rows == []


def test_rows_with_the_wrong_number_of_values_are_reported_and_trailing_blanks_allowed():
    table = read("ref,name,,\n1,Ann,,\n2\n3,Cy,x\n4,Di\n")
    assert [row.number for row in table.rows] == [2, 5]
    assert [(error.row, error.message[:40]) for error in table.errors] == [
        (3, "This row has 1 values but the header row"),
        (4, "This row has 3 values but the header row"),
    ]


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-03-31", datetime.date(2025, 3, 31)),
    ("31/03/2025", datetime.date(2025, 3, 31)),
    ("1/4/2025", datetime.date(2025, 4, 1)),
])
def test_dates_in_either_format(text, expected):
    assert date_parse(text) == expected


@pytest.mark.parametrize(("text", "message"), [
    ("2025-02-30", '"2025-02-30" is not a real date'),
    ("31/02/2025", '"31/02/2025" is not a real date'),
    ("13/13/2025", '"13/13/2025" is not a real date'),
    ("2025/03/31", '"2025/03/31" is not a date. Write dates as YYYY-MM-DD or DD/MM/YYYY'),
    ("31-03-2025", '"31-03-2025" is not a date'),
    ("31/03/25", '"31/03/25" is not a date'),
    ("٢٠٢٥-03-31", '"٢٠٢٥-03-31" is not a date'),
    ("0014-05-01", '"0014-05-01" is not a likely date'),
])
def test_impossible_or_misformatted_dates_are_errors(text, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        date_parse(text)


def test_row_reader_collects_one_error_per_bad_cell():
    [row] = read("ref,name,born,kind\n,Ann Annson,2025-13-01,z\n").rows
    errors: list = []
    cells = RowReader(row, errors)
    assert cells.text("ref", required=True) == ""
    assert cells.text("name", max_length=4) == ""
    assert cells.date("born") is None
    assert cells.code("kind", {"a": "A", "b": "B"}) is None
    assert not cells.ok
    assert [(e.row, e.column, e.value) for e in errors] == [
        (2, "ref", ""), (2, "name", "Ann Annson"), (2, "born", "2025-13-01"), (2, "kind", "z"),
    ]
    assert errors[0].message == "Enter a value for ref; it cannot be blank."
    assert errors[1].message == "name must be 4 characters or fewer; this value has 10."
    assert errors[3].message == '"z" is not a valid kind. Use a or b.'


def test_codes_are_matched_without_regard_to_case_and_blank_optional_cells_are_empty():
    [row] = read("ref,name,kind\n1,x,B\n").rows
    cells = RowReader(row, [])
    assert cells.code("kind", {"a": "A", "b": "B"}) == "B"
    assert cells.date("born") is None
    assert cells.ok


def test_a_header_with_a_huge_number_of_columns_gives_one_error_not_one_per_column():
    # Each unknown heading is a problem of its own; a header of millions of columns (a file
    # that is not the export at all) must not become millions of problems in memory.
    spec = CsvSpec(columns=SPEC.columns, required=SPEC.required, max_bytes=10_000_000)
    table = read("x," * 100_000 + "x\n1\n", spec)
    assert not table.readable
    assert len(table.errors) == 1
    assert table.errors[0].row == 0
    assert "100,001 columns" in table.errors[0].message
    assert "ref, name, born, kind" in table.errors[0].message
