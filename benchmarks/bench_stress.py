"""Benchmark: the stress test, 10,000 parameter draws for 10 bids over a 7-year term.

Not a test (these machines are shared and noisy): run
`python benchmarks/bench_stress.py [--draws 10000] [--bids 10] [--rounds 5]` and read the
figures. Goal: the 10 bids in one run in under 1 s. Also shown: the same bids one call
each, and what INC-12 (the same 10,000 joint draws, without the likely ranges) adds to
scoring a bid once the model's course is built.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import extra_payment_tables, timed

from sample_tenders.bids import SAMPLE_BIDS
from scoring.models import Bid
from scoring.reader import read_bid_bytes
from scoring.stress import stress_many, stress_test
from templates.bid_workbook import build_workbook

TERM_YEARS = 7
EXTRA_TABLES = extra_payment_tables()


def bids(count: int) -> list[Bid]:
    """`count` bids over a 7-year term: the six samples, then other payment tables."""
    made = []
    for index in range(count):
        sample = SAMPLE_BIDS[index % len(SAMPLE_BIDS)]
        tables = dict(sample.tables)
        if index >= len(SAMPLE_BIDS):
            tables["Payment"] = EXTRA_TABLES[index % len(EXTRA_TABLES)]
        answers = {**sample.answers, "contract.term_years": TERM_YEARS}
        data = io.BytesIO()
        build_workbook(answers, tables, sample.percent_format).save(data)
        result = read_bid_bytes(data.getvalue(), f"bid_{index}.xlsx")
        assert result.bid is not None, result.errors
        made.append(result.bid)
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--bids", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    batch = bids(args.bids)
    stress_many(batch[:1], draws=100)  # warm up
    cpu = time.process_time()
    first = timed(lambda: stress_many(batch, draws=args.draws, seed=1), 1)  # a cold course
    cpu = time.process_time() - cpu
    together = timed(lambda: stress_many(batch, draws=args.draws), args.rounds)
    one_by_one = timed(lambda: [stress_test(b, draws=args.draws) for b in batch], 1)
    rule = timed(lambda: [stress_many([b], draws=args.draws, ranges=False) for b in batch],
                 args.rounds)
    tracemalloc.start()
    stress_many(batch, draws=args.draws)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{args.bids} bids, {TERM_YEARS}-year term ({TERM_YEARS * 12} months), "
          f"{args.draws:,} draws, {args.rounds} rounds")
    print(f"stress_many, all bids in one run, model followed from scratch: "
          f"{first[0]:.3f} s wall, {cpu:.3f} s of CPU (goal: < 1 s)")
    print(f"load average while it ran: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"stress_many, all bids in one run, course kept: best {min(together):.3f} s, "
          f"median {statistics.median(together):.3f} s")
    print(f"stress_test, one call per bid: {one_by_one[0]:.3f} s")
    print(f"INC-12 (the joint draws, no likely ranges), per bid: "
          f"{statistics.median(rule) / args.bids * 1000:.1f} ms")
    print(f"peak Python memory of one run: {peak / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
