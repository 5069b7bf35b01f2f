"""Factories for complaints and compliments, and complaints walked to a given state."""

from datetime import date
from typing import Any, cast

import factory
from factory.django import DjangoModelFactory

from clearsight.complaints import services
from clearsight.complaints.models import (
    Complaint,
    ComplaintPoint,
    Compliment,
    LearningAction,
    Status,
)
from clearsight.organisation.models import Team
from clearsight.organisation.roles import Role
from clearsight.organisation.tests.factories import TeamFactory, UserFactory


class ComplaintFactory(DjangoModelFactory[Complaint]):
    class Meta:
        model = Complaint

    reference = factory.Sequence(lambda n: f"CMP-2026-{n + 1:04d}")
    received_on = date(2026, 6, 1)
    source = "email"
    complainant_type = "parent"
    complainant_name = factory.Faker("name")
    summary = "The family were not told about a change of social worker."
    team = factory.SubFactory(TeamFactory)
    stage1_clock_start = factory.SelfAttribute("received_on")


class ComplaintPointFactory(DjangoModelFactory[ComplaintPoint]):
    class Meta:
        model = ComplaintPoint

    complaint = factory.SubFactory(ComplaintFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Nobody returned my calls for two weeks."
    theme = "communication"
    added_on = date(2026, 6, 3)


class LearningActionFactory(DjangoModelFactory[LearningAction]):
    class Meta:
        model = LearningAction

    complaint = factory.SubFactory(ComplaintFactory)
    learning = "Calls from parents were not logged."
    action = "Reflective supervision on recording calls."
    owner = factory.SubFactory(UserFactory)
    due_on = date(2026, 7, 1)


class ComplimentFactory(DjangoModelFactory[Compliment]):
    class Meta:
        model = Compliment
        skip_postgeneration_save = True

    received_on = date(2026, 6, 1)
    category = "listening"
    giver_type = "parent"
    text = "She listened and did what she said she would."
    team = factory.SubFactory(TeamFactory)

    @factory.post_generation
    def staff(self, create: bool, extracted: Any, **kwargs: object) -> None:
        if extracted:
            self.staff.set(extracted)  # type: ignore[attr-defined]


def qa_officer(**kwargs: Any) -> Any:
    return UserFactory(roles=[Role.QA_OFFICER], **kwargs)


def complaint_at(status: str, *, team: Any = None, received_on: date = date(2026, 6, 1),
                 complainant_type: str = "parent", by: Any = None) -> Complaint:
    """A complaint walked through the real services to `status` (dates in June 2026)."""
    officer = by or qa_officer()
    complaint = services.complaint_create(
        by=None, received_on=received_on, source="email", complainant_type=complainant_type,
        complainant_name="A Parent", summary="Not kept informed.",
        team=team or cast(Team, TeamFactory()))
    if status == Status.RECEIVED:
        return complaint
    day = received_on

    def step(function: Any, **kwargs: Any) -> None:
        nonlocal complaint
        complaint.refresh_from_db()
        function(complaint=complaint, by=None, version=complaint.version, **kwargs)
        complaint.refresh_from_db()

    step(services.complaint_allocate, qa_officer=officer, on=day.replace(day=day.day + 1))
    if status == Status.ALLOCATED:
        return complaint
    step(services.complaint_record_contact, on=day.replace(day=day.day + 2),
         advocate_offered=True)
    step(services.complaint_record_meeting, on=day.replace(day=day.day + 3))
    complaint.refresh_from_db()
    services.complaint_add_point(complaint=complaint, by=None, version=complaint.version,
                                 on=day.replace(day=day.day + 3), text="No calls returned.",
                                 theme="communication")
    step(services.complaint_start_stage1, on=day.replace(day=day.day + 3))
    if status == Status.STAGE1:
        return complaint
    for point in complaint.points.all():
        services.point_record_outcome(point=point, by=None, version=point.version,
                                      outcome="upheld", finding="Calls were not returned.")
    step(services.complaint_sign_off, on=day.replace(day=day.day + 8))
    step(services.complaint_respond, on=day.replace(day=day.day + 9),
         response_summary="We are sorry.", copy_on_case_file=True)
    if status == Status.STAGE1_RESPONDED:
        return complaint
    step(services.complaint_escalate, requested_on=day.replace(day=day.day + 14),
         investigating_officer="I. Officer", independent_person="I. Person")
    if status == Status.STAGE2:
        return complaint
    raise ValueError(f"complaint_at does not go as far as {status}")


def complaint_url(route: str, kind: str, team: Any | None) -> str:
    """A URL of `route` for a complaint of `team` (None: a complaint that does not exist),
    prepared for the kind of record the route needs. Used by the access matrix and log tests."""
    from django.urls import reverse

    if team is None:
        args: list[Any] = ["CMP-0000-0000"]
        if kind == "complaint-point":
            args.append(1)
        elif kind == "complaint-learning":
            args.append(999999)
        elif kind == "complaint-action":
            args.append("allocate")
        return reverse(route, args=args)
    if kind == "complaint-point":
        point: Any = ComplaintPointFactory(
            complaint=ComplaintFactory(team=team, status=Status.STAGE1), number=1)
        return reverse(route, args=[point.complaint.reference, 1])
    if kind == "complaint-learning":
        item: Any = LearningActionFactory(complaint=ComplaintFactory(team=team))
        return reverse(route, args=[item.complaint.reference, item.pk])
    if kind == "complaint-action":
        return reverse(route, args=[ComplaintFactory(team=team).reference, "allocate"])
    if kind == "complaint-responded":
        complaint = ComplaintFactory(team=team, status=Status.STAGE1_RESPONDED,
                                     stage1_responded_on=date(2026, 6, 12),
                                     overall_outcome="upheld", response_summary="Sorry.")
        ComplaintPointFactory(complaint=complaint, number=1, outcome="upheld", finding="Yes.")
        return reverse(route, args=[complaint.reference])
    return reverse(route, args=[ComplaintFactory(team=team).reference])


def browser_sample(kind: str) -> Any:
    """SAMPLE_ARGUMENTS fillers for the browser suite: a complaint in the user's own team, with
    what the route needs (a point at stage 1, a learning action, a step to take)."""

    def fill(user: Any) -> dict[str, str]:
        if kind == "point":
            complaint: Any = ComplaintFactory(team=user.team, status=Status.STAGE1)
            ComplaintPointFactory(complaint=complaint, number=1)
            return {"reference": complaint.reference, "number": "1"}
        complaint = ComplaintFactory(team=user.team)
        if kind == "learning":
            item: Any = LearningActionFactory(complaint=complaint, owner=user)
            return {"reference": complaint.reference, "pk": str(item.pk)}
        if kind == "action":
            return {"reference": complaint.reference, "action": "allocate"}
        return {"reference": complaint.reference}

    return fill
