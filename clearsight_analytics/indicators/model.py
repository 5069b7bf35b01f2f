"""The model tables indicators are written against, built in SQL from the raw stacked returns.

Every indicator reads these tables, never the raw ones, so the rules for stitching several
returns together are written once, here:

- **CIN census.** An episode of need (CINdetails) is the same episode in every census that
  holds it when the child and the referral date agree; its own fields (closure, need) come
  from the latest census holding it. Its details are gathered from every census: an
  assessment, section 47 enquiry, CIN plan or protection plan is the same one when the child
  and its start date agree, and is taken from the latest census holding it (an end date
  filled in, a late authorisation). A later census leaves out what ended in an earlier year
  (a plan that ended, an enquiry whose conference was held), so details are never dropped
  because the episode appears again. Review dates are kept from every census. Children's
  characteristics come from the latest census that lists them.
- **SSDA903.** An episode is identified by child and start date (DECOM) and taken from the
  latest year holding it, so an episode open at 31 March gets its end date from the next
  return. Reviews, missing episodes, placements for adoption and social worker episodes are
  likewise kept once. OC2, OC3 and AD1 are cohorts of one year and keep `collection_year`.
- **Annex A.** Lists of events (contacts, early help, referrals, assessments, section 47s) are
  kept once per event, from the latest extract holding it. Lists that describe children at
  the date of the extract (children in need, child protection, children looked after, care
  leavers, adoption) keep every extract: each is a snapshot with its `extract_date`.

`people` joins what every source knows about a child (date of birth, sex, ethnicity,
disability) and the child's allocation (team, service, worker): from the case-system extract
when the caller gives one, else from the latest Annex A row naming a team. Sex is M, F or U
whatever the source's coding; disability is true, false or unknown (null).

Helpers available in every indicator's SQL (macros):

- `wd(a, b)`: working days after `a` up to and including `b` (the day of `a` is day 0), on the
  England and Wales bank-holiday calendar; negative when `b` is before `a`.
- `add_wd(a, n)`: the date `n` working days after `a`.
- `age_on(dob, d)`: age in whole years on `d` (born 29 February: a year older on 1 March in
  other years).
- `months_after(d, n)`: the date `n` months after `d` (the month's last day when it has no
  such day).
- `yes(x)`: an Annex A yes/no cell is yes ("a) Yes", "Yes", "Y", "1", "true").
"""

from datetime import date
from typing import Any

import pyarrow as pa

from clearsight_analytics.calendar import WorkingDayCalendar, england_and_wales_bank_holidays

CALENDAR_FIRST = date(1990, 1, 1)
CALENDAR_LAST = date(2045, 12, 31)

# The model tables, with the columns indicators may use (for the catalogue page and tests).
TABLES: dict[str, str] = {
    "cin_children": "child_id, dob, expected_dob, sex, ethnicity, disabled, died, census_year",
    "cin_referrals": "child_id, episode_key, census_year, referral_date, source, primary_need, "
                     "closure_date, closure_reason, nfa, icpc_date",
    "cin_assessments": "child_id, episode_key, referral_date, started, authorised, factors",
    "cin_plans": "child_id, episode_key, started, ended",
    "cin_s47": "child_id, episode_key, referral_date, started, icpc_target, icpc_date, "
               "icpc_not_required",
    "cin_cpps": "child_id, episode_key, plan_key, started, ended, initial_category, "
                "latest_category, previous_plans",
    "cin_cpp_reviews": "child_id, plan_key, plan_started, review_date",
    "cla_children": "child_id, sex, dob, ethnicity, upn, mother, collection_year",
    "cla_episodes": "child_id, decom, rne, ls, cin, place, place_provider, dec, rec, "
                    "reason_place_change, home_post, pl_post, urn, collection_year",
    "cla_uasc": "child_id, dob, duc",
    "cla_reviews": "child_id, review, review_code",
    "cla_oc2": "child_id, dob, collection_year, sdq_score, sdq_reason, convicted, health_check, "
               "immunisations, teeth_check, health_assessment, substance_misuse, "
               "intervention_received, intervention_offered",
    "cla_oc3": "child_id, dob, collection_year, in_touch, activ, accom",
    "cla_ad1": "child_id, dob, collection_year, date_int, date_match, foster_care, nb_adoptr, "
               "sex_adoptr, ls_adoptr",
    "cla_placed_for_adoption": "child_id, dob, date_placed, date_placed_ceased, "
                               "reason_placed_ceased",
    "cla_missing": "child_id, dob, missing, mis_start, mis_end",
    "cla_prev_perm": "child_id, collection_year, prev_perm, la_perm, date_perm",
    "cla_sw_episodes": "child_id, sw_id, sw_decom, sw_dec, sw_reason",
    "aa_contacts": "Annex A list 1 columns + extract_date",
    "aa_early_help": "Annex A list 2 columns + extract_date",
    "aa_referrals": "Annex A list 3 columns + extract_date",
    "aa_assessments": "Annex A list 4 columns + extract_date",
    "aa_s47": "Annex A list 5 columns + extract_date",
    "aa_cin": "Annex A list 6 columns + extract_date (every extract)",
    "aa_cp": "Annex A list 7 columns + extract_date (every extract)",
    "aa_cla": "Annex A list 8 columns + extract_date (every extract)",
    "aa_care_leavers": "Annex A list 9 columns + extract_date (every extract)",
    "aa_adoption": "Annex A list 10 columns + extract_date (every extract)",
    "aa_adopters": "Annex A list 11 columns + extract_date (every extract)",
}

