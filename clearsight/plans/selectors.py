"""Improvement plans: reads, and the one place each entity's scope is checked.

Everyone signed in reads active and closed plans (plans hold no child-level data). Draft plans
are read only by those who write plans (workflow.PLAN_EDITORS): for anyone else a draft plan,
its recommendations and its actions answer 404, exactly as records that do not exist.
Adding progress and rating an action is for editors and the action's owner; for anyone else
the update pages answer 404 too.
"""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from clearsight.core.evidence import Evidence, Period, evidence_many
from clearsight.plans.models import (
    Action,
    MeasureLink,
    Plan,
    ProgressUpdate,
    RagRating,
    Recommendation,
)
from clearsight.plans.workflow import (
    EDITOR,
    OWNER,
    PLAN_EDITORS,
    PROGRESS_ACTORS,
    ActionStatus,
    PlanStatus,
    Rag,
)


def user_edits_plans(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(*PLAN_EDITORS))


def action_actor_kinds(*, user: Any, action: Action) -> set[str]:
    """Which of the workflow's kinds of people (editor, owner) the user is for this action."""
    kinds: set[str] = set()
    if user_edits_plans(user):
        kinds.add(EDITOR)
    if user.is_authenticated and action.owner_id is not None and action.owner_id == user.pk:
        kinds.add(OWNER)
    return kinds


def plan_list_for_user(*, user: Any) -> QuerySet[Plan]:
    plans = Plan.objects.all()
    if not user_edits_plans(user):
        plans = plans.exclude(status=PlanStatus.DRAFT)
    return plans


def plan_get_for_user(*, user: Any, pk: int) -> Plan:
    try:
        return plan_list_for_user(user=user).get(pk=pk)
    except Plan.DoesNotExist:
        raise Http404("No such plan") from None


def recommendation_get_for_user(*, user: Any, pk: int) -> Recommendation:
    try:
        return Recommendation.objects.select_related("plan").get(
            pk=pk, plan__in=plan_list_for_user(user=user))
    except Recommendation.DoesNotExist:
        raise Http404("No such recommendation") from None


def action_get_for_user(*, user: Any, pk: int) -> Action:
    try:
        return Action.objects.select_related("recommendation__plan", "owner").get(
            pk=pk, recommendation__plan__in=plan_list_for_user(user=user))
    except Action.DoesNotExist:
        raise Http404("No such action") from None


def action_get_for_update(*, user: Any, pk: int, actors: frozenset[str] = PROGRESS_ACTORS
                          ) -> Action:
    """The action, if the user may add progress to it or rate it (an editor, or its owner);
    404 otherwise, as for an action that does not exist."""
    action = action_get_for_user(user=user, pk=pk)
    if not action_actor_kinds(user=user, action=action) & actors:
        raise Http404("No such action")
    return action


def action_updates(*, action: Action) -> QuerySet[ProgressUpdate]:
    return action.updates.select_related("by")


def action_ratings(*, action: Action) -> QuerySet[RagRating]:
    return action.ratings.select_related("by", "evidence")


def actions_owned_by(*, user: Any) -> QuerySet[Action]:
    """Open actions the user owns in plans they can read, for their own list."""
    return (Action.objects.filter(owner=user, recommendation__plan__in=plan_list_for_user(
        user=user)).exclude(status__in=[ActionStatus.COMPLETE, ActionStatus.WITHDRAWN])
        .select_related("recommendation__plan").order_by("due_on"))


@dataclass(frozen=True)
class MeasureShown:
    """A measure of success with its live evidence (None: described in words only)."""

    measure: MeasureLink
    evidence: Evidence | None


