"""Reads of children and cases. Every read for a person goes through these functions."""

from django.db.models import Q, QuerySet
from django.http import Http404

from clearsight.casework.models import Case
from clearsight.organisation.models import User
from clearsight.organisation.roles import CaseScope
from clearsight.organisation.selectors import user_case_scope


def case_visibility_q(user: User) -> Q | None:
    """The filter on Case that this user may see, or None for nothing at all.

    The one place the case access rule is written: practitioners their own cases, team
    managers their team's, service managers and heads of service their service area's,
    directors, the principal social worker, QA and performance analysts every case.
    """
    scope = user_case_scope(user)
    if scope == CaseScope.ALL:
        return Q()
    if scope == CaseScope.NONE:
        return None
    q = Q(allocated_worker=user)
    if scope in (CaseScope.TEAM, CaseScope.SERVICE) and user.team_id is not None:
        q |= Q(team_id=user.team_id)
    if scope == CaseScope.SERVICE and user.team is not None:
        # The case team's service area now, not the one the last case extract stamped on the
        # case: a team moved by the staff file takes its cases with it.
        q |= Q(team__service_area_id=user.team.service_area_id)
    return q


def case_list_for_user(*, user: User, open_only: bool = True) -> QuerySet[Case]:
    visible = case_visibility_q(user)
    if visible is None:
        return Case.objects.none()
    cases = Case.objects.filter(visible).select_related(
        "child", "team__service_area", "allocated_worker"
    )
    if open_only:
        cases = cases.filter(closed_on__isnull=True)
    return cases


def case_get_for_user(*, user: User, case_ref: str) -> Case:
    """The case, or 404 whether it does not exist or the user may not see it."""
    try:
        return case_list_for_user(user=user, open_only=False).get(case_ref=case_ref)
    except Case.DoesNotExist:
        raise Http404("No such case") from None
