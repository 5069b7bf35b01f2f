"""Factories for private fostering."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from clearsight.fostering.models import Arrangement, NotifiedBy
from clearsight.organisation.tests.factories import TeamFactory


class ArrangementFactory(DjangoModelFactory[Arrangement]):
    class Meta:
        model = Arrangement

    reference = factory.Sequence(lambda n: f"PF-TEST-{n:03d}")
    kind = Arrangement.Kind.IN_PLACE
    notified_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))
    notified_by = NotifiedBy.SCHOOL
    child_id = factory.Sequence(lambda n: f"PF{n:05d}")
    carer_name = "Alex Morgan"
    carer_relationship = "Family friend"
    starts_on = factory.LazyAttribute(lambda o: o.notified_on - timedelta(days=30))
    team = factory.SubFactory(TeamFactory)
