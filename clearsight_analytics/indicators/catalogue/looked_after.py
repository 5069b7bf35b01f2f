"""Children looked after (data-standards.md section 4.3)."""

from clearsight_analytics.indicators.definition import (
    BenchmarkRef,
    Domain,
    Indicator,
    Kind,
    PeriodRule,
    Polarity,
)

SHORT_BREAKS = ("Children looked after only under an agreed series of short breaks (legal "
                "status V3 or V4) are left out, as in DfE's figures.")

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="L01",
        title="Children looked after per 10,000 children",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator="Children looked after on the last day of the period",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cla_episodes",),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT e.child_id, s.at AS ref_date, TRUE AS numerator
            FROM cla_episodes e JOIN snapshots s
              ON e.decom <= s.at AND (e.dec IS NULL OR e.dec > s.at)
            WHERE e.ls NOT IN ('V3', 'V4')
        """,
        benchmark=BenchmarkRef(lait="LAC", source="DfE Children looked after in England, "
                                                  "cla_number_and_rate_per_10k_children"),
        conventions=(SHORT_BREAKS,
                     "An episode that ended on the snapshot date is not open that day."),
    ),
    Indicator(
        code="L02",
        title="Children starting to be looked after per 10,000 children",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator="Children who started to be looked after in the period, each child once",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_episodes",),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT child_id, decom AS ref_date, TRUE AS numerator
            FROM cla_episodes WHERE rne = 'S' AND ls NOT IN ('V3', 'V4')
        """,
        benchmark=BenchmarkRef(lait="LAC_Start_Rate",
                               source="DfE Children looked after in England, "
                                      "cla_number_and_rate_per_10k_children"),
        conventions=(SHORT_BREAKS,
                     "A child who started more than once in the period counts once."),
    ),
)
