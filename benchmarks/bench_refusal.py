"""Benchmark: how fast, and in how little memory, hostile files are refused.

Not a test (these machines are shared and noisy): run
`python benchmarks/bench_refusal.py [--runs 5]` and read the figures.

It builds the real zip bomb, a 1.5 MB file whose worksheet honestly declares that
it inflates to 1.5 GB, and a few other files that make the guard do real work, then
refuses each through `read_bid` in a fresh process: wall time (median of the runs),
the peak of Python allocations (tracemalloc) and the process's peak resident memory
(ru_maxrss), before and after. The goal for the bomb: well under 1 s and 300 MB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import read_in_child, read_once  # noqa: E402

GOAL_SECONDS = 1.0
GOAL_MB = 300


def build_files(folder: Path) -> list[tuple[str, Path]]:
    from tests import hostile

    start = time.perf_counter()
    bomb = hostile.honest_zip_bomb(folder, inflated_bytes=1536 * hostile.MB)
    print(f"built the 1.5 GB bomb in {time.perf_counter() - start:.1f} s: "
          f"{bomb.stat().st_size / 2**20:.2f} MB on disk")
    return [
        ("zip bomb, 1.5 MB -> 1.5 GB declared", bomb),
        ("zip bomb, header lies (10 MB as 1 KB)", hostile.lying_zip_bomb(folder)),
        ("zip bomb, 1000-fold part under the total", hostile.ratio_bomb(folder)),
        ("a million XML elements", hostile.element_flood(folder)),
        ("a 90 KB tag of attributes", hostile.attribute_flood(folder)),
        ("billion laughs in sharedStrings.xml", hostile.entity_in_shared_strings(folder)),
        ("one cell at XFD1048576", hostile.stray_far_cell(folder)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per file")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(read_once(args.measure)))
        return 0

    with tempfile.TemporaryDirectory() as folder:
        files = build_files(Path(folder))
        print(f"\n{'file':<42} {'size':>9} {'time':>9} {'traced':>9} "
              f"{'rss before':>11} {'rss after':>10}")
        figures = {}
        for label, path in files:
            runs = [read_in_child(__file__, path, 300) for _ in range(args.runs)]
            assert all(not run["accepted"] for run in runs), (label, runs[0]["message"])
            figures[label] = {
                "seconds": statistics.median(run["seconds"] for run in runs),
                "traced_mb": max(run["traced_mb"] for run in runs),
                "rss_before_mb": max(run["rss_before_mb"] for run in runs),
                "rss_after_mb": max(run["rss_after_mb"] for run in runs),
            }
            f = figures[label]
            print(f"{label:<42} {path.stat().st_size / 1024:>7.0f}KB "
                  f"{f['seconds'] * 1000:>7.1f}ms {f['traced_mb']:>7.1f}MB "
                  f"{f['rss_before_mb']:>9.0f}MB {f['rss_after_mb']:>8.0f}MB")

    bomb = figures[files[0][0]]
    met = bomb["seconds"] < GOAL_SECONDS and bomb["rss_after_mb"] < GOAL_MB
    print(f"\nthe 1.5 GB bomb: refused in {bomb['seconds'] * 1000:.1f} ms, Python allocations "
          f"peaking at {bomb['traced_mb']:.1f} MB, process peak {bomb['rss_after_mb']:.0f} MB "
          f"(of which {bomb['rss_before_mb']:.0f} MB before reading). "
          f"Goal (< {GOAL_SECONDS:.0f} s, < {GOAL_MB} MB): {'met' if met else 'MISSED'}.")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
