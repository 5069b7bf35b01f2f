"""The rules the plan services keep."""

from datetime import date

import pytest
from django.utils import timezone

from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory
from clearsight.plans import services
from clearsight.plans.models import Action, MeasureLink, ProgressUpdate, RagRating
from clearsight.plans.services import ConflictError, PlanError, timescale_parse
from clearsight.plans.tests.factories import (
    ActionFactory,
    PlanFactory,
    RecommendationFactory,
    plan_with_actions,
)
from clearsight.plans.workflow import (
    ActionStatus,
    ActionStep,
    PlanAction,
    PlanStatus,
    TransitionError,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def head():
    return UserFactory(roles=[Role.HEAD_OF_SERVICE])


@pytest.fixture
def practitioner():
    return UserFactory(roles=[Role.PRACTITIONER])


@pytest.mark.parametrize(("text", "quarter", "due"), [
    ("Q1 2025/26", "Q1 2025/26", date(2025, 6, 30)),
    ("q2 2025-26", "Q2 2025/26", date(2025, 9, 30)),
    ("Q3 2025/2026", "Q3 2025/26", date(2025, 12, 31)),
    ("Q4 2025/26", "Q4 2025/26", date(2026, 3, 31)),
    ("Q4 2099/00", "Q4 2099/00", date(2100, 3, 31)),
    ("30/09/2025", "", date(2025, 9, 30)),
    ("2025-09-30", "", date(2025, 9, 30)),
])
def test_timescales_are_quarters_or_dates(text, quarter, due):
    assert timescale_parse(text) == (quarter, due)


@pytest.mark.parametrize("text", ["Q5 2025/26", "Q1 2025/27", "next spring", "31/02/2025"])
def test_timescales_that_are_neither_are_refused(text):
    with pytest.raises(PlanError):
        timescale_parse(text)


def test_plan_names_are_unique_whatever_the_case(head):
    services.plan_create(name="Phase 3", starts_on=date(2025, 4, 1), ends_on=date(2026, 3, 31))
    with pytest.raises(PlanError, match="already a plan"):
        services.plan_create(name="phase 3", starts_on=date(2025, 4, 1),
                             ends_on=date(2026, 3, 31))


def test_a_plan_must_end_after_it_starts():
    with pytest.raises(PlanError):
        services.plan_create(name="Backwards", starts_on=date(2026, 4, 1),
                             ends_on=date(2025, 3, 31))


def test_an_action_has_one_owner_a_person_or_a_forum(head):
    recommendation = RecommendationFactory.create()
    with pytest.raises(PlanError):
        services.action_create(recommendation=recommendation, text="x", timescale="Q1 2025/26")
    with pytest.raises(PlanError):
        services.action_create(recommendation=recommendation, text="x", timescale="Q1 2025/26",
                               owner=head, owner_forum="Board")
    first = services.action_create(recommendation=recommendation, text="Recruit",
                                   timescale="Q2 2025/26", owner=head)
    second = services.action_create(recommendation=recommendation, text="Review",
                                    timescale="31/12/2025", owner_forum="Workforce board")
    assert (first.number, second.number) == (1, 2)
    assert first.due_on == date(2025, 9, 30)
    assert second.timescale == "31 December 2025"


def test_plan_moves_through_its_table_with_the_version(head, practitioner):
    plan = PlanFactory.create(status=PlanStatus.DRAFT)
    with pytest.raises(TransitionError):
        services.plan_transition(plan=plan, action=PlanAction.ACTIVATE, version=1,
                                 by=practitioner)
    plan = services.plan_transition(plan=plan, action=PlanAction.ACTIVATE, version=1, by=head)
    assert plan.status == PlanStatus.ACTIVE
    assert plan.version == 2
    with pytest.raises(ConflictError):
        services.plan_transition(plan=plan, action=PlanAction.CLOSE, version=1, by=head)
    with pytest.raises(TransitionError):
        services.plan_transition(plan=plan, action=PlanAction.ACTIVATE, version=2, by=head)


def test_a_stale_plan_edit_is_refused(head):
    plan = PlanFactory.create()
    services.plan_update(plan=plan, version=1, name="Phase 3 (revised)", summary="",
                         starts_on=plan.starts_on, ends_on=plan.ends_on, by=head)
    with pytest.raises(ConflictError):
        services.plan_update(plan=plan, version=1, name="Someone else's name", summary="",
                             starts_on=plan.starts_on, ends_on=plan.ends_on, by=head)
    plan.refresh_from_db()
    assert plan.name == "Phase 3 (revised)"


def test_the_owner_adds_progress_and_moves_the_action_on(practitioner):
    action = ActionFactory.create(owner=practitioner, owner_forum="")
    update = services.action_progress_add(
        action=action, version=1, by=practitioner, text="Recruited two managers",
        evidence="Workforce report, October", happened_on=date(2025, 10, 1),
        step=ActionStep.START)
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS
    assert action.version == 2
    assert (update.status_before, update.status_after) == ("not_started", "in_progress")
    assert update.by_name == practitioner.display_name


def test_owners_cannot_withdraw_their_own_action(practitioner):
    action = ActionFactory.create(owner=practitioner, owner_forum="")
    with pytest.raises(TransitionError):
        services.action_progress_add(action=action, version=1, by=practitioner, text="Stop",
                                     happened_on=date(2025, 10, 1), step=ActionStep.WITHDRAW)
    assert not ProgressUpdate.objects.exists()


def test_others_cannot_add_progress(practitioner):
    action = ActionFactory.create()  # owned by a forum
    with pytest.raises(TransitionError):
        services.action_progress_add(action=action, version=1, by=practitioner, text="Done",
                                     happened_on=date(2025, 10, 1))


def test_progress_cannot_be_dated_in_the_future(head):
    action = ActionFactory.create()
    with pytest.raises(PlanError):
        services.action_progress_add(action=action, version=1, by=head, text="Soon",
                                     happened_on=timezone.localdate().replace(year=2100))


def test_a_stale_status_change_is_refused_and_saves_nothing(head):
    action = ActionFactory.create()
    services.action_rate(action=action, version=1, by=head, rating="amber", reason="Slow")
    with pytest.raises(ConflictError):
        services.action_progress_add(action=action, version=1, by=head, text="Finished",
                                     happened_on=date(2025, 10, 1), step=ActionStep.COMPLETE)
    action.refresh_from_db()
    assert action.status == ActionStatus.NOT_STARTED
    assert not ProgressUpdate.objects.exists()


def test_a_rating_needs_a_reason_and_sits_next_to_the_latest_evidence(head):
    action = ActionFactory.create()
    with pytest.raises(PlanError, match="why"):
        services.action_rate(action=action, version=1, by=head, rating="red", reason="  ")
    services.action_progress_add(action=action, version=1, by=head, text="First",
                                 happened_on=date(2025, 5, 1))
    latest = services.action_progress_add(action=action, version=2, by=head, text="Second",
                                          evidence="Audit of 20 cases",
                                          happened_on=date(2025, 8, 1))
    rating = services.action_rate(action=action, version=3, by=head, rating="green",
                                  reason="The audit shows it is working")
    action.refresh_from_db()
    assert action.rag == "green"
    assert rating.evidence == latest
    with pytest.raises(ConflictError):
        services.action_rate(action=action, version=3, by=head, rating="red", reason="Late")
    assert RagRating.objects.count() == 1


def test_a_closed_plan_takes_no_more_progress(head):
    plan = plan_with_actions(status=PlanStatus.CLOSED)
    action = Action.objects.filter(recommendation__plan=plan).earliest("pk")
    with pytest.raises(PlanError, match="closed"):
        services.action_rate(action=action, version=1, by=head, rating="green", reason="Done")


def test_indicator_measures_must_be_catalogue_codes():
    recommendation = RecommendationFactory.create()
    with pytest.raises(PlanError):
        services.measure_link_add(recommendation=recommendation, kind="indicator",
                                  reference="ZZ99")
    link = services.measure_link_add(recommendation=recommendation, kind="indicator",
                                     reference="F09")
    assert link.note  # the catalogue's title
    again = services.measure_link_add(recommendation=recommendation, kind="indicator",
                                      reference="F09")
    assert again == link
    assert MeasureLink.objects.count() == 1


def test_recommendations_are_numbered_next_and_stale_edits_refused(head, practitioner):
    plan = plan_with_actions()
    third = services.recommendation_create(plan=plan, title="Voice of the child")
    assert third.number == 3
    services.recommendation_update(recommendation=third, version=1, title="Children's voices",
                                   text="", by=head)
    with pytest.raises(ConflictError):
        services.recommendation_update(recommendation=third, version=1, title="Other",
                                       text="", by=head)
    with pytest.raises(TransitionError):
        services.recommendation_update(recommendation=third, version=2, title="Other",
                                       text="", by=practitioner)


def test_only_those_who_run_plans_change_an_action(head, practitioner):
    action = ActionFactory.create(owner=practitioner, owner_forum="")
    with pytest.raises(TransitionError):
        services.action_update(action=action, version=1, by=practitioner, text="Mine now",
                               timescale="Q1 2025/26", owner=practitioner, owner_forum="",
                               partners="")
    changed = services.action_update(action=action, version=1, by=head, text="Re-scoped",
                                     timescale="Q1 2026/27", owner=None,
                                     owner_forum="Workforce board", partners="HR")
    assert (changed.owner, changed.due_on, changed.version) == (None, date(2026, 6, 30), 2)


def test_a_recommendation_at_a_glance_is_its_worst_open_rating(head):
    from clearsight.plans.selectors import plan_overview

    plan = plan_with_actions()
    first, second, third = Action.objects.filter(recommendation__plan=plan).order_by(
        "recommendation__number", "number")
    Action.objects.filter(pk=first.pk).update(rag="green")
    Action.objects.filter(pk=second.pk).update(rag="amber")
    Action.objects.filter(pk=third.pk).update(status=ActionStatus.COMPLETE, rag="red")
    one, two = plan_overview(plan=plan, today=date(2025, 7, 1))
    assert (one.overall, two.overall) == ("amber", "complete")
    assert (one.overdue, two.overdue) == (0, 0)
    overdue, _ = plan_overview(plan=plan, today=date(2026, 4, 1))
    assert overdue.overdue == 2
