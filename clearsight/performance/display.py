"""How figures are shown: formatting by kind, small-number suppression, benchmark lines and
the dashboard cards. Pure presentation over the snapshot; no reads of its own beyond the
shipped benchmark reference."""

from dataclasses import dataclass, field
from functools import cache

from clearsight.performance.selectors import Value, headline_type
from clearsight_analytics.benchmarks import Benchmarks, Comparison, Position, load_reference
from clearsight_analytics.charts import Unit, ValueFormat, sparkline_svg
from clearsight_analytics.indicators import Indicator, Kind
from clearsight_analytics.spc import SpcResult, Variation

FEWER_THAN_5 = "fewer than 5"
SUPPRESSED = "Not shown (fewer than 5)"
VARIATION_TAGS = {  # GOV.UK tag colour for each variation icon
    Variation.IMPROVEMENT_HIGH: "govuk-tag--blue", Variation.IMPROVEMENT_LOW: "govuk-tag--blue",
    Variation.CONCERN_HIGH: "govuk-tag--orange", Variation.CONCERN_LOW: "govuk-tag--orange",
    Variation.NEUTRAL_HIGH: "govuk-tag--purple", Variation.NEUTRAL_LOW: "govuk-tag--purple",
    Variation.COMMON_CAUSE: "govuk-tag--grey", Variation.NONE: "govuk-tag--grey",
}
VARIATION_SHORT = {
    Variation.IMPROVEMENT_HIGH: "Improving", Variation.IMPROVEMENT_LOW: "Improving",
    Variation.CONCERN_HIGH: "Concern", Variation.CONCERN_LOW: "Concern",
    Variation.NEUTRAL_HIGH: "Rising", Variation.NEUTRAL_LOW: "Falling",
    Variation.COMMON_CAUSE: "No significant change", Variation.NONE: "Not enough data",
}


def value_format(indicator: Indicator) -> ValueFormat:
    unit = {Kind.PERCENT: Unit.PERCENT, Kind.RATE: Unit.RATE}.get(indicator.kind, Unit.NUMBER)
    return ValueFormat(unit=unit, decimals=indicator.decimals)


def fmt(indicator: Indicator, value: float | None) -> str:
    if value is None:
        return "No value"
    if indicator.kind == Kind.PERCENT:
        return f"{value:,.{indicator.decimals}f}%"
    if indicator.kind == Kind.COUNT:
        return f"{value:,.0f}"
    return f"{value:,.{indicator.decimals}f}"


def count(value: float | None) -> str:
    return "" if value is None else f"{value:,.0f}" if float(value).is_integer() \
        else f"{value:,.1f}"


def is_small(number: float | None) -> bool:
    return number is not None and 0 < number < 5 and float(number).is_integer()


@dataclass(frozen=True)
class Shown:
    """One value as a person sees it."""

    value: str
    numerator: str
    denominator: str
    suppressed: bool


def shown(indicator: Indicator, row: Value | None, *, suppress: bool) -> Shown:
    if row is None:
        return Shown("No value", "", "", False)
    hide_value = suppress and (is_small(row.numerator) or (
        indicator.kind in (Kind.PERCENT, Kind.MEAN, Kind.MEDIAN) and is_small(row.denominator)))
    numerator = count(row.numerator)
    denominator = count(row.denominator)
    if suppress and is_small(row.numerator) and indicator.kind != Kind.MEAN:
        numerator = FEWER_THAN_5
    if suppress and is_small(row.denominator) and indicator.kind != Kind.RATE:
        denominator = FEWER_THAN_5
    return Shown(SUPPRESSED if hide_value else fmt(indicator, row.value), numerator,
                 denominator, hide_value)


# ------------------------------------------------------------------ benchmarks


@cache
def benchmarks() -> Benchmarks:
    """DfE's published figures shipped with Clearsight (OGL v3.0)."""
    return load_reference()


@dataclass(frozen=True)
class BenchmarkLine:
    label: str
    value: str
    note: str = ""


@dataclass
class BenchmarkView:
    measure: str
    measure_name: str
    year: int
    year_label: str
    lines: list[BenchmarkLine] = field(default_factory=list)
    ours: str = ""  # our computed value for the same year
    position: str = ""  # where our value would stand among all authorities
    bars: list[tuple[str, float, bool]] = field(default_factory=list)


