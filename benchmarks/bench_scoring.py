"""Benchmark: read, validate and score bids, against pandas merely loading them.

Not a test (these machines are shared and noisy): run `make bench` or
`python benchmarks/bench_scoring.py [--bids 100]` and read the figures.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pandas as pd

from sample_tenders.bids import SAMPLE_BIDS
from sample_tenders.generate import write_sample
from scoring.batch import report_for
from scoring.engine import load_rules
from scoring.reader import read_bid


def write_bids(folder: Path, count: int) -> list[Path]:
    """`count` bid files: the six samples, copied under new names."""
    originals = [write_sample(sample, folder) for sample in SAMPLE_BIDS]
    paths = []
    for index in range(count):
        path = folder / f"bid_{index:03d}.xlsx"
        path.write_bytes(originals[index % len(originals)].read_bytes())
        paths.append(path)
    return paths


def time_each(paths: list[Path], work) -> list[float]:
    times = []
    for path in paths:
        start = time.perf_counter()
        work(path)
        times.append(time.perf_counter() - start)
    return times


def pandas_load(path: Path, engine: str | None = None) -> None:
    """What the goal compares against: pandas merely loading every sheet."""
    with warnings.catch_warnings():  # pandas 3 warns that its default engine will change
        warnings.simplefilter("ignore")
        pd.read_excel(path, sheet_name=None, engine=engine)


PANDAS_LOAD = """
import sys, warnings
warnings.simplefilter("ignore")
import pandas as pd
for path in sys.argv[1:]:
    pd.read_excel(path, sheet_name=None)
"""


def whole_processes(paths: list[Path], rounds: int) -> tuple[list[float], list[float]]:
    """Seconds for `python -m scoring score --json` on every file, interpreter start
    included, and for a fresh Python that merely loads them with pandas."""
    ours, theirs = [], []
    root = Path(__file__).resolve().parent.parent
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "scoring", "score", *map(str, paths), "--json"],
                       cwd=root, check=True, capture_output=True)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", PANDAS_LOAD, *map(str, paths)], check=True,
                       capture_output=True)
        theirs.append(time.perf_counter() - start)
    return ours, theirs


def score(path: Path) -> None:
    report = report_for(read_bid(path))
    assert report.scorecard is not None, report.errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bids", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load_rules()  # discovery happens once per process, as in the CLI and the app
    with tempfile.TemporaryDirectory() as folder:
        paths = write_bids(Path(folder), args.bids)
        score(paths[0]), pandas_load(paths[0]), pandas_load(paths[0], "calamine")  # warm up
        ours, theirs, theirs_calamine, batches = [], [], [], []
        for _ in range(args.rounds):
            theirs += time_each(paths, pandas_load)
            theirs_calamine += time_each(paths, lambda p: pandas_load(p, "calamine"))
            start = time.perf_counter()
            ours += time_each(paths, score)
            batches.append(time.perf_counter() - start)
        tracemalloc.start()
        for path in paths:
            score(path)
        _, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        cli, loading = whole_processes(paths, args.rounds)
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    print(f"bids: {args.bids} (the six samples repeated), rounds: {args.rounds}")
    print(f"read + validate + score, median per bid: {ours_median * 1000:7.2f} ms")
    print(f"pandas.read_excel(sheet_name=None), median per bid: {theirs_median * 1000:7.2f} ms")
    print(f"ratio (ours / pandas load only): {ours_median / theirs_median:.2f} (goal: <= 0.5)")
    print(f"for reference, pandas with engine='calamine', median per bid: "
          f"{statistics.median(theirs_calamine) * 1000:7.2f} ms")
    print(f"{args.bids} bids in one process: best {min(batches):.2f} s, "
          f"worst {max(batches):.2f} s (goal: <= 3 s)")
    print(f"{args.bids} bids through `python -m scoring score --json`, whole process: "
          f"median {statistics.median(cli):.2f} s; a fresh Python loading them with "
          f"pandas.read_excel(sheet_name=None): median {statistics.median(loading):.2f} s; "
          f"ratio {statistics.median(cli) / statistics.median(loading):.2f} (goal: <= 0.4)")
    print(f"peak Python memory while scoring the batch: {python_peak / 2**20:.1f} MB")
    print(f"peak resident memory of the process: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
