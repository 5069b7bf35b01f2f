"""Import and compute benchmark on a large authority: read Bigshire's national returns, then
compute the indicators with the engine, and ten of them with pandas as a yardstick.

    uv run python bench/run_indicators.py                       # generate in a temp folder
    uv run python bench/run_indicators.py --out var/bigshire    # generate there and keep it
    uv run python bench/run_indicators.py --out var/bigshire --reuse   # measure what is there
    uv run python bench/run_indicators.py --out var/bigshire --reuse --skip-indicators
    uv run python bench/run_indicators.py --out var/bigshire --reuse --phases ten
    uv run python bench/run_indicators.py --out var/bigshire --reuse \
        --phases everything,whole_all,whole_years,ten                 # compute only
    uv run python bench/run_indicators.py --repeat 5 --phases annex_a,annex_a_200k
    uv run python bench/run_indicators.py --out var/bigshire --reuse --profile annex_a_200k

Targets from the performance issue, on this 2-core machine: Annex A import at 100,000 rows a
second or better, and peak memory under 1 GB.

What it does:

1. Generates Bigshire with bench/large_authority.py (about 250,000 children, 200,000
   contacts, 60,000 referrals, 10,000 looked-after episodes over three years), or with
   `--reuse` takes the files already in `--out` when their bigshire.json has the same seed
   and scale.
2. Measures each phase `--repeat` times (default 3), round-robin so that a noisy minute
   spreads over every phase, each time in a fresh Python process. A fresh process makes the
   peak memory (`ru_maxrss`, the process's high-water mark) belong to that phase alone, and
   stops one phase's leftovers (caches, freed but unreturned memory) from helping or hurting
   the next. In each process the modules are imported and the reader is warmed up on a tiny
   file of the same kind before the clock starts (the first call pays about a second of
   one-off start-up that a long-running server pays once); the file's bytes are read from
   disk before the clock starts too, as an upload arrives as bytes.
3. Prints rows, the median seconds (and the range), CPU seconds, rows a second, the ratio to
   the Annex A target, and peak memory as MB and as a share of the 1 GB target; then the
   engine runs (wall and CPU seconds, the engine's own split of the time, peak memory while
   computing) and the comparison with pandas.

Import phases: annex_a (annex_a.xlsx, Lists 1-11, contacts of the last six months),
annex_a_200k (annex_a_contacts_200k.xlsx: the same with all 200,000 contacts in List 1),
ssda903 (three years), cin_census (three files), everything (annex_a.xlsx, SSDA903, CIN census
and population loaded together: the whole import's peak memory; then the full catalogue with
every period type, breakdown and the drill-down, the engine's defaults).

Compute phases, each loading every return first (timed apart, not reported as an import):
whole_all (the full catalogue for the whole authority only, every period type, no
drill-down), whole_years (the same, collection years only) and ten (the ten indicators of
bench/pandas_indicators.py for the whole authority and collection years, by the engine and by
pandas, each run once untimed and then once timed, and checked to agree; any disagreement
makes the benchmark exit 1).

`compute_indicators` is the one place the engine is called, and `pandas_comparison` the one
place the pandas version is.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))  # the project's packages
sys.path.insert(0, str(BENCH))  # large_authority

import large_authority  # noqa: E402

if TYPE_CHECKING:
    import pandas_indicators

ANNEX_A_TARGET = 100_000  # rows a second
ANNEX_A_DATE = date(2026, 3, 31)  # the date Bigshire's Annex A lists were taken
MEMORY_TARGET_MB = 1024
IMPORT_PHASES = ("annex_a", "annex_a_200k", "ssda903", "cin_census", "everything")
COMPUTE_PHASES = ("whole_all", "whole_years", "ten")
PHASES = IMPORT_PHASES + COMPUTE_PHASES
LABELS = {
    "annex_a": "Annex A, annex_a.xlsx (Lists 1-11)",
    "annex_a_200k": "Annex A, 200k contacts workbook",
    "ssda903": "SSDA903, three years",
    "cin_census": "CIN census, three files",
    "everything": "all returns together (load)",
    "whole_all": "whole authority, all periods",
    "whole_years": "whole authority, years only",
    "ten": "ten indicators, engine and pandas",
}
ENGINE_LABELS = {  # the engine runs, as the output names them
    "everything": "full catalogue, everything",
    "whole_all": "full catalogue, whole authority, all periods",
    "whole_years": "full catalogue, whole authority, years only",
}


# ------------------------------------------------------------------ the hooks


@dataclass
class IndicatorRun:
    values: int | None  # indicator values computed (periods x breakdowns x indicators)
    seconds: float | None  # wall seconds: assemble + compute
    note: str = ""
    cpu_seconds: float | None = None  # CPU seconds of the process (every thread), the same span
    assemble_seconds: float | None = None  # of `seconds`, stacking the returns (`assemble`)
    phases: dict[str, float] = field(default_factory=dict)  # the engine's `Results.seconds`
    results: Any = None  # the engine's `Results`


# The engine runs measured, besides the full catalogue with everything (`everything`): the
# whole catalogue for the whole authority only, and the ten indicators pandas does too.
ENGINE_RUNS: dict[str, dict[str, Any]] = {
    "everything": {},
    "whole_all": {"breakdowns": ["all"], "drill_down": False},
    "whole_years": {"breakdowns": ["all"], "period_types": ["year"], "drill_down": False},
    "ten": {"breakdowns": ["all"], "period_types": ["year"], "drill_down": False},
}


def compute_indicators(loaded_returns: dict[str, Any], *, codes: Sequence[str] | None = None,
                       period_types: Sequence[str] | None = None,
                       breakdowns: Sequence[str] | None = None,
                       drill_down: bool = True, threads: int | None = None) -> IndicatorRun:
    """>>> HOOK FOR THE INDICATOR ENGINE <<<

    `loaded_returns` holds what the readers returned, by name: "annex_a" (a `Loaded` with
    tables list_1 ... list_11), "ssda903" (a `Loaded`, three years stacked, with a
    collection_year column), "cin_census" (a list of three `Loaded`, one per year) and
    "population" (a pyarrow Table of population.csv).

    Stacks every return (`assemble`) and computes the catalogue (`compute`), or the indicators
    in `codes`, for the period types and breakdowns given (their values, "year" or "all"; all
    of them when not given), with DuckDB's `threads` (its default, one a CPU, when not given),
    and returns how many values came out and how long it took, wall
    and CPU, with the engine's own split of the time (`Results.seconds`). It calls the engine
    through the API its package docstring gives; if that API changes, this is the one place
    to follow it. An engine error is reported, not raised, so that the import figures still
    come out.
    """
    try:
        engine = importlib.import_module("clearsight_analytics.indicators")
    except ImportError:
        return IndicatorRun(None, None, "engine not available yet")
    table = loaded_returns["population"]
    # The engine wants the population by collection year end: the year ending March YYYY uses
    # DfE's mid-(YYYY-1) estimate.
    population = {int(year) + 1: int(count) for year, count in zip(
        table["time_period"].to_pylist(), table["population_estimate"].to_pylist(),
        strict=True)}
    catalogue = list(engine.CATALOGUE)
    indicators = ([engine.BY_CODE[code] for code in codes] if codes is not None
                  else catalogue)
    options: dict[str, Any] = {"drill_down": drill_down, "threads": threads}
    if period_types is not None:
        options["period_types"] = [engine.PeriodType(kind) for kind in period_types]
    if breakdowns is not None:
        options["breakdowns"] = [engine.Breakdown(kind) for kind in breakdowns]
    # While the catalogue is being written an indicator's SQL may fail (IndicatorError, whose
    # message starts with its code): leave that one out, say so, and time the rest.
    failed: list[str] = []
    while True:
        gc.collect()
        clock, cpu = time.perf_counter(), time.process_time()
        try:
            returns = [engine.Return(loaded) for loaded in loaded_returns["cin_census"]]
            returns.append(engine.Return(loaded_returns["ssda903"]))
            returns.append(engine.Return(loaded_returns["annex_a"], as_at=ANNEX_A_DATE))
            inputs = engine.assemble(returns, population=population)
            assembled = time.perf_counter() - clock
            results = engine.compute(inputs, indicators, **options)
            break
        except engine.IndicatorError as error:
            code = str(error).split(":", 1)[0]
            if code not in {indicator.code for indicator in indicators}:
                return IndicatorRun(None, None, f"engine failed: {error}")
            failed.append(" ".join(str(error).split())[:100])
            indicators = [indicator for indicator in indicators if indicator.code != code]
        except Exception as error:  # the engine is new: report it, keep the import figures
            return IndicatorRun(None, None, f"engine failed: {type(error).__name__}: {error}")
    seconds = time.perf_counter() - clock
    cpu_seconds = time.process_time() - cpu
    note = (f"{len(indicators)} of {len(catalogue)} indicators in the catalogue, "
            f"{len(results.not_computed)} with no period to compute")
    if failed:
        note += f"; left out, their SQL failed: {'; '.join(failed)}"
    return IndicatorRun(results.values.num_rows, seconds, note, cpu_seconds, assembled,
                        dict(results.seconds), results)


def engine_rows(run: IndicatorRun) -> dict[tuple[str, int], tuple[float, Any, Any]]:
    """The engine's whole-authority values for collection years: (code, year ending) ->
    (numerator, denominator, value)."""
    rows = {}
    for row in run.results.value_rows():
        if row["breakdown"] == "all" and row["period_type"] == "year":
            rows[(row["code"], row["period_end"].year)] = (
                row["numerator"], row["denominator"], row["value"])
    return rows


def same(a: float | None, b: float | None) -> bool:
    """Equal to 1e-9, a blank (None or NaN) matching only a blank."""
    if a is None or b is None or math.isnan(a) or math.isnan(b):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return abs(a - b) <= 1e-9


def disagreements(engine: dict[tuple[str, int], tuple[float, Any, Any]],
                  pandas: list[pandas_indicators.Row]) -> list[str]:
    """Every (code, year) where the two differ, or which only one of them gives."""
    import pandas_indicators

    found: list[str] = []
    mine = {(row.code, row.year): (row.numerator, row.denominator, row.value) for row in pandas}
    for key in sorted(set(engine) | set(mine)):
        code, year = key
        label = f"{code} {pandas_indicators.years_label(year)}"
        if key not in mine:
            found.append(f"{label}: only the engine gives it {engine[key]}")
        elif key not in engine:
            found.append(f"{label}: only pandas gives it {mine[key]}")
        elif not all(same(a, b) for a, b in zip(engine[key], mine[key], strict=True)):
            found.append(f"{label}: engine (numerator, denominator, value) {engine[key]}, "
                         f"pandas {mine[key]}")
    return found


def pandas_comparison(loaded_returns: dict[str, Any],
                      threads: int | None = None) -> dict[str, Any]:
    """>>> THE PANDAS COMPARISON <<<

    The ten indicators of `pandas_indicators` for collection years and the whole authority,
    computed by the engine (assemble + compute, every return given, as `compute_indicators`
    does) and by pandas from the same loaded returns. Each is run once first, untimed, to pay
    one-off costs (lazy imports, DuckDB's first connection, pandas' first use of a path), then
    once timed, in this process; the driver runs this phase in `--repeat` fresh processes and
    takes medians. Every (code, year) must agree: numerator, denominator and value to 1e-9.
    """
    import pandas_indicators  # pandas only here: the import phases' memory stays as it was

    importlib.import_module("clearsight_analytics.indicators")  # both imported before timing
    options = {**ENGINE_RUNS["ten"], "codes": pandas_indicators.TEN, "threads": threads}

    def timed_pandas() -> tuple[list[pandas_indicators.Row], float, float]:
        clock, cpu = time.perf_counter(), time.process_time()
        rows = pandas_indicators.compute_ten(loaded_returns)
        return rows, time.perf_counter() - clock, time.process_time() - cpu

    def both() -> tuple[IndicatorRun, list[pandas_indicators.Row], dict[str, Any]]:
        engine_run, engine_peak = computing(lambda: compute_indicators(loaded_returns,
                                                                       **options))
        (pandas_run, seconds, cpu_seconds), pandas_peak = computing(timed_pandas)
        figures = {
            "engine": {"seconds": engine_run.seconds, "cpu_seconds": engine_run.cpu_seconds,
                       "peak_mb": engine_peak},
            "pandas": {"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_mb": pandas_peak}}
        return engine_run, pandas_run, figures

    first = both()[2]
    engine_run, pandas_run, timed = both()
    if engine_run.seconds is None:
        return {"error": engine_run.note}
    engine_values = engine_rows(engine_run)
    return {"first": first, **timed, "engine_phases": engine_run.phases,
            "engine_assemble": engine_run.assemble_seconds, "compared": len(engine_values),
            "disagreements": disagreements(engine_values, pandas_run)}


# ------------------------------------------------------------------ reading the files


def annex_a_bytes(folder: Path, name: str) -> dict[str, Any]:
    return {"name": name, "data": (folder / name).read_bytes()}


def ssda903_bytes(folder: Path) -> dict[int, dict[str, bytes]]:
    return {year: {path.name: path.read_bytes()
                   for path in sorted((folder / "ssda903" / str(year)).glob("*.csv"))}
            for year in large_authority.YEARS}


def cin_bytes(folder: Path) -> list[tuple[str, bytes]]:
    return [(f"{year}.xml", (folder / "cin_census" / f"{year}.xml").read_bytes())
            for year in large_authority.YEARS]


def rows_of(loaded: Any) -> int:
    found = loaded if isinstance(loaded, list) else [loaded]
    return sum(table.num_rows for one in found for table in one.tables.values())


def problems_of(loaded: Any) -> int:
    found = loaded if isinstance(loaded, list) else [loaded]
    return sum(len(one.problems) for one in found)


def warm_up(kind: str) -> None:
    """Call the reader once on a tiny file, so its one-off start-up is not timed."""
    from clearsight_analytics.ingest.annex_a import read_annex_a_workbook
    from clearsight_analytics.ingest.cin_census import read_cin_census
    from clearsight_analytics.ingest.ssda903 import read_ssda903_years

    if kind in ("annex_a", "everything"):
        tiny = io.BytesIO()
        large_authority.write_annex_a(tiny, {f"List {n}": [] for n in range(1, 12)}, "tiny")
        read_annex_a_workbook(tiny.getvalue(), "tiny.xlsx")
    if kind in ("ssda903", "everything"):
        from clearsight.demo import codes

        read_ssda903_years({2025: {name: (",".join(columns) + "\n").encode()
                                   for name, columns in codes.SSDA903_COLUMNS.items()}})
    if kind in ("cin_census", "everything"):
        read_cin_census(b'<?xml version="1.0" encoding="utf-8"?><Message><Header>'
                        b"<CollectionDetails><ReferenceDate>2025-03-31</ReferenceDate>"
                        b"</CollectionDetails></Header><Children><Child><ChildIdentifiers>"
                        b"<LAchildID>1</LAchildID></ChildIdentifiers><ChildCharacteristics>"
                        b"<Ethnicity>WBRI</Ethnicity></ChildCharacteristics><CINdetails>"
                        b"<CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>6"
                        b"</ReferralSource></CINdetails></Child></Children></Message>", "tiny")


def rss_mb() -> float:
    """The process's resident memory now (Linux), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def reset_peak() -> bool:
    """Start the process's memory high-water mark again from now (Linux 4.0 and later), so
    that a computation's peak is its own and not the loading's; False where it cannot be
    done. It resets `ru_maxrss` too: keep `peak_mb()` from before it."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear:
            clear.write("5")
    except OSError:
        return False
    return True


def high_water_mb() -> float:
    """The process's memory high-water mark since the last `reset_peak` (Linux), in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def computing(work: Callable[[], Any]) -> tuple[Any, float | None]:
    """`work()` and the peak memory while it ran (None where that cannot be measured)."""
    gc.collect()
    reset = reset_peak()
    done = work()
    return done, (high_water_mb() if reset else None)


