"""Improvement plans in a real browser: a head of service rates an action red with a reason,
and the plan on a page shows it. Every page on the way has no axe violations."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page

from clearsight.organisation.roles import Role
from clearsight.plans.models import Action
from clearsight.plans.services import measure_link_add
from clearsight.plans.tests.factories import plan_with_actions
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import make_user, sign_in

pytestmark = pytest.mark.browser


def test_a_head_of_service_rates_an_action_and_the_plan_on_a_page_shows_it(page: Page):
    head = make_user(Role.HEAD_OF_SERVICE)
    plan = plan_with_actions(name="Phase 3")
    action = Action.objects.get(recommendation__plan=plan, recommendation__number=1, number=2)
    measure_link_add(recommendation=action.recommendation, kind="audit",
                     reference="voice-of-the-child")
    sign_in(page, head.username)

    page.goto(reverse("plans:plan-on-a-page", args=[plan.pk]))
    assert_no_axe_violations(page)
    row = page.locator("#overview-1")
    assert row.locator("[data-rag=red]").inner_text() == "0"

    page.goto(reverse("plans:plan-detail", args=[plan.pk]))
    assert_no_axe_violations(page)
    page.get_by_role("link", name=action.reference).click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Action {action.reference}"
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Set the RAG rating").click()
    assert_no_axe_violations(page)

    # A rating without its reason is refused, with the error summary and the field marked.
    page.get_by_label("Red: Will not deliver on time without help").check()
    page.get_by_role("button", name="Save the rating").click()
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").get_by_text(
        "Explain why you chose this rating").is_visible()
    assert_no_axe_violations(page)

    page.get_by_label("Why this rating").fill("The partner has not agreed funding yet")
    page.get_by_role("button", name="Save the rating").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Action {action.reference}"
    history = page.locator("#rating-history")
    assert "The partner has not agreed funding yet" in history.inner_text()
    assert "Red" in history.inner_text()
    assert_no_axe_violations(page)

    page.goto(reverse("plans:plan-on-a-page", args=[plan.pk]))
    assert page.locator("#overview-1 [data-rag=red]").inner_text() == "1"
    assert "1 red" in page.locator("#plan-totals").inner_text()
    assert_no_axe_violations(page)
    action.refresh_from_db()
    assert action.rag == "red"
    assert action.version == 2
    # Beside the actions, the live measures: F09 from the snapshot make_user computed.
    f09 = page.locator('[data-measure="indicator:F09"] [data-figure]').inner_text()
    assert f09.endswith("%")

    # The recommendation's page: what we do, how well, what difference, side by side.
    page.goto(reverse("plans:recommendation-detail", args=[action.recommendation_id]))
    assert "Red" in page.locator("#what-we-do").inner_text()
    assert page.locator('#how-well [data-reference="voice-of-the-child"] [data-figure]'
                        ).inner_text() == "No audits"
    card = page.locator('#what-difference [data-reference="F09"]')
    assert card.locator("[data-figure]").inner_text() == f09
    assert card.locator("[data-source]").inner_text().startswith("Source: Snapshot ")
    card.locator("summary").click()  # the trend's values, in a table
    assert card.locator("table tbody tr").count() >= 2
    assert_no_axe_violations(page)
