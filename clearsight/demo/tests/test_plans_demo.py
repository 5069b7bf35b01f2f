"""Demoshire's improvement plans: nine recommendations, a year of progress, idempotent."""

import time
from datetime import date

import pytest

from clearsight.core.evidence import reference_problem
from clearsight.demo.generator import sign_in_email
from clearsight.demo.plans_demo import OWNER_ROLES, PHASE_2, PHASE_3, plans_demo
from clearsight.organisation.tests.factories import UserFactory
from clearsight.plans.models import Action, MeasureLink, Plan, ProgressUpdate, RagRating
from clearsight.plans.workflow import ActionStatus, PlanStatus

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 11, 30)


def _snapshot() -> list[tuple[object, ...]]:
    return list(Action.objects.order_by("recommendation__plan__name", "recommendation__number",
                                        "number")
                .values_list("recommendation__plan__name", "recommendation__number", "number",
                             "status", "rag", "due_on", "owner__email", "owner_forum"))


def test_demoshire_plans_have_nine_recommendations_and_a_year_of_progress():
    for role in OWNER_ROLES:
        UserFactory.create(username=sign_in_email(role), roles=[role])
    started = time.perf_counter()
    counts = plans_demo(as_of=AS_OF)
    assert time.perf_counter() - started < 10
    phase3 = Plan.objects.get(name=PHASE_3)
    assert phase3.status == PlanStatus.ACTIVE
    assert Plan.objects.get(name=PHASE_2).status == PlanStatus.CLOSED
    assert phase3.recommendations.count() == 9
    assert counts["recommendations"] == 18
    actions = Action.objects.filter(recommendation__plan=phase3)
    assert actions.filter(owner__isnull=False).exists()
    assert actions.filter(owner__isnull=True).exclude(owner_forum="").exists()
    updates = ProgressUpdate.objects.filter(action__recommendation__plan=phase3)
    first, last = updates.earliest("happened_on").happened_on, updates.latest(
        "happened_on").happened_on
    assert (last - first).days >= 365
    assert last <= AS_OF
    assert set(actions.values_list("status", flat=True)) >= {
        ActionStatus.IN_PROGRESS, ActionStatus.COMPLETE}
    ratings = RagRating.objects.filter(action__recommendation__plan=phase3)
    assert set(ratings.values_list("rating", flat=True)) == {"red", "amber", "green"}
    assert not ratings.filter(reason="").exists()
    assert ratings.filter(evidence__isnull=False).count() == ratings.count()
    # Every open action's current rating is its latest rating.
    for action in actions.exclude(rag=""):
        assert action.ratings.all()[0].rating == action.rag
    for recommendation in phase3.recommendations.all():
        assert set(recommendation.measures.values_list("kind", flat=True)) == {
            "indicator", "audit", "feedback"}
        # Each named by a reference the app that owns it knows, so its page shows live figures.
        for measure in recommendation.measures.exclude(reference=""):
            assert reference_problem(measure.kind, measure.reference) == "", measure
    linked = MeasureLink.objects.filter(recommendation__plan=phase3).exclude(reference="")
    assert set(linked.values_list("kind", flat=True)) == {"indicator", "audit", "feedback"}
    assert linked.filter(kind="indicator", reference="F09").exists()

    before = _snapshot()
    plans_demo(as_of=AS_OF)
    assert _snapshot() == before
    assert Plan.objects.count() == 2
    assert ProgressUpdate.objects.count() == counts["updates"]
