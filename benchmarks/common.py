"""What several benchmark scripts share: timing work, and reading one file in a fresh process."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path


def timed(work, rounds: int) -> list[float]:
    """Seconds each of `rounds` calls of `work` took."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def read_once(path: Path) -> dict:
    """In this (fresh) process: read `path` once untraced, then once under tracemalloc.

    Wall time, the process's peak resident memory before and after (ru_maxrss), the peak
    of Python allocations, and what the reader answered.
    """
    from scoring.reader import read_bid

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    result = read_bid(path)
    seconds = time.perf_counter() - start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    read_bid(path)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    first = (result.errors or result.warnings or [None])[0]
    return {"seconds": seconds, "traced_mb": traced_peak / 2**20,
            "rss_before_mb": rss_before, "rss_after_mb": rss_after,
            "accepted": result.accepted, "problems": len(result.errors) + len(result.warnings),
            "message": first.message if first else ""}


def read_in_child(script: str, path: Path, timeout: int = 600) -> dict:
    """`read_once` in a fresh process: `script` prints it for `--measure PATH`."""
    completed = subprocess.run([sys.executable, script, "--measure", str(path)],
                               capture_output=True, text=True, timeout=timeout, check=True)
    return json.loads(completed.stdout)


# Payment tables beyond the samples', so that windows and cohorts vary across bids and designs.
def extra_payment_tables() -> list[list[dict]]:
    from sample_tenders.bids import payment

    return [
        [payment("Core", "block", 60),
         payment("Completion", "successful_completion", 40, 12, "Yes")],
        [payment("Core", "block", 50), payment("Starts", "attachment", 30),
         payment("Abstinent", "abstinence", 20, 3, cohort="opiate")],
        [payment("Core", "block", 80), payment("Not back", "non_representation", 10),
         payment("Housing", "housing", 10)],
        [payment("Core", "block", 70), payment("OST exit", "successful_completion", 30,
                                               cohort="long_term_ost")],
    ]
