"""The feedback workflows, written out: which action moves a record from which state to which,
and who may take it.

An invitation waits for an answer until the family answers (by its link or code) or staff
withdraw it. Expiry is not a stored state: an invitation past `expires_at` is treated as expired
wherever it is read (`invitation_state`), so no job has to run for a link to stop working.
A safety alert is open until a quality assurance officer records what was done.
"""

from datetime import datetime

from django.core.exceptions import ValidationError

from clearsight.feedback.models import Invitation, SafetyAlert
from clearsight.organisation.roles import CASE_ROLES, Role

EXPIRED = "expired"  # shown, never stored

INVITATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (Invitation.Status.ISSUED, "answer"): Invitation.Status.USED,
    (Invitation.Status.ISSUED, "withdraw"): Invitation.Status.WITHDRAWN,
}
# "family": the person holding the link or code, who has no account.
INVITATION_ACTORS: dict[str, frozenset[str]] = {
    "answer": frozenset({"family"}),
    "withdraw": frozenset(CASE_ROLES),
}

ALERT_TRANSITIONS: dict[tuple[str, str], str] = {
    (SafetyAlert.Status.OPEN, "deal_with"): SafetyAlert.Status.DEALT_WITH,
}
ALERT_ACTORS: dict[str, frozenset[str]] = {
    "deal_with": frozenset({Role.QA_OFFICER}),
}


def invitation_state(invitation: Invitation, *, now: datetime) -> str:
    """The state a person sees: issued, used, withdrawn or expired."""
    if invitation.status == Invitation.Status.ISSUED and invitation.expires_at <= now:
        return EXPIRED
    return str(invitation.status)


def next_state(table: dict[tuple[str, str], str], state: str, action: str) -> str:
    try:
        return table[(state, action)]
    except KeyError:
        raise ValidationError(f"You cannot {action.replace('_', ' ')} this now: "
                              f"it is {state.replace('_', ' ')}.") from None


def may_act(actors: dict[str, frozenset[str]], action: str, roles: list[str]) -> bool:
    return bool(actors.get(action, frozenset()) & set(roles))
