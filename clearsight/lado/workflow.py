"""The LADO referral's workflow: every state change, and who may make it, in one table.

Actors are not roles: an "officer" holds the LADO officer role; the "senior_manager" is the
one person named in LadoSettings (selectors.lado_access decides which a user is).
"""

from enum import StrEnum

from clearsight.lado.models import Referral

State = Referral.Status


class Action(StrEnum):
    DECIDE_THRESHOLD_MET = "decide_threshold_met"
    DECIDE_THRESHOLD_NOT_MET = "decide_threshold_not_met"
    DECIDE_ADVICE_ONLY = "decide_advice_only"
    EDIT = "edit"
    ADD_ALLEGATION = "add_allegation"
    RECORD_MEETING = "record_meeting"
    RECORD_OUTCOME = "record_outcome"
    CLOSE = "close"
    REOPEN = "reopen"
    ADD_OVERSIGHT = "add_oversight"


class Actor(StrEnum):
    OFFICER = "officer"
    SENIOR_MANAGER = "senior_manager"


OFFICER = frozenset({Actor.OFFICER})
MANAGER = frozenset({Actor.SENIOR_MANAGER})
EITHER = OFFICER | MANAGER

# (state, action) -> the state after it.
TRANSITIONS: dict[tuple[str, str], str] = {
    (State.RECEIVED, Action.EDIT): State.RECEIVED,
    (State.RECEIVED, Action.ADD_ALLEGATION): State.RECEIVED,
    (State.RECEIVED, Action.DECIDE_THRESHOLD_MET): State.IN_PROGRESS,
    (State.RECEIVED, Action.DECIDE_THRESHOLD_NOT_MET): State.CLOSED,
    (State.RECEIVED, Action.DECIDE_ADVICE_ONLY): State.CLOSED,
    (State.RECEIVED, Action.ADD_OVERSIGHT): State.RECEIVED,
    (State.IN_PROGRESS, Action.EDIT): State.IN_PROGRESS,
    (State.IN_PROGRESS, Action.ADD_ALLEGATION): State.IN_PROGRESS,
    (State.IN_PROGRESS, Action.RECORD_MEETING): State.IN_PROGRESS,
    (State.IN_PROGRESS, Action.RECORD_OUTCOME): State.IN_PROGRESS,
    (State.IN_PROGRESS, Action.CLOSE): State.CLOSED,
    (State.IN_PROGRESS, Action.ADD_OVERSIGHT): State.IN_PROGRESS,
    (State.CLOSED, Action.REOPEN): State.IN_PROGRESS,
    (State.CLOSED, Action.ADD_OVERSIGHT): State.CLOSED,
}

# Who may take each action. Officers do the work; the senior manager oversees it and may
# reopen a closed referral (as may an officer).
ACTORS: dict[str, frozenset[str]] = {
    Action.DECIDE_THRESHOLD_MET: OFFICER,
    Action.DECIDE_THRESHOLD_NOT_MET: OFFICER,
    Action.DECIDE_ADVICE_ONLY: OFFICER,
    Action.EDIT: OFFICER,
    Action.ADD_ALLEGATION: OFFICER,
    Action.RECORD_MEETING: OFFICER,
    Action.RECORD_OUTCOME: OFFICER,
    Action.CLOSE: OFFICER,
    Action.REOPEN: EITHER,
    Action.ADD_OVERSIGHT: MANAGER,
}

DECISION_ACTIONS = {
    "threshold_met": Action.DECIDE_THRESHOLD_MET,
    "threshold_not_met": Action.DECIDE_THRESHOLD_NOT_MET,
    "advice_only": Action.DECIDE_ADVICE_ONLY,
}


class TransitionError(Exception):
    """The action is not open in this state, or not to this person."""


def next_state(*, state: str, action: str, actor: str) -> str:
    target = TRANSITIONS.get((state, action))
    if target is None:
        raise TransitionError(f"You cannot {Action(action).value.replace('_', ' ')} a referral "
                              f"that is {State(state).label.lower()}.")
    if actor not in ACTORS[action]:
        raise TransitionError("Only the LADO officers can do this." if actor != Actor.OFFICER
                              else "Only the named senior manager can do this.")
    return target


def allowed_actions(*, state: str, actor: str) -> set[str]:
    return {action for (from_state, action) in TRANSITIONS
            if from_state == state and actor in ACTORS[action]}
