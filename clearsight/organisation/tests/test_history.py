import pytest
from auditlog.models import LogEntry

from clearsight.organisation.models import RoleGrant
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_changing_a_persons_team_is_kept_in_their_history():
    user = UserFactory.create()
    new_team = TeamFactory.create(name="Children in Care North")
    user.team = new_team
    user.save()
    entry = LogEntry.objects.get_for_object(user).filter(action=LogEntry.Action.UPDATE).latest("id")
    assert "team" in entry.changes_dict
    assert entry.changes_dict["team"][1] == str(new_team.pk)


def test_granting_a_role_is_recorded_and_passwords_are_not():
    user = UserFactory.create()
    grant = RoleGrant.objects.create(user=user, role=Role.LADO_OFFICER)
    assert LogEntry.objects.get_for_object(grant).filter(action=LogEntry.Action.CREATE).exists()
    user.set_password("another long password")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in entry.changes_dict
