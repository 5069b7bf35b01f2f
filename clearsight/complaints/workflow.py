"""The complaints procedure as an explicit transition table, and who may take each step.

`TRANSITIONS` maps (state, action) to the next state; an action missing for a state is not
allowed there. `ACTION_ROLES` says which roles may take each action; which complaints a person
may act on at all is the selectors' business (scope by team and service area).
"""

from dataclasses import dataclass

from clearsight.complaints.models import Status
from clearsight.organisation.roles import Role

# Who sees complaints: QA officers and senior roles every one, service managers their service
# area's, team managers their team's (selectors.complaint_visibility_q).
COMPLAINT_ALL_ROLES = frozenset({Role.QA_OFFICER, Role.HEAD_OF_SERVICE, Role.SERVICE_DIRECTOR,
                                 Role.PRINCIPAL_SOCIAL_WORKER})
COMPLAINT_VIEW_ROLES = COMPLAINT_ALL_ROLES | {Role.SERVICE_MANAGER, Role.TEAM_MANAGER}
# Who runs the procedure: records, allocates, investigates, responds.
MANAGE_ROLES = COMPLAINT_ALL_ROLES
# Quality assurance of a response: the QA service manager, head of service or director.
SIGN_OFF_ROLES = frozenset({Role.SERVICE_MANAGER, Role.HEAD_OF_SERVICE, Role.SERVICE_DIRECTOR})
# The aggregate report: those who run it, and board members (small numbers suppressed).
REPORT_ROLES = COMPLAINT_VIEW_ROLES | {Role.BOARD_MEMBER, Role.PERFORMANCE_ANALYST}
# Compliments: those praised see their own, managers their team's or area's, QA and senior all.
COMPLIMENT_VIEW_ROLES = COMPLAINT_VIEW_ROLES | {Role.PRACTITIONER}
COMPLIMENT_RECORD_ROLES = MANAGE_ROLES | {Role.SERVICE_MANAGER, Role.TEAM_MANAGER}


@dataclass(frozen=True)
class Action:
    code: str
    label: str  # the button and page title
    roles: frozenset[str]


ACTIONS: dict[str, Action] = {action.code: action for action in [
    Action("allocate", "Allocate to a QA officer", MANAGE_ROLES),
    Action("record_contact", "Record first contact", MANAGE_ROLES),
    Action("record_meeting", "Record the initial meeting", MANAGE_ROLES),
    Action("add_point", "Add a complaint point", MANAGE_ROLES),
    Action("resolve_early", "Record early resolution", MANAGE_ROLES),
    Action("start_stage1", "Start the stage 1 investigation", MANAGE_ROLES),
    Action("pause", "Pause the clock while an advocate is arranged", MANAGE_ROLES),
    Action("resume", "Restart the paused clock", MANAGE_ROLES),
    Action("extend", "Record an agreed extension", MANAGE_ROLES),
    Action("sign_off", "Quality assure the response", SIGN_OFF_ROLES),
    Action("respond", "Record the stage 1 response", MANAGE_ROLES),
    Action("mediate", "Record mediation", MANAGE_ROLES),
    Action("escalate", "Escalate to stage 2", MANAGE_ROLES),
    Action("extend_stage2", "Extend the stage 2 investigation", MANAGE_ROLES),
    Action("respond_stage2", "Record the stage 2 response", MANAGE_ROLES),
    Action("escalate_stage3", "Request a stage 3 review panel", MANAGE_ROLES),
    Action("record_panel", "Record the review panel", MANAGE_ROLES),
    Action("close", "Close the complaint", MANAGE_ROLES),
    Action("refer_ombudsman", "Record an Ombudsman referral", MANAGE_ROLES),
    Action("withdraw", "Record that the complaint was withdrawn", MANAGE_ROLES),
]}

