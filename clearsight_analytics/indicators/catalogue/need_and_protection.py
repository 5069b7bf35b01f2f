"""Children in need and child protection (data-standards.md section 4.2).

A note on reading more than one CIN census. The model (model.py) takes an episode's section 47
enquiries, plans and reviews from the latest census holding the episode. DfE's census rules keep
an enquiry whose conference was held in an earlier year (rule 8715) and a plan that ended in an
earlier year (rule 8930) out of the later census, so for an episode still open the model loses
them from the earlier year as soon as the later census is loaded. Until the model keeps them,
the indicators below that count enquiries, conferences, plans or reviews read every census's
rows themselves (the `enquiries`, `conferences`, `plans` and `plan_reviews` steps), each
enquiry, plan and review once, from the latest census holding it. C10 is left as it was.
"""

from clearsight_analytics.indicators.definition import (
    BenchmarkRef,
    Domain,
    Indicator,
    Kind,
    PeriodRule,
    Polarity,
)

CIN_PUBLICATION = "DfE Characteristics of children in need"

WORKING_DAYS = ("Working days are Monday to Friday except bank holidays in England and Wales. "
                "The day the clock starts is day 0, so something done on the next working day "
                "took 1 working day.")
EPISODES = ("An episode of need is one CIN census episode (CINdetails), identified by the child "
            "and the referral date; a child with two episodes counts twice, as in DfE's episode "
            "counts. Referrals that led to no further action (ReferralNFA) are not episodes of "
            "need and are left out.")
OPEN_EPISODE = ("An episode is open on a date when its referral date is on or before it and it "
                "has no closure date or closes after it: an episode closed on the last day of the "
                "period is not open that day.")
EVERY_CENSUS = ("Enquiries, conferences and plans are read from every CIN census loaded, each "
                "once, from the latest census holding it, so an enquiry or plan from an earlier "
                "year of an episode that is still open is not lost (see the module notes).")
PER_PLAN = "Counted per plan: a child with two plans in the period counts twice."
OPEN_PLAN = ("A plan is open on a date when it started on or before it and has no end date or "
             "ends after it: a plan that ended on the last day of the period is not open that "
             "day.")

# Every census's section 47 enquiries, each once (by child and start date), latest census first.
ENQUIRIES = """enquiries AS (
        SELECT s.la_child_id AS child_id, d.cin_referral_date AS referral_date,
               s.s47_actual_start_date AS started, s.date_of_initial_cpc AS icpc_date,
               coalesce(s.icpc_not_required, false) AS icpc_not_required
        FROM raw_cin_section47 s
        JOIN raw_cin_cin_details d ON d.census_year = s.census_year
         AND d.child_index = s.child_index AND d.cin_details_id = s.cin_details_id
        QUALIFY row_number() OVER (PARTITION BY s.la_child_id, s.s47_actual_start_date
                                   ORDER BY s.census_year DESC) = 1
    )"""

# Initial conferences: each section 47 enquiry's conference date, and the episode's own
# DateOfInitialCPC where the episode has no section 47 enquiry at all (a transfer-in
# conference). A child's conference on one date counts once (UNION removes repeats).
CONFERENCES = ENQUIRIES + """,
    conferences AS (
        SELECT child_id, icpc_date FROM enquiries WHERE icpc_date IS NOT NULL
        UNION
        SELECT d.la_child_id, d.date_of_initial_cpc FROM raw_cin_cin_details d
        WHERE d.date_of_initial_cpc IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM enquiries e WHERE e.child_id = d.la_child_id
                                                      AND e.referral_date = d.cin_referral_date)
    )"""

# Every census's child protection plans, each once (by child and start date), latest first.
PLANS = """plans AS (
        SELECT la_child_id AS child_id, cpp_start_date AS started, cpp_end_date AS ended,
               initial_category_of_abuse AS initial_category,
               number_of_previous_cpp AS previous_plans
        FROM raw_cin_child_protection_plans
        QUALIFY row_number() OVER (PARTITION BY la_child_id, cpp_start_date
                                   ORDER BY census_year DESC) = 1
    )"""