def _figure_text(indicator: Indicator, figure: object) -> str:
    value = getattr(figure, "value", None)
    status = getattr(figure, "status", None)
    if value is not None:
        return fmt(indicator, value)
    if status:
        return {"c": "Suppressed by DfE (c)", "x": "Not available (x)", "-": "Not available",
                "z": "Not applicable (z)", "u": "Low reliability (u)"}.get(status, status)
    return "Not published"


def benchmark_view(indicator: Indicator, *, authority: str, model: str,
                   year_values: dict[int, Value], our_name: str,
                   suppress: bool = False) -> BenchmarkView | None:
    """England, region, neighbours and our position for the latest year DfE has published
    that we also have a value for (or simply the latest published year). With `suppress`,
    our value is left out (with its bar and position) when it rests on 1 to 4 children."""
    if indicator.benchmark is None or not indicator.benchmark.lait:
        return None
    reference = benchmarks()
    measure = indicator.benchmark.lait
    years = reference.figures.years(measure)
    if not years:
        return None
    common = [year for year in years if year in year_values]
    year = max(common) if common else max(years)
    comparison: Comparison | None = None
    if authority in reference.authorities:
        comparison = reference.compare(measure, year, authority, model=model)  # type: ignore[arg-type]
    england = reference.figures.figure(measure, year, "E92000001")
    view = BenchmarkView(measure=measure, measure_name=reference.measures[measure].name
                         if measure in reference.measures else measure, year=year,
                         year_label=f"{year - 1}-{year % 100:02d}")
    ours = year_values.get(year)
    if ours is not None and shown(indicator, ours, suppress=suppress).suppressed:
        view.ours = SUPPRESSED
    elif ours is not None and ours.value is not None:
        view.ours = fmt(indicator, ours.value)
        view.bars.append((f"{our_name} (computed)", ours.value, True))
        position: Position | None = reference.position_of_value(
            measure, year, ours.value, exclude=authority or None)
        if position is not None:
            view.position = position.description
    view.lines.append(BenchmarkLine("England", _figure_text(indicator, england)))
    if england is not None and england.value is not None:
        view.bars.append(("England", england.value, False))
    if comparison is not None:
        if comparison.region is not None:
            view.lines.append(BenchmarkLine(comparison.region.area_name or "Region",
                                            _figure_text(indicator, comparison.region)))
            if comparison.region.value is not None:
                view.bars.append((comparison.region.area_name, comparison.region.value, False))
        summary = comparison.neighbours
        note = f"{summary.with_number} of {summary.size} neighbours published a figure"
        view.lines.append(BenchmarkLine(f"Statistical neighbours ({model} model), mean",
                                        fmt(indicator, summary.mean), note))
        view.lines.append(BenchmarkLine(f"Statistical neighbours ({model} model), median",
                                        fmt(indicator, summary.median), note))
        if summary.mean is not None:
            view.bars.append(("Neighbours' mean", summary.mean, False))
        if comparison.authority is not None and authority != "":
            name = reference.authorities[authority].name
            view.lines.append(BenchmarkLine(f"{name} (published)",
                                            _figure_text(indicator, comparison.authority)))
    return view


# ------------------------------------------------------------------ dashboard cards


@dataclass
class Card:
    indicator: Indicator
    headline: Shown
    period_label: str
    variation: Variation
    variation_text: str
    sparkline: str
    england: str = ""

    @property
    def variation_tag(self) -> str:
        return VARIATION_TAGS[self.variation]


def card(indicator: Indicator, values: list[Value], spc: SpcResult | None, *,
         suppress: bool) -> Card | None:
    available = {row.period_type for row in values}
    kind = headline_type(indicator, available)
    if kind is None:
        return None
    series = [row for row in values if row.period_type == kind]
    latest = series[-1]
    trend = [row.value for row in values if row.period_type == (
        "month" if "month" in available else kind) and row.value is not None]
    spark = sparkline_svg(trend[-24:]) if len(trend) >= 2 and not suppress else ""
    variation = spc.variation if spc is not None else Variation.NONE
    england = ""
    if indicator.benchmark and indicator.benchmark.lait:
        reference = benchmarks()
        years = reference.figures.years(indicator.benchmark.lait)
        if years:
            figure = reference.figures.figure(indicator.benchmark.lait, max(years), "E92000001")
            if figure is not None and figure.value is not None:
                england = (f"England {fmt(indicator, figure.value)} "
                           f"({max(years) - 1}-{max(years) % 100:02d})")
    return Card(indicator, shown(indicator, latest, suppress=suppress), latest.period_label,
                variation, VARIATION_SHORT[variation], spark, england)
