"""Feedback pages: the public survey pages families use without an account, and the staff
pages (inviting, phone answers, responses, alerts, results, themes, "you said, we did").

Public flow: the link (/feedback/answer/<token>/) or the code page finds the invitation, keeps
only its id in the session and sends the person on to the questions at a URL holding nothing
about them. Failed guesses at links and codes are counted per client (core.rate_limit).
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clearsight.casework.selectors import case_get_for_user
from clearsight.core import rate_limit
from clearsight.core.access import for_roles, public, signed_in
from clearsight.core.access_log import log_access
from clearsight.feedback import documents, forms, selectors, services
from clearsight.feedback.models import (
    Audience,
    Invitation,
    SafetyAlert,
    SurveyPoint,
)
from clearsight.organisation.models import ServiceArea
from clearsight.organisation.roles import CASE_ROLES, Role
from clearsight.organisation.typing import AuthenticatedHttpRequest

SESSION_KEY = "feedback_invitation"
ISSUED_KEY = "feedback_issued"  # the link and code, shown once after an invitation is made
QA = frozenset({Role.QA_OFFICER})
# Aggregate pages (suppressed counts, no child-level rows): case roles and the board.
RESULTS_ROLES = frozenset(CASE_ROLES | {Role.BOARD_MEMBER})
GUESS_LIMIT = 10  # failed links or codes per client
GUESS_WINDOW = 15 * 60  # seconds


def _help() -> dict[str, str]:
    return {"help_phone": getattr(settings, "FEEDBACK_HELP_PHONE", "")}


def _link_base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


# ------------------------------------------------------------------ public pages


def _guess_key(request: HttpRequest) -> str:
    return rate_limit.client_key(request, "feedback-guess")


def _limited(request: HttpRequest) -> HttpResponse:
    return render(request, "feedback/public/too_many.html", _help(), status=429)


def _unavailable(request: HttpRequest, state: str) -> HttpResponse:
    template = {"used": "feedback/public/used.html", "expired": "feedback/public/expired.html",
                "withdrawn": "feedback/public/expired.html"}.get(state,
                                                                 "feedback/public/unknown.html")
    return render(request, template, _help(), status=404 if state == "unknown" else 410)


def _open(request: HttpRequest, found: services.Found) -> HttpResponse:
    if found.state != Invitation.Status.ISSUED or found.invitation is None:
        if found.state == "unknown":
            rate_limit.record(_guess_key(request), window=GUESS_WINDOW)
        return _unavailable(request, found.state)
    request.session.cycle_key()
    request.session[SESSION_KEY] = found.invitation.pk
    return redirect("feedback:respond")


@public
def start(request: HttpRequest) -> HttpResponse:
    """Typing the code from a letter."""
    form = forms.CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if rate_limit.too_many(_guess_key(request), limit=GUESS_LIMIT):
            return _limited(request)
        if form.is_valid():
            found = services.invitation_find(code=form.cleaned_data["code"])
            if found.state == "unknown":
                rate_limit.record(_guess_key(request), window=GUESS_WINDOW)
                form.add_error("code", "We could not find that code. Check it against your "
                                       "letter or message and try again")
            else:
                return _open(request, found)
    return render(request, "feedback/public/start.html", {"form": form, **_help()})


@public
def link(request: HttpRequest, token: str) -> HttpResponse:
    if rate_limit.too_many(_guess_key(request), limit=GUESS_LIMIT):
        return _limited(request)
    return _open(request, services.invitation_find(token=token))


@public
def respond(request: HttpRequest) -> HttpResponse:
    invitation_id = request.session.get(SESSION_KEY)
    if invitation_id is None:
        return redirect("feedback:start")
    invitation = selectors.invitation_in_session(pk=invitation_id)
    if invitation is None:
        return _unavailable(request, "unknown")
    state = services.workflow.invitation_state(invitation, now=timezone.now())
    if state != Invitation.Status.ISSUED:
        request.session.pop(SESSION_KEY, None)
        return _unavailable(request, state)
    audience = request.POST.get("audience") or request.GET.get("audience", "")
    if audience not in Audience.values:
        form: Any = forms.AudienceForm(request.GET if "audience" in request.GET else None)
        return render(request, "feedback/public/audience.html", {"form": form, **_help()})
    try:
        version = services.survey_version_current(point=invitation.point, audience=audience)
    except ValidationError:
        return render(request, "feedback/public/no_survey.html", _help(), status=503)
    form = forms.SurveyForm(request.POST if request.method == "POST" else None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit_by_link(
                invitation_id=invitation.pk, audience=audience, answers=form.answers(),
                respondent_name=form.cleaned_data["respondent_name"],
                hide_from_worker=form.cleaned_data["hide_from_worker"],
                unsafe=form.cleaned_data["unsafe"] == "yes", link_base=_link_base(request))
        except services.Unavailable as error:
            request.session.pop(SESSION_KEY, None)
            return _unavailable(request, error.state)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            request.session.pop(SESSION_KEY, None)
            request.session["feedback_unsafe"] = form.cleaned_data["unsafe"] == "yes"
            return redirect("feedback:thanks")
    return render(request, "feedback/public/survey.html", {
        "form": form, "version": version, "audience": audience,
        "child": audience == Audience.CHILD, **_help()})


@public
def thanks(request: HttpRequest) -> HttpResponse:
    unsafe = request.session.pop("feedback_unsafe", False)
    return render(request, "feedback/public/thanks.html", {"unsafe": unsafe, **_help()})


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# ------------------------------------------------------------------ inviting and phone answers


@for_roles(CASE_ROLES)
def case_find(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask or record feedback: type a case reference, go to that case's feedback page."""
    form = forms.CaseFindForm(request.GET if "case_ref" in request.GET else None)
    if form.is_valid():
        ref = form.cleaned_data["case_ref"]
        try:
            case = case_get_for_user(user=request.user, case_ref=ref)
        except Http404:
            form.add_error("case_ref", "There is no case with that reference that you can see")
        else:
            return redirect("feedback:invite", case_ref=case.case_ref)
    return render(request, "feedback/case_find.html", {"form": form})


