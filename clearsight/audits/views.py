"""Case audit pages. Views route: form > service > redirect; reads go through selectors."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from clearsight.audits import documents, forms, selectors, services
from clearsight.audits.models import (
    Audit,
    AuditGrading,
    AuditTemplate,
    Grade,
    PracticeTheme,
    SampleDraw,
    Status,
)
from clearsight.audits.selectors import (
    AUDIT_ROLES,
    AUDITOR_ROLES,
    DASHBOARD_ROLES,
    LATE_LIST_ROLES,
    QA_ROLES,
)
from clearsight.audits.services import AuditError, ConflictError, TransitionError
from clearsight.audits.workflow import parts_played
from clearsight.core.access import for_roles
from clearsight.core.access_log import log_access
from clearsight.organisation.roles import Role
from clearsight.organisation.typing import AuthenticatedHttpRequest

CONFLICT = ("Someone else changed this audit after you opened this page, so your changes were "
            "not saved. The page now shows what is saved. Make your changes again.")


@contextmanager
def _refusals(form: Any, conflict: str = CONFLICT) -> Iterator[None]:
    """Run a service call for a valid form, putting a refusal on the form instead of raising:
    a stale version (someone saved first) at the top, the service's own reasons on the fields
    they name. After the block, `form.errors` is empty only if the call succeeded."""
    try:
        yield
    except ConflictError:
        form.add_error(None, conflict)
    except (AuditError, TransitionError) as error:
        _refused(form, error)


def _refused(form: Any, error: Exception) -> None:
    """Put a service's refusal on the form: on the fields it names, or at the top."""
    errors = getattr(error, "errors", {})
    placed = False
    for name, message in errors.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, str(error))


def _log(request: AuthenticatedHttpRequest, audit: Audit) -> None:
    log_access(request=request, object_type="audit", object_id=audit.pk)


# ------------------------------------------------------------------ lists


@for_roles(AUDIT_ROLES, child_data=True)
def my_audits(request: AuthenticatedHttpRequest) -> HttpResponse:
    todo = selectors.todo_for_user(user=request.user)
    visible = selectors.audit_list_for_user(user=request.user).order_by("-period_end", "-pk")
    status = request.GET.get("status", "")
    if status in Status.values:
        visible = visible.filter(status=status)
    page = Paginator(visible, 50).get_page(request.GET.get("page"))
    log_access(request=request, object_type="audit-list", object_id="mine")
    return render(request, "audits/my_audits.html", {
        "todo": todo, "page": page, "status": status, "statuses": Status.choices,
        "page_query": f"status={status}" if status else "", "today": timezone.localdate(),
        "is_qa": request.user.has_role(Role.QA_OFFICER),
        "can_dashboard": request.user.has_role(*DASHBOARD_ROLES),
        "late_count": selectors.audits_late(user=request.user).count()
        if request.user.has_role(*LATE_LIST_ROLES) else 0})


@for_roles(LATE_LIST_ROLES, child_data=True)
def late(request: AuthenticatedHttpRequest) -> HttpResponse:
    audits = selectors.audits_late(user=request.user)
    log_access(request=request, object_type="audit-list", object_id="late")
    return render(request, "audits/late.html", {"audits": audits,
                                                "today": timezone.localdate()})


