"""Reads of performance data. Pages read the latest computed snapshot (Parquet files written
by services.computation_run), never the returns themselves.

Who may see what, written once here:

- Aggregates (values by period, service, team, age, sex, ethnic group, disability) are for
  every member of staff; roles with no access to children's cases (board members,
  administrators, LADO officers) see counts from 1 to 4, and the values built on them, as
  "fewer than 5" (`suppress_for`).
- Figures by worker are for those who manage workers: a practitioner sees their own, a team
  manager their team's, a service or head of service their service area's, and roles that
  see every case every worker (`worker_scope`).
- The children behind a number, and the due and overdue list, follow the case access rule
  (`casework.selectors.case_visibility_q`): a child is listed only if the user may open one of
  the child's cases; roles that see every case also see children who have no case in
  Clearsight (a contact, a referral closed with no further action).
"""

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.conf import settings
from django.db.models import QuerySet

from clearsight.casework.models import Case
from clearsight.casework.selectors import case_visibility_q
from clearsight.organisation.models import User
from clearsight.organisation.roles import CaseScope
from clearsight.organisation.selectors import user_case_scope
from clearsight.performance.models import (
    Computation,
    DueItem,
    IndicatorSetting,
    ReturnLoad,
    SpcAlert,
)
from clearsight_analytics.indicators import Indicator, Kind, PeriodRule, PeriodType
from clearsight_analytics.spc import Baseline, Polarity, Rules, SpcResult, xmr

SMALL = 5  # counts from 1 to SMALL - 1 are suppressed for roles without case access
_CACHE: "OrderedDict[Path, Any]" = OrderedDict()
_CACHE_SIZE = 4


def computation_current() -> Computation | None:
    """The snapshot pages show: the latest finished computation."""
    return Computation.objects.filter(status=Computation.Status.DONE).order_by(
        "-finished_at", "-id").first()


def computation_latest() -> Computation | None:
    return Computation.objects.order_by("-requested_at", "-id").first()


def return_loads_current() -> QuerySet[ReturnLoad]:
    return ReturnLoad.objects.filter(superseded_by__isnull=True).select_related(
        "import_record", "loaded_by")


def return_loads_all() -> QuerySet[ReturnLoad]:
    return ReturnLoad.objects.select_related("import_record", "loaded_by", "superseded_by")


def _table(computation: Computation, name: str) -> Any:
    # Keyed by the file, not the computation's id: an id can be used again (SQLite reuses one
    # after a rollback, as in tests), and the old snapshot's table would then be served.
    path = Path(settings.SNAPSHOTS_DIR) / computation.folder / f"{name}.parquet"
    if path in _CACHE:
        _CACHE.move_to_end(path)
        return _CACHE[path]
    table = pq.read_table(path)
    _CACHE[path] = table
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return table


@dataclass(frozen=True)
class Value:
    period_id: str
    period_type: str
    period_label: str
    period_start: date
    period_end: date
    breakdown: str
    group: str
    numerator: float | None
    denominator: float | None
    value: float | None


def _values(table: Any) -> list[Value]:
    return [Value(**row) for row in table.drop_columns(["code"]).to_pylist()]


def values_for(*, computation: Computation, code: str, breakdown: str = "all",
               group: str | None = "All", period_type: str | None = None,
               period_id: str | None = None) -> list[Value]:
    """An indicator's values, oldest first, filtered as asked."""
    table = _table(computation, "values")
    mask = pc.and_(pc.equal(table["code"], code), pc.equal(table["breakdown"], breakdown))
    if group is not None:
        mask = pc.and_(mask, pc.equal(table["group"], group))
    if period_type is not None:
        mask = pc.and_(mask, pc.equal(table["period_type"], period_type))
    if period_id is not None:
        mask = pc.and_(mask, pc.equal(table["period_id"], period_id))
    return _values(table.filter(mask))


def area_values(*, computation: Computation, breakdown: str, group: str) -> dict[
        str, list[Value]]:
    """Every indicator's values for one area (the authority, a service or a team)."""
    table = _table(computation, "values")
    table = table.filter(pc.and_(pc.equal(table["breakdown"], breakdown),
                                 pc.equal(table["group"], group)))
    found: dict[str, list[Value]] = {}
    for code, row in zip(table["code"].to_pylist(), _values(table), strict=True):
        found.setdefault(code, []).append(row)
    return found


def headline_type(indicator: Indicator, available: set[str]) -> str | None:
    """The period a dashboard leads with: the 12 months to the latest month for events, the
    latest month end for snapshots, the latest extract for Annex A, else the latest year."""
    order = {
        PeriodRule.EVENTS: ["rolling_12", "year", "quarter", "month"],
        PeriodRule.PERIOD: ["rolling_12", "year", "quarter", "month"],
        PeriodRule.SNAPSHOT: ["month", "quarter", "year"],
        PeriodRule.EXTRACT: ["extract"],
    }[indicator.period_rule]
    return next((kind for kind in order if kind in available), None)


def spc_series_type(indicator: Indicator) -> str | None:
    """The period type a chart plots: months, or extracts for Annex A measures, else years."""
    types = {t.value for t in indicator.active_period_types}
    for kind in ("month", "extract", "quarter", "year"):
        if kind in types:
            return kind
    return None


