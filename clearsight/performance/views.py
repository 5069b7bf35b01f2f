"""Performance data pages. Every figure comes from the latest computed snapshot
(selectors.computation_current); nothing here computes over the returns."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clearsight.casework.selectors import case_list_for_user
from clearsight.core.access import for_roles, signed_in
from clearsight.core.access_log import log_access
from clearsight.core.models import ImportRecord
from clearsight.organisation.models import ServiceArea, Team, User
from clearsight.organisation.roles import CASE_IMPORT_ROLES, CASE_ROLES
from clearsight.organisation.typing import AuthenticatedHttpRequest
from clearsight.performance import display, forms, selectors, services
from clearsight.performance.models import (
    AuthorityProfile,
    Computation,
    IndicatorSetting,
    PopulationFigure,
)
from clearsight_analytics.calendar import WorkingDayCalendar
from clearsight_analytics.charts import xmr_chart_svg
from clearsight_analytics.indicators import BY_CODE, CATALOGUE, Breakdown, Domain, Indicator

# Loading returns and changing settings: those who load child-level data.
DATA_ROLES = CASE_IMPORT_ROLES
PROBLEMS_SHOWN = 200
BREAKDOWN_ORDER = (Breakdown.SERVICE, Breakdown.TEAM, Breakdown.WORKER, Breakdown.AGE_BAND,
                   Breakdown.SEX, Breakdown.ETHNICITY, Breakdown.DISABILITY)


@dataclass(frozen=True)
class Area:
    breakdown: str  # "all", "service" or "team"
    group: str  # "All", or the service area or team code
    name: str
    param: str  # as it appears in ?area=

    @property
    def is_authority(self) -> bool:
        return self.breakdown == "all"


def _area(request: HttpRequest, authority_name: str) -> Area:
    raw = request.GET.get("area", "")
    kind, _, code = raw.partition(":")
    if kind == "service" and code:
        service = ServiceArea.objects.filter(code=code).first()
        if service is None:
            raise Http404("No such service area")
        return Area("service", service.code, service.name, raw)
    if kind == "team" and code:
        team = Team.objects.filter(code=code).first()
        if team is None:
            raise Http404("No such team")
        return Area("team", team.code, team.name, raw)
    return Area("all", "All", authority_name, "")


def _area_choices(current: Area, authority_name: str) -> list[dict[str, Any]]:
    choices = [{"value": "", "text": authority_name, "selected": current.is_authority}]
    for service in ServiceArea.objects.order_by("name"):
        choices.append({"value": f"service:{service.code}", "text": f"Service: {service.name}",
                        "selected": current.param == f"service:{service.code}"})
    current_team = Q(code=current.group) if current.breakdown == "team" else Q(pk__in=[])
    for team in Team.objects.filter(Q(cases__isnull=False) | current_team).distinct().order_by(
            "name"):
        choices.append({"value": f"team:{team.code}", "text": f"Team: {team.name}",
                        "selected": current.param == f"team:{team.code}"})
    return choices


def _query(**params: str) -> str:
    """A query string of the parameters that have a value, for links that keep the page's
    other choices (area, period, neighbour model)."""
    return urlencode({key: value for key, value in params.items() if value})


def _page_query(request: HttpRequest) -> str:
    """The page's query string without `page`, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _group_names(breakdown: str, groups: list[str]) -> dict[str, str]:
    if breakdown == "team":
        return dict(Team.objects.filter(code__in=groups).values_list("code", "name"))
    if breakdown == "service":
        return dict(ServiceArea.objects.filter(code__in=groups).values_list("code", "name"))
    if breakdown == "worker":
        # Allocations name a worker by staff ID, or by username when they have none.
        names = {}
        for user in User.objects.filter(Q(staff_id__in=groups) | Q(username__in=groups)):
            names[user.staff_id or user.username] = user.display_name
        return names
    return {}


def _no_snapshot(request: HttpRequest, title: str) -> HttpResponse:
    return render(request, "performance/no_snapshot.html", {
        "title": title, "latest": selectors.computation_latest(),
        "can_load": request.user.has_role(*DATA_ROLES)})  # type: ignore[union-attr]


# ------------------------------------------------------------------ dashboards


