"""The catalogue written out as Markdown (docs/indicators.md), from the declarations.

    uv run python -m clearsight_analytics.indicators.document > docs/indicators.md

A test checks that the committed file matches, so the document cannot drift from the code.
"""

from clearsight_analytics.indicators.catalogue import CATALOGUE
from clearsight_analytics.indicators.definition import Domain, Indicator


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _row(indicator: Indicator) -> str:
    benchmark = ""
    if indicator.benchmark is not None:
        benchmark = indicator.benchmark.source
        if indicator.benchmark.lait:
            benchmark += f" (LAIT `{indicator.benchmark.lait}`)"
    elif indicator.local:
        benchmark = "local measure"
    periods = ", ".join(sorted(t.value for t in indicator.active_period_types))
    if indicator.lookback_months:
        periods += f"; needs {indicator.lookback_months} months before"
    conventions = "<br>".join(_cell(c) for c in indicator.conventions)
    return (f"| {indicator.code} | {_cell(indicator.title)} | {indicator.kind.value}"
            f"{' (each child once)' if indicator.distinct_children else ''} | "
            f"{indicator.polarity.value} | {_cell(indicator.numerator)} | "
            f"{_cell(indicator.denominator)} | {indicator.period_rule.value}: {periods} | "
            f"{', '.join(indicator.sources)} | {_cell(benchmark)} | {conventions} |")


def catalogue_markdown() -> str:
    lines = [
        "# Indicator catalogue",
        "",
        "Written from the declarations in `clearsight_analytics/indicators/catalogue/` by "
        "`python -m clearsight_analytics.indicators.document`; do not edit by hand. The web "
        "app's catalogue page shows the same, with each definition's SQL.",
        "",
        f"{len(CATALOGUE)} indicators. Kinds: percent, rate (per 10,000 children aged 0-17), "
        "mean, median, count. Better: high, low or neither. Period rules: events (counted in "
        "the period they happen), snapshot (on the period's last day), extract (at the "
        "Annex A extract date), period (by the definition's own rule).",
    ]
    for domain in Domain:
        members = [i for i in CATALOGUE if i.domain == domain]
        if not members:
            continue
        lines += ["", f"## {domain.label}", "",
                  "| code | title | kind | better | numerator | denominator | periods | data "
                  "| compare with | conventions |",
                  "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        lines += [_row(indicator) for indicator in members]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(catalogue_markdown())
