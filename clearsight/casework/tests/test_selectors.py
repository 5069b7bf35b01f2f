"""The case access rule in the selectors, beyond what the route matrix covers."""

import pytest

from clearsight.casework.selectors import case_list_for_user
from clearsight.casework.tests.factories import OpenCaseFactory
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import ServiceAreaFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_team_moved_to_another_service_area_takes_its_cases_with_it():
    # The staff file (or the admin screens) can move a team; the cases keep the service area
    # stamped by the last case extract until the next one. Reach must follow the team now.
    old_area, new_area = ServiceAreaFactory.create(), ServiceAreaFactory.create()
    moving = TeamFactory.create(service_area=old_area)
    case = OpenCaseFactory(team=moving)
    old_manager = UserFactory.create(team=TeamFactory(service_area=old_area),
                              roles=[Role.SERVICE_MANAGER])
    new_manager = UserFactory.create(team=TeamFactory(service_area=new_area),
                              roles=[Role.HEAD_OF_SERVICE])

    moving.service_area = new_area
    moving.save()

    assert case not in case_list_for_user(user=old_manager, open_only=False)
    assert case in case_list_for_user(user=new_manager, open_only=False)
