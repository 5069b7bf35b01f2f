"""Computing the catalogue: every indicator, by period and breakdown, in one DuckDB session.

For each indicator the engine:

1. works out the periods its sources can answer for (periods.py), and skips the indicator,
   saying why, when there are none;
2. runs its SQL, which returns one row per counting unit (definition.py);
3. places each unit in *buckets*: for EVENTS, the months (or, when a child is counted once
   per period or a median is wanted, the periods themselves); for SNAPSHOT and EXTRACT, the
   dates the snapshots are taken on; for PERIOD, the periods the SQL chose. Each unit is
   joined to the child's characteristics and allocation (`people`) and its age band taken on
   the unit's date;
4. once every indicator is placed, counts all of them by bucket for the whole authority and
   for each breakdown in one `GROUPING SETS` query, then adds months up into quarters, years
   and rolling 12 months, and copies a snapshot to every period ending on its date. Counting
   once and adding months is what keeps the catalogue fast: a unit is placed once, not once
   per period it falls in;
5. turns counts into values: a percentage of the denominator, a rate per 10,000 children aged
   0-17, a mean or median of the measure, or a count; every period gets a whole-authority row,
   zero when nothing happened;
6. keeps the units behind the latest period of each type, for the drill-down to children.

Conventions, stated once:

- Rates per 10,000 use the ONS mid-year estimate of children aged 0-17 that DfE uses for the
  collection year containing the period's last day (`population[year]`; for the year ending
  March YYYY, DfE's mid-(YYYY-1) figure). When a year has no figure the latest earlier year's
  is used and a note says so. Rates of events over a month or a quarter are annualised
  (multiplied by 12 or 4) so that they can be read against the yearly rate; snapshots are not.
- Rates are only given for the whole authority: there is no population by team. Other
  breakdowns of a rate carry the count alone.
- A percentage with no units in its denominator, or a mean with no measures, has no value
  (null), not zero.
- A unit with no team, worker or characteristic recorded is counted under "Not recorded".
- A unit counts in the numerator only if it is also in the denominator.
- Every period is broken down by service and team; worker, age, sex, ethnic group and
  disability are given for quarters, years, rolling 12 months and extracts, not months.
"""

import re
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import pyarrow as pa

from clearsight_analytics.calendar import WorkingDayCalendar
from clearsight_analytics.indicators import model
from clearsight_analytics.indicators.definition import (
    Breakdown,
    Indicator,
    Kind,
    PeriodRule,
    PeriodType,
)
from clearsight_analytics.indicators.inputs import Inputs
from clearsight_analytics.indicators.periods import (
    Period,
    intersect,
    month_end,
    period_of,
    periods_covered,
)
from clearsight_analytics.periods import collection_year_containing

ArrowTable: TypeAlias = Any

NOT_RECORDED = "Not recorded"
ALL_GROUP = "All"

VALUES_SCHEMA = pa.schema([
    ("code", pa.string()), ("period_id", pa.string()), ("period_type", pa.string()),
    ("period_label", pa.string()), ("period_start", pa.date32()), ("period_end", pa.date32()),
    ("breakdown", pa.string()), ("group", pa.string()), ("numerator", pa.float64()),
    ("denominator", pa.float64()), ("value", pa.float64()),
])
UNITS_SCHEMA = pa.schema([
    ("code", pa.string()), ("period_id", pa.string()), ("child_id", pa.string()),
    ("ref_date", pa.date32()), ("numerator", pa.bool_()), ("denominator", pa.bool_()),
    ("measure", pa.float64()), ("detail", pa.string()), ("team", pa.string()),
    ("worker", pa.string()),
])

# The column each breakdown groups on, in the placed units.
_GROUP_COLUMNS: dict[Breakdown, str] = {
    Breakdown.SERVICE: "service", Breakdown.TEAM: "team", Breakdown.WORKER: "worker",
    Breakdown.AGE_BAND: "age_band", Breakdown.SEX: "sex", Breakdown.ETHNICITY: "ethnic_group",
    Breakdown.DISABILITY: "disability",
}


class IndicatorError(Exception):
    """An indicator's definition does not work: a bug in the catalogue, not in the data."""


