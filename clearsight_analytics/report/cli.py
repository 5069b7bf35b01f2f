"""`python -m clearsight_analytics report`: the national returns in, a report out.

Exit status: 0 when the report was written; 1 when an input file has problems (each printed
to stderr as `file:part:row:column: expected (found "value")`, and nothing written); 2 for a
mistake on the command line (argparse's usage message).

Outputs are first written next to their final path under a temporary name and renamed into
place only when every one of them has been written, so a failure leaves no half-written or
partial set of files behind.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Final, TextIO

from clearsight_analytics.benchmarks import Benchmarks, Population
from clearsight_analytics.indicators import BY_CODE, CATALOGUE, Breakdown, PeriodType
from clearsight_analytics.ingest import Problem
from clearsight_analytics.report.content import (
    DEFAULT_BREAKDOWNS,
    PopulationSource,
    Report,
    ReportOptions,
    ReturnsConflict,
    build_report,
    clock,
    since,
)
from clearsight_analytics.report.excel_report import write_excel
from clearsight_analytics.report.formatting import escape_controls
from clearsight_analytics.report.html_report import render_html
from clearsight_analytics.report.json_report import write_json
from clearsight_analytics.report.sources import (
    Collected,
    InputFile,
    check_one_census_per_year,
    read_annex_a,
    read_benchmarks,
    read_cin_census_file,
    read_population_file,
    read_ssda903_year,
    ssda903_years,
)

PROG: Final = "python -m clearsight_analytics report"
FORMATS: Final = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".json": "json"}
MAX_POPULATION: Final = 5_000_000  # more children than any English authority has
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})=(.+)$", re.DOTALL)
_YEAR_PREFIX = re.compile(r"^(\d{4})=(.+)$", re.DOTALL)
_OLD_CODE = re.compile(r"^\d{3}$")
_NEW_CODE = re.compile(r"^E\d{8}$")

DESCRIPTION: Final = """\
Compute Clearsight's indicators from the national children's social care returns and write
a report: HTML and Excel for people, JSON for machines. No server and no database.

Give any of the returns (Ofsted's Annex A, the SSDA903 children looked after return, the CIN
census), the number of children aged 0 to 17 (for rates per 10,000), and where the report
goes. Benchmarks default to DfE's published figures shipped with Clearsight.

Children's data: the report holds aggregate figures only. No child's identifier or record is
written to any output. Use --suppress before sharing it outside the service: counts from 1
to 4 are then shown as "fewer than 5" and the values resting on them are not shown."""

EPILOG: Final = """\
example:
  python -m clearsight_analytics report \\
      --annex-a annex_a.xlsx --as-at 2026-03-31 \\
      --ssda903 2025=returns/903/2025/ --ssda903 2026=returns/903/2026.zip \\
      --cin-census cin_2025.xml --cin-census cin_2026.xml \\
      --population-file ons_mid-year_population_estimates.csv --la 884 \\
      --out report.html --out report.xlsx --out report.json

Any problem with an input file is printed as file:part:row:column: expected (found "value")
and nothing is written (exit status 1). See docs/report.md for the JSON format."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=34, width=96)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date as YYYY-MM-DD, not {text!r}") from None


