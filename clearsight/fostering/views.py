"""Private fostering pages: ordinary child-level casework for every case role, scoped by the
arrangement's team and social worker (selectors.arrangement_visibility_q)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clearsight.core.access import for_roles
from clearsight.core.access_log import log_access
from clearsight.core.calendar import working_calendar
from clearsight.fostering import forms, selectors, services
from clearsight.fostering.models import Arrangement
from clearsight.fostering.workflow import Action, TransitionError, allowed_actions, may
from clearsight.organisation.models import Team, User
from clearsight.organisation.roles import CASE_ROLES
from clearsight.organisation.typing import AuthenticatedHttpRequest

STALE = ("Someone else changed this arrangement after you opened this page, so your changes "
         "were not saved. Check the page and try again")


def _post(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _arrangement(request: AuthenticatedHttpRequest, pk: int, action: str | None = None
                 ) -> Arrangement:
    """The arrangement: 403 for an action the user's roles never allow, then 404 for one that
    does not exist or that they may not see."""
    if action is not None and not may(action=action, roles=set(request.user.role_codes())):
        raise PermissionDenied
    found = selectors.arrangement_get_for_user(user=request.user, pk=pk)
    log_access(request=request, object_type="fostering.arrangement", object_id=found.reference)
    return found


def _refuse_unless(request: AuthenticatedHttpRequest, found: Arrangement, action: str) -> None:
    if action not in allowed_actions(state=found.status, roles=set(request.user.role_codes())):
        raise PermissionDenied


def _failed(form: Any, error: Exception) -> None:
    form.add_error(None, STALE if isinstance(error, services.ConflictError) else str(error))


@for_roles(CASE_ROLES, child_data=True)
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    log_access(request=request, object_type="fostering.arrangement", object_id="dashboard")
    today = timezone.localdate()
    compliance = selectors.compliance_for(user=request.user, today=today)
    return render(request, "fostering/dashboard.html", {
        "compliance": compliance, "today": today})


@for_roles(CASE_ROLES, child_data=True)
def arrangement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    log_access(request=request, object_type="fostering.arrangement", object_id="list")
    arrangements = selectors.arrangement_list_for_user(user=request.user)
    status = request.GET.get("status", "")
    if status in Arrangement.Status.values:
        arrangements = arrangements.filter(status=status)
    page = Paginator(arrangements, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "fostering/list.html", {
        "page": page, "status": status, "statuses": Arrangement.Status.choices,
        "page_query": query.urlencode()})


@for_roles(CASE_ROLES, child_data=True)
def arrangement_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    log_access(request=request, object_type="fostering.arrangement", object_id="new")
    teams = Team.objects.order_by("name")
    workers = User.objects.filter(is_active=True, role_grants__role="practitioner").distinct(
    ).order_by("last_name", "first_name")
    form = forms.NotificationForm(_post(request), teams=teams, workers=workers,
                                  initial={"team": request.user.team_id})
    if request.method == "POST" and form.is_valid():
        try:
            found = services.arrangement_notify(by=request.user, **form.cleaned_data)
        except services.FosteringError as error:
            _failed(form, error)
        else:
            messages.success(request, f"Recorded {found.reference} for {found.team.name}.")
            if selectors.arrangement_list_for_user(user=request.user).filter(
                    pk=found.pk).exists():
                return redirect("fostering:arrangement", pk=found.pk)
            return redirect("fostering:dashboard")  # recorded for a team out of their reach
    return render(request, "fostering/form.html", {
        "form": form, "title": "Record a private fostering notification",
        "button": "Record the notification"})


@for_roles(CASE_ROLES, child_data=True)
def arrangement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = _arrangement(request, pk)
    today = timezone.localdate()
    clock = selectors.clocks_for(arrangements=[found], today=today)[0]
    return render(request, "fostering/arrangement.html", {
        "arrangement": found, "clock": clock, "today": today,
        "first_due": selectors.first_visit_due(found, working_calendar()),
        "notified_late": selectors.notified_late(found),
        "visits": found.visits.select_related("by"), "notices": found.notices.all(),
        "events": found.events.select_related("by"),
        "actions": allowed_actions(state=found.status, roles=set(request.user.role_codes()))})


@for_roles(CASE_ROLES, child_data=True)
def visit_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = _arrangement(request, pk, Action.RECORD_VISIT)
    _refuse_unless(request, found, Action.RECORD_VISIT)
    form = forms.VisitForm(_post(request), initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(by=request.user, arrangement_pk=found.pk, **form.cleaned_data)
        except (services.FosteringError, TransitionError) as error:
            _failed(form, error)
        else:
            messages.success(request, "Recorded the visit.")
            return redirect("fostering:arrangement", pk=found.pk)
    return render(request, "fostering/form.html", {
        "form": form, "arrangement": found, "title": f"Record a visit for {found.reference}",
        "button": "Record the visit"})


@for_roles(CASE_ROLES, child_data=True)
def arrangement_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = _arrangement(request, pk, Action.DECIDE_SUITABLE)
    _refuse_unless(request, found, Action.DECIDE_SUITABLE)
    form = forms.DecisionForm(_post(request), initial={
        "version": found.version, "decided_on": timezone.localdate(),
        "assessment": found.assessment})
    if request.method == "POST" and form.is_valid():
        try:
            services.arrangement_decide(by=request.user, pk=found.pk, **form.cleaned_data)
        except (services.FosteringError, services.ConflictError, TransitionError) as error:
            _failed(form, error)
        else:
            messages.success(request, "Recorded the decision.")
            return redirect("fostering:arrangement", pk=found.pk)
    return render(request, "fostering/form.html", {
        "form": form, "arrangement": found, "title": f"Suitability of {found.reference}",
        "button": "Record the decision"})


@for_roles(CASE_ROLES, child_data=True)
def notice_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = _arrangement(request, pk, Action.RECORD_CHANGE)
    _refuse_unless(request, found, Action.RECORD_CHANGE)
    form = forms.NoticeForm(_post(request), initial={"version": found.version,
                                                     "received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_record(by=request.user, pk=found.pk, **form.cleaned_data)
        except (services.FosteringError, services.ConflictError, TransitionError) as error:
            _failed(form, error)
        else:
            messages.success(request, "Recorded the notice.")
            return redirect("fostering:arrangement", pk=found.pk)
    return render(request, "fostering/form.html", {
        "form": form, "arrangement": found,
        "title": f"Record a notice of change or end for {found.reference}",
        "button": "Record the notice"})


@for_roles(CASE_ROLES)
def awareness(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.AwarenessForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.awareness_record(by=request.user, **form.cleaned_data)
        except services.FosteringError as error:
            _failed(form, error)
        else:
            messages.success(request, "Recorded the awareness activity.")
            return redirect("fostering:awareness")
    page = Paginator(selectors.awareness_list(), 50).get_page(request.GET.get("page"))
    return render(request, "fostering/awareness.html", {"form": form, "page": page,
                                                        "page_query": ""})
