"""The monthly audit cycle in a real browser, with axe on every page on the way: the QA officer
draws and allocates the month, the lead and the peer grade the case differently without seeing
each other's grades, the moderator agrees the grades with a reflective commentary and an
action, and completes the audit."""

import pytest
from playwright.sync_api import Browser, Page

from clearsight.audits.models import Audit, Status
from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import ServiceAreaFactory, TeamFactory, UserFactory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import sign_in

pytestmark = pytest.mark.browser

DOMAINS = ["Voice of the child", "Assessment", "Quality of plans", "Partnership working",
           "Supervision and management oversight", "Embracing diversity"]


def _as(new_context, user) -> Page:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    sign_in(page, user.username)
    return page


def _grade(page: Page, grades: dict[str, str], overall: str) -> None:
    for title in DOMAINS:
        page.get_by_role("group", name=f"Grade for {title}").get_by_label(
            grades.get(title, "Good"), exact=True).check()
        page.get_by_label(f"Evidence for {title.lower()}", exact=True).fill(
            f"Read on the file for {title.lower()}.")
    page.get_by_role("group", name="Overall grade").get_by_label(overall, exact=True).check()


def test_draw_grade_differently_moderate_and_complete(new_context, chromium: Browser) -> None:
    area = ServiceAreaFactory()
    team = TeamFactory(service_area=area, name="Safeguarding East")
    case = OpenCaseFactory(team=team, case_ref="CASE-CYCLE-1")
    lead = UserFactory(team=team, roles=[Role.TEAM_MANAGER], username="lead@test.example")
    peer = UserFactory(team=TeamFactory(service_area=area), roles=[Role.QA_OFFICER],
                       username="peer@test.example")
    moderator = UserFactory(team=TeamFactory(), roles=[Role.PRINCIPAL_SOCIAL_WORKER],
                            username="psw@test.example")

    # The QA officer draws the month and allocates it.
    qa = _as(new_context, peer)
    qa.goto("/audits/samples/")
    assert_no_axe_violations(qa, "the samples page")
    with qa.expect_navigation():
        qa.get_by_role("button", name="Draw the sample for").click()
    assert qa.get_by_text("Yes: drawing again").is_visible()
    assert_no_axe_violations(qa, "the draw page")
    with qa.expect_navigation():
        qa.get_by_role("button", name="Allocate the audits").click()
    audit = Audit.objects.get(case=case)
    assert audit.status == Status.ALLOCATED
    assert audit.lead == lead
    assert audit.peer == peer

    # The lead grades everything Good.
    page = _as(new_context, lead)
    page.goto("/audits/")
    with page.expect_navigation():
        page.get_by_role("link", name="Grade the audit of CASE-CYCLE-1").click()
    assert page.get_by_text("Consider the last 6 months of practice").is_visible()
    assert_no_axe_violations(page, "the grading form")
    _grade(page, {}, "Good")
    page.get_by_label("The child's views", exact=True).fill("Likes the new school.")
    page.get_by_label("If the parent's or carer's views could not be sought, why not",
                      exact=True).fill("Father did not answer two calls.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit your grades").click()
    assert page.get_by_text("Neither sees the other's grades").is_visible()

    # The peer sees nothing of the lead's grades, and grades the assessment lower. A missing
    # reflection is refused first, with an accessible error summary.
    page = _as(new_context, peer)
    page.goto(f"/audits/{audit.pk}/")
    assert page.locator("table").count() == 0
    page.goto(f"/audits/{audit.pk}/grade/")
    _grade(page, {"Assessment": "Requires improvement"}, "Requires improvement")
    page.get_by_label("The child's views", exact=True).fill("Wants more say in the plan.")
    page.get_by_label("The parent's or carer's views", exact=True).fill("Mother feels heard.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit your grades").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page, "the grading form with errors")
    page.get_by_label("Reflection with the allocated worker", exact=True).fill(
        "The worker saw that the assessment stopped at the family's account.")
    with page.expect_navigation():
        page.get_by_role("button", name="Submit your grades").click()
    audit.refresh_from_db()
    assert audit.status == Status.MODERATION
    assert audit.moderator == moderator

    # The moderator sees both side by side, and must write a reflective commentary.
    page = _as(new_context, moderator)
    page.goto("/audits/")
    with page.expect_navigation():
        page.get_by_role("link", name="Moderate the audit of CASE-CYCLE-1").click()
    assert page.get_by_role("table").get_by_text("Differ").count() == 1
    assert_no_axe_violations(page, "the moderation page")
    _grade(page, {"Assessment": "Requires improvement"}, "Good")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the moderation").click()
    assert page.get_by_role("link", name="Enter a reflective commentary", exact=False).count()
    page.get_by_label("Reflective commentary", exact=True).fill(
        "The assessment relied on the parents' account alone, so the peer's grade stands for "
        "that domain; the rest of the work is good.")
    page.get_by_label("Action 1 (optional)", exact=True).fill("Add the school's view to the "
                                                                "assessment")
    page.get_by_label("Who owns action 1", exact=True).select_option(label=lead.display_name)
    page.get_by_label("Action 1 due by", exact=True).fill("15/01/2027")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the moderation").click()
    assert page.get_by_role("heading", name="Audit of CASE-CYCLE-1").is_visible()
    assert_no_axe_violations(page, "the audit page after moderation")
    with page.expect_navigation():
        page.get_by_role("link", name="Complete this audit").click()
    assert_no_axe_violations(page, "the completion page")
    with page.expect_navigation():
        page.get_by_role("button", name="Complete the audit").click()
    audit.refresh_from_db()
    assert audit.status == Status.COMPLETED
    assert audit.overall_grade == "good"
    assert audit.actions.get().owner == lead
    assert page.get_by_text("Completed").first.is_visible()