# Which coverage (inputs.py) each model table is answerable for.
TABLE_COVERAGE: dict[str, str] = {
    **{name: "cin_census" for name in TABLES if name.startswith("cin_")},
    **{name: "ssda903" for name in TABLES if name.startswith("cla_")},
    "aa_contacts": "annex_a_list_1", "aa_early_help": "annex_a_list_2",
    "aa_referrals": "annex_a_list_3", "aa_assessments": "annex_a_list_4",
    "aa_s47": "annex_a_list_5", "aa_cin": "annex_a_list_6", "aa_cp": "annex_a_list_7",
    "aa_cla": "annex_a_list_8", "aa_care_leavers": "annex_a_list_9",
    "aa_adoption": "annex_a_list_10", "aa_adopters": "annex_a_list_11",
}

MACROS = """
CREATE MACRO wd(a, b) AS
    (SELECT c.ord FROM calendar c WHERE c.day = b) - (SELECT c.ord FROM calendar c WHERE c.day = a);
CREATE MACRO add_wd(a, n) AS
    (SELECT min(c.day) FROM calendar c
     WHERE c.working AND c.ord = (SELECT s.ord FROM calendar s WHERE s.day = a) + n);
CREATE MACRO age_on(dob, d) AS
    year(d) - year(dob)
    - CASE WHEN month(d) * 100 + day(d) < month(dob) * 100 + day(dob) THEN 1 ELSE 0 END;
CREATE MACRO months_after(d, n) AS CAST(d + to_months(CAST(n AS INTEGER)) AS DATE);
CREATE MACRO yes(x) AS
    coalesce(upper(trim(x)) IN ('YES', 'Y', 'TRUE', '1', 'A) YES'), false);
CREATE MACRO sex_code(x) AS
    CASE WHEN x IS NULL THEN NULL
         WHEN upper(trim(x)) IN ('M', 'MALE', '1') THEN 'M'
         WHEN upper(trim(x)) IN ('F', 'FEMALE', '2') THEN 'F'
         ELSE 'U' END;
CREATE MACRO ethnic_group(code) AS
    CASE WHEN code IS NULL OR code IN ('REFU', 'NOBT') THEN 'Not known or refused'
         WHEN code LIKE 'W%' THEN 'White'
         WHEN code LIKE 'M%' THEN 'Mixed or multiple'
         WHEN code LIKE 'A%' THEN 'Asian or Asian British'
         WHEN code LIKE 'B%' THEN 'Black, African, Caribbean or Black British'
         WHEN code IN ('CHNE', 'OOTH') THEN 'Other ethnic group'
         ELSE 'Not known or refused' END;
CREATE MACRO age_band(dob, d) AS
    CASE WHEN dob IS NULL THEN 'Not known'
         WHEN d < dob THEN 'Unborn'
         WHEN age_on(dob, d) < 1 THEN 'Under 1'
         WHEN age_on(dob, d) < 5 THEN '1 to 4'
         WHEN age_on(dob, d) < 10 THEN '5 to 9'
         WHEN age_on(dob, d) < 16 THEN '10 to 15'
         ELSE '16 and over' END;
"""

