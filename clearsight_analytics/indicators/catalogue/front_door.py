"""Front door: contacts, referrals and assessments (data-standards.md section 4.1).

Referral and assessment measures come from the CIN census, as DfE publishes them. Contacts,
early help and the Annex A questions the census does not ask (was the child seen, did the
assessment conclude the child needs support) come from Ofsted's Annex A lists.

Annex A lists cover six months. Nothing here doubles a six-month count to make a yearly
figure: the engine places each event in its month, shows only periods the loaded extracts
cover completely, and annualises rates of months and quarters itself (x12, x4). A year's figure
appears once two extracts cover the whole year between them.
"""

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
ANNEX_A_RATE = ("Annex A lists cover the six months before the extract. The count is not "
                "doubled: each event is placed in its month, only months, quarters and years "
                "the loaded extracts cover completely are shown, and the rate for a month or a "
                "quarter is annualised (x12 or x4) like every other rate. A year appears once "
                "two extracts cover it between them.")
ANNEX_A_ROWS = ("Each event is kept once however many extracts list it, from the latest "
                "extract holding it.")
CHILD_IN_NEED = "DfE Characteristics of children in need"
REFERRAL_IS_EPISODE = ("A referral is one CIN census episode of need (CINdetails), identified "
                       "by the child and the referral date; every referral counts, including "
                       "those that led to no further action.")
REFERRAL_DAYS = 30  # F02: a contact "led to" a referral made within this many days of it


# ------------------------------------------------------------------ referral sources (F07)

# Groups of CIN census ReferralSource codes (data-standards.md section 3.4), in the order shown.
# The last group, "other", is every code not in the first five, so the six add up to 100%.
_SOURCE_GROUPS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("F07a", "police", "the police (6)", ("6",)),
    ("F07b", "schools and education services",
     "schools (2A) or education services (2B)", ("2A", "2B")),
    ("F07c", "health services",
     "health services: GP, health visitor, school nurse, other primary health, A&E or other "
     "health (3A to 3F)", ("3A", "3B", "3C", "3D", "3E", "3F")),
    ("F07d", "local authority services",
     "local authority services: social care, other internal services, another authority's "
     "services or early help (5A to 5D)", ("5A", "5B", "5C", "5D")),
    ("F07e", "individuals",
     "individuals: family, relatives or carers, acquaintances, the child themself or others "
     "(1A to 1D)", ("1A", "1B", "1C", "1D")),
)
_GROUPED = tuple(code for *_, codes in _SOURCE_GROUPS for code in codes)


def _quoted(codes: tuple[str, ...]) -> str:
    return ", ".join(f"'{code}'" for code in codes)


def _source_share(code: str, group: str, words: str, condition: str) -> Indicator:
    return Indicator(
        code=code,
        title=f"Referrals from {group}",
        domain=Domain.FRONT_DOOR,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="referral",
        numerator=f"Referrals received in the period from {words}",
        denominator="Referrals received in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_referrals",),
        sql=f"""
            SELECT child_id, referral_date AS ref_date, TRUE AS denominator,
                   coalesce({condition}, FALSE) AS numerator, 'Source ' || source AS detail
            FROM cin_referrals
        """,
        benchmark=BenchmarkRef(
            source=f"{CHILD_IN_NEED}: referrals by source of referral; LAIT RefBySource_*_% "
                   "(the LAIT code of each group was not confirmed)"),
        conventions=(
            REFERRAL_IS_EPISODE,
            "Sources are grouped as police (6); schools and education services (2A, 2B); "
            "health services (3A to 3F); local authority services (5A to 5D, early help "
            "included); individuals (1A to 1D); and other (housing 4, other legal agency 7, "
            "other 8, anonymous 9, unknown 10, or no source recorded). The six groups add up "
            "to 100%.",
            "DfE publishes more groups than these (housing, other legal agency, anonymous and "
            "unknown on their own); compare like with like.",
        ),
    )


_SOURCE_SHARES = (
    *(_source_share(code, group, words, f"source IN ({_quoted(codes)})")
      for code, group, words, codes in _SOURCE_GROUPS),
    _source_share("F07f", "other sources",
                  "any other source: housing (4), other legal agency (7), other (8), "
                  "anonymous (9), unknown (10) or none recorded",
                  f"source IS NULL OR source NOT IN ({_quoted(_GROUPED)})"),
)


# ------------------------------------------------------------------ assessment factors (F13)