def _codes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parser() -> argparse.ArgumentParser:
    parse = argparse.ArgumentParser(prog=PROG, description=DESCRIPTION, epilog=EPILOG,
                                    formatter_class=_Formatter)
    returns = parse.add_argument_group("returns (give at least one)")
    returns.add_argument("--annex-a", action="append", default=[], metavar="[DATE=]PATH",
                         help="Ofsted Annex A: an .xlsx workbook, or a folder of its eleven "
                              "lists as CSV (list_1.csv ... list_11.csv). Repeat with "
                              "DATE=PATH for several extracts")
    returns.add_argument("--as-at", type=_date, metavar="DATE",
                         help="the date the Annex A lists were extracted, YYYY-MM-DD "
                              "(required with --annex-a PATH)")
    returns.add_argument("--ssda903", action="append", default=[], metavar="[YEAR=]PATH",
                         help="SSDA903 for the collection year ending 31 March YEAR: a folder "
                              "of its CSV files or a .zip of them. Without YEAR= the folder "
                              "or zip must be named after the year (2025/, 2025.zip), or "
                              "hold one such folder or zip per year. Repeat for each year")
    returns.add_argument("--cin-census", action="append", default=[], metavar="PATH",
                         help="a CIN census XML file (or a folder of them); repeat for each "
                              "year")
    returns.add_argument("--data-to", type=_date, metavar="DATE",
                         help="the last day the SSDA903 and CIN census data is complete to, "
                              "for a year still running (default the report's date): later "
                              "months are left out, not counted as zero")
    people = parse.add_argument_group("children aged 0 to 17 (for rates per 10,000)")
    people.add_argument("--population", action="append", default=[], metavar="[YEAR=]N",
                        help="the number of children: N for every year, or YEAR=N for the "
                             "collection year ending March YEAR (repeat)")
    people.add_argument("--population-file", metavar="PATH",
                        help="DfE's ONS mid-year population estimates CSV; needs --la. The "
                             "year ending March YYYY uses the mid-(YYYY-1) estimate, as DfE "
                             "does")
    people.add_argument("--la", metavar="CODE",
                        help="the authority's DfE code (884) or ONS code (E06000019): picks "
                             "its population and its region and statistical neighbours")
    bench = parse.add_argument_group("benchmarks")
    bench.add_argument("--benchmarks", metavar="PATH",
                       help="DfE's LAIT long Parquet file (bds_long_0.parquet) or a folder of "
                            "reference files in Clearsight's shipped format; default the "
                            "figures shipped with Clearsight")
    bench.add_argument("--no-benchmarks", action="store_true",
                       help="compare with nothing")
    bench.add_argument("--neighbours", choices=("2025", "2021"), default="2025",
                       help="DfE's statistical-neighbour model (default 2025)")
    bench.add_argument("--compare-with", metavar="CODE",
                       help="compare as this authority (its region and neighbours) instead "
                            "of --la; for a demonstration authority, say")
    output = parse.add_argument_group("output")
    output.add_argument("--out", action="append", default=[], metavar="PATH", required=True,
                        help="where to write: .html, .xlsx or .json by its extension; repeat "
                             "for several")
    output.add_argument("--suppress", action="store_true",
                        help='show counts from 1 to 4 as "fewer than 5" and hide the values '
                             "resting on them (for sharing with boards)")
    output.add_argument("--authority-name", metavar="NAME",
                        help="the name in the report's title (default from --la)")
    output.add_argument("--breakdowns", type=_codes, metavar="LIST",
                        default=[b.value for b in DEFAULT_BREAKDOWNS],
                        help="comma-separated breakdowns beside the whole authority, from "
                             + ", ".join(b.value for b in Breakdown if b != Breakdown.ALL)
                             + '; "none" for the whole authority only (default '
                             + ",".join(b.value for b in DEFAULT_BREAKDOWNS)
                             + "; worker names staff, so it is only given when asked for)")
    output.add_argument("--period-types", type=_codes, metavar="LIST",
                        default=[t.value for t in PeriodType],
                        help="comma-separated period types, from "
                             + ", ".join(t.value for t in PeriodType) + " (default all)")
    output.add_argument("--indicators", type=_codes, metavar="CODES",
                        help="comma-separated indicator codes (default the whole catalogue)")
    output.add_argument("--no-definitions", action="store_true",
                        help="leave the catalogue's definitions out of the JSON")
    output.add_argument("--generated-at", metavar="DATETIME",
                        help="the time to stamp the report with, ISO 8601 (default "
                             "$SOURCE_DATE_EPOCH, else now): for reproducible output")
    output.add_argument("--timings", action="store_true",
                        help="print how long each step took to stderr")
    return parse


# ------------------------------------------------------------------ problems


def format_problem(problem: Problem) -> str:
    """`file:part:row:column: expected (found "value")`, with control characters escaped;
    an unknown part, row or column is left empty."""
    fields = [problem.file, problem.part, "" if problem.row is None else str(problem.row),
              problem.column or ""]
    line = ":".join(escape_controls(text) for text in fields) + ": " + escape_controls(
        problem.expected)
    if problem.value:
        line += f' (found "{escape_controls(problem.value)}")'
    return line


def _whole(name: str, expected: str, value: str = "") -> Problem:
    return Problem(name, "", None, None, value, expected)


# ------------------------------------------------------------------ the run