def run_phase(phase: str, folder: Path, skip_indicators: bool = False,
              threads: int | None = None) -> dict[str, Any]:
    """One measurement of one phase, in this process (called in a fresh child process)."""
    from clearsight_analytics.ingest.annex_a import read_annex_a_workbook
    from clearsight_analytics.ingest.cin_census import read_cin_census
    from clearsight_analytics.ingest.ssda903 import read_ssda903_years

    if phase in COMPUTE_PHASES:
        return run_compute(phase, folder, threads)
    warm_up("annex_a" if phase.startswith("annex_a") else phase)
    result: dict[str, Any] = {"phase": phase}
    if phase in ("annex_a", "annex_a_200k"):
        name = "annex_a.xlsx" if phase == "annex_a" else "annex_a_contacts_200k.xlsx"
        source = annex_a_bytes(folder, name)
        size = len(source["data"])

        def work() -> Any:
            return read_annex_a_workbook(source["data"], source["name"])
    elif phase == "ssda903":
        years = ssda903_bytes(folder)
        size = sum(len(data) for files in years.values() for data in files.values())

        def work() -> Any:
            return read_ssda903_years(years)
    elif phase == "cin_census":
        files = cin_bytes(folder)
        size = sum(len(data) for _, data in files)

        def work() -> Any:
            return [read_cin_census(data, name) for name, data in files]
    else:
        return run_everything(folder, skip_indicators, threads)
    gc.collect()
    result["rss_before_mb"] = rss_mb()
    wall, cpu = time.perf_counter(), time.process_time()
    loaded = work()
    result["seconds"] = time.perf_counter() - wall
    result["cpu_seconds"] = time.process_time() - cpu
    result["peak_mb"] = peak_mb()
    result["input_mb"] = size / 2**20
    result["rows"] = rows_of(loaded)
    result["problems"] = problems_of(loaded)
    if phase.startswith("annex_a"):
        result["tables"] = {key: table.num_rows for key, table in loaded.tables.items()}
    return result


