"""The complaints and compliments pages, each checked by the GOV.UK page checker."""

from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from clearsight.casework.tests import factories as case_factories
from clearsight.complaints.models import Complaint, ComplaintEvent, Compliment, Status
from clearsight.complaints.tests import factories
from clearsight.core.models import AccessLogEntry
from clearsight.organisation.roles import Role
from clearsight.organisation.tests import factories as org_factories

pytestmark = pytest.mark.django_db

# factory_boy's classes return model instances; typed as Any so the tests read plainly.
OpenCaseFactory: Any = case_factories.OpenCaseFactory
TeamFactory: Any = org_factories.TeamFactory
UserFactory: Any = org_factories.UserFactory
ComplaintFactory: Any = factories.ComplaintFactory
ComplaintPointFactory: Any = factories.ComplaintPointFactory
ComplimentFactory: Any = factories.ComplimentFactory
LearningActionFactory: Any = factories.LearningActionFactory
complaint_at = factories.complaint_at
qa_officer = factories.qa_officer


@pytest.fixture
def officer(page_client, sign_in):  # type: ignore[no-untyped-def]
    return sign_in(page_client, qa_officer())


def test_the_list_shows_clock_status_and_is_logged(page_client, officer):
    complaint = complaint_at(Status.STAGE1)
    response = page_client.get(reverse("complaints:list"))
    assert response.status_code == 200
    row = response.page.find("a", string=complaint.reference).find_parent("tr")
    assert "Overdue" in row.get_text()
    assert AccessLogEntry.objects.filter(object_type="complaint list").count() == 1


def test_recording_a_complaint_about_a_case(page_client, officer):
    case = OpenCaseFactory()
    response = page_client.post(reverse("complaints:create"), {
        "received_on": "02/11/2026", "source": "phone", "complainant_type": "child",
        "complainant_name": "Sam", "summary": "Nobody came to my review.",
        "case_ref": case.case_ref, "team": "", "worker": ""})
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:detail", args=[complaint.reference])
    assert complaint.child == case.child
    assert complaint.team == case.team


def test_an_unknown_case_is_an_error_on_the_form(page_client, officer):
    response = page_client.post(reverse("complaints:create"), {
        "received_on": "02/11/2026", "source": "phone", "complainant_type": "parent",
        "complainant_name": "Jo", "summary": "x", "case_ref": "NOPE", "team": "",
        "worker": ""})
    assert response.status_code == 200
    assert "There is no case with this reference" in response.page.get_text()
    assert not Complaint.objects.exists()


def test_the_detail_page_shows_deadlines_points_and_the_timeline(page_client, officer):
    complaint = complaint_at(Status.STAGE1)
    response = page_client.get(reverse("complaints:detail", args=[complaint.reference]))
    text = response.page.get_text()
    assert "Stage 1 response sent" in text
    assert "Mon 15 Jun 2026" in text
    assert "No calls returned." in text
    assert "Initial meeting held" in text  # the timeline
    assert AccessLogEntry.objects.filter(object_type="complaint",
                                         object_id=complaint.reference).count() == 1


def test_a_step_through_its_form(page_client, officer):
    complaint = complaint_at(Status.RECEIVED)
    url = reverse("complaints:action", args=[complaint.reference, "allocate"])
    page = page_client.get(url).page
    assert page.find("h1").get_text(strip=True) == "Allocate to a QA officer"
    response = page_client.post(url, {"qa_officer": officer.pk, "on": "02/06/2026",
                                      "version": complaint.version})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.status, complaint.qa_officer) == (Status.ALLOCATED, officer)


def test_a_stale_form_is_refused_with_a_message(page_client, officer):
    complaint = complaint_at(Status.RECEIVED)
    url = reverse("complaints:action", args=[complaint.reference, "allocate"])
    Complaint.objects.filter(pk=complaint.pk).update(version=5)
    response = page_client.post(url, {"qa_officer": officer.pk, "on": "02/06/2026",
                                      "version": 1})
    assert response.status_code == 200
    assert "Someone else changed this complaint" in response.page.get_text()
    assert Complaint.objects.get(pk=complaint.pk).status == Status.RECEIVED