# Every review date held for a plan in any census, once.
PLAN_REVIEWS = """plan_reviews AS (
        SELECT DISTINCT p.la_child_id AS child_id, p.cpp_start_date AS plan_started,
               r.cpp_review_date AS review_date
        FROM raw_cin_reviews r
        JOIN raw_cin_child_protection_plans p ON p.census_year = r.census_year
         AND p.child_index = r.child_index AND p.cin_details_id = r.cin_details_id
         AND p.cpp_id = r.cpp_id
    )"""

# Annex A List 7: the plans open on the date of the extract.
OPEN_AT_EXTRACT = """cpp_start_date <= extract_date
          AND (cpp_end_date IS NULL OR cpp_end_date > extract_date)"""

VISIT_WORKING_DAYS = 10

CATEGORIES = (  # code suffix, CIN census code, words
    ("a", "NEG", "neglect"),
    ("b", "PHY", "physical abuse"),
    ("c", "SAB", "sexual abuse"),
    ("d", "EMO", "emotional abuse"),
    ("e", "MUL", "multiple categories"),
)


def _category_share(suffix: str, code: str, words: str) -> Indicator:
    return Indicator(
        code=f"C18{suffix}",
        title=f"Child protection plans starting under the initial category of {words}",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="plan",
        numerator=f"Child protection plans starting in the period whose initial category of "
                  f"abuse is {words} ({code})",
        denominator="Child protection plans starting in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_cpps",),
        sql=f"""
            WITH {PLANS}
            SELECT child_id, started AS ref_date, initial_category = '{code}' AS numerator,
                   initial_category AS detail
            FROM plans
        """,
        benchmark=BenchmarkRef(source=f"{CIN_PUBLICATION}: child protection plans starting "
                                      "in the year by initial category of abuse"),
        conventions=(PER_PLAN, EVERY_CENSUS,
                     "The category is the initial category recorded when the plan started "
                     "(InitialCategoryOfAbuse), not the latest. A plan with no category "
                     "recorded counts in the denominator only.",
                     "The five C18 shares (C18a to C18e) add up to 100% when every plan has a "
                     "category."),
    )


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="C01",
        title="Children in need per 10,000 children",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="episode of need",
        numerator="Episodes of need open on the last day of the period (children on child in "
                  "need plans, child protection plans, looked after, care leavers and others), "
                  "leaving out referrals that led to no further action",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cin_referrals",),
        sql="""
            SELECT r.child_id, s.at AS ref_date, TRUE AS numerator
            FROM cin_referrals r JOIN snapshots s
              ON r.referral_date <= s.at AND (r.closure_date IS NULL OR r.closure_date > s.at)
            WHERE NOT r.nfa
        """,
        benchmark=BenchmarkRef(lait="CIN", source=f"{CIN_PUBLICATION}, table B1, "
                                                  "At31_episodes"),
        conventions=(EPISODES, OPEN_EPISODE),
    ),
    Indicator(
        code="C02a",
        title="Episodes of need starting per 10,000 children",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="episode of need",
        numerator="Episodes of need whose referral date is in the period, leaving out "
                  "referrals that led to no further action",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_referrals",),
        sql="""
            SELECT child_id, referral_date AS ref_date, TRUE AS numerator
            FROM cin_referrals WHERE NOT nfa
        """,
        benchmark=BenchmarkRef(source=f"{CIN_PUBLICATION}, table B1, Started_episodes"),
        conventions=(EPISODES,),
    ),
    Indicator(
        code="C02b",
        title="Episodes of need ending per 10,000 children",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="episode of need",
        numerator="Episodes of need whose closure date is in the period, leaving out "
                  "referrals that led to no further action",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_referrals",),
        sql="""
            SELECT child_id, closure_date AS ref_date, TRUE AS numerator
            FROM cin_referrals WHERE closure_date IS NOT NULL AND NOT nfa
        """,
        benchmark=BenchmarkRef(source=f"{CIN_PUBLICATION}, table B1, Ended_episodes"),
        conventions=(EPISODES,),
    ),
    Indicator(
        code="C03",
        title="Episodes of need ending that had lasted two years or more",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="episode of need",
        numerator="Episodes of need closed in the period that had lasted two years or more "
                  "from the referral date to the closure date",
        denominator="Episodes of need closed in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_referrals",),
        sql="""
            SELECT child_id, closure_date AS ref_date,
                   closure_date >= months_after(referral_date, 24) AS numerator,
                   CAST(datediff('day', referral_date, closure_date) AS VARCHAR) || ' days'
                       AS detail
            FROM cin_referrals WHERE closure_date IS NOT NULL AND NOT nfa
        """,
        benchmark=BenchmarkRef(lait="CINCease2more",
                               source=f"{CIN_PUBLICATION}, table B5 (duration of episodes "
                                      "ending in the year), 2 years or more"),
        conventions=(EPISODES,
                     "Two years or more: the closure date is on or after the same date two "
                     "years after the referral (a referral on 29 February reaches two years on "
                     "28 February), as DfE takes the duration from referral to closure.",),
    ),
    Indicator(
        code="C04",
        title="Children in need whose primary need is abuse or neglect",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="episode of need",
        numerator="Episodes of need open on the last day of the period whose primary need is "
                  "abuse or neglect (N1)",
        denominator="Episodes of need open on the last day of the period",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cin_referrals",),
        sql="""
            SELECT r.child_id, s.at AS ref_date, r.primary_need = 'N1' AS numerator,
                   r.primary_need AS detail
            FROM cin_referrals r JOIN snapshots s
              ON r.referral_date <= s.at AND (r.closure_date IS NULL OR r.closure_date > s.at)
            WHERE NOT r.nfa
        """,
        benchmark=BenchmarkRef(source=f"{CIN_PUBLICATION}, children in need at 31 March by "
                                      "primary need (B-series tables)"),
        conventions=(EPISODES, OPEN_EPISODE,
                     "An episode with no primary need recorded counts in the denominator only, "
                     "as 'not stated' (N0) does."),
    ),
    Indicator(
        code="C05",
        title="Section 47 enquiries per 10,000 children",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="section 47 enquiry",
        numerator="Section 47 enquiries started in the period, each enquiry counted",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_s47",),
        sql=f"""
            WITH {ENQUIRIES}
            SELECT child_id, started AS ref_date, TRUE AS numerator FROM enquiries
        """,
        benchmark=BenchmarkRef(lait="Section_47", source=f"{CIN_PUBLICATION}; LAIT"),
        conventions=("Placed by the enquiry's actual start date (S47ActualStartDate); a child "
                     "with two enquiries counts twice.", EVERY_CENSUS),
    ),
    Indicator(
        code="C06",
        title="Initial child protection conferences per 10,000 children",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="initial child protection conference",
        numerator="Initial child protection conferences held in the period, including "
                  "transfer-in conferences",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_s47", "cin_referrals"),
        sql=f"""
            WITH {CONFERENCES}
            SELECT child_id, icpc_date AS ref_date, TRUE AS numerator FROM conferences
        """,
        benchmark=BenchmarkRef(lait="ISCP_Conf", source=f"{CIN_PUBLICATION}; LAIT"),
        conventions=(
            "A conference is the DateOfInitialCPC of a section 47 enquiry, or the "
            "DateOfInitialCPC of the episode itself when the episode has no section 47 "
            "enquiry (a transfer-in conference, held after another authority's enquiry). "
            "When the episode has an enquiry, only the enquiry's date is used, so a date "
            "recorded in both places is not counted twice.",
            "A child's conference on one date counts once.",
            EVERY_CENSUS,
        ),
    ),
    Indicator(
        code="C07",
        title="Section 47 enquiries that led to an initial child protection conference",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="section 47 enquiry",
        numerator="Section 47 enquiries started in the period that led to an initial child "
                  "protection conference",
        denominator="Section 47 enquiries started in the period, leaving out those with no "
                    "outcome yet that were under 15 working days old at the end of the period",
        period_rule=PeriodRule.PERIOD,
        sources=("cin_s47",),
        sql=f"""
            WITH {ENQUIRIES}
            SELECT e.child_id, p.period_id, e.started AS ref_date,
                   e.icpc_date IS NOT NULL AND NOT e.icpc_not_required AS numerator,
                   e.icpc_date IS NOT NULL OR e.icpc_not_required
                       OR wd(e.started, p."end") >= 15 AS denominator
            FROM enquiries e JOIN periods p ON e.started BETWEEN p.start AND p."end"
        """,
        conventions=(
            "Led to a conference: the enquiry has a conference date (DateOfInitialCPC) and is "
            "not marked ICPCnotRequired.",
            "An enquiry with neither a conference date nor ICPCnotRequired is still open. It "
            "is left out while fewer than 15 working days have passed from its start to the "
            "last day of the period (its conference may yet be held in time), and counts as "
            "not leading to a conference once 15 have passed. So a month's figure can leave "
            "out an enquiry that the year's figure counts.",
            WORKING_DAYS, EVERY_CENSUS,
        ),
        local=True,
    ),
    Indicator(
        code="C08",
        title="Initial child protection conferences held within 15 working days of the start "
              "of the section 47 enquiry",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="initial child protection conference",
        numerator="Initial child protection conferences held in the period within 15 working "
                  "days of the start of the section 47 enquiry that led to them",
        denominator="Initial child protection conferences held in the period after a section "
                    "47 enquiry",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_s47",),
        sql=f"""
            WITH {ENQUIRIES}
            SELECT child_id, icpc_date AS ref_date, wd(started, icpc_date) <= 15 AS numerator,
                   CAST(wd(started, icpc_date) AS VARCHAR) || ' working days' AS detail
            FROM enquiries WHERE icpc_date IS NOT NULL
        """,
        benchmark=BenchmarkRef(lait="CP_conf_15days",
                               source=f"{CIN_PUBLICATION}: ICPCs held within 15 days of the "
                                      "start of the section 47 enquiries which led to a "
                                      "conference; LAIT"),
        conventions=(
            WORKING_DAYS,
            "Measured from the enquiry's actual start date (S47ActualStartDate, the strategy "
            "discussion that began it) to the conference date; 15 working days or fewer is in "
            "time.",
            "Transfer-in conferences have no enquiry here to measure from and are left out.",
            EVERY_CENSUS,
        ),
    ),
    Indicator(
        code="C09",
        title="Initial child protection conferences that resulted in a child protection plan",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="initial child protection conference",
        numerator="Initial child protection conferences held in the period after which the "
                  "child's plan started on the day of the conference",
        denominator="Initial child protection conferences held in the period, including "
                    "transfer-in conferences",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_s47", "cin_referrals", "cin_cpps"),
        sql=f"""
            WITH {CONFERENCES}, {PLANS}
            SELECT c.child_id, c.icpc_date AS ref_date,
                   EXISTS (SELECT 1 FROM plans p WHERE p.child_id = c.child_id
                                                   AND p.started = c.icpc_date) AS numerator
            FROM conferences c
        """,
        conventions=(
            "The conferences are those of C06 (after a section 47 enquiry, or transfer-in).",
            "Resulted in a plan: the child has a child protection plan starting on the same "
            "date as the conference (a plan starts on the day the conference decides it).",
            EVERY_CENSUS,
        ),
        local=True,
    ),
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
        conventions=("A plan that ended on the snapshot date is not counted as open that day.",
                     "Each child counts once, however many plans are recorded as open."),
    ),
    Indicator(
        code="C11",
        title="Child protection plans starting per 10,000 children",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="plan",
        numerator="Child protection plans starting in the period",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_cpps",),
        sql=f"""
            WITH {PLANS}
            SELECT child_id, started AS ref_date, TRUE AS numerator FROM plans
        """,
        benchmark=BenchmarkRef(lait="CPP_Abuse_Rate",
                               source=f"{CIN_PUBLICATION}: child protection plans starting "
                                      "during the year, rate; LAIT"),
        conventions=(PER_PLAN, EVERY_CENSUS),
    ),
    Indicator(
        code="C12",
        title="Child protection plans ending per 10,000 children",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="plan",
        numerator="Child protection plans ending in the period",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_cpps",),
        sql=f"""
            WITH {PLANS}
            SELECT child_id, ended AS ref_date, TRUE AS numerator
            FROM plans WHERE ended IS NOT NULL
        """,
        benchmark=BenchmarkRef(lait="DeRegCPR",
                               source=f"{CIN_PUBLICATION}: child protection plans ceasing "
                                      "during the year, rate; LAIT"),
        conventions=(PER_PLAN, EVERY_CENSUS),
    ),
    Indicator(
        code="C13",
        title="Child protection plans starting that are a second or later plan",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.LOW_IS_GOOD,
        unit="plan",
        numerator="Child protection plans starting in the period for a child who had been on "
                  "a plan before, however long ago",
        denominator="Child protection plans starting in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_cpps",),
        sql=f"""
            WITH {PLANS}
            SELECT child_id, started AS ref_date, coalesce(previous_plans > 0, false)
                       AS numerator,
                   CAST(previous_plans AS VARCHAR) || ' previous plans' AS detail
            FROM plans
        """,
        benchmark=BenchmarkRef(lait="PrevRegCPR",
                               source=f"{CIN_PUBLICATION}, table D3, CPP_subsequent_percent"),
        conventions=(
            PER_PLAN,
            "A second or later plan: the census's NumberOfPreviousCPP is more than 0, which "
            "counts plans in this or any other authority, ever. A plan with the number left "
            "blank counts in the denominator only.",
            EVERY_CENSUS,
        ),
    ),
    Indicator(
        code="C14",
        title="Child protection plans starting within two years of a previous plan ending",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.LOW_IS_GOOD,
        unit="plan",
        numerator="Child protection plans starting in the period for a child whose previous "
                  "plan ended in the two years before the new plan started",
        denominator="Child protection plans starting in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_cpps",),
        lookback_months=24,
        sql=f"""
            WITH {PLANS}
            SELECT p.child_id, p.started AS ref_date,
                   EXISTS (SELECT 1 FROM plans earlier
                           WHERE earlier.child_id = p.child_id
                             AND earlier.started < p.started
                             AND earlier.ended <= p.started
                             AND earlier.ended >= months_after(p.started, -24)) AS numerator
            FROM plans p
        """,
        conventions=(
            PER_PLAN,
            "Within two years: an earlier plan of the same child ended on or after the same "
            "date two years before the new plan started, and no later than the day it started "
            "(a plan starting on 29 February looks back to 28 February).",
            "Only plans in the CIN census returns loaded are seen: a plan in another "
            "authority is not. The two years before the period must be loaded, so the first "
            "two years of data have no value.",
            EVERY_CENSUS,
        ),
        local=True,
    ),
    Indicator(
        code="C15",
        title="Child protection plans open at the end of the period that had lasted two years "
              "or more",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.LOW_IS_GOOD,
        unit="plan",
        numerator="Child protection plans open on the last day of the period that had by then "
                  "lasted more than 729 days, counting both the start day and that day",
        denominator="Child protection plans open on the last day of the period",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cin_cpps",),
        sql=f"""
            WITH {PLANS}
            SELECT p.child_id, s.at AS ref_date,
                   datediff('day', p.started, s.at) + 1 > 729 AS numerator,
                   CAST(datediff('day', p.started, s.at) + 1 AS VARCHAR) || ' days' AS detail
            FROM plans p JOIN snapshots s
              ON p.started <= s.at AND (p.ended IS NULL OR p.ended > s.at)
        """,
        benchmark=BenchmarkRef(lait="CPPlans2yrsActive",
                               source=f"{CIN_PUBLICATION}, table D5, 2_years_or_more_percent"),
        conventions=(
            OPEN_PLAN, PER_PLAN,
            "Two years or more is measured as DfE measures plans ending (C16): more than 729 "
            "days, counting both the start day and the last day of the period.",
            EVERY_CENSUS,
        ),
    ),
    Indicator(
        code="C16",
        title="Child protection plans ending that had lasted two years or more",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.LOW_IS_GOOD,
        unit="plan",
        numerator="Child protection plans ending in the period that had lasted more than 729 "
                  "days, counting both the start day and the day the plan ended",
        denominator="Child protection plans ending in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_cpps",),
        sql=f"""
            WITH {PLANS}
            SELECT child_id, ended AS ref_date,
                   datediff('day', started, ended) + 1 > 729 AS numerator,
                   CAST(datediff('day', started, ended) + 1 AS VARCHAR) || ' days' AS detail
            FROM plans WHERE ended IS NOT NULL
        """,
        benchmark=BenchmarkRef(lait="CPPlans2yrs",
                               source=f"{CIN_PUBLICATION}: plans ceasing in the year that had "
                                      "lasted two years or more; LAIT"),
        conventions=(
            PER_PLAN,
            "DfE's rule: the plan lasted more than 729 days including the day it ended, so a "
            "plan running from 1 June 2023 to 30 May 2025 (730 days counting both ends) "
            "counts, and one ending on 29 May 2025 (729 days) does not.",
            EVERY_CENSUS,
        ),
    ),
    Indicator(
        code="C17",
        title="Children on a child protection plan whose reviews were all on time",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="child",
        numerator="Children on a plan on the last day of the period, on it for at least three "
                  "months, whose first review was within three months of the plan starting, "
                  "each later review within six months of the one before, and whose next "
                  "review was not overdue on that day",
        denominator="Children on a plan on the last day of the period who had been on it for "
                    "at least three months",
        period_rule=PeriodRule.SNAPSHOT,
        sources=("cin_cpps", "cin_cpp_reviews"),
        distinct_children=True,
        sql=f"""
            WITH {PLANS}, {PLAN_REVIEWS},
            open_plans AS (  -- open on the snapshot date, first review already due
                SELECT p.child_id, p.started, s.at AS on_day
                FROM plans p JOIN snapshots s
                  ON p.started <= s.at AND (p.ended IS NULL OR p.ended > s.at)
                WHERE months_after(p.started, 3) <= s.at
            ),
            steps AS (  -- each review held, then the snapshot date, after the one before
                SELECT o.child_id, o.started, o.on_day, r.review_date AS day
                FROM open_plans o JOIN plan_reviews r
                  ON r.child_id = o.child_id AND r.plan_started = o.started
                 AND r.review_date BETWEEN o.started AND o.on_day
                UNION ALL
                SELECT child_id, started, on_day, on_day FROM open_plans
            ),
            timed AS (
                SELECT *, lag(day) OVER (PARTITION BY child_id, started, on_day ORDER BY day)
                              AS review_before
                FROM steps
            )
            SELECT child_id, on_day AS ref_date,
                   bool_and(day <= CASE WHEN review_before IS NULL
                                        THEN months_after(started, 3)
                                        ELSE months_after(review_before, 6) END) AS numerator
            FROM timed GROUP BY child_id, started, on_day
        """,
        benchmark=BenchmarkRef(lait="RevCP",
                               source=f"{CIN_PUBLICATION}: child protection cases reviewed "
                                      "within required timescales (former PAF C20); LAIT"),
        conventions=(
            "Months are calendar months: a review due 'within three months' of a date is on "
            "time up to and including the same day number three months later, or that "
            "month's last day when it has no such day. So a plan starting on 30 November 2023 "
            "had its first review due by 29 February 2024; one starting on 30 November 2024 by "
            "28 February 2025; a review held on 29 February 2024 made the next one due by 29 "
            "August 2024.",
            "On the plan for at least three months: the first review's due date (three months "
            "after the start) is on or before the last day of the period.",
            "Every review from the start of the plan to the last day of the period is checked, "
            "and on that last day the next review must not be overdue (one due that very day "
            "is not yet late). Reviews after the period are not looked at.",
            "Reviews are read from every CIN census loaded. A plan that started before the "
            "earliest census loaded may lack its early reviews and so look late: load the "
            "census of the year such plans started.",
            "Each child counts once, on the plans open on the last day of the period.",
            OPEN_PLAN,
        ),
    ),
    *(_category_share(suffix, code, words) for suffix, code, words in CATEGORIES),
    Indicator(
        code="C19a",
        title=f"Children on a child protection plan visited in the last {VISIT_WORKING_DAYS} "
              "working days",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="child",
        numerator=f"Children on a plan on the date of the Annex A extract whose last statutory "
                  f"visit was no more than {VISIT_WORKING_DAYS} working days before that date",
        denominator="Children on a child protection plan on the date of the Annex A extract",
        period_rule=PeriodRule.EXTRACT,
        sources=("aa_cp",),
        distinct_children=True,
        sql=f"""
            SELECT child_id, extract_date AS ref_date, allocated_team AS team,
                   allocated_worker AS worker,
                   coalesce(wd(last_statutory_visit_date, extract_date)
                            BETWEEN 0 AND {VISIT_WORKING_DAYS}, false) AS numerator,
                   CAST(wd(last_statutory_visit_date, extract_date) AS VARCHAR)
                       || ' working days since the last visit' AS detail
            FROM aa_cp
            WHERE {OPEN_AT_EXTRACT}
        """,
        conventions=(
            f"The standard is a statutory visit at least every {VISIT_WORKING_DAYS} working "
            "days (a common local policy; there is no national figure). In time: the extract "
            f"date is no more than {VISIT_WORKING_DAYS} working days after the last visit.",
            WORKING_DAYS,
            "A child with no visit recorded, or a visit dated after the extract, is not in "
            "time.",
            "The children are Annex A List 7 rows whose plan is open on the extract date "
            "(started by then, no end date or ending after it); each child counts once.",
        ),
        local=True,
    ),
    Indicator(
        code="C19b",
        title="Children on a child protection plan seen alone at their last visit",
        domain=Domain.NEED_AND_PROTECTION,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="child",
        numerator="Children on a plan on the date of the Annex A extract who were seen alone "
                  "at their last statutory visit",
        denominator="Children born by the date of the Annex A extract and on a child "
                    "protection plan that day",
        period_rule=PeriodRule.EXTRACT,
        sources=("aa_cp",),
        distinct_children=True,
        sql=f"""
            SELECT child_id, extract_date AS ref_date, allocated_team AS team,
                   allocated_worker AS worker, yes(seen_alone) AS numerator
            FROM aa_cp
            WHERE {OPEN_AT_EXTRACT}
              AND (date_of_birth IS NULL OR date_of_birth <= extract_date)
        """,
        conventions=(
            "Seen alone: List 7's 'Was the Child Seen Alone?' is yes; blank or no is not.",
            "Unborn children (date of birth after the extract date) cannot be seen alone and "
            "are left out.",
            "The children are Annex A List 7 rows whose plan is open on the extract date; "
            "each child counts once.",
        ),
        local=True,
    ),
)

# Not declared, because the returns cannot express them:
# - C20 (average caseload per case-holding social worker) and C21 (social worker turnover,
#   vacancy and agency rates) need the Children's Social Work Workforce census, which
#   Clearsight does not load.
