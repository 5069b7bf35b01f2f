"""Permanence and adoption (data-standards.md section 4.4).

How children leave care (P01, P02) counts each child once in a period, by the last time they
ceased to be looked after in it. The adoption timings (P03 to P08) follow each adopted child's
journey through the SSDA903 episodes of the period of care that ended in the adoption, with
the dates of the adoption decision and the match from AD1:

- entered care: the start of the latest episode that began a period of care (RNE S) on or
  before the adoption episode;
- placed for adoption: the start of the first episode in that period of care with a placement
  for adoption (A3 to A6);
- moved in with the carers who adopted (A10 only): the start of the latest episode on or
  before the placement for adoption that began with a change of carers (RNE S, P or B);
- placement order: the start of the first episode in that period of care under a placement
  order or freeing order (legal status E1 or D1);
- adopted: the end of the episode that ceased with an adoption (E11 or E12).
"""

from clearsight_analytics.indicators.definition import (
    BenchmarkRef,
    Domain,
    Indicator,
    Kind,
    PeriodRule,
    PeriodType,
    Polarity,
)

# ------------------------------------------------------------------ leaving care (P01, P02)

LAST_OCCASION = ("Each child counts once in a period, by the last time they ceased to be "
                 "looked after in it (an episode ending with reason X1, a same-day move to a "
                 "new episode, is not ceasing to be looked after).")
SHORT_BREAKS = ("Children looked after only under an agreed series of short breaks (legal "
                "status V3 or V4) are left out, as in DfE's figures.")


def _last_ceasing(numerator: str) -> str:
    """One row per child and period: the last time the child ceased to be looked after in the
    period, with `numerator` a condition on its reason (`rec`)."""
    return f"""
        SELECT child_id, period_id, dec AS ref_date, {numerator} AS numerator,
               TRUE AS denominator, rec AS detail
        FROM (
            SELECT e.child_id, p.period_id, e.dec, e.rec,
                   row_number() OVER (PARTITION BY e.child_id, p.period_id
                                      ORDER BY e.dec DESC) AS latest
            FROM cla_episodes e JOIN periods p ON e.dec BETWEEN p.start AND p."end"
            WHERE e.rec IS NOT NULL AND e.rec <> 'X1' AND e.ls NOT IN ('V3', 'V4')
        ) WHERE latest = 1
    """


def _ceased_via(code: str, title: str, reasons: str, codes: str, lait: str,
                extra: tuple[str, ...] = ()) -> Indicator:
    return Indicator(
        code=code,
        title=title,
        domain=Domain.PERMANENCE,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator=f"Children who ceased to be looked after in the period, the last time they "
                  f"ceased being {reasons}",
        denominator="Children who ceased to be looked after in the period",
        period_rule=PeriodRule.PERIOD,
        sources=("cla_episodes",),
        decimals=0,
        sql=_last_ceasing(f"rec IN ({codes})"),
        benchmark=BenchmarkRef(lait=lait, source="DfE Children looked after in England; LAIT"),
        conventions=(LAST_OCCASION, SHORT_BREAKS, *extra),
    )


# ------------------------------------------------------------------ adopted children

