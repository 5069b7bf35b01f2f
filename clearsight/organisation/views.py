from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clearsight.core.access import for_roles
from clearsight.core.models import ImportRecord
from clearsight.organisation.models import Team
from clearsight.organisation.roles import DATA_ROLES, STAFF_DIRECTORY_ROLES, CaseScope
from clearsight.organisation.selectors import (
    service_area_list_with_teams,
    team_members,
    user_case_scope,
)
from clearsight.organisation.services import STAFF_SPEC, staff_import_csv
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


@for_roles(DATA_ROLES)
def import_list(request: HttpRequest) -> HttpResponse:
    return render(request, "organisation/import_list.html",
                  {"imports": ImportRecord.objects.select_related("imported_by")[:50]})


@for_roles(DATA_ROLES)
def import_staff(request: HttpRequest) -> HttpResponse:
    return import_upload_page(
        request, importer=staff_import_csv, spec=STAFF_SPEC, title="Import staff and teams",
        intro="Load the organisation from the HR system: directorates, service areas, teams "
              "and localities, and each member of staff with their roles. A person already "
              "known by their staff ID is updated; their roles are replaced by the file's.",
    )


@for_roles(DATA_ROLES)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ImportRecord.objects.select_related("imported_by"), pk=pk)
    # A refused case extract quotes cell values (child IDs, dates of birth): only roles that
    # may see children's cases are shown them.
    hide_values = (record.kind == ImportRecord.Kind.CASES
                   and user_case_scope(request.user) == CaseScope.NONE)  # type: ignore[arg-type]
    return render(request, "organisation/import_detail.html", {
        "record": record,
        "problems": record.errors[:PROBLEMS_SHOWN],
        "hide_values": hide_values,
        "unchanged": record.rows - record.created - record.updated,
    })
