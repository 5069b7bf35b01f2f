"""Feedback in a real browser: a worker makes an invitation, a child answers the child-friendly
survey from the link on a 320 px phone screen, a risk
phrase in their words alerts the QA team, the used link shows the "already used" page, and the
response reaches the team's list. axe finds nothing on any page on the way."""

import pytest
from playwright.sync_api import Page

from clearsight.feedback.models import Response, SafetyAlert
from clearsight.feedback.services import surveys_install_defaults
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser

NARROW = {"width": 320, "height": 640}


def _overflow(page: Page) -> int:
    return int(page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"))


def _check(page: Page, where: str) -> None:
    assert_no_axe_violations(page, where)
    assert _overflow(page) <= 0, f"{where} scrolls sideways at 320 px"


def test_a_child_answers_from_the_link_and_the_qa_team_is_alerted(new_context) -> None:  # type: ignore[no-untyped-def]
    surveys_install_defaults()  # the live-server tests flush the migration's surveys
    worker = make_user(Role.PRACTITIONER)
    UserFactory.create(roles=[Role.QA_OFFICER], username="qa@test.example",
                       email="qa@test.example", team=worker.team)
    case = worker.allocated_cases.filter(closed_on__isnull=True).order_by("case_ref").first()
    assert case is not None

    # The worker makes the invitation and copies the link for the letter.
    staff = new_context().new_page()
    sign_in(staff, worker.username)
    staff.goto(f"/feedback/cases/{case.case_ref}/invite/")
    assert_no_axe_violations(staff, "the invite page")
    staff.get_by_label("Case closure").check()
    with staff.expect_navigation():
        staff.get_by_role("button", name="Make the link and code").click()
    assert_no_axe_violations(staff, "the invitation page")
    link = staff.locator("#invitation-link").inner_text().strip()
    assert "/feedback/answer/" in link

    # The child, on a small phone.
    phone = new_context(viewport=NARROW).new_page()
    phone.goto(link)
    assert phone.get_by_role("heading", level=1).inner_text() == "Who is filling this in?"
    assert "/answer/questions/" in phone.url
    assert link.rsplit("/", 2)[-2] not in phone.url
    _check(phone, "the who-is-answering page")
    phone.get_by_label("A child or young person").check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Continue").click()
    _check(phone, "the child's survey")
    # Sending with nothing answered: the error summary, then answer.
    with phone.expect_navigation():
        phone.get_by_role("button", name="Send my answers").click()
    assert phone.title().startswith("Error: ")
    _check(phone, "the child's survey with errors")
    answers = phone.locator("form[method=post]")
    for question, answer in (("Did you get to say what you think?", "Yes"),
                             ("Did you know why you had a social worker?", "Not sure"),
                             ("Did people listen to you and treat you well?", "Yes")):
        answers.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    answers.get_by_role("group", name="Did we help with the things you needed?").get_by_label(
        "With most of them").check()
    answers.get_by_role("group", name="How would you score us?").get_by_label(
        "4", exact=True).check()
    answers.get_by_label("Is there anything else you want to tell us?").fill(
        "My worker was kind but I am scared to go home some nights")
    answers.get_by_role("group", name="Are you or another child in danger").get_by_label(
        "No", exact=True).check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Send my answers").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you"
    _check(phone, "the thank-you page")

    response = Response.objects.get()
    assert (response.audience, response.route, response.case) == ("child", "link", case)
    alert = SafetyAlert.objects.get()
    assert "scared to go home" in alert.reason

    # The same link again: the clear "already used" page.
    phone.goto(link)
    assert (phone.get_by_role("heading", level=1).inner_text()
            == "You have already sent your answers")
    _check(phone, "the already-used page")

    # The QA officer sees the alert and opens the response from it.
    qa = new_context().new_page()
    sign_in(qa, "qa@test.example")
    qa.goto("/feedback/alerts/")
    assert_no_axe_violations(qa, "the safety alerts")
    with qa.expect_navigation():
        qa.get_by_role("link", name=f"Response {response.pk} on case {case.case_ref}").click()
    assert "scared to go home" in qa.locator("main").inner_text()
    assert_no_axe_violations(qa, "the response, for QA")

    # The response is in the worker's list.
    staff.goto("/feedback/responses/")
    assert case.case_ref in staff.locator("table").inner_text()


def test_the_code_page_works_on_a_small_screen(new_context) -> None:  # type: ignore[no-untyped-def]
    phone = new_context(viewport=NARROW).new_page()
    phone.goto("/feedback/answer/")
    _check(phone, "the code page")
    phone.get_by_label("Your code").fill("ABCD-EFGH")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Continue").click()
    assert phone.title().startswith("Error: ")
    _check(phone, "the code page with an error")
    phone.goto("/feedback/answer/no-such-link/")
    assert phone.get_by_role("heading", level=1).inner_text() == "We could not find this link"
    _check(phone, "the unknown-link page")


def test_a_family_can_answer_without_javascript(new_context) -> None:  # type: ignore[no-untyped-def]
    """The survey is plain HTML forms: with scripts off it still works end to end."""
    from clearsight.feedback.tests.factories import invite

    issued = invite()
    phone = new_context(viewport=NARROW, java_script_enabled=False).new_page()
    phone.goto(f"/feedback/answer/{issued.token}/")
    phone.get_by_label("A parent or carer").check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Continue").click()
    form = phone.locator("form[method=post]")
    for group in form.locator("fieldset").all():
        first = group.locator("input[type=radio]").first
        if first.count():
            first.check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="Send my answers").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you"
    assert Response.objects.get().invitation == issued.invitation
