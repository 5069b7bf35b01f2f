from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clearsight.core.access import for_roles
from clearsight.core.access_log import log_access
from clearsight.organisation.models import Team
from clearsight.organisation.roles import (
    CASE_IMPORT_ROLES,
    DATA_ROLES,
    PLAN_ROLES,
    STAFF_DIRECTORY_ROLES,
    STAFF_IMPORT_ROLES,
)
from clearsight.organisation.selectors import (
    import_get_for_user,
    import_list_for_user,
    service_area_list_with_teams,
    team_members,
)
from clearsight.organisation.services import STAFF_SPEC, staff_import_csv
from clearsight.organisation.typing import AuthenticatedHttpRequest
from clearsight.organisation.uploads import PROBLEMS_SHOWN, import_upload_page


@for_roles(STAFF_DIRECTORY_ROLES)
def team_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisation/team_list.html",
                  {"service_areas": service_area_list_with_teams()})


@for_roles(STAFF_DIRECTORY_ROLES)
def team_detail(request: HttpRequest, code: str) -> HttpResponse:
    # Teams and staff are not child data: any role with the directory may see every team.
    team = get_object_or_404(Team.objects.select_related("service_area", "locality"), code=code)
    return render(request, "organisation/team_detail.html",
                  {"team": team, "members": team_members(team=team)})


# Every import the person may read (selectors.import_kinds_for_user): those who run
# improvement plans see the plans imported, with their rows and problems.
IMPORT_READERS = DATA_ROLES | PLAN_ROLES


@for_roles(IMPORT_READERS)
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "organisation/import_list.html",
                  {"imports": import_list_for_user(user=request.user)[:50],
                   "can_import_staff": request.user.has_role(*STAFF_IMPORT_ROLES),
                   "can_import_cases": request.user.has_role(*CASE_IMPORT_ROLES),
                   "can_import_plans": request.user.has_role(*PLAN_ROLES)})


@for_roles(STAFF_IMPORT_ROLES)
def import_staff(request: AuthenticatedHttpRequest) -> HttpResponse:
    return import_upload_page(
        request, importer=staff_import_csv, spec=STAFF_SPEC, title="Import staff and teams",
        intro="Load the organisation from the HR system: directorates, service areas, teams "
              "and localities, and each member of staff with their roles. A person already "
              "known by their staff ID is updated; their roles are replaced by the file's.",
    )


@for_roles(IMPORT_READERS, child_data=True)
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # A refused case extract quotes cell values (child IDs, dates of birth), so reading one is
    # logged like any child-level page; the selector keeps them from roles without case access.
    record = import_get_for_user(user=request.user, pk=pk)
    log_access(request=request, object_type="import", object_id=record.pk)
    return render(request, "organisation/import_detail.html", {
        "record": record,
        "problems": record.errors[:PROBLEMS_SHOWN],
        "unchanged": record.rows - record.created - record.updated,
    })