@for_roles(DASHBOARD_ROLES)
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Grades over time, completion on time and calibration, for the audits in reach."""
    scope = selectors.dashboard_scope(user=request.user)

    def chosen(name: str, options: list[Any]) -> int | None:
        value = request.GET.get(name, "")
        allowed = {option.pk for option in options}
        return int(value) if value.isdigit() and int(value) in allowed else None

    filters = {"service_area": chosen("service_area", scope.service_areas),
               "team": chosen("team", scope.teams),
               "practitioner": chosen("practitioner", scope.practitioners)}
    board = selectors.dashboard_for_user(
        user=request.user, service_area=filters["service_area"], team=filters["team"],
        practitioner=filters["practitioner"],
        domain_calibration_on=request.GET.get("calibration") == "domain")
    return render(request, "audits/dashboard.html", {
        "board": board, "scope": scope, "filters": filters,
        "small_number": selectors.SMALL_NUMBER, "months": selectors.DASHBOARD_MONTHS})


# ------------------------------------------------------------------ the draw


@for_roles(QA_ROLES)
def samples(request: AuthenticatedHttpRequest) -> HttpResponse:
    month = services.month_start(timezone.localdate())
    return render(request, "audits/samples.html", {
        "draws": selectors.draw_list()[:24], "month": month,
        "drawn": SampleDraw.objects.filter(kind=SampleDraw.Kind.MONTHLY, month=month).first(),
        "rule": services.sampling_rule_get()})


@require_POST
@for_roles(QA_ROLES)
def draw_monthly(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        draw = services.draw_monthly(month=timezone.localdate(), by=request.user)
    except AuditError as error:
        messages.success(request, str(error))
        return redirect("audits:samples")
    messages.success(request, f"Drew {draw.audits.count()} cases for {draw.month:%B %Y}.")
    return redirect("audits:draw", pk=draw.pk)


@for_roles(QA_ROLES)
def draw_thematic(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.ThematicTemplateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        theme = services.Theme(name=data["name"], number=data["number"],
                               case_type=data["case_type"], min_age=data["min_age"],
                               max_age=data["max_age"], pre_birth=data["pre_birth"],
                               service_area=data["service_area"])
        try:
            draw = services.draw_thematic(
                month=timezone.localdate(), theme=theme, by=request.user,
                template=services.audit_template_current(AuditTemplate.Purpose.MULTI_AGENCY)
                if data.get("purpose") == AuditTemplate.Purpose.MULTI_AGENCY else None)
        except AuditError as error:
            _refused(form, error)
        else:
            messages.success(request, f"Drew {draw.audits.count()} cases for {draw.theme}.")
            return redirect("audits:draw", pk=draw.pk)
    return render(request, "audits/draw_thematic.html", {"form": form})


@for_roles(QA_ROLES, child_data=True)
def draw_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draw = selectors.draw_get(pk=pk)
    audits = draw.audits.select_related("case__team__service_area", "lead", "peer").order_by(
        "case__team__service_area__name", "case__team__name", "case__case_ref")
    held = sorted(audits.exclude(status=Status.WITHDRAWN).values_list("case__case_ref",
                                                                      flat=True))
    strata = [{"stratum": stratum, "eligible": len(refs),
               "open": draw.rules.get("open", {}).get(stratum, len(refs)),
               "quota": draw.rules.get("quotas", {}).get(stratum, 0)}
              for stratum, refs in sorted(draw.population.items())]
    log_access(request=request, object_type="sample-draw", object_id=draw.pk)
    return render(request, "audits/draw.html", {
        "draw": draw, "audits": audits, "strata": strata,
        "reproduced": services.draw_reproduce(draw=draw) == held,
        "drawn_left": audits.filter(status=Status.DRAWN).count(),
        "summary": selectors.month_summary(draw=draw)})


@require_POST
@for_roles(QA_ROLES)
def draw_allocate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draw = selectors.draw_get(pk=pk)
    left = services.draw_allocate(draw=draw, by=request.user)
    if left:
        messages.success(request, f"Allocated the draw; {len(left)} audit(s) could not be "
                                  "allocated (no team manager or no peer auditor).")
    else:
        messages.success(request, "Allocated every audit in the draw.")
    return redirect("audits:draw", pk=draw.pk)


# ------------------------------------------------------------------ one audit


def _gradings(audit: Audit, user: Any) -> dict[str, AuditGrading | None]:
    shown: dict[str, AuditGrading | None] = {}
    for role in AuditGrading.Role.values:
        grading = audit.grading(role)
        shown[role] = grading if grading is not None and selectors.grading_visible(
            audit=audit, grading=grading, user=user) else None
    return shown


def _comparison(audit: Audit, shown: dict[str, AuditGrading | None]) -> list[dict[str, Any]]:
    """One row per domain (and overall): each visible grading's grade, side by side."""
    rows = []
    by_role = {role: {row.domain_id: row for row in grading.domains.all()}
               for role, grading in shown.items() if grading is not None}
    for domain in audit.template.domains.all():
        cells = {role: by_role[role].get(domain.pk) for role in by_role}
        grades = {c.grade for c in cells.values() if c is not None and c.grade}
        rows.append({"title": domain.title, "domain": domain, "cells": cells,
                     "differ": len({cells[r].grade for r in ("lead", "peer")  # type: ignore[union-attr]
                                    if cells.get(r) is not None}) > 1, "grades": grades})
    return rows