def returns_bytes(folder: Path) -> dict[str, Any]:
    """Every file the everything and compute phases read, as bytes (read before timing)."""
    return {"annex_a": annex_a_bytes(folder, "annex_a.xlsx"), "ssda903": ssda903_bytes(folder),
            "cin_census": cin_bytes(folder),
            "population": (folder / "population.csv").read_bytes()}


def read_returns(files: dict[str, Any]) -> dict[str, Any]:
    """Every return through its reader, as an authority's full refresh would load them."""
    import pyarrow.csv

    from clearsight_analytics.ingest.annex_a import read_annex_a_workbook
    from clearsight_analytics.ingest.cin_census import read_cin_census
    from clearsight_analytics.ingest.ssda903 import read_ssda903_years

    return {
        "annex_a": read_annex_a_workbook(files["annex_a"]["data"], files["annex_a"]["name"]),
        "ssda903": read_ssda903_years(files["ssda903"]),
        "cin_census": [read_cin_census(data, name) for name, data in files["cin_census"]],
        "population": pyarrow.csv.read_csv(io.BytesIO(files["population"])),
    }


def engine_figures(run: IndicatorRun) -> dict[str, Any]:
    """What the driver prints of one engine run (JSON-ready)."""
    return {"values": run.values, "seconds": run.seconds, "note": run.note,
            "cpu_seconds": run.cpu_seconds, "assemble_seconds": run.assemble_seconds,
            "phases": run.phases}


