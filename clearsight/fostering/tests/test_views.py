"""The private fostering pages through page_client."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from clearsight.core.models import AccessLogEntry
from clearsight.fostering.models import Arrangement
from clearsight.fostering.tests.factories import ArrangementFactory
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _d(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def test_notification_through_visits_to_the_end(page_client, sign_in):
    worker = UserFactory.create(roles=[Role.PRACTITIONER])
    manager = UserFactory.create(roles=[Role.TEAM_MANAGER], team=worker.team)
    sign_in(page_client, worker)
    today = timezone.localdate()
    response = page_client.post(reverse("fostering:arrangement-new"), {
        "kind": "in_place", "notified_on": _d(today), "notified_by": "school",
        "child_id": "pf900", "carer_name": "Dana Fox", "starts_on": _d(today),
        "team": worker.team_id, "social_worker": worker.pk})
    arrangement = Arrangement.objects.get()
    assert response["Location"] == reverse("fostering:arrangement", args=[arrangement.pk])
    page = page_client.get(response["Location"]).page
    assert "Next visit due by" in page.get_text()
    assert "Record the suitability decision" not in page.get_text()  # a practitioner

    response = page_client.post(reverse("fostering:visit-new", args=[arrangement.pk]), {
        "visited_on": _d(today), "seen_alone": "yes", "report": "Seen at school, happy"})
    assert response.status_code == 302
    visit = arrangement.visits.get()
    assert visit.seen_alone
    assert visit.in_time

    sign_in(page_client, manager)
    assert page_client.post(reverse("fostering:decision", args=[arrangement.pk]), {
        "version": 1, "decision": "suitable", "decided_on": _d(today),
        "assessment": "DBS and home checks clear"}).status_code == 302
    assert page_client.post(reverse("fostering:notice-new", args=[arrangement.pk]), {
        "version": 2, "kind": "end", "received_on": _d(today),
        "details": "Returned home"}).status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.status == Arrangement.Status.ENDED
    page = page_client.get(reverse("fostering:arrangement", args=[arrangement.pk])).page
    assert "Returned home" in page.get_text()


def test_dashboard_shows_overdue_for_the_users_reach(page_client, sign_in):
    worker = UserFactory.create(roles=[Role.PRACTITIONER])
    ArrangementFactory.create(team=worker.team, social_worker=worker,
                       notified_on=timezone.localdate() - dt.timedelta(days=30))
    ArrangementFactory.create()  # someone else's: not counted
    sign_in(page_client, worker)
    page = page_client.get(reverse("fostering:dashboard")).page
    rows = {row.dt.get_text(strip=True): row.dd.get_text(strip=True)
            for row in page.select(".govuk-summary-list__row")}
    assert rows["Open arrangements"] == "1"
    assert rows["Visits overdue"] == "1"
    assert "Overdue" in page.select_one("#clocks-caption").find_parent("table").get_text()


def test_the_decision_page_logs_one_view_for_a_manager(page_client, sign_in):
    manager = sign_in(page_client, UserFactory.create(roles=[Role.TEAM_MANAGER]))
    arrangement = ArrangementFactory.create(team=manager.team)
    before = AccessLogEntry.objects.count()
    assert page_client.get(reverse("fostering:decision", args=[arrangement.pk])).status_code == 200
    assert AccessLogEntry.objects.count() == before + 1


def test_awareness_log(page_client, sign_in):
    sign_in(page_client, UserFactory.create(roles=[Role.QA_OFFICER]))
    response = page_client.post(reverse("fostering:awareness"), {
        "held_on": _d(timezone.localdate()), "audience": "faith",
        "description": "Talk at the mosque's parents' group", "reached": "25"})
    assert response.status_code == 302
    page = page_client.get(reverse("fostering:awareness")).page
    assert "Talk at the mosque" in page.get_text()
    response = page_client.post(reverse("fostering:awareness"), {"audience": "faith"})
    assert "Enter the date" in response.page.select_one(".govuk-error-summary").get_text()