CIN_SQL = """
CREATE TABLE cin_children AS
SELECT la_child_id AS child_id, person_birth_date AS dob,
       expected_person_birth_date AS expected_dob,
       coalesce(sex, CASE WHEN gender_current IS NULL THEN NULL
                          WHEN gender_current = '1' THEN 'M' WHEN gender_current = '2' THEN 'F'
                          ELSE 'U' END) AS sex,
       ethnicity,
       CASE WHEN disabilities IS NULL OR len(disabilities) = 0 THEN NULL
            ELSE len(list_filter(disabilities, lambda d: d <> 'NONE')) > 0 END AS disabled,
       person_death_date AS died, census_year
FROM raw_cin_children
QUALIFY row_number() OVER (PARTITION BY la_child_id ORDER BY census_year DESC) = 1;

CREATE TABLE cin_episode_rows AS
SELECT d.*, d.la_child_id || '|' || CAST(d.cin_referral_date AS VARCHAR) AS episode_key,
       row_number() OVER (PARTITION BY d.la_child_id, d.cin_referral_date
                          ORDER BY d.census_year DESC, d.cin_details_id) = 1 AS chosen,
       max(d.date_of_initial_cpc) OVER (PARTITION BY d.la_child_id, d.cin_referral_date)
           AS any_icpc_date
FROM raw_cin_cin_details d;

CREATE TABLE cin_referrals AS
SELECT e.la_child_id AS child_id, e.episode_key, e.census_year,
       e.cin_referral_date AS referral_date, e.referral_source AS source,
       e.primary_need_code AS primary_need, e.cin_closure_date AS closure_date,
       e.reason_for_closure AS closure_reason, coalesce(e.referral_nfa, false) AS nfa,
       coalesce(e.date_of_initial_cpc, e.any_icpc_date) AS icpc_date
FROM cin_episode_rows e WHERE e.chosen;

CREATE TABLE cin_assessments AS
SELECT e.la_child_id AS child_id, e.episode_key, e.cin_referral_date AS referral_date,
       a.assessment_actual_start_date AS started,
       a.assessment_authorisation_date AS authorised, a.assessment_factors AS factors
FROM raw_cin_assessments a
JOIN cin_episode_rows e ON e.census_year = a.census_year
 AND e.child_index = a.child_index AND e.cin_details_id = a.cin_details_id
QUALIFY row_number() OVER (PARTITION BY e.la_child_id, a.assessment_actual_start_date
                           ORDER BY a.census_year DESC, a.assessment_id) = 1;

CREATE TABLE cin_plans AS
SELECT e.la_child_id AS child_id, e.episode_key, p.cin_plan_start_date AS started,
       p.cin_plan_end_date AS ended
FROM raw_cin_cin_plans p
JOIN cin_episode_rows e ON e.census_year = p.census_year
 AND e.child_index = p.child_index AND e.cin_details_id = p.cin_details_id
QUALIFY row_number() OVER (PARTITION BY e.la_child_id, p.cin_plan_start_date
                           ORDER BY p.census_year DESC) = 1;

CREATE TABLE cin_s47 AS
SELECT e.la_child_id AS child_id, e.episode_key, e.cin_referral_date AS referral_date,
       s.s47_actual_start_date AS started, s.initial_cpc_target AS icpc_target,
       s.date_of_initial_cpc AS icpc_date, coalesce(s.icpc_not_required, false)
       AS icpc_not_required
FROM raw_cin_section47 s
JOIN cin_episode_rows e ON e.census_year = s.census_year
 AND e.child_index = s.child_index AND e.cin_details_id = s.cin_details_id
QUALIFY row_number() OVER (PARTITION BY e.la_child_id, s.s47_actual_start_date
                           ORDER BY s.census_year DESC) = 1;

CREATE TABLE cin_cpps AS
SELECT e.la_child_id AS child_id, e.episode_key,
       e.la_child_id || '|' || CAST(p.cpp_start_date AS VARCHAR) AS plan_key,
       p.cpp_start_date AS started, p.cpp_end_date AS ended,
       p.initial_category_of_abuse AS initial_category,
       p.latest_category_of_abuse AS latest_category,
       p.number_of_previous_cpp AS previous_plans,
       p.census_year, p.child_index, p.cin_details_id, p.cpp_id
FROM raw_cin_child_protection_plans p
JOIN cin_episode_rows e ON e.census_year = p.census_year
 AND e.child_index = p.child_index AND e.cin_details_id = p.cin_details_id
QUALIFY row_number() OVER (PARTITION BY e.la_child_id, p.cpp_start_date
                           ORDER BY p.census_year DESC, p.cpp_id) = 1;

CREATE TABLE cin_cpp_reviews AS
SELECT DISTINCT e.la_child_id AS child_id,
       e.la_child_id || '|' || CAST(p.cpp_start_date AS VARCHAR) AS plan_key,
       p.cpp_start_date AS plan_started, r.cpp_review_date AS review_date
FROM raw_cin_reviews r
JOIN raw_cin_child_protection_plans p ON p.census_year = r.census_year
 AND p.child_index = r.child_index AND p.cin_details_id = r.cin_details_id
 AND p.cpp_id = r.cpp_id
JOIN cin_episode_rows e ON e.census_year = p.census_year
 AND e.child_index = p.child_index AND e.cin_details_id = p.cin_details_id;
"""

