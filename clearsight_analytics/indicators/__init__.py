"""The indicator catalogue and the engine that computes it.

    from clearsight_analytics.indicators import CATALOGUE, Return, assemble, compute

    inputs = assemble([Return(cin, as_at=...), Return(ssda903), Return(annex_a, as_at=...)],
                      population={2025: 34_439})
    results = compute(inputs, CATALOGUE)
    results.values   # one row per indicator x period x breakdown group (Arrow)
    results.units    # the units behind the latest period of each type, for drill-down

Indicators are declared once in `catalogue/` (definition.py says how); the engine (DuckDB) is
in engine.py, the tables indicators are written against in model.py, and which periods the
data can answer for in periods.py. See docs/adr/0008-indicator-engine.md.
"""

from clearsight_analytics.indicators.catalogue import BY_CODE, CATALOGUE
from clearsight_analytics.indicators.definition import (
    BenchmarkRef,
    Breakdown,
    Domain,
    Indicator,
    Kind,
    PeriodRule,
    PeriodType,
    Polarity,
)
from clearsight_analytics.indicators.engine import IndicatorError, Results, compute
from clearsight_analytics.indicators.inputs import Inputs, Return, assemble
from clearsight_analytics.indicators.periods import Period

__all__ = [
    "BY_CODE",
    "CATALOGUE",
    "BenchmarkRef",
    "Breakdown",
    "Domain",
    "Indicator",
    "IndicatorError",
    "Inputs",
    "Kind",
    "Period",
    "PeriodRule",
    "PeriodType",
    "Polarity",
    "Results",
    "Return",
    "assemble",
    "compute",
]