@signed_in
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    computation = selectors.computation_current()
    if computation is None:
        return _no_snapshot(request, "Performance")
    profile = services.authority_profile_get()
    area = _area(request, profile.name)
    suppress = selectors.suppress_for(request.user)
    values = selectors.area_values(computation=computation, breakdown=area.breakdown,
                                   group=area.group)
    settings = selectors.indicator_settings()
    domains: list[dict[str, Any]] = []
    for domain in Domain:
        cards = []
        for indicator in (i for i in CATALOGUE if i.domain == domain):
            rows = values.get(indicator.code)
            if not rows:
                continue
            spc = selectors.indicator_spc(computation=computation, indicator=indicator,
                                          setting=settings.get(indicator.code),
                                          breakdown=area.breakdown, group=area.group)
            made = display.card(indicator, rows, spc, suppress=suppress)
            if made is not None:
                cards.append(made)
        if cards:
            domains.append({"domain": domain, "cards": cards})
    return render(request, "performance/dashboard.html", {
        "computation": computation, "area": area, "domains": domains,
        "area_choices": _area_choices(area, profile.name), "suppress": suppress,
        "alerts": selectors.spc_alerts_recent(limit=5) if area.is_authority else [],
        "can_see_children": request.user.has_role(*CASE_ROLES),
        "title": "Performance" if area.is_authority else f"Performance: {area.name}",
    })


@signed_in
def catalogue(request: AuthenticatedHttpRequest) -> HttpResponse:
    computation = selectors.computation_current()
    not_computed = computation.not_computed if computation else {}
    domains = [{"domain": domain, "indicators": [i for i in CATALOGUE if i.domain == domain]}
               for domain in Domain]
    return render(request, "performance/catalogue.html", {
        "domains": [d for d in domains if d["indicators"]], "count": len(CATALOGUE),
        "not_computed": not_computed, "computation": computation})


def _indicator(code: str) -> Indicator:
    indicator = BY_CODE.get(code)
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