# One row per adoption (an episode ceasing E11 or E12), with the dates of the child's journey
# (see the module docstring). A date that cannot be found in the loaded returns is null:
# - `entered` when no episode starting a period of care (RNE S) is loaded;
# - `placed` when the first loaded adoptive placement episode began with a change of legal
#   status only (RNE L), so the placement itself began in an episode not loaded;
# - `order_made` likewise, when the first loaded E1/D1 episode began with a change of
#   placement only (RNE P or T), so the order was made in an episode not loaded.
# The AD1 row is the child's in the collection year of the adoption.
ADOPTIONS = """
    WITH adopted AS (
        SELECT a.child_id, a.decom AS last_start, a.dec AS adopted,
               (SELECT max(s.decom) FROM cla_episodes s
                WHERE s.child_id = a.child_id AND s.rne = 'S' AND s.decom <= a.decom)
                   AS entered
        FROM cla_episodes a WHERE a.rec IN ('E11', 'E12')
    ),
    care AS (
        SELECT a.child_id, a.adopted, e.decom, e.rne, e.ls, e.place
        FROM adopted a JOIN cla_episodes e ON e.child_id = a.child_id
         AND e.decom BETWEEN coalesce(a.entered, DATE '1900-01-01') AND a.last_start
    ),
    firsts AS (
        SELECT child_id, adopted,
               min(decom) FILTER (WHERE place IN ('A3', 'A4', 'A5', 'A6')) AS first_placed,
               arg_min(rne, decom) FILTER (WHERE place IN ('A3', 'A4', 'A5', 'A6'))
                   AS placed_rne,
               min(decom) FILTER (WHERE ls IN ('E1', 'D1')) AS first_order,
               arg_min(rne, decom) FILTER (WHERE ls IN ('E1', 'D1')) AS order_rne
        FROM care GROUP BY child_id, adopted
    ),
    ad1 AS (
        SELECT child_id, collection_year, min(date_int) AS date_int,
               min(date_match) AS date_match, max(foster_care) AS foster_care
        FROM cla_ad1 GROUP BY child_id, collection_year
    ),
    journeys AS (
        SELECT a.child_id, a.adopted, a.entered,
               CASE WHEN f.placed_rne <> 'L' THEN f.first_placed END AS placed,
               CASE WHEN f.order_rne IN ('S', 'L', 'B', 'U') THEN f.first_order END
                   AS order_made,
               d.date_int, d.date_match, coalesce(d.foster_care = 1, false) AS by_foster_carer
        FROM adopted a JOIN firsts f ON f.child_id = a.child_id AND f.adopted = a.adopted
        LEFT JOIN ad1 d ON d.child_id = a.child_id
         AND d.collection_year = year(a.adopted) + CASE WHEN month(a.adopted) >= 4
                                                        THEN 1 ELSE 0 END
    ),
    adoptions AS (
        SELECT j.*,
               (SELECT max(c.decom) FROM care c
                WHERE c.child_id = j.child_id AND c.adopted = j.adopted
                  AND c.rne IN ('S', 'P', 'B') AND c.decom <= j.placed) AS moved_in
        FROM journeys j
    )
"""

# The three collection years ending with the period (a YEAR period with 24 months before it).
THREE_YEARS = 'JOIN periods p ON a.adopted BETWEEN months_after(p.start, -24) AND p."end"'

ADOPTED = "Adopted children are those whose episode ceased with reason E11 or E12."
JOURNEY = ("Dates are taken from the SSDA903 episodes of the period of care that ended in the "
           "adoption: entered care is the start of its first episode (RNE S); placed for "
           "adoption is the start of its first placement coded A3 to A6.")
HISTORY = ("A child whose entry to care (or other date needed) is not in the loaded returns is "
           "left out of the average and listed in the drill-down, rather than given a shorter "
           "time: load every SSDA903 return held, back to the start of each adopted child's "
           "period of care (the figure can be lower than DfE's when early years are missing).")
THREE_YEAR = ("A three-year measure, as the adoption scorecards are: children adopted in the "
              "three collection years ending with the year shown (2023-24 to 2025-26 for "
              "2025-26), so it needs the two years of returns before the year and is given "
              "for whole collection years only.")
SCORECARDS = BenchmarkRef(
    source="DfE adoption scorecards (three-year averages, last published for the three years "
           "to March 2021); Coram/ASGLB local-level quarterly data")
STAGES = BenchmarkRef(
    source="DfE Children looked after in England including adoptions, "
           "national_cla_adopted_average_time_between_adoption_process_stages (England only; "
           "published in months)")


