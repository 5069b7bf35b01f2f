"""Reads of the organisation tree and of what a person's roles let them reach."""

from django.db.models import Count, Prefetch, QuerySet

from clearsight.organisation.models import ServiceArea, Team, User
from clearsight.organisation.roles import CASE_SCOPE, SCOPE_ORDER, CaseScope


def user_case_scope(user: User) -> CaseScope:
    """The widest case scope among the user's roles (roles add up, never subtract)."""
    if not user.is_authenticated or not user.is_active:
        return CaseScope.NONE
    scopes = [CASE_SCOPE.get(code, CaseScope.NONE) for code in user.role_codes()]
    return max(scopes, key=SCOPE_ORDER.index, default=CaseScope.NONE)


def service_area_list_with_teams() -> QuerySet[ServiceArea]:
    teams = Team.objects.annotate(member_count=Count("members")).select_related("locality")
    return ServiceArea.objects.select_related("directorate").prefetch_related(
        Prefetch("teams", queryset=teams)
    )


def team_members(*, team: Team) -> QuerySet[User]:
    return team.members.filter(is_active=True).prefetch_related("role_grants")
