"""Improvement plans: the states of a plan and of an action, and who may move them on.

Two explicit transition tables, each a dict of (state, action) -> next state, and for each
action the kinds of people who may take it:

- "editor": a person holding one of PLAN_EDITORS (heads of service, the service director, the
  principal social worker, quality assurance officers);
- "owner": the person named as the action's owner (an action owned by a forum has no owner
  person, so only editors move it on).

An action's status says where its delivery stands. How confident the owner is that it will
deliver on time (red, amber, green) is the separate RAG rating, always given with a reason.
"""

from django.db import models

from clearsight.organisation.roles import PLAN_ROLES

# Those who write and run improvement plans. Everybody signed in reads them: plans hold no
# child-level data, so improvement board members read them too.
PLAN_EDITORS = PLAN_ROLES

EDITOR = "editor"
OWNER = "owner"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class PlanAction(models.TextChoices):
    ACTIVATE = "activate", "Make the plan active"
    CLOSE = "close", "Close the plan"
    REOPEN = "reopen", "Reopen the plan"


PLAN_TRANSITIONS: dict[tuple[str, str], str] = {
    (PlanStatus.DRAFT, PlanAction.ACTIVATE): PlanStatus.ACTIVE,
    (PlanStatus.ACTIVE, PlanAction.CLOSE): PlanStatus.CLOSED,
    (PlanStatus.CLOSED, PlanAction.REOPEN): PlanStatus.ACTIVE,
}

PLAN_ACTORS: dict[str, frozenset[str]] = {
    PlanAction.ACTIVATE: frozenset({EDITOR}),
    PlanAction.CLOSE: frozenset({EDITOR}),
    PlanAction.REOPEN: frozenset({EDITOR}),
}


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETE = "complete", "Complete"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ActionStep(models.TextChoices):
    START = "start", "Started"
    COMPLETE = "complete", "Completed"
    REOPEN = "reopen", "Reopened"
    WITHDRAW = "withdraw", "Withdrawn"
    REINSTATE = "reinstate", "Reinstated"


ACTION_TRANSITIONS: dict[tuple[str, str], str] = {
    (ActionStatus.NOT_STARTED, ActionStep.START): ActionStatus.IN_PROGRESS,
    (ActionStatus.NOT_STARTED, ActionStep.COMPLETE): ActionStatus.COMPLETE,
    (ActionStatus.IN_PROGRESS, ActionStep.COMPLETE): ActionStatus.COMPLETE,
    (ActionStatus.COMPLETE, ActionStep.REOPEN): ActionStatus.IN_PROGRESS,
    (ActionStatus.NOT_STARTED, ActionStep.WITHDRAW): ActionStatus.WITHDRAWN,
    (ActionStatus.IN_PROGRESS, ActionStep.WITHDRAW): ActionStatus.WITHDRAWN,
    (ActionStatus.WITHDRAWN, ActionStep.REINSTATE): ActionStatus.IN_PROGRESS,
}

# Owners deliver and report; stopping an action, or bringing one back, is a decision for those
# who run the plan (in the source, the improvement board's forums).
ACTION_ACTORS: dict[str, frozenset[str]] = {
    ActionStep.START: frozenset({EDITOR, OWNER}),
    ActionStep.COMPLETE: frozenset({EDITOR, OWNER}),
    ActionStep.REOPEN: frozenset({EDITOR, OWNER}),
    ActionStep.WITHDRAW: frozenset({EDITOR}),
    ActionStep.REINSTATE: frozenset({EDITOR}),
}

# Setting the RAG rating and adding progress: the owner, and those who run the plan.
RATE_ACTORS = frozenset({EDITOR, OWNER})
PROGRESS_ACTORS = frozenset({EDITOR, OWNER})


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


RAG_MEANING = {
    Rag.RED: "Will not deliver on time without help",
    Rag.AMBER: "At risk: may slip unless something changes",
    Rag.GREEN: "On track to deliver on time",
}


class TransitionError(Exception):
    """The step is not allowed from this state, or not by this person."""


def plan_next(state: str, action: str) -> str:
    try:
        return PLAN_TRANSITIONS[(state, action)]
    except KeyError:
        raise TransitionError(f"A {state} plan cannot take the step {action!r}.") from None


def action_next(state: str, step: str) -> str:
    try:
        return ACTION_TRANSITIONS[(state, step)]
    except KeyError:
        raise TransitionError(f"An action that is {state} cannot take the step {step!r}.") \
            from None


def action_steps_from(state: str) -> list[str]:
    """The steps an action in `state` may take, in the table's order."""
    return [step for (source, step) in ACTION_TRANSITIONS if source == state]


def plan_actions_from(state: str) -> list[str]:
    return [action for (source, action) in PLAN_TRANSITIONS if source == state]
