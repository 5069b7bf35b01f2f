"""Everything a comparison needs in one object, and the compact reference files shipped with it.

`Benchmarks` bundles the published figures, the measure catalogue (with polarity), both
statistical-neighbour models, the population of children 0-17 and the authority directory.
It comes from the shipped files (`load_reference()`, what the product uses: a user's install has
no `/work/shared`) or from DfE's own files (`build_reference.read_sources`, for the build and
the tests).

The shipped files live in `clearsight_analytics/reference/` (a package, so
`importlib.resources` finds them from a checkout as well as from an installed copy). Their
format is written down here, next to both the writer and the reader:

| file | columns |
| --- | --- |
| figures.csv | measure, area_code, then a column per year ("2019" ... "2025") (1) |
| periods.csv | measure, year, period_label, only where the label is not just the year |
| areas.csv | area_code, area_level, area_name, new_code, region_code, region_name |
| measures.csv | code, name, polarity ("high is good", "low is good", "none"), source, period |
| neighbours.csv | model ("2021" or "2025"), authority_code, rank, neighbour_code, closeness (2) |
| population.csv | area_code, mid_year, children_0_17 (a number or a status code) |

(1) Each year's cell is the published number or DfE's status code; empty = nothing published.
(2) An authority the model gives no neighbours has one row with rank, neighbour and closeness
blank (Cumberland and Westmorland and Furness in the 2021 model).

Figures are wide (a column per year) because that is a fifth of the size of one row per
figure. Numbers are written in Python's shortest exact form (557.70000000000005 in LAIT is
written 557.7, the same float). Rows are sorted, so rebuilding from the same sources gives
byte-identical files.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final

import pyarrow as pa

from clearsight_analytics.benchmarks.areas import Authority, Population
from clearsight_analytics.benchmarks.compare import (
    Comparison,
    Position,
    compare,
    position_of_value,
)
from clearsight_analytics.benchmarks.figures import (
    SCHEMA,
    ArrowArray,
    Figure,
    PublishedFigures,
    parse_published_column,
)
from clearsight_analytics.benchmarks.measures import Measure, Polarity
from clearsight_analytics.benchmarks.neighbours import (
    MODELS,
    ModelName,
    Neighbour,
    NeighbourModel,
)
from clearsight_analytics.benchmarks.values import (
    AREA_LEVELS,
    ENGLAND_CODE,
    ENGLAND_NAME,
    REGIONS,
    AreaLevel,
    format_published,
    parse_published,
)

REFERENCE_PACKAGE: Final = "clearsight_analytics.reference"
FILES: Final = ("figures.csv", "periods.csv", "areas.csv", "measures.csv", "neighbours.csv",
                "population.csv")


@dataclass(frozen=True)
class Benchmarks:
    figures: PublishedFigures
    measures: Mapping[str, Measure]
    neighbour_models: Mapping[str, NeighbourModel]  # "2021", "2025"
    population: Population
    authorities: Mapping[str, Authority]  # old code -> authority

    def polarity(self, measure: str) -> Polarity:
        """DfE's polarity for the measure; NONE for a measure the catalogue does not have."""
        known = self.measures.get(measure)
        return known.polarity if known else Polarity.NONE

    def compare(self, measure: str, year: int, authority: str, *, model: ModelName = "2025",
                polarity: Polarity | None = None) -> Comparison:
        """The authority beside England, its region, its neighbours in `model` and all
        authorities (`compare.compare`); KeyError for an authority the model lacks."""
        return compare(self.figures, measure, year, authority, self.neighbour_models[model],
                       polarity or self.polarity(measure))

    def position_of_value(self, measure: str, year: int, value: float, *,
                          exclude: str | None = None, polarity: Polarity | None = None
                          ) -> Position | None:
        """Where a value Clearsight computed sits among the published numbers."""
        return position_of_value(self.figures, measure, year, value,
                                 polarity or self.polarity(measure), exclude)