@dataclass
class RecommendationSummary:
    recommendation: Recommendation
    actions: list[Action]
    rag_counts: dict[str, int] = field(default_factory=dict)
    status_counts: dict[str, int] = field(default_factory=dict)
    unrated: int = 0
    overdue: int = 0
    measures: dict[str, list[MeasureLink]] = field(default_factory=dict)
    evidence: dict[int, Evidence | None] = field(default_factory=dict)

    @property
    def action_count(self) -> int:
        return len(self.actions)

    @property
    def rag_rows(self) -> list[tuple[Rag, int]]:
        return [(rag, self.rag_counts.get(rag, 0)) for rag in Rag]

    @property
    def overall(self) -> str:
        """The recommendation at a glance: the worst rating among its open actions ("red",
        "amber", "green"), "complete" when every action not withdrawn is complete, or ""
        when no open action is rated."""
        for rag in (Rag.RED, Rag.AMBER, Rag.GREEN):
            if self.rag_counts.get(rag):
                return rag.value
        live = [a for a in self.actions if a.status != ActionStatus.WITHDRAWN]
        if live and all(a.status == ActionStatus.COMPLETE for a in live):
            return "complete"
        return ""

    @property
    def complete(self) -> int:
        return self.status_counts.get(ActionStatus.COMPLETE, 0)

    @property
    def measure_rows(self) -> list[tuple[MeasureLink.Kind, list[MeasureShown]]]:
        return [(kind, [MeasureShown(m, self.evidence.get(m.pk))
                        for m in self.measures.get(kind, [])]) for kind in MeasureLink.Kind]

    @property
    def measures_shown(self) -> list[MeasureShown]:
        return [shown for _kind, found in self.measure_rows for shown in found]

    @property
    def how_well(self) -> list[MeasureShown]:
        """Audit evidence: how well the work is done."""
        return dict(self.measure_rows)[MeasureLink.Kind.AUDIT]

    @property
    def what_difference(self) -> list[MeasureShown]:
        """Indicators and feedback: what difference it makes."""
        rows = dict(self.measure_rows)
        return rows[MeasureLink.Kind.INDICATOR] + rows[MeasureLink.Kind.FEEDBACK]


def plan_overview(*, plan: Plan, today: Any, evidence: bool = False,
                  period: Period | None = None, only: int | None = None
                  ) -> list[RecommendationSummary]:
    """Each recommendation with its actions, counts of actions by RAG and by status, overdue
    actions and measures of success, for the plan page and the plan on a page. With
    `evidence`, each measure's live figures too (core.evidence, for `period` or the latest):
    authority-wide aggregates with small numbers suppressed, the same for every reader.
    `only`: just the recommendation with that id."""
    recommendations = list(plan.recommendations.filter(
        **({"pk": only} if only is not None else {})).prefetch_related(
        Prefetch("actions", queryset=Action.objects.select_related("owner")),
        "measures"))
    found: dict[tuple[str, str], Evidence] = {}
    if evidence:
        found = evidence_many([(m.kind, m.reference) for r in recommendations
                               for m in r.measures.all()], today=today, period=period)
    summaries = []
    for recommendation in recommendations:
        actions = list(recommendation.actions.all())
        live = [a for a in actions if a.status != ActionStatus.WITHDRAWN]
        rags = Counter(a.rag for a in live if a.rag and a.status != ActionStatus.COMPLETE)
        statuses = Counter(a.status for a in actions)
        measures: dict[str, list[MeasureLink]] = {kind: [] for kind in MeasureLink.Kind}
        for measure in recommendation.measures.all():
            measures[measure.kind].append(measure)
        summaries.append(RecommendationSummary(
            recommendation=recommendation, actions=actions,
            rag_counts={rag: rags.get(rag, 0) for rag in Rag},
            status_counts={status: statuses.get(status, 0) for status in ActionStatus},
            unrated=sum(1 for a in live if not a.rag and a.status != ActionStatus.COMPLETE),
            overdue=sum(1 for a in live if a.status != ActionStatus.COMPLETE
                        and a.due_on < today),
            measures=measures,
            evidence={m.pk: found.get((m.kind, m.reference))
                      for links in measures.values() for m in links}))
    return summaries


# ------------------------------------------------------------------ governance packs


def plans_for_packs() -> QuerySet[Plan]:
    """The plans a governance pack reports on: the active ones."""
    return Plan.objects.filter(status=PlanStatus.ACTIVE).order_by("starts_on", "name")


def plan_data_marker() -> tuple[int, str]:
    """How many actions, progress updates and ratings there are and when an action last
    changed: part of a pack's data version, so a new update or rating changes it."""
    from django.db.models import Max

    latest = Action.objects.aggregate(latest=Max("updated_at"))["latest"]
    count = (Action.objects.count() + ProgressUpdate.objects.count()
             + RagRating.objects.count())
    return count, latest.isoformat() if latest else ""
