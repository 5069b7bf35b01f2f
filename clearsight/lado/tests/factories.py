"""Factories for the LADO register. `ReferralFactory(status=...)` makes a referral in any
state of the workflow, with one allegation (and an outcome once closed)."""

from datetime import timedelta
from typing import cast

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from clearsight.lado.models import (
    Allegation,
    Category,
    HarmTest,
    LadoSettings,
    Referral,
    Sector,
)
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import UserFactory


def officer():  # type: ignore[no-untyped-def]
    return UserFactory(roles=[Role.LADO_OFFICER])


def name_senior_manager(user):  # type: ignore[no-untyped-def]
    settings, _ = LadoSettings.objects.get_or_create(pk=1)
    settings.senior_manager = user
    settings.save()
    return user


class ReferralFactory(DjangoModelFactory[Referral]):
    class Meta:
        model = Referral
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"LADO-TEST-{n:04d}")
    received_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    referrer_name = "Sam Reed"
    referrer_agency = "Northgate Primary School"
    subject_name = factory.Sequence(lambda n: f"Person {n}")
    subject_role = "Teaching assistant"
    employer = "Northgate Primary School"
    sector = Sector.SCHOOL
    child_ids = "C100001"
    consideration_due = factory.LazyAttribute(
        lambda o: (timezone.localtime(o.received_at) + timedelta(days=1)).date())
    status = Referral.Status.RECEIVED

    @factory.post_generation
    def allegations(self, create: bool, extracted: int | None, **kwargs: object) -> None:
        referral = cast(Referral, self)  # factory_boy passes the object it made
        closed = referral.status == Referral.Status.CLOSED
        for _ in range(1 if extracted is None else extracted):
            Allegation.objects.create(
                referral=referral, description="Grabbed a pupil by the arm in the corridor",
                harm_test=HarmTest.HARMED, category=Category.PHYSICAL,
                outcome="unsubstantiated" if closed else "",
                resolved_on=timezone.localdate() if closed else None)


class InProgressReferralFactory(ReferralFactory):
    status = Referral.Status.IN_PROGRESS
    decision = "threshold_met"
    considered_on = factory.LazyAttribute(lambda o: o.consideration_due)


class ClosedReferralFactory(InProgressReferralFactory):
    status = Referral.Status.CLOSED
    closed_on = factory.LazyFunction(timezone.localdate)