def _stage(code: str, title: str, start: str, end: str, start_words: str,
           end_words: str, source_note: str) -> Indicator:
    return Indicator(
        code=code,
        title=title,
        domain=Domain.PERMANENCE,
        kind=Kind.MEAN,
        polarity=Polarity.LOW_IS_GOOD,
        unit="adopted child",
        numerator=f"Days from {start_words} to {end_words}, added up over the children "
                  f"adopted in the period",
        denominator="Children adopted in the period with both dates recorded",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_episodes", "cla_ad1"),
        decimals=0,
        sql=f"""
            {ADOPTIONS}
            SELECT child_id, adopted AS ref_date,
                   CASE WHEN {end} >= {start} THEN {end} - {start} END AS measure,
                   CASE WHEN {start} IS NULL OR {end} IS NULL THEN 'a date is missing'
                        WHEN {end} < {start} THEN 'dates out of order: left out'
                        ELSE CAST({end} - {start} AS VARCHAR) || ' days' END AS detail
            FROM adoptions
        """,
        benchmark=STAGES,
        conventions=(ADOPTED, source_note,
                     "Counted in the period the child was adopted (the adoption order, the "
                     "end of the adoption episode); days are calendar days from the first "
                     "date to the second.",
                     "A stage whose end is recorded before its start is a recording error and "
                     "is left out of the average (shown in the drill-down).",
                     "A child with either date missing (not recorded, or, for entering care and "
                     "placement, not in the loaded returns) is left out of the average.",
                     HISTORY),
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
        sql=_last_ceasing("rec IN ('E11', 'E12')"),
        benchmark=BenchmarkRef(lait="%_of LAC Adopted",
                               source="DfE Children looked after in England; LAIT"),
        conventions=(LAST_OCCASION, SHORT_BREAKS),
    ),
    _ceased_via("P02a", "Children leaving care under a special guardianship order",
                "a special guardianship order (reasons E45 to E48)",
                "'E45', 'E46', 'E47', 'E48'", "LAC_ceased_SGO%",
                ("Older returns' SGO codes E43 and E44 are not in the current code list and "
                 "are not counted.",)),
    _ceased_via("P02b", "Children leaving care under a child arrangements (residence) order",
                "a residence order or child arrangements order (reason E41)", "'E41'",
                "LAC_ceased_CAO%"),
    _ceased_via("P02c", "Children leaving care who returned home as part of care planning",
                "a return home to parents, relatives or others with parental responsibility "
                "as part of the care planning process (reason E4A)", "'E4A'",
                "LAC_RetHome_CarePlan_%"),
    _ceased_via("P02d", "Children leaving care who returned home outside care planning",
                "a return home to parents, relatives or others with parental responsibility "
                "that was not part of the care planning process (reason E4B)", "'E4B'",
                "LAC_RetHome_Not_CarePlan_%"),
    Indicator(
        code="P03",
        title="Average days from entering care to moving in with the adoptive family "
              "(A1, three years)",
        domain=Domain.PERMANENCE,
        kind=Kind.MEAN,
        polarity=Polarity.LOW_IS_GOOD,
        unit="adopted child",
        numerator="Days from entering care to being placed for adoption, added up over the "
                  "children adopted in the three years",
        denominator="Children adopted in the three years whose entry to care and placement "
                    "for adoption are recorded",
        period_rule=PeriodRule.PERIOD,
        sources=("cla_episodes",),
        period_types=frozenset({PeriodType.YEAR}),
        lookback_months=24,
        decimals=0,
        sql=f"""
            {ADOPTIONS}
            SELECT a.child_id, p.period_id, a.adopted AS ref_date, a.placed - a.entered AS measure,
                   coalesce(CAST(a.placed - a.entered AS VARCHAR) || ' days',
                            'entry to care or placement not in the loaded returns') AS detail
            FROM adoptions a {THREE_YEARS}
        """,
        benchmark=SCORECARDS,
        conventions=(
            THREE_YEAR, ADOPTED, JOURNEY,
            "A child placed for adoption on the day they entered care counts 0 days. A child "
            "adopted by their foster carers counts to the day the placement became a "
            "placement for adoption (P04, A10, counts to the day they moved in with them).",
            "The scorecards' threshold was 14 months (426 days).",
            HISTORY),
    ),
    Indicator(
        code="P04",
        title="Average days from entering care to moving in with the adoptive family, "
              "adjusted for foster carer adoptions (A10, three years)",
        domain=Domain.PERMANENCE,
        kind=Kind.MEAN,
        polarity=Polarity.LOW_IS_GOOD,
        unit="adopted child",
        numerator="Days from entering care to moving in with the family who adopted them "
                  "(for children adopted by their foster carers, the day they moved in with "
                  "those carers), added up over the children adopted in the three years",
        denominator="Children adopted in the three years whose dates are recorded",
        period_rule=PeriodRule.PERIOD,
        sources=("cla_episodes", "cla_ad1"),
        period_types=frozenset({PeriodType.YEAR}),
        lookback_months=24,
        decimals=0,
        sql=f"""
            {ADOPTIONS}
            SELECT a.child_id, p.period_id, a.adopted AS ref_date,
                   CASE WHEN a.by_foster_carer THEN a.moved_in ELSE a.placed END - a.entered
                       AS measure,
                   coalesce(CAST(CASE WHEN a.by_foster_carer THEN a.moved_in ELSE a.placed END
                                 - a.entered AS VARCHAR)
                            || CASE WHEN a.by_foster_carer THEN ' days (foster carer adoption)'
                                    ELSE ' days' END,
                            'entry to care or placement not in the loaded returns') AS detail
            FROM adoptions a {THREE_YEARS}
        """,
        benchmark=BenchmarkRef(source="Coram/ASGLB local-level quarterly data (A10 replaced "
                                      "A1 there from 2021-22)"),
        conventions=(
            THREE_YEAR, ADOPTED, JOURNEY,
            "A child adopted by their foster carers is one whose AD1 record for the year of "
            "the adoption has FOSTER_CARE 1. For them the end date is the day they moved in "
            "with those carers: the start of the latest episode, on or before the placement "
            "for adoption, that began with a change of carers (RNE S, P or B); changes of "
            "legal status (L) or of placement with the same carers (T, U) do not move it.",
            "A child with no AD1 record is counted as not adopted by their foster carers.",
            HISTORY),
    ),
    Indicator(
        code="P05",
        title="Average days from the placement order to the match with the adoptive family "
              "(A2, three years)",
        domain=Domain.PERMANENCE,
        kind=Kind.MEAN,
        polarity=Polarity.LOW_IS_GOOD,
        unit="adopted child",
        numerator="Days from the placement order (or freeing order) to the decision to match "
                  "the child with their adopters, added up over the children adopted in the "
                  "three years (0 when the match came first)",
        denominator="Children adopted in the three years who had a placement order or "
                    "freeing order and were placed for adoption before being adopted",
        period_rule=PeriodRule.PERIOD,
        sources=("cla_episodes", "cla_ad1"),
        period_types=frozenset({PeriodType.YEAR}),
        lookback_months=24,
        decimals=0,
        sql=f"""
            {ADOPTIONS}
            SELECT a.child_id, p.period_id, a.adopted AS ref_date,
                   CASE WHEN a.placed IS NULL THEN NULL
                        WHEN a.date_match < a.order_made THEN 0
                        ELSE a.date_match - a.order_made END AS measure,
                   CASE WHEN a.order_made IS NULL THEN 'no placement order found'
                        WHEN a.placed IS NULL THEN 'no placement for adoption found'
                        WHEN a.date_match IS NULL THEN 'no match date (AD1)'
                        WHEN a.date_match < a.order_made THEN 'matched before the order: 0 days'
                        ELSE CAST(a.date_match - a.order_made AS VARCHAR) || ' days' END
                       AS detail
            FROM adoptions a {THREE_YEARS}
        """,
        benchmark=BenchmarkRef(source="DfE adoption scorecards (LG Inform metric 912), last "
                                      "published for the three years to March 2021"),
        conventions=(
            THREE_YEAR, ADOPTED,
            "The placement order date is the start of the first episode in the period of care "
            "with legal status E1 (placement order) or D1 (freeing order); the match date is "
            "AD1 DATE_MATCH for the year of the adoption.",
            "As the scorecards do: a child matched before the order counts 0 days; children "
            "with no placement or freeing order, or not placed for adoption (A3 to A6) before "
            "the adoption, are left out.",
            "The scorecards' threshold was 4 months (121 days).",
            HISTORY),
    ),
    Indicator(
        code="P06",
        title="Children adopted who waited less than 14 months from entering care to moving "
              "in with their adoptive family (A3, three years)",
        domain=Domain.PERMANENCE,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="adopted child",
        numerator="Children adopted in the three years who were placed for adoption less than "
                  "426 days after entering care",
        denominator="Children adopted in the three years whose entry to care and placement "
                    "for adoption are recorded",
        period_rule=PeriodRule.PERIOD,
        sources=("cla_episodes",),
        period_types=frozenset({PeriodType.YEAR}),
        lookback_months=24,
        decimals=0,
        sql=f"""
            {ADOPTIONS}
            SELECT a.child_id, p.period_id, a.adopted AS ref_date,
                   a.placed - a.entered < 426 AS numerator,
                   a.placed IS NOT NULL AND a.entered IS NOT NULL AS denominator,
                   coalesce(CAST(a.placed - a.entered AS VARCHAR) || ' days',
                            'entry to care or placement not in the loaded returns') AS detail
            FROM adoptions a {THREE_YEARS}
        """,
        benchmark=SCORECARDS,
        conventions=(
            THREE_YEAR, ADOPTED, JOURNEY,
            "14 months is 426 days, as the scorecards set it: 425 days or fewer counts, 426 "
            "days does not. The days are those of P03 (A1).",
            HISTORY),
    ),
    _stage("P07a", "Average days from entering care to the decision that the child should "
                   "be adopted (children adopted)", "entered", "date_int",
           "entering care", "the agency decision maker's decision that the child should be "
                            "placed for adoption",
           "The decision date is AD1 DATE_INT for the year of the adoption; entered care is "
           "the start of the period of care that ended in the adoption."),
    _stage("P07b", "Average days from the adoption decision to the match (children adopted)",
           "date_int", "date_match",
           "the decision that the child should be placed for adoption",
           "the match with their adopters",
           "Both dates are from the child's AD1 record for the year of the adoption (DATE_INT "
           "and DATE_MATCH)."),
    _stage("P07c", "Average days from the match to moving in with the adopters (children "
                   "adopted)", "date_match", "placed",
           "the match with their adopters", "being placed for adoption",
           "The match is AD1 DATE_MATCH; placed for adoption is the start of the first "
           "placement coded A3 to A6 in the period of care that ended in the adoption."),
    _stage("P07d", "Average days from moving in with the adopters to the adoption order "
                   "(children adopted)", "placed", "adopted",
           "being placed for adoption", "the adoption order",
           "Placed for adoption is the start of the first placement coded A3 to A6 in the "
           "period of care; the adoption order is the end of the episode that ceased E11 or "
           "E12."),
    _stage("P07e", "Average days from entering care to adoption (children adopted)",
           "entered", "adopted", "entering care", "the adoption order",
           "Entered care is the start of the period of care that ended in the adoption; the "
           "adoption order is the end of the episode that ceased E11 or E12."),
    Indicator(
        code="P08",
        title="Children adopted who were placed for adoption within 12 months of the "
              "decision that they should be adopted",
        domain=Domain.PERMANENCE,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="adopted child",
        numerator="Children adopted in the period who were placed for adoption within 12 "
                  "months of the decision that they should be placed for adoption",
        denominator="Children adopted in the period with both dates recorded",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_episodes", "cla_ad1"),
        decimals=0,
        sql=f"""
            {ADOPTIONS}
            SELECT child_id, adopted AS ref_date,
                   placed <= months_after(date_int, 12) AS numerator,
                   placed IS NOT NULL AND date_int IS NOT NULL AS denominator,
                   CASE WHEN date_int IS NULL THEN 'no decision date (AD1)'
                        WHEN placed IS NULL THEN 'placement for adoption not found'
                        ELSE CAST(placed - date_int AS VARCHAR) || ' days' END AS detail
            FROM adoptions
        """,
        benchmark=STAGES,
        conventions=(
            ADOPTED,
            "Within 12 months: placed on or before the same date a year after the decision "
            "(AD1 DATE_INT); a decision on 29 February runs to 28 February.",
            "Placed for adoption is the start of the first placement coded A3 to A6 in the "
            "period of care that ended in the adoption. A placement recorded before the "
            "decision (which DfE's validation rejects) counts as within 12 months.",
            "Counted in the period the child was adopted.",
            HISTORY),
    ),
    Indicator(
        code="P09",
        title="Decisions that a child should be placed for adoption that were reversed",
        domain=Domain.PERMANENCE,
        kind=Kind.COUNT,
        polarity=Polarity.NEITHER,
        unit="adoption decision",
        numerator="Decisions that a child should no longer be placed for adoption made in the "
                  "period",
        denominator="None: a number of decisions",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_placed_for_adoption",),
        decimals=0,
        sql="""
            SELECT child_id, date_placed_ceased AS ref_date, TRUE AS numerator,
                   coalesce(reason_placed_ceased, 'reason not recorded') AS detail
            FROM cla_placed_for_adoption WHERE date_placed_ceased IS NOT NULL
        """,
        benchmark=BenchmarkRef(source="DfE Children looked after in England including "
                                      "adoptions (decisions reversed, by reason RD1 to RD4)"),
        conventions=(
            "Each SSDA903 PlacedAdoption record with a DATE_PLACED_CEASED in the period counts "
            "once, whatever its reason (RD1 to RD4, shown in the drill-down); a child with two "
            "decisions reversed counts twice.",
            "DfE's validation keeps DATE_PLACED_CEASED blank for children who were adopted, so "
            "an adoption is not counted as a reversal.",
        ),
    ),
)

# Not declared: the returns cannot express them.
# P10 Care proceedings completed within 26 weeks: needs the date each application was disposed
#     of (final order); the CIN census has only the application date (from 2026-27), and MoJ
#     publishes by Designated Family Judge area, not local authority.
# P11 Average duration of care proceedings: needs issue and final-order dates (court data).
# P12 Cafcass care applications per 10,000: Cafcass's own counts, not in any return loaded.
