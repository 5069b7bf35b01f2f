"""The report as JSON, for machines. The shape is documented in docs/report.md; change it only
with `FORMAT_VERSION`.

Top level, in this order: `format`, `format_version`, `generated_at`, `authority`, `options`,
`inputs`, `coverage`, `population`, `benchmarks`, `notes`, `not_computed`, `summary`,
`indicators` (the catalogue's definitions, unless left out) and `values`.

Dates are ISO 8601 strings; `generated_at` is UTC with a "Z". Numbers are JSON numbers, with
whole numerators and denominators written without a decimal point; a value with none is null.
Output is deterministic: the same inputs and options give the same bytes apart from
`generated_at` (fix that with `--generated-at` or SOURCE_DATE_EPOCH). Each value is on a line
of its own so that a diff of two reports reads well.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, Final

from clearsight_analytics.benchmarks import Figure, NeighbourSummary, Position
from clearsight_analytics.indicators import Indicator
from clearsight_analytics.report.content import (
    PERIOD_TYPE_WORDS,
    BenchmarkSummary,
    IndicatorSection,
    Report,
    ValueRow,
)
from clearsight_analytics.report.sources import InputFile

FORMAT: Final = "clearsight-indicator-report"
FORMAT_VERSION: Final = 1


def _number(value: float | None) -> float | int | None:
    if value is None or not math.isfinite(value):
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _value(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else float(value)


def _date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def timestamp(moment: datetime) -> str:
    """UTC, to the second, with a "Z" (a naive time is taken to be UTC already)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def value_object(row: ValueRow, title: str) -> dict[str, Any]:
    return {
        "code": row.code, "title": title, "period_type": row.period_type,
        "period_id": row.period_id, "period_label": row.period_label,
        "period_start": row.period_start.isoformat(), "period_end": row.period_end.isoformat(),
        "breakdown": row.breakdown, "group": row.group, "numerator": _number(row.numerator),
        "denominator": _number(row.denominator), "value": _value(row.value),
        "suppressed": row.suppressed,
    }


def _input(item: InputFile) -> dict[str, Any]:
    return {"source": item.source, "path": item.path, "sha256": item.sha256,
            "size_bytes": item.size_bytes, "collection_year": item.collection_year,
            "as_at": _date(item.as_at), "period_start": _date(item.period_start),
            "period_end": _date(item.period_end)}


def definition(indicator: Indicator) -> dict[str, Any]:
    benchmark = indicator.benchmark
    return {
        "code": indicator.code, "title": indicator.title, "domain": indicator.domain.value,
        "domain_label": indicator.domain.label, "kind": indicator.kind.value,
        "value_label": indicator.value_label, "polarity": indicator.polarity.value,
        "unit": indicator.unit, "numerator": indicator.numerator,
        "denominator": indicator.denominator, "period_rule": indicator.period_rule.value,
        "period_rule_label": indicator.period_rule.label,
        "period_types": sorted(kind.value for kind in indicator.active_period_types),
        "lookback_months": indicator.lookback_months,
        "distinct_children": indicator.distinct_children, "decimals": indicator.decimals,
        "breakdowns": sorted(b.value for b in indicator.breakdowns),
        "sources": list(indicator.sources), "conventions": list(indicator.conventions),
        "local": indicator.local,
        "benchmark": None if benchmark is None else {"lait": benchmark.lait,
                                                     "source": benchmark.source},
    }


