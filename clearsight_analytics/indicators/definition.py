"""How an indicator is declared: once, as data, with its definition in words and in SQL.

An indicator's SQL returns one row per *counting unit* (a referral, an assessment, a child at a
date...). The engine (engine.py) places the units in reporting periods, joins each to the
child's characteristics, and counts them by period and breakdown. So an indicator's SQL says
only what is counted and whether each unit meets the standard; periods, breakdowns, rates,
suppression and drill-down are done once, for every indicator alike.

The columns an indicator's SQL returns:

- `child_id` (VARCHAR, always): the pseudonymous child the unit belongs to.
- `ref_date` (DATE): the date that places the unit in a period: the event's date (EVENTS),
  the snapshot date `s.at` (SNAPSHOT) or the extract date (EXTRACT).
- `period_id` (VARCHAR, PERIOD rule only, instead of `ref_date`): the period the SQL placed
  the unit in, having joined `periods p` itself.
- `numerator` (BOOLEAN): the unit counts in the numerator (percentages, rates, counts).
- `denominator` (BOOLEAN, optional, default true): the unit counts in the denominator.
- `measure` (DOUBLE, MEAN and MEDIAN): the quantity averaged (days, a score).
- `team`, `worker` (VARCHAR, optional): the allocation the return itself gives (Annex A);
  otherwise the child's allocation is used.
- `detail` (VARCHAR, optional): a short note shown in the drill-down ("52 working days").

The tables an indicator's SQL may read are the model tables (model.py), plus `snapshots(at)`
for SNAPSHOT indicators and `periods(period_id, period_type, start, "end", months)` for
PERIOD ones.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Polarity(StrEnum):
    HIGH_IS_GOOD = "high"
    LOW_IS_GOOD = "low"
    NEITHER = "neither"  # contextual: neither direction is better in itself

    @property
    def label(self) -> str:
        return {"high": "Higher is better", "low": "Lower is better",
                "neither": "Neither higher nor lower is better in itself"}[self.value]


class Kind(StrEnum):
    PERCENT = "percent"  # numerator / denominator x 100
    RATE = "rate"  # numerator / children aged 0-17 x 10,000
    MEAN = "mean"  # sum of measure / units with a measure
    MEDIAN = "median"  # median of measure
    COUNT = "count"  # numerator

    @property
    def suffix(self) -> str:
        return {"percent": "%", "rate": " per 10,000", "mean": "", "median": "",
                "count": ""}[self.value]


class PeriodRule(StrEnum):
    EVENTS = "events"  # a unit belongs to every period containing its ref_date
    SNAPSHOT = "snapshot"  # the SQL joins `snapshots s` and counts what stands at s.at
    EXTRACT = "extract"  # point in time: the Annex A extract the row comes from
    PERIOD = "period"  # the SQL joins `periods p` itself and returns period_id

    @property
    def label(self) -> str:
        return {
            "events": "Counted in the period in which the event happened",
            "snapshot": "A snapshot on the last day of the period",
            "extract": "A snapshot on the date of the Annex A extract",
            "period": "Counted once per period, by the rule in the definition",
        }[self.value]


class PeriodType(StrEnum):
    YEAR = "year"  # the DfE collection year, 1 April to 31 March
    QUARTER = "quarter"  # financial quarters: Q1 is April to June
    MONTH = "month"
    ROLLING_12 = "rolling_12"  # the 12 months to the end of each month
    EXTRACT = "extract"  # the date of an Annex A extract


class Breakdown(StrEnum):
    ALL = "all"  # the whole authority
    SERVICE = "service"
    TEAM = "team"
    WORKER = "worker"
    AGE_BAND = "age_band"
    SEX = "sex"
    ETHNICITY = "ethnicity"
    DISABILITY = "disability"

    @property
    def label(self) -> str:
        return {"all": "Whole authority", "service": "Service", "team": "Team",
                "worker": "Worker", "age_band": "Age", "sex": "Sex",
                "ethnicity": "Ethnic group", "disability": "Disability"}[self.value]


class Domain(StrEnum):
    FRONT_DOOR = "front_door"
    NEED_AND_PROTECTION = "need_and_protection"
    LOOKED_AFTER = "looked_after"
    PERMANENCE = "permanence"
    CARE_LEAVERS = "care_leavers"

    @property
    def label(self) -> str:
        return {
            "front_door": "Front door: contacts, referrals and assessments",
            "need_and_protection": "Children in need and child protection",
            "looked_after": "Children looked after",
            "permanence": "Permanence and adoption",
            "care_leavers": "Care leavers",
        }[self.value]


ALL_BREAKDOWNS = frozenset(Breakdown)
DEFAULT_PERIOD_TYPES: dict[PeriodRule, frozenset[PeriodType]] = {
    PeriodRule.EVENTS: frozenset({PeriodType.YEAR, PeriodType.QUARTER, PeriodType.MONTH,
                                  PeriodType.ROLLING_12}),
    PeriodRule.SNAPSHOT: frozenset({PeriodType.YEAR, PeriodType.QUARTER, PeriodType.MONTH}),
    PeriodRule.EXTRACT: frozenset({PeriodType.EXTRACT}),
    PeriodRule.PERIOD: frozenset({PeriodType.YEAR, PeriodType.QUARTER, PeriodType.MONTH}),
}


@dataclass(frozen=True)
class BenchmarkRef:
    """Where DfE publishes the same measure, so Clearsight's value can be set beside it."""

    lait: str | None = None  # the LAIT measure code ("Short Desc")
    source: str = ""  # the publication, file and column, in words


@dataclass(frozen=True)
class Indicator:
    code: str  # F09, C10, L05 ... (data-standards.md section 4)
    title: str
    domain: Domain
    kind: Kind
    polarity: Polarity
    unit: str  # what one row of the SQL is: "referral", "child", "assessment" ...
    numerator: str  # in words
    denominator: str  # in words
    period_rule: PeriodRule
    sources: tuple[str, ...]  # the model tables the SQL reads (model.py)
    sql: str
    benchmark: BenchmarkRef | None = None
    conventions: tuple[str, ...] = ()  # choices made where the standard leaves room
    period_types: frozenset[PeriodType] | None = None  # None: the rule's defaults
    lookback_months: int = 0  # history needed before a period starts (re-referrals: 12)
    distinct_children: bool = False  # count each child once per period and breakdown
    decimals: int = 1
    breakdowns: frozenset[Breakdown] = ALL_BREAKDOWNS
    local: bool = False  # no national definition: a local (ChAT-style) measure
    tags: tuple[str, ...] = field(default=())

    @property
    def active_period_types(self) -> frozenset[PeriodType]:
        """The declared period types, or the rule's defaults. Rolling 12 months come by
        default only to indicators whose months add up (counted per unit, not a median):
        for them the engine sums twelve months, for the others it would have to count every
        unit twelve times over."""
        if self.period_types is not None:
            return self.period_types
        types = DEFAULT_PERIOD_TYPES[self.period_rule]
        if self.distinct_children or self.kind == Kind.MEDIAN:
            types = types - {PeriodType.ROLLING_12}
        return types

    @property
    def value_label(self) -> str:
        return {"percent": "Percentage", "rate": "Rate per 10,000 children",
                "mean": "Average", "median": "Median", "count": "Number"}[self.kind.value]
