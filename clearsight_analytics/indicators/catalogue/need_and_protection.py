"""Children in need and child protection (data-standards.md section 4.2)."""

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
        code="C10",
        title="Children on a child protection plan per 10,000 children",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator="Children subject to a child protection plan on the last day of the period",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cin_cpps",),
        distinct_children=True,
        sql="""
            SELECT p.child_id, s.at AS ref_date, TRUE AS numerator
            FROM cin_cpps p JOIN snapshots s
              ON p.started <= s.at AND (p.ended IS NULL OR p.ended > s.at)
        """,
        benchmark=BenchmarkRef(lait="CPP_rate", source="DfE Characteristics of children in "
                                                       "need, table D5, CPP_At31"),
        conventions=("A plan that ended on the snapshot date is not counted as open that day.",),
    ),
)
