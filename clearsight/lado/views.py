"""LADO register pages. Every view reads through selectors.lado_access (officers and the named
senior manager only, 403 for anyone else) and writes one access-log row."""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from clearsight.core.access import for_roles
from clearsight.core.access_log import log_access
from clearsight.lado import forms, selectors, services
from clearsight.lado.models import OUTCOME_DEFINITIONS, Outcome, Referral, Sector
from clearsight.lado.selectors import LADO_ENTRY_ROLES
from clearsight.lado.workflow import ACTORS, Action, Actor, TransitionError, allowed_actions
from clearsight.organisation.models import User
from clearsight.organisation.typing import AuthenticatedHttpRequest

lado_page = for_roles(LADO_ENTRY_ROLES, child_data=True)
STALE = ("Someone else changed this referral after you opened this page, so your changes were "
         "not saved. The page now shows their changes. Make yours again and save")


def _referral(request: AuthenticatedHttpRequest, pk: int, action: str | None = None
              ) -> tuple[Referral, Actor]:
    """The referral and the user's part in LADO work: 403 for people outside LADO and for an
    action that is never theirs, then 404 for a referral that does not exist."""
    actor = selectors.lado_access(request.user)
    if action is not None and actor not in ACTORS[action]:
        raise PermissionDenied
    referral = selectors.referral_get_for_user(user=request.user, pk=pk)
    log_access(request=request, object_type="lado.referral", object_id=referral.reference)
    return referral, actor


def _refuse_unless(referral: Referral, actor: Actor, action: str) -> None:
    if action not in allowed_actions(state=referral.status, actor=actor):
        raise PermissionDenied


