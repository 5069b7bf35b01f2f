"""Ten of the catalogue's indicators written in plain pandas, to set beside the engine.

This is the yardstick for `bench/run_indicators.py`: what a careful analyst would write by hand
in pandas (no DuckDB) for the same ten indicators, for each complete collection year and for
the whole authority only. It starts from the returns as the readers give them (Arrow tables,
turned into DataFrames here, inside the timing) and stitches the years together by the rules
in `clearsight_analytics/indicators/model.py`, then counts as each indicator's declaration in
`catalogue/` says.

    F03  referrals per 10,000 children
    F04  re-referrals within 12 months of a previous referral (%; needs a year of history)
    F05  referrals resulting in no further action (%)
    F09  assessments completed within 45 working days (%)
    C01  children in need per 10,000 at 31 March (episodes of need open that day)
    C10  children on a child protection plan per 10,000 at 31 March (each child once)
    C11  child protection plans starting per 10,000
    L01  children looked after per 10,000 at 31 March (each child once)
    L02  children starting to be looked after per 10,000 (each child once)
    L03  children ceasing to be looked after per 10,000 (each child once)

`compute_ten(loaded_returns)` returns one `Row` per indicator and year: the year is the one
ending 31 March of `year`; for a rate the denominator is the population aged 0-17 and the value
is per 10,000; for a percentage the denominator is the count it is a share of.

A few rules of the engine that matter for agreement, all from model.py and the catalogue:

- SQL's `x NOT IN (...)` and `x <> 'X1'` are not true when x is blank, so an episode with no
  legal status (or no reason for ending) is left out, as the SQL leaves it out.
- Rates use the population of the collection year holding the period's last day, else the
  latest earlier year's (engine.py).
- A year is complete when that year's return is loaded (the files run to 31 March); F04 also
  needs the year before it loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from clearsight_analytics.calendar import england_and_wales_bank_holidays

TEN = ("F03", "F04", "F05", "F09", "C01", "C10", "C11", "L01", "L02", "L03")

# The engine's working-day calendar runs over these days (model.py); wd() is blank outside it.
CALENDAR_FIRST = pd.Timestamp(1990, 1, 1)
CALENDAR_LAST = pd.Timestamp(2045, 12, 31)
HOLIDAYS = np.array(sorted(england_and_wales_bank_holidays(range(1990, 2046))),
                    dtype="datetime64[D]")
SHORT_BREAKS = ("V3", "V4")


@dataclass(frozen=True)
class Row:
    code: str
    year: int  # the collection year ending 31 March of this year
    numerator: float
    denominator: float | None
    value: float | None


# ------------------------------------------------------------------ reading the returns


def frame(table: Any, columns: list[str]) -> pd.DataFrame:
    """An Arrow table's columns as a DataFrame, dates as datetime64 rather than objects."""
    return table.select(columns).to_pandas(date_as_object=False)


def stacked_census(cin_returns: list[Any], table: str, columns: list[str]) -> pd.DataFrame:
    """One CIN census table from every year loaded, with the year as `census_year`."""
    parts = []
    for loaded in cin_returns:
        part = frame(loaded.tables[table], columns)
        part["census_year"] = loaded.period_end.year
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def population_by_year(table: Any) -> dict[int, int]:
    """Children aged 0-17 by collection year end: the year ending March YYYY uses DfE's
    mid-(YYYY-1) estimate, as `run_indicators.compute_indicators` gives it to the engine."""
    people = table.to_pandas()
    return {int(year) + 1: int(count) for year, count in
            zip(people["time_period"], people["population_estimate"], strict=True)}


def population_for(year: int, population: Mapping[int, int]) -> int | None:
    """That year's figure, else the latest earlier year's (as the engine does)."""
    if year in population:
        return population[year]
    earlier = [known for known in population if known < year]
    return population[max(earlier)] if earlier else None


def collection_year(dates: pd.Series) -> pd.Series:
    """The year ending 31 March that each date falls in (blank dates left out)."""
    dates = dates.dropna()
    return dates.dt.year + (dates.dt.month >= 4).astype(int)


def snapshot_day(year: int) -> pd.Timestamp:
    return pd.Timestamp(year, 3, 31)


# ------------------------------------------------------------------ stitching (model.py)