POLARITY = {"high": Polarity.HIGHER_IS_BETTER, "low": Polarity.LOWER_IS_BETTER,
            "neither": Polarity.NEITHER}


def indicator_spc(*, computation: Computation, indicator: Indicator,
                  setting: IndicatorSetting | None, breakdown: str = "all",
                  group: str = "All", period_type: str | None = None) -> SpcResult | None:
    """The XmR analysis of an indicator's series for one area, with the authority's
    baseline, target and run length. None when there is nothing to chart."""
    period_type = period_type or spc_series_type(indicator)
    if period_type is None:
        return None
    series = values_for(computation=computation, code=indicator.code, breakdown=breakdown,
                        group=group, period_type=period_type)
    if not series:
        return None
    labels = [row.period_end.isoformat()[:7] if period_type == "month"
              else row.period_end.isoformat() for row in series]
    baseline = Baseline()
    if setting is not None and (setting.baseline_start or setting.baseline_end):
        inside = [label for label, row in zip(labels, series, strict=True)
                  if (setting.baseline_start is None or row.period_end >= setting.baseline_start)
                  and (setting.baseline_end is None or row.period_end <= setting.baseline_end)]
        if inside:
            baseline = Baseline(start=inside[0], end=inside[-1])
    percent = indicator.kind == Kind.PERCENT
    rules = Rules(run_length=setting.run_length if setting else 7,
                  floor=0.0,  # every value in the catalogue is a count, rate, % or length
                  ceiling=100.0 if percent else None)
    return xmr([(label, row.value) for label, row in zip(labels, series, strict=True)],
               polarity=POLARITY[indicator.polarity.value],
               target=setting.target if setting else None, baseline=baseline, rules=rules)


def indicator_setting_for(code: str) -> IndicatorSetting:
    """The authority's settings for one indicator, or the defaults (not saved) if none."""
    return IndicatorSetting.objects.filter(code=code).first() or IndicatorSetting(code=code)


def indicator_settings() -> dict[str, IndicatorSetting]:
    return {s.code: s for s in IndicatorSetting.objects.select_related("owner")}


def spc_alerts_recent(*, limit: int = 20) -> QuerySet[SpcAlert]:
    return SpcAlert.objects.select_related("notified")[:limit]


# ------------------------------------------------------------------ who may see what


def suppress_for(user: User) -> bool:
    """Whether small numbers are hidden from this user (no access to children's cases)."""
    return user_case_scope(user) == CaseScope.NONE


def worker_scope(user: User) -> set[str] | None:
    """Staff IDs whose figures the user may see by worker; None: every worker."""
    scope = user_case_scope(user)
    if scope == CaseScope.ALL:
        return None
    own = {user.staff_id or user.username}
    if scope == CaseScope.NONE:
        return set()
    if scope == CaseScope.OWN or user.team is None:
        return own
    members = User.objects.filter(team=user.team) if scope == CaseScope.TEAM else \
        User.objects.filter(team__service_area_id=user.team.service_area_id)
    return own | {u.staff_id or u.username for u in members.only("staff_id", "username")}


def visible_child_ids(user: User) -> set[str] | None:
    """Children the user may see in drill-downs; None: every child (scope ALL)."""
    scope = user_case_scope(user)
    if scope == CaseScope.ALL:
        return None
    visible = case_visibility_q(user)
    if visible is None:
        return set()
    return set(Case.objects.filter(visible).values_list("child__child_id", flat=True))


def units_for_user(*, user: User, computation: Computation, code: str,
                   period_id: str) -> list[dict[str, Any]]:
    """The units behind one of an indicator's latest values that this user may see."""
    table = _table(computation, "units")
    table = table.filter(pc.and_(pc.equal(table["code"], code),
                                 pc.equal(table["period_id"], period_id)))
    allowed = visible_child_ids(user)
    if allowed is not None:
        table = table.filter(pc.is_in(table["child_id"], value_set=pa.array(sorted(allowed),
                                                                             pa.string())))
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def unit_periods(*, computation: Computation, code: str) -> list[str]:
    """The periods an indicator has children listed for (its latest of each type)."""
    table = _table(computation, "units")
    table = table.filter(pc.equal(table["code"], code))
    return sorted(set(table["period_id"].to_pylist()))


def due_items_for_user(*, user: User, computation: Computation) -> QuerySet[DueItem]:
    items = DueItem.objects.filter(computation=computation)
    scope = user_case_scope(user)
    if scope == CaseScope.ALL:
        return items
    visible = case_visibility_q(user)
    if visible is None:
        return items.none()
    return items.filter(child_id__in=Case.objects.filter(visible).values("child__child_id"))


def period_type_label(period_type: str) -> str:
    return {PeriodType.YEAR.value: "Collection years", PeriodType.QUARTER.value: "Quarters",
            PeriodType.MONTH.value: "Months", PeriodType.ROLLING_12.value: "Rolling 12 months",
            PeriodType.EXTRACT.value: "Annex A extracts"}[period_type]