@dataclass
class _Plan:
    """The command line, checked: what to read and where to write."""

    annex_a: list[tuple[date, str]] = field(default_factory=list)
    ssda903: list[tuple[int | None, str]] = field(default_factory=list)
    cin_census: list[str] = field(default_factory=list)
    population_every: int | None = None
    population_by_year: dict[int, int] = field(default_factory=dict)
    outputs: list[tuple[str, Path]] = field(default_factory=list)  # format, path
    definitions: bool = True  # the catalogue's definitions in the JSON
    options: ReportOptions = field(default_factory=ReportOptions)


def _plan(args: argparse.Namespace, parse: argparse.ArgumentParser) -> _Plan:
    plan = _Plan()
    dated = [_DATE_PREFIX.match(text) for text in args.annex_a]
    plain = [text for text, match in zip(args.annex_a, dated, strict=True) if match is None]
    for match in dated:
        if match is not None:
            try:
                plan.annex_a.append((date.fromisoformat(match.group(1)), match.group(2)))
            except ValueError:
                parse.error(f"--annex-a: {match.group(1)!r} is not a date as YYYY-MM-DD")
    if plain:
        if args.as_at is None:
            parse.error("--as-at is required with --annex-a PATH: the date the lists were "
                        "extracted")
        if len(plain) > 1:
            parse.error("several Annex A extracts need a date each: --annex-a DATE=PATH")
        plan.annex_a.append((args.as_at, plain[0]))
    elif args.as_at is not None:
        parse.error("--as-at is the date of an Annex A extract: give --annex-a as well")
    dates = [day for day, _ in plan.annex_a]
    if len(set(dates)) != len(dates):
        parse.error("two Annex A extracts have the same date")
    generated_at = _generated_at(args, parse)
    if any(day > generated_at.date() for day in dates):
        parse.error("an Annex A extract date is after the report's date (today, or "
                    "--generated-at)")
    for text in args.ssda903:
        match = _YEAR_PREFIX.match(text)
        plan.ssda903.append((int(match.group(1)), match.group(2)) if match else (None, text))
    plan.cin_census = list(args.cin_census)
    if not (plan.annex_a or plan.ssda903 or plan.cin_census):
        parse.error("give at least one return: --annex-a, --ssda903 or --cin-census")

    if args.population and args.population_file:
        parse.error("give --population or --population-file, not both")
    if args.population_file and not args.la:
        parse.error("--population-file needs --la, the authority whose figures to use")
    for text in args.population:
        match = _YEAR_PREFIX.match(text)
        number_text = match.group(2) if match else text
        try:
            number = int(number_text.replace(",", "").replace("_", ""))
        except ValueError:
            parse.error(f"--population: {text!r} is not a whole number of children")
        if not 0 < number <= MAX_POPULATION:
            parse.error(f"--population: {number:,} is not a plausible number of children "
                        f"(1 to {MAX_POPULATION:,})")
        if match:
            plan.population_by_year[int(match.group(1))] = number
        elif plan.population_every is not None or len(args.population) > 1:
            parse.error("--population N applies to every year; give it once, or give "
                        "YEAR=N for each year")
        else:
            plan.population_every = number
    if args.la and not (_OLD_CODE.match(args.la) or _NEW_CODE.match(args.la)):
        parse.error(f"--la: {args.la!r} is not a DfE code (884) or an ONS code (E06000019)")
    if args.compare_with and not _OLD_CODE.match(args.compare_with):
        parse.error(f"--compare-with: {args.compare_with!r} is not a DfE code such as 884")
    if args.benchmarks and args.no_benchmarks:
        parse.error("give --benchmarks or --no-benchmarks, not both")

    known_breakdowns = {b.value: b for b in Breakdown if b != Breakdown.ALL}
    breakdowns: list[Breakdown] = []
    for name in args.breakdowns:
        if name == "none":
            continue
        if name not in known_breakdowns:
            parse.error(f"--breakdowns: {name!r} is not one of "
                        + ", ".join(known_breakdowns) + ", none")
        if known_breakdowns[name] not in breakdowns:
            breakdowns.append(known_breakdowns[name])
    period_types: list[PeriodType] = []
    for name in args.period_types:
        try:
            kind = PeriodType(name)
        except ValueError:
            parse.error(f"--period-types: {name!r} is not one of "
                        + ", ".join(t.value for t in PeriodType))
        if kind not in period_types:
            period_types.append(kind)
    if not period_types:
        parse.error("--period-types: give at least one")
    indicators = CATALOGUE
    if args.indicators:
        unknown = [code for code in args.indicators if code not in BY_CODE]
        if unknown:
            parse.error(f"--indicators: no indicator {', '.join(unknown)} in the catalogue")
        wanted = set(args.indicators)
        indicators = tuple(i for i in CATALOGUE if i.code in wanted)

    seen: set[Path] = set()
    for text in args.out:
        path = Path(text)
        output_format = FORMATS.get(path.suffix.lower())
        if output_format is None:
            parse.error(f"--out {text}: the name must end .html, .xlsx or .json")
        resolved = path.resolve()
        if resolved in seen:
            parse.error(f"--out {text} is given twice")
        if not resolved.parent.is_dir():
            parse.error(f"--out {text}: there is no folder {path.parent}")
        if resolved.is_dir():
            parse.error(f"--out {text} is a folder")
        seen.add(resolved)
        plan.outputs.append((output_format, path))
    inputs = [Path(p).resolve() for _, p in plan.annex_a] + [
        Path(p).resolve() for _, p in plan.ssda903] + [Path(p).resolve()
                                                       for p in plan.cin_census]
    for extra in (args.population_file, args.benchmarks):
        if extra:
            inputs.append(Path(extra).resolve())
    for path in inputs:
        if path in seen:
            parse.error(f"--out {path} is also an input: it would be overwritten")

    plan.options = ReportOptions(
        indicators=indicators, breakdowns=tuple(breakdowns), period_types=tuple(period_types),
        suppress=args.suppress, la_code=args.la, compare_with=args.compare_with,
        neighbour_model="2021" if args.neighbours == "2021" else "2025",
        authority_name=args.authority_name, generated_at=generated_at,
        data_to=args.data_to or generated_at.date())
    return plan


