"""Reads for governance packs: which packs a person may see, and the figures a pack gives.

Every figure comes from the owning app's selectors (performance, audits, feedback, complaints,
plans); this module only chooses, suppresses and arranges them. Packs are for improvement
boards and councillors, so whoever asks for one, a pack shows:

- counts of children, families, audits, responses and complaints from 1 to 4 as "fewer than 5"
  (`count_shown`), and withholds a rate built on such a count (`rate_shown`);
- KPI values through performance's own suppression (`display.shown(..., suppress=True)`);
- counts of plan actions in full: they count the council's own tasks, not people;
- never a child's name, ID or case reference: no section reads a child-level record.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.http import Http404
from django.utils import timezone

from clearsight.audits.models import Grade
from clearsight.audits.selectors import audit_activity_between, audit_data_marker
from clearsight.complaints.selectors import complaint_counts_between, complaint_data_marker
from clearsight.core.calendar import working_calendar
from clearsight.feedback.selectors import (
    feedback_data_marker,
    headline_counts,
    response_rates,
)
from clearsight.governance.models import Pack
from clearsight.governance.workflow import PACK_READERS, PACK_REQUESTERS, PackKind, PackStatus
from clearsight.performance import display
from clearsight.performance import selectors as performance
from clearsight.performance.models import Computation
from clearsight.performance.services import authority_profile_get
from clearsight.plans.models import MeasureLink
from clearsight.plans.selectors import plan_data_marker, plan_overview, plans_for_packs
from clearsight.plans.workflow import ActionStatus, Rag
from clearsight_analytics.charts import sparkline_svg
from clearsight_analytics.indicators import BY_CODE
from clearsight_analytics.spc import Variation

FEWER = "fewer than 5"
WITHHELD = "withheld"
SMALL_RULE = ("Counts from 1 to 4 are shown as \"fewer than 5\", and a percentage built on such "
              "a count is withheld, so that no child or family can be recognised. Counts of "
              "improvement plan actions are shown in full: they count the council's tasks, "
              "not people. This pack holds no child-level data.")
BOARD_WEEKS = 6
# The headline indicators of the board pack's KPI dashboard, in the order shown: the front
# door, assessment, child protection, children in care and care leavers.
HEADLINE_CODES = ["F01", "F03", "F05", "F09", "C01", "C05", "L01", "L02", "L05", "Y08"]


# ------------------------------------------------------------------ who may see what


def user_requests_packs(user: Any) -> bool:
    return bool(user.is_authenticated and user.has_role(*PACK_REQUESTERS))


def pack_list_for_user(*, user: Any) -> Any:
    """Every pack, for those who may read packs (they hold aggregates only)."""
    if not (user.is_authenticated and user.has_role(*PACK_READERS)):
        return Pack.objects.none()
    return Pack.objects.select_related("requested_by")


def pack_get_for_user(*, user: Any, pk: int) -> Pack:
    try:
        return pack_list_for_user(user=user).get(pk=pk)
    except Pack.DoesNotExist:
        raise Http404("No such pack") from None


def pack_get_done_for_user(*, user: Any, pk: int) -> Pack:
    pack = pack_get_for_user(user=user, pk=pk)
    if pack.status != PackStatus.DONE:
        raise Http404("The pack is not ready")
    return pack


# ------------------------------------------------------------------ periods


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    label: str


def board_period(end: date) -> Period:
    """The six weeks ending on `end`."""
    start = end - timedelta(weeks=BOARD_WEEKS) + timedelta(days=1)
    return Period(start, end, f"{start:%-d %B %Y} to {end:%-d %B %Y}")


def quarter_period(code: str, today: date) -> Period:
    """A financial quarter (Q1 is April to June), by code such as "2026-Q2"; the last complete
    one when the code names none."""
    from clearsight.complaints.reports import quarter_from

    quarter = quarter_from(code, today)
    return Period(quarter.start, quarter.end, quarter.label)


def quarter_choices(today: date) -> list[tuple[str, str]]:
    from clearsight.complaints.reports import quarter_choices as choices

    return [(quarter.code, quarter.label) for quarter in choices(today)]


# ------------------------------------------------------------------ small numbers


def count_shown(count: int) -> int | str:
    return FEWER if 0 < count < 5 else count


def rate_shown(part: int, whole: int) -> float | str | None:
    """A percentage to one decimal place; None when there is nothing to divide by; withheld
    when either count is from 1 to 4."""
    if whole == 0:
        return None
    if 0 < part < 5 or whole < 5:
        return WITHHELD
    return round(100 * part / whole, 1)


# ------------------------------------------------------------------ the data version


def data_markers() -> dict[str, Any]:
    """What the pack's figures depend on, apart from the performance computation: for each app,
    how many records and when the latest changed."""
    return {"audits": list(audit_data_marker()), "feedback": list(feedback_data_marker()),
            "complaints": list(complaint_data_marker()), "plans": list(plan_data_marker())}


def fingerprint(computation_id: int | None, markers: dict[str, Any]) -> str:
    text = json.dumps({"computation": computation_id, **markers}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


# ------------------------------------------------------------------ the sections


def _kpi_rows(computation: Computation | None) -> list[dict[str, Any]]:
    if computation is None:
        return []
    profile = authority_profile_get()
    values = performance.area_values(computation=computation, breakdown="all", group="All")
    settings = performance.indicator_settings()
    rows = []
    for code in HEADLINE_CODES:
        indicator = BY_CODE.get(code)
        found = values.get(code)
        if indicator is None or not found:
            continue
        kind = performance.headline_type(indicator, {row.period_type for row in found})
        series = [row for row in found if row.period_type == kind]
        if not series:
            continue
        latest = display.shown(indicator, series[-1], suppress=True)
        previous = display.shown(indicator, series[-2] if len(series) > 1 else None,
                                 suppress=True)
        spc = performance.indicator_spc(computation=computation, indicator=indicator,
                                        setting=settings.get(code))
        signal = display.VARIATION_SHORT[spc.variation] if spc is not None else \
            display.VARIATION_SHORT[Variation.NONE]
        year_values = {row.period_end.year: row for row in found if row.period_type == "year"}
        benchmark = display.benchmark_view(indicator, authority=profile.benchmark_code,
                                           model=profile.neighbour_model,
                                           year_values=year_values, our_name=profile.name,
                                           suppress=True)
        england = neighbours = ""
        if benchmark is not None:
            for line in benchmark.lines:
                if line.label == "England":
                    england = f"{line.value} ({benchmark.year_label})"
                elif line.label.startswith("Statistical neighbours") and "mean" in line.label:
                    neighbours = f"{line.value} ({benchmark.year_label})"
        trend_type = "month" if any(r.period_type == "month" for r in found) else kind
        trend: list[float | None] = []
        for row in found:
            if row.period_type != trend_type:
                continue
            hidden = display.shown(indicator, row, suppress=True).suppressed
            trend.append(None if hidden else row.value)
        trend = trend[-24:]
        chart = ""
        if sum(value is not None for value in trend) >= 2:
            unit = "months" if trend_type == "month" else "periods"
            chart = sparkline_svg(trend, width=160, height=36, id_prefix=f"kpi-{code.lower()}",
                                  label=f"{indicator.title}: trend over the last "
                                        f"{len(trend)} {unit}")
        rows.append({
            "code": code, "title": indicator.title, "period": series[-1].period_label,
            "value": latest.value,
            "number": None if latest.suppressed or series[-1].value is None
            else round(series[-1].value, indicator.decimals),
            "previous": previous.value if len(series) > 1 else "No earlier value",
            "previous_period": series[-2].period_label if len(series) > 1 else "",
            "england": england or "Not published", "neighbours": neighbours or "Not published",
            "signal": signal, "chart": chart,
            "trend": [value if value is None else round(value, 2) for value in trend]})
    return rows


def _audit_section(period: Period) -> dict[str, Any]:
    activity = audit_activity_between(start=period.start, end=period.end)
    labels = dict(Grade.choices)
    return {
        "completed": count_shown(activity.completed),
        "on_time": count_shown(activity.on_time),
        "on_time_rate": rate_shown(activity.on_time, activity.completed),
        "grades": [{"label": labels[grade], "count": count_shown(n),
                    "percent": rate_shown(n, activity.completed)}
                   for grade, n in activity.grades.items()],
        "moderated": count_shown(activity.moderated),
        "moderation_rate": rate_shown(activity.moderated, activity.completed),
        "escalated": count_shown(activity.escalated),
    }


def _feedback_section(period: Period) -> dict[str, Any]:
    rates = []
    for row in response_rates(start=period.start, end=period.end):
        invited, answered, phoned, _eligible = row.raw
        rates.append({"label": row.label, "invited": count_shown(invited),
                      "answered": count_shown(answered), "rate": rate_shown(answered, invited),
                      "phone": count_shown(phoned)})
    headlines = [{"label": label, "answered": count_shown(answered),
                  "positive": count_shown(positive), "percent": rate_shown(positive, answered)}
                 for label, answered, positive in headline_counts(start=period.start,
                                                                  end=period.end)]
    return {"rates": rates, "headlines": headlines}


def _complaint_section(period: Period, today: date) -> dict[str, Any]:
    counts = complaint_counts_between(start=period.start, end=period.end,
                                      calendar=working_calendar(), today=today)
    return {
        "received": count_shown(counts.received),
        "responded": count_shown(counts.responded),
        "in_time": count_shown(counts.responded_in_time),
        "in_time_rate": rate_shown(counts.responded_in_time, counts.responded),
        "upheld": count_shown(counts.upheld),
        "upheld_rate": rate_shown(counts.upheld, counts.responded),
        "stage2": count_shown(counts.stage2),
        "stage3": count_shown(counts.stage3),
    }


def _plan_section(today: date) -> list[dict[str, Any]]:
    plans = []
    for plan in plans_for_packs():
        recommendations = []
        for summary in plan_overview(plan=plan, today=today, evidence=True):
            recommendation = summary.recommendation
            recommendations.append({
                "measures": _measure_rows(summary),
                "number": recommendation.number, "title": recommendation.title,
                "actions": summary.action_count,
                "status": {status.label: summary.status_counts.get(status, 0)
                           for status in ActionStatus},
                "rag": {rag.label: summary.rag_counts.get(rag, 0) for rag in Rag},
                "unrated": summary.unrated, "overdue": summary.overdue,
                "overall": summary.overall.capitalize() if summary.overall else "Not rated",
                "action_rows": [{
                    "reference": action.reference, "text": action.text,
                    "owner": action.owner_name, "due": action.timescale,
                    "status": action.get_status_display(),
                    "rag": action.get_rag_display() if action.rag else "Not rated",
                    "overdue": action.status not in (ActionStatus.COMPLETE,
                                                     ActionStatus.WITHDRAWN)
                    and action.due_on < today}
                    for action in summary.actions]})
        plans.append({"name": plan.name, "recommendations": recommendations})
    return plans


def _measure_rows(summary: Any) -> list[dict[str, str]]:
    """Each measure of success with its latest figure, as the recommendation page shows it
    (read through core.evidence: authority-wide, small numbers already suppressed there)."""
    rows = []
    for kind, links in summary.measures.items():
        for measure in links:
            found = summary.evidence.get(measure.pk)
            figure = ("" if found is None else found.figure or found.note) or "No figure"
            change = "" if found is None else (found.signal or found.change)
            rows.append({
                "kind": MeasureLink.Kind(kind).label,
                "measure": (found.title if found is not None and found.found
                            else measure.reference or measure.note),
                "figure": figure, "period": "" if found is None else found.period,
                "change": change, "source": "" if found is None else found.source})
    return rows


def pack_content(*, kind: str, period: Period, computation: Computation | None,
                 today: date | None = None, progress: Any = None) -> dict[str, Any]:
    """Every figure of a pack, as it will be shown, in plain JSON types. `progress(percent,
    text)` is told as each section is read."""
    today = today or timezone.localdate()

    def step(percent: int, text: str) -> None:
        if progress is not None:
            progress(percent, text)

    profile = authority_profile_get()
    step(10, "Reading the key performance indicators")
    kpis = _kpi_rows(computation)
    step(30, "Counting audit activity and grades")
    audits = _audit_section(period)
    step(45, "Counting feedback from children and families")
    feedback = _feedback_section(period)
    step(55, "Counting complaints")
    complaints = _complaint_section(period, today)
    plans: list[dict[str, Any]] = []
    if kind == PackKind.BOARD:
        step(65, "Reading improvement plan progress")
        plans = _plan_section(today)
    return {
        "title": f"{PackKind(kind).label}: {period.label}",
        "kind": kind, "authority": profile.name, "period": period.label,
        "start": period.start.isoformat(), "end": period.end.isoformat(),
        "made_on": today.isoformat(), "rule": SMALL_RULE,
        "computation": computation.pk if computation else None,
        "kpi_data_to": computation.latest_data.isoformat()
        if computation and computation.latest_data else "",
        "kpis": kpis, "audits": audits, "feedback": feedback, "complaints": complaints,
        "plans": plans,
    }
