"""What the report says, worked out once for every writer (JSON, Excel, HTML).

`build_report` takes returns already read (`Return`s of `Loaded` tables), the population and
the benchmarks, computes the catalogue with the indicator engine, and gathers for each
indicator its latest value, its XmR analysis, its benchmark comparison and its breakdowns.
It reads no files and writes none: sources.py reads, the writers write.

Conventions, stated once:

- **Aggregate only.** The engine is run without drill-down, so no child's identifier is ever
  in the report. Breakdowns are by team, age, sex, ethnic group and disability unless asked
  otherwise; by worker only when asked (`Breakdown.WORKER`), as it names staff.
- **Headline period.** Events: the latest 12 months (else year, quarter, month); snapshots:
  the latest month end (else quarter, year); Annex A measures: the latest extract.
- **Chart series.** The whole authority's months when the indicator has months, else its
  Annex A extracts, quarters or years. The XmR analysis uses every point as its baseline, the
  catalogue's polarity, a floor of 0 and, for percentages, a ceiling of 100. Points hidden by
  `--suppress` are gaps in the series (and so in the analysis).
- **Benchmarks.** For an indicator with a LAIT measure: the latest year DfE published for
  which the report has a yearly value (or simply the latest published year), with England,
  the region, the statistical neighbours' mean and median and the authority's own published
  figure, and where the report's own value would rank among all authorities. Rank and band
  use DfE's polarity for the measure, as DfE does.
- **Order.** Indicators in catalogue order; values by indicator, period type (year, quarter,
  month, rolling 12 months, extract), period end, breakdown (in `Breakdown` order) and group
  (age bands youngest first; "Not recorded" and "Not known" last; others alphabetically).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Final

from clearsight_analytics.benchmarks import (
    Benchmarks,
    Figure,
    NeighbourSummary,
    Population,
    Position,
)
from clearsight_analytics.benchmarks.measures import Polarity as BenchmarkPolarity
from clearsight_analytics.benchmarks.neighbours import ModelName
from clearsight_analytics.indicators import (
    CATALOGUE,
    Breakdown,
    Domain,
    Indicator,
    Kind,
    PeriodRule,
    PeriodType,
    Return,
    assemble,
    compute,
)
from clearsight_analytics.periods import CollectionYear, collection_year_containing
from clearsight_analytics.report.formatting import HIDE_VALUE, hidden_fields
from clearsight_analytics.report.sources import InputFile
from clearsight_analytics.spc import Polarity as SpcPolarity
from clearsight_analytics.spc import Rules, SpcResult, xmr

DEFAULT_BREAKDOWNS: Final[tuple[Breakdown, ...]] = (
    Breakdown.TEAM, Breakdown.AGE_BAND, Breakdown.SEX, Breakdown.ETHNICITY,
    Breakdown.DISABILITY)
PERIOD_TYPE_ORDER: Final[tuple[str, ...]] = ("year", "quarter", "month", "rolling_12",
                                             "extract")
BREAKDOWN_ORDER: Final[tuple[str, ...]] = tuple(b.value for b in Breakdown)
AGE_ORDER: Final[tuple[str, ...]] = ("Unborn", "Under 1", "1 to 4", "5 to 9", "10 to 15",
                                     "16 and over")
LAST_GROUPS: Final[tuple[str, ...]] = ("Not recorded", "Not known", "Not known or refused")
HEADLINE_ORDER: Final[dict[PeriodRule, tuple[str, ...]]] = {
    PeriodRule.EVENTS: ("rolling_12", "year", "quarter", "month"),
    PeriodRule.PERIOD: ("rolling_12", "year", "quarter", "month"),
    PeriodRule.SNAPSHOT: ("month", "quarter", "year"),
    PeriodRule.EXTRACT: ("extract",),
}
SERIES_ORDER: Final[tuple[str, ...]] = ("month", "extract", "quarter", "year")
PERIOD_TYPE_WORDS: Final[dict[str, str]] = {
    "year": "collection years", "quarter": "quarters", "month": "months",
    "rolling_12": "rolling 12 months", "extract": "Annex A extracts"}


def clock() -> tuple[float, float]:
    """Now, as (wall-clock seconds, CPU seconds of this process and its threads)."""
    return time.perf_counter(), time.process_time()


def since(started: tuple[float, float]) -> tuple[float, float]:
    """Wall-clock and CPU seconds since `started` (from `clock`)."""
    wall, cpu = clock()
    return wall - started[0], cpu - started[1]


class ReturnsConflict(ValueError):
    """The returns cannot be combined: two for one year, say (a problem with the input)."""


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One value: an indicator for one period and one breakdown group."""

    code: str
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
    hidden: frozenset[str] = frozenset()  # what --suppress hid ("value", "numerator", ...)

    @property
    def suppressed(self) -> bool:
        return bool(self.hidden)