# (code, factor in words, CIN census AssessmentFactors codes, DfE table C3 columns)
_FACTORS: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("F13a", "domestic abuse", ("3A", "3B", "3C"),
     "Domestic_Abuse_child, Domestic_Abuse_parent and Domestic_Abuse_person"),
    ("F13b", "neglect", ("16A",), "Neglect"),
    ("F13c", "mental health", ("4A", "4B", "4C"),
     "Mental_Health_child, Mental_Health_parent and Mental_Health_person"),
    ("F13d", "child criminal exploitation", ("24A",), "Child_criminal_exploitation"),
    ("F13e", "child sexual exploitation", ("11A",), "Child_sexual_exploitation"),
)


def _factor_share(code: str, factor: str, codes: tuple[str, ...], columns: str) -> Indicator:
    several = len(codes) > 1
    return Indicator(
        code=code,
        title=f"Assessments identifying {factor}",
        domain=Domain.FRONT_DOOR,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="episode of need",
        numerator=f"Episodes of need with {factor} ({', '.join(codes)}) identified at the end "
                  "of an assessment authorised in the period",
        denominator="Episodes of need with at least one factor identified at the end of an "
                    "assessment authorised in the period",
        period_rule=PeriodRule.PERIOD,
        sources=("cin_assessments",),
        sql=f"""
            SELECT a.child_id, p.period_id, max(a.authorised) AS ref_date, TRUE AS denominator,
                   bool_or(list_has_any(a.factors, [{_quoted(codes)}])) AS numerator,
                   'Factors ' || array_to_string(
                       list_sort(list_distinct(flatten(list(a.factors)))), ', ') AS detail
            FROM cin_assessments a
            JOIN periods p ON a.authorised BETWEEN p.start AND p."end"
            WHERE len(list_filter(a.factors, lambda f: f <> '21')) > 0
            GROUP BY a.child_id, a.episode_key, p.period_id
        """,
        benchmark=BenchmarkRef(
            source=f"{CHILD_IN_NEED}, table C3 (c3_factors_identified_at_end_of_assessment): "
                   f"{columns} over Episodes_with_assessment_factor"),
        conventions=(
            "Counted per episode of need, as DfE's table C3 is: an episode with two "
            "assessments authorised in the same period counts once, and counts if either "
            "identified the factor.",
            "Shown as a percentage of the episodes with factors recorded rather than per "
            "10,000 children, so that it does not move with the number of assessments.",
            "Episodes whose assessments recorded no factors, or only 21 (no factors "
            "identified), are left out of the denominator. [UNCERTAIN: whether DfE's "
            "Episodes_with_assessment_factor counts code 21.]",
            *((f"An episode counts once whichever of {', '.join(codes)} was recorded, so the "
               f"figure is not the sum of DfE's separate columns ({columns}).",)
              if several else ()),
        ),
    )


_FACTOR_SHARES = tuple(_factor_share(*factor) for factor in _FACTORS)