@dataclass
class Results:
    values: ArrowTable  # VALUES_SCHEMA
    units: ArrowTable  # UNITS_SCHEMA: the units behind the latest period of each type
    not_computed: dict[str, str] = field(default_factory=dict)  # code -> why
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # code -> time taken

    def value_rows(self) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.values.to_pylist()
        return rows


def _population_for(year: int, population: Mapping[int, int]) -> tuple[int | None, int | None]:
    """The population for a collection year and the year it was taken from."""
    if year in population:
        return population[year], year
    earlier = [known for known in population if known < year]
    if earlier:
        return population[max(earlier)], max(earlier)
    return None, None


class _Style:
    """How a table of placed units is counted."""

    COUNT = "count"  # units counted (children counted once are made one unit when placed)
    MEDIAN = "median"  # the median of the measure


STYLES = (_Style.COUNT, _Style.MEDIAN)


def _style(indicator: Indicator) -> str:
    return _Style.MEDIAN if indicator.kind == Kind.MEDIAN else _Style.COUNT


def _months_in(period: Period) -> list[Period]:
    months = []
    current = period.start
    while current <= period.end:
        month = period_of(PeriodType.MONTH, month_end(current))
        months.append(month)
        current = month.end + timedelta(days=1)
    return months


def _buckets(indicator: Indicator, periods: Sequence[Period]) -> tuple[
        list[tuple[str, date, date]], list[tuple[str, str]]]:
    """The buckets units are placed in, and which period each bucket counts towards."""
    buckets: dict[str, tuple[str, date, date]] = {}
    mapping: list[tuple[str, str]] = []
    if indicator.period_rule in (PeriodRule.SNAPSHOT, PeriodRule.EXTRACT):
        for period in periods:
            bucket = f"at:{period.end.isoformat()}"
            buckets[bucket] = (bucket, period.end, period.end)
            mapping.append((bucket, period.id))
    elif indicator.period_rule == PeriodRule.EVENTS and not indicator.distinct_children \
            and indicator.kind != Kind.MEDIAN:
        for period in periods:
            for month in _months_in(period):
                buckets[month.id] = (month.id, month.start, month.end)
                mapping.append((month.id, period.id))
    else:
        for period in periods:
            buckets[period.id] = (period.id, period.start, period.end)
            mapping.append((period.id, period.id))
    return sorted(buckets.values()), mapping


# A placed unit: what the indicator said of it, and the allocation its return gave if any.
# The child's characteristics are joined once, when everything is counted (`aggregate`).
_NO_UNITS = ("SELECT NULL::VARCHAR AS code, NULL::INTEGER AS bucket_id, NULL::VARCHAR AS "
             "child_id, NULL::DATE AS ref_date, NULL::BOOLEAN AS numerator, NULL::BOOLEAN AS "
             "denominator, NULL::DOUBLE AS measure, NULL::VARCHAR AS detail, NULL::VARCHAR AS "
             "team, NULL::VARCHAR AS worker WHERE false")
# The placed units with every breakdown column, for counting.
_ENRICHED = """
    SELECT code, bucket_id, numerator, denominator, measure, team, worker, service, sex,
           ethnic_group, disability,
           CASE WHEN age IS NULL THEN 'Not known' WHEN age < 0 THEN 'Unborn'
                WHEN age < 1 THEN 'Under 1' WHEN age < 5 THEN '1 to 4'
                WHEN age < 10 THEN '5 to 9' WHEN age < 16 THEN '10 to 15'
                ELSE '16 and over' END AS age_band
    FROM (
        SELECT p.code, p.bucket_id, p.numerator, p.denominator, p.measure,
               coalesce(p.team, pe.team) AS team, coalesce(p.worker, pe.worker) AS worker,
               pe.service, coalesce(pe.sex_label, 'Not known') AS sex,
               coalesce(pe.ethnic_group, 'Not known or refused') AS ethnic_group,
               coalesce(pe.disability_label, 'Not known') AS disability,
               -- Whole years between yyyymmdd numbers, as age_on() counts them; negative
               -- before birth (unborn).
               CASE WHEN pe.dob_number IS NULL THEN NULL
                    WHEN year(p.ref_date) * 10000 + month(p.ref_date) * 100 + day(p.ref_date)
                         < pe.dob_number THEN -1
                    ELSE (year(p.ref_date) * 10000 + month(p.ref_date) * 100
                          + day(p.ref_date) - pe.dob_number) // 10000 END AS age
        FROM placed_{style} p {where} LEFT JOIN people pe ON pe.child_id = p.child_id
    )
"""
# Broken down by team and service for every period; by the rest only for longer periods.
COARSE = frozenset({Breakdown.SERVICE, Breakdown.TEAM})
_AGGREGATES = {
    _Style.COUNT: "count(*) FILTER (WHERE numerator AND denominator), "
                  "count(*) FILTER (WHERE denominator), "
                  "sum(measure) FILTER (WHERE denominator), "
                  "count(measure) FILTER (WHERE denominator), NULL::DOUBLE",
    _Style.MEDIAN: "NULL::BIGINT, count(*) FILTER (WHERE denominator), NULL::DOUBLE, "
                   "count(measure) FILTER (WHERE denominator), "
                   "median(measure) FILTER (WHERE denominator)",
}