def _post(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _failed(form: Any, error: Exception) -> None:
    form.add_error(None, STALE if isinstance(error, services.ConflictError) else str(error))


def _step(request: AuthenticatedHttpRequest, found: Referral, form: Any,
          save: Callable[[], object], *, done: str, page: dict[str, Any]) -> HttpResponse:
    """What every step on a referral shares: a valid form goes through its service, then back
    to the referral with `done` said; otherwise the form again, with the service's reason."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except (services.LadoError, services.ConflictError, TransitionError) as error:
            _failed(form, error)
        else:
            messages.success(request, done)
            return redirect("lado:referral", pk=found.pk)
    return render(request, "lado/form.html", {"form": form, "referral": found, **page})


@lado_page
def register(request: AuthenticatedHttpRequest) -> HttpResponse:
    actor = selectors.lado_access(request.user)
    log_access(request=request, object_type="lado.register", object_id="list")
    referrals = selectors.referral_list_for_user(user=request.user)
    status = request.GET.get("status", "open")
    if status == "open":
        referrals = referrals.exclude(status=Referral.Status.CLOSED)
    elif status in Referral.Status.values:
        referrals = referrals.filter(status=status)
    sector = request.GET.get("sector", "")
    if sector in Sector.values:
        referrals = referrals.filter(sector=sector)
    search = request.GET.get("q", "").strip()[:100]
    if search:
        referrals = referrals.filter(Q(subject_name__icontains=search)
                                     | Q(employer__icontains=search)
                                     | Q(reference__iexact=search))
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(request, "lado/register.html", {
        "page": page, "status": status, "sector": sector, "today": today, "search": search,
        "statuses": [("open", "Open"), *Referral.Status.choices, ("all", "All")],
        "sectors": Sector.choices, "is_officer": actor == Actor.OFFICER,
        "overdue": selectors.overdue_consideration(user=request.user, today=today).count(),
        "page_query": _page_query(request)})


def _page_query(request: AuthenticatedHttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@lado_page
def referral_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if selectors.lado_access(request.user) != Actor.OFFICER:
        raise PermissionDenied
    log_access(request=request, object_type="lado.register", object_id="new")
    form = forms.ReferralForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_create(by=request.user, **form.service_arguments())
        except services.LadoError as error:
            _failed(form, error)
        else:
            messages.success(request, f"Recorded {referral.reference}. Initial consideration "
                             f"is due by {referral.consideration_due:%d %B %Y}.")
            return redirect("lado:referral", pk=referral.pk)
    return render(request, "lado/referral_new.html", {"form": form})


@lado_page
def referral(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found, actor = _referral(request, pk)
    received = timezone.localtime(found.received_at).date()
    return render(request, "lado/referral.html", {
        "referral": found, "actor": actor,
        "actions": allowed_actions(state=found.status, actor=actor),
        "allegations": found.allegations.all(), "meetings": found.meetings.all(),
        "oversight": found.oversight.select_related("by"),
        "events": found.events.select_related("by"),
        "related": selectors.related_referrals_for_user(user=request.user, referral=found),
        "checklist": selectors.quality_checklist(found),
        "band": selectors.timeliness_band(received=received, resolved=found.closed_on),
        "definitions": [(Outcome(value).label, text)
                        for value, text in OUTCOME_DEFINITIONS.items()],
        "consideration_late": (found.considered_on or timezone.localdate())
        > found.consideration_due,
    })


def _referral_values(found: Referral) -> dict[str, Any]:
    return {name: getattr(found, name) for name in services.EDITABLE} | {
        "version": found.version}


@lado_page
def referral_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found, actor = _referral(request, pk, Action.EDIT)
    _refuse_unless(found, actor, Action.EDIT)
    form = forms.ReferralUpdateForm(_post(request), initial=_referral_values(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_update(by=request.user, pk=found.pk, **form.cleaned_data)
        except services.ConflictError as error:
            form = forms.ReferralUpdateForm(_referral_values(
                selectors.referral_get_for_user(user=request.user, pk=pk)))
            form.is_valid()
            _failed(form, error)
        except (services.LadoError, TransitionError) as error:
            _failed(form, error)
        else:
            messages.success(request, f"Saved {found.reference}.")
            return redirect("lado:referral", pk=found.pk)
    return render(request, "lado/form.html", {
        "form": form, "referral": found, "title": f"Update {found.reference}",
        "button": "Save"})


@lado_page
def referral_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found, actor = _referral(request, pk, Action.DECIDE_THRESHOLD_MET)
    _refuse_unless(found, actor, Action.DECIDE_THRESHOLD_MET)
    form = forms.DecisionForm(_post(request), initial={
        "version": found.version, "considered_on": timezone.localdate(),
        "rationale": found.rationale})
    return _step(request, found, form, lambda: services.referral_decide(
        by=request.user, pk=found.pk, **form.cleaned_data),
        done=f"Recorded the decision on {found.reference}.", page={
            "title": f"Initial consideration of {found.reference}",
            "lead": f"Due by {found.consideration_due:%d %B %Y} (one working day after the "
            "referral was received).", "button": "Record the decision"})


@lado_page
def allegation_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found, actor = _referral(request, pk, Action.ADD_ALLEGATION)
    _refuse_unless(found, actor, Action.ADD_ALLEGATION)
    form = forms.AllegationForm(_post(request))
    return _step(request, found, form, lambda: services.allegation_add(
        by=request.user, referral_pk=found.pk, **form.cleaned_data),
        done="Added the allegation.", page={
            "title": f"Add an allegation to {found.reference}",
            "button": "Add the allegation"})


@lado_page
def allegation_outcome(request: AuthenticatedHttpRequest, pk: int,
                       allegation: int) -> HttpResponse:
    found, actor = _referral(request, pk, Action.RECORD_OUTCOME)
    chosen = selectors.allegation_get_for_user(user=request.user, referral=found, pk=allegation)
    _refuse_unless(found, actor, Action.RECORD_OUTCOME)
    form = forms.OutcomeForm(_post(request), initial={
        "outcome": chosen.outcome, "resolved_on": chosen.resolved_on})
    return _step(request, found, form, lambda: services.allegation_record_outcome(
        by=request.user, referral_pk=found.pk, allegation_pk=chosen.pk, **form.cleaned_data),
        done="Recorded the outcome.", page={
            "title": "Record the outcome of an allegation",
            "lead": f"{chosen.get_category_display()}: {chosen.description}",
            "button": "Record the outcome"})


@lado_page
def meeting_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found, actor = _referral(request, pk, Action.RECORD_MEETING)
    _refuse_unless(found, actor, Action.RECORD_MEETING)
    form = forms.MeetingForm(_post(request))
    return _step(request, found, form, lambda: services.meeting_record(
        by=request.user, referral_pk=found.pk, **form.cleaned_data),
        done="Recorded the meeting.", page={
            "title": f"Record a meeting on {found.reference}",
            "button": "Record the meeting"})


@lado_page
def oversight_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found, actor = _referral(request, pk, Action.ADD_OVERSIGHT)
    _refuse_unless(found, actor, Action.ADD_OVERSIGHT)
    form = forms.OversightForm(_post(request))
    return _step(request, found, form, lambda: services.oversight_add(
        by=request.user, referral_pk=found.pk, **form.cleaned_data),
        done="Recorded your oversight.", page={
            "title": f"Management oversight of {found.reference}",
            "button": "Record oversight"})


@lado_page
def referral_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found, actor = _referral(request, pk, Action.CLOSE)
    _refuse_unless(found, actor, Action.CLOSE)
    form = forms.CloseForm(_post(request), initial={"version": found.version,
                                                    "closed_on": timezone.localdate()})
    return _step(request, found, form, lambda: services.referral_close(
        by=request.user, pk=found.pk, **form.cleaned_data),
        done=f"Closed {found.reference}.", page={
            "title": f"Close {found.reference}",
            "lead": "Every allegation needs an outcome and a resolution date first.",
            "button": "Close the referral"})


@lado_page
def referral_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found, actor = _referral(request, pk, Action.REOPEN)
    _refuse_unless(found, actor, Action.REOPEN)
    form = forms.ReopenForm(_post(request), initial={"version": found.version})
    return _step(request, found, form, lambda: services.referral_reopen(
        by=request.user, pk=found.pk, **form.cleaned_data),
        done=f"Reopened {found.reference}.", page={
            "title": f"Reopen {found.reference}",
            "button": "Reopen the referral"})


def _year_start(request: AuthenticatedHttpRequest) -> date:
    form = forms.YearForm(request.GET)
    if form.is_valid():
        return date(form.cleaned_data["year"], 4, 1)
    return selectors.financial_year_start(timezone.localdate())


def _year_choices(start: date) -> list[dict[str, Any]]:
    latest = selectors.financial_year_start(timezone.localdate()).year
    return [{"value": year, "text": f"April {year} to March {year + 1}",
             "selected": year == start.year} for year in range(latest, latest - 5, -1)]


@lado_page
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.lado_access(request.user)
    log_access(request=request, object_type="lado.register", object_id="overview")
    start = _year_start(request)
    current = selectors.overview_for(user=request.user, year_start=start)
    before = selectors.overview_for(user=request.user,
                                    year_start=start.replace(year=start.year - 1))
    compare = {name: selectors.compare_counts(getattr(current, name), getattr(before, name))
               for name in ("by_sector", "by_category", "by_outcome", "by_decision",
                            "timeliness")}
    return render(request, "lado/overview.html", {
        "overview": current, "before": before, "compare": compare,
        "years": _year_choices(start)})


@lado_page
def annual_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    selectors.lado_access(request.user)
    log_access(request=request, object_type="lado.register", object_id="annual-report")
    start = _year_start(request)
    data = selectors.overview_for(user=request.user, year_start=start)
    return render(request, "lado/annual_report.html", {
        "overview": data, "years": _year_choices(start),
        "settings": selectors.lado_settings(),
        "in_time_percent": round(100 * data.considered_in_time / data.considered)
        if data.considered else None})


@lado_page
def annual_report_docx(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The annual report as Word, for the same readers; logged as an export."""
    from django.conf import settings as django_settings

    from clearsight.lado.documents import annual_report_docx as make_docx

    selectors.lado_access(request.user)
    start = _year_start(request)
    log_access(request=request, object_type="lado.register",
               object_id=f"annual-report-{start.year}", action="export")
    current = selectors.lado_settings()
    manager = current.senior_manager
    data = make_docx(overview=selectors.overview_for(user=request.user, year_start=start),
                     authority=django_settings.AUTHORITY_NAME,
                     senior_manager=manager.display_name if manager else "")
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument."
                                               "wordprocessingml.document")
    response["Content-Disposition"] = (
        f'attachment; filename="lado-annual-report-{start.year}-{start.year + 1}.docx"')
    return response


