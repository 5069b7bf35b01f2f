"""Children looked after (data-standards.md section 4.3).

Most measures here read the SSDA903 episodes. Three pieces of SQL are shared and written once:

- `episodes`: the child's episodes of care, short breaks (legal status V3, V4) left out, each
  marked `continues` when the episode before it ended with X1 on the day this one started;
- `care`: periods of care, the episodes joined up in that way (`began`, `ended`, blank while
  open), numbered `care_no` for each child;
- `moves`: each episode marked `new_placement` when it starts a placement that counts towards
  the number of placements, and `new_carer` when the child went to live with different carers.
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

SHORT_BREAKS = ("Children looked after only under an agreed series of short breaks (legal "
                "status V3 or V4) are left out, as in DfE's figures.")
OPEN_ON_THE_DAY = ("Looked after on a date: an episode had started on or before it and had not "
                   "ended before or on it, so a child who left care on the snapshot date is "
                   "not counted; a child who moved placement that day (X1) is counted once.")
OC2_COHORT = ("OC2 holds the cohort DfE measures: children looked after continuously for 12 "
              "months or more at 31 March of the collection year, as the authority returned "
              "them. Each collection year is its own cohort, so only whole years are shown; "
              "ages are taken on 31 March.")
NOT_RECORDED_IS_NO = "A blank flag counts as not done (no), as a refusal does."
DFE_CLA_HEALTH = "DfE Children looked after in England, la_conviction_health_outcome_cla"
STABILITY = "DfE Children looked after in England, la_cla_placement_stability"

TEMPORARY = "('T0', 'T1', 'T2', 'T3', 'T4')"
WITH_FOSTER_CARERS = "('A3', 'A5')"  # placed for adoption with the current foster carers

# Episodes (short breaks left out) and periods of care. `care_no` numbers a child's periods.
CARE = """
    episodes AS (
        SELECT child_id, decom, dec, rec, rne, place, urn, pl_post,
               coalesce(lag(rec) OVER w = 'X1' AND lag(dec) OVER w = decom, false)
                   AS continues
        FROM cla_episodes WHERE ls NOT IN ('V3', 'V4')
        WINDOW w AS (PARTITION BY child_id ORDER BY decom)
    ),
    care_episodes AS (
        SELECT *, sum(CASE WHEN continues THEN 0 ELSE 1 END)
                      OVER (PARTITION BY child_id ORDER BY decom) AS care_no
        FROM episodes
    ),
    care AS (
        SELECT child_id, care_no, min(decom) AS began,
               CASE WHEN count(dec) = count(*) THEN max(dec) END AS ended
        FROM care_episodes GROUP BY child_id, care_no
    )"""

# Which episodes start a placement, and which a life with new carers. The first episode of a
# period of care always does (unless temporary). After that: a new placement is RNE P, B, T or
# U, a new carer RNE P or B; neither counts for a temporary placement (T0-T4), for a return
# from one to the placement held before it (same type, URN and postcode), or for being placed
# for adoption with the current foster carers (A3, A5). A placement must last overnight.
MOVES = f"""
    placed AS (
        SELECT *,
               coalesce(lag(place) OVER w IN {TEMPORARY}, false) AS after_temporary,
               place || '|' || coalesce(urn, '') || '|' || coalesce(pl_post, '') AS placement,
               last_value(CASE WHEN place NOT IN {TEMPORARY} THEN
                   place || '|' || coalesce(urn, '') || '|' || coalesce(pl_post, '') END
                   IGNORE NULLS) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                   AS placement_before
        FROM care_episodes
        WINDOW w AS (PARTITION BY child_id, care_no ORDER BY decom)
    ),
    moves AS (
        SELECT child_id, care_no, decom, dec, place,
               place NOT IN {TEMPORARY} AND (dec IS NULL OR dec > decom) AND (NOT continues OR (
                   rne IN ('P', 'B', 'T', 'U') AND place NOT IN {WITH_FOSTER_CARERS}
                   AND NOT coalesce(after_temporary AND placement = placement_before, false)))
                   AS new_placement,
               place NOT IN {TEMPORARY} AND (NOT continues OR (
                   rne IN ('P', 'B') AND place NOT IN {WITH_FOSTER_CARERS}
                   AND NOT coalesce(after_temporary AND placement = placement_before, false)))
                   AS new_carer
        FROM placed
    )"""

PLACEMENT_CONVENTIONS = (
    "Placements are counted as the data standard says: the placement the child was in at the "
    "start of the window counts once, and then each episode with RNE S, P, B, T or U starts a "
    "new one. So a move to a new address with the same carers (RNE T or U) is counted.",
    "Temporary placements (T0 to T4: hospital, holidays, respite of seven days or less) are "
    "not counted, nor is the return from one to the placement held before it (same placement "
    "type, URN and postcode). A move from a temporary placement to a different placement is "
    "counted.",
    "Being placed for adoption with the current foster carers (A3, A5) is not a new placement, "
    "as DfE says.",
    "A placement must last 24 hours: one whose episode starts and ends on the same day is not "
    "counted. A same-day episode followed by another starting that day cannot be seen at "
    "present: the 903 model keeps one episode per child and start date.",
    "Placements in a period of care before the present one in the window count too (DfE "
    "counts placements during the year).",
)


def _placement_mix(code: str, title: str, places: str, in_words: str,
                   lait: str | None, source: str,
                   extra: tuple[str, ...] = ()) -> Indicator:
    """One group of the placement mix on the snapshot date (L08a to L08e)."""
    return Indicator(
        code=code,
        title=title,
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator=f"Children looked after on the last day of the period {in_words}",
        denominator="Children looked after on the last day of the period",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cla_episodes",),
        distinct_children=True,
        decimals=0,
        sql=f"""
            SELECT e.child_id, s.at AS ref_date, e.place {places} AS numerator,
                   e.place AS detail
            FROM cla_episodes e JOIN snapshots s
              ON e.decom <= s.at AND (e.dec IS NULL OR e.dec > s.at)
            WHERE e.ls NOT IN ('V3', 'V4')
        """,
        benchmark=BenchmarkRef(lait=lait, source=source),
        conventions=(SHORT_BREAKS, OPEN_ON_THE_DAY,
                     "The placement is the one in the episode open on the snapshot date.",
                     *extra),
    )


def _oc2(code: str, title: str, *, polarity: Polarity, numerator: str, denominator: str,
         flag_sql: str, ages: str | None = None, scored_only: bool = False,
         lait: str | None = None, extra: tuple[str, ...] = ()) -> Indicator:
    """A percentage of the OC2 cohort of a collection year (L10 to L16). `ages`: the ages on
    31 March counted, as SQL ("BETWEEN 5 AND 16"); `scored_only`: children with an SDQ score."""
    filters = [f"age_on(dob, make_date(collection_year, 3, 31)) {ages}"] if ages else []
    if scored_only:
        filters.append("sdq_score IS NOT NULL")
    where = f"WHERE {' AND '.join(filters)}" if filters else ""
    return Indicator(
        code=code,
        title=title,
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=polarity,
        unit="child",
        numerator=numerator,
        denominator=denominator,
        period_rule=PeriodRule.EVENTS,
        period_types=frozenset({PeriodType.YEAR}),
        sources=("cla_oc2",),
        distinct_children=True,
        decimals=0,
        sql=f"""
            SELECT child_id, make_date(collection_year, 3, 31) AS ref_date,
                   coalesce({flag_sql}, false) AS numerator
            FROM cla_oc2 {where}
        """,
        benchmark=BenchmarkRef(lait=lait, source=DFE_CLA_HEALTH),
        conventions=(OC2_COHORT, *extra),
    )


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
    Indicator(
        code="L03",
        title="Children ceasing to be looked after per 10,000 children",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator="Children who ceased to be looked after in the period, each child once",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_episodes",),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT child_id, dec AS ref_date, TRUE AS numerator, rec AS detail
            FROM cla_episodes
            WHERE dec IS NOT NULL AND rec <> 'X1' AND ls NOT IN ('V3', 'V4')
        """,
        benchmark=BenchmarkRef(lait="LAC_Cease_Rate",
                               source="DfE Children looked after in England, "
                                      "cla_number_and_rate_per_10k_children"),
        conventions=(SHORT_BREAKS,
                     "Ceasing is an episode ending for a reason other than X1 (a new episode "
                     "the same day is a change, not leaving care).",
                     "A child who ceased more than once in the period counts once."),
    ),
    Indicator(
        code="L04",
        title="Children looked after who are unaccompanied asylum-seeking children",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator="Children looked after on the last day of the period who were "
                  "unaccompanied asylum-seeking children that day",
        denominator="Children looked after on the last day of the period",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cla_episodes", "cla_uasc"),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT e.child_id, s.at AS ref_date,
                   EXISTS (SELECT 1 FROM cla_uasc u WHERE u.child_id = e.child_id
                             AND (u.duc IS NULL OR u.duc > s.at)) AS numerator
            FROM cla_episodes e JOIN snapshots s
              ON e.decom <= s.at AND (e.dec IS NULL OR e.dec > s.at)
            WHERE e.ls NOT IN ('V3', 'V4')
        """,
        benchmark=BenchmarkRef(lait="Unacc_Asylmn_Seek_Childn%",
                               source="DfE Children looked after in England; LAIT"),
        conventions=(SHORT_BREAKS, OPEN_ON_THE_DAY,
                     "A child is an unaccompanied asylum-seeking child on the date when the "
                     "903 UASC table lists them and the date UASC status ceased (DUC) is blank "
                     "or after that date; status that ceased on the date itself does not "
                     "count.",
                     "The UASC table is taken from the latest return that lists the child."),
    ),
    Indicator(
        code="L05",
        title="Children looked after with three or more placements in the last 12 months",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.LOW_IS_GOOD,
        unit="child",
        numerator="Children looked after on the last day of the period who had three or more "
                  "placements in the 12 months to that day",
        denominator="Children looked after on the last day of the period",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cla_episodes",),
        lookback_months=12,
        distinct_children=True,
        decimals=0,
        sql=f"""
            WITH {CARE}, {MOVES},
            looked_after AS (
                SELECT c.child_id, s.at AS as_at, months_after(s.at, -12) + 1 AS since
                FROM care c JOIN snapshots s
                  ON c.began <= s.at AND (c.ended IS NULL OR c.ended > s.at)
            ),
            counted AS (
                SELECT l.child_id, l.as_at,
                       (SELECT count(*) FROM care c WHERE c.child_id = l.child_id
                          AND c.began < l.since AND (c.ended IS NULL OR c.ended >= l.since))
                       + (SELECT count(*) FROM moves m WHERE m.child_id = l.child_id
                            AND m.new_placement AND m.decom BETWEEN l.since AND l.as_at)
                       AS placements
                FROM looked_after l
            )
            SELECT child_id, as_at AS ref_date, placements >= 3 AS numerator,
                   placements || ' placements' AS detail
            FROM counted
        """,
        benchmark=BenchmarkRef(lait="LACStable_2016on",
                               source=f"{STABILITY} (with 3 or more placements during the "
                                      "year)"),
        conventions=(SHORT_BREAKS, OPEN_ON_THE_DAY,
                     "The 12 months run from the day after the same date a year before to the "
                     "snapshot date: 1 April to 31 March for the year.",
                     *PLACEMENT_CONVENTIONS),
    ),
    Indicator(
        code="L06",
        title="Children looked after for two years or more with three or more placements in "
              "those two years",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.LOW_IS_GOOD,
        unit="child",
        numerator="Of those in the denominator, children who had three or more placements in "
                  "the two years to the last day of the period",
        denominator="Children looked after on the last day of the period who had been looked "
                    "after continuously for two years or more",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cla_episodes",),
        lookback_months=24,
        distinct_children=True,
        decimals=0,
        sql=f"""
            WITH {CARE}, {MOVES},
            looked_after AS (
                SELECT c.child_id, s.at AS as_at, months_after(s.at, -24) + 1 AS since
                FROM care c JOIN snapshots s ON c.began <= months_after(s.at, -24)
                 AND (c.ended IS NULL OR c.ended > s.at)
            ),
            counted AS (
                SELECT l.child_id, l.as_at,
                       1 + (SELECT count(*) FROM moves m WHERE m.child_id = l.child_id
                              AND m.new_placement AND m.decom BETWEEN l.since AND l.as_at)
                       AS placements
                FROM looked_after l
            )
            SELECT child_id, as_at AS ref_date, placements >= 3 AS numerator,
                   placements || ' placements' AS detail
            FROM counted
        """,
        benchmark=BenchmarkRef(source=f"{STABILITY} (CLA 2 years on 31 March)"),
        conventions=(SHORT_BREAKS, OPEN_ON_THE_DAY,
                     "Looked after for two years: the period of care (episodes joined by X1) "
                     "began on or before the same date two years before the snapshot date "
                     "(29 February looks back to 28 February).",
                     "The two years run from the day after that date to the snapshot date; "
                     "the placement held at their start counts as one.",
                     *PLACEMENT_CONVENTIONS[:4]),
    ),
    Indicator(
        code="L07",
        title="Long-term placement stability: children looked after for 2.5 years or more "
              "who have lived in the same placement for two years",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="child",
        numerator="Of those in the denominator, children who had lived with the same carers "
                  "for two years or more, or who were placed for adoption and had been with "
                  "the adopters and the carers before them for two years or more together",
        denominator="Children aged under 16 on the last day of the period, looked after that "
                    "day, who had been looked after continuously for two and a half years or "
                    "more",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cla_episodes", "cla_children"),
        lookback_months=30,
        distinct_children=True,
        decimals=0,
        sql=f"""
            WITH {CARE}, {MOVES},
            carers AS (
                SELECT child_id, care_no, decom AS since,
                       lag(decom) OVER (PARTITION BY child_id, care_no ORDER BY decom)
                           AS carers_before_since
                FROM moves WHERE new_carer
            ),
            looked_after AS (
                SELECT c.child_id, c.care_no, s.at AS as_at,
                       months_after(s.at, -24) AS two_years_ago
                FROM care c JOIN snapshots s ON c.began <= months_after(s.at, -30)
                 AND (c.ended IS NULL OR c.ended > s.at)
                JOIN cla_children ch ON ch.child_id = c.child_id
                WHERE age_on(ch.dob, s.at) < 16
            )
            SELECT l.child_id, l.as_at AS ref_date,
                   coalesce(k.since <= l.two_years_ago
                            OR (m.place IN ('A4', 'A6')
                                AND k.carers_before_since <= l.two_years_ago), false)
                       AS numerator,
                   'with the same carers since ' || strftime(k.since, '%d/%m/%Y') AS detail
            FROM looked_after l
            LEFT JOIN carers k ON k.child_id = l.child_id AND k.care_no = l.care_no
             AND k.since <= l.as_at
            LEFT JOIN moves m ON m.child_id = l.child_id AND m.decom <= l.as_at
             AND (m.dec IS NULL OR m.dec > l.as_at)
            QUALIFY row_number() OVER (PARTITION BY l.child_id, l.as_at
                                       ORDER BY k.since DESC NULLS LAST) = 1
        """,
        benchmark=BenchmarkRef(lait="LAC_LongStable%",
                               source=f"{STABILITY} (long-term stability)"),
        conventions=(
            SHORT_BREAKS,
            "Looked after continuously for 2.5 years: the period of care (episodes joined by "
            "X1) began on or before the same date 30 months before the snapshot date.",
            "Under 16: aged under 16 on the snapshot date, by the date of birth in the 903 "
            "header.",
            "DfE asks for the same carer; the return records placements, so the same carers "
            "is taken as no change of carer: no episode with RNE P or B since. Moves with the "
            "same carers (RNE T or U), temporary placements (T0 to T4) and the return from "
            "them to the same placement, and being placed for adoption with the current "
            "foster carers (A3, A5) do not reset the clock.",
            "Two years: the carers were the child's on or before the same date two years "
            "before the snapshot date.",
            "Placed for adoption with new carers (A4, A6): the carers before the adopters "
            "were the child's on or before that date, and the adoptive placement followed "
            "theirs in the same period of care.",
            "Needs 30 months of returns before the snapshot date; earlier snapshots are not "
            "shown.",
        ),
    ),
    _placement_mix(
        "L08a", "Children looked after in foster placements", "IN ('U1', 'U2', 'U3', 'U4', "
        "'U5', 'U6')", "who were in a foster placement (U1 to U6)", "LAC_Foster_Placements",
        "DfE Children looked after in England; LAIT"),
    _placement_mix(
        "L08b", "Children looked after in secure units or children's homes",
        "IN ('K1', 'K2')", "who were in a secure children's home or a children's home (K1, "
        "K2)", "LAC_SecHome_And_ChildHome", "DfE Children looked after in England; LAIT"),
    _placement_mix(
        "L08c", "Children looked after in independent or semi-independent living or supported "
        "accommodation", "IN ('H5', 'P2', 'K3')", "who were in semi-independent or "
        "independent living or supported accommodation (H5, P2, K3)", "LAC_Ind_SInd_Liv_Arr",
        "DfE Children looked after in England; LAIT"),
    _placement_mix(
        "L08d", "Children looked after placed with parents", "= 'P1'",
        "who were placed with their parents or others with parental responsibility (P1)",
        "LAC_Parents_OR_Others", "DfE Children looked after in England; LAIT"),
    _placement_mix(
        "L08e", "Children looked after in other placements",
        "NOT IN ('U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'K1', 'K2', 'H5', 'P2', 'K3', 'P1')",
        "who were in any other placement (placed for adoption, residential schools and "
        "employment, other residential settings, young offender institutions, temporary and "
        "other placements)", None,
        "DfE Children looked after in England; LAIT shows parts of this group separately "
        "(LAC_Other_Place_Inc_Unreg, LAC_Other_Res_Settings, placed for adoption)",
        extra=("Other is every placement type not in the four groups above, so the five "
               "add up to 100%; it includes placed for adoption (A3 to A6), which DfE shows "
               "on its own.",)),
    _oc2(
        "L10", "Children looked after for a year or more with their annual health assessment",
        polarity=Polarity.HIGH_IS_GOOD,
        numerator="Children in the OC2 cohort whose health assessments were up to date "
                  "(HEALTH_ASSESSMENT = 1)",
        denominator="Children looked after continuously for 12 months or more at 31 March "
                    "(the OC2 cohort)",
        flag_sql="health_assessment = 1", lait="LACHealth%",
        extra=(NOT_RECORDED_IS_NO,
               "Children under 5 need two assessments a year; the return's flag already "
               "says whether they had them.")),
    _oc2(
        "L11", "Children looked after for a year or more whose teeth were checked by a "
        "dentist", polarity=Polarity.HIGH_IS_GOOD,
        numerator="Children in the OC2 cohort who had their teeth checked (TEETH_CHECK = 1)",
        denominator="Children looked after continuously for 12 months or more at 31 March "
                    "(the OC2 cohort)",
        flag_sql="teeth_check = 1", lait="LACDental%", extra=(NOT_RECORDED_IS_NO,)),
    _oc2(
        "L12", "Children looked after for a year or more whose immunisations are up to date",
        polarity=Polarity.HIGH_IS_GOOD,
        numerator="Children in the OC2 cohort whose immunisations were up to date "
                  "(IMMUNISATIONS = 1)",
        denominator="Children looked after continuously for 12 months or more at 31 March "
                    "(the OC2 cohort)",
        flag_sql="immunisations = 1", lait="LACVaccinations%", extra=(NOT_RECORDED_IS_NO,)),
    _oc2(
        "L13", "Children under 5 looked after for a year or more whose development "
        "assessments are up to date", polarity=Polarity.HIGH_IS_GOOD,
        numerator="Children in the OC2 cohort aged 0 to 4 whose development assessments were "
                  "up to date (HEALTH_CHECK = 1)",
        denominator="Children in the OC2 cohort aged 0 to 4 on 31 March",
        flag_sql="health_check = 1", ages="< 5", extra=(NOT_RECORDED_IS_NO,)),
    _oc2(
        "L14a", "Children aged 5 to 16 looked after for a year or more with a strengths and "
        "difficulties (SDQ) score", polarity=Polarity.HIGH_IS_GOOD,
        numerator="Children in the OC2 cohort aged 5 to 16 with an SDQ score",
        denominator="Children in the OC2 cohort aged 5 to 16 on 31 March",
        flag_sql="sdq_score IS NOT NULL", ages="BETWEEN 5 AND 16",
        extra=("A score of 0 is a score; a blank score (with or without a reason, SDQ1 to "
               "SDQ5) is not.",)),
    Indicator(
        code="L14b",
        title="Average strengths and difficulties (SDQ) score of children looked after for a "
              "year or more",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.MEAN,
        polarity=Polarity.LOW_IS_GOOD,
        unit="child",
        numerator="SDQ scores of children in the OC2 cohort aged 5 to 16, added up",
        denominator="Children in the OC2 cohort aged 5 to 16 on 31 March with an SDQ score",
        period_rule=PeriodRule.EVENTS,
        period_types=frozenset({PeriodType.YEAR}),
        sources=("cla_oc2",),
        decimals=1,
        sql="""
            SELECT child_id, make_date(collection_year, 3, 31) AS ref_date,
                   sdq_score AS measure
            FROM cla_oc2
            WHERE sdq_score IS NOT NULL
              AND age_on(dob, make_date(collection_year, 3, 31)) BETWEEN 5 AND 16
        """,
        benchmark=BenchmarkRef(lait="Emotional_LAC", source=DFE_CLA_HEALTH),
        conventions=(OC2_COHORT, "Scores run from 0 to 40; a higher score is a greater "
                                 "concern. Children without a score are left out."),
    ),
    _oc2(
        "L14c", "Children looked after for a year or more whose SDQ score is a cause for "
        "concern", polarity=Polarity.LOW_IS_GOOD,
        numerator="Children in the OC2 cohort aged 5 to 16 with an SDQ score of 17 to 40",
        denominator="Children in the OC2 cohort aged 5 to 16 on 31 March with an SDQ score",
        flag_sql="sdq_score >= 17", ages="BETWEEN 5 AND 16", scored_only=True,
        extra=("DfE's bands: 0 to 13 normal, 14 to 16 borderline, 17 to 40 a cause for "
               "concern.",)),
    _oc2(
        "L15", "Children aged 10 to 17 looked after for a year or more who were convicted or "
        "given a youth caution", polarity=Polarity.LOW_IS_GOOD,
        numerator="Children in the OC2 cohort aged 10 to 17 convicted or given a final "
                  "warning, reprimand or youth caution in the year (CONVICTED = 1)",
        denominator="Children in the OC2 cohort aged 10 to 17 on 31 March",
        flag_sql="convicted = 1", ages="BETWEEN 10 AND 17", lait="LAC_Convictions"),
    _oc2(
        "L16", "Children looked after for a year or more identified as having a substance "
        "misuse problem", polarity=Polarity.LOW_IS_GOOD,
        numerator="Children in the OC2 cohort identified as having a substance misuse "
                  "problem in the year (SUBSTANCE_MISUSE = 1)",
        denominator="Children looked after continuously for 12 months or more at 31 March "
                    "(the OC2 cohort)",
        flag_sql="substance_misuse = 1", lait="LACSubstance",
        extra=("Whether an intervention was offered or received is not part of this "
               "measure.",)),
    Indicator(
        code="L17",
        title="Children looked after who went missing",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator="Children looked after at any time in the period with a missing incident "
                  "(MISSING = M) that started in the period",
        denominator="Children looked after at any time in the period",
        period_rule=PeriodRule.PERIOD,
        sources=("cla_episodes", "cla_missing"),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT e.child_id, p.period_id, count(m.mis_start) > 0 AS numerator,
                   count(DISTINCT m.mis_start) || ' missing incidents' AS detail
            FROM cla_episodes e
            JOIN periods p ON e.decom <= p."end" AND (e.dec IS NULL OR e.dec >= p.start)
            LEFT JOIN cla_missing m ON m.child_id = e.child_id AND m.missing = 'M'
             AND m.mis_start BETWEEN p.start AND p."end"
            WHERE e.ls NOT IN ('V3', 'V4')
            GROUP BY e.child_id, p.period_id
        """,
        benchmark=BenchmarkRef(lait="Children_missing",
                               source="DfE Children looked after in England; LAIT"),
        conventions=(SHORT_BREAKS,
                     "Looked after at any time in the period: an episode started on or before "
                     "its last day and had not ended before its first day (children looked "
                     "after on 1 April from the year before are included).",
                     "An incident belongs to the period its start date (MIS_START) is in.",
                     "DfE notes that some authorities record every incident as missing, so "
                     "compare the missing and away figures together."),
    ),
    Indicator(
        code="L18",
        title="Children looked after who were away from placement without authorisation",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="child",
        numerator="Children looked after at any time in the period with an absence "
                  "(MISSING = A) that started in the period",
        denominator="Children looked after at any time in the period",
        period_rule=PeriodRule.PERIOD,
        sources=("cla_episodes", "cla_missing"),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT e.child_id, p.period_id, count(m.mis_start) > 0 AS numerator,
                   count(DISTINCT m.mis_start) || ' absences' AS detail
            FROM cla_episodes e
            JOIN periods p ON e.decom <= p."end" AND (e.dec IS NULL OR e.dec >= p.start)
            LEFT JOIN cla_missing m ON m.child_id = e.child_id AND m.missing = 'A'
             AND m.mis_start BETWEEN p.start AND p."end"
            WHERE e.ls NOT IN ('V3', 'V4')
            GROUP BY e.child_id, p.period_id
        """,
        benchmark=BenchmarkRef(lait="Children_Away",
                               source="DfE Children looked after in England; LAIT"),
        conventions=(SHORT_BREAKS,
                     "Looked after at any time in the period, as for L17.",
                     "An absence belongs to the period its start date (MIS_START) is in."),
    ),
    Indicator(
        code="L19a",
        title="Missing incidents per child looked after who went missing",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.MEAN,
        polarity=Polarity.LOW_IS_GOOD,
        unit="child",
        numerator="Missing incidents (MISSING = M) that started in the period",
        denominator="Children looked after with at least one such incident",
        period_rule=PeriodRule.PERIOD,
        sources=("cla_episodes", "cla_missing"),
        decimals=1,
        sql="""
            SELECT m.child_id, p.period_id, count(*) AS measure,
                   count(*) || ' missing incidents' AS detail
            FROM cla_missing m JOIN periods p ON m.mis_start BETWEEN p.start AND p."end"
            WHERE m.missing = 'M'
              AND EXISTS (SELECT 1 FROM cla_episodes e WHERE e.child_id = m.child_id
                            AND e.ls NOT IN ('V3', 'V4') AND e.decom <= m.mis_start
                            AND (e.dec IS NULL OR e.dec >= m.mis_start))
            GROUP BY m.child_id, p.period_id
        """,
        benchmark=BenchmarkRef(source="DfE Children looked after in England, missing "
                                      "incidents tables"),
        conventions=("Counted for incidents that started while the child was looked after "
                     "other than on short breaks (V3, V4).",
                     "An incident belongs to the period its start date is in. Each incident "
                     "counts, but two of the same type starting on the same day count once "
                     "(the model keeps one record per child, type and start date)."),
        local=True,
    ),
    Indicator(
        code="L19b",
        title="Average length of missing incidents of children looked after, in days",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.MEAN,
        polarity=Polarity.LOW_IS_GOOD,
        unit="missing incident",
        numerator="Days from the start to the end of each missing incident (MISSING = M) "
                  "that started in the period, added up",
        denominator="Missing incidents that started in the period and have an end date",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_episodes", "cla_missing"),
        decimals=1,
        sql="""
            SELECT m.child_id, m.mis_start AS ref_date,
                   datediff('day', m.mis_start, m.mis_end) AS measure,
                   datediff('day', m.mis_start, m.mis_end) || ' days' AS detail
            FROM cla_missing m
            WHERE m.missing = 'M' AND m.mis_end IS NOT NULL
              AND EXISTS (SELECT 1 FROM cla_episodes e WHERE e.child_id = m.child_id
                            AND e.ls NOT IN ('V3', 'V4') AND e.decom <= m.mis_start
                            AND (e.dec IS NULL OR e.dec >= m.mis_start))
        """,
        conventions=("Length in calendar days from MIS_START to MIS_END: back the same day "
                     "is 0 days.",
                     "Incidents with no end date yet are left out.",
                     "An incident belongs to the period its start date is in; incidents "
                     "during short breaks only (V3, V4) are left out."),
        local=True,
    ),
    Indicator(
        code="L20a",
        title="Children in care who went missing and were offered a return home interview",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="child",
        numerator="Children offered a return home interview after their last missing episode",
        denominator="Children on Annex A List 8 with at least one missing episode in the "
                    "last 12 months",
        period_rule=PeriodRule.EXTRACT,
        sources=("aa_cla",),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT child_id, extract_date AS ref_date,
                   yes(return_interview_offered) AS numerator,
                   allocated_team AS team, allocated_worker AS worker
            FROM aa_cla WHERE missing_episodes_12_months > 0
        """,
        conventions=("Everyone on List 8 is included: children in care at the extract date "
                     "and those who ceased to be looked after in the six months before it.",
                     "Went missing: the list's count of missing episodes in the last 12 "
                     "months is 1 or more; absences are not included.",
                     "Offered means the cell is Yes; blank or unknown counts as not offered."),
        local=True,
    ),
    Indicator(
        code="L20b",
        title="Children in care who went missing and accepted a return home interview",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="child",
        numerator="Children who accepted a return home interview after their last missing "
                  "episode",
        denominator="Children on Annex A List 8 with at least one missing episode in the "
                    "last 12 months",
        period_rule=PeriodRule.EXTRACT,
        sources=("aa_cla",),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT child_id, extract_date AS ref_date,
                   yes(return_interview_accepted) AS numerator,
                   allocated_team AS team, allocated_worker AS worker
            FROM aa_cla WHERE missing_episodes_12_months > 0
        """,
        conventions=("The denominator is the same as L20a (children who went missing), as "
                     "the data standard says, not only those offered an interview.",
                     "Accepted means the cell is Yes; blank or unknown counts as not "
                     "accepted."),
        local=True,
    ),
    Indicator(
        code="L21",
        title="Reviews of children looked after held on time",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="review",
        numerator="Reviews due in the period that were held by the date they were due",
        denominator="Reviews due in the period: every review held, placed in the period of "
                    "its due date, and the next review of a child still looked after once "
                    "it fell due without being held",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_episodes", "cla_reviews"),
        lookback_months=6,
        decimals=0,
        sql=f"""
            WITH {CARE},
            first_return AS (
                SELECT make_date(min(collection_year) - 1, 4, 1) AS data_from
                FROM cla_episodes
            ),
            reviews AS (
                SELECT c.child_id, c.care_no, c.began, c.ended, r.review
                FROM care c JOIN cla_reviews r ON r.child_id = c.child_id
                 AND r.review >= c.began AND (c.ended IS NULL OR r.review <= c.ended)
                UNION ALL  -- the next review, not held (yet)
                SELECT child_id, care_no, began, ended, NULL FROM care
            ),
            numbered AS (
                SELECT *, row_number() OVER w AS nth, lag(review) OVER w AS previous
                FROM reviews
                WINDOW w AS (PARTITION BY child_id, care_no ORDER BY review NULLS LAST)
            ),
            due AS (
                SELECT n.*, CASE
                    WHEN n.nth = 1 AND n.began >= f.data_from THEN add_wd(n.began, 20)
                    WHEN n.nth = 1 THEN NULL
                    WHEN n.nth = 2 AND n.began >= f.data_from THEN months_after(n.previous, 3)
                    ELSE months_after(n.previous, 6) END AS due_by
                FROM numbered n CROSS JOIN first_return f
            )
            SELECT child_id, due_by AS ref_date,
                   coalesce(review <= due_by, false) AS numerator,
                   coalesce('held ' || strftime(review, '%d/%m/%Y'), 'not held')
                       || ', due by ' || strftime(due_by, '%d/%m/%Y') AS detail
            FROM due
            WHERE due_by IS NOT NULL
              AND (review IS NOT NULL OR ended IS NULL OR ended > due_by)
        """,
        conventions=(
            SHORT_BREAKS,
            "Timescales of the Care Planning, Placement and Case Review (England) Regulations "
            "2010, regulation 33: the first review within 20 working days of the child "
            "starting to be looked after, the second within 3 months of the first, each later "
            "one within 6 months of the one before.",
            "Working days are Monday to Friday except bank holidays in England and Wales. The "
            "day care starts is day 0, so the first review is due by the 20th working day "
            "after it. Months are calendar months: due by the same date 3 (or 6) months on, "
            "or the month's last day if it has no such date (30 November + 3 months is 28 or "
            "29 February).",
            "On time: held on or before the due date. Reviews are numbered within the period "
            "of care (episodes joined by X1); a new period of care starts again at the first "
            "review.",
            "A review is counted in the period its due date falls in, so a late review counts "
            "against the period it was due in. A review due while the child was still looked "
            "after and not held by the time the data runs to counts as late; none is due "
            "when the child ceased to be looked after on or before the due date.",
            "For a period of care that began before the earliest 903 return loaded, the "
            "earlier reviews are unknown, so its first review seen is not judged and later "
            "ones are judged on the 6-month interval.",
        ),
        local=True,
    ),
    Indicator(
        code="L22",
        title="Reviews of children looked after in which the child participated",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="review",
        numerator="Reviews held in the period in which the child took part or had their views "
                  "put (codes PN1 to PN6)",
        denominator="Reviews held in the period of children aged 4 or over (codes PN1 to "
                    "PN7)",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_episodes", "cla_reviews"),
        decimals=0,
        sql="""
            SELECT r.child_id, r.review AS ref_date,
                   r.review_code IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6') AS numerator,
                   r.review_code AS detail
            FROM cla_reviews r
            WHERE r.review_code <> 'PN0'
              AND EXISTS (SELECT 1 FROM cla_episodes e WHERE e.child_id = r.child_id
                            AND e.ls NOT IN ('V3', 'V4') AND e.decom <= r.review
                            AND (e.dec IS NULL OR e.dec >= r.review))
        """,
        benchmark=BenchmarkRef(source="DfE Children looked after in England (national "
                                      "figures on participation in reviews)"),
        conventions=("Each review counts. PN0 (under 4 at the review) is left out; PN7 (did "
                     "not attend and views not conveyed) is the only code that does not "
                     "count as participating.",
                     "Only reviews held while the child was looked after other than on short "
                     "breaks (V3, V4), including on the day they ceased to be looked after."),
    ),
    Indicator(
        code="L23",
        title="Children in care whose social work visits are in timescale",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="child",
        numerator="Children in care at the extract date whose next statutory visit was not "
                  "yet overdue that day",
        denominator="Children on Annex A List 8 still in care at the extract date",
        period_rule=PeriodRule.EXTRACT,
        sources=("aa_cla",),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT child_id, extract_date AS ref_date,
                   coalesce(extract_date <= CASE
                       WHEN last_social_work_visit_date IS NULL
                         OR last_social_work_visit_date < placement_start_date
                       THEN placement_start_date + 7
                       WHEN placement_type IN ('U1', 'U4')
                        AND placement_start_date <= months_after(extract_date, -12)
                       THEN months_after(last_social_work_visit_date, 3)
                       ELSE last_social_work_visit_date + 42 END, false) AS numerator,
                   'last visit ' || coalesce(strftime(last_social_work_visit_date, '%d/%m/%Y'),
                                             'not recorded') AS detail,
                   allocated_team AS team, allocated_worker AS worker
            FROM aa_cla
            WHERE (looked_after_end_date IS NULL OR looked_after_end_date > extract_date)
              AND coalesce(legal_status, '') NOT IN ('V3', 'V4')
        """,
        conventions=(
            "Statutory intervals as the data standard gives them from the Care Planning, "
            "Placement and Case Review (England) Regulations 2010, regulation 28 (to be checked "
            "against the regulation's text): a visit within 7 days of the start of "
            "each placement, then at least every 6 weeks (42 days); every 3 months once a "
            "long-term foster placement (U1, U4) has lasted a year.",
            "In timescale: the extract date is on or before the date the next visit is due "
            "(the last visit + 42 days, or + 3 months; the placement start + 7 days when "
            "there has been no visit since the placement started). A visit on the day the "
            "placement started counts as a visit in it.",
            "No visit recorded and no placement start date: not in timescale.",
            "Children who ceased to be looked after on or before the extract date and "
            "children on short breaks (V3, V4) are left out.",
        ),
        local=True,
    ),
    Indicator(
        code="L24a",
        title="Children in care for a year or more with a health assessment in the last 12 "
              "months (6 months if under 5)",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="child",
        numerator="Children whose last health assessment was in the 12 months to the extract "
                  "date (6 months for children under 5)",
        denominator="Children on Annex A List 8 in care at the extract date who had been "
                    "looked after for 12 months or more",
        period_rule=PeriodRule.EXTRACT,
        sources=("aa_cla",),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT child_id, extract_date AS ref_date,
                   coalesce(last_health_assessment_date >= months_after(extract_date,
                       CASE WHEN age_on(date_of_birth, extract_date) < 5 THEN -6 ELSE -12 END),
                       false) AS numerator,
                   'last health assessment ' || coalesce(
                       strftime(last_health_assessment_date, '%d/%m/%Y'), 'not recorded')
                       AS detail,
                   allocated_team AS team, allocated_worker AS worker
            FROM aa_cla
            WHERE (looked_after_end_date IS NULL OR looked_after_end_date > extract_date)
              AND looked_after_start_date <= months_after(extract_date, -12)
              AND coalesce(legal_status, '') NOT IN ('V3', 'V4')
        """,
        conventions=("In the last 12 months: on or after the same date a year before the "
                     "extract date (6 months for a child under 5 on the extract date, by "
                     "the date of birth on the list; no date of birth: 12 months).",
                     "Only children looked after for 12 months or more (started on or before "
                     "the same date a year before), to set beside L10.",
                     "Children who ceased to be looked after on or before the extract date and "
                     "children on short breaks (V3, V4) are left out."),
        local=True,
    ),
    Indicator(
        code="L24b",
        title="Children in care for a year or more with a dental check in the last 12 months",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="child",
        numerator="Children whose last dental check was in the 12 months to the extract date",
        denominator="Children on Annex A List 8 in care at the extract date who had been "
                    "looked after for 12 months or more",
        period_rule=PeriodRule.EXTRACT,
        sources=("aa_cla",),
        distinct_children=True,
        decimals=0,
        sql="""
            SELECT child_id, extract_date AS ref_date,
                   coalesce(last_dental_check_date >= months_after(extract_date, -12), false)
                       AS numerator,
                   'last dental check ' || coalesce(
                       strftime(last_dental_check_date, '%d/%m/%Y'), 'not recorded')
                       AS detail,
                   allocated_team AS team, allocated_worker AS worker
            FROM aa_cla
            WHERE (looked_after_end_date IS NULL OR looked_after_end_date > extract_date)
              AND looked_after_start_date <= months_after(extract_date, -12)
              AND coalesce(legal_status, '') NOT IN ('V3', 'V4')
        """,
        conventions=("In the last 12 months: on or after the same date a year before the "
                     "extract date, at every age.",
                     "Only children looked after for 12 months or more, to set beside L11.",
                     "Children who ceased to be looked after on or before the extract date and "
                     "children on short breaks (V3, V4) are left out."),
        local=True,
    ),
    Indicator(
        code="L25",
        title="Children looked after who had three or more social workers in the last 12 "
              "months",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.LOW_IS_GOOD,
        unit="child",
        numerator="Children looked after on the last day of the period who had three or more "
                  "different social workers in the 12 months to that day",
        denominator="Children looked after on the last day of the period",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cla_episodes", "cla_sw_episodes"),
        lookback_months=12,
        distinct_children=True,
        decimals=0,
        sql="""
            WITH looked_after AS (
                SELECT DISTINCT e.child_id, s.at AS as_at, months_after(s.at, -12) + 1 AS since
                FROM cla_episodes e JOIN snapshots s
                  ON e.decom <= s.at AND (e.dec IS NULL OR e.dec > s.at)
                WHERE e.ls NOT IN ('V3', 'V4') AND s.at >= DATE '2024-03-31'
            )
            SELECT l.child_id, l.as_at AS ref_date, count(DISTINCT w.sw_id) >= 3 AS numerator,
                   count(DISTINCT w.sw_id) || ' social workers' AS detail
            FROM looked_after l
            LEFT JOIN cla_sw_episodes w ON w.child_id = l.child_id
             AND w.sw_decom <= l.as_at AND (w.sw_dec IS NULL OR w.sw_dec >= l.since)
            GROUP BY l.child_id, l.as_at
        """,
        benchmark=BenchmarkRef(lait="Stability_SocialWorker",
                               source="DfE Children looked after in England, la_cla_swcount"),
        conventions=(SHORT_BREAKS, OPEN_ON_THE_DAY,
                     "Social workers are told apart by SW_ID; every social worker episode "
                     "that was open on any day of the 12 months counts, including while the "
                     "child was not looked after, as DfE counts.",
                     "The 903 has social worker episodes from 2023-24, so the first snapshot "
                     "shown is 31 March 2024."),
    ),
    Indicator(
        code="L27",
        title="Periods of care that started within 12 months of an earlier one ending",
        domain=Domain.LOOKED_AFTER,
        kind=Kind.PERCENT,
        polarity=Polarity.LOW_IS_GOOD,
        unit="period of care",
        numerator="Periods of care starting in the period that began within 12 months of the "
                  "child's previous period of care ending",
        denominator="Periods of care starting in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_episodes",),
        lookback_months=12,
        decimals=0,
        sql=f"""
            WITH {CARE}
            SELECT c.child_id, c.began AS ref_date,
                   EXISTS (SELECT 1 FROM care earlier WHERE earlier.child_id = c.child_id
                             AND earlier.ended <= c.began
                             AND earlier.ended >= months_after(c.began, -12)) AS numerator
            FROM care c
        """,
        conventions=(SHORT_BREAKS,
                     "A period of care is a run of episodes joined by X1; it starts when the "
                     "child starts to be looked after. Each start counts, so a child who "
                     "started twice in the period counts twice.",
                     "Within 12 months: the earlier period ended on or after the same date a "
                     "year before the new start (29 February looks back to 28 February), or "
                     "on the day of the new start.",
                     "Short breaks (V3, V4) are neither starts nor earlier periods of care.",
                     "From the 903, so every period can be shown; Annex A List 8 has the same "
                     "question answered by the authority at the extract date."),
        local=True,
    ),
)

# Not declared, because the returns Clearsight loads cannot express them:
# - L09 (placed more than 20 miles from home and outside the authority): needs the distance
#   between the home and placement postcodes (HOME_POST, PL_POST) from a postcode directory
#   and the authority's boundary, which Clearsight does not load.
# - L26 (mid-year school moves): needs the school census matched on UPN, which Clearsight
#   does not load.
