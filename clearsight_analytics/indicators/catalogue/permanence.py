"""Permanence and adoption (data-standards.md section 4.4)."""

from clearsight_analytics.indicators.definition import (
    BenchmarkRef,
    Domain,
    Indicator,
    Kind,
    PeriodRule,
    Polarity,
)

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="P01",
        title="Children leaving care who were adopted",
        domain=Domain.PERMANENCE,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator="Children who ceased to be looked after in the period, the last time they "
                  "ceased being an adoption (reason E11 or E12)",
        denominator="Children who ceased to be looked after in the period",
        period_rule=PeriodRule.PERIOD,
        sources=("cla_episodes",),
        decimals=0,
        sql="""
            SELECT child_id, period_id, dec AS ref_date, rec IN ('E11', 'E12') AS numerator,
                   TRUE AS denominator, rec AS detail
            FROM (
                SELECT e.child_id, p.period_id, e.dec, e.rec,
                       row_number() OVER (PARTITION BY e.child_id, p.period_id
                                          ORDER BY e.dec DESC) AS latest
                FROM cla_episodes e JOIN periods p ON e.dec BETWEEN p.start AND p."end"
                WHERE e.rec IS NOT NULL AND e.rec <> 'X1' AND e.ls NOT IN ('V3', 'V4')
            ) WHERE latest = 1
        """,
        benchmark=BenchmarkRef(lait="%_of LAC Adopted",
                               source="DfE Children looked after in England; LAIT"),
        conventions=("Each child counts once in a period, by the last time they ceased to be "
                     "looked after in it.",),
    ),
)
