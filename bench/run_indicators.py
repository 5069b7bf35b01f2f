"""Import benchmark on a large authority: read Bigshire's national returns, then (once the
indicator engine exists) compute every indicator.

    uv run python bench/run_indicators.py                       # generate in a temp folder
    uv run python bench/run_indicators.py --out var/bigshire    # generate there and keep it
    uv run python bench/run_indicators.py --out var/bigshire --reuse   # measure what is there
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
   the Annex A target, and peak memory as MB and as a share of the 1 GB target.

Phases: annex_a (annex_a.xlsx, Lists 1-11, contacts of the last six months), annex_a_200k
(annex_a_contacts_200k.xlsx: the same with all 200,000 contacts in List 1), ssda903 (three
years), cin_census (three files), everything (annex_a.xlsx, SSDA903, CIN census and
population loaded together, then `compute_indicators`: the whole import's peak memory).

The indicator engine is being written; `compute_indicators` below is the one place to wire it
in, and `pandas_comparison` the place for the pandas comparison.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import json
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
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))  # the project's packages
sys.path.insert(0, str(BENCH))  # large_authority

import large_authority  # noqa: E402

ANNEX_A_TARGET = 100_000  # rows a second
ANNEX_A_DATE = date(2026, 3, 31)  # the date Bigshire's Annex A lists were taken
MEMORY_TARGET_MB = 1024
PHASES = ("annex_a", "annex_a_200k", "ssda903", "cin_census", "everything")
LABELS = {
    "annex_a": "Annex A, annex_a.xlsx (Lists 1-11)",
    "annex_a_200k": "Annex A, 200k contacts workbook",
    "ssda903": "SSDA903, three years",
    "cin_census": "CIN census, three files",
    "everything": "all returns together (load)",
}


# ------------------------------------------------------------------ the hooks


@dataclass
class IndicatorRun:
    values: int | None  # indicator values computed (periods x breakdowns x indicators)
    seconds: float | None
    note: str = ""


def compute_indicators(loaded_returns: dict[str, Any]) -> IndicatorRun:
    """>>> HOOK FOR THE INDICATOR ENGINE <<<

    `loaded_returns` holds what the readers returned, by name: "annex_a" (a `Loaded` with
    tables list_1 ... list_11), "ssda903" (a `Loaded`, three years stacked, with a
    collection_year column), "cin_census" (a list of three `Loaded`, one per year) and
    "population" (a pyarrow Table of population.csv).

    Compute every indicator here and return how many values came out and how long it took;
    the benchmark prints "compute every indicator: N values in X s" and counts this step in
    the "everything" phase's peak memory. It calls the engine through the API its package
    docstring gives (assemble, then compute over the whole CATALOGUE); if that API changes,
    this is the one place to follow it. An engine error is reported, not raised, so that the
    import figures still come out.
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
    # While the catalogue is being written an indicator's SQL may fail (IndicatorError, whose
    # message starts with its code): leave that one out, say so, and time the rest.
    indicators = list(engine.CATALOGUE)
    failed: list[str] = []
    while True:
        clock = time.perf_counter()
        try:
            returns = [engine.Return(loaded) for loaded in loaded_returns["cin_census"]]
            returns.append(engine.Return(loaded_returns["ssda903"]))
            returns.append(engine.Return(loaded_returns["annex_a"], as_at=ANNEX_A_DATE))
            inputs = engine.assemble(returns, population=population)
            results = engine.compute(inputs, indicators)
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
    note = (f"{len(indicators)} of {len(engine.CATALOGUE)} indicators in the catalogue, "
            f"{len(results.not_computed)} with no period to compute")
    if failed:
        note += f"; left out, their SQL failed: {'; '.join(failed)}"
    return IndicatorRun(results.values.num_rows, seconds, note)


def pandas_comparison(loaded_returns: dict[str, Any], engine_seconds: float | None) -> str:
    """>>> HOOK FOR THE PANDAS COMPARISON <<<

    Once the engine runs, time the same indicators done with pandas here and return the line
    to print, e.g. f"pandas comparison ratio: {pandas_seconds / engine_seconds:.1f}x".
    """
    del loaded_returns
    if engine_seconds is None:
        return "pandas comparison ratio: not measured (needs the engine)"
    return "pandas comparison ratio: not measured yet (see pandas_comparison)"


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


def run_phase(phase: str, folder: Path, skip_indicators: bool = False) -> dict[str, Any]:
    """One measurement of one phase, in this process (called in a fresh child process)."""
    from clearsight_analytics.ingest.annex_a import read_annex_a_workbook
    from clearsight_analytics.ingest.cin_census import read_cin_census
    from clearsight_analytics.ingest.ssda903 import read_ssda903_years

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
        return run_everything(folder, skip_indicators)
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