class _Session:
    def __init__(self, inputs: Inputs, calendar: WorkingDayCalendar, threads: int | None,
                 memory_limit: str):
        self.inputs = inputs
        self.con = duckdb.connect(":memory:")
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        # Bounded memory: past the limit DuckDB works through temporary files instead.
        self.con.execute(f"SET memory_limit = '{memory_limit}'")
        self.con.execute("SET preserve_insertion_order = false")
        spill = Path(tempfile.gettempdir()) / "clearsight-duckdb"
        self.con.execute(f"SET temp_directory = '{spill}'")
        for name, table in inputs.raw.items():
            self.con.register(name, table)
        self.con.register("holidays", model.holidays_table(calendar))
        self.con.execute(model.CALENDAR_SQL)
        if inputs.allocations is not None:
            self.con.register("allocations", inputs.allocations)
        self.con.execute(model.MACROS)
        self.con.execute(model.CIN_SQL)
        self.con.execute(model.SSDA903_SQL)
        self.con.execute(model.annex_a_sql())
        self.con.execute(model.people_sql(inputs.allocations is not None))
        # Each indicator's units go into a table of their own, put together as a view when
        # everything is counted: appending to one ever larger table was ten times slower.
        self.parts: dict[str, list[str]] = {style: [] for style in STYLES}

    def coverage(self, indicator: Indicator) -> list[tuple[date, date]] | None:
        ranges: list[tuple[date, date]] | None = None
        for table in indicator.sources:
            key = model.TABLE_COVERAGE.get(table)
            if key is None:
                raise IndicatorError(f"{indicator.code}: unknown source table {table!r}")
            covered = self.inputs.coverage.get(key, [])
            ranges = covered if ranges is None else intersect(ranges, covered)
        return ranges

    def set_plan(self, buckets: ArrowTable, periods: ArrowTable, mapping: ArrowTable,
                 months: ArrowTable) -> None:
        """Every indicator's buckets, periods, bucket-to-period map and (for events) which
        bucket each month falls in, in one go."""
        for name, table in (("all_buckets", buckets), ("all_periods", periods),
                            ("bucket_map", mapping), ("event_months", months)):
            self.con.register(f"{name}_arrow", table)
            self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM {name}_arrow")
            self.con.unregister(f"{name}_arrow")

    def place(self, indicator: Indicator) -> None:
        """Run the indicator's SQL and put its units in their buckets, with their breakdowns.

        The SQL sees `snapshots` and `periods` for this indicator only (CTEs shadowing the
        tables of every indicator), so it is one statement to describe and one to run.
        """
        scope = f"""
            WITH buckets AS (SELECT bucket_id, bucket_key, start, "end" FROM all_buckets
                             WHERE code = '{indicator.code}'),
                 snapshots AS (SELECT DISTINCT "end" AS at FROM buckets),
                 periods AS (SELECT period_id, period_type, start, "end", months
                             FROM all_periods WHERE code = '{indicator.code}'),
                 months AS (SELECT month, bucket_id FROM event_months
                            WHERE code = '{indicator.code}'),
                 units AS ({indicator.sql})
        """
        try:
            columns = set(self.con.sql(f"{scope} SELECT * FROM units LIMIT 0").columns)
        except duckdb.Error as error:
            raise IndicatorError(f"{indicator.code}: its SQL failed: {error}") from error
        needed = {"child_id"}
        needed.add("period_id" if indicator.period_rule == PeriodRule.PERIOD else "ref_date")
        needed.add("measure" if indicator.kind in (Kind.MEAN, Kind.MEDIAN) else "numerator")
        missing = needed - columns
        if missing:
            raise IndicatorError(f"{indicator.code}: its SQL must return {sorted(missing)}")
        if indicator.distinct_children and indicator.kind in (Kind.MEAN, Kind.MEDIAN):
            raise IndicatorError(f"{indicator.code}: a mean or median counts units, not "
                                 "children once")

        def optional(name: str, default: str) -> str:
            return f"u.{name}" if name in columns else default

        source = "buckets"
        if indicator.period_rule == PeriodRule.EVENTS:
            # An equality join on the unit's month (a range join is several times slower).
            source = "months"
            join = "b.month = CAST(date_trunc('month', u.ref_date) AS DATE)"
        elif indicator.period_rule == PeriodRule.PERIOD:
            join = "b.bucket_key = u.period_id"
        else:  # SNAPSHOT and EXTRACT: the unit stands on the bucket's date
            join = "u.ref_date = b.\"end\""
        ref_date = "u.ref_date" if "ref_date" in columns else "b.\"end\""
        rows = f"""
            SELECT '{indicator.code}' AS code, b.bucket_id, u.child_id, {ref_date} AS ref_date,
                   coalesce({optional('numerator', 'NULL::BOOLEAN')}, false) AS numerator,
                   coalesce({optional('denominator', 'TRUE')}, false) AS denominator,
                   CAST({optional('measure', 'NULL')} AS DOUBLE) AS measure,
                   CAST({optional('detail', 'NULL')} AS VARCHAR) AS detail,
                   CAST({optional('team', 'NULL')} AS VARCHAR) AS team,
                   CAST({optional('worker', 'NULL')} AS VARCHAR) AS worker
            FROM units u JOIN {source} b ON {join}
        """
        if indicator.distinct_children:
            # One row per child and bucket: in the numerator if any of the child's units is.
            rows = f"""
                SELECT code, bucket_id, child_id, max(ref_date) AS ref_date,
                       bool_or(numerator AND denominator) AS numerator,
                       bool_or(denominator) AS denominator, NULL::DOUBLE AS measure,
                       min(detail) AS detail, min(team) AS team, min(worker) AS worker
                FROM ({rows}) GROUP BY code, bucket_id, child_id
            """
        part = f"placed_{sum(map(len, self.parts.values()))}"
        self.con.execute(f"CREATE TEMP TABLE {part} AS {scope} {rows}")
        self.parts[_style(indicator)].append(part)

    def gather(self) -> None:
        """The view of every indicator's placed units, one per style of counting."""
        for style, parts in self.parts.items():
            if parts:
                union = " UNION ALL ".join(f"SELECT * FROM {part}" for part in parts)
            else:
                union = _NO_UNITS
            self.con.execute(f"CREATE VIEW placed_{style} AS {union}")

    def aggregate(self, breakdowns: Sequence[Breakdown]) -> None:
        """Count every placed unit by bucket and breakdown, then map buckets to periods.

        Every bucket is counted for the whole authority, by service and by team. The other
        breakdowns are counted only in buckets that make up a longer period than a month
        (`detailed_buckets`): a single month split by worker, age, sex, ethnic group or
        disability is mostly too small to read, and skipping it halves the counting.
        """
        self.con.execute("""
            CREATE TABLE detailed_buckets AS
            SELECT DISTINCT m.code, m.bucket_id FROM bucket_map m
            JOIN all_periods p ON p.code = m.code AND p.period_id = m.period_id
            WHERE p.period_type <> 'month'
        """)
        self.con.execute(
            "CREATE TABLE counted (code VARCHAR, bucket_id INTEGER, breakdown VARCHAR, "
            "grp VARCHAR, n BIGINT, d BIGINT, total DOUBLE, measured BIGINT, middle DOUBLE)")
        coarse = [b for b in breakdowns if b in COARSE]
        fine = [b for b in breakdowns if b != Breakdown.ALL and b not in COARSE]
        detailed = "SEMI JOIN detailed_buckets d ON d.code = p.code AND d.bucket_id = p.bucket_id"
        for chosen, with_all, where in ((coarse, True, ""), (fine, False, detailed)):
            if not chosen and not with_all:
                continue
            sets = (["(code, bucket_id)"] if with_all else []) + [
                f"(code, bucket_id, {_GROUP_COLUMNS[b]})" for b in chosen]
            name = " ".join(f"WHEN grouping({_GROUP_COLUMNS[b]}) = 0 THEN '{b.value}'"
                            for b in chosen)
            group = " ".join(f"WHEN grouping({_GROUP_COLUMNS[b]}) = 0 THEN "
                             f"coalesce({_GROUP_COLUMNS[b]}, '{NOT_RECORDED}')" for b in chosen)
            breakdown_sql = f"CASE {name} ELSE 'all' END" if chosen else "'all'"
            group_sql = f"CASE {group} ELSE '{ALL_GROUP}' END" if chosen else f"'{ALL_GROUP}'"
            for style in STYLES:
                self.con.execute(f"""
                    INSERT INTO counted
                    SELECT code, bucket_id, {breakdown_sql} AS breakdown, {group_sql} AS grp,
                           {_AGGREGATES[style]}
                    FROM ({_ENRICHED.format(style=style, where=where)})
                    GROUP BY GROUPING SETS ({", ".join(sets)})""")
        self.con.execute("""
            CREATE TABLE by_period AS
            SELECT c.code, m.period_id, c.breakdown, c.grp, sum(c.n) AS n, sum(c.d) AS d,
                   sum(c.total) AS total, sum(c.measured) AS measured, max(c.middle) AS middle
            FROM counted c JOIN bucket_map m ON m.code = c.code AND m.bucket_id = c.bucket_id
            GROUP BY ALL
        """)

    def values(self, facts: ArrowTable, wanted: ArrowTable) -> ArrowTable:
        """The values table: every period of every indicator, whole authority rows filled in."""
        self.con.register("facts", facts)  # code, period_id, kind, annualise, population...
        self.con.register("wanted", wanted)  # code, breakdown
        table: ArrowTable = self.con.sql(f"""
            WITH rows AS (
                SELECT f.*, 'all' AS breakdown, '{ALL_GROUP}' AS grp FROM facts f
                UNION ALL
                SELECT f.*, b.breakdown, b.grp FROM facts f
                JOIN by_period b ON b.code = f.code AND b.period_id = f.period_id
                JOIN wanted w ON w.code = b.code AND w.breakdown = b.breakdown
                WHERE b.breakdown <> 'all' AND (b.breakdown IN ('service', 'team')
                                                 OR f.period_type <> 'month')
            ), counted AS (
                SELECT r.*, coalesce(b.n, 0) AS n, coalesce(b.d, 0) AS d, b.total,
                       coalesce(b.measured, 0) AS measured, b.middle
                FROM rows r LEFT JOIN by_period b ON b.code = r.code
                 AND b.period_id = r.period_id AND b.breakdown = r.breakdown AND b.grp = r.grp
            )
            SELECT code, period_id, period_type, period_label, period_start, period_end,
                   breakdown, grp AS "group",
                   CASE kind WHEN 'median' THEN NULL WHEN 'mean' THEN total
                             ELSE CAST(n AS DOUBLE) END AS numerator,
                   CASE kind WHEN 'percent' THEN CAST(d AS DOUBLE)
                             WHEN 'rate' THEN CASE WHEN breakdown = 'all'
                                                   THEN population END
                             WHEN 'mean' THEN CAST(measured AS DOUBLE)
                             WHEN 'median' THEN CAST(measured AS DOUBLE) END AS denominator,
                   CASE kind
                       WHEN 'percent' THEN CASE WHEN d > 0 THEN 100.0 * n / d END
                       WHEN 'rate' THEN CASE WHEN breakdown = 'all' AND population > 0
                                             THEN 10000.0 * n / population * annualise END
                       WHEN 'mean' THEN CASE WHEN measured > 0 THEN total / measured END
                       WHEN 'median' THEN middle
                       ELSE CAST(n AS DOUBLE) END AS value
            FROM counted
            ORDER BY code, period_end, period_type, breakdown, "group"
        """).to_arrow_table()
        return table.cast(VALUES_SCHEMA)

    def latest_units(self, latest: ArrowTable) -> ArrowTable:
        """The units behind the latest period of each type (code, period_id, bucket_id)."""
        self.con.register("latest", latest)
        selects = " UNION ALL ".join(
            f"SELECT l.code, l.period_id, p.child_id, p.ref_date, p.numerator, p.denominator, "
            f"p.measure, p.detail, coalesce(p.team, pe.team) AS team, "
            f"coalesce(p.worker, pe.worker) AS worker "
            f"FROM placed_{style} p JOIN latest l "
            f"ON l.code = p.code AND l.bucket_id = p.bucket_id "
            f"LEFT JOIN people pe ON pe.child_id = p.child_id"
            for style in STYLES)
        table: ArrowTable = self.con.sql(
            f"SELECT * FROM ({selects}) ORDER BY code, period_id, child_id, ref_date"
        ).to_arrow_table()
        return table.cast(UNITS_SCHEMA)


