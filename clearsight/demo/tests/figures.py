"""Yearly figures of Demoshire's returns, counted from what the real readers make of the files.

`yearly_figures(files)` reads every collection year's CIN census and SSDA903 files with
`clearsight_analytics.ingest` and counts, for each year, roughly as DfE does (data-standards.md
section 4): referrals, re-referrals within 12 months, assessments completed (and within 45
working days), section 47 enquiries, initial conferences (and within 15 working days), child
protection plans started, children in need, on a plan and looked after at the end of the year,
and children starting and ceasing to be looked after. Rates per 10,000 use population.csv (the
mid-year before the year ends). Each count comes from that year's own return; a year still
running counts up to as_of, and `annualised` scales its counts to a whole year.

Used by test_returns.py; handy when tuning the generator:
    uv run python -m clearsight.demo.tests.figures [open cases] [as_of]
"""

import csv
import sys
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from clearsight.demo.files import DemoFiles
from clearsight_analytics import WorkingDayCalendar
from clearsight_analytics.ingest.cin_census import read_cin_census
from clearsight_analytics.ingest.ssda903 import read_ssda903_years

COUNTS = ("referrals", "assessments", "section_47", "icpcs", "cpp_starts", "cla_starts",
          "cla_ceased")
STOCKS = ("cin_at_end", "cpp_at_end", "cla_at_end")


def _rows(table: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


def _population(path: Path) -> dict[int, int]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {int(row["time_period"]): int(row["population_estimate"])
                for row in csv.DictReader(handle)}


def yearly_figures(files: DemoFiles, as_of: date) -> dict[int, dict[str, float]]:
    calendar = WorkingDayCalendar()
    population = _population(files.population)
    figures: dict[int, dict[str, float]] = {}
    referral_days: dict[str, set[date]] = defaultdict(set)
    census = {year: read_cin_census(path.read_bytes(), path.name)
              for year, path in files.cin_census.items()}
    for loaded in census.values():
        assert not loaded.problems, loaded.problems[:5]
        for row in _rows(loaded.tables["cin_details"]):
            referral_days[row["la_child_id"]].add(row["cin_referral_date"])
    ssda903 = read_ssda903_years({year: {path.name: path.read_bytes()
                                         for path in files.ssda903_files(year)}
                                  for year in files.ssda903})
    assert not ssda903.problems, ssda903.problems[:5]
    episodes_by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(ssda903.tables["episodes"]):
        episodes_by_year[row["collection_year"]].append(row)

    for year, loaded in census.items():
        first, last = date(year - 1, 4, 1), min(date(year, 3, 31), as_of)

        def within(day: date | None, first: date = first, last: date = last) -> bool:
            return day is not None and first <= day <= last

        def open_at_end(start: date | None, end: date | None, last: date = last) -> bool:
            return start is not None and start <= last and (end is None or end > last)

        details = _rows(loaded.tables["cin_details"])
        referrals = [r for r in details if within(r["cin_referral_date"])]
        rereferrals = sum(
            1 for r in referrals
            if any(r["cin_referral_date"] - timedelta(days=365) <= day < r["cin_referral_date"]
                   for day in referral_days[r["la_child_id"]]))
        assessments = [a for a in _rows(loaded.tables["assessments"])
                       if within(a["assessment_authorisation_date"])]
        in_45 = sum(1 for a in assessments if calendar.working_days_between(
            a["assessment_actual_start_date"], a["assessment_authorisation_date"]) <= 45)
        enquiries = _rows(loaded.tables["section47"])
        conferences = [s for s in enquiries if within(s["date_of_initial_cpc"])]
        in_15 = sum(1 for s in conferences if calendar.working_days_between(
            s["s47_actual_start_date"], s["date_of_initial_cpc"]) <= 15)
        plans = _rows(loaded.tables["child_protection_plans"])
        episodes = episodes_by_year[year]
        per_10k = 10_000 / population[year - 1]
        figure: dict[str, float] = {
            "days": (last - first).days + 1,
            "population": population[year - 1],
            "referrals": len(referrals),
            "rereferral_percent": 100 * rereferrals / len(referrals),
            "nfa_percent": 100 * sum(1 for r in referrals if r["referral_nfa"]) / len(referrals),
            "assessments": len(assessments),
            "assessments_in_45_percent": 100 * in_45 / len(assessments),
            "section_47": sum(1 for s in enquiries if within(s["s47_actual_start_date"])),
            "icpcs": len(conferences),
            "icpcs_in_15_percent": 100 * in_15 / len(conferences),
            "cpp_starts": sum(1 for p in plans if within(p["cpp_start_date"])),
            "cin_at_end": sum(1 for r in details if not r["referral_nfa"] and open_at_end(
                r["cin_referral_date"], r["cin_closure_date"])),
            "cpp_at_end": sum(1 for p in plans
                              if open_at_end(p["cpp_start_date"], p["cpp_end_date"])),
            "cla_at_end": len({e["child"] for e in episodes if open_at_end(e["decom"], e["dec"])}),
            "cla_starts": sum(1 for e in episodes if e["rne"] == "S" and within(e["decom"])),
            "cla_ceased": sum(1 for e in episodes
                              if e["rec"] not in (None, "X1") and within(e["dec"])),
        }
        for name in ("referrals", "section_47", "icpcs", "cpp_starts", "cla_starts",
                     "cla_ceased", "assessments"):
            figure[f"{name}_per_10k"] = figure[name] * per_10k * 365 / figure["days"]
        for name in STOCKS:
            figure[f"{name}_per_10k"] = figure[name] * per_10k
        figures[year] = figure
    return figures


def annualised(figure: dict[str, float], name: str) -> float:
    """A count scaled to a whole year (a year still running has fewer days); stocks as they are."""
    return figure[name] * (365 / figure["days"] if name in COUNTS else 1)


def main() -> None:  # pragma: no cover - a tuning aid
    from clearsight.demo.files import write_all
    from clearsight.demo.generator import generate

    open_cases = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
    as_of = date.fromisoformat(sys.argv[2]) if len(sys.argv) > 2 else date(2026, 3, 31)
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 2026
    out = Path(sys.argv[4]) if len(sys.argv) > 4 else Path("/tmp/demoshire-figures")  # noqa: S108
    files = write_all(generate(seed=seed, open_cases=open_cases, as_of=as_of), out)
    figures = yearly_figures(files, as_of)
    names = list(next(iter(figures.values())))
    print(f"{'':28}" + "".join(f"{year - 1}-{year % 100:02d}".rjust(10) for year in figures))  # noqa: T201
    for name in names:
        print(f"{name:28}" + "".join(f"{figures[y][name]:10.1f}" for y in figures))  # noqa: T201


if __name__ == "__main__":  # pragma: no cover
    main()
