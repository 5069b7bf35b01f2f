"""Care leavers (data-standards.md section 4.5).

Y01 to Y08 are DfE's care leaver measures from the SSDA903 OC3 table. The OC3 table of a
collection year is DfE's cohort for that year: former relevant young people whose 17th, 18th,
19th, 20th or 21st birthday fell in the year, with their circumstances on or around that
birthday. A young person's age is their age at that birthday, which is their age on 31 March
at the end of the year. Each is counted in the year of their birthday, once.

Y09 and Y10 are local measures from Annex A List 9 at the date of each extract.
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

# One row per OC3 record outside the exclusions, with the young person's age at their
# birthday in the collection year and the date of that birthday (born 29 February: 1 March
# in other years, as `age_on` has it).
LEAVERS = """
    WITH aged AS (
        SELECT child_id, dob, in_touch, activ, accom,
               age_on(dob, make_date(collection_year, 3, 31)) AS age
        FROM cla_oc3 WHERE coalesce(in_touch, '') NOT IN ('DIED', 'RHOM')
    ),
    leavers AS (
        SELECT *, months_after(dob, 12 * age)
                  + CAST(age_on(dob, months_after(dob, 12 * age)) < age AS INTEGER)
                  AS birthday
        FROM aged
    )
"""
EET_CODES = "'F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'"
FOSTER = "'U1', 'U2', 'U3', 'U4', 'U5', 'U6'"

COHORT = ("The cohort is the SSDA903 OC3 table of the collection year, which DfE's return asks "
          "for only for former relevant young people (so young people looked after only "
          "under short breaks, V3/V4, or whose care passed to another authority, are not in "
          "it); Clearsight does not re-derive it from episodes.")
AGE = ("Age is the age at the young person's 17th to 21st birthday in the collection year "
       "(their age on 31 March at its end): 19 to 21 or 17 to 18. A young person born on "
       "31 March 2007 is 19 in 2025-26; one born on 1 April 2007 is 18.")
EXCLUDED = ("Young people who have died (IN_TOUCH DIED) or who returned home to their parents "
            "for six months or more (RHOM) are left out, as DfE does; those the authority is "
            "not in touch with, who refuse contact or no longer need services stay in.")
ONCE = ("Each young person counts once in the year of their birthday, whatever the number of "
        "OC3 rows.")
YEAR_ONLY = frozenset({PeriodType.YEAR})
ACCOMMODATION_FILE = ("DfE Children looked after in England, "
                      "la_care_leavers_accommodation_suitability")
ACTIVITY_FILE = "DfE Children looked after in England, la_care_leavers_activity"


def _cohort_indicator(code: str, title: str, ages: tuple[int, int], numerator: str,
                      numerator_words: str, polarity: Polarity, benchmark: BenchmarkRef,
                      conventions: tuple[str, ...], *, accommodation: bool = False
                      ) -> Indicator:
    low, high = ages
    where = f"age BETWEEN {low} AND {high}"
    denominator = f"Care leavers aged {low} to {high} in the year"
    extra: tuple[str, ...] = ()
    if accommodation:
        where += " AND coalesce(left(accom, 1), '') NOT IN ('G', 'H', 'R')"
        denominator += (", other than those gone abroad, deported or whose residence is not "
                        "known")
        extra = ("Young people gone abroad (ACCOM G), deported (H) or whose residence is not "
                 "known (R) are left out of the accommodation measures, as DfE does; those "
                 "with no accommodation recorded stay in the denominator, not suitable.",)
    return Indicator(
        code=code,
        title=title,
        domain=Domain.CARE_LEAVERS,
        kind=Kind.PERCENT,
        polarity=polarity,
        unit="care leaver",
        numerator=f"Care leavers aged {low} to {high} in the year {numerator_words}",
        denominator=denominator,
        period_rule=PeriodRule.EVENTS,
        sources=("cla_oc3",),
        period_types=YEAR_ONLY,
        distinct_children=True,
        decimals=0,
        sql=f"""
            {LEAVERS}
            SELECT child_id, birthday AS ref_date, {numerator} AS numerator,
                   'aged ' || age || ': IN_TOUCH ' || coalesce(in_touch, '-') || ', ACTIV '
                   || coalesce(activ, '-') || ', ACCOM ' || coalesce(accom, '-') AS detail
            FROM leavers WHERE {where}
        """,
        benchmark=benchmark,
        conventions=(COHORT, AGE, EXCLUDED, *extra, *conventions, ONCE),
    )


# ------------------------------------------------------------------ Annex A List 9

# Extracts whose List 9 has no value at all in a column are taken to come from a template
# without it (the pre-2024 template lacked the personal adviser, pathway plan review and
# latest contact columns), and give no figure rather than 0%.
def _list_9(code: str, title: str, column: str, numerator: str, numerator_words: str,
            conventions: tuple[str, ...]) -> Indicator:
    return Indicator(
        code=code,
        title=title,
        domain=Domain.CARE_LEAVERS,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="care leaver",
        numerator=f"Care leavers on the extract's List 9 {numerator_words}",
        denominator="Care leavers on the extract's List 9 who are relevant, former relevant "
                    "or eligible, other than those who have died",
        period_rule=PeriodRule.EXTRACT,
        sources=("aa_care_leavers",),
        distinct_children=True,
        decimals=0,
        local=True,
        sql=f"""
            SELECT child_id, extract_date AS ref_date, allocated_team AS team,
                   allocated_worker AS worker, {numerator} AS numerator,
                   coalesce(CAST({column} AS VARCHAR), 'not recorded') AS detail
            FROM aa_care_leavers
            WHERE coalesce(upper(trim(la_in_touch)), '') <> 'DIED'
              AND coalesce(lower(eligibility_category) NOT LIKE '%qualifying%', true)
            QUALIFY count({column}) OVER (PARTITION BY extract_date) > 0
        """,
        conventions=(
            "Qualifying care leavers are left out: the duties to keep a pathway plan and to "
            "appoint a personal adviser are to relevant, former relevant and eligible young "
            "people. A row with no eligibility category stays in. Young people recorded as "
            "having died (LA in Touch: Died) are left out.",
            "An extract in which the column is blank for every young person is taken to come "
            "from the pre-2024 template, which did not have it, and gives no figure.",
            *conventions,
            "A young person listed twice in one extract counts once."),
    )


SUITABLE = "coalesce(substr(accom, 2, 1) = '1', false)"
SUITABLE_NOTE = ("Suitable accommodation is an OC3 ACCOM code whose second character is 1 "
                 "(U1, Z1 ...); 2 is unsuitable.")
EET = f"coalesce(activ IN ({EET_CODES}), false)"
EET_NOTE = ("In education, employment or training: ACTIV F1, P1, F2, P2, F4, P4, F5 or P5, "
            "and F3 or P3 in returns before 2021-22 that still use them.")

INDICATORS: tuple[Indicator, ...] = (
    _cohort_indicator(
        "Y01", "Care leavers aged 19 to 21 in suitable accommodation", (19, 21), SUITABLE,
        "whose accommodation was considered suitable", Polarity.HIGH_IS_GOOD,
        BenchmarkRef(lait="CareLeaverAcc", source=f"{ACCOMMODATION_FILE} (19 to 21 years)"),
        (SUITABLE_NOTE,), accommodation=True),
    _cohort_indicator(
        "Y02", "Care leavers aged 17 to 18 in suitable accommodation", (17, 18), SUITABLE,
        "whose accommodation was considered suitable", Polarity.HIGH_IS_GOOD,
        BenchmarkRef(source=f"{ACCOMMODATION_FILE} (17 to 18 years)"),
        (SUITABLE_NOTE,), accommodation=True),
    _cohort_indicator(
        "Y03", "Care leavers aged 19 to 21 in education, employment or training", (19, 21),
        EET, "in education, employment or training", Polarity.HIGH_IS_GOOD,
        BenchmarkRef(lait="CareLeaverEET",
                     source=f"{ACTIVITY_FILE} (Total in education, employment or training)"),
        (EET_NOTE,)),
    _cohort_indicator(
        "Y04", "Care leavers aged 17 to 18 in education, employment or training", (17, 18),
        EET, "in education, employment or training", Polarity.HIGH_IS_GOOD,
        BenchmarkRef(source=f"{ACTIVITY_FILE} (17 to 18 years)"),
        (EET_NOTE,)),
    _cohort_indicator(
        "Y05", "Care leavers aged 19 to 21 not in education, employment or training",
        (19, 21), "coalesce(activ IN ('G4', 'G5', 'G6'), false)",
        "not in education, employment or training (because of illness or disability, "
        "pregnancy or parenting, or other reasons)", Polarity.LOW_IS_GOOD,
        BenchmarkRef(lait="CareLeaversNEET", source=ACTIVITY_FILE),
        ("Not in education, employment or training: ACTIV G4, G5 or G6. Young people whose "
         "activity is not known are in neither this nor Y03.",)),
    _cohort_indicator(
        "Y06", "Care leavers aged 19 to 21 the authority is not in touch with", (19, 21),
        "in_touch = 'NO' AND coalesce(activ, '0') = '0'",
        "the authority was not in touch with and whose activity is not known",
        Polarity.LOW_IS_GOOD,
        BenchmarkRef(lait="CareLeavers_LA_NotInTouch", source=ACTIVITY_FILE),
        ("Not in touch: IN_TOUCH NO with no activity recorded (ACTIV blank or 0). A young "
         "person the authority is not in touch with but whose activity it knows from "
         "someone else counts under that activity, as DfE does.",
         "Young people who refuse contact (REFU) or no longer need services (NREQ) are not "
         "counted as not in touch; DfE shows them separately.")),
    _cohort_indicator(
        "Y07", "Care leavers aged 19 to 21 in higher education", (19, 21),
        "coalesce(activ IN ('F1', 'P1'), false)",
        "in higher education (studies beyond A level), full or part time",
        Polarity.HIGH_IS_GOOD,
        BenchmarkRef(lait="LAC_19_HE", source=ACTIVITY_FILE),
        ("Higher education: ACTIV F1 (full time) or P1 (part time).",)),
    Indicator(
        code="Y08",
        title="Care leavers aged 19 to 20 who left foster care at 18 and are staying put "
              "with their former foster carers",
        domain=Domain.CARE_LEAVERS,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="care leaver",
        numerator="Care leavers aged 19 or 20 in the year who left care from a foster "
                  "placement at 18 and live with their former foster carers (ACCOM Z)",
        denominator="Care leavers aged 19 or 20 in the year who left care from a foster "
                    "placement at 18",
        period_rule=PeriodRule.EVENTS,
        sources=("cla_oc3", "cla_episodes"),
        period_types=YEAR_ONLY,
        lookback_months=24,
        distinct_children=True,
        decimals=0,
        sql=f"""
            {LEAVERS}
            SELECT l.child_id, l.birthday AS ref_date,
                   coalesce(left(l.accom, 1) = 'Z', false) AS numerator,
                   'aged ' || l.age || ': ACCOM ' || coalesce(l.accom, '-') AS detail
            FROM leavers l
            WHERE l.age IN (19, 20) AND EXISTS (
                SELECT 1 FROM cla_episodes e
                WHERE e.child_id = l.child_id AND e.place IN ({FOSTER})
                  AND e.ls NOT IN ('V3', 'V4') AND e.rec IS NOT NULL AND e.rec <> 'X1'
                  AND (age_on(l.dob, e.dec) >= 18 OR e.rec = 'E17'))
        """,
        benchmark=BenchmarkRef(lait="StayingPut",
                               source="DfE Children looked after in England, care leavers "
                                      "staying put (aged 19 and 20)"),
        conventions=(
            COHORT, EXCLUDED,
            "Clearsight's approximation of DfE's cohort, from the episodes: a young person "
            "left care from a foster placement at 18 when an episode in a foster placement "
            "(U1 to U6, not a short break V3/V4) ended their care (a reason other than X1) "
            "on or after their 18th birthday (born 29 February: 1 March in other years), or "
            "ended it with reason E17 (aged 18 and stayed with their carers) whatever the "
            "date recorded.",
            "Staying put: OC3 ACCOM with the letter Z (with former foster carers), suitable "
            "or not.",
            "Ages 19 and 20 only (DfE also publishes age 18, which is not included). Needs "
            "the SSDA903 returns of the two years before the year, which hold the episodes "
            "that ended at 18.",
            ONCE),
    ),
    # Annex A List 9 (local measures)
    _list_9("Y09", "Care leavers whose pathway plan was reviewed in the last 6 months",
            "pathway_plan_review_date",
            "pathway_plan_review_date BETWEEN months_after(extract_date, -6) AND extract_date",
            "whose latest pathway plan review was in the 6 months up to the extract date",
            ("In the last 6 months: on or after the same date 6 months before the extract "
             "(30 September for an extract of 31 March) and not after the extract date; a "
             "review date after the extract is not counted.",)),
    _list_9("Y10a", "Care leavers with an allocated personal adviser",
            "allocated_personal_advisor",
            "coalesce(trim(allocated_personal_advisor) <> '', false)",
            "with a personal adviser named", ()),
    _list_9("Y10b", "Care leavers in contact in the last 8 weeks", "latest_contact_date",
            "latest_contact_date BETWEEN extract_date - 56 AND extract_date",
            "whose latest contact was in the 8 weeks up to the extract date",
            ("In the last 8 weeks: on or after the day 56 days before the extract (3 February "
             "for an extract of 31 March) and not after the extract date.",)),
)
