import pytest
from django.core.management import CommandError, call_command

from clearsight.core.models import ImportRecord
from clearsight.organisation.management.commands import import_staff
from clearsight.organisation.models import User
from clearsight.organisation.tests.csv_files import csv_bytes, staff_rows

pytestmark = pytest.mark.django_db


def test_import_staff_loads_and_prints_a_summary(tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes(staff_rows(3)))
    call_command("import_staff", str(path))
    assert capsys.readouterr().out == (
        "Loaded staff.csv: 3 rows, 3 created, 0 updated, 0 unchanged.\n")
    assert User.objects.count() == 3
    call_command("import_staff", str(path))
    assert "0 created, 0 updated, 3 unchanged" in capsys.readouterr().out


def test_import_staff_prints_each_problem_as_file_row_column_and_fails(tmp_path, capsys):
    rows = staff_rows(3)
    rows[1]["email"] = "x"
    rows[2]["roles"] = "chief"
    path = tmp_path / "staff.csv"
    path.write_bytes(csv_bytes(rows))
    with pytest.raises(CommandError, match=r"Refused staff\.csv: 2 problems found\. Nothing was") \
            as error:
        call_command("import_staff", str(path))
    assert error.value.returncode == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f'{path}:3:email: "x" is not a valid email address. Enter a work email ' \
                     "address, like name@example.gov.uk."
    assert err[1].startswith(f'{path}:4:roles: "chief" is not a role code.')
    assert not User.objects.exists()
    assert ImportRecord.objects.get().status == "refused"


def test_a_whole_file_problem_is_printed_without_a_row(tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_bytes("staff_id\nRené\n".encode("latin-1"))
    with pytest.raises(CommandError):
        call_command("import_staff", str(path))
    assert capsys.readouterr().err.startswith(f"{path}: The file is not UTF-8 text")


def test_a_missing_or_oversized_file_is_refused_before_reading(tmp_path, monkeypatch):
    with pytest.raises(CommandError, match=r"Cannot read .*nope\.csv: No such file"):
        call_command("import_staff", str(tmp_path / "nope.csv"))
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 2000)
    monkeypatch.setattr(import_staff, "STAFF_SPEC",
                        import_staff.STAFF_SPEC.__class__(
                            columns=("a",), required=frozenset(), max_bytes=1000))
    with pytest.raises(CommandError, match=r"big\.csv is 2,000 bytes\. The largest file"):
        call_command("import_staff", str(path))
    assert not ImportRecord.objects.exists()

