import dataclasses

import pytest

from clearsight.core.models import ImportRecord
from clearsight.organisation import services
from clearsight.organisation.models import (
    Directorate,
    Locality,
    RoleGrant,
    ServiceArea,
    Team,
    User,
)
from clearsight.organisation.services import staff_import_csv
from clearsight.organisation.tests.csv_files import csv_bytes, staff_row, staff_rows
from clearsight.organisation.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

MODELS = (Directorate, ServiceArea, Locality, Team, User, RoleGrant)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def load(rows, **kwargs):  # type: ignore[no-untyped-def]
    return staff_import_csv(data=csv_bytes(rows, **kwargs), filename="staff.csv", by=None)


def problems(record: ImportRecord) -> list[tuple[int, str]]:
    return [(error["row"], error["column"]) for error in record.errors]


def test_a_valid_file_loads_the_organisation_and_records_the_import():
    importer = UserFactory.create(team=None)
    data = csv_bytes(staff_rows(6))
    record = staff_import_csv(data=data, filename="staff.csv", by=importer)

    assert record.status == ImportRecord.Status.LOADED
    assert (record.kind, record.rows, record.created, record.updated) == ("staff", 6, 6, 0)
    assert record.size_bytes == len(data)
    assert len(record.sha256) == 64
    assert record.imported_by == importer
    assert record.errors == []
    assert Directorate.objects.get().name == "Children and Families"
    assert sorted(ServiceArea.objects.values_list("code", "name")) == [
        ("children-in-care", "Children in Care"), ("front-door", "Front Door")]
    assert sorted(Locality.objects.values_list("name", flat=True)) == ["North", "South"]
    mash = Team.objects.get(code="mash")
    assert (mash.name, mash.locality, mash.service_area.code) == (
        "Multi-Agency Safeguarding Hub", None, "front-door")

    person = User.objects.get(staff_id="S00001")
    assert person.username == "worker1@demoshire.example"
    assert person.email == "Worker1@Demoshire.example"
    assert (person.first_name, person.last_name, person.job_title) == ("Alex", "Smith1",
                                                                       "Social worker")
    assert person.team is not None
    assert person.team.code == "cic-south"
    assert person.is_active
    assert not person.has_usable_password()
    assert person.role_codes() == ["qa_officer", "team_manager"]


def test_reimporting_updates_people_instead_of_duplicating_them():
    rows = staff_rows(6)
    load(rows)
    person = User.objects.get(staff_id="S00001")
    person.set_password("kept")
    person.save()
    rows[0].update(last_name="Jones", roles="practitioner", team_code="mash",
                   team="Multi-Agency Safeguarding Hub", service_area_code="front-door",
                   service_area="Front Door", locality="", email="AJ@demoshire.example")
    rows[1]["active"] = "no"
    before = counts()

    record = load(rows)

    assert (record.status, record.created, record.updated, record.rows) == ("loaded", 0, 2, 6)
    assert counts() == before | {"RoleGrant": before["RoleGrant"] - 1}
    person.refresh_from_db()
    assert person.team is not None
    assert (person.last_name, person.team.code, person.username) == (
        "Jones", "mash", "aj@demoshire.example")
    assert person.role_codes() == ["practitioner"]
    assert person.check_password("kept")
    assert not User.objects.get(staff_id="S00002").is_active


def test_reimporting_the_same_file_changes_nothing():
    load(staff_rows(4))
    record = load(staff_rows(4))
    assert (record.status, record.created, record.updated) == ("loaded", 0, 0)


def test_people_and_teams_not_in_the_file_are_left_alone():
    other = UserFactory.create(staff_id="X1", roles=["administrator"])
    load(staff_rows(3))
    other.refresh_from_db()
    assert other.role_codes() == ["administrator"]
    assert other.team_id is not None
    assert Team.objects.filter(pk=other.team_id).exists()