@for_roles(AUDIT_ROLES, child_data=True)
def detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_get_for_user(user=request.user, pk=pk)
    shown = _gradings(audit, request.user)
    parts = parts_played(request.user, audit)
    _log(request, audit)
    return render(request, "audits/detail.html", {
        "audit": audit, "shown": shown, "rows": _comparison(audit, shown),
        "roles": [(role, label) for role, label in AuditGrading.Role.choices if shown[role]],
        "parts": parts, "grade_labels": dict(Grade.choices),
        "can_grade": bool(parts & {"lead", "peer"}) and audit.status in (
            Status.ALLOCATED, Status.IN_PROGRESS),
        "can_complete": audit.status in (Status.AGREED, Status.MODERATED) and (
            "qa" in parts or (audit.status == Status.AGREED and "lead" in parts)
            or (audit.status == Status.MODERATED and "moderator" in parts)),
        "reaudits": list(audit.reaudits.all()),
        "awaiting": audit.status in (Status.ALLOCATED, Status.IN_PROGRESS),
        **_loop_context(audit, request.user)})


def _loop_context(audit: Audit, user: Any) -> dict[str, Any]:
    """The closed loop on the audit page: the re-audit beside the first audit, and the
    supervision discussions (with whether this person may record one)."""
    first = audit.reaudit_of if audit.reaudit_of_id else audit
    second = audit if audit.reaudit_of_id else audit.reaudits.exclude(
        status=Status.WITHDRAWN).first()
    other = first if second is audit else second
    # The other audit's grades are shown only to those who may open that audit too.
    visible = other is not None and selectors.audit_list_for_user(user=user).filter(
        pk=other.pk).exists()
    return {
        "comparison": selectors.reaudit_comparison(audit=first, reaudit=second)
        if visible and first is not None and second is not None else None,
        "compared": (first, second),
        "supervisions": list(audit.supervisions.select_related("recorded_by")),
        "can_supervise": user.has_role(Role.TEAM_MANAGER) and user.team_id is not None
        and audit.case.team_id == user.team_id
        and audit.status in (Status.COMPLETED, Status.ESCALATED)}


