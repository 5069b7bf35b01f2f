"""A complaint walked through the procedure in a real browser, with axe on each page.

A QA officer records a complaint about a case, allocates it, records first contact and the
initial meeting, agrees two points, starts stage 1, records an extension agreed in writing,
records each point's outcome; a head of service quality assures the response; the officer
sends it, downloads the outcome letter, escalates to stage 2, records the stage 2 response and
closes the complaint with the complainant's satisfaction.
"""

from typing import Any

import pytest
from playwright.sync_api import Page

from clearsight.complaints.models import Complaint, Status
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser


def _step(page: Page, link: str, fields: dict[str, str], *, checks: tuple[str, ...] = (),
          selects: dict[str, str] | None = None, radios: tuple[str, ...] = ()) -> None:
    page.get_by_role("link", name=link).first.click()
    assert_no_axe_violations(page, link)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    for label, value in (selects or {}).items():
        page.get_by_label(label, exact=True).select_option(label=value)
    for label in radios:
        page.get_by_label(label, exact=True).check()
    for label in checks:
        page.get_by_label(label).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    banner = page.locator(".govuk-notification-banner")
    assert banner.count() == 1, page.locator("main").inner_text()[:600]


def test_a_complaint_from_intake_to_closure(new_context: Any) -> None:
    officer = make_user(Role.QA_OFFICER)
    team: Any = officer.team
    officer_name = f"{officer.display_name} ({team.name})"
    case = officer.allocated_cases.filter(closed_on__isnull=True).order_by("case_ref").first()
    assert case is not None
    head: Any = UserFactory(username="head@test.example", roles=[Role.HEAD_OF_SERVICE])

    page = new_context().new_page()
    sign_in(page, officer.username)
    page.get_by_role("link", name="Complaints", exact=True).click()
    page.get_by_role("link", name="Record a complaint").click()
    assert_no_axe_violations(page, "record a complaint")
    page.get_by_label("Date received", exact=True).fill("02/11/2026")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Parent", exact=True).check()
    page.get_by_label("Complainant's name").fill("Alex Parent")
    page.get_by_label("What the complaint is about").fill("Nobody told us the worker changed.")
    page.get_by_label("Case reference (optional)").fill(case.case_ref)
    with page.expect_navigation():
        page.get_by_role("button", name="Record the complaint").click()
    complaint = Complaint.objects.get()
    assert page.locator("h1").inner_text() == f"Complaint {complaint.reference}"
    assert_no_axe_violations(page, "new complaint")

    _step(page, "Allocate to a QA officer", {"Date allocated": "03/11/2026"},
          selects={"QA officer": officer_name})
    _step(page, "Record first contact", {"Date of first contact": "04/11/2026"},
          checks=("An advocate was offered",))
    _step(page, "Record the initial meeting", {"Date of the initial meeting": "05/11/2026"})
    for text in ("Calls were not returned.", "The change of worker was not explained."):
        _step(page, "Add a complaint point", {"Date the point was agreed": "05/11/2026",
                                              "The complaint point": text})
    _step(page, "Start the stage 1 investigation", {"Date": "05/11/2026"})
    # Day 0 Mon 2 Nov: ten working days is Mon 16 Nov; Fri 27 Nov is day 19.
    assert "Mon 16 Nov 2026" in page.locator("main").inner_text()
    _step(page, "Record an agreed extension", {
        "New response date": "27/11/2026",
        "Date of the complainant's written agreement": "12/11/2026",
        "Reason for the extension": "Waiting for the school's records"})
    main = page.locator("main").inner_text()
    assert "Fri 27 Nov 2026" in main
    assert "Wed 25 Nov 2026" in main  # quality assurance two working days before

    for number, outcome in ((1, "Upheld"), (2, "Not upheld")):
        page.get_by_role("link", name=f"Record the outcome of point {number}").click()
        assert_no_axe_violations(page, f"point {number}")
        page.get_by_label(outcome, exact=True).check()
        page.get_by_label("What the investigation found").fill("We checked the records.")
        with page.expect_navigation():
            page.get_by_role("button", name="Save the outcome").click()
    detail_url = page.url

    head_page = new_context().new_page()
    sign_in(head_page, head.username)
    head_page.goto(detail_url)
    _step(head_page, "Quality assure the response", {"Date quality assured": "25/11/2026"})

    page.reload()
    _step(page, "Record the stage 1 response", {
        "Date the response was sent": "26/11/2026",
        "Summary of the response": "We are sorry that calls were not returned."},
          checks=("A copy is on the child's case file",))
    assert "Partly upheld" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Stage 1 outcome letter (Word)").click()
    assert download.value.suggested_filename == f"{complaint.reference}-stage1-letter.docx"

    _step(page, "Escalate to stage 2", {"Date stage 2 was asked for": "27/11/2026",
                                        "Investigating officer": "Sam Investigator",
                                        "Independent person": "Pat Independent"})
    _step(page, "Record the stage 2 response", {"Date the stage 2 response was sent":
                                                "30/11/2026"}, radios=("Not upheld",))
    _step(page, "Close the complaint", {"Date closed": "30/11/2026",
                                        "Remedy (optional)": "An apology"},
          radios=("Partly satisfied",))
    assert_no_axe_violations(page, "closed complaint")
    main = page.locator("main").inner_text()
    for words in ("Stage 1 extended with written agreement", "Response quality assured",
                  "Escalated to stage 2", "Closed"):
        assert words in main
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED
    assert complaint.qa_signed_off_by == head
    assert complaint.stage1_days == 19