def test_teams_can_swap_names_and_people_can_swap_email_addresses():
    rows = staff_rows(2)
    load(rows)
    rows[0].update(email=rows[1]["email"], team=rows[1]["team"])
    rows[1].update(email=staff_row(1)["email"], team=staff_row(1)["team"])
    record = load(rows)
    assert record.status == "loaded", record.errors
    assert User.objects.get(staff_id="S00001").username == "worker2@demoshire.example"
    assert Team.objects.get(code="cic-south").name == "Multi-Agency Safeguarding Hub"
    assert Team.objects.get(code="mash").name == "Children in Care South"


@pytest.mark.parametrize(("change", "column", "message"), [
    ({"staff_id": ""}, "staff_id", "Enter a value for staff_id"),
    ({"staff_id": "S" * 41}, "staff_id", "staff_id must be 40 characters or fewer"),
    ({"email": "not-an-email"}, "email", '"not-an-email" is not a valid email address'),
    ({"email": ""}, "email", "Enter a value for email"),
    ({"first_name": " "}, "first_name", "Enter a value for first_name"),
    ({"roles": "practitioner;wizard"}, "roles", '"wizard" is not a role code'),
    ({"roles": " ; "}, "roles", "Enter at least one role code"),
    ({"active": "maybe"}, "active", '"maybe" is not a valid active. Use yes or no'),
    ({"team_code": "cic north"}, "team_code", '"cic north" is not valid for team_code'),
    ({"service_area_code": "cic_"}, "service_area_code", "letters, digits and single hyph"),
    ({"directorate": ""}, "directorate", "Enter a value for directorate"),
    ({"locality": "x" * 81}, "locality", "locality must be 80 characters or fewer"),
])
def test_a_bad_cell_is_reported_by_row_and_column(change, column, message):
    rows = staff_rows(5)
    rows[2].update(change)
    record = load(rows)
    assert record.status == ImportRecord.Status.REFUSED
    assert problems(record) == [(4, column)]
    assert message in record.errors[0]["message"]
    assert record.errors[0]["value"] == rows[2][column].strip()


@pytest.mark.parametrize(("change", "column", "message"), [
    ({"staff_id": "S00001"}, "staff_id", "Staff ID S00001 is also on row 2"),
    ({"email": "WORKER1@demoshire.example"}, "email", "The email address WORKER1@demoshire"
                                                      ".example is also on row 2"),
    ({"service_area": "CIC"}, "service_area", 'Service area children-in-care is called '
                                              '"Children in Care" on row 2'),
    ({"directorate": "Education"}, "directorate", "Service area children-in-care is in the "
                                                  'directorate "Children and Families"'),
    ({"team": "North CIC"}, "team", 'Team cic-south is called "Children in Care South" on '
                                    "row 2"),
    ({"locality": "East"}, "locality", 'Team cic-south has the locality "South" on row 2'),
])
def test_rows_that_disagree_with_an_earlier_row_are_reported(change, column, message):
    rows = staff_rows(4)  # rows 2 and 5 hold the same team (cic-south)
    rows[3].update(change)
    record = load(rows)
    assert problems(record) == [(5, column)]
    assert record.errors[0]["message"].startswith(message)


def test_a_team_or_service_area_name_must_have_one_code():
    rows = staff_rows(3)
    rows.append(staff_row(10, team_code="cic-n", team="Children in Care North"))
    rows.append(staff_row(11, service_area_code="cic", service_area="Children in Care"))
    record = load(rows)
    assert (5, "team_code") in problems(record)
    assert (6, "service_area_code") in problems(record)


def test_email_addresses_used_by_other_accounts_are_refused():
    UserFactory(username="worker2@demoshire.example", staff_id="OTHER")
    UserFactory(username="admin", email="worker3@demoshire.example", staff_id=None)
    record = load(staff_rows(3))
    assert problems(record) == [(3, "email"), (4, "email")]
    assert "already used by the person with staff ID OTHER" in record.errors[0]["message"]
    assert "the account admin, which has no staff ID" in record.errors[1]["message"]