@dataclass(frozen=True)
class PopulationYear:
    collection_year: int
    children: int
    from_year: int  # the collection year whose figure it is (earlier when none was given)
    mid_year: int | None  # the ONS mid-year estimate it is (None when given as a number)


@dataclass(frozen=True)
class PopulationSource:
    """Where the child population comes from: one figure for every year, a figure per
    collection year, or DfE's ONS file and an authority code."""

    every_year: int | None = None
    by_year: Mapping[int, int] = field(default_factory=dict)
    file: Population | None = None
    la_code: str | None = None


@dataclass(frozen=True)
class PopulationUsed:
    source: str  # "none", "given" or "file"
    la_code: str | None
    years: tuple[PopulationYear, ...]  # one per collection year the data covers


@dataclass(frozen=True)
class BenchmarkSummary:
    measure: str  # the LAIT code
    measure_name: str
    polarity: BenchmarkPolarity  # DfE's
    year: int  # the collection year ending 31 March `year`
    period_label: str  # as DfE labels the period
    ours: ValueRow | None  # the report's own value for that year
    england: Figure | None
    region: Figure | None
    authority: Figure | None  # the compared authority's own published figure
    authority_name: str | None
    neighbours: NeighbourSummary | None
    position: Position | None  # where `ours` would stand among all authorities

    @property
    def year_label(self) -> str:
        return CollectionYear(self.year).label


@dataclass
class IndicatorSection:
    indicator: Indicator
    not_computed: str | None = None  # why, when it was not computed
    headline: ValueRow | None = None
    series_type: str | None = None
    series: list[ValueRow] = field(default_factory=list)
    spc: SpcResult | None = None
    benchmark: BenchmarkSummary | None = None
    breakdowns: list[tuple[str, list[ValueRow]]] = field(default_factory=list)


@dataclass(frozen=True)
class ReportOptions:
    indicators: tuple[Indicator, ...] = CATALOGUE
    breakdowns: tuple[Breakdown, ...] = DEFAULT_BREAKDOWNS
    period_types: tuple[PeriodType, ...] = tuple(PeriodType)
    suppress: bool = False
    la_code: str | None = None  # the authority whose population and benchmarks are used
    compare_with: str | None = None  # compare as this authority (default la_code)
    neighbour_model: ModelName = "2025"
    authority_name: str | None = None
    generated_at: datetime | None = None  # default: now (UTC)
    data_to: date | None = None  # SSDA903 and CIN census years running past it are cut there


@dataclass
class Report:
    generated_at: datetime
    options: ReportOptions
    authority_name: str | None
    inputs: list[InputFile]
    coverage: dict[str, list[tuple[date, date]]]
    population: PopulationUsed
    benchmarks_source: str  # words: where the published figures came from
    benchmarks_kind: str  # "shipped", "lait_file", "reference_folder" or "none"
    benchmark_file: InputFile | None
    compare_with: str | None  # the authority benchmarks are compared as, when known to them
    compare_name: str | None
    notes: list[str]
    sections: list[IndicatorSection]
    values: list[ValueRow]
    seconds: dict[str, tuple[float, float]] = field(default_factory=dict)  # wall, CPU

    @property
    def not_computed(self) -> list[IndicatorSection]:
        return [section for section in self.sections if section.not_computed is not None]

    def domains(self) -> list[tuple[Domain, list[IndicatorSection]]]:
        out: dict[Domain, list[IndicatorSection]] = {}
        for section in self.sections:
            out.setdefault(section.indicator.domain, []).append(section)
        return list(out.items())

    @property
    def latest_data(self) -> date | None:
        ends = [end for ranges in self.coverage.values() for _, end in ranges]
        return max(ends) if ends else None


