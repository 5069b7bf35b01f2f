"""Reading the national child-level returns into typed tables (issue 4, in progress).

Every reader takes bytes (never a path or a connection) and returns a `Loaded`: one
`pyarrow.Table` per list or table, with canonical snake_case columns and real types (dates as
date32, codes as strings without their "a) " prefix), plus the row-level problems found. A file
whose structure is wrong (not a workbook, a missing sheet or column, XML with a DTD) raises
`Refused` with the problems; the caller records the attempt and writes nothing. Row-level
problems are returned, not raised, so a data officer sees them all at once; the caller refuses
the import as a whole when there are any (all or nothing).

Arrow is the exchange format because both DuckDB and Polars read it without copying
(ADR 0002); the engine choice stays behind this package's API.
"""

from clearsight_analytics.ingest.problems import FileInfo, Loaded, Problem, Refused

__all__ = ["FileInfo", "Loaded", "Problem", "Refused"]
