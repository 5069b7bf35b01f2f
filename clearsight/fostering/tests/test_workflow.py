"""The private fostering transition table."""

import pytest

from clearsight.fostering.workflow import (
    ROLES,
    TRANSITIONS,
    Action,
    State,
    TransitionError,
    allowed_actions,
    next_state,
)
from clearsight.organisation.roles import Role

MANAGER: set[str] = {Role.TEAM_MANAGER}
WORKER: set[str] = {Role.PRACTITIONER}


@pytest.mark.parametrize(("state", "action", "after"), [
    (State.NOTIFIED, Action.DECIDE_SUITABLE, State.SUITABLE),
    (State.NOTIFIED, Action.DECIDE_NOT_SUITABLE, State.NOT_SUITABLE),
    (State.NOTIFIED, Action.END, State.ENDED),
    (State.SUITABLE, Action.RECORD_VISIT, State.SUITABLE),
    (State.SUITABLE, Action.END, State.ENDED),
    (State.NOT_SUITABLE, Action.END, State.ENDED),
])
def test_transitions(state, action, after):
    assert next_state(state=state, action=action, roles=MANAGER) == after


def test_an_ended_arrangement_takes_nothing_more():
    assert allowed_actions(state=State.ENDED, roles=MANAGER) == set()
    with pytest.raises(TransitionError):
        next_state(state=State.ENDED, action=Action.RECORD_VISIT, roles=MANAGER)


def test_practitioners_visit_but_do_not_decide():
    assert Action.RECORD_VISIT in allowed_actions(state=State.NOTIFIED, roles=WORKER)
    with pytest.raises(TransitionError):
        next_state(state=State.NOTIFIED, action=Action.DECIDE_SUITABLE, roles=WORKER)


def test_a_decision_is_made_once():
    with pytest.raises(TransitionError):
        next_state(state=State.SUITABLE, action=Action.DECIDE_NOT_SUITABLE, roles=MANAGER)


def test_every_action_says_who_may_take_it():
    assert {action for _, action in TRANSITIONS} == set(ROLES) == set(Action)