def run_everything(folder: Path, skip_indicators: bool = False) -> dict[str, Any]:
    """Every return loaded at once, as an authority's full refresh would, then the indicators."""
    import pyarrow.csv

    from clearsight_analytics.ingest.annex_a import read_annex_a_workbook
    from clearsight_analytics.ingest.cin_census import read_cin_census
    from clearsight_analytics.ingest.ssda903 import read_ssda903_years

    warm_up("everything")
    annex = annex_a_bytes(folder, "annex_a.xlsx")
    years = ssda903_bytes(folder)
    files = cin_bytes(folder)
    population = (folder / "population.csv").read_bytes()
    size = len(annex["data"]) + sum(len(d) for f in years.values() for d in f.values()) + sum(
        len(data) for _, data in files) + len(population)
    gc.collect()
    result: dict[str, Any] = {"phase": "everything", "rss_before_mb": rss_mb()}
    wall, cpu = time.perf_counter(), time.process_time()
    loaded: dict[str, Any] = {
        "annex_a": read_annex_a_workbook(annex["data"], annex["name"]),
        "ssda903": read_ssda903_years(years),
        "cin_census": [read_cin_census(data, name) for name, data in files],
        "population": pyarrow.csv.read_csv(io.BytesIO(population)),
    }
    result["seconds"] = time.perf_counter() - wall
    result["cpu_seconds"] = time.process_time() - cpu
    result["rows"] = sum(rows_of(loaded[key]) for key in ("annex_a", "ssda903", "cin_census"))
    result["problems"] = sum(problems_of(loaded[key])
                             for key in ("annex_a", "ssda903", "cin_census"))
    result["input_mb"] = size / 2**20
    result["peak_after_load_mb"] = peak_mb()
    cpu = time.process_time()
    run = (IndicatorRun(None, None, "skipped (--skip-indicators)") if skip_indicators
           else compute_indicators(loaded))
    result["indicators"] = {"values": run.values, "seconds": run.seconds, "note": run.note,
                            "cpu_seconds": time.process_time() - cpu}
    result["pandas"] = pandas_comparison(loaded, run.seconds)
    result["peak_mb"] = peak_mb()
    return result


# ------------------------------------------------------------------ the driver


def measure(phase: str, folder: Path, skip_indicators: bool) -> dict[str, Any]:
    """Run one phase in a fresh Python process and return what it measured."""
    load = os.getloadavg()[0]
    command = [sys.executable, str(Path(__file__).resolve()), "--phase", phase,
               "--data", str(folder)]
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
    for package in ("pyarrow", "python-calamine", "defusedxml", "numpy"):
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
        "rate": rows / median if median else 0.0, "peak": max(run["peak_mb"] for run in runs),
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
    parser.add_argument("--profile", choices=PHASES[:4],
                        help="run one phase once under cProfile instead of measuring")
    parser.add_argument("--phase", help=argparse.SUPPRESS)  # inside a measuring process
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.phase:
        print("RESULT " + json.dumps(run_phase(args.phase, args.data, args.skip_indicators)))
        return 0

    phases = [phase.strip() for phase in args.phases.split(",") if phase.strip()]
    unknown = set(phases) - set(PHASES)
    if unknown:
        parser.error(f"unknown phases: {', '.join(sorted(unknown))}")
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
              "fresh process; load average now "
              + " ".join(f"{x:.1f}" for x in os.getloadavg()))
        runs: dict[str, list[dict[str, Any]]] = {phase: [] for phase in phases}
        for _ in range(args.repeat):
            for phase in phases:
                runs[phase].append(measure(phase, folder, args.skip_indicators))
        summaries = [summarise(phase, found) for phase, found in runs.items()]
        print()
        for line in table(summaries):
            print(line)
        print()
        if "everything" in runs:
            last = runs["everything"][-1]
            indicators = last["indicators"]
            if indicators["values"] is None:
                print(f"compute every indicator: {indicators['note']}")
            else:
                seconds = statistics.median(run["indicators"]["seconds"]
                                            for run in runs["everything"])
                cpu = statistics.median(run["indicators"]["cpu_seconds"]
                                        for run in runs["everything"])
                print(f"compute every indicator: {indicators['values']:,} values in "
                      f"{seconds:.2f} s (median; CPU {cpu:.1f} s; {indicators['note']})")
            loaded_peak = max(run["peak_after_load_mb"] for run in runs["everything"])
            whole_peak = max(run["peak_mb"] for run in runs["everything"])
            print(f"everything: peak {loaded_peak:.0f} MB once every return is loaded, "
                  f"{whole_peak:.0f} MB after computing the indicators "
                  f"({loaded_peak / MEMORY_TARGET_MB:.2f}x and "
                  f"{whole_peak / MEMORY_TARGET_MB:.2f}x the 1 GB target)")
            print(last["pandas"])
        for s in summaries:
            if s["phase"].startswith("annex_a"):
                verdict = "meets" if s["rate"] >= ANNEX_A_TARGET else "misses"
                print(f"{LABELS[s['phase']]}: {s['rate']:,.0f} rows/s {verdict} the "
                      f"{ANNEX_A_TARGET:,} rows/s target ({s['rate'] / ANNEX_A_TARGET:.2f}x; "
                      f"{s['cpu_rate'] / ANNEX_A_TARGET:.2f}x counting CPU time only)")
        worst = max(summaries, key=lambda s: s["peak"])
        print(f"highest peak memory: {worst['peak']:.0f} MB ({LABELS[worst['phase']]}), "
              f"{'under' if worst['peak'] < MEMORY_TARGET_MB else 'over'} the 1 GB target "
              f"({worst['peak'] / MEMORY_TARGET_MB:.2f}x); a fresh process with the readers "
              f"imported and the bytes read holds about "
              f"{min(s['before'] for s in summaries):.0f} MB before reading")
        print("highest load average seen before a run: "
              f"{max(s['load'] for s in summaries):.1f} on {os.cpu_count()} CPUs"
              " (above the CPU count, wall times say more about the neighbours)")
        if any(s["problems"] for s in summaries):
            print("PROBLEMS: the readers found problems in the generated files (see above)")
            return 1
        return 0
    finally:
        if args.out is None and not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        elif args.out is None:
            print(f"kept {folder}")


if __name__ == "__main__":
    raise SystemExit(main())