@for_roles(CASE_ROLES, child_data=True)
def invite(request: AuthenticatedHttpRequest, case_ref: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, case_ref=case_ref)
    log_access(request=request, object_type="case", object_id=case.case_ref)
    form = forms.InviteSendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        issued = services.invitation_create(case=case, point=form.cleaned_data["point"],
                                            by=request.user)
        link = request.build_absolute_uri(reverse("feedback:link", args=[issued.token]))
        request.session[ISSUED_KEY] = {"pk": issued.invitation.pk, "code": issued.code,
                                       "link": link}
        if form.cleaned_data["email"]:
            services.invitation_send_email(
                to=form.cleaned_data["email"], link=link, code=issued.code,
                start_url=request.build_absolute_uri(reverse("feedback:start")))
            messages.success(request, "The link and code were sent by email.")
        return redirect("feedback:invitation", pk=issued.invitation.pk)
    return render(request, "feedback/invite.html", {
        "form": form, "case": case,
        "invitations": selectors.invitation_list_for_user(user=request.user).filter(case=case)})


@for_roles(CASE_ROLES, child_data=True)
def invitation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = selectors.invitation_get_for_user(user=request.user, pk=pk)
    log_access(request=request, object_type="feedback-invitation", object_id=found.pk)
    issued = request.session.get(ISSUED_KEY)
    if issued and issued.get("pk") == found.pk:
        del request.session[ISSUED_KEY]
    else:
        issued = None
    return render(request, "feedback/invitation.html", {
        "invitation": found, "issued": issued,
        "state": services.workflow.invitation_state(found, now=timezone.now()),
        "start_url": request.build_absolute_uri(reverse("feedback:start"))})


@require_POST
@for_roles(CASE_ROLES)
def invitation_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = selectors.invitation_get_for_user(user=request.user, pk=pk)
    try:
        services.invitation_withdraw(invitation=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The invitation was withdrawn: its link and code no longer "
                                  "work.")
    return redirect("feedback:invitation", pk=found.pk)