def _generated_at(args: argparse.Namespace, parse: argparse.ArgumentParser) -> datetime:
    if args.generated_at:
        try:
            moment = datetime.fromisoformat(args.generated_at)
        except ValueError:
            parse.error(f"--generated-at: {args.generated_at!r} is not an ISO 8601 time")
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC).replace(microsecond=0)


def _read_returns(plan: _Plan) -> Collected:
    collected = Collected()
    for as_at, path in plan.annex_a:
        collected.take(read_annex_a(path, as_at))
    years_seen: dict[int, str] = {}
    for year, path in plan.ssda903:
        years, problems = ssda903_years(year, path)
        collected.problems.extend(problems)
        for each_year, each_path in years:
            if each_year in years_seen:
                collected.problems.append(_whole(
                    each_path, f"one SSDA903 return for the year ending March {each_year} "
                               f"({years_seen[each_year]} is also for it)"))
                continue
            years_seen[each_year] = each_path
            collected.take(read_ssda903_year(each_year, each_path))
    for path in plan.cin_census:
        collected.take(read_cin_census_file(path))
    collected.problems.extend(check_one_census_per_year(collected.files))
    return collected


def _la_code(code: str | None, population: Population | None,
             benchmarks: Benchmarks | None) -> str | None:
    """The DfE (old) code for an ONS (new) one, from the population file or the reference."""
    if code is None or _OLD_CODE.match(code):
        return code
    if population is not None:
        for old, new in population.new_codes.items():
            if new == code:
                return old
    if benchmarks is not None:
        for old, authority in benchmarks.authorities.items():
            if authority.new_code == code:
                return old
    return None


def _temporary_beside(path: Path) -> tuple[Path, int]:
    """A new, empty file next to `path` (same folder, so renaming it is atomic), created with
    the permissions any new file gets (the umask applies), and its descriptor."""
    folder = path.resolve().parent
    for _ in range(100):
        candidate = folder / f".{path.name}.{secrets.token_hex(6)}.part"
        try:
            return candidate, os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(f"could not make a temporary file in {folder}")


def _write_outputs(report: Report, plan: _Plan,
                   timings: dict[str, tuple[float, float]]) -> list[Path]:
    """Write every output under a temporary name, then rename them all into place."""
    written: list[tuple[Path, Path]] = []
    try:
        for kind, path in plan.outputs:
            started = clock()
            temporary, descriptor = _temporary_beside(path)
            written.append((temporary, path))
            if kind == "json":
                with open(descriptor, "w", encoding="utf-8", newline="\n") as text:
                    write_json(report, text, definitions=plan.definitions)
            elif kind == "html":
                with open(descriptor, "w", encoding="utf-8", newline="\n") as text:
                    text.write(render_html(report))
            else:
                with open(descriptor, "wb") as binary:
                    write_excel(report, binary)
            timings[f"write {path.name}"] = since(started)
        for temporary, path in written:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise
    return [path for _, path in written]


