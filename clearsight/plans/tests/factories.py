"""Improvement plans for tests: a plan with recommendations, actions and measures."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from clearsight.plans.models import Action, MeasureLink, Plan, Recommendation
from clearsight.plans.workflow import PlanStatus


class PlanFactory(DjangoModelFactory[Plan]):
    class Meta:
        model = Plan

    name = factory.Sequence(lambda n: f"Phase {n}")
    starts_on = date(2025, 4, 1)
    ends_on = date(2026, 3, 31)
    status = PlanStatus.ACTIVE


class RecommendationFactory(DjangoModelFactory[Recommendation]):
    class Meta:
        model = Recommendation

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Recommendation title {n}")
    text = "What the inspection asked the service to improve."


class ActionFactory(DjangoModelFactory[Action]):
    class Meta:
        model = Action

    recommendation = factory.SubFactory(RecommendationFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Do the thing numbered {n}")
    owner = None
    owner_forum = "Improvement board"
    due_quarter = "Q4 2025/26"
    due_on = date(2026, 3, 31)


class MeasureLinkFactory(DjangoModelFactory[MeasureLink]):
    class Meta:
        model = MeasureLink

    recommendation = factory.SubFactory(RecommendationFactory)
    kind = MeasureLink.Kind.INDICATOR
    reference = "F09"
    note = "Assessments within 45 working days"


def plan_with_actions(*, owner: object = None, status: str = PlanStatus.ACTIVE,
                      name: str | None = None) -> Plan:
    """A plan of two recommendations: the first with an action owned by `owner` (or a forum)
    and a forum's action, the second with one action; measures of each kind on the first."""
    plan = PlanFactory.create(status=status, **({"name": name} if name else {}))
    first = RecommendationFactory.create(plan=plan, number=1, title="Staff stability")
    second = RecommendationFactory.create(plan=plan, number=2, title="Drift and delay")
    ActionFactory.create(recommendation=first, number=1, owner=owner,
                  owner_forum="" if owner else "Workforce board")
    ActionFactory.create(recommendation=first, number=2, owner_forum="Corporate parenting board")
    ActionFactory.create(recommendation=second, number=1, owner_forum="Legal gateway panel",
                  due_quarter="Q1 2025/26", due_on=date(2025, 6, 30))
    MeasureLinkFactory.create(recommendation=first)
    MeasureLinkFactory.create(recommendation=first, kind=MeasureLink.Kind.AUDIT, reference="",
                       note="Themed audit of supervision")
    MeasureLinkFactory.create(recommendation=first, kind=MeasureLink.Kind.FEEDBACK, reference="",
                       note="Staff say they feel valued")
    return plan
