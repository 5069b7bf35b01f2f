"""Published benchmarks: DfE's local-authority statistics, and how an authority compares.

Read DfE's files (bytes in, typed results out), normalise them into one table of published
figures, and compare an authority with England, its region, its statistical neighbours and
all authorities. The product uses the compact copy shipped in `clearsight_analytics/reference/`
(`load_reference()`); the readers are for building that copy and for checking it.

Modules and the decisions each documents:

- `values`: published cells (numbers vs DfE status codes, never zero), period labels -> years,
  area codes (old LA code, ONS region codes, E92000001), rates per 10,000 (half up).
- `figures`: the normalised table (`SCHEMA`) and `PublishedFigures` lookups.
- `lait`: LAIT's long Parquet file and data dictionary (names, DfE polarity).
- `ees`: the EES CSVs, with the declared registry `EES_MEASURES` (file + filter + column ->
  `ees:` measure).
- `areas`: LA code list, ONS population 0-17 (mid-(YYYY-1) for the year ending March YYYY).
- `neighbours`: the 2021 and 2025 statistical-neighbour models.
- `compare`: SN mean/median/n, ranks, quartiles and DfE's A-D bands (convention in its
  docstring).
- `reference`: `Benchmarks`, the shipped files' format, `load_reference()`.
- `build_reference`: the command that writes the shipped files.
"""

from clearsight_analytics.benchmarks.areas import (
    Authority,
    Population,
    read_la_code_list,
    read_population,
)
from clearsight_analytics.benchmarks.compare import (
    Comparison,
    NeighbourFigure,
    NeighbourSummary,
    Position,
    compare,
    position_of_value,
)
from clearsight_analytics.benchmarks.ees import (
    EES_DATASETS,
    EES_MEASURES,
    EesMeasure,
    ees_measures,
    read_ees_csv,
)
from clearsight_analytics.benchmarks.figures import SCHEMA, Figure, PublishedFigures
from clearsight_analytics.benchmarks.lait import read_lait_dictionary, read_lait_long
from clearsight_analytics.benchmarks.measures import REFERENCE_MEASURES, Measure, Polarity
from clearsight_analytics.benchmarks.neighbours import (
    Neighbour,
    NeighbourModel,
    read_neighbour_model,
)
from clearsight_analytics.benchmarks.reference import Benchmarks, load_reference
from clearsight_analytics.benchmarks.values import (
    STATUS_MEANINGS,
    parse_published,
    rate_per_10k,
    year_from_label,
)

__all__ = [
    "EES_DATASETS",
    "EES_MEASURES",
    "REFERENCE_MEASURES",
    "SCHEMA",
    "STATUS_MEANINGS",
    "Authority",
    "Benchmarks",
    "Comparison",
    "EesMeasure",
    "Figure",
    "Measure",
    "Neighbour",
    "NeighbourFigure",
    "NeighbourModel",
    "NeighbourSummary",
    "Polarity",
    "Population",
    "Position",
    "PublishedFigures",
    "compare",
    "ees_measures",
    "load_reference",
    "parse_published",
    "position_of_value",
    "rate_per_10k",
    "read_ees_csv",
    "read_la_code_list",
    "read_lait_dictionary",
    "read_lait_long",
    "read_neighbour_model",
    "read_population",
    "year_from_label",
]
