"""Front door: contacts, referrals and assessments (data-standards.md section 4.1)."""

from clearsight_analytics.indicators.definition import (
    BenchmarkRef,
    Domain,
    Indicator,
    Kind,
    PeriodRule,
    Polarity,
)

WORKING_DAYS = ("Working days are Monday to Friday except bank holidays in England and Wales. "
                "The day the clock starts is day 0, so something done on the next working day "
                "took 1 working day.")

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="F03",
        title="Referrals per 10,000 children",
        domain=Domain.FRONT_DOOR,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="referral",
        numerator="Referrals received in the period, each referral counted (including those "
                  "that led to no further action)",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_referrals",),
        sql="SELECT child_id, referral_date AS ref_date, TRUE AS numerator FROM cin_referrals",
        benchmark=BenchmarkRef(lait="CPP_Total_Rateper10,000",
                               source="DfE Characteristics of children in need, table C1 "
                                      "(referrals); LAIT"),
        conventions=("A referral is one CIN census episode of need (CINdetails), identified "
                     "by the child and the referral date.",),
    ),
    Indicator(
        code="F04",
        title="Re-referrals within 12 months of a previous referral",
        domain=Domain.FRONT_DOOR,
        kind=Kind.PERCENT,
        polarity=Polarity.LOW_IS_GOOD,
        unit="referral",
        numerator="Referrals in the period for a child who had another referral in the 12 "
                  "months before it",
        denominator="Referrals in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_referrals",),
        lookback_months=12,
        sql="""
            SELECT r.child_id, r.referral_date AS ref_date, TRUE AS denominator,
                   EXISTS (SELECT 1 FROM cin_referrals earlier
                           WHERE earlier.child_id = r.child_id
                             AND earlier.referral_date < r.referral_date
                             AND earlier.referral_date >= months_after(r.referral_date, -12))
                       AS numerator
            FROM cin_referrals r
        """,
        benchmark=BenchmarkRef(lait="ReReferral",
                               source="DfE Characteristics of children in need, table C1, "
                                      "rereferral_percent"),
        conventions=(
            "Counted per referral, as DfE does (a child can count more than once).",
            "Within 12 months: the earlier referral was on or after the same date a year "
            "before (29 February looks back to 28 February).",
            "Needs 12 months of referrals before the period, so the first year loaded has no "
            "value.",
        ),
    ),
    Indicator(
        code="F09",
        title="Assessments completed within 45 working days",
        domain=Domain.FRONT_DOOR,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="assessment",
        numerator="Assessments authorised in the period within 45 working days of starting",
        denominator="Assessments authorised in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_assessments",),
        sql="""
            SELECT child_id, authorised AS ref_date, TRUE AS denominator,
                   wd(started, authorised) <= 45 AS numerator,
                   CAST(wd(started, authorised) AS VARCHAR) || ' working days' AS detail
            FROM cin_assessments WHERE authorised IS NOT NULL
        """,
        benchmark=BenchmarkRef(lait="Continue_Assess_Comp",
                               source="DfE Characteristics of children in need; LAIT"),
        conventions=(WORKING_DAYS,
                     "Measured from the assessment's start date to its authorisation date, as "
                     "DfE's CIN census rules do, not from the referral."),
    ),
    Indicator(
        code="F10",
        title="Average length of assessments in working days",
        domain=Domain.FRONT_DOOR,
        kind=Kind.MEAN,
        polarity=Polarity.LOW_IS_GOOD,
        unit="assessment",
        numerator="Working days from start to authorisation, added up over the assessments "
                  "authorised in the period",
        denominator="Assessments authorised in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_assessments",),
        sql="""
            SELECT child_id, authorised AS ref_date, wd(started, authorised) AS measure
            FROM cin_assessments WHERE authorised IS NOT NULL
        """,
        conventions=(WORKING_DAYS,),
        local=True,
    ),
)