def run_everything(folder: Path, skip_indicators: bool = False,
                   threads: int | None = None) -> dict[str, Any]:
    """Every return loaded at once, as an authority's full refresh would, then every indicator
    with every period type, every breakdown and the drill-down (the engine's defaults)."""
    warm_up("everything")
    files = returns_bytes(folder)
    size = (len(files["annex_a"]["data"]) + len(files["population"])
            + sum(len(d) for f in files["ssda903"].values() for d in f.values())
            + sum(len(data) for _, data in files["cin_census"]))
    gc.collect()
    result: dict[str, Any] = {"phase": "everything", "rss_before_mb": rss_mb()}
    wall, cpu = time.perf_counter(), time.process_time()
    loaded = read_returns(files)
    result["seconds"] = time.perf_counter() - wall
    result["cpu_seconds"] = time.process_time() - cpu
    result["rows"] = sum(rows_of(loaded[key]) for key in ("annex_a", "ssda903", "cin_census"))
    result["problems"] = sum(problems_of(loaded[key])
                             for key in ("annex_a", "ssda903", "cin_census"))
    result["input_mb"] = size / 2**20
    result["peak_after_load_mb"] = peak_mb()
    del files  # as a server would, once read (the compute phases do the same)
    gc.collect()
    result["loaded_mb"] = rss_mb()
    if skip_indicators:
        run = IndicatorRun(None, None, "skipped (--skip-indicators)")
        result["compute_peak_mb"] = None
    else:
        run, result["compute_peak_mb"] = computing(
            lambda: compute_indicators(loaded, **ENGINE_RUNS["everything"], threads=threads))
    result["indicators"] = engine_figures(run)
    result["peak_mb"] = max(result["peak_after_load_mb"], peak_mb())
    return result