def _settings_values() -> dict[str, Any]:
    current = selectors.lado_settings()
    return {"senior_manager": current.senior_manager_id,
            "retention_years": current.retention_years, "version": current.version}


def _candidates() -> Any:
    from clearsight.organisation.roles import Role

    return (User.objects.filter(is_active=True,
                                role_grants__role__in=selectors.SENIOR_MANAGER_ROLES)
            .exclude(role_grants__role__in=[Role.ADMINISTRATOR, Role.LADO_OFFICER])
            .distinct().order_by("last_name", "first_name"))


@lado_page
def lado_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if selectors.lado_access(request.user) != Actor.OFFICER:
        raise PermissionDenied
    log_access(request=request, object_type="lado.register", object_id="settings")
    form = forms.SettingsForm(_post(request), initial=_settings_values(),
                              candidates=_candidates())
    if request.method == "POST" and form.is_valid():
        try:
            services.lado_settings_update(by=request.user, **form.cleaned_data)
        except services.ConflictError as error:
            form = forms.SettingsForm(_settings_values(), candidates=_candidates())
            form.is_valid()
            _failed(form, error)
        except services.LadoError as error:
            _failed(form, error)
        else:
            messages.success(request, "Saved the LADO settings.")
            return redirect("lado:register")
    return render(request, "lado/settings.html", {"form": form,
                                                  "current": selectors.lado_settings()})