SSDA903_SQL = """
CREATE TABLE cla_children AS
SELECT child AS child_id, sex_code(sex) AS sex, dob, ethnic AS ethnicity, upn, mother,
       collection_year
FROM raw_903_header
QUALIFY row_number() OVER (PARTITION BY child ORDER BY collection_year DESC) = 1;

CREATE TABLE cla_episodes AS
SELECT child AS child_id, decom, rne, ls, cin, place, place_provider, dec, rec,
       reason_place_change, home_post, pl_post, urn, collection_year
FROM raw_903_episodes
-- Every episode from the latest return holding its start date: a zero-length episode and the
-- one starting the same day are both kept.
QUALIFY collection_year = max(collection_year) OVER (PARTITION BY child, decom);

CREATE TABLE cla_uasc AS
SELECT child AS child_id, dob, duc FROM raw_903_uasc
QUALIFY row_number() OVER (PARTITION BY child ORDER BY collection_year DESC) = 1;

CREATE TABLE cla_reviews AS
SELECT child AS child_id, review, review_code FROM raw_903_reviews
QUALIFY row_number() OVER (PARTITION BY child, review ORDER BY collection_year DESC) = 1;

CREATE TABLE cla_oc2 AS
SELECT child AS child_id, dob, collection_year, sdq_score, sdq_reason, convicted,
       health_check, immunisations, teeth_check, health_assessment, substance_misuse,
       intervention_received, intervention_offered
FROM raw_903_oc2;

CREATE TABLE cla_oc3 AS
SELECT child AS child_id, dob, collection_year, in_touch, activ, accom FROM raw_903_oc3;

CREATE TABLE cla_ad1 AS
SELECT child AS child_id, dob, collection_year, date_int, date_match, foster_care, nb_adoptr,
       sex_adoptr, ls_adoptr
FROM raw_903_ad1;

CREATE TABLE cla_placed_for_adoption AS
SELECT child AS child_id, dob, date_placed, date_placed_ceased, reason_placed_ceased
FROM raw_903_placed_for_adoption
QUALIFY row_number() OVER (PARTITION BY child, date_placed ORDER BY collection_year DESC) = 1;

CREATE TABLE cla_missing AS
SELECT child AS child_id, dob, missing, mis_start, mis_end FROM raw_903_missing
QUALIFY row_number() OVER (PARTITION BY child, missing, mis_start
                           ORDER BY collection_year DESC) = 1;

CREATE TABLE cla_prev_perm AS
SELECT child AS child_id, collection_year, prev_perm, la_perm, date_perm FROM raw_903_prev_perm;

CREATE TABLE cla_sw_episodes AS
SELECT child AS child_id, sw_id, sw_decom, sw_dec, sw_reason FROM raw_903_sw_episodes
QUALIFY row_number() OVER (PARTITION BY child, sw_id, sw_decom
                           ORDER BY collection_year DESC) = 1;
"""

_EVENT_LISTS = {  # model table -> (list number, the columns that identify one event)
    "aa_contacts": (1, "child_id, contact_date, contact_source"),
    "aa_early_help": (2, "child_id, assessment_start_date"),
    "aa_referrals": (3, "child_id, referral_date"),
    "aa_assessments": (4, "child_id, assessment_start_date"),
    "aa_s47": (5, "child_id, s47_start_date"),
}
_SNAPSHOT_LISTS = {"aa_cin": 6, "aa_cp": 7, "aa_cla": 8, "aa_care_leavers": 9,
                   "aa_adoption": 10, "aa_adopters": 11}
# Lists naming an allocated team, most current first (for a child's allocation).
_ALLOCATING_LISTS = (8, 9, 7, 6, 5, 4, 3)


def annex_a_sql() -> str:
    parts = []
    for name, (number, keys) in _EVENT_LISTS.items():
        parts.append(f"CREATE TABLE {name} AS SELECT * FROM raw_aa_list_{number} QUALIFY "
                     f"row_number() OVER (PARTITION BY {keys} ORDER BY extract_date DESC) = 1;")
    for name, number in _SNAPSHOT_LISTS.items():
        parts.append(f"CREATE TABLE {name} AS SELECT * FROM raw_aa_list_{number};")
    return "\n".join(parts)