def run_compute(phase: str, folder: Path, threads: int | None = None) -> dict[str, Any]:
    """A compute-only phase: every return loaded (not the point here, but timed anyway), then
    the whole catalogue for the whole authority (`whole_all`, `whole_years`) or the ten
    indicators by the engine and by pandas (`ten`). A fresh process each, so that its peak
    memory is its own."""
    warm_up("everything")
    files = returns_bytes(folder)
    gc.collect()
    result: dict[str, Any] = {"phase": phase, "rss_before_mb": rss_mb()}
    wall = time.perf_counter()
    loaded = read_returns(files)
    result["load_seconds"] = time.perf_counter() - wall
    result["peak_after_load_mb"] = peak_mb()
    del files
    gc.collect()
    result["loaded_mb"] = rss_mb()
    if phase == "ten":
        result["comparison"] = pandas_comparison(loaded, threads)
    else:
        run, result["compute_peak_mb"] = computing(
            lambda: compute_indicators(loaded, **ENGINE_RUNS[phase], threads=threads))
        result["indicators"] = engine_figures(run)
    result["peak_mb"] = max(result["peak_after_load_mb"], peak_mb())
    return result


# ------------------------------------------------------------------ the driver


def measure(phase: str, folder: Path, skip_indicators: bool,
            threads: int | None = None) -> dict[str, Any]:
    """Run one phase in a fresh Python process and return what it measured."""
    load = os.getloadavg()[0]
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase,
               "--data", str(folder)]
    if threads:
        command += ["--engine-threads", str(threads)]
    done = subprocess.run(command + (["--skip-indicators"] if skip_indicators else []),
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"phase {phase} failed:\n{done.stdout}\n{done.stderr}")
    line = next(line for line in done.stdout.splitlines() if line.startswith("RESULT "))
    result: dict[str, Any] = json.loads(line.removeprefix("RESULT "))
    result["load_before"] = load
    return result


