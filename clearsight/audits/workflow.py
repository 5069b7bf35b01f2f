"""The audit workflow: one status column, moved only by the actions in this table.

`TRANSITIONS` maps (status, action) to the next status. `ACTORS` says who may take each action,
as the part a person plays on the audit: "qa" (holds the quality assurance officer role),
"lead", "peer", "moderator", "overseer" (the head of service alerted to an inadequate audit),
or "system" (the service itself, when both gradings are in). `transition_check` refuses
anything else with a message a person can read.
"""

from typing import TYPE_CHECKING

from clearsight.audits.models import Status
from clearsight.organisation.roles import Role

if TYPE_CHECKING:
    from clearsight.audits.models import Audit
    from clearsight.organisation.models import User

TRANSITIONS: dict[tuple[str, str], str] = {
    # The draw, before anyone is asked to audit.
    (Status.DRAWN, "swap"): Status.DRAWN,
    (Status.DRAWN, "allocate"): Status.ALLOCATED,
    (Status.DRAWN, "withdraw"): Status.WITHDRAWN,
    (Status.ALLOCATED, "withdraw"): Status.WITHDRAWN,
    # Allocation and reassignment.
    (Status.ALLOCATED, "reassign"): Status.ALLOCATED,
    (Status.IN_PROGRESS, "reassign"): Status.IN_PROGRESS,
    (Status.MODERATION, "reassign"): Status.MODERATION,
    # The lead and the peer grade independently.
    (Status.ALLOCATED, "start"): Status.IN_PROGRESS,
    (Status.IN_PROGRESS, "submit"): Status.IN_PROGRESS,
    # Once both have submitted: the same grades everywhere, or moderation.
    (Status.IN_PROGRESS, "agree"): Status.AGREED,
    (Status.IN_PROGRESS, "refer"): Status.MODERATION,
    (Status.MODERATION, "moderate"): Status.MODERATED,
    # Findings shared and actions set; an inadequate overall grade goes to the head of service.
    (Status.AGREED, "complete"): Status.COMPLETED,
    (Status.MODERATED, "complete"): Status.COMPLETED,
    (Status.AGREED, "escalate"): Status.ESCALATED,
    (Status.MODERATED, "escalate"): Status.ESCALATED,
    (Status.ESCALATED, "oversee"): Status.ESCALATED,
    (Status.ESCALATED, "review"): Status.ESCALATED,
    (Status.ESCALATED, "reaudit"): Status.ESCALATED,
    (Status.ESCALATED, "close"): Status.COMPLETED,
}

ACTORS: dict[str, frozenset[str]] = {
    "swap": frozenset({"qa"}),
    "allocate": frozenset({"qa", "system"}),
    "withdraw": frozenset({"qa"}),
    "reassign": frozenset({"qa"}),
    "start": frozenset({"lead", "peer"}),
    "submit": frozenset({"lead", "peer"}),
    "agree": frozenset({"system"}),
    "refer": frozenset({"system"}),
    "moderate": frozenset({"moderator"}),
    "complete": frozenset({"qa", "lead", "moderator"}),
    "escalate": frozenset({"qa", "lead", "moderator"}),
    "oversee": frozenset({"overseer"}),
    "review": frozenset({"overseer"}),
    "reaudit": frozenset({"overseer"}),
    "close": frozenset({"overseer"}),
}

# Who completes: the lead for an agreed audit, the moderator for a moderated one (and QA).
COMPLETERS: dict[str, str] = {Status.AGREED: "lead", Status.MODERATED: "moderator"}

OPEN_STATUSES = frozenset({Status.DRAWN, Status.ALLOCATED, Status.IN_PROGRESS,
                           Status.AGREED, Status.MODERATION, Status.MODERATED})
# Past their deadline while still here: late.
LATE_STATUSES = frozenset({Status.ALLOCATED, Status.IN_PROGRESS, Status.AGREED,
                           Status.MODERATION, Status.MODERATED})


class TransitionError(Exception):
    """The action is not allowed now, or not to this person. The message says why."""


def parts_played(user: "User | None", audit: "Audit") -> set[str]:
    """The parts `user` plays on `audit` (None: the system)."""
    if user is None:
        return {"system"}
    parts = set()
    if user.has_role(Role.QA_OFFICER):
        parts.add("qa")
    for part in ("lead", "peer", "moderator", "overseer"):
        if getattr(audit, f"{part}_id") == user.pk:
            parts.add(part)
    return parts


def transition_check(*, audit: "Audit", action: str, user: "User | None") -> str:
    """The status `action` leads to, or TransitionError."""
    target = TRANSITIONS.get((audit.status, action))
    if target is None:
        raise TransitionError(
            f"This audit is {audit.get_status_display().lower()}, so it cannot be "
            f"{ACTION_WORDS.get(action, action)} now.")
    parts = parts_played(user, audit)
    if action == "complete" and user is not None and "qa" not in parts:
        # The lead completes an agreed audit, the moderator a moderated one.
        if COMPLETERS.get(audit.status) not in parts:
            raise TransitionError("Only the lead auditor (agreed audits), the moderator "
                                  "(moderated audits) or a QA officer can complete this audit.")
        return target
    if not (ACTORS[action] & parts):
        raise TransitionError(
            f"You cannot {ACTION_VERBS.get(action, action)} this audit: that is for the "
            f"{' or '.join(sorted(PART_NAMES[p] for p in ACTORS[action] if p != 'system'))}.")
    return target


PART_NAMES = {"qa": "quality assurance team", "lead": "lead auditor", "peer": "peer auditor",
              "moderator": "moderator", "overseer": "head of service overseeing it",
              "system": "system"}
ACTION_VERBS = {"swap": "swap the case on", "allocate": "allocate", "withdraw": "withdraw",
                "reassign": "reassign", "start": "start", "submit": "submit grades for",
                "moderate": "moderate", "complete": "complete", "escalate": "escalate",
                "oversee": "record oversight of", "review": "record the 6-week review of",
                "reaudit": "start a re-audit of", "close": "close the escalation of"}
ACTION_WORDS = {"swap": "swapped", "allocate": "allocated", "withdraw": "withdrawn",
                "reassign": "reassigned", "start": "started", "submit": "submitted",
                "agree": "agreed", "refer": "sent to moderation", "moderate": "moderated",
                "complete": "completed", "escalate": "escalated",
                "oversee": "given oversight", "review": "reviewed", "reaudit": "re-audited",
                "close": "closed"}