def census_tables(cin_returns: list[Any]) -> dict[str, pd.DataFrame]:
    """The CIN census model tables the ten indicators need, stitched across years."""
    details = stacked_census(cin_returns, "cin_details", [
        "child_index", "la_child_id", "cin_details_id", "cin_referral_date",
        "cin_closure_date", "referral_nfa"])
    # An episode of need is the same episode in every census holding the child and referral
    # date; its own fields come from the latest census (then the lowest CINdetails id).
    details = details.sort_values(["census_year", "cin_details_id"], ascending=[False, True])
    referrals = details.drop_duplicates(["la_child_id", "cin_referral_date"], keep="first")
    referrals = pd.DataFrame({
        "child_id": referrals["la_child_id"],
        "referral_date": referrals["cin_referral_date"],
        "closure_date": referrals["cin_closure_date"],
        "nfa": referrals["referral_nfa"].eq(True),  # a blank ReferralNFA is 0
    })
    # Every census row of an episode (not only the chosen one) gives its details the child.
    episode_rows = details[["census_year", "child_index", "cin_details_id", "la_child_id"]]
    episode_rows = episode_rows.rename(columns={"la_child_id": "child_id"})
    keys = ["census_year", "child_index", "cin_details_id"]

    # Assessments: the same one when the child and start date agree, from the latest census.
    raw = stacked_census(cin_returns, "assessments", [
        "child_index", "cin_details_id", "assessment_id", "assessment_actual_start_date",
        "assessment_authorisation_date"])
    assessments = raw.merge(episode_rows, on=keys, how="inner")
    assessments = assessments.sort_values(["census_year", "assessment_id"],
                                          ascending=[False, True])
    assessments = assessments.drop_duplicates(["child_id", "assessment_actual_start_date"])
    assessments = assessments.rename(columns={"assessment_actual_start_date": "started",
                                              "assessment_authorisation_date": "authorised"})

    # Child protection plans, the model's way (cin_cpps, read by C10): joined to their episode,
    # one per child and start date, from the latest census (then the lowest plan id).
    raw_plans = stacked_census(cin_returns, "child_protection_plans", [
        "child_index", "la_child_id", "cin_details_id", "cpp_id", "cpp_start_date",
        "cpp_end_date"])
    cpps = raw_plans.drop(columns="la_child_id").merge(episode_rows, on=keys, how="inner")
    cpps = cpps.sort_values(["census_year", "cpp_id"], ascending=[False, True])
    cpps = cpps.drop_duplicates(["child_id", "cpp_start_date"])
    cpps = cpps.rename(columns={"cpp_start_date": "started", "cpp_end_date": "ended"})

    # C11 reads every census's plans itself (the catalogue's `plans` step): one per child and
    # start date, from the latest census, whether or not its episode is in that census.
    plans = raw_plans.sort_values("census_year", ascending=False)
    plans = plans.drop_duplicates(["la_child_id", "cpp_start_date"])
    plans = plans.rename(columns={"la_child_id": "child_id", "cpp_start_date": "started"})
    return {"referrals": referrals, "assessments": assessments, "cpps": cpps, "plans": plans}


def looked_after_episodes(ssda903: Any) -> pd.DataFrame:
    """SSDA903 episodes, each (child and start date) from the latest return holding it. Every
    row of that return is kept, so a zero-length episode and the next one both stay."""
    episodes = frame(ssda903.tables["episodes"],
                     ["collection_year", "child", "decom", "rne", "ls", "dec", "rec"])
    latest = episodes.groupby(["child", "decom"], dropna=False)["collection_year"] \
        .transform("max")
    episodes = episodes[episodes["collection_year"] == latest]
    return episodes.rename(columns={"child": "child_id"})


def not_short_break(episodes: pd.DataFrame) -> pd.Series:
    """`ls NOT IN ('V3', 'V4')`, which a blank legal status does not pass."""
    return episodes["ls"].notna() & ~episodes["ls"].isin(SHORT_BREAKS)


# ------------------------------------------------------------------ counting


def working_days(start: pd.Series, end: pd.Series) -> pd.Series:
    """Working days after `start` up to and including `end` (start is day 0), as the engine's
    wd(): negative when end is before start, blank when either is blank or off the calendar."""
    usable = (start.notna() & end.notna() & start.between(CALENDAR_FIRST, CALENDAR_LAST)
              & end.between(CALENDAR_FIRST, CALENDAR_LAST))
    days = pd.Series(np.nan, index=start.index)
    first = start[usable].to_numpy().astype("datetime64[D]") + 1
    last = end[usable].to_numpy().astype("datetime64[D]") + 1
    days[usable] = np.busday_count(first, last, holidays=HOLIDAYS)
    return days


def count_by_year(dates: pd.Series, years: list[int], flags: pd.Series | None = None,
                  children: pd.Series | None = None) -> dict[int, int]:
    """Events in each collection year: every event, those flagged, or children once."""
    data = pd.DataFrame({"year": collection_year(dates)})
    if flags is not None:
        data = data[flags.reindex(data.index).to_numpy()]
    if children is not None:
        data["child_id"] = children.reindex(data.index)
        counts = data.groupby("year")["child_id"].nunique()
    else:
        counts = data.groupby("year").size()
    return {year: int(counts.get(year, 0)) for year in years}


def rate_rows(code: str, counts: Mapping[int, int],
              population: Mapping[int, int]) -> list[Row]:
    rows = []
    for year, count in sorted(counts.items()):
        people = population_for(year, population)
        value = 10000.0 * count / people if people else None
        rows.append(Row(code, year, float(count), None if people is None else float(people),
                        value))
    return rows