# ------------------------------------------------------------------ writing


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def reference_texts(benchmarks: Benchmarks, measures: Sequence[str], from_year: int
                    ) -> dict[str, str]:
    """The shipped files' contents for these measures from `from_year` on."""
    figures = benchmarks.figures.select(measures, from_year)
    cells: dict[tuple[str, str], dict[int, str]] = {}
    labels: dict[tuple[str, int], str] = {}
    areas: dict[str, Figure] = {}
    for measure in measures:
        for year in figures.years(measure):
            for level in AREA_LEVELS:
                for figure in figures.by_level(measure, year, level):
                    cells.setdefault((measure, figure.area_code), {})[year] = format_published(
                        figure.value, figure.status)
                    if figure.period_label != str(year):
                        labels[(measure, year)] = figure.period_label
                    areas[figure.area_code] = figure
    years = sorted({year for row in cells.values() for year in row})
    texts = {
        "figures.csv": _csv_text(
            ["measure", "area_code", *map(str, years)],
            ([measure, code, *(row.get(year, "") for year in years)]
             for (measure, code), row in sorted(cells.items()))),
        "periods.csv": _csv_text(["measure", "year", "period_label"],
                                 ([m, y, label] for (m, y), label in sorted(labels.items()))),
        "areas.csv": _csv_text(
            ["area_code", "area_level", "area_name", "new_code", "region_code", "region_name"],
            _area_rows(benchmarks, areas)),
        "measures.csv": _csv_text(
            ["code", "name", "polarity", "source", "period"],
            ([m.code, m.name, m.polarity.value, m.source, m.period]
             for m in sorted((benchmarks.measures[code] for code in measures
                              if code in benchmarks.measures), key=lambda m: m.code))),
        "neighbours.csv": _csv_text(
            ["model", "authority_code", "rank", "neighbour_code", "closeness"],
            _neighbour_rows(benchmarks.neighbour_models)),
        "population.csv": _csv_text(
            ["area_code", "mid_year", "children_0_17"],
            ([code, year, format_published(None if value is None else float(value), status)]
             for code, year, value, status in benchmarks.population.items())),
    }
    return texts


def _neighbour_rows(models: Mapping[str, NeighbourModel]) -> list[list[object]]:
    """One row per neighbour; an authority the model gives none has one row with blanks."""
    rows: list[list[object]] = []
    for name in sorted(models):
        for code, members in sorted(models[name].groups.items()):
            rows += [[name, code, n.rank, n.code, n.closeness or ""] for n in members] or [
                [name, code, "", "", ""]]
    return rows


def _area_rows(benchmarks: Benchmarks, seen: Mapping[str, Figure]) -> list[list[str]]:
    rows: list[list[str]] = [[ENGLAND_CODE, "national", ENGLAND_NAME, "", "", ""]]
    rows += [[r.code, "regional", r.name, "", r.code, r.name] for r in REGIONS]
    codes = set(benchmarks.authorities) | {code for code, figure in seen.items()
                                           if figure.area_level == "local_authority"}
    for code in sorted(codes):
        figure = seen.get(code)
        known = benchmarks.authorities.get(code)
        name = figure.area_name if figure else (known.name if known else code)
        region_code = (figure.region_code if figure else None) or (
            known.region_code if known else None)
        region_name = (figure.region_name if figure else None) or (
            known.region_name if known else None)
        new_code = (known.new_code if known else None) or benchmarks.population.new_codes.get(
            code)
        rows.append([code, "local_authority", name, new_code or "", region_code or "",
                     region_name or ""])
    return rows


def write_reference(benchmarks: Benchmarks, out: Path, measures: Sequence[str],
                    from_year: int) -> dict[str, int]:
    """Write the shipped files into `out`; returns each file's size in bytes."""
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    for name, text in reference_texts(benchmarks, measures, from_year).items():
        data = text.encode("utf-8")
        (out / name).write_bytes(data)
        sizes[name] = len(data)
    return sizes


# ------------------------------------------------------------------ reading