@signed_in
def indicator_detail(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    computation = selectors.computation_current()
    if computation is None:
        return _no_snapshot(request, indicator.title)
    profile = services.authority_profile_get()
    area = _area(request, profile.name)
    suppress = selectors.suppress_for(request.user)
    all_rows = selectors.values_for(computation=computation, code=code,
                                    breakdown=area.breakdown, group=area.group)
    types = [t for t in ("month", "quarter", "year", "rolling_12", "extract")
             if any(row.period_type == t for row in all_rows)]
    period_type = request.GET.get("period", "")
    if period_type not in types:
        period_type = selectors.spc_series_type(indicator) or (types[0] if types else "")
    rows = [row for row in all_rows if row.period_type == period_type]
    setting = selectors.indicator_settings().get(code)
    spc = selectors.indicator_spc(computation=computation, indicator=indicator,
                                  setting=setting, breakdown=area.breakdown, group=area.group,
                                  period_type=period_type) if rows else None
    chart = ""
    if spc is not None and not suppress:
        chart = xmr_chart_svg(spc, id_prefix=f"chart-{code.lower()}",
                              title=f"{indicator.title}, {area.name}",
                              value_format=display.value_format(indicator))
    model = request.GET.get("model", profile.neighbour_model)
    if model not in ("2021", "2025"):
        model = profile.neighbour_model
    # Kept in the page's links and forms only when it is not the authority's usual model.
    model_param = model if model != profile.neighbour_model else ""
    benchmark = None
    if area.is_authority:
        year_values = {row.period_end.year: row for row in all_rows
                       if row.period_type == "year"}
        benchmark = display.benchmark_view(indicator, authority=profile.benchmark_code,
                                           model=model, year_values=year_values,
                                           our_name=profile.name, suppress=suppress)
    latest = rows[-1] if rows else None
    breakdowns = []
    allowed_workers = selectors.worker_scope(request.user)
    if latest is not None and area.is_authority:
        for breakdown in BREAKDOWN_ORDER:
            if breakdown not in indicator.breakdowns:
                continue
            if breakdown == Breakdown.WORKER and allowed_workers == set():
                continue
            found = selectors.values_for(computation=computation, code=code,
                                         breakdown=breakdown.value, group=None,
                                         period_id=latest.period_id)
            if breakdown == Breakdown.WORKER and allowed_workers is not None:
                found = [row for row in found if row.group in allowed_workers]
            if not found:
                continue
            names = _group_names(breakdown.value, [row.group for row in found])
            breakdowns.append({
                "breakdown": breakdown,
                "rows": [(names.get(row.group, row.group),
                          display.shown(indicator, row, suppress=suppress)) for row in found]})
    unit_periods = []
    if request.user.has_role(*CASE_ROLES):
        unit_periods = [(period_id, next((r.period_label for r in all_rows
                                          if r.period_id == period_id), period_id))
                        for period_id in selectors.unit_periods(computation=computation,
                                                                code=code)]
    return render(request, "performance/indicator.html", {
        "indicator": indicator, "computation": computation, "area": area,
        "area_choices": _area_choices(area, profile.name), "period_type": period_type,
        "period_types": [(t, selectors.period_type_label(t),
                          _query(period=t, area=area.param, model=model_param)) for t in types],
        "model_param": model_param,
        "other_model": "2021" if model == "2025" else "2025",
        "other_model_query": _query(period=period_type, area=area.param,
                                    model="2021" if model == "2025" else "2025"),
        "rows": [(row, display.shown(indicator, row, suppress=suppress))
                 for row in reversed(rows)],
        "latest": latest, "latest_shown": display.shown(indicator, latest, suppress=suppress),
        "spc": spc, "chart": chart,
        "variation_tag": display.VARIATION_TAGS[spc.variation] if spc else "",
        "benchmark": benchmark, "model": model,
        "breakdowns": breakdowns, "unit_periods": unit_periods, "setting": setting,
        "suppress": suppress, "not_computed": computation.not_computed.get(code),
        "can_edit": request.user.has_role(*DATA_ROLES),
        "bar_chart": _bars(indicator, benchmark),
    })


def _bars(indicator: Indicator, benchmark: display.BenchmarkView | None) -> str:
    from clearsight_analytics.charts import Bar, comparison_bar_svg

    if benchmark is None or len(benchmark.bars) < 2:
        return ""
    return comparison_bar_svg(
        [Bar(label, value, ours=ours) for label, value, ours in benchmark.bars],
        id_prefix=f"bars-{indicator.code.lower()}",
        title=f"{indicator.title}: comparison for {benchmark.year_label}",
        value_format=display.value_format(indicator))


@for_roles(CASE_ROLES, child_data=True)
def indicator_children(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    computation = selectors.computation_current()
    if computation is None:
        raise Http404("No snapshot yet")
    periods = selectors.unit_periods(computation=computation, code=code)
    period_id = request.GET.get("period", "")
    if period_id not in periods:
        raise Http404("No children are listed for that period")
    units = selectors.units_for_user(user=request.user, computation=computation, code=code,
                                     period_id=period_id)
    log_access(request=request, object_type="indicator children",
               object_id=f"{code} {period_id}"[:64])
    label = next((row.period_label for row in selectors.values_for(
        computation=computation, code=code, period_id=period_id)), period_id)
    page = Paginator(units, 100).get_page(request.GET.get("page"))
    # Each child on this page links to their open case, else the case that closed last.
    cases: dict[str, str] = {}
    for case in case_list_for_user(user=request.user, open_only=False).filter(
            child__child_id__in=[unit["child_id"] for unit in page.object_list]).order_by(
            F("closed_on").desc(nulls_first=True), "-opened_on"):
        cases.setdefault(case.child.child_id, case.case_ref)
    return render(request, "performance/children.html", {
        "indicator": indicator, "period_label": label, "period_id": period_id, "page": page,
        "rows": [{**unit, "case_ref": cases.get(unit["child_id"])} for unit in page.object_list],
        "total": len(units), "page_query": _page_query(request),
        "in_numerator": sum(1 for unit in units if unit["numerator"]),
        "scope_all": selectors.visible_child_ids(request.user) is None,
    })


@for_roles(CASE_ROLES, child_data=True)
def due(request: AuthenticatedHttpRequest) -> HttpResponse:
    computation = selectors.computation_current()
    if computation is None:
        return _no_snapshot(request, "Due and overdue")
    items = selectors.due_items_for_user(user=request.user, computation=computation)
    teams = sorted(set(items.exclude(team="").order_by().values_list("team", flat=True)))
    kinds = dict(items.order_by().values_list("kind", "label").distinct())
    # The extract names a team by its code or its name: show names where the code is known.
    team_names = _group_names("team", teams)
    team = request.GET.get("team", "")
    kind = request.GET.get("kind", "")
    when = request.GET.get("when", "overdue")
    today = timezone.localdate()
    soon = WorkingDayCalendar().add_working_days(today, 10)
    if team in teams:
        items = items.filter(team=team)
    if kind in kinds:
        items = items.filter(kind=kind)
    if when == "overdue":
        items = items.filter(due_on__lt=today)
    elif when == "soon":
        items = items.filter(due_on__gte=today, due_on__lte=soon)
    else:
        when = "all"
    page = Paginator(items.order_by("due_on", "child_id"), 50).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.team_name = team_names.get(item.team, item.team)  # type: ignore[attr-defined]
    log_access(request=request, object_type="due list", object_id=f"page {page.number}")
    extract = computation.returns.filter(source="annex_a").order_by("-as_at").first()
    return render(request, "performance/due.html", {
        "page": page, "kinds": sorted(kinds.items(), key=lambda kv: kv[1]),
        "teams": sorted(((value, team_names.get(value, value)) for value in teams),
                        key=lambda pair: pair[1]),
        "team": team, "kind": kind, "when": when, "today": today, "soon": soon,
        "extract": extract,
        "page_query": _page_query(request),
    })


# ------------------------------------------------------------------ data and settings


@for_roles(DATA_ROLES)
def data(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "performance/data.html", {
        "current": selectors.return_loads_current(),
        "history": selectors.return_loads_all()[:30],
        "computations": Computation.objects.select_related("requested_by")[:10],
        "snapshot": selectors.computation_current(),
        "population": PopulationFigure.objects.all(),
        "profile": services.authority_profile_get(),
    })


def _refused(request: HttpRequest, record: ImportRecord, form: Any) -> None:
    log_access(request=request, object_type="import", object_id=record.pk)
    count = record.error_count
    field = "tables" if "tables" in form.fields else "file"
    form.add_error(field, f"The {'files were' if field == 'tables' else 'file was'} not loaded "
                          f"because {count:,} problem{'s were' if count != 1 else ' was'} "
                          "found. Nothing was saved. Correct the problems and load again")


def _load_page(request: AuthenticatedHttpRequest, *, form: Any, record: ImportRecord | None,
               title: str, intro: str) -> HttpResponse:
    return render(request, "performance/load.html", {
        "form": form, "record": record, "title": title, "intro": intro,
        "problems": record.errors[:PROBLEMS_SHOWN] if record else []})


def _submitted(request: HttpRequest) -> tuple[Any, Any]:
    """The form's data and files when the page was posted (even with every field left
    empty, so that the form says what is missing), else nothing: an empty form."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _loaded(request: HttpRequest, record: ImportRecord) -> HttpResponse:
    messages.success(request, f"Loaded {record.filename}: {record.rows:,} rows. Compute the "
                              "indicators again to include it.")
    return redirect("performance:data")


@for_roles(DATA_ROLES)
def load_annex_a(request: AuthenticatedHttpRequest) -> HttpResponse:
    record = None
    form = forms.AnnexAForm(*_submitted(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = services.return_load_annex_a(data=upload.read(), filename=upload.name,
                                              as_at=form.cleaned_data["as_at"],
                                              by=request.user)
        if record.status == ImportRecord.Status.LOADED:
            return _loaded(request, record)
        _refused(request, record, form)
    return _load_page(request, form=form, record=record, title="Load an Annex A workbook",
                      intro="The workbook Ofsted asks for at the start of an inspection, with "
                            "the sheets List 1 to List 11.")


@for_roles(DATA_ROLES)
def load_cin_census(request: AuthenticatedHttpRequest) -> HttpResponse:
    record = None
    form = forms.CinCensusForm(*_submitted(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = services.return_load_cin_census(data=upload.read(), filename=upload.name,
                                                 as_at=form.cleaned_data["as_at"],
                                                 by=request.user)
        if record.status == ImportRecord.Status.LOADED:
            return _loaded(request, record)
        _refused(request, record, form)
    return _load_page(request, form=form, record=record, title="Load a CIN census file",
                      intro="The children in need census XML file for one collection year, "
                            "as sent to DfE (2022-23 onward).")


@for_roles(DATA_ROLES)
def load_ssda903(request: AuthenticatedHttpRequest) -> HttpResponse:
    record = None
    form = forms.Ssda903Form(*_submitted(request))
    if request.method == "POST" and form.is_valid():
        uploads = form.cleaned_data["tables"]
        record = services.return_load_ssda903(
            files={upload.name: upload.read() for upload in uploads},
            collection_year=form.cleaned_data["collection_year"],
            as_at=form.cleaned_data["as_at"], by=request.user)
        if record.status == ImportRecord.Status.LOADED:
            return _loaded(request, record)
        _refused(request, record, form)
    return _load_page(request, form=form, record=record, title="Load an SSDA903 return",
                      intro="The children looked after return for one collection year: the "
                            "CSV tables header, episodes, uasc, reviews, oc2, oc3, ad1, "
                            "placed_for_adoption, missing, prev_perm and sw_episodes.")


@for_roles(DATA_ROLES)
def population(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.PopulationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        figure = services.population_figure_set(by=request.user, **form.cleaned_data)
        messages.success(request, f"Saved {figure.children:,} children for the year ending "
                                  f"March {figure.collection_year}.")
        return redirect("performance:data")
    return render(request, "performance/population.html", {
        "form": form, "figures": PopulationFigure.objects.all()})


@require_POST
@for_roles(DATA_ROLES)
def compute(request: AuthenticatedHttpRequest) -> HttpResponse:
    computation = services.computation_request(by=request.user)
    return redirect("performance:computation", pk=computation.pk)


@for_roles(DATA_ROLES)
def computation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Computation.objects.select_related("requested_by"), pk=pk)
    return render(request, "performance/computation.html", {
        "computation": found, "returns": found.returns.select_related("import_record")})


def _profile_values(profile: AuthorityProfile) -> dict[str, Any]:
    return {"name": profile.name, "la_code": profile.la_code,
            "comparator_la_code": profile.comparator_la_code,
            "neighbour_model": profile.neighbour_model, "version": profile.version}


@for_roles(DATA_ROLES)
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = _profile_values(services.authority_profile_get())
    form = forms.ProfileForm(request.POST if request.method == "POST" else None,
                             initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.authority_profile_update(**form.cleaned_data)
        except services.ConflictError:
            form = _conflicted(
                forms.ProfileForm, _profile_values(services.authority_profile_get()),
                "Someone else changed these settings after you opened this page, so your "
                "changes were not saved. The form now shows their changes. Make yours again "
                "and save")
        else:
            messages.success(request, "Saved the comparison settings.")
            return redirect("performance:data")
    return render(request, "performance/profile.html", {"form": form})


def _conflicted(form_class: Any, saved: dict[str, Any], message: str) -> Any:
    """The form filled with what is saved now, someone else's change, and its new version,
    with the conflict message: the person sees that change before they save theirs, and
    saving again without looking cannot silently undo it."""
    form = form_class(saved)
    form.is_valid()
    form.add_error(None, message)
    return form


def _setting_values(setting: IndicatorSetting) -> dict[str, Any]:
    return {"owner": setting.owner_id, "target": setting.target,
            "baseline_start": setting.baseline_start, "baseline_end": setting.baseline_end,
            "run_length": setting.run_length, "version": setting.version}


@for_roles(DATA_ROLES)
def indicator_settings(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    indicator = _indicator(code)
    initial = _setting_values(selectors.indicator_setting_for(code))
    form = forms.IndicatorSettingForm(request.POST if request.method == "POST" else None,
                                      initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_setting_update(code=code, by=request.user, **form.cleaned_data)
        except services.ConflictError:
            form = _conflicted(
                forms.IndicatorSettingForm, _setting_values(selectors.indicator_setting_for(code)),
                "Someone else changed the settings for this indicator after you opened this "
                "page, so your changes were not saved. The form now shows their changes. "
                "Make yours again and save")
        else:
            messages.success(request, f"Saved the settings for {code}.")
            return redirect(reverse("performance:indicator", args=[code]))
    return render(request, "performance/indicator_settings.html", {
        "form": form, "indicator": indicator})