def compute(inputs: Inputs, indicators: Sequence[Indicator], *,
            calendar: WorkingDayCalendar | None = None,
            period_types: Iterable[PeriodType] | None = None,
            breakdowns: Iterable[Breakdown] | None = None,
            drill_down: bool = True, threads: int | None = None,
            memory_limit: str = "768MB") -> Results:
    """Compute `indicators` over `inputs`. See the module docstring for the rules."""
    wanted_types = frozenset(period_types) if period_types is not None else frozenset(PeriodType)
    wanted_breakdowns = list(breakdowns) if breakdowns is not None else list(Breakdown)
    started = time.perf_counter()
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]i?B", memory_limit):
        raise ValueError(f"memory_limit must be like '768MB', not {memory_limit!r}")
    session = _Session(inputs, calendar or WorkingDayCalendar(), threads, memory_limit)
    results = Results(values=None, units=None)
    results.seconds["(model tables)"] = time.perf_counter() - started
    facts: dict[str, list[Any]] = {name: [] for name in (
        "code", "period_id", "period_type", "period_label", "period_start", "period_end",
        "kind", "annualise", "population")}
    wanted: dict[str, list[str]] = {"code": [], "breakdown": []}
    latest: dict[str, list[Any]] = {"code": [], "period_id": [], "bucket_id": []}
    # Buckets are numbered: counting on a number is faster than on a label.
    numbers: dict[str, int] = {}

    def number(bucket: str) -> int:
        return numbers.setdefault(bucket, len(numbers))
    population_notes: set[str] = set()
    plan: dict[str, list[Any]] = {name: [] for name in (
        "b_code", "b_id", "b_key", "b_start", "b_end", "p_code", "p_id", "p_type", "p_start",
        "p_end", "p_months", "m_code", "m_bucket", "m_period", "e_code", "e_month", "e_bucket")}
    placed: list[Indicator] = []
    try:
        for indicator in indicators:
            coverage = session.coverage(indicator)
            if not coverage:
                results.not_computed[indicator.code] = (
                    "no data loaded for " + " and ".join(sorted({
                        model.TABLE_COVERAGE[t] for t in indicator.sources})).replace("_", " "))
                continue
            periods = periods_covered(
                coverage, rule=indicator.period_rule,
                types=indicator.active_period_types & wanted_types,
                lookback_months=indicator.lookback_months, extracts=inputs.extracts)
            if not periods:
                results.not_computed[indicator.code] = (
                    "the data loaded does not yet cover a whole period"
                    + (f" with the {indicator.lookback_months} months of history before it "
                       "that this indicator needs" if indicator.lookback_months else ""))
                continue
            placed.append(indicator)
            buckets, mapping = _buckets(indicator, periods)
            for bucket_id, start, end in buckets:
                plan["b_code"].append(indicator.code)
                plan["b_id"].append(number(bucket_id))
                plan["b_key"].append(bucket_id)
                plan["b_start"].append(start)
                plan["b_end"].append(end)
            if indicator.period_rule == PeriodRule.EVENTS:
                for bucket_id, start, end in buckets:
                    for month in _months_in(Period(end, start, PeriodType.MONTH, "")):
                        plan["e_code"].append(indicator.code)
                        plan["e_month"].append(month.start)
                        plan["e_bucket"].append(number(bucket_id))
            for bucket_id, period_id in mapping:
                plan["m_code"].append(indicator.code)
                plan["m_bucket"].append(number(bucket_id))
                plan["m_period"].append(period_id)
            for period in periods:
                plan["p_code"].append(indicator.code)
                plan["p_id"].append(period.id)
                plan["p_type"].append(period.type.value)
                plan["p_start"].append(period.start)
                plan["p_end"].append(period.end)
                plan["p_months"].append(period.months)
                population: int | None = None
                if indicator.kind == Kind.RATE:
                    year = collection_year_containing(period.end)
                    population, used = _population_for(year.end_year, inputs.population)
                    if population is not None and used != year.end_year:
                        population_notes.add(
                            f"Rates for {year.label} use the population given for the year "
                            f"ending March {used}.")
                annualise = (12 / period.months if indicator.period_rule in (
                    PeriodRule.EVENTS, PeriodRule.PERIOD) and 0 < period.months < 12 else 1.0)
                for name, item in (("code", indicator.code), ("period_id", period.id),
                                   ("period_type", period.type.value),
                                   ("period_label", period.label),
                                   ("period_start", period.start), ("period_end", period.end),
                                   ("kind", indicator.kind.value), ("annualise", annualise),
                                   ("population", population)):
                    facts[name].append(item)
            for breakdown in indicator.breakdowns & set(wanted_breakdowns):
                wanted["code"].append(indicator.code)
                wanted["breakdown"].append(breakdown.value)
            if drill_down:
                newest: dict[PeriodType, Period] = {}
                for period in periods:  # oldest first
                    newest[period.type] = period
                for bucket, period_id in _buckets(indicator, list(newest.values()))[1]:
                    latest["code"].append(indicator.code)
                    latest["period_id"].append(period_id)
                    latest["bucket_id"].append(number(bucket))
        session.set_plan(
            pa.table({"code": plan["b_code"], "bucket_id": pa.array(plan["b_id"], pa.int32()),
                      "bucket_key": plan["b_key"],
                      "start": pa.array(plan["b_start"], pa.date32()),
                      "end": pa.array(plan["b_end"], pa.date32())}),
            pa.table({"code": plan["p_code"], "period_id": plan["p_id"],
                      "period_type": plan["p_type"],
                      "start": pa.array(plan["p_start"], pa.date32()),
                      "end": pa.array(plan["p_end"], pa.date32()),
                      "months": pa.array(plan["p_months"], pa.int32())}),
            pa.table({"code": plan["m_code"],
                      "bucket_id": pa.array(plan["m_bucket"], pa.int32()),
                      "period_id": plan["m_period"]}),
            pa.table({"code": pa.array(plan["e_code"], pa.string()),
                      "month": pa.array(plan["e_month"], pa.date32()),
                      "bucket_id": pa.array(plan["e_bucket"], pa.int32())}))
        for indicator in placed:
            started = time.perf_counter()
            session.place(indicator)
            results.seconds[indicator.code] = time.perf_counter() - started
        started = time.perf_counter()
        session.gather()
        session.aggregate(wanted_breakdowns)
        results.seconds["(counting)"] = time.perf_counter() - started
        started = time.perf_counter()
        results.values = session.values(
            pa.table(facts, schema=pa.schema([
                ("code", pa.string()), ("period_id", pa.string()), ("period_type", pa.string()),
                ("period_label", pa.string()), ("period_start", pa.date32()),
                ("period_end", pa.date32()), ("kind", pa.string()), ("annualise", pa.float64()),
                ("population", pa.float64())])),
            pa.table(wanted, schema=pa.schema([("code", pa.string()),
                                               ("breakdown", pa.string())])))
        results.seconds["(values)"] = time.perf_counter() - started
        started = time.perf_counter()
        results.units = session.latest_units(pa.table(latest, schema=pa.schema([
            ("code", pa.string()), ("period_id", pa.string()), ("bucket_id", pa.int32())])))
        results.seconds["(drill-down)"] = time.perf_counter() - started
    finally:
        session.con.close()
    results.notes = sorted(population_notes)
    if any(i.kind == Kind.RATE for i in indicators) and not inputs.population:
        results.notes.append("No child population was given, so rates per 10,000 have no "
                             "value; counts are shown.")
    return results
