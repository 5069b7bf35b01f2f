"""Improvement plan pages. Plans hold no child-level data: every signed-in member of staff
reads them, board members included; those who run plans (workflow.PLAN_EDITORS) write them,
and an action's owner records its progress and RAG rating."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clearsight.core.access import for_roles, signed_in
from clearsight.core.evidence import choices_for
from clearsight.organisation.typing import AuthenticatedHttpRequest
from clearsight.plans import forms, selectors, services
from clearsight.plans.models import MeasureLink
from clearsight.plans.workflow import (
    ACTION_ACTORS,
    PLAN_EDITORS,
    RAG_MEANING,
    PlanAction,
    PlanStatus,
    Rag,
    TransitionError,
    action_steps_from,
    plan_actions_from,
)

CONFLICT = ("Someone else changed this action after you opened this page, so your changes were "
            "not saved. The page now shows their changes. Check them and try again")
PROBLEMS_SHOWN = 200


def _plan_context(request: AuthenticatedHttpRequest, plan: Any, *, evidence: bool = False
                  ) -> dict[str, Any]:
    today = timezone.localdate()
    summaries = selectors.plan_overview(plan=plan, today=today, evidence=evidence)
    totals = {rag: sum(s.rag_counts[rag] for s in summaries) for rag in Rag}
    return {"plan": plan, "summaries": summaries, "today": today, "rag_totals": totals,
            "unrated_total": sum(s.unrated for s in summaries),
            "overdue_total": sum(s.overdue for s in summaries),
            "complete_total": sum(s.complete for s in summaries),
            "action_total": sum(s.action_count for s in summaries),
            "can_edit": selectors.user_edits_plans(request.user),
            "rags": list(Rag), "rag_meaning": RAG_MEANING,
            "measure_kinds": list(MeasureLink.Kind)}


@signed_in
def plan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    plans = list(selectors.plan_list_for_user(user=request.user))
    return render(request, "plans/plan_list.html", {
        "current": [p for p in plans if p.status == PlanStatus.ACTIVE],
        "drafts": [p for p in plans if p.status == PlanStatus.DRAFT],
        "closed": [p for p in plans if p.status == PlanStatus.CLOSED],
        "mine": selectors.actions_owned_by(user=request.user),
        "can_edit": selectors.user_edits_plans(request.user)})


@signed_in
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    context = _plan_context(request, plan)
    context["plan_steps"] = [PlanAction(a) for a in plan_actions_from(plan.status)]
    if request.GET.get("changed"):
        context["problem"] = ("The plan was not changed: someone else changed it after you "
                              "opened the page. Check it as it is now and try again.")
    return render(request, "plans/plan_detail.html", context)


@signed_in
def plan_on_a_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    return render(request, "plans/plan_on_a_page.html",
                  _plan_context(request, plan, evidence=True))


def _plan_values(plan: Any) -> dict[str, Any]:
    return {"name": plan.name, "summary": plan.summary, "starts_on": plan.starts_on,
            "ends_on": plan.ends_on, "version": plan.version}


@for_roles(PLAN_EDITORS)
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    form = forms.PlanEditForm(request.POST if request.method == "POST" else None,
                              initial=_plan_values(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(plan=plan, by=request.user, **form.cleaned_data)
        except services.ConflictError:
            plan.refresh_from_db()
            form = forms.PlanEditForm(_plan_values(plan))
            form.is_valid()
            form.add_error(None, "Someone else changed this plan after you opened this page, "
                                 "so your changes were not saved. The form now shows their "
                                 "changes. Make yours again and save")
        except services.PlanError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Saved {form.cleaned_data['name']}.")
            return redirect("plans:plan-detail", pk=plan.pk)
    return render(request, "plans/plan_edit.html", {"form": form, "plan": plan})


@require_POST
@for_roles(PLAN_EDITORS)
def plan_transition(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move the plan on. Nothing changes if the plan changed since the page was shown (or the
    post names no version); the plan page then says so (?changed=1)."""
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    try:
        version = int(request.POST.get("version", ""))
        plan = services.plan_transition(plan=plan, action=request.POST.get("action", ""),
                                        version=version, by=request.user)
    except (ValueError, services.ConflictError, TransitionError):
        return redirect(reverse("plans:plan-detail", args=[pk]) + "?changed=1")
    messages.success(request, f"{plan.name} is now {plan.get_status_display().lower()}.")
    return redirect("plans:plan-detail", pk=pk)


