import datetime

import pytest
from django.utils import timezone

from clearsight.casework.models import Case, Child
from clearsight.casework.services import cases_import_csv
from clearsight.casework.tests.csv_files import case_row, case_rows
from clearsight.casework.tests.factories import ChildFactory, OpenCaseFactory
from clearsight.core.models import ImportRecord
from clearsight.organisation.tests.csv_files import csv_bytes
from clearsight.organisation.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams():  # type: ignore[no-untyped-def]
    north = TeamFactory(code="cic-north")
    south = TeamFactory(code="cic-south")
    UserFactory(staff_id="W1", team=north)
    return north, south


def load(rows, **kwargs):  # type: ignore[no-untyped-def]
    return cases_import_csv(data=csv_bytes(rows, **kwargs), filename="cases.csv", by=None)


def problems(record: ImportRecord) -> list[tuple[int, str]]:
    return [(error["row"], error["column"]) for error in record.errors]


def counts() -> tuple[int, int, int]:
    return Child.objects.count(), Case.objects.count(), ImportRecord.objects.count()


def test_a_valid_extract_loads_children_and_cases(teams):
    _north, south = teams
    rows = case_rows(10, team_codes=("cic-north", "CIC-South"), workers=("W1", ""))
    rows[0].update(date_of_birth="", expected_date_of_birth="2026-09-01", sex="2",
                   disability="", ethnicity="mwba", legal_status="")
    record = load(rows)

    assert record.status == ImportRecord.Status.LOADED, record.errors
    assert (record.kind, record.rows, record.created, record.updated) == ("cases", 10, 10, 0)
    assert Case.objects.count() == 10
    assert Child.objects.count() == 8  # rows 5 and 10 are second cases of earlier children
    unborn = Child.objects.get(child_id="C0000001")
    assert (unborn.date_of_birth, unborn.expected_date_of_birth) == (
        None, datetime.date(2026, 9, 1))
    assert (unborn.sex, unborn.ethnicity, unborn.disability) == ("F", "MWBA", None)
    first = Case.objects.get(case_ref="CASE-000001")
    assert (first.team, first.service_area, first.allocated_worker) == (
        south, south.service_area, None)
    assert first.opened_on == datetime.date(2026, 1, 5)
    second = Case.objects.get(case_ref="CASE-000005")
    assert second.child.child_id == "C0000004"
    assert (second.case_type, second.closed_on) == ("cin", datetime.date(2026, 3, 31))
    worker = Case.objects.get(case_ref="CASE-000002").allocated_worker
    assert worker is not None
    assert worker.staff_id == "W1"


def test_reimporting_updates_cases_and_children_instead_of_duplicating(teams):
    rows = case_rows(10)
    load(rows)
    rows[1]["closed_on"] = "2026-02-01"
    rows[2]["sex"] = "M"
    record = load(rows)
    assert (record.status, record.created, record.updated) == ("loaded", 0, 2)
    assert (Child.objects.count(), Case.objects.count()) == (8, 10)
    assert Case.objects.get(case_ref="CASE-000002").closed_on == datetime.date(2026, 2, 1)
    assert Child.objects.get(child_id="C0000003").sex == "M"
    assert load(rows).updated == 0


def test_existing_children_and_cases_are_matched_by_their_keys(teams):
    child = ChildFactory.create(child_id="C0000001", sex="U")
    case = OpenCaseFactory.create(case_ref="CASE-000002", team=teams[1],
                                  child=ChildFactory(child_id="OLD-1"))
    record = load(case_rows(3))
    assert (record.created, record.updated) == (2, 1)
    child.refresh_from_db()
    case.refresh_from_db()
    assert child.sex == "F"
    assert (case.team, case.child.child_id) == (teams[0], "C0000002")


TODAY = timezone.localdate()


