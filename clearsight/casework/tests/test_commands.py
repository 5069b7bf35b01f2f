import pytest
from django.core.management import CommandError, call_command

from clearsight.casework.models import Case
from clearsight.casework.tests.csv_files import case_rows
from clearsight.core.models import ImportRecord
from clearsight.organisation.tests.csv_files import csv_bytes
from clearsight.organisation.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def test_import_cases_loads_and_prints_a_summary(tmp_path, capsys):
    TeamFactory(code="cic-north")
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes(case_rows(5)))
    call_command("import_cases", str(path))
    assert capsys.readouterr().out == (
        "Loaded cases.csv: 5 rows, 5 created, 0 updated, 0 unchanged.\n")
    assert Case.objects.count() == 5
    assert ImportRecord.objects.get().imported_by is None


def test_import_cases_prints_each_problem_and_fails(tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_bytes(case_rows(3)))
    with pytest.raises(CommandError, match=r"Refused cases\.csv: 3 problems found") as error:
        call_command("import_cases", str(path))
    assert error.value.returncode == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"{path}:{row}:team_code: There is no team with the code cic-north. "
                     "Check the code, or load the team from the staff file first."
                     for row in (2, 3, 4)]
    assert not Case.objects.exists()