@for_roles(PLAN_EDITORS)
def plan_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Start an empty plan (a draft); recommendations and actions are added on its pages."""
    form = forms.PlanFields(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(by=request.user, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error("name", str(error))
        else:
            messages.success(request, f"Started {plan.name}. It is a draft until you make it "
                                      "active.")
            return redirect("plans:plan-detail", pk=plan.pk)
    return _edit_page(request, title="Start a new plan", form=form,
                      back=reverse("plans:plan-list"), button="Start the plan")


@for_roles(PLAN_EDITORS)
def plan_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.PlanImportForm(request.POST or None, request.FILES or None)
    record = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            record, plan = services.plan_import(
                data=data, filename=upload.name, by=request.user,
                name=form.cleaned_data["name"], starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"], summary=form.cleaned_data["summary"])
        except services.PlanError as error:
            form.add_error("name", str(error))
        else:
            if plan is not None:
                messages.success(request, f"Imported {plan.name} from {record.filename}: "
                                          f"{record.rows} actions. It is a draft until you "
                                          "make it active.")
                return redirect("plans:plan-detail", pk=plan.pk)
    return render(request, "plans/plan_import.html", {
        "form": form, "record": record,
        "problems": record.errors[:PROBLEMS_SHOWN] if record else []})


@signed_in
def recommendation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    (summary,) = selectors.plan_overview(plan=recommendation.plan, today=today, evidence=True,
                                         only=recommendation.pk)
    return render(request, "plans/recommendation_detail.html", {
        "recommendation": recommendation, "plan": recommendation.plan, "summary": summary,
        "today": today, "rags": list(Rag), "measure_kinds": list(MeasureLink.Kind),
        "can_edit": selectors.user_edits_plans(request.user)})


@signed_in
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get_for_user(user=request.user, pk=pk)
    kinds = selectors.action_actor_kinds(user=request.user, action=action)
    ratings = list(selectors.action_ratings(action=action))
    return render(request, "plans/action_detail.html", {
        "action": action, "recommendation": action.recommendation,
        "plan": action.recommendation.plan, "updates": selectors.action_updates(action=action),
        "ratings": ratings, "current_rating": ratings[0] if ratings else None,
        "can_update": bool(kinds) and action.recommendation.plan.status != PlanStatus.CLOSED,
        "can_edit": selectors.user_edits_plans(request.user),
        "today": timezone.localdate()})


def _steps_for(user: Any, action: Any) -> list[str]:
    kinds = selectors.action_actor_kinds(user=user, action=action)
    return [step for step in action_steps_from(action.status) if kinds & ACTION_ACTORS[step]]


@signed_in
def action_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get_for_update(user=request.user, pk=pk)

    def make(data: Any = None) -> forms.ProgressForm:
        return forms.ProgressForm(data, status=action.status,
                                  steps=_steps_for(request.user, action),
                                  initial={"version": action.version,
                                           "happened_on": timezone.localdate()})

    form = make(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_progress_add(action=action, by=request.user, **form.cleaned_data)
        except services.ConflictError:
            action.refresh_from_db()
            form = make({**request.POST.dict(), "version": action.version})
            form.is_valid()
            form.add_error(None, CONFLICT)
        except (services.PlanError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Added progress to action {action.reference}.")
            return redirect("plans:action-detail", pk=action.pk)
    return render(request, "plans/action_progress.html", {
        "form": form, "action": action, "plan": action.recommendation.plan})


@signed_in
def action_rate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get_for_update(user=request.user, pk=pk)
    form = forms.RateForm(request.POST if request.method == "POST" else None,
                          initial={"version": action.version, "rating": action.rag or None})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_rate(action=action, by=request.user, **form.cleaned_data)
        except services.ConflictError:
            action.refresh_from_db()
            form = forms.RateForm({**request.POST.dict(), "version": action.version})
            form.is_valid()
            form.add_error(None, CONFLICT)
        except (services.PlanError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Rated action {action.reference} "
                                      f"{form.cleaned_data['rating']}.")
            return redirect("plans:action-detail", pk=action.pk)
    latest = selectors.action_updates(action=action).first()
    return render(request, "plans/action_rate.html", {
        "form": form, "action": action, "plan": action.recommendation.plan, "latest": latest,
        "back": reverse("plans:action-detail", args=[action.pk])})


def _edit_page(request: AuthenticatedHttpRequest, *, title: str, form: Any, back: str,
               button: str, caption: str = "", references: Any = ()) -> HttpResponse:
    return render(request, "plans/edit.html", {"title": title, "form": form, "back": back,
                                               "button": button, "caption": caption,
                                               "references": references})


STALE = ("Someone else changed this after you opened this page, so your changes were not "
         "saved. The form now shows their changes. Make yours again and save")


@for_roles(PLAN_EDITORS)
def recommendation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(user=request.user, pk=pk)
    form = forms.RecommendationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = services.recommendation_create(plan=plan, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Added recommendation {recommendation.number}.")
            return redirect("plans:recommendation-detail", pk=recommendation.pk)
    return _edit_page(request, title=f"Add a recommendation to {plan.name}", form=form,
                      back=reverse("plans:plan-detail", args=[plan.pk]),
                      button="Add the recommendation")


@for_roles(PLAN_EDITORS)
def recommendation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get_for_user(user=request.user, pk=pk)

    def saved() -> dict[str, Any]:
        recommendation.refresh_from_db()
        return {"title": recommendation.title, "text": recommendation.text,
                "version": recommendation.version}

    form = forms.RecommendationEditForm(request.POST if request.method == "POST" else None,
                                        initial=saved())
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_update(recommendation=recommendation, by=request.user,
                                           **form.cleaned_data)
        except services.ConflictError:
            form = forms.RecommendationEditForm(saved())
            form.is_valid()
            form.add_error(None, STALE)
        except (services.PlanError, TransitionError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved recommendation {recommendation.number}.")
            return redirect("plans:recommendation-detail", pk=recommendation.pk)
    return _edit_page(request, title=f"Change recommendation {recommendation.number}",
                      form=form, caption=recommendation.plan.name, button="Save",
                      back=reverse("plans:recommendation-detail", args=[recommendation.pk]))


@for_roles(PLAN_EDITORS)
def action_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    form = forms.ActionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_create(recommendation=recommendation, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error("timescale" if "timescale" in str(error) else None, str(error))
        else:
            messages.success(request, f"Added action {action.reference}.")
            return redirect("plans:action-detail", pk=action.pk)
    return _edit_page(request, title=f"Add an action to recommendation {recommendation.number}",
                      form=form, caption=recommendation.plan.name, button="Add the action",
                      back=reverse("plans:recommendation-detail", args=[recommendation.pk]))


@for_roles(PLAN_EDITORS)
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = selectors.action_get_for_user(user=request.user, pk=pk)

    def saved() -> dict[str, Any]:
        action.refresh_from_db()
        return {"text": action.text, "owner": action.owner_id,
                "owner_forum": action.owner_forum, "partners": action.partners,
                "timescale": action.due_quarter or f"{action.due_on:%d/%m/%Y}",
                "version": action.version}

    form = forms.ActionEditForm(request.POST if request.method == "POST" else None,
                                initial=saved())
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action=action, by=request.user, **form.cleaned_data)
        except services.ConflictError:
            form = forms.ActionEditForm(saved())
            form.is_valid()
            form.add_error(None, STALE)
        except (services.PlanError, TransitionError) as error:
            form.add_error("timescale" if "timescale" in str(error) else None, str(error))
        else:
            messages.success(request, f"Saved action {action.reference}.")
            return redirect("plans:action-detail", pk=action.pk)
    return _edit_page(request, title=f"Change action {action.reference}", form=form,
                      caption=action.recommendation.plan.name, button="Save",
                      back=reverse("plans:action-detail", args=[action.pk]))


@for_roles(PLAN_EDITORS)
def measure_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get_for_user(user=request.user, pk=pk)
    form = forms.MeasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_link_add(recommendation=recommendation, **form.cleaned_data)
        except services.PlanError as error:
            form.add_error("reference" if form.cleaned_data["reference"]
                           or form.cleaned_data["kind"] == "indicator" else "note", str(error))
        else:
            messages.success(request, "Added the measure of success.")
            return redirect("plans:recommendation-detail", pk=recommendation.pk)
    return _edit_page(request, title=f"Add a measure of success to recommendation "
                                     f"{recommendation.number}",
                      form=form, caption=recommendation.plan.name, button="Add the measure",
                      back=reverse("plans:recommendation-detail", args=[recommendation.pk]),
                      references=[(kind.label, choices_for(kind.value))
                                  for kind in MeasureLink.Kind])
