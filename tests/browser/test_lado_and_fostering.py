"""The LADO register and private fostering in a real browser, with axe on every page.

- A LADO officer records a referral and walks it to its outcome; the named senior manager then
  records oversight.
- A practitioner records a private fostering notification and its visits; their team manager
  decides on suitability.
- People outside LADO (an administrator, a head of service) are refused the register.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page

from clearsight.lado.models import Referral
from clearsight.lado.tests.factories import InProgressReferralFactory, name_senior_manager
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser


def _today() -> str:
    return f"{timezone.localdate():%d/%m/%Y}"


def _submit(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def _h1(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text()


def test_a_lado_referral_walked_to_its_outcome(page: Page, new_context) -> None:  # type: ignore[no-untyped-def]
    officer = make_user(Role.LADO_OFFICER)
    manager = name_senior_manager(UserFactory.create(
        username="senior@test.example", roles=[Role.PRINCIPAL_SOCIAL_WORKER]))
    sign_in(page, officer.username)
    page.get_by_role("link", name="LADO register").first.click()
    assert _h1(page) == "LADO register"
    assert_no_axe_violations(page, "the LADO register")
    page.get_by_role("link", name="Record a referral or consultation").click()

    _submit(page, "Record the referral")  # nothing filled in
    assert page.locator(".govuk-error-summary").is_visible()
    assert_no_axe_violations(page, "the referral form with errors")

    page.get_by_label("Referral", exact=True).check()
    page.get_by_label("Date received").fill(_today())
    page.get_by_label("Time received").fill("00:01")
    page.get_by_label("Name of the person referring").fill("Jo Bell")
    page.get_by_label("Their agency or organisation").fill("Riverside Academy")
    page.get_by_label("Name of the person the allegation is about").fill("Chris Dale")
    page.get_by_label("Their role").fill("PE teacher")
    page.get_by_label("Their employer").fill("Riverside Academy")
    page.get_by_label("School or college").check()
    page.get_by_label("Children concerned").fill("C0001234")
    page.get_by_label("What is alleged").fill("Pushed a pupil against a wall")
    page.get_by_label("Harmed or may have harmed a child").check()
    page.get_by_label("Physical abuse").check()
    _submit(page, "Record the referral")
    referral = Referral.objects.get()
    assert _h1(page) == referral.reference
    assert_no_axe_violations(page, "a new referral")

    page.get_by_role("link", name="Record the initial consideration").click()
    page.get_by_label("Threshold met", exact=True).check()
    page.get_by_label("Rationale for the decision").fill("The harm test is met")
    assert_no_axe_violations(page, "the decision form")
    _submit(page, "Record the decision")

    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Strategy meeting").check()
    page.get_by_label("Date held").fill(_today())
    page.get_by_label("Who attended").fill("LADO\nPolice\nHeadteacher")
    page.get_by_label("Actions agreed").fill("Police to interview the pupil")
    assert_no_axe_violations(page, "the meeting form")
    _submit(page, "Record the meeting")

    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("Unfounded:").check()
    page.get_by_label("Date resolved").fill(_today())
    assert_no_axe_violations(page, "the outcome form with the definitions")
    _submit(page, "Record the outcome")

    page.get_by_role("link", name="Close the referral").click()
    _submit(page, "Close the referral")
    assert "Closed" in page.locator(".govuk-caption-l").inner_text()
    assert "Within 1 month" in page.locator("main").inner_text()
    page.get_by_text("What the outcomes mean").click()
    assert_no_axe_violations(page, "a closed referral with its timeline")

    page.goto("/lado/overview/")
    assert_no_axe_violations(page, "the overview")
    page.goto("/lado/annual-report/")
    assert "received 1 referral" in " ".join(page.locator("main").inner_text().split())
    assert_no_axe_violations(page, "the annual report")

    other = new_context().new_page()
    sign_in(other, manager.username)
    other.goto(f"/lado/{referral.pk}/")
    other.get_by_role("link", name="Record management oversight").click()
    other.get_by_label("Oversight note").fill("Timely and proportionate")
    assert_no_axe_violations(other, "the oversight form")
    _submit(other, "Record oversight")
    assert "Timely and proportionate" in other.locator("main").inner_text()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CLOSED
    assert referral.oversight.get().by == manager


def test_a_private_fostering_notification_through_its_visits(page: Page, new_context) -> None:  # type: ignore[no-untyped-def]
    worker = make_user(Role.PRACTITIONER)
    manager = UserFactory.create(username="manager@test.example", team=worker.team,
                                 roles=[Role.TEAM_MANAGER])
    sign_in(page, worker.username)
    page.get_by_role("link", name="Private fostering").first.click()
    assert _h1(page) == "Private fostering"
    assert_no_axe_violations(page, "the private fostering dashboard")
    page.get_by_role("link", name="Record a notification").click()
    page.get_by_label("Arrangement already in place").check()
    page.get_by_label("Date of the notification").fill(_today())
    page.get_by_label("A school or college").check()
    page.get_by_label("Child ID").fill("PF00042")
    page.get_by_label("Name of the private foster carer").fill("Dana Fox")
    page.get_by_label("Date the arrangement starts or started").fill(_today())
    page.get_by_label("Social worker").select_option(label=worker.display_name)
    assert_no_axe_violations(page, "the notification form")
    _submit(page, "Record the notification")
    assert "Next visit due by" in page.locator("main").inner_text()
    assert_no_axe_violations(page, "a new arrangement")

    page.get_by_role("link", name="Record a visit").click()
    page.get_by_label("Date of the visit").fill(_today())
    page.get_by_label("Yes").check()
    page.get_by_label("Report of the visit").fill("Seen alone at school; settled")
    assert_no_axe_violations(page, "the visit form")
    _submit(page, "Record the visit")
    assert "Seen alone at school" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="Record the suitability decision").count() == 0

    other = new_context().new_page()
    sign_in(other, manager.username)
    other.goto(page.url)
    other.get_by_role("link", name="Record the suitability decision").click()
    other.get_by_label("Suitable", exact=True).check()
    other.get_by_label("Suitability assessment").fill("Checks clear; home suitable")
    assert_no_axe_violations(other, "the suitability form")
    _submit(other, "Record the decision")
    assert "Suitable: visiting" in other.locator(".govuk-caption-l").inner_text()
    other.goto("/private-fostering/")
    assert_no_axe_violations(other, "the dashboard for a team manager")
    other.goto("/private-fostering/awareness/")
    other.get_by_label("Date", exact=True).fill(_today())
    other.get_by_label("Faith groups").check()
    other.get_by_label("What was done").fill("Talk to the interfaith forum")
    _submit(other, "Record the activity")
    assert "Talk to the interfaith forum" in other.locator("main").inner_text()
    assert_no_axe_violations(other, "the awareness log")


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.HEAD_OF_SERVICE,
                                  Role.SERVICE_DIRECTOR])
def test_people_outside_lado_are_refused(page: Page, role: str) -> None:
    referral = InProgressReferralFactory.create()
    user = make_user(role)
    sign_in(page, user.username)
    assert page.get_by_role("link", name="LADO register").count() == 0
    for url in ("/lado/", f"/lado/{referral.pk}/", "/lado/overview/", "/lado/annual-report/"):
        response = page.goto(url)
        assert response is not None
        assert response.status == 403, url
        assert _h1(page) == "You do not have access to this page"
        assert referral.subject_name not in page.content()
    assert_no_axe_violations(page, f"the LADO register refused to {role}")