@for_roles(AUDITOR_ROLES, child_data=True)
def grade(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit, part = selectors.audit_get_for_grading(user=request.user, pk=pk)
    grading = audit.grading(part)
    domains = list(audit.template.domains.all())
    initial = forms.grading_initial(grading)
    form = forms.GradingForm(request.POST if request.method == "POST" else None,
                             initial=initial, domains=domains)
    done = grading is not None and grading.is_submitted
    if request.method == "POST" and not done and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.grading_save(audit=audit, user=request.user, data=form.to_input(),
                                  version=form.cleaned_data["version"], submit=submit)
        except ConflictError:
            form = forms.GradingForm(forms.grading_initial(audit.grading(part)),
                                     domains=domains)
            form.is_valid()
            form.add_error(None, CONFLICT)
        except (AuditError, TransitionError) as error:
            _refused(form, error)
        else:
            if submit:
                messages.success(request, "Your grades are submitted.")
                return redirect("audits:detail", pk=audit.pk)
            messages.success(request, "Your draft is saved.")
            return redirect("audits:grade", pk=audit.pk)
    _log(request, audit)
    return render(request, "audits/grade.html", {
        "audit": audit, "form": form, "part": AuditGrading.Role(part).label, "done": done,
        "single": audit.peer_id is None})


@for_roles(AUDITOR_ROLES, child_data=True)
def moderate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_get_for_moderator(user=request.user, pk=pk)
    domains = list(audit.template.domains.all())
    form = forms.ModerationForm(request.POST if request.method == "POST" else None,
                                initial={"version": audit.version}, domains=domains)
    if request.method == "POST" and form.is_valid():
        with _refusals(form):
            services.audit_moderate(audit=audit, user=request.user, data=form.to_input(),
                                    commentary=form.cleaned_data["commentary"],
                                    actions=form.actions(),
                                    version=form.cleaned_data["version"])
        if not form.errors:
            messages.success(request, "The moderation is saved.")
            return redirect("audits:detail", pk=audit.pk)
    shown = _gradings(audit, request.user)
    _log(request, audit)
    return render(request, "audits/moderate.html", {
        "audit": audit, "form": form, "rows": _comparison(audit, shown),
        "shown": shown, "open": audit.status == Status.MODERATION})


@for_roles(AUDITOR_ROLES, child_data=True)
def complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_get_for_user(user=request.user, pk=pk)
    parts = parts_played(request.user, audit)
    if not ("qa" in parts or (audit.status == Status.AGREED and "lead" in parts)
            or (audit.status == Status.MODERATED and "moderator" in parts)):
        raise Http404("No such audit")
    form = forms.CompleteForm(request.POST if request.method == "POST" else None,
                              initial={"version": audit.version})
    if request.method == "POST" and form.is_valid():
        with _refusals(form):
            audit = services.audit_complete(audit=audit, user=request.user,
                                            actions=form.actions(),
                                            version=form.cleaned_data["version"])
        if not form.errors:
            messages.success(request, "The audit is escalated to the head of service."
                             if audit.status == Status.ESCALATED else "The audit is complete.")
            return redirect("audits:detail", pk=audit.pk)
    _log(request, audit)
    return render(request, "audits/complete.html", {
        "audit": audit, "form": form,
        "inadequate": audit.overall_grade == Grade.INADEQUATE,
        "open": audit.status in (Status.AGREED, Status.MODERATED)})


@for_roles(AUDITOR_ROLES, child_data=True)
def escalation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_get_for_overseer(user=request.user, pk=pk)
    reaudit = audit.reaudits.exclude(status=Status.WITHDRAWN).first()
    step = ("done" if audit.status != Status.ESCALATED else
            "oversee" if audit.oversight_at is None else
            "review" if audit.reviewed_at is None else
            "close" if reaudit is not None and reaudit.status in (
                Status.COMPLETED, Status.ESCALATED) else "reaudit")
    form_class: Any = {"oversee": forms.OversightForm, "review": forms.ReviewForm,
                       "close": forms.CloseForm}.get(step)
    form = form_class(request.POST if request.method == "POST" else None,
                      initial={"version": audit.version}) if form_class else None
    if request.method == "POST":
        try:
            if step == "reaudit" or request.POST.get("step") == "reaudit":
                second = services.reaudit_start(audit=audit, user=request.user,
                                                version=int(request.POST.get("version", 0)))
                messages.success(request, "The re-audit is started. Grade it now.")
                return redirect("audits:grade", pk=second.pk)
            if form is not None and form.is_valid():
                data = form.cleaned_data
                if step == "oversee":
                    services.audit_oversee(audit=audit, user=request.user,
                                           comment=data["comment"], version=data["version"])
                elif step == "review":
                    services.audit_review(audit=audit, user=request.user, note=data["note"],
                                          version=data["version"])
                elif step == "close":
                    services.escalation_close(
                        audit=audit, user=request.user,
                        actions_complete=data["actions_complete"] == "yes",
                        experience_improved=data["experience_improved"] == "yes",
                        outcome=data["outcome"], version=data["version"])
                messages.success(request, "Saved.")
                return redirect("audits:escalation", pk=audit.pk)
        except ConflictError:
            if form is not None:
                form.add_error(None, CONFLICT)
        except (AuditError, TransitionError, ValueError) as error:
            if form is None:
                messages.success(request, str(error))
                return redirect("audits:escalation", pk=audit.pk)
            _refused(form, error)
    _log(request, audit)
    return render(request, "audits/escalation.html", {
        "audit": audit, "form": form, "step": step, "reaudit": reaudit,
        "today": timezone.localdate(),
        "comparison": selectors.reaudit_comparison(audit=audit, reaudit=reaudit)
        if reaudit is not None else None, "compared": (audit, reaudit)})


@for_roles(QA_ROLES, child_data=True)
def swap(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_get_for_user(user=request.user, pk=pk)
    form = forms.SwapForm(request.POST if request.method == "POST" else None,
                          initial={"version": audit.version})
    if request.method == "POST" and form.is_valid():
        before = audit.case.case_ref
        with _refusals(form):
            audit = services.audit_swap(audit=audit, by=request.user,
                                        reason=form.cleaned_data["reason"],
                                        version=form.cleaned_data["version"])
        if not form.errors:
            messages.success(request, f"Swapped {before} for {audit.case.case_ref}.")
            return redirect("audits:draw", pk=audit.draw_id)
    _log(request, audit)
    return render(request, "audits/swap.html", {"audit": audit, "form": form})


@for_roles(QA_ROLES, child_data=True)
def reassign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_get_for_user(user=request.user, pk=pk)
    form = forms.ReassignForm(request.POST if request.method == "POST" else None,
                              initial={"version": audit.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with _refusals(form):
            services.audit_reassign(audit=audit, by=request.user, part=data["part"],
                                    to=data["to"], reason=data["reason"],
                                    version=data["version"])
        if not form.errors:
            messages.success(request, "The audit is reassigned.")
            return redirect("audits:detail", pk=audit.pk)
    _log(request, audit)
    return render(request, "audits/reassign.html", {"audit": audit, "form": form})


@for_roles(AUDIT_ROLES, child_data=True)
def action(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = selectors.action_get_for_user(user=request.user, pk=pk)
    form = forms.ActionDoneForm(request.POST if request.method == "POST" else None,
                                initial={"version": item.version})
    if request.method == "POST" and not item.is_done and form.is_valid():
        with _refusals(form, "Someone else recorded this action after you opened the page."):
            services.action_complete(action=item, user=request.user,
                                     evidence=form.cleaned_data["evidence"],
                                     version=form.cleaned_data["version"])
        if not form.errors:
            messages.success(request, "The action is recorded as done.")
            return redirect("audits:my-audits")
    log_access(request=request, object_type="audit", object_id=item.audit_id)
    return render(request, "audits/action.html", {"item": item, "form": form})


@for_roles({Role.TEAM_MANAGER}, child_data=True)
def supervision(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The worker's supervisor records that the findings were discussed in supervision."""
    audit = selectors.audit_get_for_supervisor(user=request.user, pk=pk)
    form = forms.SupervisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.supervision_record(audit=audit, user=request.user,
                                        discussed_on=form.cleaned_data["discussed_on"],
                                        note=form.cleaned_data["note"])
        except (AuditError, TransitionError) as error:
            _refused(form, error)
        else:
            messages.success(request, "The supervision discussion is recorded.")
            return redirect("audits:detail", pk=audit.pk)
    _log(request, audit)
    return render(request, "audits/supervision.html", {"audit": audit, "form": form})


# ------------------------------------------------------------------ learning (item 7)


@for_roles(QA_ROLES)
def themes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The QA team's list of practice themes: add one, retire one or bring it back."""
    form = forms.PracticeThemeForm(request.POST if request.method == "POST"
                                   and "name" in request.POST else None)
    if request.method == "POST":
        if "retire" in request.POST or "restore" in request.POST:
            chosen = request.POST.get("retire") or request.POST.get("restore") or ""
            theme = PracticeTheme.objects.filter(pk=int(chosen)).first() if chosen.isdigit() \
                else None
            if theme is not None:
                services.theme_set_active(theme=theme, active="restore" in request.POST)
                messages.success(request, f"{theme.name} is "
                                 + ("offered again." if theme.is_active else "retired."))
            return redirect("audits:themes")
        if form.is_valid():
            try:
                theme = services.theme_create(name=form.cleaned_data["name"],
                                              description=form.cleaned_data["description"],
                                              by=request.user)
            except AuditError as error:
                _refused(form, error)
            else:
                messages.success(request, f"Added the theme {theme.name}.")
                return redirect("audits:themes")
    return render(request, "audits/themes.html", {
        "form": form, "themes": selectors.themes_all(),
        "pending": selectors.exemplars_pending()})


def _period(request: AuthenticatedHttpRequest) -> tuple[date, date]:
    """The period asked for (?from=YYYY-MM&to=YYYY-MM, whole months); by default the last
    three full months."""
    last = selectors.briefing_month(None)
    start = selectors.briefing_month(request.GET.get("from")) if request.GET.get(
        "from") else services.add_months(last, -2)
    end_month = selectors.briefing_month(request.GET.get("to")) if request.GET.get(
        "to") else last
    if end_month < start:
        start, end_month = end_month, start
    return start, services.add_months(end_month, 1) - timedelta(days=1)


@for_roles(DASHBOARD_ROLES)
def themes_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = selectors.dashboard_scope(user=request.user)

    def chosen(name: str, options: list[Any]) -> int | None:
        value = request.GET.get(name, "")
        allowed = {option.pk for option in options}
        return int(value) if value.isdigit() and int(value) in allowed else None

    start, end = _period(request)
    filters = {"service_area": chosen("service_area", scope.service_areas),
               "team": chosen("team", scope.teams)}
    report = selectors.themes_report(user=request.user, start=start, end=end, **filters)
    return render(request, "audits/themes_report.html", {
        "report": report, "scope": scope, "filters": filters,
        "start": start, "end": end})


@for_roles(AUDITOR_ROLES, child_data=True)
def tag_themes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_get_for_findings(user=request.user, pk=pk)
    domains = list(audit.template.domains.all())
    offered = list(selectors.themes_active())
    used = {tag.theme_id for tag in audit.theme_tags.all()}
    offered += list(PracticeTheme.objects.filter(pk__in=used, is_active=False))
    form = forms.ThemeTagForm(request.POST if request.method == "POST" else None,
                              initial=forms.theme_tag_initial(audit), domains=domains,
                              themes=offered)
    if request.method == "POST" and form.is_valid():
        with _refusals(form):
            services.audit_tag_themes(audit=audit, user=request.user, tags=form.tags(),
                                      version=form.cleaned_data["version"])
        if not form.errors:
            messages.success(request, "The themes are saved.")
            return redirect("audits:detail", pk=audit.pk)
    _log(request, audit)
    return render(request, "audits/tag_themes.html", {
        "audit": audit, "form": form, "themes": offered,
        "open": audit.status in services.FINDINGS_STATUSES})


@for_roles(AUDITOR_ROLES, child_data=True)
def nominate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    audit = selectors.audit_get_for_findings(user=request.user, pk=pk)
    domains = list(audit.template.domains.all())
    form = forms.NominateForm(request.POST if request.method == "POST" else None,
                              domains=domains)
    if request.method == "POST" and form.is_valid():
        domain = next(d for d in domains if d.pk == form.cleaned_data["domain"])
        try:
            services.exemplar_nominate(audit=audit, user=request.user, domain=domain,
                                       reason=form.cleaned_data["reason"])
        except AuditError as error:
            _refused(form, error)
        else:
            messages.success(request, "Thank you. The QA team will write an anonymised "
                                      "summary for the library.")
            return redirect("audits:detail", pk=audit.pk)
    _log(request, audit)
    return render(request, "audits/nominate.html", {
        "audit": audit, "form": form, "open": audit.status in services.FINDINGS_STATUSES})


@for_roles(QA_ROLES, child_data=True)
def exemplar_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    exemplar = selectors.exemplar_get_for_review(pk=pk)
    initial = {"version": exemplar.version, "title": exemplar.title,
               "summary": exemplar.summary,
               "themes": list(exemplar.themes.values_list("pk", flat=True))}
    form = forms.ExemplarDecisionForm(request.POST if request.method == "POST" else None,
                                      initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with _refusals(form, "Someone else decided on this exemplar after you opened the "
                                 "page. The page now shows what is saved."):
            services.exemplar_decide(exemplar=exemplar, user=request.user,
                                     approve=data["decision"] == "approve", title=data["title"],
                                     summary=data["summary"], themes=list(data["themes"]),
                                     version=data["version"])
        if not form.errors:
            messages.success(request, "The decision is saved.")
            return redirect("audits:themes")
    final = services.final_grading(selectors.audit_get_for_user(user=request.user,
                                                                pk=exemplar.audit_id))
    finding = next((row for row in final.domains.all() if row.domain_id == exemplar.domain_id),
                   None) if final else None
    log_access(request=request, object_type="audit", object_id=exemplar.audit_id)
    return render(request, "audits/exemplar_review.html", {
        "exemplar": exemplar, "form": form, "finding": finding})


@for_roles(frozenset(Role))
def exemplars(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The library of good practice, anonymised: readable by all staff."""
    domain = request.GET.get("domain", "")
    theme_value = request.GET.get("theme", "")
    theme = int(theme_value) if theme_value.isdigit() else None
    entries = selectors.exemplar_library(user=request.user, domain=domain, theme=theme)
    return render(request, "audits/exemplars.html", {
        "entries": entries, "domains": selectors.library_domains(),
        "themes": selectors.themes_all().filter(exemplars__status="approved").distinct(),
        "domain": domain, "theme": theme})


def _briefing(request: AuthenticatedHttpRequest) -> selectors.Briefing:
    return selectors.managers_briefing(month=selectors.briefing_month(request.GET.get("month")))


@for_roles(DASHBOARD_ROLES)
def briefing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The monthly managers' briefing (?month=YYYY-MM; by default the last full month)."""
    return render(request, "audits/briefing.html", {"briefing": _briefing(request)})


@for_roles(DASHBOARD_ROLES)
def briefing_docx(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = _briefing(request)
    response = HttpResponse(
        documents.briefing_docx(found),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = (f'attachment; filename="audit-briefing-'
                                       f'{found.month:%Y-%m}.docx"')
    return response


@for_roles(DASHBOARD_ROLES)
def briefing_pdf(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = _briefing(request)
    response = HttpResponse(documents.briefing_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = (f'attachment; filename="audit-briefing-'
                                       f'{found.month:%Y-%m}.pdf"')
    return response
