"""Complaints and compliments pages: form > service > redirect. Records are read only through
selectors, which answer 404 for a complaint the person may not see as for a missing one."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clearsight.casework.selectors import case_list_for_user
from clearsight.complaints import forms, letters, reports, selectors, services, workflow
from clearsight.complaints.models import Complaint, Status
from clearsight.core.access import for_roles
from clearsight.core.access_log import log_access
from clearsight.core.calendar import working_calendar
from clearsight.organisation.roles import CASE_ROLES, Role
from clearsight.organisation.typing import AuthenticatedHttpRequest

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONFLICT = ("Someone else changed this complaint after you opened this page, so your change "
            "was not saved. Check the complaint as it is now and try again.")


def _log(request: AuthenticatedHttpRequest, complaint: Complaint, action: str = "view") -> None:
    log_access(request=request, object_type="complaint", object_id=complaint.reference,
               action=action)


def _errors(form: Any, error: ValidationError | workflow.TransitionError) -> None:
    for message in getattr(error, "messages", [str(error)]):
        form.add_error(None, message)


# ------------------------------------------------------------------ complaints


@for_roles(workflow.COMPLAINT_VIEW_ROLES, child_data=True)
def complaint_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    complaints = selectors.complaint_list_for_user(user=request.user).prefetch_related("pauses")
    if show == "open":
        complaints = complaints.exclude(status__in=[Status.CLOSED, Status.OMBUDSMAN])
    page = Paginator(complaints, 50).get_page(request.GET.get("page"))
    calendar = working_calendar()
    today = timezone.localdate()
    rows = []
    for complaint in page:
        clock = (selectors.current_clock(selectors.complaint_clocks(complaint, calendar, today))
                 if complaint.is_open else None)
        rows.append({"complaint": complaint, "clock": clock})
    log_access(request=request, object_type="complaint list",
               object_id=f"{show}, page {page.number}")
    return render(request, "complaints/list.html", {
        "rows": rows, "page": page, "show": show,
        "can_record": request.user.has_role(*workflow.MANAGE_ROLES)})


@for_roles(CASE_ROLES, child_data=True)
def complaints_about_me(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The outcomes of complaints about the person signed in (no findings or notes)."""
    complaints = selectors.complaints_about(user=request.user)
    log_access(request=request, object_type="complaints about me",
               object_id=request.user.username)
    return render(request, "complaints/about_me.html", {"complaints": complaints})


@for_roles(workflow.MANAGE_ROLES)
def complaint_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = None
        if data["case_ref"]:
            case = case_list_for_user(user=request.user, open_only=False).filter(
                case_ref=data["case_ref"].strip()).first()
            if case is None:
                form.add_error("case_ref", "There is no case with this reference that you can "
                                           "see")
        if not form.errors:
            try:
                complaint = services.complaint_create(
                    by=request.user, received_on=data["received_on"], source=data["source"],
                    complainant_type=data["complainant_type"],
                    complainant_name=data["complainant_name"], summary=data["summary"],
                    team=data["team"], case=case, worker=data["worker"])
            except ValidationError as error:
                _errors(form, error)
            else:
                messages.success(request, f"Recorded complaint {complaint.reference}.")
                return redirect("complaints:detail", reference=complaint.reference)
    return render(request, "complaints/create.html", {"form": form})


@for_roles(workflow.COMPLAINT_VIEW_ROLES, child_data=True)
def complaint_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get_for_user(user=request.user, reference=reference)
    _log(request, complaint)
    calendar = working_calendar()
    today = timezone.localdate()
    roles = request.user.role_codes()
    return render(request, "complaints/detail.html", {
        "complaint": complaint,
        "clocks": selectors.complaint_clocks(complaint, calendar, today),
        "points": complaint.points.all(),
        "events": [(event, workflow.event_label(event.action))
                   for event in complaint.events.select_related("by")],
        "pauses": complaint.pauses.all(),
        "learning": complaint.learning_actions.select_related("owner"),
        "actions": workflow.actions_for(complaint.status, roles),
        "can_manage": request.user.has_role(*workflow.MANAGE_ROLES),
        "can_record_outcomes": (complaint.status == Status.STAGE1
                                and workflow.may_take(roles, "respond")),
        "paused": complaint.pauses.filter(ends_on__isnull=True).exists(),
    })


