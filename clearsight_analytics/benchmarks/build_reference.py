"""Build the compact reference files that Clearsight ships, from DfE's published files.

    uv run python -m clearsight_analytics.benchmarks.build_reference \\
        --lait ../shared/data/lait/bds_long_0.parquet \\
        --sn2021 ../shared/data/lait/sn_april_2021.xlsx \\
        --sn2025 ../shared/data/lait/sn_may_2025.xlsx \\
        --population ../shared/data/dfe/ons_mid-year_population_estimates_2012_to_2024.csv \\
        --out clearsight_analytics/reference/

`--dictionary` (LAIT's data dictionary, for names and polarity) and `--la-codes` (LAIT's code
list) default to `lait_data_dictionary.csv` and `la_code_list.xlsx` beside the LAIT file.
The measures are `measures.REFERENCE_MEASURES`, from `--from-year` (default 2019) on. The
output is sorted and byte-identical for the same inputs; a test rebuilds it and compares.

This module and `reference.load_reference` are the only places in the package that touch paths:
everything else takes bytes.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from clearsight_analytics.benchmarks.areas import (
    Authority,
    Population,
    read_la_code_list,
    read_population,
)
from clearsight_analytics.benchmarks.ees import dataset_for, ees_measures, read_ees_csv
from clearsight_analytics.benchmarks.figures import PublishedFigures
from clearsight_analytics.benchmarks.lait import read_lait_dictionary, read_lait_long
from clearsight_analytics.benchmarks.measures import (
    REFERENCE_FROM_YEAR,
    REFERENCE_MEASURES,
    Measure,
)
from clearsight_analytics.benchmarks.neighbours import read_neighbour_model
from clearsight_analytics.benchmarks.reference import Benchmarks, write_reference
from clearsight_analytics.ingest.problems import Problem


def read_sources(*, lait: Path, sn2021: Path, sn2025: Path, population: Path,
                 dictionary: Path | None = None, la_codes: Path | None = None,
                 ees: Iterable[Path] = ()) -> Benchmarks:
    """`Benchmarks` from DfE's full files; `ees` adds EES CSVs (their declared measures)."""
    dictionary = dictionary or lait.with_name("lait_data_dictionary.csv")
    la_codes = la_codes or lait.with_name("la_code_list.xlsx")
    people = read_population(population.read_bytes(), population.name)
    parts = [read_lait_long(lait.read_bytes(), lait.name)]
    measures: dict[str, Measure] = read_lait_dictionary(dictionary.read_bytes(),
                                                        dictionary.name)
    for path in ees:
        if dataset_for(path.name) is None:
            continue
        parts.append(read_ees_csv(path.read_bytes(), path.name, population=people))
    if parts[1:]:
        measures.update(ees_measures())
    authorities = _authorities(read_la_code_list(la_codes.read_bytes(), la_codes.name),
                               people)
    models = {"2021": read_neighbour_model(sn2021.read_bytes(), sn2021.name, "2021"),
              "2025": read_neighbour_model(sn2025.read_bytes(), sn2025.name, "2025")}
    return Benchmarks(figures=PublishedFigures.combine(parts), measures=measures,
                      neighbour_models=models, population=people, authorities=authorities)


def _authorities(listed: dict[str, Authority], people: Population) -> dict[str, Authority]:
    return {code: Authority(code=a.code, name=a.name, region_code=a.region_code,
                            region_name=a.region_name, new_code=people.new_codes.get(code))
            for code, a in listed.items()}


def problems_of(benchmarks: Benchmarks) -> list[Problem]:
    return [*benchmarks.figures.problems, *benchmarks.population.problems,
            *(p for model in benchmarks.neighbour_models.values() for p in model.problems)]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m clearsight_analytics.benchmarks.build_reference",
        description="Write Clearsight's shipped benchmark reference files from DfE's files.")
    parser.add_argument("--lait", type=Path, required=True, help="LAIT bds_long_0.parquet")
    parser.add_argument("--sn2021", type=Path, required=True, help="sn_april_2021.xlsx")
    parser.add_argument("--sn2025", type=Path, required=True, help="sn_may_2025.xlsx")
    parser.add_argument("--population", type=Path, required=True,
                        help="ons_mid-year_population_estimates_2012_to_2024.csv")
    parser.add_argument("--dictionary", type=Path, help="lait_data_dictionary.csv")
    parser.add_argument("--la-codes", type=Path, help="la_code_list.xlsx")
    parser.add_argument("--from-year", type=int, default=REFERENCE_FROM_YEAR)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    args = parser.parse_args(argv)
    benchmarks = read_sources(lait=args.lait, sn2021=args.sn2021, sn2025=args.sn2025,
                              population=args.population, dictionary=args.dictionary,
                              la_codes=args.la_codes)
    missing = [code for code in REFERENCE_MEASURES if not benchmarks.figures.years(code)]
    if missing:
        sys.stderr.write(f"LAIT has no figures for: {', '.join(missing)}\n")
        return 1
    for problem in problems_of(benchmarks)[:20]:
        sys.stderr.write(f"warning: {problem}\n")
    sizes = write_reference(benchmarks, args.out, REFERENCE_MEASURES, args.from_year)
    for name, size in sizes.items():
        sys.stdout.write(f"{name}: {size:,} bytes\n")
    sys.stdout.write(f"total: {sum(sizes.values()):,} bytes in {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
