"""DfE "explore education statistics" (EES) local-authority CSV files.

Decisions a reviewer should know about:

- Which file, filter and column gives which measure is declared once, below, as data
  (`EES_MEASURES`), for the measures of data-standards.md section 4 whose EES file is named
  there. Each measure has a stable `ees:` code, DfE's wording, a polarity (from section 4) and,
  where LAIT publishes the same figure, the LAIT code it should agree with.
- A file is recognised from its name (DfE's names start with the dataset key, e.g.
  "b1_children_in_need_2013_to_2025.csv" -> "b1_children_in_need"), or the caller names the
  dataset. A name that matches nothing is refused.
- The structural columns are found by name, in any order, with or without a byte-order mark:
  `time_period` and `geographic_level` always; `region_code`/`region_name` once a regional or
  local-authority row appears, `old_la_code`/`la_name` once a local-authority row appears. A
  declared measure whose value or filter column is missing is not read and the missing column
  is reported (DfE adds columns over the years); a file with none of its measures' columns is
  refused. Every other column is ignored. Rows at levels other than National, Regional and
  Local authority are skipped.
- Filters compare text after trimming and ignoring case. A declared filter value that matches
  no row is reported as a problem (DfE may have reworded it); the rest of the file is read.
- Values go through `values.parse_published`: suppression and status codes are kept as status
  with a null value, never zero. Blank cells are nothing published and are skipped.
- Two kinds of derived value: `rate_per_10k` (a count over the ONS population of children 0-17
  for mid-(year-1), x 10,000, rounded half up to one decimal, as DfE does; skipped when no
  population is given or the area has none; a count's status carries through), and
  `years_months` (DfE's "01:07" duration text -> 19 months).
- `time_period` "2025" is the year ending 31 March 2025, except in the workforce file (the
  30 September 2025 census) and the population file (mid-2024 estimate for "2024"); six-digit
  periods ("202425") end in the later year.
- A joint return for two authorities (the workforce file has "940 / 941" for North and West
  Northamptonshire, "314 / 318" for Kingston and Richmond) gives each authority the joint
  figure, as LAIT does.
- A repeated (measure, year, area) is reported and the first row kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, NamedTuple, Protocol

from clearsight_analytics.benchmarks.figures import Figure, PublishedFigures
from clearsight_analytics.benchmarks.lait import read_csv_rows
from clearsight_analytics.benchmarks.measures import Measure, Polarity
from clearsight_analytics.benchmarks.problems import Problems, check_size, refuse
from clearsight_analytics.benchmarks.values import (
    ENGLAND_CODE,
    ENGLAND_NAME,
    REGIONS_BY_CODE,
    AreaLevel,
    la_code,
    parse_published,
    rate_per_10k,
    region_by_name,
    year_from_label,
)
from clearsight_analytics.ingest.problems import Problem, Refused

Kind = Literal["value", "rate_per_10k", "years_months"]

HIGH, LOW, NONE = Polarity.HIGH_IS_GOOD, Polarity.LOW_IS_GOOD, Polarity.NONE
YEAR_TO_MARCH: Final = "year ending 31 March"
SEPTEMBER: Final = "30 September census of the year"


class EesMeasure(NamedTuple):
    code: str  # "ees:..."
    dataset: str  # key of `EES_DATASETS`
    column: str  # the value column (or the count, for a rate)
    name: str  # DfE's wording
    polarity: Polarity
    filters: tuple[tuple[str, str], ...] = ()  # (column, value) that pick the rows
    kind: Kind = "value"
    lait: str | None = None  # the LAIT code publishing the same figure, if any
    period: str = YEAR_TO_MARCH


class EesDataset(NamedTuple):
    key: str  # the start of DfE's file name
    title: str


EES_DATASETS: Final[tuple[EesDataset, ...]] = (
    EesDataset("b1_children_in_need", "Children in need at 31 March, starting and ending"),
    EesDataset("c1_children_in_need_referrals", "Referrals and re-referrals"),
    EesDataset("c3_factors_identified", "Factors identified at the end of assessment"),
    EesDataset("d3_cpps_subsequent_plan", "Second or subsequent child protection plans"),
    EesDataset("d5_cpps_at31march_by_duration", "Child protection plans at 31 March by length"),
    EesDataset("cla_number_and_rate_per_10k_children", "Children looked after: numbers, rates"),
    EesDataset("la_cla_placement_stability", "Placement stability"),
    EesDataset("la_conviction_health_outcome_cla", "Health, convictions and substance misuse"),
    EesDataset("la_care_leavers_accommodation_suitability", "Care leavers' accommodation"),
    EesDataset("la_care_leavers_activity", "Care leavers' activity"),
    EesDataset("la_cla_swcount", "Children looked after: number of social workers"),
    EesDataset("la_cla_school_moves", "Children looked after: school moves"),
    EesDataset("la_cla_during_year_new_placements", "New placements during the year"),
    EesDataset("csww_indicators", "Children's social work workforce"),
    EesDataset("national_cla_adopted_average_time", "Adoption: time between stages (England)"),
)

_M = EesMeasure
_PLACEMENT = "placement_stability"
_HEALTH = ("characteristic", "Health assessments: Children looked after all ages")
_SDQ = ("characteristic", "Ages 5 to 16 years with SDQ score")
_AGE_19_21 = ("care_leaver_age", "19 to 21 years")
_AGE_17_18 = ("care_leaver_age", "17 to 18 years")
_ADOPTION = ("age_start_poc", "Total")
_STAGE = "stage_of_adoption_process"

EES_MEASURES: Final[tuple[EesMeasure, ...]] = (
    # b1: children in need (C01, C02)
    _M("ees:cin_at31_episodes", "b1_children_in_need", "At31_episodes",
       "Children in need at 31 March (episodes)", NONE),
    _M("ees:cin_rate_per_10k", "b1_children_in_need", "At31_episodes",
       "Children in need at 31 March per 10,000 children", NONE, kind="rate_per_10k",
       lait="CIN"),
    _M("ees:cin_started_episodes", "b1_children_in_need", "Started_episodes",
       "Episodes of need starting in the year", NONE),
    _M("ees:cin_ended_episodes", "b1_children_in_need", "Ended_episodes",
       "Episodes of need ending in the year", NONE),
    # c1: referrals (F03-F06)
    _M("ees:referrals", "c1_children_in_need_referrals", "referral_count",
       "Referrals in the year", NONE),
    _M("ees:referral_rate_per_10k", "c1_children_in_need_referrals", "referral_count",
       "Referrals in the year per 10,000 children", NONE, kind="rate_per_10k",
       lait="CPP_Total_Rateper10,000"),
    _M("ees:rereferral_percent", "c1_children_in_need_referrals", "rereferral_percent",
       "Percentage of referrals within 12 months of a previous referral", LOW,
       lait="ReReferral"),
    _M("ees:rereferral_child_percent", "c1_children_in_need_referrals",
       "rereferral_child_percent",
       "Percentage of children referred within 12 months of a previous referral", LOW),
    _M("ees:referral_nfa_percent", "c1_children_in_need_referrals",
       "no_further_action_percent", "Percentage of referrals with no further action", NONE,
       lait="CIN_Refferals_NFA"),
    _M("ees:referral_not_in_need_percent", "c1_children_in_need_referrals",
       "not_in_need_percent", "Percentage of referrals assessed as not in need", NONE,
       lait="Referrals_AssessedNotNeed"),
    # c3: factors at the end of assessment (F13), counts of episodes
    _M("ees:assessment_episodes_with_factors", "c3_factors_identified",
       "Episodes_with_assessment_factor", "Episodes with assessment factors recorded", NONE),
    _M("ees:factor_domestic_abuse_parent", "c3_factors_identified", "Domestic_Abuse_parent",
       "Episodes with domestic abuse concerning a parent", NONE),
    _M("ees:factor_domestic_abuse_child", "c3_factors_identified", "Domestic_Abuse_child",
       "Episodes with domestic abuse concerning the child", NONE),
    _M("ees:factor_mental_health_parent", "c3_factors_identified", "Mental_Health_parent",
       "Episodes with mental health concerning a parent", NONE),
    _M("ees:factor_neglect", "c3_factors_identified", "Neglect",
       "Episodes with neglect", NONE),
    _M("ees:factor_emotional_abuse", "c3_factors_identified", "Emotional_Abuse",
       "Episodes with emotional abuse", NONE),
    _M("ees:factor_child_criminal_exploitation", "c3_factors_identified",
       "Child_criminal_exploitation", "Episodes with child criminal exploitation", NONE),
    _M("ees:factor_child_sexual_exploitation", "c3_factors_identified",
       "Child_sexual_exploitation", "Episodes with child sexual exploitation", NONE),
    # d3: second or subsequent plans (C13)
    _M("ees:cpp_starts", "d3_cpps_subsequent_plan", "CPP_start",
       "Child protection plans starting in the year", NONE),
    _M("ees:cpp_subsequent_percent", "d3_cpps_subsequent_plan", "CPP_subsequent_percent",
       "Percentage of plans starting in the year that are a second or subsequent plan", LOW,
       lait="PrevRegCPR"),
    # d5: plans at 31 March (C10, C15)
    _M("ees:cpp_at31", "d5_cpps_at31march_by_duration", "CPP_At31",
       "Children subject to a child protection plan at 31 March", NONE),
    _M("ees:cpp_rate_per_10k", "d5_cpps_at31march_by_duration", "CPP_At31",
       "Children subject to a child protection plan at 31 March per 10,000 children", NONE,
       kind="rate_per_10k", lait="CPP_rate"),
    _M("ees:cpp_2_years_or_more_percent", "d5_cpps_at31march_by_duration",
       "2_years_or_more_percent",
       "Percentage of plans at 31 March that had lasted 2 years or more", LOW,
       lait="CPPlans2yrsActive"),
    # children looked after: numbers and rates (L01-L03)
    _M("ees:cla_at31", "cla_number_and_rate_per_10k_children", "children_count",
       "Children looked after at 31 March", NONE,
       (("population_type", "Children looked after on 31 March each year"),)),
    _M("ees:cla_rate_per_10k", "cla_number_and_rate_per_10k_children", "rate_per_10000",
       "Children looked after at 31 March per 10,000 children", NONE,
       (("population_type", "Children looked after on 31 March each year"),), lait="LAC"),
    _M("ees:cla_starting", "cla_number_and_rate_per_10k_children", "children_count",
       "Children starting to be looked after in the year", NONE,
       (("population_type", "Children starting to be looked after each year"),)),
    _M("ees:cla_starting_rate_per_10k", "cla_number_and_rate_per_10k_children",
       "rate_per_10000", "Children starting to be looked after per 10,000 children", NONE,
       (("population_type", "Children starting to be looked after each year"),),
       lait="LAC_Start_Rate"),
    _M("ees:cla_ceasing", "cla_number_and_rate_per_10k_children", "children_count",
       "Children ceasing to be looked after in the year", NONE,
       (("population_type", "Children ceasing to be looked after each year"),)),
    _M("ees:cla_ceasing_rate_per_10k", "cla_number_and_rate_per_10k_children",
       "rate_per_10000", "Children ceasing to be looked after per 10,000 children", NONE,
       (("population_type", "Children ceasing to be looked after each year"),),
       lait="LAC_Cease_Rate"),
    # placement stability (L05-L07)
    _M("ees:cla_3plus_placements_percent", "la_cla_placement_stability", "children_percent",
       "Percentage of children looked after at 31 March with 3 or more placements in the year",
       LOW, (("cla_group", "CLA on 31 March"),
             (_PLACEMENT, "With 3 or more placements during the year")),
       lait="LACStable_2016on"),
    _M("ees:cla_2yrs_3plus_placements_percent", "la_cla_placement_stability",
       "children_percent",
       "Percentage of children looked after for 2 years with 3 or more placements in them",
       LOW, (("cla_group", "CLA 2 years on 31 March"),
             (_PLACEMENT, "With 3 or more placements during the previous 2 years"))),
    _M("ees:cla_long_term_stability_percent", "la_cla_placement_stability",
       "children_percent",
       "Percentage of children under 16 looked after 2.5 years or more living with the same "
       "carer for at least 2 years", HIGH,
       (("cla_group", "Children looked after continuously for at least 2.5 years on 31 March "
                      "aged under 16 years"),
        (_PLACEMENT, "Living with the same carer for at least 2 years")),
       lait="LAC_LongStable%"),
    # health, convictions, substance misuse (L10-L16)
    _M("ees:cla_health_assessment_percent", "la_conviction_health_outcome_cla",
       "children_percent", "Percentage of children looked after 12 months or more who had "
       "their annual health assessment", HIGH,
       (_HEALTH, ("breakdown", "Had their annual health assessment")), lait="LACHealth%"),
    _M("ees:cla_immunisations_percent", "la_conviction_health_outcome_cla",
       "children_percent", "Percentage of children looked after 12 months or more whose "
       "immunisations were up to date", HIGH,
       (_HEALTH, ("breakdown", "Had their immunisations up to date")),
       lait="LACVaccinations%"),
    _M("ees:cla_dental_percent", "la_conviction_health_outcome_cla", "children_percent",
       "Percentage of children looked after 12 months or more who had their teeth checked by a "
       "dentist", HIGH, (_HEALTH, ("breakdown", "Had their teeth checked by a dentist")),
       lait="LACDental%"),
    _M("ees:cla_development_assessment_percent", "la_conviction_health_outcome_cla",
       "children_percent", "Percentage of children looked after aged 0 to 4 whose development "
       "assessments were up to date", HIGH,
       (("characteristic", "Development assessments: Children looked after ages 0 to 4 years"),
        ("breakdown", "Development assessments up to date"))),
    _M("ees:cla_sdq_received_percent", "la_conviction_health_outcome_cla", "children_percent",
       "Percentage of children looked after aged 5 to 16 with an SDQ score", HIGH,
       (_SDQ, ("breakdown", "SDQ score was received"))),
    _M("ees:cla_sdq_average", "la_conviction_health_outcome_cla", "children_count",
       "Average SDQ score", LOW, (_SDQ, ("breakdown", "SDQ average score")),
       lait="Emotional_LAC"),
    _M("ees:cla_sdq_concern_percent", "la_conviction_health_outcome_cla", "children_percent",
       "Percentage of SDQ scores that are a cause for concern", LOW,
       (_SDQ, ("breakdown", "SDQ score is a cause for concern"))),
    _M("ees:cla_convicted_percent", "la_conviction_health_outcome_cla", "children_percent",
       "Percentage of children looked after aged 10 to 17 convicted or subject to a youth "
       "caution or youth conditional caution in the year", LOW,
       (("characteristic", "Convictions: Children looked after Ages 10 to 17 years"),
        ("breakdown", "Convicted or subject to youth cautions, or youth conditional cautions "
                      "during the year")), lait="LAC_Convictions"),
    _M("ees:cla_substance_misuse_percent", "la_conviction_health_outcome_cla",
       "children_percent", "Percentage of children looked after identified as having a "
       "substance misuse problem", LOW,
       (("characteristic", "Substance misuse: Children looked after all ages"),
        ("breakdown", "Identified as having a substance misuse problem")), lait="LACSubstance"),
    # care leavers (Y01-Y07)
    _M("ees:care_leavers_19_21_suitable_accommodation_percent",
       "la_care_leavers_accommodation_suitability", "care_leaver_percent",
       "Percentage of care leavers aged 19 to 21 in suitable accommodation", HIGH,
       (_AGE_19_21, ("breakdown", "Accommodation considered suitable")), lait="CareLeaverAcc"),
    _M("ees:care_leavers_17_18_suitable_accommodation_percent",
       "la_care_leavers_accommodation_suitability", "care_leaver_percent",
       "Percentage of care leavers aged 17 to 18 in suitable accommodation", HIGH,
       (_AGE_17_18, ("breakdown", "Accommodation considered suitable"))),
    _M("ees:care_leavers_19_21_eet_percent", "la_care_leavers_activity", "care_leaver_percent",
       "Percentage of care leavers aged 19 to 21 in education, employment or training", HIGH,
       (_AGE_19_21, ("breakdown", "Total in education, employment or training")),
       lait="CareLeaverEET"),
    _M("ees:care_leavers_17_18_eet_percent", "la_care_leavers_activity", "care_leaver_percent",
       "Percentage of care leavers aged 17 to 18 in education, employment or training", HIGH,
       (_AGE_17_18, ("breakdown", "Total in education, employment or training"))),
    _M("ees:care_leavers_19_21_neet_percent", "la_care_leavers_activity",
       "care_leaver_percent",
       "Percentage of care leavers aged 19 to 21 not in education, employment or training",
       LOW, (_AGE_19_21, ("breakdown", "Total not in education, employment or training")),
       lait="CareLeaversNEET"),
    _M("ees:care_leavers_19_21_higher_education_percent", "la_care_leavers_activity",
       "care_leaver_percent", "Percentage of care leavers aged 19 to 21 in higher education",
       HIGH, (_AGE_19_21, ("breakdown", "Higher education i.e. studies beyond A level")),
       lait="LAC_19_HE"),
    _M("ees:care_leavers_17_18_information_not_known_percent", "la_care_leavers_activity",
       "care_leaver_percent",
       "Percentage of care leavers aged 17 to 18 whose activity is not known", LOW,
       (_AGE_17_18, ("breakdown", "Total information not known"))),
    # social workers per child (L25), school moves (L26), new placements (L09)
    _M("ees:cla_3plus_social_workers_percent", "la_cla_swcount", "percentage",
       "Percentage of children looked after at 31 March with 3 or more social workers in the "
       "year", LOW, (("cla_group", "CLA on 31 March"),
                     ("sw_stability", "3 or more social workers during the year")),
       lait="Stability_SocialWorker"),
    _M("ees:cla_mid_year_school_move_percent", "la_cla_school_moves", "percentage",
       "Percentage of children looked after at 31 March with a mid-year school move", LOW,
       (("cla_group", "CLA on 31 March"), ("move_measure", "Mid-year moves"),
        ("school_stability", "With one or more mid-year moves during the year")),
       lait="Stability_School"),
    _M("ees:new_placements_outside_over_20_miles_percent", "la_cla_during_year_new_placements",
       "children_percent", "Percentage of new placements outside the LA boundary and more "
       "than 20 miles from home", LOW,
       (("characteristic", "Location of new placements during the year"),
        ("breakdown", "Placed outside LA boundary more than 20 miles from home"))),
    # workforce (C20, C21): the 30 September census
    _M("ees:sw_caseload_fte", "csww_indicators", "caseload_fte",
       "Average caseload per case-holding social worker (FTE)", LOW,
       lait="Work_Force_AvgNumCase_SW", period=SEPTEMBER),
    _M("ees:sw_turnover_rate_fte", "csww_indicators", "turnover_rate_fte",
       "Social worker turnover rate (FTE)", LOW, lait="Work_Force_TO_Rate", period=SEPTEMBER),
    _M("ees:sw_vacancy_rate_fte", "csww_indicators", "vacancy_rate_fte",
       "Social worker vacancy rate (FTE)", LOW, lait="Work_Force_Vac_Rate", period=SEPTEMBER),
    _M("ees:sw_agency_rate_fte", "csww_indicators", "agency_rate_fte",
       "Agency social worker rate (FTE)", LOW, lait="Work_Force_Agecy_Rate", period=SEPTEMBER),
    # adoption stages (P07, P08): England only
    _M("ees:adoption_entry_to_placed_months", "national_cla_adopted_average_time", "number",
       "Average months from entering care to being placed for adoption", LOW,
       ((_STAGE, "4. Total average time between entry into care and date placed for "
                 "adoption"), _ADOPTION), kind="years_months"),
    _M("ees:adoption_entry_to_adoption_months", "national_cla_adopted_average_time", "number",
       "Average months from entering care to adoption", LOW,
       ((_STAGE, "6. Total average time between entry into care and adoption"), _ADOPTION),
       kind="years_months"),
    _M("ees:adoption_placed_within_12_months", "national_cla_adopted_average_time", "number",
       "Children adopted who were placed within 12 months of the decision to place them for "
       "adoption", HIGH,
       ((_STAGE, "Children adopted who were placed for adoption within 12 months of the LA "
                 "decision to place the child for adoption"), _ADOPTION)),
)

_DATASET_KEYS: Final = {dataset.key for dataset in EES_DATASETS}


def ees_measures() -> dict[str, Measure]:
    """The declared EES measures as `Measure`s, keyed by their `ees:` code."""
    return {m.code: Measure(code=m.code, name=m.name, polarity=m.polarity,
                            source=m.dataset, period=m.period) for m in EES_MEASURES}


def dataset_for(filename: str) -> str | None:
    """The dataset a DfE file name belongs to, or None."""
    base = re.split(r"[\\/]", filename)[-1].lower()
    matches = [key for key in _DATASET_KEYS if base.startswith(key)]
    return max(matches, key=len) if matches else None


# ------------------------------------------------------------------ reading rows

_LEVELS: Final[dict[str, AreaLevel]] = {
    "national": "national", "regional": "regional", "local authority": "local_authority"}
_YEARS_MONTHS = re.compile(r"^(\d{1,3}):(\d{1,2})$")
MAX_ROWS = 2_000_000


@dataclass
class EesRow:
    """One row's place and time, and its cells by column name."""

    number: int  # as a spreadsheet shows it: header = row 1
    year: int
    period_label: str
    level: AreaLevel
    area_code: str
    area_name: str
    region_code: str | None
    region_name: str | None
    cells: dict[str, str] = field(default_factory=dict)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_ees_rows(data: bytes, filename: str, needed: Sequence[str],
                  choose: Callable[[set[str]], Sequence[str]] | None = None,
                  ) -> tuple[list[EesRow], Problems]:
    """The rows of an EES CSV with their area and year worked out. `needed` columns must be
    in the header (exact names, case ignored); `choose`, given the header's names (lower
    case), may return more columns to keep or raise `Refused`. Shared with the population
    reader."""
    check_size(data, filename, "a DfE explore-education-statistics CSV file")
    rows = read_csv_rows(data, filename)
    header = [cell.strip() for cell in rows[0]]
    position: dict[str, int] = {}
    for index, name in enumerate(header):
        if name.lower() in position:
            raise refuse(filename, "each column named once", name, row=1, column=name)
        position[name.lower()] = index
    required = ["time_period", "geographic_level", *needed]
    missing = [name for name in required if name.lower() not in position]
    if missing:
        raise Refused([Problem(filename, "", 1, name, "", f'a column headed "{name}"')
                       for name in missing])
    if len(rows) > MAX_ROWS:
        raise refuse(filename, f"at most {MAX_ROWS:,} rows", f"{len(rows):,} rows")
    problems = Problems(filename)
    out: list[EesRow] = []
    extra = choose(set(position)) if choose is not None else ()
    keep = {name.lower() for name in [*needed, *extra]}

    width = len(header)
    level_at, period_at = position["geographic_level"], position["time_period"]
    keep_at = [(name, position[name]) for name in sorted(keep)]
    place_at = [position.get(name) for name in _PLACE_COLUMNS]
    levels: dict[str, AreaLevel | None] = {}
    years: dict[str, int | None] = {}
    # Thousands of rows share an area: each distinct area is worked out once.
    places: dict[tuple[str, ...], tuple[list[_Place], tuple[str, str, str] | None]] = {}
    for index, row in enumerate(rows[1:], start=2):
        if len(row) < width:
            row = [*row, *([""] * (width - len(row)))]
        level_text = row[level_at]
        if level_text not in levels:
            levels[level_text] = _LEVELS.get(_norm(level_text))
        level = levels[level_text]
        if level is None:
            continue  # other levels, and blank rows
        label = row[period_at].strip()
        if label not in years:
            years[label] = year_from_label(label)
        year = years[label]
        if year is None:
            problems.add(index, "time_period", label, "a year such as 2025 or 202425")
            continue
        place_cells = (level, *(row[at].strip() if at is not None else "" for at in place_at))
        found = places.get(place_cells)
        if found is None:
            found = places[place_cells] = _places(level, dict(zip(
                _PLACE_COLUMNS, place_cells[1:], strict=True)), position, filename)
        area_list, problem = found
        if problem is not None:
            problems.add(index, *problem)
        cells = {name: row[at].strip() for name, at in keep_at}
        for code, area_name, region_code, region_name in area_list:
            out.append(EesRow(index, year, label, level, code, area_name, region_code,
                              region_name, cells))
    return out, problems


