"""The LADO transition table: every state change and who may make it."""

import pytest

from clearsight.lado.workflow import (
    ACTORS,
    TRANSITIONS,
    Action,
    Actor,
    State,
    TransitionError,
    allowed_actions,
    next_state,
)


@pytest.mark.parametrize(("state", "action", "after"), [
    (State.RECEIVED, Action.DECIDE_THRESHOLD_MET, State.IN_PROGRESS),
    (State.RECEIVED, Action.DECIDE_THRESHOLD_NOT_MET, State.CLOSED),
    (State.RECEIVED, Action.DECIDE_ADVICE_ONLY, State.CLOSED),
    (State.IN_PROGRESS, Action.RECORD_MEETING, State.IN_PROGRESS),
    (State.IN_PROGRESS, Action.RECORD_OUTCOME, State.IN_PROGRESS),
    (State.IN_PROGRESS, Action.CLOSE, State.CLOSED),
    (State.CLOSED, Action.REOPEN, State.IN_PROGRESS),
])
def test_officer_transitions(state, action, after):
    assert next_state(state=state, action=action, actor=Actor.OFFICER) == after


@pytest.mark.parametrize(("state", "action"), [
    (State.RECEIVED, Action.CLOSE),  # decide first
    (State.RECEIVED, Action.RECORD_MEETING),
    (State.IN_PROGRESS, Action.DECIDE_THRESHOLD_MET),  # decided once
    (State.CLOSED, Action.EDIT),
    (State.CLOSED, Action.RECORD_OUTCOME),
])
def test_actions_closed_in_a_state(state, action):
    with pytest.raises(TransitionError):
        next_state(state=state, action=action, actor=Actor.OFFICER)


def test_only_the_senior_manager_writes_oversight_and_does_no_casework():
    for state in State:
        assert next_state(state=state, action=Action.ADD_OVERSIGHT,
                          actor=Actor.SENIOR_MANAGER) == state
        with pytest.raises(TransitionError):
            next_state(state=state, action=Action.ADD_OVERSIGHT, actor=Actor.OFFICER)
    assert allowed_actions(state=State.IN_PROGRESS, actor=Actor.SENIOR_MANAGER) == {
        Action.ADD_OVERSIGHT}
    assert allowed_actions(state=State.CLOSED, actor=Actor.SENIOR_MANAGER) == {
        Action.ADD_OVERSIGHT, Action.REOPEN}


def test_every_action_in_the_table_says_who_may_take_it():
    assert {action for _, action in TRANSITIONS} == set(ACTORS) == set(Action)