def test_a_rule_broken_shows_on_the_form(page_client, officer):
    complaint = complaint_at(Status.STAGE1)
    url = reverse("complaints:action", args=[complaint.reference, "extend"])
    response = page_client.post(url, {"new_due": "30/06/2026", "agreed_on": "10/06/2026",
                                      "reason": "Records", "version": complaint.version})
    assert response.status_code == 200
    assert "20 working days at most" in response.page.get_text()


def test_a_step_that_is_not_open_now_says_so(page_client, officer):
    complaint = complaint_at(Status.RECEIVED)
    response = page_client.get(reverse("complaints:action", args=[complaint.reference,
                                                                  "respond"]))
    assert "cannot be taken now" in response.page.get_text()
    assert page_client.get(reverse("complaints:action", args=[complaint.reference,
                                                              "fly"])).status_code == 404


def test_a_sign_off_role_can_only_sign_off(page_client, sign_in):
    manager = sign_in(page_client, UserFactory(roles=[Role.SERVICE_MANAGER]))
    complaint = complaint_at(Status.STAGE1, team=TeamFactory(
        service_area=manager.team.service_area))
    assert page_client.get(reverse("complaints:action", args=[
        complaint.reference, "sign_off"])).status_code == 200
    assert page_client.get(reverse("complaints:action", args=[
        complaint.reference, "respond"])).status_code == 403


def test_recording_a_point_outcome(page_client, officer):
    complaint = complaint_at(Status.STAGE1)
    url = reverse("complaints:point", args=[complaint.reference, 1])
    response = page_client.post(url, {"outcome": "partly_upheld", "finding": "Some calls.",
                                      "version": 1})
    assert response.status_code == 302
    assert complaint.points.get().outcome == "partly_upheld"