_Place = tuple[str, str, str | None, str | None]  # code, name, region code, region name
_PLACE_COLUMNS = ("country_name", "region_code", "region_name", "old_la_code", "la_name")


def _places(level: AreaLevel, cell: Mapping[str, str], position: Mapping[str, int],
            filename: str) -> tuple[list[_Place], tuple[str, str, str] | None]:
    """The areas a row is about, or a problem (column, value, expected). A joint return
    ("940 / 941") is about each of its authorities, which all get the joint figure, as LAIT
    does."""
    if level == "national":
        return [(ENGLAND_CODE, cell["country_name"] or ENGLAND_NAME, None, None)], None
    for name in ("region_code", "region_name"):
        if name not in position:
            raise refuse(filename, f'a column headed "{name}" (the file has regional rows)',
                         row=1, column=name)
    region = REGIONS_BY_CODE.get(cell["region_code"]) or region_by_name(cell["region_name"])
    if region is None:
        return [], ("region_code", cell["region_code"], "an English region's ONS code")
    if level == "regional":
        return [(region.code, region.name, region.code, region.name)], None
    for name in ("old_la_code", "la_name"):
        if name not in position:
            raise refuse(filename, f'a column headed "{name}" (the file has local-authority '
                                   "rows)", row=1, column=name)
    given = cell["old_la_code"]
    codes = [la_code(part) for part in given.split("/")]
    names = [part.strip() for part in cell["la_name"].split(" / ")]
    if not given or any(code is None for code in codes):
        return [], ("old_la_code", given,
                    'a three-digit local-authority code (or codes joined by " / ")')
    if len(names) != len(codes):
        names = [cell["la_name"]] * len(codes)
    return [(code, name or code, region.code, region.name)
            for code, name in zip(codes, names, strict=True) if code is not None], None


