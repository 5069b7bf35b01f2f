"""Issue 7's "done when", for the plan: a head of service updates an action, and the plan on
a page reflects it beside the live measures of success (core.evidence). Cross-app, so here
rather than in an app (apps do not import each other's test factories)."""

from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from clearsight.audits.models import Audit, Grade, Status
from clearsight.audits.tests.factories import audit_through_grading
from clearsight.feedback.tests import factories as feedback
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from clearsight.plans import services
from clearsight.plans.models import Action
from clearsight.plans.tests.factories import plan_with_actions
from clearsight.plans.workflow import ActionStatus

pytestmark = pytest.mark.django_db
LAST_QUARTER = date(2026, 8, 10)  # with today 30 November 2026, in July to September


def _text(node) -> str:  # type: ignore[no-untyped-def]
    return " ".join(node.get_text().split())


@pytest.fixture
def today(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 11, 30))


def test_a_head_of_service_updates_an_action_and_the_plan_on_a_page_reflects_it(
        page_client, sign_in, today):
    head = sign_in(page_client, UserFactory(roles=[Role.HEAD_OF_SERVICE]))
    plan = plan_with_actions(name="Phase 3", owner=head)
    first = plan.recommendations.get(number=1)
    services.measure_link_add(recommendation=first, kind="feedback", reference="listened_to")
    for _ in range(6):
        feedback.phone_response(called_on=LAST_QUARTER)
    feedback.phone_response(called_on=LAST_QUARTER, listened_to="no")
    for _ in range(5):
        audit, _who = audit_through_grading(lead_grade=Grade.GOOD, peer_grade=Grade.GOOD)
        Audit.objects.filter(pk=audit.pk).update(
            status=Status.COMPLETED,
            completed_at=timezone.make_aware(datetime.combine(LAST_QUARTER, time(12))))
    services.measure_link_add(recommendation=first, kind="audit", reference="voice-of-the-child")

    on_a_page = reverse("plans:plan-on-a-page", args=[plan.pk])
    before = page_client.get(on_a_page).page
    assert before.select_one("#overview-1 [data-rag=red]").get_text() == "0"

    action = Action.objects.get(owner=head)
    response = page_client.post(reverse("plans:action-progress", args=[action.pk]), {
        "text": "Both managers started in October", "evidence": "HR starters report",
        "happened_on": "02/11/2026", "step": "start", "version": str(action.version)})
    assert response.status_code == 302
    response = page_client.post(reverse("plans:action-rate", args=[action.pk]), {
        "rating": "red", "reason": "A third post is still empty and agency cover ends in "
                                   "December", "version": str(action.version + 1)})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.rag) == (ActionStatus.IN_PROGRESS, "red")

    after = page_client.get(on_a_page).page
    row = after.select_one("#overview-1")
    assert row.select_one("[data-rag=red]").get_text() == "1"
    assert row.select_one("[data-overall]")["data-overall"] == "red"
    assert "Red" in _text(after.select_one("#measures-1"))
    assert _text(after.select_one("#plan-totals")).startswith("Across the plan: 3 actions; 1 red")
    # Each measure beside it, with its live figure and period.
    listened = after.select_one('[data-measure="feedback:listened_to"]')
    assert _text(listened.select_one("[data-figure]")) == "86%"  # 6 of 7
    assert "Jul-Sep 2026" in _text(listened)
    voice = after.select_one('[data-measure="audit:voice-of-the-child"]')
    assert _text(voice.select_one("[data-figure]")) == "100%"

    # The recommendation's page: what we do, how well, what difference, side by side.
    page = page_client.get(reverse("plans:recommendation-detail", args=[first.pk])).page
    what = _text(page.select_one("#what-we-do"))
    assert "In progress" in what
    assert "Red" in what
    how = page.select_one("#how-well")
    card = how.select_one('[data-reference="voice-of-the-child"]')
    assert _text(card.select_one("[data-figure]")) == "100%"
    assert "5 of 5 graded good or outstanding" in _text(card)
    assert "Completed case audits" in _text(card.select_one("[data-source]"))
    difference = page.select_one("#what-difference")
    card = difference.select_one('[data-reference="listened_to"]')
    assert _text(card.select_one("[data-figure]")) == "86%"
    assert _text(card.select_one("[data-previous]")) == "Period before: No answers in Apr-Jun 2026"
    assert "latest response received 10 August 2026" in _text(card.select_one("[data-source]"))


def test_board_members_see_the_same_suppressed_aggregates(page_client, sign_in, today):
    sign_in(page_client, UserFactory(roles=[Role.BOARD_MEMBER]))
    plan = plan_with_actions(name="Phase 3")
    first = plan.recommendations.get(number=1)
    services.measure_link_add(recommendation=first, kind="feedback", reference="share_views")
    for _ in range(3):
        feedback.phone_response(called_on=LAST_QUARTER)
    page = page_client.get(reverse("plans:recommendation-detail", args=[first.pk])).page
    card = page.select_one('[data-reference="share_views"]')
    assert _text(card.select_one("[data-figure]")) == "fewer than 5"
    assert "3" not in _text(card.select_one("[data-period]"))
