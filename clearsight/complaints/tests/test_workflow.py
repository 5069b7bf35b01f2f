"""The transition table: every step allowed from where it should be, and nowhere else."""

import pytest

from clearsight.complaints import workflow
from clearsight.complaints.models import Status
from clearsight.organisation.roles import Role

PATH_TO_STAGE3 = [
    (Status.RECEIVED, "allocate", Status.ALLOCATED),
    (Status.ALLOCATED, "start_stage1", Status.STAGE1),
    (Status.STAGE1, "respond", Status.STAGE1_RESPONDED),
    (Status.STAGE1_RESPONDED, "escalate", Status.STAGE2),
    (Status.STAGE2, "respond_stage2", Status.STAGE2_RESPONDED),
    (Status.STAGE2_RESPONDED, "escalate_stage3", Status.STAGE3),
    (Status.STAGE3, "record_panel", Status.STAGE3_RESPONDED),
    (Status.STAGE3_RESPONDED, "refer_ombudsman", Status.OMBUDSMAN),
]


@pytest.mark.parametrize(("state", "action", "after"), PATH_TO_STAGE3)
def test_the_full_path(state, action, after):
    assert workflow.next_state(state, action) == after


@pytest.mark.parametrize(("state", "after"), [
    (Status.STAGE1_RESPONDED, Status.CLOSED), (Status.MEDIATION, Status.CLOSED),
    (Status.STAGE2_RESPONDED, Status.CLOSED), (Status.STAGE3_RESPONDED, Status.CLOSED)])
def test_closing_after_each_response(state, after):
    assert workflow.next_state(state, "close") == after


def test_early_resolution_and_mediation():
    assert workflow.next_state(Status.ALLOCATED, "resolve_early") == Status.CLOSED
    assert workflow.next_state(Status.STAGE1_RESPONDED, "mediate") == Status.MEDIATION
    assert workflow.next_state(Status.MEDIATION, "escalate") == Status.STAGE2
    assert workflow.next_state(Status.CLOSED, "refer_ombudsman") == Status.OMBUDSMAN


@pytest.mark.parametrize(("state", "action"), [
    (Status.RECEIVED, "respond"),  # no response before allocation and investigation
    (Status.ALLOCATED, "respond"),
    (Status.STAGE1, "close"),  # a stage 1 complaint closes only after its response
    (Status.STAGE1, "escalate"),
    (Status.STAGE1_RESPONDED, "extend"),  # too late to extend
    (Status.CLOSED, "allocate"),
    (Status.OMBUDSMAN, "close"),
    (Status.STAGE2, "extend"),  # stage 2 has its own extension
    (Status.STAGE1_RESPONDED, "escalate_stage3"),  # no skipping stage 2
])
def test_steps_not_allowed(state, action):
    with pytest.raises(workflow.TransitionError):
        workflow.next_state(state, action)


def test_every_action_in_the_table_has_a_label_and_roles():
    for (_state, action), after in workflow.TRANSITIONS.items():
        assert action in workflow.ACTIONS
        assert after in Status.values
        assert workflow.ACTIONS[action].roles


def test_the_clock_pauses_only_while_a_clock_runs():
    paused_in = {state for (state, action) in workflow.TRANSITIONS if action == "pause"}
    assert paused_in == {Status.RECEIVED, Status.ALLOCATED, Status.STAGE1, Status.STAGE2}


def test_who_may_take_which_step():
    assert workflow.may_take([Role.QA_OFFICER], "respond")
    assert not workflow.may_take([Role.QA_OFFICER], "sign_off")
    assert workflow.may_take([Role.SERVICE_MANAGER], "sign_off")
    assert workflow.may_take([Role.HEAD_OF_SERVICE], "sign_off")
    assert not workflow.may_take([Role.SERVICE_MANAGER], "respond")
    assert not workflow.may_take([Role.TEAM_MANAGER], "allocate")
    assert not workflow.may_take([Role.PRACTITIONER], "allocate")
    assert not workflow.may_take([Role.ADMINISTRATOR], "allocate")
    assert not workflow.may_take([Role.QA_OFFICER], "no_such_step")


def test_actions_for_a_state_follow_the_table_and_the_role():
    codes = [a.code for a in workflow.actions_for(Status.STAGE1, [Role.QA_OFFICER])]
    assert codes == ["add_point", "pause", "resume", "extend", "respond", "withdraw"]
    codes = [a.code for a in workflow.actions_for(Status.STAGE1, [Role.SERVICE_MANAGER])]
    assert codes == ["sign_off"]
    assert workflow.actions_for(Status.STAGE1, [Role.TEAM_MANAGER]) == []


def test_withdrawal_only_while_the_complaint_is_looked_into():
    open_states = {state for (state, action) in workflow.TRANSITIONS if action == "withdraw"}
    assert open_states == {Status.RECEIVED, Status.ALLOCATED, Status.STAGE1, Status.MEDIATION,
                           Status.STAGE2, Status.STAGE3}
    with pytest.raises(workflow.TransitionError):
        workflow.next_state(Status.STAGE1_RESPONDED, "withdraw")
