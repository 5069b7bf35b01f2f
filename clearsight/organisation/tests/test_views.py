import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearsight.core.models import AccessLogEntry, ImportRecord
from clearsight.organisation.models import User
from clearsight.organisation.roles import Role
from clearsight.organisation.services import staff_import_csv
from clearsight.organisation.tests.csv_files import csv_bytes, staff_rows
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

UPLOAD = reverse("organisation:import-staff")


@pytest.fixture
def administrator(page_client, sign_in):  # type: ignore[no-untyped-def]
    return sign_in(page_client, UserFactory(roles=[Role.ADMINISTRATOR]))


def upload(client, data: bytes, name: str = "staff.csv"):  # type: ignore[no-untyped-def]
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_the_import_list_links_to_the_uploads_each_role_may_use(page_client, sign_in):
    record = staff_import_csv(data=b"nonsense", filename="first.csv", by=None)
    cases = reverse("casework:case-import")
    detail = reverse("organisation:import-detail", args=[record.pk])
    for role, expected, absent in [(Role.ADMINISTRATOR, {UPLOAD, detail}, cases),
                                   (Role.PERFORMANCE_ANALYST, {cases, detail}, UPLOAD)]:
        sign_in(page_client, UserFactory(roles=[role]))
        response = page_client.get(reverse("organisation:import-list"))
        links = {a["href"] for a in response.page.select("main a")}
        assert expected <= links
        assert absent not in links


def test_the_upload_page_is_a_govuk_file_upload_form(page_client, administrator):
    response = page_client.get(UPLOAD)
    assert response.status_code == 200
    page = response.page
    assert page.h1.get_text(strip=True) == "Import staff and teams"
    form = page.select_one("main form")
    assert form["method"] == "post"
    assert form["enctype"] == "multipart/form-data"
    field = form.select_one("input[type=file]")
    assert field["class"] == ["govuk-file-upload"]
    assert field["name"] == "file"
    assert page.select_one("label[for=id_file]").get_text(strip=True) == "Upload a CSV file"
    assert "service_area_code" in page.select_one(".govuk-details").get_text()


def test_a_good_file_is_loaded_and_its_record_shown(page_client, administrator):
    response = upload(page_client, csv_bytes(staff_rows(4)))
    record = ImportRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organisation:import-detail", args=[record.pk])
    assert (record.status, record.imported_by, record.filename) == ("loaded", administrator,
                                                                     "staff.csv")
    assert User.objects.filter(staff_id__startswith="S").count() == 4

    page = page_client.get(response["Location"]).page
    assert page.h1.get_text(strip=True) == "staff.csv"
    banner = page.select_one(".govuk-notification-banner").get_text(" ", strip=True)
    assert "Loaded staff.csv: 4 rows, 4 created, 0 updated, 0 unchanged." in banner
    summary = page.select_one(".govuk-summary-list").get_text(" ", strip=True)
    assert "Loaded" in summary
    assert record.sha256[:32] in summary
    assert not page.select(".govuk-error-summary")


def test_a_refused_file_shows_an_error_summary_and_a_table_of_problems(page_client, administrator):
    rows = staff_rows(5)
    rows[1]["email"] = "nobody"
    rows[3]["roles"] = "wizard"
    response = upload(page_client, csv_bytes(rows))

    assert response.status_code == 200
    page = response.page
    assert page.title.get_text().startswith("Error: Import staff and teams")
    summary = page.select_one(".govuk-error-summary")
    assert summary.select_one("a")["href"] == "#id_file"
    assert "2 problems were found. Nothing was saved" in summary.get_text()
    cells = [[td.get_text(strip=True) for td in tr.select("td")]
             for tr in page.select("#problems tbody tr")]
    assert [cell[:3] for cell in cells] == [["3", "email", "nobody"], ["5", "roles", "wizard"]]
    assert cells[0][3].startswith('"nobody" is not a valid email address')
    assert User.objects.filter(staff_id__isnull=False).count() == 0
    record = ImportRecord.objects.get()
    assert record.status == "refused"
    assert page.select_one(f"a[href='{reverse('organisation:import-detail', args=[record.pk])}']")


def test_only_the_first_200_problems_are_listed_with_the_total(page_client, administrator):
    rows = staff_rows(250)
    for row in rows:
        row["active"] = "perhaps"
    page = upload(page_client, csv_bytes(rows)).page
    assert len(page.select("#problems tbody tr")) == 200
    assert "Showing the first 200 of 250 problems" in page.get_text()


def test_a_file_that_is_not_utf8_gets_one_whole_file_problem(page_client, administrator):
    page = upload(page_client, "staff_id\nRené\n".encode("cp1252")).page
    [row] = page.select("#problems tbody tr")
    assert row.select("td")[0].get_text(strip=True) == "Whole file"
    assert "not UTF-8" in row.get_text()


def test_submitting_without_a_file_asks_for_one(page_client, administrator):
    response = page_client.post(UPLOAD, {})
    assert response.status_code == 200
    assert response.page.select_one(".govuk-error-summary a").get_text() == "Select a CSV file"
    assert not ImportRecord.objects.exists()


def test_the_detail_page_lists_the_problems_of_a_refused_import(page_client, administrator):
    record = staff_import_csv(data=b"staff_id,colour\n1,red\n", filename="bad.csv", by=None)
    response = page_client.get(reverse("organisation:import-detail", args=[record.pk]))
    assert response.status_code == 200
    page = response.page
    assert "The command line" in page.select_one(".govuk-summary-list").get_text()
    columns = [tr.select("td")[1].get_text(strip=True) for tr in page.select("#problems tbody tr")]
    assert "colour" in columns
    assert "email" in columns
    assert AccessLogEntry.objects.get().object_id == str(record.pk)


def test_a_missing_import_is_not_found(page_client, administrator):
    assert page_client.get(reverse("organisation:import-detail", args=[999])).status_code == 404


@pytest.mark.parametrize("role", sorted(set(Role) - {Role.ADMINISTRATOR}))
def test_other_roles_may_not_import(client, sign_in, role):
    sign_in(client, UserFactory(roles=[role]))
    assert client.get(UPLOAD).status_code == 403
    assert upload(client, csv_bytes(staff_rows(2))).status_code == 403
    assert not ImportRecord.objects.exists()


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = upload(client, csv_bytes(staff_rows(2)))
    assert response.status_code == 302
    assert not ImportRecord.objects.exists()


def test_a_performance_analyst_may_read_imports_but_not_load_staff(page_client, sign_in):
    sign_in(page_client, UserFactory(roles=[Role.PERFORMANCE_ANALYST]))
    assert page_client.get(reverse("organisation:import-list")).status_code == 200
    assert upload(page_client, csv_bytes(staff_rows(2))).status_code == 403


def test_an_administrator_may_import(page_client, sign_in):
    sign_in(page_client, UserFactory(roles=[Role.ADMINISTRATOR]))
    assert upload(page_client, csv_bytes(staff_rows(2))).status_code == 302