def people_sql(has_allocations: bool) -> str:
    """The one row per child that breakdowns join to."""
    demographic = [
        "SELECT child_id, dob, sex, ethnicity, disabled, 1 AS source_rank, "
        "census_year AS recency FROM cin_children",
        "SELECT child_id, dob, sex, ethnicity, NULL::BOOLEAN, 2, collection_year FROM "
        "cla_children",
    ]
    for number in range(1, 11):
        disability = "CASE WHEN disability IS NULL THEN NULL ELSE yes(disability) END" \
            if number >= 4 else "NULL::BOOLEAN"
        demographic.append(
            f"SELECT child_id, date_of_birth, sex_code(gender), ethnicity, {disability}, 3, "
            f"year(extract_date) FROM raw_aa_list_{number}")
    allocation_rows = " UNION ALL ".join(
        f"SELECT child_id, allocated_team AS team, allocated_worker AS worker, extract_date, "
        f"{rank} AS list_rank FROM raw_aa_list_{number} WHERE allocated_team IS NOT NULL"
        for rank, number in enumerate(_ALLOCATING_LISTS))
    if has_allocations:
        allocation = ("SELECT child_id, team, service, worker FROM allocations "
                      "QUALIFY row_number() OVER (PARTITION BY child_id ORDER BY team) = 1")
    else:
        allocation = (f"SELECT child_id, team, NULL::VARCHAR AS service, worker FROM "
                      f"({allocation_rows}) QUALIFY row_number() OVER (PARTITION BY child_id "
                      f"ORDER BY extract_date DESC, list_rank) = 1")
    return f"""
CREATE TABLE people AS
WITH facts AS ({" UNION ALL ".join(demographic)}),
known AS (
    SELECT child_id,
           arg_min(dob, source_rank * 10000 - recency) FILTER (WHERE dob IS NOT NULL) AS dob,
           arg_min(sex, source_rank * 10000 - recency) FILTER (WHERE sex IS NOT NULL) AS sex,
           arg_min(ethnicity, source_rank * 10000 - recency)
               FILTER (WHERE ethnicity IS NOT NULL) AS ethnicity,
           arg_min(disabled, source_rank * 10000 - recency)
               FILTER (WHERE disabled IS NOT NULL) AS disabled
    FROM facts WHERE child_id IS NOT NULL GROUP BY child_id
),
allocation AS ({allocation})
SELECT coalesce(k.child_id, a.child_id) AS child_id, k.dob, k.sex, k.ethnicity,
       ethnic_group(k.ethnicity) AS ethnic_group, k.disabled, a.team, a.service, a.worker,
       -- For breakdowns, ready to show: the date of birth as the number yyyymmdd (age in
       -- whole years on a day is (that day as yyyymmdd - this) // 10000), and the labels.
       year(k.dob) * 10000 + month(k.dob) * 100 + day(k.dob) AS dob_number,
       CASE k.sex WHEN 'M' THEN 'Male' WHEN 'F' THEN 'Female' ELSE 'Not known' END
           AS sex_label,
       CASE WHEN k.disabled THEN 'Disabled' WHEN NOT k.disabled THEN 'Not disabled'
            ELSE 'Not known' END AS disability_label
FROM known k FULL OUTER JOIN allocation a ON a.child_id = k.child_id;
"""


def holidays_table(calendar: WorkingDayCalendar) -> Any:
    """The days that are not working days although they fall Monday to Friday: bank holidays
    in England and Wales from 1990 to 2045, and the authority's own closures."""
    days = england_and_wales_bank_holidays(range(CALENDAR_FIRST.year, CALENDAR_LAST.year + 1))
    closed = sorted(days | calendar.extra_closures)
    return pa.table({"day": pa.array(closed, pa.date32())})


CALENDAR_SQL = f"""
CREATE TABLE calendar AS
SELECT day, working,
       CAST(sum(CAST(working AS INTEGER)) OVER (ORDER BY day) AS INTEGER) AS ord
FROM (
    SELECT CAST(d AS DATE) AS day,
           isodow(d) <= 5 AND CAST(d AS DATE) NOT IN (SELECT day FROM holidays) AS working
    FROM range(DATE '{CALENDAR_FIRST}', DATE '{CALENDAR_LAST}' + 1, INTERVAL 1 DAY) t(d)
);
"""