def group_key(breakdown: str, group: str) -> tuple[int, int, str, str]:
    """The order groups are listed in (see the module docstring)."""
    if breakdown == Breakdown.AGE_BAND.value and group in AGE_ORDER:
        return 0, AGE_ORDER.index(group), "", ""
    if group in LAST_GROUPS:
        return 2, LAST_GROUPS.index(group), "", ""
    return 1, 0, group.casefold(), group


def covered_years(coverage: Mapping[str, Sequence[tuple[date, date]]]) -> list[int]:
    """Every collection year (by its end year) the loaded data reaches into."""
    years: set[int] = set()
    for ranges in coverage.values():
        for start, end in ranges:
            first = collection_year_containing(start).end_year
            last = collection_year_containing(end).end_year
            years.update(range(first, last + 1))
    return sorted(years)


def resolve_population(source: PopulationSource, years: Sequence[int]
                       ) -> tuple[dict[int, int], PopulationUsed]:
    """The engine's population (collection year -> children) and how it was chosen."""
    given: dict[int, int] = {}
    mid_years: dict[int, int] = {}
    kind = "none"
    if source.every_year is not None:
        given = dict.fromkeys(years, source.every_year)
        kind = "given"
    elif source.by_year:
        given = dict(source.by_year)
        kind = "given"
    elif source.file is not None and source.la_code is not None:
        for code, mid_year, children, _status in source.file.items():
            if code == source.la_code and children is not None:
                given[mid_year + 1] = children
                mid_years[mid_year + 1] = mid_year
        kind = "file"
    used = []
    for year in years:
        earlier = [known for known in given if known <= year]
        if not earlier:
            continue
        chosen = max(earlier)
        used.append(PopulationYear(year, given[chosen], chosen, mid_years.get(chosen)))
    return given, PopulationUsed(kind, source.la_code, tuple(used))


def cut_returns(returns: Sequence[Return], data_to: date) -> tuple[list[Return], list[str]]:
    """SSDA903 and CIN census returns whose year ends after `data_to`, counted only to it
    (a year still running: its later months have not happened, they are not zero). Returns
    the returns and the years cut, in words."""
    out: list[Return] = []
    cut: list[str] = []
    for item in returns:
        end = item.loaded.period_end
        if item.loaded.source in ("ssda903", "cin_census") and item.as_at is None \
                and end is not None and end > data_to:
            words = ("the SSDA903 return" if item.loaded.source == "ssda903" else
                     "the CIN census") + f" for {collection_year_containing(end).label}"
            out.append(Return(item.loaded, as_at=data_to))
            cut.append(words)
        else:
            out.append(item)
    return out, cut


def _spc_label(row: ValueRow) -> str:
    if row.period_type == "month":
        return row.period_end.isoformat()[:7]
    if row.period_type == "quarter":
        return row.period_label.split(" (")[0]
    if row.period_type == "extract":
        return row.period_end.isoformat()
    return row.period_label


def _spc(indicator: Indicator, series: Sequence[ValueRow]) -> SpcResult | None:
    if not series:
        return None
    rules = Rules(floor=0.0, ceiling=100.0 if indicator.kind == Kind.PERCENT else None)
    points = [(_spc_label(row), None if HIDE_VALUE in row.hidden else row.value)
              for row in series]
    return xmr(points, polarity=SpcPolarity(indicator.polarity.value), rules=rules)


