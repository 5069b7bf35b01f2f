"""The transition tables: every listed step lands where the table says, nothing else moves."""

import pytest

from clearsight.plans import workflow
from clearsight.plans.workflow import (
    ACTION_ACTORS,
    ACTION_TRANSITIONS,
    PLAN_ACTORS,
    PLAN_TRANSITIONS,
    ActionStatus,
    ActionStep,
    PlanAction,
    PlanStatus,
    TransitionError,
)


@pytest.mark.parametrize(("state", "step"), list(ACTION_TRANSITIONS))
def test_each_action_transition_lands_where_the_table_says(state, step):
    assert workflow.action_next(state, step) == ACTION_TRANSITIONS[(state, step)]


@pytest.mark.parametrize("state", list(ActionStatus))
@pytest.mark.parametrize("step", list(ActionStep))
def test_steps_not_in_the_table_are_refused(state, step):
    if (state, step) in ACTION_TRANSITIONS:
        return
    with pytest.raises(TransitionError):
        workflow.action_next(state, step)


def test_a_complete_action_can_only_be_reopened():
    assert workflow.action_steps_from(ActionStatus.COMPLETE) == [ActionStep.REOPEN]


def test_withdrawing_and_reinstating_are_for_editors_only():
    assert ACTION_ACTORS[ActionStep.WITHDRAW] == {workflow.EDITOR}
    assert ACTION_ACTORS[ActionStep.REINSTATE] == {workflow.EDITOR}
    assert workflow.OWNER in ACTION_ACTORS[ActionStep.COMPLETE]
    assert set(ACTION_ACTORS) == set(ActionStep)


@pytest.mark.parametrize(("state", "action"), list(PLAN_TRANSITIONS))
def test_each_plan_transition(state, action):
    assert workflow.plan_next(state, action) == PLAN_TRANSITIONS[(state, action)]


def test_a_draft_plan_cannot_be_closed_nor_an_active_one_activated():
    with pytest.raises(TransitionError):
        workflow.plan_next(PlanStatus.DRAFT, PlanAction.CLOSE)
    with pytest.raises(TransitionError):
        workflow.plan_next(PlanStatus.ACTIVE, PlanAction.ACTIVATE)
    assert set(PLAN_ACTORS) == set(PlanAction)
