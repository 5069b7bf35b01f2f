"""Reads of the organisation tree and of what a person's roles let them reach."""

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from clearsight.core.models import ImportRecord
from clearsight.organisation.models import ServiceArea, Team, User
from clearsight.organisation.roles import (
    CASE_IMPORT_ROLES,
    CASE_SCOPE,
    DATA_ROLES,
    PLAN_ROLES,
    SCOPE_ORDER,
    CaseScope,
)


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


def import_kinds_for_user(user: User) -> set[str]:
    """Which import records a person may read: staff, population and plan files for the data
    roles; improvement plans (no child-level data) for those who run plans too; case extracts
    and national returns (which quote child IDs and dates of birth) only for those who load
    them."""
    kinds: set[str] = set()
    if user.has_role(*DATA_ROLES):
        kinds |= {ImportRecord.Kind.STAFF, ImportRecord.Kind.POPULATION, ImportRecord.Kind.PLAN}
    if user.has_role(*PLAN_ROLES):
        kinds.add(ImportRecord.Kind.PLAN)
    if user.has_role(*CASE_IMPORT_ROLES):
        kinds |= ImportRecord.CHILD_LEVEL_KINDS
    return kinds


def import_list_for_user(*, user: User) -> QuerySet[ImportRecord]:
    return ImportRecord.objects.filter(kind__in=import_kinds_for_user(user)).select_related(
        "imported_by"
    )


def import_get_for_user(*, user: User, pk: int) -> ImportRecord:
    """The import record, or 404 whether it does not exist or the user may not read it."""
    try:
        return import_list_for_user(user=user).get(pk=pk)
    except ImportRecord.DoesNotExist:
        raise Http404("No such import") from None