def percent_rows(code: str, numerators: Mapping[int, int],
                 denominators: Mapping[int, int]) -> list[Row]:
    rows = []
    for year, total in sorted(denominators.items()):
        part = numerators.get(year, 0)
        rows.append(Row(code, year, float(part), float(total),
                        100.0 * part / total if total else None))
    return rows


def compute_ten(loaded_returns: Mapping[str, Any]) -> list[Row]:
    """The ten indicators for every complete collection year, whole authority only."""
    population = population_by_year(loaded_returns["population"])
    cin_returns = loaded_returns["cin_census"]
    cin_years = sorted(loaded.period_end.year for loaded in cin_returns)
    census = census_tables(cin_returns)
    referrals = census["referrals"]
    assessments = census["assessments"]
    cpps = census["cpps"]
    plans = census["plans"]
    ssda903 = loaded_returns["ssda903"]
    episodes = looked_after_episodes(ssda903)
    # The years the SSDA903 return covers: every collection year in any of its tables.
    cla_years = sorted({int(year) for table in ssda903.tables.values()
                        for year in table.column("collection_year").unique().to_pylist()})
    rows: list[Row] = []

    # F03: every referral received in the year.
    rows += rate_rows("F03", count_by_year(referrals["referral_date"], cin_years), population)

    # F04: a referral whose child had another referral in the 12 months before it (on or
    # after the same date a year earlier). Referrals are one per child and date, so the
    # child's previous referral is the one to look at. The year before must be loaded too.
    history_years = [year for year in cin_years if year - 1 in cin_years]
    dated = referrals[referrals["referral_date"].notna()]
    dated = dated.sort_values(["child_id", "referral_date"])
    previous = dated.groupby("child_id")["referral_date"].shift(1)
    year_before = dated["referral_date"] - pd.DateOffset(months=12)
    rereferral = previous.notna() & (previous >= year_before)
    rows += percent_rows("F04", count_by_year(dated["referral_date"], history_years, rereferral),
                         count_by_year(dated["referral_date"], history_years))

    # F05: referrals that led to no further action.
    rows += percent_rows("F05",
                         count_by_year(referrals["referral_date"], cin_years, referrals["nfa"]),
                         count_by_year(referrals["referral_date"], cin_years))

    # F09: assessments authorised in the year, and those within 45 working days of starting.
    authorised = assessments[assessments["authorised"].notna()]
    in_time = working_days(authorised["started"], authorised["authorised"]) <= 45
    rows += percent_rows("F09",
                         count_by_year(authorised["authorised"], cin_years, in_time),
                         count_by_year(authorised["authorised"], cin_years))

    # C01: episodes of need open on 31 March (closed that day is not open), NFA left out.
    open_episodes = {}
    need = referrals[~referrals["nfa"]]
    for year in cin_years:
        day = snapshot_day(year)
        is_open = (need["referral_date"] <= day) & (
            need["closure_date"].isna() | (need["closure_date"] > day))
        open_episodes[year] = int(is_open.sum())
    rows += rate_rows("C01", open_episodes, population)

    # C10: children with a protection plan open on 31 March, each child once.
    on_plan = {}
    for year in cin_years:
        day = snapshot_day(year)
        is_open = (cpps["started"] <= day) & (cpps["ended"].isna() | (cpps["ended"] > day))
        on_plan[year] = int(cpps.loc[is_open, "child_id"].nunique())
    rows += rate_rows("C10", on_plan, population)

    # C11: protection plans starting in the year, each plan counted.
    rows += rate_rows("C11", count_by_year(plans["started"], cin_years), population)

    # L01: children looked after on 31 March (an episode ending that day is not open), short
    # breaks left out, each child once.
    care = episodes[not_short_break(episodes)]
    looked_after = {}
    for year in cla_years:
        day = snapshot_day(year)
        is_open = (care["decom"] <= day) & (care["dec"].isna() | (care["dec"] > day))
        looked_after[year] = int(care.loc[is_open, "child_id"].nunique())
    rows += rate_rows("L01", looked_after, population)

    # L02: children starting to be looked after (an episode with RNE S), each child once.
    starts = care[care["rne"] == "S"]
    rows += rate_rows("L02", count_by_year(starts["decom"], cla_years,
                                           children=starts["child_id"]), population)

    # L03: children ceasing to be looked after (an episode ending for a reason other than X1;
    # a blank reason does not count, as in SQL), each child once.
    ceased = care[care["dec"].notna() & care["rec"].notna() & (care["rec"] != "X1")]
    rows += rate_rows("L03", count_by_year(ceased["dec"], cla_years,
                                           children=ceased["child_id"]), population)
    return rows


def years_label(year: int) -> str:
    """2025 -> "2024-25"."""
    return f"{year - 1}-{year % 100:02d}"