# ------------------------------------------------------------------ figures


class PopulationLookup(Protocol):
    """What the EES reader needs from `areas.Population`."""

    def for_collection_year(self, area_code: str, year: int) -> int | None: ...


def read_ees_csv(data: bytes, filename: str, *, dataset: str | None = None,
                 population: PopulationLookup | None = None) -> PublishedFigures:
    """The declared measures in one EES file; `Refused` if the file is not one we know."""
    key = dataset or dataset_for(filename)
    if key is None or key not in _DATASET_KEYS:
        known = ", ".join(sorted(_DATASET_KEYS))
        raise refuse(filename, f"a DfE file whose name starts with one of: {known}",
                     dataset or filename)
    declared = [m for m in EES_MEASURES if m.dataset == key]
    measures: list[EesMeasure] = []
    absent: list[str] = []

    def choose(header: set[str]) -> list[str]:
        for measure in declared:
            columns = [measure.column, *(column for column, _ in measure.filters)]
            lacking = [column for column in columns if column.lower() not in header]
            absent.extend(column for column in lacking if column not in absent)
            if not lacking:
                measures.append(measure)
        if not measures:
            raise Refused([Problem(filename, "", 1, column, "", f'a column headed "{column}"')
                           for column in absent])
        return sorted({column for m in measures
                       for column in (m.column, *(c for c, _ in m.filters))})

    rows, problems = read_ees_rows(data, filename, (), choose)
    for column in absent:
        problems.add(1, column, "", f'a column headed "{column}" (its measures are not read)')
    figures: list[Figure] = []
    seen: dict[tuple[str, int, str], int] = {}
    matched: set[str] = set()
    groups: dict[tuple[str, ...], dict[tuple[str, ...], list[EesRow]]] = {}
    for measure in measures:
        if measure.kind == "rate_per_10k" and population is None:
            continue
        columns = tuple(column.lower() for column, _ in measure.filters)
        by_value = groups.get(columns)
        if by_value is None:  # rows grouped once per set of filter columns
            by_value = groups[columns] = {}
            for row in rows:
                by_value.setdefault(tuple(_norm(row.cells[c]) for c in columns), []).append(row)
        for row in by_value.get(tuple(_norm(value) for _, value in measure.filters), []):
            matched.add(measure.code)
            figure = _figure(measure, row, population, problems)
            if figure is None:
                continue
            key_ = (measure.code, row.year, row.area_code)
            if key_ in seen:
                problems.add(row.number, measure.column, row.area_code,
                             f"one row per year and area for {measure.code} (row {seen[key_]} "
                             "has the same); the first is used")
                continue
            seen[key_] = row.number
            figures.append(figure)
    for measure in measures:
        if measure.code not in matched and measure.filters and rows:
            text = "; ".join(f'{column} = "{value}"' for column, value in measure.filters)
            problems.add(None, measure.filters[0][0], "",
                         f"rows with {text} for {measure.code} (none found)")
    return PublishedFigures.from_rows(figures, problems.result())


def _figure(measure: EesMeasure, row: EesRow, population: PopulationLookup | None,
            problems: Problems) -> Figure | None:
    text = row.cells[measure.column.lower()]
    if measure.kind == "years_months":
        match = _YEARS_MONTHS.match(text)
        if match:
            value: float | None = float(int(match.group(1)) * 12 + int(match.group(2)))
            status = None
        else:
            value, status = parse_published(text)
            if value is not None:
                problems.add(row.number, measure.column, text, "a duration as years:months")
                return None
    else:
        value, status = parse_published(text)
    if value is None and status is None:
        return None
    if measure.kind == "rate_per_10k":
        people = (population.for_collection_year(row.area_code, row.year)
                  if population is not None else None)
        if people is None or people <= 0:
            return None
        if value is not None:
            value = rate_per_10k(value, people)
    return Figure(measure=measure.code, year=row.year, period_label=row.period_label,
                  area_level=row.level, area_code=row.area_code, area_name=row.area_name,
                  region_code=row.region_code, region_name=row.region_name, value=value,
                  status=status)
