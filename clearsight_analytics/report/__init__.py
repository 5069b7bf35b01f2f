"""The analysts' report: the national returns in, HTML, Excel and JSON out, with no server
and no database.

    python -m clearsight_analytics report --annex-a annex_a.xlsx --as-at 2026-03-31 \
        --population 34439 --out report.html --out report.xlsx --out report.json

Modules:

- `sources`: reads the files named on the command line (sizes checked first, zips guarded)
  into `Return`s and every problem found; the only module that reads files.
- `content`: `build_report` computes the catalogue (indicators.engine) and gathers what every
  writer shows: latest values, XmR analysis, benchmark comparisons, breakdowns; small
  numbers hidden here when asked, so no writer can show them.
- `json_report`, `excel_report`, `html_report`: the three writers.
- `formatting`: how figures are written, the suppression rule, escaping.
- `cli`: the command line, problems printed as `file:part:row:column: expected (found "value")`.

The user's guide and the JSON format are in docs/report.md. Like the rest of
`clearsight_analytics` this package imports neither Django nor the web app; unlike the
engine it does read and write files (sources.py and cli.py only).
"""

from clearsight_analytics.report.cli import format_problem, main, run
from clearsight_analytics.report.content import (
    PopulationSource,
    Report,
    ReportOptions,
    build_report,
)
from clearsight_analytics.report.excel_report import write_excel
from clearsight_analytics.report.html_report import render_html
from clearsight_analytics.report.json_report import write_json

__all__ = [
    "PopulationSource",
    "Report",
    "ReportOptions",
    "build_report",
    "format_problem",
    "main",
    "render_html",
    "run",
    "write_excel",
    "write_json",
]