def _rows(folder: Traversable, name: str, header: Sequence[str]) -> list[dict[str, str]]:
    text = folder.joinpath(name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    found = list(reader.fieldnames or [])
    if found[:len(header)] != list(header):
        raise ValueError(f"reference file {name} should start with the columns "
                         f"{', '.join(header)}, not {', '.join(found)}")
    return list(reader)


def load_reference(folder: Path | None = None) -> Benchmarks:
    """The benchmarks shipped with Clearsight (or the same files in another folder)."""
    where: Traversable = folder if folder is not None else resources.files(REFERENCE_PACKAGE)
    areas: dict[str, dict[str, str]] = {
        row["area_code"]: row for row in _rows(where, "areas.csv", (
            "area_code", "area_level", "area_name", "new_code", "region_code", "region_name"))}
    labels = {(row["measure"], int(row["year"])): row["period_label"]
              for row in _rows(where, "periods.csv", ("measure", "year", "period_label"))}
    figures = _read_figures(where.joinpath("figures.csv").read_text(encoding="utf-8"),
                            areas, labels)
    measures = {row["code"]: Measure(code=row["code"], name=row["name"],
                                     polarity=Polarity(row["polarity"]), source=row["source"],
                                     period=row["period"])
                for row in _rows(where, "measures.csv",
                                 ("code", "name", "polarity", "source", "period"))}
    groups: dict[str, dict[str, list[Neighbour]]] = {name: {} for name in MODELS}
    for row in _rows(where, "neighbours.csv",
                     ("model", "authority_code", "rank", "neighbour_code", "closeness")):
        members = groups.setdefault(row["model"], {}).setdefault(row["authority_code"], [])
        if row["rank"]:
            members.append(Neighbour(row["neighbour_code"], int(row["rank"]),
                                     row["closeness"] or None))
    models = {name: NeighbourModel(
        _model(name), {code: tuple(sorted(members, key=lambda n: n.rank))
                       for code, members in by_code.items()},
        {code: areas[code]["area_name"] for code in by_code if code in areas})
        for name, by_code in groups.items()}
    estimates: dict[tuple[str, int], tuple[int | None, str | None]] = {}
    for row in _rows(where, "population.csv", ("area_code", "mid_year", "children_0_17")):
        value, status = parse_published(row["children_0_17"])
        estimates[(row["area_code"], int(row["mid_year"]))] = (
            int(value) if value is not None else None, status)
    authorities = {code: Authority(code=code, name=row["area_name"],
                                   region_code=row["region_code"] or None,
                                   region_name=row["region_name"] or None,
                                   new_code=row["new_code"] or None)
                   for code, row in areas.items() if row["area_level"] == "local_authority"}
    population = Population(estimates, {code: a.new_code for code, a in authorities.items()
                                        if a.new_code},
                            {code: a.name for code, a in authorities.items()})
    return Benchmarks(figures=figures, measures=measures,
                      neighbour_models=models, population=population, authorities=authorities)


def _read_figures(text: str, areas: Mapping[str, Mapping[str, str]],
                  labels: Mapping[tuple[str, int], str]) -> PublishedFigures:
    """figures.csv into the normalised table, built column by column (73,000 figures)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if header[:2] != ["measure", "area_code"]:
        raise ValueError("reference file figures.csv should start with measure, area_code")
    years = [int(year) for year in header[2:]]
    order = sorted(areas)
    place = {code: index for index, code in enumerate(order)}
    measure: list[str] = []
    year: list[int] = []
    area: list[int] = []
    cell: list[str] = []
    for cells in reader:
        if cells[1] not in place:
            raise ValueError(f"reference file figures.csv names area {cells[1]}, which "
                             "areas.csv does not have")
        for when, text_ in zip(years, cells[2:], strict=True):
            if text_:
                measure.append(cells[0])
                year.append(when)
                area.append(place[cells[1]])
                cell.append(text_)
    for code in order:
        _level(areas[code]["area_level"])

    def by_area(column: str) -> ArrowArray:
        return pa.array([areas[code][column] or None for code in order],
                        type=pa.string()).take(pa.array(area, type=pa.int32()))

    value, status = parse_published_column(pa.array(cell, type=pa.string()))
    label = [labels.get((m, y)) or str(y) for m, y in zip(measure, year, strict=True)]
    table = pa.Table.from_arrays(
        [pa.array(measure, type=pa.string()), pa.array(year, type=pa.int16()),
         pa.array(label, type=pa.string()), by_area("area_level"), by_area("area_code"),
         by_area("area_name"), by_area("region_code"), by_area("region_name"), value, status],
        schema=SCHEMA)
    return PublishedFigures(table)


def _level(text: str) -> AreaLevel:
    for level in AREA_LEVELS:
        if level == text:
            return level
    raise ValueError(f"reference file areas.csv has an unknown area level {text!r}")


def _model(text: str) -> ModelName:
    for name in MODELS:
        if name == text:
            return name
    raise ValueError(f"reference file neighbours.csv has an unknown model {text!r}")