def test_a_team_name_already_used_by_another_team_code_is_refused():
    TeamFactory(code="old-code", name="Children in Care North")
    record = load(staff_rows(3))
    assert problems(record) == [(4, "team")]
    assert "already exists with the code old-code" in record.errors[0]["message"]


def test_one_bad_row_among_many_writes_nothing():
    load(staff_rows(5))
    before = counts()
    rows = staff_rows(300)
    rows[0]["last_name"] = "Changed"
    rows[250]["email"] = "broken"
    record = load(rows)
    assert record.status == ImportRecord.Status.REFUSED
    assert (record.rows, record.error_count, record.created, record.updated) == (300, 1, 0, 0)
    assert problems(record) == [(252, "email")]
    assert counts() == before
    assert User.objects.get(staff_id="S00001").last_name == "Smith1"


def test_wrong_encoding_unknown_column_and_oversized_file_are_refused_and_recorded(
        monkeypatch):
    record = staff_import_csv(data=csv_bytes(staff_rows(2)).replace(b"Alex", b"Ren\xe9"),
                              filename="latin.csv", by=None)
    assert [e["message"][:26] for e in record.errors] == ["The file is not UTF-8 text"]

    rows = [dict(row, grade="7") for row in staff_rows(2)]
    record = load(rows)
    assert problems(record) == [(1, "grade")]

    monkeypatch.setattr(services, "STAFF_SPEC",
                        dataclasses.replace(services.STAFF_SPEC, max_bytes=100))
    record = load(staff_rows(2))
    assert record.errors[0]["message"].startswith("The file is ")
    assert "The largest file that can be imported is 100 bytes" in record.errors[0]["message"]

    assert ImportRecord.objects.filter(status="refused").count() == 3
    assert User.objects.count() == 0


def test_headers_in_any_case_and_order_with_a_bom_and_optional_columns_left_out():
    rows = staff_rows(3)
    columns = [c for c in reversed(list(rows[0])) if c not in ("job_title", "locality",
                                                               "active")]
    record = load(rows, columns=columns, header=[f" {c.upper()} " for c in columns], bom=True)
    assert record.status == "loaded", record.errors
    assert User.objects.get(staff_id="S00001").is_active


def test_an_optional_column_left_out_leaves_existing_details_alone():
    rows = staff_rows(3)
    rows[0].update(active="no", job_title="Team manager")
    load(rows)
    columns = [c for c in rows[0] if c not in ("job_title", "locality", "active")]
    rows[0]["last_name"] = "Jones"
    record = load([*rows, staff_row(7)], columns=columns)
    assert (record.status, record.created, record.updated) == ("loaded", 1, 1)
    person = User.objects.get(staff_id="S00001")
    assert (person.last_name, person.job_title, person.is_active) == ("Jones", "Team manager",
                                                                      False)
    locality = Team.objects.get(code="cic-south").locality
    assert locality is not None
    assert locality.name == "South"
    newcomer = User.objects.get(staff_id="S00007")
    assert (newcomer.job_title, newcomer.is_active) == ("", True)


def test_the_administrator_role_brings_the_admin_screens_and_losing_it_takes_them_away():
    rows = staff_rows(2)
    rows[1]["roles"] = "administrator"
    assert staff_import_csv(data=csv_bytes(rows), filename="s.csv", by=None).status == "loaded"
    person = User.objects.get(staff_id=rows[1]["staff_id"])
    assert (person.is_staff, person.is_superuser) == (True, True)
    assert not User.objects.get(staff_id=rows[0]["staff_id"]).is_staff

    rows[1]["roles"] = "practitioner"
    assert staff_import_csv(data=csv_bytes(rows), filename="s.csv", by=None).status == "loaded"
    person.refresh_from_db()
    assert (person.is_staff, person.is_superuser) == (False, False)