class _Comparer:
    """Benchmark summaries for one report: the published figures and who we compare as."""

    def __init__(self, benchmarks: Benchmarks | None, compare_with: str | None,
                 model: ModelName, suppress: bool, notes: list[str]) -> None:
        self.benchmarks = benchmarks
        self.model = model
        self.suppress = suppress
        self.notes = notes
        self.compare_with: str | None = None
        if benchmarks is not None and compare_with is not None:
            if compare_with in benchmarks.authorities:
                self.compare_with = compare_with
            else:
                notes.append(f"Authority {compare_with} is not in the benchmark reference, so "
                             "the comparisons show England and where each value would rank "
                             "among all authorities, without a region or statistical "
                             "neighbours.")

    @property
    def compare_name(self) -> str | None:
        if self.benchmarks is None or self.compare_with is None:
            return None
        return self.benchmarks.authorities[self.compare_with].name

    def summary(self, indicator: Indicator, yearly: Mapping[int, ValueRow]
                ) -> BenchmarkSummary | None:
        reference = self.benchmarks
        measure = indicator.benchmark.lait if indicator.benchmark else None
        if reference is None or not measure:
            return None
        years = reference.figures.years(measure)
        if not years:
            return None
        ours_years = [year for year in years
                      if year in yearly and yearly[year].value is not None]
        year = max(ours_years) if ours_years else max(years)
        ours = yearly.get(year)
        england = reference.figures.england(measure, year)
        region = authority = None
        neighbours = None
        if self.compare_with is not None:
            try:
                comparison = reference.compare(measure, year, self.compare_with,
                                               model=self.model)
            except KeyError:
                comparison = None
            if comparison is not None:
                region, authority = comparison.region, comparison.authority
                neighbours = comparison.neighbours
        position = None
        if ours is not None and ours.value is not None and HIDE_VALUE not in ours.hidden:
            position = reference.position_of_value(measure, year, ours.value,
                                                   exclude=self.compare_with)
        known = reference.measures.get(measure)
        label = england.period_label if england is not None else str(year)
        return BenchmarkSummary(
            measure=measure, measure_name=known.name if known else measure,
            polarity=reference.polarity(measure), year=year, period_label=label, ours=ours,
            england=england, region=region, authority=authority,
            authority_name=self.compare_name if authority is not None else None,
            neighbours=neighbours, position=position)


def _rows(table: Any, options: ReportOptions) -> list[ValueRow]:
    """The engine's values as rows, in the report's order, suppressed when asked."""
    position = {indicator.code: index for index, indicator in enumerate(options.indicators)}
    kinds = {indicator.code: indicator.kind for indicator in options.indicators}
    type_order = {name: index for index, name in enumerate(PERIOD_TYPE_ORDER)}
    breakdown_order = {name: index for index, name in enumerate(BREAKDOWN_ORDER)}
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    codes, types, ends = columns["code"], columns["period_type"], columns["period_end"]
    breakdowns, groups = columns["breakdown"], columns["group"]
    group_keys: dict[tuple[str, str], tuple[int, int, str, str]] = {}
    for pair in set(zip(breakdowns, groups, strict=True)):
        group_keys[pair] = group_key(*pair)
    order = sorted(range(len(codes)), key=lambda i: (
        position[codes[i]], type_order[types[i]], ends[i], breakdown_order[breakdowns[i]],
        group_keys[(breakdowns[i], groups[i])]))
    ids, labels, starts = columns["period_id"], columns["period_label"], columns["period_start"]
    numerators, denominators, values = (columns["numerator"], columns["denominator"],
                                        columns["value"])
    nothing: frozenset[str] = frozenset()
    rows = []
    for i in order:
        numerator, denominator, value = numerators[i], denominators[i], values[i]
        hidden = nothing
        if options.suppress:
            hidden = hidden_fields(kinds[codes[i]], numerator, denominator)
            if hidden:
                numerator = None if "numerator" in hidden else numerator
                denominator = None if "denominator" in hidden else denominator
                value = None if "value" in hidden else value
        rows.append(ValueRow(codes[i], ids[i], types[i], labels[i], starts[i], ends[i],
                             breakdowns[i], groups[i], numerator, denominator, value, hidden))
    return rows


