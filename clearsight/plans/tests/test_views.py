"""The plan pages, through the test client (each page checked by tests/pagecheck.py)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearsight.core.models import ImportRecord
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from clearsight.plans.models import Action, Plan, ProgressUpdate, RagRating
from clearsight.plans.tests.factories import plan_with_actions
from clearsight.plans.tests.test_import import GOOD
from clearsight.plans.workflow import ActionStatus, PlanStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(page_client, sign_in):
    return sign_in(page_client, UserFactory(username="lead@demoshire.example",
                                            roles=[Role.HEAD_OF_SERVICE]))


def _text(response) -> str:
    return " ".join(response.page.get_text().split())


def test_the_list_shows_active_and_earlier_plans_and_drafts_to_editors(page_client, head):
    plan_with_actions(name="Phase 3")
    plan_with_actions(name="Phase 2", status=PlanStatus.CLOSED)
    plan_with_actions(name="Phase 4", status=PlanStatus.DRAFT)
    text = _text(page_client.get(reverse("plans:plan-list")))
    assert "Phase 3" in text
    assert "Phase 2" in text
    assert "Phase 4" in text


def test_a_board_member_reads_plans_but_not_drafts_and_cannot_change_them(page_client,
                                                                          sign_in):
    sign_in(page_client, UserFactory(roles=[Role.BOARD_MEMBER]))
    plan = plan_with_actions(name="Phase 3")
    plan_with_actions(name="Phase 4", status=PlanStatus.DRAFT)
    text = _text(page_client.get(reverse("plans:plan-list")))
    assert "Phase 3" in text
    assert "Phase 4" not in text
    detail = page_client.get(reverse("plans:plan-detail", args=[plan.pk]))
    assert "Change the plan's details" not in _text(detail)
    action = Action.objects.filter(recommendation__plan=plan).earliest("pk")
    page = page_client.get(reverse("plans:action-detail", args=[action.pk]))
    assert "Add progress" not in _text(page)


def test_plan_on_a_page_counts_ratings_and_links_indicators(page_client, head):
    plan = plan_with_actions(name="Phase 3", owner=head)
    first, second, third = Action.objects.filter(recommendation__plan=plan).order_by(
        "recommendation__number", "number")
    Action.objects.filter(pk=first.pk).update(rag="red")
    Action.objects.filter(pk=second.pk).update(rag="green")
    Action.objects.filter(pk=third.pk).update(status=ActionStatus.COMPLETE, rag="red")
    response = page_client.get(reverse("plans:plan-on-a-page", args=[plan.pk]))
    row = response.page.select_one("#overview-1")
    assert row.select_one("[data-rag=red]").get_text() == "1"
    assert row.select_one("[data-rag=green]").get_text() == "1"
    # A complete action is counted as complete, not by its last rating.
    row2 = response.page.select_one("#overview-2")
    assert row2.select_one("[data-rag=red]").get_text() == "0"
    link = response.page.select_one('[data-measure="indicator:F09"] a')
    assert link["href"] == reverse("performance:indicator", args=["F09"])
    # No snapshot is computed here: the indicator says so rather than showing a figure.
    figure = response.page.select_one('[data-measure="indicator:F09"] [data-figure]')
    assert figure.get_text() == "No figure"
    assert "Themed audit of supervision" in _text(response)
    assert "Staff say they feel valued" in _text(response)


def test_import_a_good_file(page_client, head):
    upload = SimpleUploadedFile("phase3.csv", GOOD.encode(), content_type="text/csv")
    response = page_client.post(reverse("plans:plan-import"), {
        "file": upload, "name": "Phase 3", "starts_on": "01/04/2025", "ends_on": "31/03/2026"})
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan-detail", args=[plan.pk])
    assert plan.recommendations.count() == 2


def test_import_a_bad_file_lists_its_problems(page_client, head):
    bad = GOOD.replace("Q2 2025/26", "whenever")
    upload = SimpleUploadedFile("phase3.csv", bad.encode(), content_type="text/csv")
    response = page_client.post(reverse("plans:plan-import"), {
        "file": upload, "name": "Phase 3", "starts_on": "01/04/2025", "ends_on": "31/03/2026"})
    assert response.status_code == 200
    table = response.page.select_one("#problems")
    cells = [td.get_text(strip=True) for td in table.select("tbody td")]
    assert cells[:4] == ["phase3.csv", "2", "timescale", "whenever"]
    assert not Plan.objects.exists()
    assert ImportRecord.objects.get().status == ImportRecord.Status.REFUSED


def test_plan_imports_are_listed_on_the_imports_page_with_their_rows_and_problems(
        page_client, head):
    page_client.post(reverse("plans:plan-import"), {
        "file": SimpleUploadedFile("phase3.csv", GOOD.encode(), content_type="text/csv"),
        "name": "Phase 3", "starts_on": "01/04/2025", "ends_on": "31/03/2026"})
    page_client.post(reverse("plans:plan-import"), {
        "file": SimpleUploadedFile("bad.csv", GOOD.replace("Q2 2025/26", "whenever").encode(),
                                   content_type="text/csv"),
        "name": "Phase 4", "starts_on": "01/04/2025", "ends_on": "31/03/2026"})
    loaded = ImportRecord.objects.get(filename="phase3.csv")
    refused = ImportRecord.objects.get(filename="bad.csv")
    page = page_client.get(reverse("organisation:import-list")).page
    rows = {" ".join(tr.get_text().split()) for tr in page.select("main tbody tr")}
    assert any("Improvement plan phase3.csv Loaded 3" in row for row in rows)
    assert any("Improvement plan bad.csv Refused (1 problem) 3" in row for row in rows)
    links = {a["href"] for a in page.select("main a")}
    assert reverse("plans:plan-import") in links
    assert reverse("organisation:import-detail", args=[loaded.pk]) in links
    detail = page_client.get(reverse("organisation:import-detail", args=[refused.pk]))
    cells = [td.get_text(strip=True) for td in detail.page.select("#problems tbody td")]
    assert cells[:4] == ["bad.csv", "2", "timescale", "whenever"]


def test_the_owner_adds_progress_and_rates_the_action(page_client, sign_in):
    owner = sign_in(page_client, UserFactory(roles=[Role.PRACTITIONER]))
    plan = plan_with_actions(owner=owner)
    action = Action.objects.get(owner=owner)
    url = reverse("plans:action-progress", args=[action.pk])
    response = page_client.post(url, {"text": "Two managers started", "evidence": "HR report",
                                      "happened_on": "01/10/2025", "step": "start",
                                      "version": "1"})
    assert response.status_code == 302
    response = page_client.post(reverse("plans:action-rate", args=[action.pk]),
                                {"rating": "amber", "reason": "", "version": "2"})
    assert response.status_code == 200
    assert "Explain why you chose this rating" in _text(response)
    response = page_client.post(reverse("plans:action-rate", args=[action.pk]),
                                {"rating": "amber", "reason": "One post still open",
                                 "version": "2"})
    assert response.status_code == 302
    page = page_client.get(reverse("plans:action-detail", args=[action.pk]))
    history = page.page.select_one("#rating-history")
    assert "One post still open" in history.get_text()
    assert "HR report" in history.get_text()
    assert plan.status == PlanStatus.ACTIVE


def test_a_stale_rating_is_refused_with_the_form_shown_again(page_client, head):
    plan = plan_with_actions()
    action = Action.objects.filter(recommendation__plan=plan).earliest("pk")
    Action.objects.filter(pk=action.pk).update(version=5)
    response = page_client.post(reverse("plans:action-rate", args=[action.pk]),
                                {"rating": "red", "reason": "Late", "version": "1"})
    assert response.status_code == 200
    assert "Someone else changed this action" in _text(response)
    assert not RagRating.objects.exists()
    assert response.page.select_one("input[name=version]")["value"] == "5"


def test_someone_who_neither_owns_nor_runs_the_plan_cannot_add_progress(page_client, sign_in):
    sign_in(page_client, UserFactory(roles=[Role.TEAM_MANAGER]))
    plan = plan_with_actions()
    action = Action.objects.filter(recommendation__plan=plan).earliest("pk")
    response = page_client.post(reverse("plans:action-progress", args=[action.pk]),
                                {"text": "x", "happened_on": "01/10/2025", "version": "1"})
    assert response.status_code == 404
    assert not ProgressUpdate.objects.exists()


def test_activating_and_closing_a_plan(page_client, head):
    plan = plan_with_actions(status=PlanStatus.DRAFT)
    url = reverse("plans:plan-transition", args=[plan.pk])
    assert page_client.post(url, {"action": "activate", "version": "1"}).status_code == 302
    stale = page_client.post(url, {"action": "close", "version": "1"}, follow=True)
    assert stale.redirect_chain[-1][0].endswith("?changed=1")
    assert "someone else changed it" in _text(stale)
    assert page_client.post(url, {"action": "close", "version": "2"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED


def test_editing_a_plan_refuses_a_stale_version(page_client, head):
    plan = plan_with_actions(name="Phase 3")
    url = reverse("plans:plan-edit", args=[plan.pk])
    assert page_client.get(url).status_code == 200
    data = {"name": "Phase 3 (revised)", "starts_on": "01/04/2025", "ends_on": "31/03/2026",
            "summary": "", "version": "1"}
    assert page_client.post(url, data).status_code == 302
    response = page_client.post(url, {**data, "name": "Phase three"})
    assert "Someone else changed this plan" in _text(response)
    plan.refresh_from_db()
    assert plan.name == "Phase 3 (revised)"
    assert plan.ends_on == date(2026, 3, 31)


def test_recommendation_page_shows_what_how_and_difference(page_client, head):
    plan = plan_with_actions()
    recommendation = plan.recommendations.get(number=1)
    page = page_client.get(reverse("plans:recommendation-detail",
                               args=[recommendation.pk])).page
    what, how, difference = (" ".join(page.select_one(f"#{part}").get_text().split())
                             for part in ("what-we-do", "how-well", "what-difference"))
    assert "Action 1.1" in what
    assert "Action 1.2" in what
    assert "Themed audit of supervision" in how
    assert "Described in words" in how
    assert "Assessments" in difference  # F09, by its catalogue title
    assert "Staff say they feel valued" in difference
    assert "Themed audit" not in difference


def test_adding_a_recommendation_an_action_and_a_measure(page_client, head):
    plan = plan_with_actions()
    response = page_client.post(reverse("plans:recommendation-create", args=[plan.pk]),
                                {"title": "Listening to children", "text": ""})
    recommendation = plan.recommendations.get(number=3)
    assert response["Location"] == reverse("plans:recommendation-detail",
                                           args=[recommendation.pk])
    url = reverse("plans:action-create", args=[recommendation.pk])
    response = page_client.post(url, {"text": "Set up a children's panel",
                                      "owner_forum": "Participation team",
                                      "timescale": "sometime"})
    assert response.status_code == 200
    assert "is not a timescale" in _text(response)
    response = page_client.post(url, {"text": "Set up a children's panel", "owner": head.pk,
                                      "timescale": "Q3 2025/26"})
    action = recommendation.actions.get()
    assert (action.owner, action.due_on) == (head, date(2025, 12, 31))
    url = reverse("plans:measure-create", args=[recommendation.pk])
    # The codes each kind of measure may use, from the apps that own them.
    page = page_client.get(url).page
    codes = {code.get_text() for code in page.select("#references ~ details code")}
    assert {"F09", "overall", "voice-of-the-child", "listened_to"} <= codes
    response = page_client.post(url, {"kind": "audit", "reference": "voice"})
    assert "is not an audit domain" in _text(response)
    page_client.post(url, {"kind": "audit", "reference": "voice-of-the-child"})
    assert recommendation.measures.get().reference == "voice-of-the-child"
    recommendation.measures.all().delete()
    response = page_client.post(url, {"kind": "indicator", "reference": "NOPE"})
    assert "not an indicator code" in _text(response)
    page_client.post(url, {"kind": "indicator", "reference": "L22"})
    assert recommendation.measures.get().reference == "L22"


def test_changing_an_action_refuses_a_stale_version(page_client, head):
    plan = plan_with_actions()
    action = Action.objects.filter(recommendation__plan=plan).earliest("pk")
    url = reverse("plans:action-edit", args=[action.pk])
    form = page_client.get(url).page
    assert form.select_one("input[name=timescale]")["value"] == "Q4 2025/26"
    data = {"text": "Changed", "owner_forum": "Workforce board", "timescale": "31/01/2026",
            "partners": "", "version": "1"}
    assert page_client.post(url, data).status_code == 302
    response = page_client.post(url, {**data, "text": "Changed again"})
    assert "Someone else changed this" in _text(response)
    action.refresh_from_db()
    assert (action.text, action.due_quarter, action.due_on) == ("Changed", "",
                                                                 date(2026, 1, 31))


def test_owners_who_do_not_run_plans_cannot_change_the_action_itself(page_client, sign_in):
    owner = sign_in(page_client, UserFactory(roles=[Role.PRACTITIONER]))
    plan_with_actions(owner=owner)
    action = Action.objects.get(owner=owner)
    assert page_client.get(reverse("plans:action-edit", args=[action.pk])).status_code == 403
    page = page_client.get(reverse("plans:action-detail", args=[action.pk]))
    assert "Add progress" in _text(page)
    assert "Change the action" not in _text(page)


def test_starting_an_empty_plan(page_client, head):
    url = reverse("plans:plan-create")
    data = {"name": "Phase 4", "starts_on": "01/04/2027", "ends_on": "31/03/2026"}
    response = page_client.post(url, data)
    assert "The plan must end after it starts" in _text(response)
    response = page_client.post(url, {**data, "ends_on": "31/03/2028"})
    plan = Plan.objects.get()
    assert response["Location"] == reverse("plans:plan-detail", args=[plan.pk])
    assert (plan.status, plan.created_by) == (PlanStatus.DRAFT, head)
    response = page_client.post(url, {**data, "name": "phase 4", "ends_on": "31/03/2028"})
    assert "already a plan" in _text(response)


def test_plan_on_a_page_shows_each_recommendation_at_a_glance(page_client, head):
    plan = plan_with_actions()
    first = Action.objects.filter(recommendation__plan=plan).earliest("pk")
    Action.objects.filter(pk=first.pk).update(rag="amber")
    page = page_client.get(reverse("plans:plan-on-a-page", args=[plan.pk])).page
    assert page.select_one("#overview-1 [data-overall]").get_text(strip=True) == "Amber"
    assert page.select_one("#overview-2 [data-overall]").get_text(strip=True) == "Not rated"