def _action_kwargs(action: str, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if action == "close":
        payment: Decimal | None = data.pop("payment")
        data["payment_pence"] = int(payment * 100) if payment is not None else None
    return data


ACTION_SERVICES = {
    "allocate": services.complaint_allocate,
    "record_contact": services.complaint_record_contact,
    "record_meeting": services.complaint_record_meeting,
    "add_point": services.complaint_add_point,
    "resolve_early": services.complaint_resolve_early,
    "start_stage1": services.complaint_start_stage1,
    "pause": services.complaint_pause,
    "resume": services.complaint_resume,
    "extend": services.complaint_extend,
    "sign_off": services.complaint_sign_off,
    "respond": services.complaint_respond,
    "mediate": services.complaint_mediate,
    "escalate": services.complaint_escalate,
    "extend_stage2": services.complaint_extend_stage2,
    "respond_stage2": services.complaint_respond_stage2,
    "escalate_stage3": services.complaint_escalate_stage3,
    "record_panel": services.complaint_record_panel,
    "close": services.complaint_close,
    "refer_ombudsman": services.complaint_refer_ombudsman,
    "withdraw": services.complaint_withdraw,
}


@for_roles(workflow.MANAGE_ROLES | workflow.SIGN_OFF_ROLES, child_data=True)
def complaint_action(request: AuthenticatedHttpRequest, reference: str,
                     action: str) -> HttpResponse:
    """One step of the procedure: its form, then the service that takes it."""
    code = action.replace("-", "_")
    if code not in ACTION_SERVICES:
        raise Http404("No such step")
    if not workflow.may_take(request.user.role_codes(), code):
        raise PermissionDenied
    complaint = selectors.complaint_get_for_user(user=request.user, reference=reference)
    _log(request, complaint)
    allowed = (complaint.status, code) in workflow.TRANSITIONS
    form_class = forms.ACTION_FORMS[code]
    initial: dict[str, Any] = {"version": complaint.version}
    if "on" in form_class.base_fields:
        initial["on"] = timezone.localdate()
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            ACTION_SERVICES[code](complaint=complaint, by=request.user,  # type: ignore[operator]
                                  **_action_kwargs(code, form.cleaned_data))
        except services.ConflictError:
            # Keep what they typed, with the version now saved: they see the message and
            # the complaint as it is before saving again.
            data = request.POST.copy()
            data["version"] = str(Complaint.objects.get(pk=complaint.pk).version)
            form = form_class(data)
            form.is_valid()
            form.add_error(None, CONFLICT)
        except (ValidationError, workflow.TransitionError) as error:
            _errors(form, error)
        else:
            messages.success(request, f"{workflow.ACTIONS[code].label}: saved.")
            return redirect("complaints:detail", reference=complaint.reference)
    return render(request, "complaints/action.html", {
        "complaint": complaint, "action": workflow.ACTIONS[code], "form": form,
        "allowed": allowed, "status": Status(complaint.status).label})


@for_roles(workflow.MANAGE_ROLES, child_data=True)
def point_outcome(request: AuthenticatedHttpRequest, reference: str, number: int) -> HttpResponse:
    point = selectors.point_get_for_user(user=request.user, reference=reference, number=number)
    complaint = point.complaint
    _log(request, complaint)
    initial = {"version": point.version, "outcome": point.outcome, "finding": point.finding}
    form = forms.PointOutcomeForm(request.POST if request.method == "POST" else None,
                                  initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.point_record_outcome(point=point, by=request.user,
                                          **form.cleaned_data)
        except services.ConflictError:
            point.refresh_from_db()
            form = forms.PointOutcomeForm({"version": point.version, "outcome": point.outcome,
                                           "finding": point.finding})
            form.is_valid()
            form.add_error(None, "Someone else recorded this point's outcome after you opened "
                                 "this page. Their version is shown: check it and save yours "
                                 "again if it is still right.")
        except (ValidationError, workflow.TransitionError) as error:
            _errors(form, error)
        else:
            messages.success(request, f"Saved the outcome of point {point.number}.")
            return redirect("complaints:detail", reference=complaint.reference)
    return render(request, "complaints/point.html", {
        "complaint": complaint, "point": point, "form": form})


@for_roles(workflow.MANAGE_ROLES, child_data=True)
def learning_add(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    complaint = selectors.complaint_get_for_user(user=request.user, reference=reference)
    _log(request, complaint)
    form = forms.LearningForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_action_add(complaint=complaint, by=request.user,
                                         **form.cleaned_data)
        except (ValidationError, workflow.TransitionError) as error:
            _errors(form, error)
        else:
            messages.success(request, "Recorded the learning and its action.")
            return redirect("complaints:detail", reference=complaint.reference)
    return render(request, "complaints/learning.html", {"complaint": complaint, "form": form})


@for_roles(workflow.MANAGE_ROLES, child_data=True)
def learning_complete(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    item = selectors.learning_action_get_for_user(user=request.user, reference=reference, pk=pk)
    complaint = item.complaint
    _log(request, complaint)
    form = forms.CompleteForm(request.POST if request.method == "POST" else None,
                              initial={"version": item.version, "on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_action_complete(item=item, by=request.user, **form.cleaned_data)
        except services.ConflictError:
            form.add_error(None, "Someone else changed this action after you opened this "
                                 "page. Go back to the complaint to see it.")
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, "Marked the action complete.")
            return redirect("complaints:detail", reference=complaint.reference)
    return render(request, "complaints/learning_complete.html", {
        "complaint": complaint, "item": item, "form": form})


@for_roles(workflow.MANAGE_ROLES, child_data=True)
def complaint_letter(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The stage 1 outcome letter as a Word document (?version=child for a child's)."""
    complaint = selectors.complaint_get_for_user(user=request.user, reference=reference)
    if complaint.stage1_responded_on is None:
        raise Http404("No stage 1 response yet")
    log_access(request=request, object_type="complaint letter", object_id=complaint.reference)
    for_child = request.GET.get("version") == "child"
    data = letters.render_letter(complaint, working_calendar(), for_child=for_child,
                                 authority=settings.AUTHORITY_NAME)
    response = HttpResponse(data, content_type=DOCX)
    suffix = "-child" if for_child else ""
    response["Content-Disposition"] = (
        f'attachment; filename="{complaint.reference}-stage1-letter{suffix}.docx"')
    return response


# ------------------------------------------------------------------ compliments


@for_roles(workflow.COMPLIMENT_VIEW_ROLES)
def compliment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    compliments = selectors.compliment_list_for_user(user=request.user)
    page = Paginator(compliments, 50).get_page(request.GET.get("page"))
    return render(request, "complaints/compliments.html", {
        "page": page, "can_record": request.user.has_role(*workflow.COMPLIMENT_RECORD_ROLES)})


@for_roles(workflow.COMPLIMENT_RECORD_ROLES)
def compliment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ComplimentForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        staff = data.pop("staff")
        try:
            services.compliment_record(by=request.user, staff=[staff], **data)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, f"Logged the compliment for {staff.display_name}.")
            return redirect("complaints:compliments")
    return render(request, "complaints/compliment_create.html", {"form": form})


@for_roles(workflow.COMPLAINT_VIEW_ROLES)
def compliments_by_team(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = reports.financial_year_of(timezone.localdate())
    return render(request, "complaints/compliments_by_team.html", {
        "teams": reports.compliments_by_team(
            compliments=selectors.compliment_list_for_user(user=request.user), year=year),
        "year": year})


# ------------------------------------------------------------------ reports


@for_roles(workflow.REPORT_ROLES)
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The statutory quarterly report, over every complaint, small numbers suppressed."""
    today = timezone.localdate()
    quarter = reports.quarter_from(request.GET.get("quarter", ""), today)
    return render(request, "complaints/report.html", {
        "report": reports.quarterly(quarter=quarter, calendar=working_calendar(), today=today),
        "choices": reports.quarter_choices(today), "quarter": quarter})



XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@for_roles(workflow.REPORT_ROLES)
def report_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The quarterly report as Excel (?format=xlsx) or Word (?format=docx)."""
    today = timezone.localdate()
    quarter = reports.quarter_from(request.GET.get("quarter", ""), today)
    report_data = reports.quarterly(quarter=quarter, calendar=working_calendar(), today=today)
    if request.GET.get("format") == "docx":
        data, content_type, suffix = (reports.report_docx(report_data, settings.AUTHORITY_NAME),
                                      DOCX, "docx")
    else:
        data, content_type, suffix = (reports.report_xlsx(report_data, settings.AUTHORITY_NAME),
                                      XLSX, "xlsx")
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="complaints-{quarter.code}.{suffix}"')
    return response


@for_roles(workflow.REPORT_ROLES | {Role.PRACTITIONER})
def learning_bulletin(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The quarterly learning from complaints and compliments bulletin, for all staff."""
    today = timezone.localdate()
    quarter = reports.quarter_from(request.GET.get("quarter", ""), today)
    return render(request, "complaints/bulletin.html", {
        "bulletin": reports.bulletin(quarter=quarter), "quarter": quarter,
        "choices": reports.quarter_choices(today)})