def _section(indicator: Indicator, rows: Sequence[ValueRow], comparer: _Comparer
             ) -> IndicatorSection:
    section = IndicatorSection(indicator)
    whole = [row for row in rows if row.breakdown == Breakdown.ALL.value]
    by_type: dict[str, list[ValueRow]] = {}
    for row in whole:
        by_type.setdefault(row.period_type, []).append(row)
    for period_type in by_type.values():
        period_type.sort(key=lambda row: row.period_end)
    headline_type = next((kind for kind in HEADLINE_ORDER[indicator.period_rule]
                          if kind in by_type), None)
    if headline_type is not None:
        section.headline = by_type[headline_type][-1]
    section.series_type = next((kind for kind in SERIES_ORDER if kind in by_type), None)
    if section.series_type is not None:
        section.series = by_type[section.series_type]
        section.spc = _spc(indicator, section.series)
    yearly = {row.period_end.year: row for row in by_type.get("year", [])}
    section.benchmark = comparer.summary(indicator, yearly)
    if section.headline is not None:
        chosen = section.headline.period_id
        groups: dict[str, list[ValueRow]] = {}
        for row in rows:
            if row.period_id == chosen and row.breakdown != Breakdown.ALL.value:
                groups.setdefault(row.breakdown, []).append(row)
        section.breakdowns = [(name, groups[name]) for name in BREAKDOWN_ORDER
                              if name in groups]
    return section


def build_report(returns: Sequence[Return], *, options: ReportOptions,
                 files: Sequence[InputFile] = (),
                 population: PopulationSource | None = None,
                 benchmarks: Benchmarks | None = None, benchmarks_source: str = "",
                 benchmarks_kind: str = "shipped",
                 benchmark_file: InputFile | None = None) -> Report:
    """Compute the catalogue over the returns and gather what every writer shows.

    Raises `ReturnsConflict` for returns that cannot be combined (`indicators.assemble`).
    """
    seconds: dict[str, tuple[float, float]] = {}
    started = clock()
    notes: list[str] = []
    if options.data_to is not None:
        returns, cut = cut_returns(returns, options.data_to)
        if cut:
            notes.append(f"The data for {', '.join(cut)} is counted to "
                         f"{options.data_to:%d/%m/%Y}, as the year had not ended; later "
                         "months are left out rather than shown as zero.")
    try:
        inputs = assemble(list(returns))
    except ValueError as error:
        raise ReturnsConflict(str(error)) from error
    years = covered_years(inputs.coverage)
    engine_population, used = resolve_population(population or PopulationSource(), years)
    inputs.population = engine_population
    seconds["assemble"] = since(started)

    started = clock()
    breakdowns = [Breakdown.ALL, *(b for b in options.breakdowns if b != Breakdown.ALL)]
    results = compute(inputs, options.indicators, period_types=options.period_types,
                      breakdowns=breakdowns, drill_down=False)
    seconds["compute"] = since(started)

    started = clock()
    rows = _rows(results.values, options)
    notes = [*results.notes, *notes]
    if options.suppress:
        notes.append("Small numbers are hidden: counts from 1 to 4 are shown as \"fewer than "
                     "5\", and the values that rest on them are not shown.")
    comparer = _Comparer(benchmarks, options.compare_with or options.la_code,
                         options.neighbour_model, options.suppress, notes)
    by_code: dict[str, list[ValueRow]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)
    sections = []
    for indicator in options.indicators:
        if indicator.code in results.not_computed:
            sections.append(IndicatorSection(indicator,
                                             not_computed=results.not_computed[indicator.code]))
        else:
            sections.append(_section(indicator, by_code.get(indicator.code, []), comparer))
    seconds["summarise"] = since(started)
    generated = options.generated_at or datetime.now(UTC)
    name = options.authority_name
    if name is None and options.la_code is not None:
        if population is not None and population.file is not None:
            name = population.file.names.get(options.la_code)
        if name is None and benchmarks is not None and options.la_code in \
                benchmarks.authorities:
            name = benchmarks.authorities[options.la_code].name
    return Report(
        generated_at=generated, options=options, authority_name=name,
        inputs=list(files), coverage={key: list(ranges)
                                      for key, ranges in sorted(inputs.coverage.items())},
        population=used, benchmarks_source=benchmarks_source if benchmarks else "none",
        benchmarks_kind=benchmarks_kind if benchmarks else "none",
        benchmark_file=benchmark_file, compare_with=comparer.compare_with,
        compare_name=comparer.compare_name, notes=notes, sections=sections, values=rows,
        seconds=seconds)