def test_the_outcome_letter_in_word_and_for_a_child(page_client, officer):
    complaint = complaint_at(Status.STAGE1_RESPONDED, complainant_type="child")
    LearningActionFactory(complaint=complaint, action="We will return calls within a day.")
    response = page_client.get(reverse("complaints:letter", args=[complaint.reference]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "Point 1: No calls returned." in text
    assert "this point is upheld" in text
    assert "We will return calls within a day." in text
    assert "{{" not in text
    assert "{%" not in text
    child = page_client.get(reverse("complaints:letter", args=[complaint.reference])
                            + "?version=child")
    text = "\n".join(p.text for p in Document(BytesIO(child.content)).paragraphs)
    assert "You told us: No calls returned." in text
    assert "advocate" in text
    assert AccessLogEntry.objects.filter(object_type="complaint letter").count() == 2


def test_learning_added_and_completed(page_client, officer):
    complaint = complaint_at(Status.STAGE1_RESPONDED)
    response = page_client.post(reverse("complaints:learning-add", args=[complaint.reference]), {
        "learning": "Calls not logged", "action": "Supervision", "owner": officer.pk,
        "due_on": f"{timezone.localdate() + timedelta(days=30):%d/%m/%Y}"})
    assert response.status_code == 302
    item = complaint.learning_actions.get()
    url = reverse("complaints:learning-complete", args=[complaint.reference, item.pk])
    today = timezone.localdate()  # completion cannot be dated before the action was added
    assert page_client.post(url, {"on": f"{today:%d/%m/%Y}", "version": 1}).status_code == 302
    item.refresh_from_db()
    assert item.completed_on == today
    assert ComplaintEvent.objects.filter(complaint=complaint, action="learning_done").exists()


def test_a_practitioner_sees_only_compliments_about_them(page_client, sign_in):
    worker = sign_in(page_client, UserFactory(roles=[Role.PRACTITIONER]))
    ComplimentFactory(team=worker.team, staff=[worker], text="Always on time.")
    ComplimentFactory(team=worker.team, staff=[UserFactory(team=worker.team)],
                      text="Kind and clear.")
    text = page_client.get(reverse("complaints:compliments")).page.get_text()
    assert "Always on time." in text
    assert "Kind and clear." not in text
    assert page_client.get(reverse("complaints:list")).status_code == 403


def test_logging_a_compliment_and_the_team_page(page_client, sign_in):
    manager = sign_in(page_client, UserFactory(roles=[Role.TEAM_MANAGER]))
    worker = UserFactory(team=manager.team, roles=[Role.PRACTITIONER])
    response = page_client.post(reverse("complaints:compliment-create"), {
        "received_on": "20/11/2026", "staff": worker.pk, "category": "listening",
        "giver_type": "parent", "giver_name": "", "text": "Thank you."})
    assert response.status_code == 302
    assert list(Compliment.objects.get().staff.all()) == [worker]
    page = page_client.get(reverse("complaints:compliments-by-team")).page
    row = page.find("td", string=manager.team.name).find_parent("tr")
    assert [cell.get_text(strip=True) for cell in row.find_all("td")][2:] == ["1", "1"]


def test_the_report_suppresses_small_numbers(page_client, sign_in):
    sign_in(page_client, UserFactory(roles=[Role.BOARD_MEMBER]))
    team = TeamFactory()
    for day in range(1, 4):
        ComplaintFactory(team=team, received_on=date(2026, 7, day), source="email")
    for day in range(1, 8):
        ComplaintFactory(team=team, received_on=date(2026, 8, day), source="phone")
    response = page_client.get(reverse("complaints:report") + "?quarter=2026-Q2")
    assert response.status_code == 200
    page = response.page
    assert page.find("h1").get_text(strip=True) == "Quarterly complaints report"
    sources = page.find("caption", string=lambda s: s and "by how they came in" in s)
    cells = {row.find("th").get_text(strip=True): row.find("td").get_text(strip=True)
             for row in sources.find_parent("table").find("tbody").find_all("tr")}
    assert cells["Email"] == "c"  # 3 is suppressed
    assert cells["Phone"] == "7"
    assert cells["Letter"] == "0"
    assert "Complaints received: 10 (the same quarter last year: 0)" in " ".join(
        page.find("main").get_text().split())


def test_the_report_as_excel_and_word(page_client, sign_in):
    from openpyxl import load_workbook

    sign_in(page_client, UserFactory(roles=[Role.BOARD_MEMBER]))
    team = TeamFactory()
    for day in range(1, 8):
        ComplaintFactory(team=team, received_on=date(2026, 8, day), source="phone")
    ComplaintFactory(team=team, received_on=date(2026, 8, 10), source="letter")
    url = reverse("complaints:report-download") + "?quarter=2026-Q2"
    response = page_client.get(url + "&format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="complaints-2026-Q2.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row[1:] for row in sheet.iter_rows(values_only=True) if row[0]}
    assert rows["Complaints received"][0] == 8
    assert rows["Phone"][0] == 7
    assert rows["Letter"][0] == "c"
    word = page_client.get(url + "&format=docx")
    document = Document(BytesIO(word.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Phone" in cells
    assert "7" in cells


def test_the_worker_complained_about_sees_outcomes_not_findings(page_client, sign_in):
    worker = sign_in(page_client, UserFactory(roles=[Role.PRACTITIONER]))
    complaint = complaint_at(Status.STAGE1_RESPONDED)
    Complaint.objects.filter(pk=complaint.pk).update(worker=worker)
    ComplaintFactory(worker=worker)  # not responded to yet: not shown
    ComplaintFactory()  # about someone else
    response = page_client.get(reverse("complaints:about-me"))
    text = response.page.get_text()
    assert complaint.reference in text
    assert "No calls returned." in text
    assert "Upheld" in text
    assert "Calls were not returned." not in text  # the investigation's finding
    assert Complaint.objects.filter(worker=worker).count() == 2
    assert text.count("CMP-") == 1
    assert AccessLogEntry.objects.filter(object_type="complaints about me").count() == 1


def test_the_learning_bulletin(page_client, sign_in):
    sign_in(page_client, UserFactory(roles=[Role.PRACTITIONER]))
    complaint = complaint_at(Status.STAGE1_RESPONDED)  # responded 10 June 2026: Q1 2026-27
    Complaint.objects.filter(pk=complaint.pk).update(
        good_practice="Calls were logged and easy to find.")
    LearningActionFactory(complaint=complaint, learning="Say who the new worker is.")
    ComplimentFactory(received_on=date(2026, 5, 2), text="You listened to us.",
                      staff=[UserFactory(first_name="Louise", last_name="Welsby")])
    page = page_client.get(reverse("complaints:bulletin") + "?quarter=2026-Q1").page
    text = " ".join(page.get_text().split())
    assert "Calls were logged and easy to find." in text
    assert "Say who the new worker is." in text
    assert "We received 1 compliment this quarter." in text
    assert "“You listened to us.” (parent, for Louise Welsby)" in text
    assert "Voice of the child and purposeful visits (themes: communication)" in text
