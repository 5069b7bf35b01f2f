#!/usr/bin/env python3
"""Micro-benchmark: how many XmR charts of 36 monthly points can one process draw per second?

    uv run python bench/charts.py              # 1,000 charts
    uv run python bench/charts.py --charts 5000

It makes --charts different series (seeded, so every run draws the same ones: a level, noise,
and in some a step or a drift so that every marker kind appears), then times three things on
one core: the XmR analysis alone, drawing alone (from results made beforehand), and both, as a
dashboard does. The import time of the two modules is printed too.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

started = time.perf_counter()
from clearsight_analytics.charts import Unit, ValueFormat, xmr_chart_svg  # noqa: E402
from clearsight_analytics.spc import Baseline, Polarity, Rules, SpcResult, xmr  # noqa: E402

IMPORT_SECONDS = time.perf_counter() - started
POINTS = 36
PERCENT = ValueFormat(Unit.PERCENT, 1)


def series(seed: int) -> list[tuple[str, float | None]]:
    chance = random.Random(seed)
    level = chance.uniform(40, 80)
    step = chance.choice([0.0, 0.0, 6.0, -6.0])
    drift = chance.choice([0.0, 0.3, -0.3])
    points: list[tuple[str, float | None]] = []
    for month in range(POINTS):
        value = level + chance.gauss(0, 2) + (step if month >= 24 else 0) + drift * month
        missing = chance.random() < 0.02
        label = f"{2023 + (month + 3) // 12}-{(month + 3) % 12 + 1:02d}"
        points.append((label, None if missing else round(min(max(value, 0), 100), 1)))
    return points


def analyse(points: list[tuple[str, float | None]], seed: int) -> SpcResult:
    return xmr(points, polarity=(Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER,
                                 Polarity.NEITHER)[seed % 3],
               target=70.0 if seed % 2 else None, baseline=Baseline.first_points(24),
               rules=Rules(floor=0, ceiling=100))


def timed(label: str, count: int, work: list[float]) -> None:
    total = sum(work)
    print(f"{label:<22} {count / total:>9,.0f} charts/s   "
          f"{total / count * 1000:6.3f} ms each (median {statistics.median(work) * 1000:.3f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=1000)
    count = parser.parse_args().charts

    data = [series(seed) for seed in range(count)]
    analysis, drawing, both = [], [], []
    results = []
    sizes = 0
    for seed, points in enumerate(data):  # warm up is not needed: no caches, no JIT
        start = time.perf_counter()
        result = analyse(points, seed)
        analysis.append(time.perf_counter() - start)
        results.append(result)
    for seed, result in enumerate(results):
        start = time.perf_counter()
        svg = xmr_chart_svg(result, id_prefix=f"chart-{seed}", title="Re-referrals",
                            value_format=PERCENT)
        drawing.append(time.perf_counter() - start)
        sizes += len(svg)
    for seed, points in enumerate(data):
        start = time.perf_counter()
        xmr_chart_svg(analyse(points, seed), id_prefix=f"chart-{seed}", title="Re-referrals",
                      value_format=PERCENT)
        both.append(time.perf_counter() - start)

    special = sum(any(point.special_cause for point in result.points) for result in results)
    print(f"{count:,} XmR charts of {POINTS} points ({special:,} with special cause), "
          f"Python {sys.version.split()[0]}, one core")
    print(f"import spc + charts    {IMPORT_SECONDS * 1000:9.0f} ms (includes the package's "
          "own imports)")
    timed("analysis only", count, analysis)
    timed("drawing only", count, drawing)
    timed("analysis + drawing", count, both)
    print(f"average SVG size       {sizes / count / 1024:9.1f} KiB")


if __name__ == "__main__":
    main()
