import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearsight.casework.models import Case
from clearsight.casework.services import cases_import_csv
from clearsight.casework.tests.csv_files import case_rows
from clearsight.core.models import AccessLogEntry, ImportRecord
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.csv_files import csv_bytes
from clearsight.organisation.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("casework:case-import")


@pytest.fixture
def team():  # type: ignore[no-untyped-def]
    return TeamFactory(code="cic-north")


def upload(client, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(UPLOAD, {"file": SimpleUploadedFile("cases.csv", data, "text/csv")})


def test_the_upload_page_is_a_govuk_file_upload_form(page_client, sign_in):
    sign_in(page_client, UserFactory(roles=[Role.PERFORMANCE_ANALYST]))
    page = page_client.get(UPLOAD).page
    assert page.h1.get_text(strip=True) == "Import a case-system extract"
    form = page.select_one("main form")
    assert (form["method"], form["enctype"]) == ("post", "multipart/form-data")
    assert form.select_one("input[type=file]")["class"] == ["govuk-file-upload"]
    guidance = page.select_one(".govuk-details").get_text(" ", strip=True)
    assert "Required unless expected_date_of_birth" in guidance


def test_a_good_extract_is_loaded(page_client, sign_in, team):
    user = sign_in(page_client, UserFactory(roles=[Role.PERFORMANCE_ANALYST]))
    response = upload(page_client, csv_bytes(case_rows(20)))
    record = ImportRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:import-detail", args=[record.pk])
    assert (record.kind, record.status, record.imported_by) == ("cases", "loaded", user)
    assert Case.objects.count() == 20
    page = page_client.get(response["Location"]).page
    assert "Loaded cases.csv: 20 rows, 20 created" in page.get_text()


def test_a_refused_extract_lists_its_problems_and_saves_nothing(page_client, sign_in, team):
    sign_in(page_client, UserFactory(roles=[Role.PERFORMANCE_ANALYST]))
    rows = case_rows(20)
    rows[9]["closed_on"] = "2025-12-31"
    response = upload(page_client, csv_bytes(rows))
    assert response.status_code == 200
    page = response.page
    assert page.title.get_text().startswith("Error: Import a case-system extract")
    cells = [td.get_text(strip=True) for td in page.select("#problems tbody tr td")]
    assert cells[:3] == ["11", "closed_on", "2025-12-31"]
    assert Case.objects.count() == 0
    # Showing the problems (which quote the file's child data) is one access-log row.
    entry = AccessLogEntry.objects.get()
    assert (entry.object_type, entry.object_id) == ("import", str(ImportRecord.objects.get().pk))


def test_a_refused_extract_is_shown_only_to_those_who_load_extracts_and_logged(
        page_client, sign_in, team):
    rows = case_rows(3)
    rows[0]["date_of_birth"] = "2014-02-30"
    record = cases_import_csv(data=csv_bytes(rows), filename="cases.csv", by=None)
    url = reverse("organisation:import-detail", args=[record.pk])

    sign_in(page_client, UserFactory(roles=[Role.ADMINISTRATOR]))
    assert page_client.get(url).status_code == 404

    sign_in(page_client, UserFactory(roles=[Role.PERFORMANCE_ANALYST]))
    page = page_client.get(url).page
    assert "2014-02-30" in page.select_one("#problems").get_text()
    entry = AccessLogEntry.objects.get()
    assert (entry.object_type, entry.object_id) == ("import", str(record.pk))


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.QA_OFFICER, Role.SERVICE_DIRECTOR,
                                  Role.ADMINISTRATOR])
def test_case_roles_without_data_access_may_not_import(client, sign_in, team, role):
    sign_in(client, UserFactory(roles=[role]))
    assert upload(client, csv_bytes(case_rows(2))).status_code == 403
    assert not Case.objects.exists()