def run(argv: Sequence[str], *, stdout: TextIO | None = None, stderr: TextIO | None = None
        ) -> int:
    """Run the command; the exit status is returned (argparse exits 2 itself on misuse)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parse = parser()
    args = parse.parse_args(list(argv))
    plan = _plan(args, parse)
    plan.definitions = not args.no_definitions
    timings: dict[str, tuple[float, float]] = {}

    started = clock()
    collected = _read_returns(plan)
    timings["read returns"] = since(started)

    started = clock()
    population: Population | None = None
    population_file: InputFile | None = None
    if args.population_file:
        population, population_file, problems = read_population_file(args.population_file)
        collected.problems.extend(problems)
    benchmarks: Benchmarks | None = None
    benchmark_file: InputFile | None = None
    source_kind, source_words = "none", "none"
    if not args.no_benchmarks:
        benchmarks, benchmark_file, problems = read_benchmarks(args.benchmarks)
        collected.problems.extend(problems)
        if benchmark_file is not None:
            source_kind, source_words = "lait_file", f"DfE's LAIT file {args.benchmarks}"
        elif args.benchmarks:
            source_kind, source_words = ("reference_folder",
                                         f"reference files in {args.benchmarks}")
        else:
            source_kind, source_words = ("shipped", "DfE's figures shipped with Clearsight "
                                                    "(LAIT, 2019 onwards)")
    timings["read population and benchmarks"] = since(started)

    la_code = _la_code(args.la, population, benchmarks)
    if args.la and la_code is None:
        collected.problems.append(_whole(args.population_file or "--la",
                                         f"an authority with the ONS code {args.la}"))
    if population is not None and la_code is not None and not any(
            code == la_code and children is not None
            for code, _, children, _ in population.items()):
        collected.problems.append(_whole(args.population_file or "",
                                         f"estimates of children aged 0 to 17 for authority "
                                         f"{la_code}"))
    data_to = plan.options.data_to
    for item in collected.files:
        if data_to is not None and item.collection_year is not None and \
                item.period_start is not None and item.period_start > data_to:
            collected.problems.append(_whole(
                item.path, f"a return for a year begun by {data_to:%d/%m/%Y} (--data-to, "
                           "default today): this one starts later"))
    if collected.problems:
        for problem in collected.problems:
            err.write(format_problem(problem) + "\n")
        count = len(collected.problems)
        err.write(f"{count:,} problem{'s' if count != 1 else ''} found; nothing was written.\n")
        return 1

    if la_code != args.la:
        plan.options = replace(plan.options, la_code=la_code)
    files = list(collected.files)
    if population_file is not None:
        files.append(population_file)
    try:
        report = build_report(
            collected.returns, options=plan.options, files=files,
            population=PopulationSource(every_year=plan.population_every,
                                        by_year=plan.population_by_year, file=population,
                                        la_code=la_code),
            benchmarks=benchmarks, benchmarks_source=source_words, benchmarks_kind=source_kind,
            benchmark_file=benchmark_file)
    except ReturnsConflict as error:
        err.write(format_problem(_whole("", str(error))) + "\n")
        err.write("1 problem found; nothing was written.\n")
        return 1
    timings.update(report.seconds)
    try:
        paths = _write_outputs(report, plan, timings)
    except OSError as error:  # a full disk, a folder that became read-only
        err.write(format_problem(_whole(str(error.filename or ""), "an output that can be "
                                        "written", error.strerror or type(error).__name__))
                  + "\nNothing was written.\n")
        return 1
    computed = sum(1 for s in report.sections if s.not_computed is None)
    out.write(f"Wrote {', '.join(str(p) for p in paths)}: {computed} of "
              f"{len(report.sections)} indicators computed, {len(report.values):,} values.\n")
    if args.timings:
        for step, seconds in timings.items():
            err.write(f"{step}: {seconds[0]:.2f}s (CPU {seconds[1]:.2f}s)\n")
        err.write(f"total: {sum(wall for wall, _ in timings.values()):.2f}s (CPU "
                  f"{sum(cpu for _, cpu in timings.values()):.2f}s)\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """The entry point: `argv` without the program name (default sys.argv[1:])."""
    try:
        return run(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        sys.stderr.write("Stopped; nothing was written.\n")
        return 130