def prepare(args: argparse.Namespace) -> tuple[Path, dict[str, Any], str]:
    """The folder of files, its manifest, and how it came to be."""
    folder = args.out or Path(tempfile.mkdtemp(prefix="bigshire-"))
    manifest_path = folder / "bigshire.json"
    if args.reuse and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest["seed"] == args.seed and manifest["scale"] == args.scale:
            return folder, manifest, "reused"
        print(f"{folder} holds seed {manifest['seed']} scale {manifest['scale']}; "
              "generating again")
    clock = time.perf_counter()
    subprocess.run([sys.executable, str(BENCH / "large_authority.py"), str(folder),
                    "--seed", str(args.seed), "--scale", str(args.scale), "--no-check"],
                   check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - clock
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return folder, manifest, f"generated in {seconds:.1f} s"


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = [f"Python {platform.python_version()}"]
    for package in ("pyarrow", "python-calamine", "defusedxml", "numpy", "duckdb", "pandas"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            continue
    return ", ".join(found)


def summarise(phase: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = [run["seconds"] for run in runs]
    median = statistics.median(seconds)
    rows = runs[0]["rows"]
    return {
        "phase": phase, "rows": rows, "median": median, "low": min(seconds),
        "high": max(seconds), "cpu": statistics.median(run["cpu_seconds"] for run in runs),
        "rate": rows / median if median else 0.0,
        # everything: the peak of loading; the engine table gives the computation's
        "peak": max(run.get("peak_after_load_mb", run["peak_mb"]) for run in runs),
        "cpu_rate": rows / statistics.median(run["cpu_seconds"] for run in runs),
        "before": statistics.median(run["rss_before_mb"] for run in runs),
        "input": runs[0]["input_mb"], "problems": max(run["problems"] for run in runs),
        "load": max(run["load_before"] for run in runs),
    }


def table(summaries: list[dict[str, Any]]) -> list[str]:
    header = (f"{'phase':<36} {'rows':>9} {'input MB':>8} {'median s':>9} {'(min-max)':>13} "
              f"{'rows/s':>9} {'vs 100k':>8} {'CPU s':>6} {'rows/CPU s':>10} "
              f"{'peak MB':>8} {'vs 1 GB':>8} {'problems':>8}")
    lines = [header, "-" * len(header)]
    for s in summaries:
        target = (f"{s['rate'] / ANNEX_A_TARGET:.2f}x" if s["phase"].startswith("annex_a")
                  else "")
        spread = f"({s['low']:.2f}-{s['high']:.2f})"
        lines.append(
            f"{LABELS[s['phase']]:<36} {s['rows']:>9,} {s['input']:>8.1f} {s['median']:>9.2f} "
            f"{spread:>13} {s['rate']:>9,.0f} {target:>8} {s['cpu']:>6.2f} "
            f"{s['cpu_rate']:>10,.0f} {s['peak']:>8.0f} {s['peak'] / MEMORY_TARGET_MB:>7.2f}x "
            f"{s['problems']:>8,}")
    return lines


def engine_table(runs: dict[str, list[dict[str, Any]]]) -> list[str]:
    """The engine runs: values, wall and CPU seconds, peak memory, and the engine's own split
    of the wall time (`Results.seconds`), medians over the runs."""
    lines = [f"{'engine run':<46} {'values':>9} {'wall s':>8} {'(min-max)':>15} "
             f"{'CPU s':>7} {'loaded MB':>9} {'peak MB':>8} {'vs 1 GB':>8}"]
    lines.append("-" * len(lines[0]))
    split_rows: list[str] = []
    notes: list[str] = []
    slowest: list[str] = []
    for phase, found in runs.items():
        done = [run for run in found if run["indicators"]["values"] is not None]
        label = ENGINE_LABELS[phase]
        if not done:
            notes.append(f"{label}: {found[-1]['indicators']['note']}")
            continue
        figures = [run["indicators"] for run in done]
        wall = [f["seconds"] for f in figures]
        loaded = statistics.median(run["loaded_mb"] for run in done)
        peaks = [run["compute_peak_mb"] for run in done if run["compute_peak_mb"] is not None]
        peak = max(peaks) if peaks else max(run["peak_mb"] for run in done)
        lines.append(
            f"{label:<46} {figures[-1]['values']:>9,} {statistics.median(wall):>8.2f} "
            f"{f'({min(wall):.2f}-{max(wall):.2f})':>15} "
            f"{statistics.median(f['cpu_seconds'] for f in figures):>7.2f} {loaded:>9.0f} "
            f"{peak:>8.0f} {peak / MEMORY_TARGET_MB:>7.2f}x")
        split = {name: statistics.median(engine_split(f)[name] for f in figures)
                 for name in SPLIT}
        split_rows.append(f"{label:<46} " + " ".join(
            f"{split[name]:>{max(len(name), 6)}.2f}" for name in SPLIT))
        notes.append(f"{label}: {figures[-1]['note']}")
        if phase in ("everything", "whole_all") and not slowest:
            codes = [code for code in figures[-1]["phases"] if not code.startswith("(")]
            by_code = {code: statistics.median(f["phases"].get(code, 0.0) for f in figures)
                       for code in codes}
            top = sorted(by_code.items(), key=lambda item: -item[1])[:5]
            slowest.append(f"slowest indicators to place ({label}, median wall s): "
                           + ", ".join(f"{code} {seconds:.2f}" for code, seconds in top))
    if not split_rows:  # no engine run finished (skipped, or the engine failed)
        return notes
    lines += ["(loaded MB: the process with every return loaded, before computing; peak MB: "
              "its high-water mark while computing, the loaded returns included)",
              "", "the engine's split of the wall time (Results.seconds; medians, s):",
              f"{'engine run':<46} " + " ".join(f"{name:>{max(len(name), 6)}}"
                                                for name in SPLIT)]
    lines.append("-" * len(lines[-1]))
    return lines + split_rows + [""] + notes + slowest


# The engine's split of a run's wall time: `assemble` (stacking the returns, before `compute`),
# then `Results.seconds`: the model tables, placing every indicator's units (the sum of one
# entry per indicator), counting, values and drill-down; `other` is what is left (working
# out each indicator's periods and the plan of buckets).
SPLIT = ("assemble", "model tables", "placing", "counting", "values", "drill-down", "other")


def engine_split(figures: dict[str, Any]) -> dict[str, float]:
    phases = figures["phases"]
    split = {"assemble": figures["assemble_seconds"],
             "model tables": phases.get("(model tables)", 0.0),
             "placing": sum(value for code, value in phases.items()
                            if not code.startswith("(")),
             "counting": phases.get("(counting)", 0.0),
             "values": phases.get("(values)", 0.0),
             "drill-down": phases.get("(drill-down)", 0.0)}
    split["other"] = figures["seconds"] - sum(split.values())
    return split


def comparison_lines(runs: list[dict[str, Any]]) -> tuple[list[str], bool]:
    """The engine against pandas on the ten indicators, and whether anything failed."""
    import pandas_indicators

    lines = [f"ten indicators ({', '.join(pandas_indicators.TEN)}), whole authority, "
             f"collection years: engine (assemble + compute) against pandas, each run once "
             f"untimed and then once timed in each of {len(runs)} fresh processes; medians"]
    errors = [run["comparison"]["error"] for run in runs if "error" in run["comparison"]]
    if errors:
        return [*lines, f"not measured: {errors[0]}"], True
    found = [run["comparison"] for run in runs]

    def figures(side: str, key: str, when: str = "timed") -> list[float]:
        return [run[when][side][key] if when == "first" else run[side][key] for run in found]

    header = f"{'':<8} {'wall s':>7} {'(min-max)':>13} {'CPU s':>7} {'(min-max)':>13} " \
             f"{'peak MB':>8} {'first call wall / CPU s':>24}"
    lines += [header, "-" * len(header)]
    medians: dict[str, tuple[float, float]] = {}
    for side in ("engine", "pandas"):
        wall, cpu = figures(side, "seconds"), figures(side, "cpu_seconds")
        medians[side] = (statistics.median(wall), statistics.median(cpu))
        first = (f"{statistics.median(figures(side, 'seconds', 'first')):.2f} / "
                 f"{statistics.median(figures(side, 'cpu_seconds', 'first')):.2f}")
        peaks = [run[side]["peak_mb"] for run in found if run[side]["peak_mb"] is not None]
        peak = f"{max(peaks):.0f}" if peaks else "?"
        lines.append(f"{side:<8} {medians[side][0]:>7.2f} "
                     f"{f'({min(wall):.2f}-{max(wall):.2f})':>13} {medians[side][1]:>7.2f} "
                     f"{f'({min(cpu):.2f}-{max(cpu):.2f})':>13} {peak:>8} {first:>24}")
    lines.append(f"pandas comparison ratio (pandas / engine): "
                 f"{medians['pandas'][0] / medians['engine'][0]:.2f}x wall, "
                 f"{medians['pandas'][1] / medians['engine'][1]:.2f}x CPU")
    split = {name: statistics.median(engine_split(
        {"phases": run["engine_phases"], "assemble_seconds": run["engine_assemble"],
         "seconds": run["engine"]["seconds"]})[name] for run in found) for name in SPLIT}
    lines.append("the engine's ten, split (median wall s): "
                 + ", ".join(f"{name} {seconds:.2f}" for name, seconds in split.items()))
    lines.append(f"peak MB is the process's high-water mark during that side's timed run, the "
                 f"loaded returns included: "
                 f"{statistics.median(run['loaded_mb'] for run in runs):.0f} MB before either")
    problems: list[str] = []
    for run in found:
        problems += [problem for problem in run["disagreements"] if problem not in problems]
    if problems:
        lines.append(f"DISAGREEMENT: {len(problems)} (code, year) differ between the engine "
                     "and pandas:")
        lines += [f"  {problem}" for problem in problems]
    else:
        lines.append(f"agreement: all {found[0]['compared']} (code, year) values agree, "
                     "numerator, denominator and value to 1e-9, in every run")
    return lines, bool(problems)


def profile(phase: str, folder: Path) -> None:
    """One run of a phase under cProfile, in this process, after the warm-up."""
    import cProfile
    import pstats

    from clearsight_analytics.ingest.annex_a import read_annex_a_workbook
    from clearsight_analytics.ingest.cin_census import read_cin_census
    from clearsight_analytics.ingest.ssda903 import read_ssda903_years

    warm_up("annex_a" if phase.startswith("annex_a") else phase)
    work: Callable[[], Any]
    if phase.startswith("annex_a"):
        source = annex_a_bytes(folder, "annex_a.xlsx" if phase == "annex_a"
                               else "annex_a_contacts_200k.xlsx")

        def work() -> Any:
            return read_annex_a_workbook(source["data"], source["name"])
    elif phase == "ssda903":
        years = ssda903_bytes(folder)

        def work() -> Any:
            return read_ssda903_years(years)
    elif phase == "cin_census":
        files = cin_bytes(folder)

        def work() -> Any:
            return [read_cin_census(data, name) for name, data in files]
    else:
        raise SystemExit("--profile takes annex_a, annex_a_200k, ssda903 or cin_census")
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"cProfile of {phase}, by own time:")
    stats.sort_stats("tottime").print_stats(15)
    print("by cumulative time:")
    stats.sort_stats("cumulative").print_stats(15)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="folder for the files (kept); default: a "
                                                 "temp folder, deleted afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="use the files already in --out if they have this seed and scale")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    parser.add_argument("--seed", type=int, default=large_authority.SEED)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--phases", default=",".join(PHASES),
                        help=f"comma-separated, from {', '.join(PHASES)}")
    parser.add_argument("--skip-indicators", action="store_true",
                        help="the everything phase loads the returns but does not compute")
    parser.add_argument("--engine-threads", type=int,
                        help="DuckDB threads for every engine run (default: DuckDB's, one a "
                             "CPU)")
    parser.add_argument("--profile", choices=PHASES[:4],
                        help="run one phase once under cProfile instead of measuring")
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # inside a measuring process
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        print("RESULT " + json.dumps(run_phase(args.phase, args.data, args.skip_indicators,
                                               args.engine_threads)))
        return 0

    phases = [phase.strip() for phase in args.phases.split(",") if phase.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
    if args.skip_indicators:
        phases = [phase for phase in phases if phase not in COMPUTE_PHASES]
    started = datetime.now(tz=UTC)
    folder, manifest, origin = prepare(args)
    try:
        if args.profile:
            profile(args.profile, folder)
            return 0
        print(f"Clearsight import benchmark, {started:%Y-%m-%d %H:%M} UTC: "
              f"{os.cpu_count()} CPUs, {versions()}")
        print(large_authority.describe(manifest))
        print(f"files in {folder} ({origin})")
        print(f"measuring {', '.join(phases)}: {args.repeat} runs each, round-robin, each in a "
              "fresh process; engine threads: "
              f"{args.engine_threads or 'DuckDB default'}; load average now "
              + " ".join(f"{x:.1f}" for x in os.getloadavg()))
        runs: dict[str, list[dict[str, Any]]] = {phase: [] for phase in phases}
        for _ in range(args.repeat):
            for phase in phases:
                runs[phase].append(measure(phase, folder, args.skip_indicators,
                                           args.engine_threads))
        summaries = [summarise(phase, found) for phase, found in runs.items()
                     if phase in IMPORT_PHASES]
        print()
        if summaries:
            for line in table(summaries):
                print(line)
            print()
        engine_runs = {phase: found for phase, found in runs.items() if phase in ENGINE_LABELS}
        if engine_runs:
            for line in engine_table(engine_runs):
                print(line)
            print()
        failed = False
        if "ten" in runs:
            lines, failed = comparison_lines(runs["ten"])
            for line in lines:
                print(line)
            print()
        for s in summaries:
            if s["phase"].startswith("annex_a"):
                verdict = "meets" if s["rate"] >= ANNEX_A_TARGET else "misses"
                print(f"{LABELS[s['phase']]}: {s['rate']:,.0f} rows/s {verdict} the "
                      f"{ANNEX_A_TARGET:,} rows/s target ({s['rate'] / ANNEX_A_TARGET:.2f}x; "
                      f"{s['cpu_rate'] / ANNEX_A_TARGET:.2f}x counting CPU time only)")
        if summaries:
            worst = max(summaries, key=lambda s: s["peak"])
            print(f"highest peak memory of an import: {worst['peak']:.0f} MB "
                  f"({LABELS[worst['phase']]}), "
                  f"{'under' if worst['peak'] < MEMORY_TARGET_MB else 'over'} the 1 GB target "
                  f"({worst['peak'] / MEMORY_TARGET_MB:.2f}x); a fresh process with the "
                  f"readers imported and the bytes read holds about "
                  f"{min(s['before'] for s in summaries):.0f} MB before reading")
        print("highest load average seen before a run: "
              f"{max(run['load_before'] for found in runs.values() for run in found):.1f} on "
              f"{os.cpu_count()} CPUs (above the CPU count, wall times say more about the "
              "neighbours)")
        if any(s["problems"] for s in summaries):
            print("PROBLEMS: the readers found problems in the generated files (see above)")
            return 1
        if failed:
            print("FAILED: the engine and pandas disagree, or the comparison did not run "
                  "(see above)")
            return 1
        return 0
    finally:
        if args.out is None and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif args.out is None:
            print(f"kept {folder}")


if __name__ == "__main__":
    raise SystemExit(main())