def _figure(figure: Figure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {"area_code": figure.area_code, "area_name": figure.area_name,
            "value": _value(figure.value), "status": figure.status,
            "period_label": figure.period_label}


def _neighbours(summary: NeighbourSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {"model": summary.model, "mean": _value(summary.mean),
            "median": _value(summary.median), "with_figure": summary.with_number,
            "size": summary.size}


def _position(position: Position | None) -> dict[str, Any] | None:
    if position is None:
        return None
    return {"rank": position.rank, "out_of": position.out_of, "quartile": position.quartile,
            "band": position.band, "description": position.description}


def _benchmark(summary: BenchmarkSummary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    ours = summary.ours
    return {
        "measure": summary.measure, "measure_name": summary.measure_name,
        "polarity": summary.polarity.value, "year": summary.year,
        "year_label": summary.year_label, "period_label": summary.period_label,
        "ours": None if ours is None else {"period_id": ours.period_id,
                                           "value": _value(ours.value),
                                           "suppressed": ours.suppressed},
        "england": _figure(summary.england), "region": _figure(summary.region),
        "authority": _figure(summary.authority), "neighbours": _neighbours(summary.neighbours),
        "position": _position(summary.position),
    }


def _summary(section: IndicatorSection) -> dict[str, Any]:
    headline = section.headline
    spc = section.spc
    return {
        "code": section.indicator.code, "title": section.indicator.title,
        "headline": None if headline is None else {
            "period_type": headline.period_type, "period_id": headline.period_id,
            "period_label": headline.period_label, "numerator": _number(headline.numerator),
            "denominator": _number(headline.denominator), "value": _value(headline.value),
            "suppressed": headline.suppressed},
        "chart": None if spc is None or section.series_type is None else {
            "period_type": section.series_type,
            "period_type_label": PERIOD_TYPE_WORDS[section.series_type],
            "points": len(spc.points), "mean": _value(spc.mean),
            "lower_limit": _value(spc.limits.lower) if spc.limits and spc.limits_reliable
            else None,
            "upper_limit": _value(spc.limits.upper) if spc.limits and spc.limits_reliable
            else None,
            "variation": spc.variation.value, "variation_text": spc.variation_text},
        "benchmark": _benchmark(section.benchmark),
    }


def head(report: Report, *, definitions: bool = True) -> dict[str, Any]:
    """Everything but the values."""
    options = report.options
    population = report.population
    out: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "generated_at": timestamp(report.generated_at),
        "authority": {"la_code": options.la_code, "name": report.authority_name},
        "options": {
            "suppress": options.suppress,
            "breakdowns": [b.value for b in options.breakdowns],
            "period_types": [t.value for t in options.period_types],
            "indicators": [i.code for i in options.indicators],
            "neighbour_model": options.neighbour_model,
        },
        "inputs": [_input(item) for item in report.inputs],
        "coverage": {key: [{"start": start.isoformat(), "end": end.isoformat()}
                           for start, end in ranges] for key, ranges in report.coverage.items()},
        "population": {
            "source": population.source, "la_code": population.la_code,
            "by_year": [{"collection_year": item.collection_year,
                         "label": f"{item.collection_year - 1}-{item.collection_year % 100:02d}",
                         "children_0_17": item.children, "from_collection_year": item.from_year,
                         "ons_mid_year": item.mid_year} for item in population.years]},
        "benchmarks": {
            "kind": report.benchmarks_kind, "source": report.benchmarks_source,
            "file": None if report.benchmark_file is None else _input(report.benchmark_file),
            "compare_with": report.compare_with, "compare_name": report.compare_name,
            "neighbour_model": options.neighbour_model},
        "notes": list(report.notes),
        "not_computed": [{"code": s.indicator.code, "title": s.indicator.title,
                          "reason": s.not_computed} for s in report.not_computed],
        "summary": [_summary(s) for s in report.sections if s.not_computed is None],
    }
    if definitions:
        out["indicators"] = [definition(s.indicator) for s in report.sections]
    return out


def chunks(report: Report, *, definitions: bool = True) -> Iterator[str]:
    """The JSON text, in pieces (the values are written one a line)."""
    text = json.dumps(head(report, definitions=definitions), indent=2, ensure_ascii=False,
                      allow_nan=False)
    yield text[:-2]  # without the closing "\n}"
    yield ',\n  "values": ['
    titles = {s.indicator.code: s.indicator.title for s in report.sections}
    first = True
    for row in report.values:
        yield ("\n    " if first else ",\n    ") + json.dumps(
            value_object(row, titles[row.code]), ensure_ascii=False, allow_nan=False,
            separators=(", ", ": "))
        first = False
    yield "\n  ]\n}\n" if not first else "]\n}\n"


def write_json(report: Report, handle: Any, *, definitions: bool = True) -> None:
    """Write the report to a text handle opened for UTF-8."""
    for piece in chunks(report, definitions=definitions):
        handle.write(piece)