# ------------------------------------------------------------------ the catalogue

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="F01",
        title="Contacts per 10,000 children",
        domain=Domain.FRONT_DOOR,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="contact",
        numerator="Contacts received in the period, one for each child a contact was about",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("aa_contacts",),
        sql="""
            SELECT child_id, contact_date AS ref_date, TRUE AS numerator,
                   'Source ' || coalesce(contact_source, 'not recorded') AS detail
            FROM aa_contacts
        """,
        conventions=(
            ANNEX_A_RATE,
            "One row of Annex A List 1 is one contact about one child: a contact about "
            "three children counts three times, as Ofsted's list records it.",
            "Two rows for the same child on the same day from the same source are taken to "
            "be one contact listed twice. " + ANNEX_A_ROWS,
        ),
        local=True,
    ),
    Indicator(
        code="F02",
        title=f"Contacts leading to a referral within {REFERRAL_DAYS} days",
        domain=Domain.FRONT_DOOR,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="contact",
        numerator=f"Contacts in the period about a child who was referred on the day of the "
                  f"contact or in the {REFERRAL_DAYS} days after it",
        denominator=f"Contacts in the period whose {REFERRAL_DAYS} days have passed by the "
                    "latest Annex A extract",
        period_rule=PeriodRule.EVENTS,
        sources=("aa_contacts", "aa_referrals"),
        sql=f"""
            SELECT c.child_id, c.contact_date AS ref_date, TRUE AS denominator,
                   EXISTS (SELECT 1 FROM aa_referrals r
                           WHERE r.child_id = c.child_id
                             AND r.referral_date BETWEEN c.contact_date
                                                     AND c.contact_date + {REFERRAL_DAYS})
                       AS numerator
            FROM aa_contacts c
            WHERE c.contact_date + {REFERRAL_DAYS}
                  <= (SELECT max(extract_date) FROM aa_referrals)
        """,
        conventions=(
            f"N is {REFERRAL_DAYS} calendar days: a referral of the same child (Annex A List "
            f"3, matched on Child Unique ID) on the contact's own day (day 0) up to and "
            f"including day {REFERRAL_DAYS} counts. A referral before the contact does not.",
            "A contact counts once however many referrals followed it.",
            f"Contacts less than {REFERRAL_DAYS} days before the latest extract are left out "
            "until a later extract can show whether a referral followed, so the latest month "
            "may have no value yet. This assumes the extracts loaded leave no gap between "
            f"them: a contact in the last {REFERRAL_DAYS} days before a gap is judged on the "
            "referrals that could be seen.",
            ANNEX_A_ROWS,
        ),
        local=True,
    ),
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
                               source=f"{CHILD_IN_NEED}, table C1 (referrals); LAIT"),
        conventions=(REFERRAL_IS_EPISODE,),
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
                               source=f"{CHILD_IN_NEED}, table C1, rereferral_percent"),
        conventions=(
            "Counted per referral, as DfE does (a child can count more than once).",
            "Within 12 months: the earlier referral was on or after the same date a year "
            "before (29 February looks back to 28 February).",
            "Needs 12 months of referrals before the period, so the first year loaded has no "
            "value.",
        ),
    ),
    Indicator(
        code="F05",
        title="Referrals resulting in no further action",
        domain=Domain.FRONT_DOOR,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="referral",
        numerator="Referrals received in the period that led to no further action "
                  "(ReferralNFA is 1)",
        denominator="Referrals received in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_referrals",),
        sql="""
            SELECT child_id, referral_date AS ref_date, TRUE AS denominator, nfa AS numerator
            FROM cin_referrals
        """,
        benchmark=BenchmarkRef(lait="CIN_Refferals_NFA",
                               source=f"{CHILD_IN_NEED}, table C1, no_further_action_percent"),
        conventions=(REFERRAL_IS_EPISODE,
                     "A blank ReferralNFA is read as 0 (further action)."),
    ),
    Indicator(
        code="F06",
        title="Referrals assessed as not in need",
        domain=Domain.FRONT_DOOR,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="referral",
        numerator="Referrals received in the period that were assessed and then closed with "
                  "no further action (RC8) or referred to early help (RC9), with no child in "
                  "need plan, section 47 enquiry or child protection plan",
        denominator="Referrals received in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_referrals", "cin_assessments", "cin_plans", "cin_s47", "cin_cpps"),
        sql="""
            SELECT r.child_id, r.referral_date AS ref_date, TRUE AS denominator,
                   r.closure_reason IN ('RC8', 'RC9')
                   AND EXISTS (SELECT 1 FROM cin_assessments a WHERE a.episode_key = r.episode_key)
                   AND NOT EXISTS (SELECT 1 FROM cin_plans p WHERE p.episode_key = r.episode_key)
                   AND NOT EXISTS (SELECT 1 FROM cin_s47 s WHERE s.episode_key = r.episode_key)
                   AND NOT EXISTS (SELECT 1 FROM cin_cpps c WHERE c.episode_key = r.episode_key)
                       AS numerator,
                   'Closure reason ' || coalesce(r.closure_reason, 'none yet') AS detail
            FROM cin_referrals r
        """,
        benchmark=BenchmarkRef(lait="Referrals_AssessedNotNeed",
                               source=f"{CHILD_IN_NEED}, table C1, not_in_need_percent"),
        conventions=(
            REFERRAL_IS_EPISODE,
            "An assessment recorded on the episode counts whether or not it was authorised; "
            "a closure reason of RC8 or RC9 already says the case closed after assessment.",
            "Placed by the referral date. An episode still open at 31 March counts as not "
            "(yet) assessed as not in need; when the next year's census closes it with RC8 or "
            "RC9 the earlier year's figure rises, as the episode is taken from the latest "
            "census holding it. DfE's published figure is fixed at the first census.",
        ),
    ),
    *_SOURCE_SHARES,
    Indicator(
        code="F08",
        title="Assessments completed per 10,000 children",
        domain=Domain.FRONT_DOOR,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="assessment",
        numerator="Assessments authorised in the period",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_assessments",),
        sql="""
            SELECT child_id, authorised AS ref_date, TRUE AS numerator
            FROM cin_assessments WHERE authorised IS NOT NULL
        """,
        benchmark=BenchmarkRef(source=f"{CHILD_IN_NEED}, assessments completed in the year "
                                      "(LA-level table not seen)"),
        conventions=(
            "Completed means authorised: placed by AssessmentAuthorisationDate. Each "
            "assessment counts, so a child assessed twice counts twice.",
            "An assessment started before 31 March and authorised after it counts in the year "
            "it was authorised, from the next year's census.",
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
                               source=f"{CHILD_IN_NEED}; LAIT"),
        conventions=(WORKING_DAYS,
                     "Measured from the assessment's start date to its authorisation date, as "
                     "DfE's CIN census rules do, not from the referral.",
                     "Within 45 working days includes the 45th working day."),
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
        conventions=(WORKING_DAYS,
                     "The mean; F10m gives the median, which a few very long assessments move "
                     "less."),
        local=True,
    ),
    Indicator(
        code="F10m",
        title="Median length of assessments in working days",
        domain=Domain.FRONT_DOOR,
        kind=Kind.MEDIAN,
        polarity=Polarity.LOW_IS_GOOD,
        unit="assessment",
        numerator="The middle length, in working days from start to authorisation, of the "
                  "assessments authorised in the period",
        denominator="Assessments authorised in the period",
        period_rule=PeriodRule.EVENTS,
        sources=("cin_assessments",),
        sql="""
            SELECT child_id, authorised AS ref_date, wd(started, authorised) AS measure,
                   CAST(wd(started, authorised) AS VARCHAR) || ' working days' AS detail
            FROM cin_assessments WHERE authorised IS NOT NULL
        """,
        conventions=(WORKING_DAYS,
                     "With an even number of assessments the median is halfway between the two "
                     "middle lengths, so it can end in .5."),
        local=True,
    ),
    Indicator(
        code="F11",
        title="Assessments in which the child was seen",
        domain=Domain.FRONT_DOOR,
        kind=Kind.PERCENT,
        polarity=Polarity.HIGH_IS_GOOD,
        unit="assessment",
        numerator="Assessments authorised in the period where Annex A List 4 records that the "
                  "child was seen during the assessment",
        denominator="Assessments authorised in the period (Annex A List 4)",
        period_rule=PeriodRule.EVENTS,
        sources=("aa_assessments",),
        sql="""
            SELECT child_id, assessment_authorised_date AS ref_date, TRUE AS denominator,
                   yes(child_seen) AS numerator, allocated_team AS team,
                   allocated_worker AS worker,
                   'Child seen: ' || coalesce(child_seen, 'not recorded') AS detail
            FROM aa_assessments WHERE assessment_authorised_date IS NOT NULL
        """,
        conventions=(
            "Placed by the date the assessment was authorised; assessments not yet "
            "authorised are left out.",
            "Only Yes counts as seen: No, Unknown or a blank cell counts as not seen.",
            "Team and worker are those List 4 gives for the assessment.",
            ANNEX_A_ROWS,
        ),
        local=True,
    ),
    Indicator(
        code="F12",
        title="Assessments concluding the child needs children's social care support",
        domain=Domain.FRONT_DOOR,
        kind=Kind.PERCENT,
        polarity=Polarity.NEITHER,
        unit="assessment",
        numerator="Assessments authorised in the period where Annex A List 4 records that the "
                  "child was assessed as requiring children's social care support",
        denominator="Assessments authorised in the period (Annex A List 4)",
        period_rule=PeriodRule.EVENTS,
        sources=("aa_assessments",),
        sql="""
            SELECT child_id, assessment_authorised_date AS ref_date, TRUE AS denominator,
                   yes(assessment_outcome_support) AS numerator, allocated_team AS team,
                   allocated_worker AS worker,
                   'Needs support: ' || coalesce(assessment_outcome_support, 'not recorded')
                       AS detail
            FROM aa_assessments WHERE assessment_authorised_date IS NOT NULL
        """,
        conventions=(
            "Placed by the date the assessment was authorised; assessments not yet "
            "authorised are left out.",
            "Only Yes counts: No, Unknown or a blank cell counts as not needing support.",
            "Team and worker are those List 4 gives for the assessment.",
            ANNEX_A_ROWS,
        ),
        local=True,
    ),
    *_FACTOR_SHARES,
    Indicator(
        code="F14",
        title="Early help assessments per 10,000 children",
        domain=Domain.FRONT_DOOR,
        kind=Kind.RATE,
        polarity=Polarity.NEITHER,
        unit="early help assessment",
        numerator="Early help assessments started in the period",
        denominator="Children aged 0 to 17 living in the area, per 10,000",
        period_rule=PeriodRule.EVENTS,
        sources=("aa_early_help",),
        sql="""
            SELECT child_id, assessment_start_date AS ref_date, TRUE AS numerator,
                   assessment_organisation AS detail
            FROM aa_early_help
        """,
        conventions=(
            ANNEX_A_RATE,
            "Placed by the assessment's start date, whoever completed it. List 2 also holds "
            "interventions that started before the six months it covers; they count only in "
            "periods an earlier extract covers.",
            ANNEX_A_ROWS,
        ),
        local=True,
    ),
)

# Skipped from section 4.1: none. Every front-door measure can be computed from the returns.
