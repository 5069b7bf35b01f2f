from clearsight.core.csv_import import ProblemList, RowError


def test_only_the_first_problems_are_held_but_all_are_counted():
    problems = ProblemList(keep=3)
    for row in range(2, 100_002):
        problems.append(RowError(row, "sex", "X", "Enter M, F or U"))
    assert problems.total == 100_000
    assert [problem.row for problem in problems] == [2, 3, 4]
    assert problems


def test_an_empty_list_is_falsy_and_extend_counts():
    problems = ProblemList(keep=1)
    assert not problems
    problems.extend([RowError(2, "a", "", "x"), RowError(3, "b", "", "y")])
    assert (problems.total, len(problems)) == (2, 1)


def test_command_output_shows_control_characters_instead_of_obeying_them():
    from clearsight.core.csv_import import import_record_lines
    from clearsight.core.models import ImportRecord

    record = ImportRecord(error_count=1, errors=[
        {"row": 2, "column": "sex\x1b[2J", "value": "", "message": "Bad \x1b]0;owned\x07 value"}])
    (line,) = import_record_lines(record=record, path="cases.csv")
    assert "\x1b" not in line
    assert "\x07" not in line
    assert line == "cases.csv:2:sex\\x1b[2J: Bad \\x1b]0;owned\\x07 value"