@pytest.mark.parametrize(("change", "column", "message"), [
    ({"case_ref": ""}, "case_ref", "Enter a value for case_ref"),
    ({"child_id": "x" * 41}, "child_id", "child_id must be 40 characters or fewer"),
    ({"date_of_birth": ""}, "date_of_birth", "Enter a date of birth, or an expected_date_"),
    ({"date_of_birth": "2014-02-30"}, "date_of_birth", '"2014-02-30" is not a real date'),
    ({"date_of_birth": "14/5/14"}, "date_of_birth", '"14/5/14" is not a date'),
    ({"date_of_birth": f"{TODAY + datetime.timedelta(days=1):%Y-%m-%d}"}, "date_of_birth",
     "is in the future. For an unborn child use expected_date_of_birth"),
    ({"expected_date_of_birth": "soon"}, "expected_date_of_birth", '"soon" is not a date'),
    ({"sex": "X"}, "sex", '"X" is not a valid sex. Use M, F or U'),
    ({"sex": ""}, "sex", "Enter sex: M, F or U"),
    ({"ethnicity": "White"}, "ethnicity", "a four-letter DfE ethnicity code"),
    ({"disability": "yes"}, "disability", '"yes" is not a valid disability. Use Y, N'),
    ({"case_type": "CIN plan"}, "case_type", '"CIN plan" is not a valid case_type. Use '
                                             "early_help, assessment"),
    ({"legal_status": "C3"}, "legal_status", '"C3" is not a valid legal_status'),
    ({"team_code": "nowhere"}, "team_code", "There is no team with the code nowhere"),
    ({"allocated_worker_staff_id": "W404"}, "allocated_worker_staff_id",
     "There is no member of staff with the staff ID W404"),
    ({"opened_on": ""}, "opened_on", "Enter a date for opened_on"),
    ({"closed_on": "04/01/2026"}, "closed_on", "The case closed on 04/01/2026, before it "
                                               "opened on 05/01/2026"),
])
def test_a_bad_cell_is_reported_by_row_and_column(teams, change, column, message):
    rows = case_rows(8)
    rows[2].update(change)
    record = load(rows)
    assert record.status == ImportRecord.Status.REFUSED
    assert problems(record) == [(4, column)]
    assert message in record.errors[0]["message"]
    assert record.errors[0]["value"] == rows[2][column]


@pytest.mark.parametrize(("change", "column"), [
    ({"date_of_birth": "2014-05-02"}, "date_of_birth"),
    ({"expected_date_of_birth": "2014-05-01"}, "expected_date_of_birth"),
    ({"sex": "M"}, "sex"),
    ({"ethnicity": "NOBT"}, "ethnicity"),
    ({"disability": ""}, "disability"),
])
def test_a_childs_details_must_agree_between_rows(teams, change, column):
    rows = case_rows(6)  # row 6 is a second case of the child on row 5
    rows[4].update(change)
    record = load(rows)
    assert problems(record) == [(6, column)]
    assert record.errors[0]["message"].startswith("Child C0000004 has ")
    assert "on row 5" in record.errors[0]["message"]


def test_a_case_reference_may_appear_once(teams):
    rows = case_rows(3)
    rows.append(case_row(9, case_ref="CASE-000002"))
    record = load(rows)
    assert problems(record) == [(5, "case_ref")]
    assert record.errors[0]["message"].startswith("Case CASE-000002 is also on row 3")


def test_sex_codes_1_and_2_and_lower_case_codes_are_accepted(teams):
    rows = [case_row(1, sex="1", case_type="CLA", legal_status="v2", disability="y"),
            case_row(2, sex="2", case_type="care_leaver", legal_status="")]
    assert load(rows).status == "loaded"
    assert list(Child.objects.order_by("child_id").values_list("sex", flat=True)) == ["M", "F"]
    assert Case.objects.get(case_ref="CASE-000001").legal_status == "V2"


def test_one_bad_row_among_many_writes_nothing(teams):
    load(case_rows(50))
    before_children, before_cases, before_records = counts()
    rows = case_rows(2000)
    rows[1]["closed_on"] = "2026-02-01"
    rows[1500]["team_code"] = "no-such-team"
    record = load(rows)
    assert record.status == ImportRecord.Status.REFUSED
    assert (record.rows, record.error_count) == (2000, 1)
    assert problems(record) == [(1502, "team_code")]
    assert counts() == (before_children, before_cases, before_records + 1)
    assert Case.objects.get(case_ref="CASE-000002").closed_on is None