S = Status
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.RECEIVED, "allocate"): S.ALLOCATED,
    (S.RECEIVED, "pause"): S.RECEIVED,
    (S.RECEIVED, "resume"): S.RECEIVED,
    (S.ALLOCATED, "record_contact"): S.ALLOCATED,
    (S.ALLOCATED, "record_meeting"): S.ALLOCATED,
    (S.ALLOCATED, "add_point"): S.ALLOCATED,
    (S.ALLOCATED, "pause"): S.ALLOCATED,
    (S.ALLOCATED, "resume"): S.ALLOCATED,
    (S.ALLOCATED, "resolve_early"): S.CLOSED,
    (S.ALLOCATED, "start_stage1"): S.STAGE1,
    (S.STAGE1, "add_point"): S.STAGE1,
    (S.STAGE1, "pause"): S.STAGE1,
    (S.STAGE1, "resume"): S.STAGE1,
    (S.STAGE1, "extend"): S.STAGE1,
    (S.STAGE1, "sign_off"): S.STAGE1,
    (S.STAGE1, "respond"): S.STAGE1_RESPONDED,
    (S.STAGE1_RESPONDED, "close"): S.CLOSED,
    (S.STAGE1_RESPONDED, "mediate"): S.MEDIATION,
    (S.STAGE1_RESPONDED, "escalate"): S.STAGE2,
    (S.MEDIATION, "close"): S.CLOSED,
    (S.MEDIATION, "escalate"): S.STAGE2,
    (S.STAGE2, "pause"): S.STAGE2,
    (S.STAGE2, "resume"): S.STAGE2,
    (S.STAGE2, "extend_stage2"): S.STAGE2,
    (S.STAGE2, "respond_stage2"): S.STAGE2_RESPONDED,
    (S.STAGE2_RESPONDED, "close"): S.CLOSED,
    (S.STAGE2_RESPONDED, "escalate_stage3"): S.STAGE3,
    (S.STAGE2_RESPONDED, "refer_ombudsman"): S.OMBUDSMAN,
    (S.STAGE3, "record_panel"): S.STAGE3_RESPONDED,
    (S.STAGE3_RESPONDED, "close"): S.CLOSED,
    (S.STAGE3_RESPONDED, "refer_ombudsman"): S.OMBUDSMAN,
    (S.CLOSED, "refer_ombudsman"): S.OMBUDSMAN,
    # The complainant may withdraw while a complaint is being looked into.
    (S.RECEIVED, "withdraw"): S.CLOSED,
    (S.ALLOCATED, "withdraw"): S.CLOSED,
    (S.STAGE1, "withdraw"): S.CLOSED,
    (S.MEDIATION, "withdraw"): S.CLOSED,
    (S.STAGE2, "withdraw"): S.CLOSED,
    (S.STAGE3, "withdraw"): S.CLOSED,
}


class TransitionError(Exception):
    """An action not allowed in the complaint's state, or for the person's roles."""


def next_state(state: str, action: str) -> str:
    try:
        return TRANSITIONS[(state, action)]
    except KeyError:
        raise TransitionError(
            f"You cannot {ACTIONS[action].label.lower() if action in ACTIONS else action} "
            f"when the complaint is {Status(state).label.lower()}.") from None


def may_take(roles: list[str] | set[str], action: str) -> bool:
    return action in ACTIONS and bool(ACTIONS[action].roles & set(roles))


def actions_for(state: str, roles: list[str] | set[str]) -> list[Action]:
    """The actions this person may take now, in table order."""
    return [ACTIONS[action] for (from_state, action) in TRANSITIONS
            if from_state == state and may_take(roles, action)]


# Timeline words for events that are not steps of the table.
EVENT_LABELS = {
    "receive": "Complaint received",
    "restart_clock": "Complaint point added and the stage 1 clock restarted",
    "point_outcome": "Outcome of a point recorded",
    "learning": "Learning and an action recorded",
    "learning_done": "Action completed",
    "letter": "Outcome letter produced",
    "allocate": "Allocated",
    "record_contact": "Complainant contacted",
    "record_meeting": "Initial meeting held",
    "add_point": "Complaint point agreed",
    "resolve_early": "Resolved early",
    "start_stage1": "Stage 1 investigation started",
    "pause": "Clocks paused",
    "resume": "Clocks restarted",
    "extend": "Stage 1 extended with written agreement",
    "sign_off": "Response quality assured",
    "respond": "Stage 1 response sent",
    "mediate": "Mediation held",
    "escalate": "Escalated to stage 2",
    "extend_stage2": "Stage 2 extended",
    "respond_stage2": "Stage 2 response sent",
    "escalate_stage3": "Stage 3 review panel requested",
    "record_panel": "Review panel held",
    "close": "Closed",
    "refer_ombudsman": "Referred to the Ombudsman",
    "withdraw": "Withdrawn by the complainant",
}


def event_label(code: str) -> str:
    if code in EVENT_LABELS:
        return EVENT_LABELS[code]
    return ACTIONS[code].label if code in ACTIONS else code.replace("_", " ").capitalize()