@for_roles(CASE_ROLES, child_data=True)
def phone(request: AuthenticatedHttpRequest, case_ref: str) -> HttpResponse:
    """Answers given on the phone: first what and who (a GET form), then the questions."""
    case = case_get_for_user(user=request.user, case_ref=case_ref)
    log_access(request=request, object_type="case", object_id=case.case_ref)
    chooser = forms.PhoneStartForm(request.GET if "point" in request.GET else None)
    if not chooser.is_valid():
        return render(request, "feedback/phone_start.html", {"form": chooser, "case": case})
    point, audience = chooser.cleaned_data["point"], chooser.cleaned_data["audience"]
    try:
        version = services.survey_version_current(point=point, audience=audience)
    except ValidationError as error:
        chooser.add_error(None, error.messages)
        return render(request, "feedback/phone_start.html", {"form": chooser, "case": case})
    form = forms.PhoneForm(request.POST if request.method == "POST" else None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            response = services.response_record_by_phone(
                case=case, point=point, audience=audience, answers=form.answers(),
                caller=request.user, called_on=form.cleaned_data["called_on"],
                respondent_name=form.cleaned_data["respondent_name"],
                hide_from_worker=form.cleaned_data["hide_from_worker"],
                unsafe=form.cleaned_data["unsafe"] == "yes", link_base=_link_base(request))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The answers from the call were saved.")
            return redirect("feedback:response-detail", pk=response.pk)
    return render(request, "feedback/phone.html", {
        "form": form, "case": case, "version": version,
        "point_label": SurveyPoint(point).label, "audience_label": Audience(audience).label})


# ------------------------------------------------------------------ responses


@for_roles(CASE_ROLES, child_data=True)
def responses(request: AuthenticatedHttpRequest) -> HttpResponse:
    log_access(request=request, object_type="feedback-response", object_id="list")
    found = selectors.response_list_for_user(user=request.user)
    point = request.GET.get("point", "")
    if point in SurveyPoint.values:
        found = found.filter(point=point)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    rows = [{"response": r, "hidden": selectors.identity_hidden(r, request.user)}
            for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "feedback/responses.html", {
        "page": page, "rows": rows, "point": point, "points": SurveyPoint.choices,
        "page_query": query.urlencode()})


@for_roles(CASE_ROLES, child_data=True)
def response_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = selectors.response_get_for_user(user=request.user, pk=pk)
    log_access(request=request, object_type="feedback-response", object_id=found.pk)
    is_qa = request.user.has_role(Role.QA_OFFICER)
    return render(request, "feedback/response_detail.html", {
        "response": found, "hidden": selectors.identity_hidden(found, request.user),
        "answers": found.answers.select_related("question"),
        "alerts": found.alerts.all() if is_qa else [],
        "themes_form": forms.ThemesForm(initial={"themes": found.themes.all()})
        if is_qa else None,
        "is_qa": is_qa})


@require_POST
@for_roles(QA)
def response_themes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = selectors.response_get_for_user(user=request.user, pk=pk)
    form = forms.ThemesForm(request.POST)
    if form.is_valid():
        services.response_themes_set(response=found, themes=list(form.cleaned_data["themes"]),
                                     by=request.user)
        messages.success(request, "Themes saved.")
    return redirect("feedback:response-detail", pk=found.pk)


# ------------------------------------------------------------------ safety alerts


@for_roles(QA, child_data=True)
def alerts(request: AuthenticatedHttpRequest) -> HttpResponse:
    log_access(request=request, object_type="feedback-alert", object_id="list")
    found = selectors.alert_list()
    return render(request, "feedback/alerts.html", {
        "open": found.filter(status=SafetyAlert.Status.OPEN),
        "closed": found.filter(status=SafetyAlert.Status.DEALT_WITH)[:50]})


@for_roles(QA, child_data=True)
def alert_deal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get(pk=pk)
    log_access(request=request, object_type="feedback-alert", object_id=alert.pk)
    form = forms.AlertForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_deal_with(alert=alert, by=request.user,
                                     note=form.cleaned_data["note"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The alert was recorded as dealt with.")
            return redirect("feedback:alerts")
    return render(request, "feedback/alert_deal.html", {"form": form, "alert": alert})


# ------------------------------------------------------------------ analysis


def _period(request: HttpRequest) -> tuple[date, date, str]:
    choice = request.GET.get("months", "12")
    months = int(choice) if choice in ("3", "6", "12") else 12
    end = timezone.localdate()
    return end - timedelta(days=round(months * 30.44)), end, str(months)


@for_roles(RESULTS_ROLES)
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    start, end, months = _period(request)
    rows = selectors.response_rates(start=start, end=end)
    return render(request, "feedback/overview.html", {
        "rows": rows, "start": start, "end": end, "months": months,
        "is_qa": request.user.has_role(Role.QA_OFFICER),
        "case_role": request.user.has_role(*CASE_ROLES),
        "open_alerts": selectors.alert_list().filter(status=SafetyAlert.Status.OPEN).count()
        if request.user.has_role(Role.QA_OFFICER) else 0})


@for_roles(RESULTS_ROLES)
def results(request: AuthenticatedHttpRequest) -> HttpResponse:
    code = request.GET.get("question", selectors.RESULT_QUESTIONS[0])
    if code not in selectors.RESULT_QUESTIONS:
        code = selectors.RESULT_QUESTIONS[0]
    audience = request.GET.get("audience", "")
    audience = audience if audience in Audience.values else ""
    service = ServiceArea.objects.filter(code=request.GET.get("service", "")).first()
    quarters = selectors.last_quarters(timezone.localdate(), 4)
    return render(request, "feedback/results.html", {
        "rows": selectors.question_results(code=code, quarters=quarters, audience=audience,
                                           service=service),
        "quarters": [selectors.quarter_label(q) for q in quarters],
        "questions": [(c, selectors.question_label(c)) for c in selectors.RESULT_QUESTIONS],
        "question": code, "question_text": selectors.question_label(code),
        "audience": audience, "audiences": Audience.choices, "service": service,
        "services": ServiceArea.objects.order_by("name")})


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@for_roles(RESULTS_ROLES)
def report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The quarterly feedback report: aggregates only, small numbers suppressed (ADR 0010)."""
    today = timezone.localdate()
    quarter = selectors.report_quarter_from(request.GET.get("quarter", ""), today)
    return render(request, "feedback/report.html", {
        "report": selectors.quarterly_report(quarter=quarter),
        "choices": [(selectors.quarter_code(q), selectors.quarter_label(q))
                    for q in selectors.report_quarters(today)],
        "is_qa": request.user.has_role(Role.QA_OFFICER),
        "case_role": request.user.has_role(*CASE_ROLES)})


@for_roles(RESULTS_ROLES)
def report_download(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The same report as a Word document."""
    quarter = selectors.report_quarter_from(request.GET.get("quarter", ""),
                                            timezone.localdate())
    data = documents.report_docx(selectors.quarterly_report(quarter=quarter),
                                 settings.AUTHORITY_NAME)
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="feedback-{selectors.quarter_code(quarter)}.docx"')
    return response


@for_roles(CASE_ROLES, child_data=True)
def early_help(request: AuthenticatedHttpRequest) -> HttpResponse:
    log_access(request=request, object_type="feedback-response", object_id="early-help")
    pairs = selectors.early_help_pairs(
        responses=selectors.response_list_for_user(user=request.user))
    return render(request, "feedback/early_help.html", {
        "pairs": pairs, "average": selectors.average_change(pairs)})


@for_roles(RESULTS_ROLES)
def themes(request: AuthenticatedHttpRequest) -> HttpResponse:
    start, end, months = _period(request)
    return render(request, "feedback/themes.html", {
        "counts": selectors.theme_counts(start=start, end=end), "months": months,
        "is_qa": request.user.has_role(Role.QA_OFFICER)})


@for_roles(QA)
def theme_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ThemeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            theme = services.theme_create(name=form.cleaned_data["name"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Added the theme {theme.name}.")
            return redirect("feedback:themes")
    return render(request, "feedback/theme_add.html", {"form": form})


@signed_in
def actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.action_list(), 50).get_page(
        request.GET.get("page"))
    return render(request, "feedback/actions.html", {
        "page": page, "page_query": "", "is_qa": request.user.has_role(Role.QA_OFFICER)})


@for_roles(QA)
def action_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ActionForm(request.POST if request.method == "POST" else None,
                            initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Added to the log.")
            return redirect("feedback:actions")
    return render(request, "feedback/action_form.html", {"form": form, "title": "Add to the log"})


@for_roles(QA)
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get(pk=pk)
    initial = {"you_said": action.you_said, "we_did": action.we_did, "theme": action.theme_id,
               "done_on": action.done_on, "version": action.version}
    form: Any = forms.ActionEditForm(request.POST if request.method == "POST" else None,
                                     initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, by=request.user, **form.cleaned_data)
        except services.ConflictError:
            fresh = selectors.action_get(pk=pk)
            form = forms.ActionEditForm({
                "you_said": fresh.you_said, "we_did": fresh.we_did, "theme": fresh.theme_id,
                "done_on": fresh.done_on.strftime("%d/%m/%Y"), "version": fresh.version})
            form.is_valid()
            form.add_error(None, "Someone else changed this entry after you opened it, so your "
                                 "changes were not saved. The form now shows their changes. "
                                 "Make yours again and save")
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("feedback:actions")
    return render(request, "feedback/action_form.html", {"form": form, "title": "Change an entry"})

