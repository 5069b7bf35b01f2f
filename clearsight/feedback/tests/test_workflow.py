from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from clearsight.feedback import workflow
from clearsight.feedback.models import Invitation, SafetyAlert
from clearsight.organisation.roles import Role


def test_the_invitation_table_is_exactly_this():
    assert workflow.INVITATION_TRANSITIONS == {
        ("issued", "answer"): "used",
        ("issued", "withdraw"): "withdrawn",
    }


@pytest.mark.parametrize("state", ["used", "withdrawn"])
@pytest.mark.parametrize("action", ["answer", "withdraw"])
def test_finished_invitations_go_nowhere(state, action):
    with pytest.raises(ValidationError):
        workflow.next_state(workflow.INVITATION_TRANSITIONS, state, action)


def test_alerts_are_closed_once():
    table = workflow.ALERT_TRANSITIONS
    assert workflow.next_state(table, "open", "deal_with") == "dealt_with"
    with pytest.raises(ValidationError):
        workflow.next_state(table, "dealt_with", "deal_with")


def test_who_may_act():
    assert workflow.may_act(workflow.INVITATION_ACTORS, "withdraw", [Role.PRACTITIONER])
    assert not workflow.may_act(workflow.INVITATION_ACTORS, "withdraw", [Role.BOARD_MEMBER])
    assert workflow.may_act(workflow.ALERT_ACTORS, "deal_with", [Role.QA_OFFICER])
    assert not workflow.may_act(workflow.ALERT_ACTORS, "deal_with", [Role.TEAM_MANAGER])
    assert SafetyAlert.Status.OPEN == "open"


def test_expiry_is_read_not_stored():
    now = timezone.now()
    invitation = Invitation(status="issued", expires_at=now + timedelta(seconds=1))
    assert workflow.invitation_state(invitation, now=now) == "issued"
    assert workflow.invitation_state(invitation, now=now + timedelta(seconds=1)) == "expired"
    invitation.status = "used"
    assert workflow.invitation_state(invitation, now=now + timedelta(days=99)) == "used"