def test_every_problem_is_counted_but_the_record_keeps_the_first_thousand(teams):
    rows = case_rows(1500)
    for row in rows:
        row["sex"] = "?"
    record = load(rows)
    assert record.error_count == 1500
    assert len(record.errors) == 1000
    assert record.errors[0]["row"] == 2


def test_a_file_without_either_date_of_birth_column_is_refused(teams):
    columns = [c for c in case_row(1) if c not in ("date_of_birth", "expected_date_of_birth")]
    record = load(case_rows(2), columns=columns)
    assert problems(record) == [(1, "date_of_birth")]
    assert "date_of_birth" in record.errors[0]["message"]


def test_wrong_encoding_and_unknown_column_are_refused(teams):
    record = cases_import_csv(data=csv_bytes(case_rows(2)).decode().encode("utf-16"),
                              filename="cases.csv", by=None)
    assert problems(record) == [(0, "")]
    record = load([dict(row, child_name="Sam") for row in case_rows(2)])
    assert problems(record) == [(1, "child_name")]
    assert counts()[:2] == (0, 0)


def test_loading_does_not_make_a_query_per_row(teams, django_assert_max_num_queries):
    UserFactory(staff_id="W2")
    rows = case_rows(2000, team_codes=("cic-north", "cic-south"), workers=("W1", "W2", ""))
    with django_assert_max_num_queries(60):
        record = load(rows)
    assert record.created == 2000
    with django_assert_max_num_queries(60):
        for row in rows:
            row["legal_status"] = "E1"
        assert load(rows).updated == 2000


def test_an_optional_column_left_out_leaves_existing_details_alone(teams):
    rows = case_rows(5, workers=("W1",))
    rows[0].update(closed_on="2026-02-01", ethnicity="MWBA")
    load(rows)
    columns = [c for c in rows[0] if c not in ("closed_on", "ethnicity", "disability",
                                               "legal_status", "allocated_worker_staff_id")]
    rows[0]["case_type"] = "cp"
    record = load([*rows, case_row(9)], columns=columns)
    assert (record.status, record.created, record.updated) == ("loaded", 1, 1)
    case = Case.objects.get(case_ref="CASE-000001")
    assert case.allocated_worker is not None
    assert (case.case_type, case.closed_on, case.legal_status, case.allocated_worker.staff_id) \
        == ("cp", datetime.date(2026, 2, 1), "C2", "W1")
    assert Child.objects.get(child_id="C0000001").ethnicity == "MWBA"
    new = Case.objects.get(case_ref="CASE-000009")
    assert (new.closed_on, new.legal_status, new.child.ethnicity, new.child.disability) == (
        None, "", "", None)


def test_a_file_where_every_row_is_wrong_counts_every_problem_and_stores_the_first():
    TeamFactory(code="cic-north")
    rows = [case_row(n, sex="X") for n in range(1, 12_001)]
    record = cases_import_csv(data=csv_bytes(rows), filename="cases.csv", by=None)
    assert record.status == ImportRecord.Status.REFUSED
    assert record.error_count == 12_000
    assert len(record.errors) == 1000
    assert record.errors[0]["row"] == 2
    assert Case.objects.count() == 0


def test_a_database_conflict_refuses_the_file_without_quoting_the_database(monkeypatch):
    from django.db import IntegrityError

    from clearsight.casework import services
    from clearsight.core.csv_import import CONFLICT_MESSAGE

    TeamFactory(code="cic-north")

    def clash(**kwargs):  # type: ignore[no-untyped-def]
        raise IntegrityError('duplicate key value: Key (child_id)=(C0000001) already exists')

    monkeypatch.setattr(services, "_case_rows_save", clash)
    record = cases_import_csv(data=csv_bytes(case_rows(3)), filename="cases.csv", by=None)
    assert record.status == ImportRecord.Status.REFUSED
    assert [problem["message"] for problem in record.errors] == [CONFLICT_MESSAGE]
    assert "C0000001" not in str(record.errors)
