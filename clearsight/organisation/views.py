from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clearsight.core.access import for_roles
from clearsight.core.models import ImportRecord
from clearsight.organisation.models import Team
from clearsight.organisation.roles import DATA_ROLES, STAFF_DIRECTORY_ROLES
from clearsight.organisation.selectors import service_area_list_with_teams, team_members


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


@for_roles(DATA_ROLES)
def import_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisation/import_list.html",
                  {"imports": ImportRecord.objects.select_related("imported_by")[:50]})
