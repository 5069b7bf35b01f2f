"""The private fostering arrangement's workflow: (state, action) -> state, and who may act.

Everyone who may see the arrangement (selectors) may record a visit or a notice; the
suitability decision is a manager's (team manager or above).
"""

from enum import StrEnum

from clearsight.fostering.models import Arrangement
from clearsight.organisation.roles import Role

State = Arrangement.Status


class Action(StrEnum):
    RECORD_VISIT = "record_visit"
    DECIDE_SUITABLE = "decide_suitable"
    DECIDE_NOT_SUITABLE = "decide_not_suitable"
    RECORD_CHANGE = "record_change"
    END = "end"


TRANSITIONS: dict[tuple[str, str], str] = {
    (State.NOTIFIED, Action.RECORD_VISIT): State.NOTIFIED,
    (State.NOTIFIED, Action.DECIDE_SUITABLE): State.SUITABLE,
    (State.NOTIFIED, Action.DECIDE_NOT_SUITABLE): State.NOT_SUITABLE,
    (State.NOTIFIED, Action.RECORD_CHANGE): State.NOTIFIED,
    (State.NOTIFIED, Action.END): State.ENDED,
    (State.SUITABLE, Action.RECORD_VISIT): State.SUITABLE,
    (State.SUITABLE, Action.RECORD_CHANGE): State.SUITABLE,
    (State.SUITABLE, Action.END): State.ENDED,
    # Found not suitable: visits go on until the child has left the arrangement.
    (State.NOT_SUITABLE, Action.RECORD_VISIT): State.NOT_SUITABLE,
    (State.NOT_SUITABLE, Action.RECORD_CHANGE): State.NOT_SUITABLE,
    (State.NOT_SUITABLE, Action.END): State.ENDED,
}

EVERYONE = None  # any role that may see the arrangement
MANAGERS = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE,
                      Role.SERVICE_DIRECTOR, Role.PRINCIPAL_SOCIAL_WORKER})

ROLES: dict[str, frozenset[str] | None] = {
    Action.RECORD_VISIT: EVERYONE,
    Action.DECIDE_SUITABLE: MANAGERS,
    Action.DECIDE_NOT_SUITABLE: MANAGERS,
    Action.RECORD_CHANGE: EVERYONE,
    Action.END: EVERYONE,
}


class TransitionError(Exception):
    pass


def may(*, action: str, roles: set[str]) -> bool:
    needed = ROLES[action]
    return needed is None or bool(needed & roles)


def next_state(*, state: str, action: str, roles: set[str]) -> str:
    target = TRANSITIONS.get((state, action))
    if target is None:
        raise TransitionError(f"This cannot be done to an arrangement that is "
                              f"{State(state).label.lower()}.")
    if not may(action=action, roles=roles):
        raise TransitionError("Only a team manager or a more senior manager can decide "
                              "whether an arrangement is suitable.")
    return target


def allowed_actions(*, state: str, roles: set[str]) -> set[str]:
    return {action for (from_state, action) in TRANSITIONS
            if from_state == state and may(action=action, roles=roles)}
