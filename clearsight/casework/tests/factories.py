import datetime

import factory
from factory.django import DjangoModelFactory

from clearsight.casework.models import Case, CaseType, Child
from clearsight.organisation.tests.factories import TeamFactory


class ChildFactory(DjangoModelFactory[Child]):
    class Meta:
        model = Child

    child_id = factory.Sequence(lambda n: f"C{n:07d}")
    date_of_birth = datetime.date(2014, 5, 1)
    sex = "F"
    ethnicity = "WBRI"
    disability = False


class OpenCaseFactory(DjangoModelFactory[Case]):
    class Meta:
        model = Case

    case_ref = factory.Sequence(lambda n: f"CASE-{n:06d}")
    child = factory.SubFactory(ChildFactory)
    case_type = CaseType.CHILD_IN_NEED
    team = factory.SubFactory(TeamFactory)
    service_area = factory.SelfAttribute("team.service_area")
    opened_on = datetime.date(2026, 1, 5)


class ClosedCaseFactory(OpenCaseFactory):
    closed_on = datetime.date(2026, 6, 30)
