from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from clearsight.casework.selectors import case_get_for_user, case_list_for_user
from clearsight.casework.services import CASES_SPEC, cases_import_csv
from clearsight.core.access import for_roles
from clearsight.core.access_log import log_access
from clearsight.organisation.roles import CASE_IMPORT_ROLES, CASE_ROLES
from clearsight.organisation.typing import AuthenticatedHttpRequest
from clearsight.organisation.uploads import import_upload_page

PAGE_SIZE = 50


@for_roles(CASE_ROLES, child_data=True)
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Open cases the user may see, a page at a time. Each page shown is one access-log row."""
    cases = case_list_for_user(user=request.user).order_by("team__name", "case_ref")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    log_access(request=request, object_type="case list", object_id=f"page {page.number}")
    return render(request, "casework/case_list.html", {"page": page})


@for_roles(CASE_ROLES, child_data=True)
def case_detail(request: AuthenticatedHttpRequest, case_ref: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_ref=case_ref)
    log_access(request=request, object_type="case", object_id=case.case_ref)
    return render(request, "casework/case_detail.html", {"case": case})


@for_roles(CASE_IMPORT_ROLES)
def case_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    return import_upload_page(
        request, importer=cases_import_csv, spec=CASES_SPEC,
        title="Import a case-system extract",
        intro="Load children and their cases from the case-management system, one row per "
              "case. A case already known by its case reference is updated. Teams and "
              "allocated workers must already be loaded from the staff file.",
    )
