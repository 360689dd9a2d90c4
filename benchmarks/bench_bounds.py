"""Benchmark: a bid at every bound goes through read, score, stress and design (issue 19).

Not a test (these machines are shared and noisy): run `python benchmarks/bench_bounds.py`
and read the figures.

The largest bid the tool accepts: the most payment lines and targets a contract may have
(`scoring.limits`), varied so the stress test and the design's suggestions have real
work (exit payments with windows and clawbacks, cohorts), and a Narrative padded with
random text up to the upload limit. Beside it, the same without padding, a bid with
4,999 payment lines (refused), and a sample bid for reference (the model's own cost per
bid, whatever its lines). Each file goes through everything the app and the command
line do with it in a fresh process: read, score, the stress test (10,000 draws) and the
design check with its suggestions; wall time and the process's peak resident memory
(ru_maxrss).
Goal: each file < 2 s and < 300 MB.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_SECONDS = 2.0
GOAL_MB = 300
CATEGORIES = [("block", None, "No"), ("successful_completion", 6, "Yes"),
              ("non_representation", None, "No"), ("retention", None, "No"),
              ("abstinence", 3, "No"), ("attachment", None, "No"), ("housing", None, "No")]
COHORTS = ["all", "opiate", "long_term_ost", "non_opiate"]


def payment_lines(count: int) -> list[dict]:
    from sample_tenders.bids import payment

    share = round(100 / count, 6)
    lines = [payment(f"Line {n}", *CATEGORIES[n % len(CATEGORIES)][:1], share,
                     CATEGORIES[n % len(CATEGORIES)][1], CATEGORIES[n % len(CATEGORIES)][2],
                     COHORTS[n % len(COHORTS)]) for n in range(count)]
    lines[0]["Share %"] = round(100 - share * (count - 1), 6)
    return lines


def targets(count: int) -> list[dict]:
    from sample_tenders.bids import target

    measures = ["retention", "successful_completions", "waiting_time", "naloxone_coverage"]
    return [target(f"Target {n}", measures[n % len(measures)], 50 + n % 40,
                   consequence="financial_penalty" if n % 5 == 0 else "review")
            for n in range(count)]


def padded_narrative(total_bytes: int) -> list[dict]:
    """Narrative sections of random text, about `total_bytes` once compressed."""
    rng = random.Random(19)
    letters = string.ascii_letters + string.digits + " .,;:-"
    per_cell, sections = 32_000, []
    # random text from 68 symbols compresses to about 80% of its length
    for n in range(int(total_bytes / (per_cell * 0.8))):
        sections.append({"Section": f"Method statement {n}",
                         "Text": "".join(rng.choices(letters, k=per_cell))})
    return sections


def write_bid(path: Path, lines: int, padding_bytes: int) -> Path:
    from sample_tenders.bids import NORTHGATE
    from scoring.limits import MAX_TARGETS
    from templates.bid_workbook import build_workbook

    tables = {**NORTHGATE.tables, "Payment": payment_lines(lines),
              "Targets": targets(MAX_TARGETS)}
    if padding_bytes:
        tables["Narrative"] = padded_narrative(padding_bytes)
    build_workbook(NORTHGATE.answers, tables).save(path)
    return path


def measure(path: Path) -> dict:
    """In this (fresh) process: everything the tool does with one file."""
    from scoring.batch import report_for
    from scoring.design.files import design_files
    from scoring.reader import read_bid_bytes
    from scoring.stress import stress_test

    steps = {}
    start = time.perf_counter()
    read = read_bid_bytes(path.read_bytes(), path.name)
    steps["read"] = time.perf_counter() - start
    if read.bid is not None:
        mark = time.perf_counter()
        report_for(read)
        steps["score"] = time.perf_counter() - mark
        mark = time.perf_counter()
        stress_test(read.bid)
        steps["stress"] = time.perf_counter() - mark
        mark = time.perf_counter()
        design_files([path])
        steps["design"] = time.perf_counter() - mark
    first = (read.errors or [None])[0]
    return {"seconds": time.perf_counter() - start, "steps": steps,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "accepted": read.bid is not None, "size_mb": path.stat().st_size / 2**20,
            "message": first.message if first else ""}


def stress_memory(lines: int) -> float:
    """The stress test's peak Python allocations (MB) for a bid with this many lines
    (made by copying the sample bid with another table, so past the limit too)."""
    import tracemalloc

    from scoring.models import PaymentLine
    from scoring.reader import read_bid
    from scoring.stress import stress_test

    bid = read_bid(ROOT / "sample_tenders" / "northgate.xlsx").bid
    rows = payment_lines(lines)
    table = [PaymentLine.model_validate({"outcome": row["Outcome"], "category": row["Category"],
                                         "share_pct": row["Share %"],
                                         "window_months": row["Window months"],
                                         "clawback": row["Clawback"] == "Yes",
                                         "cohort": row["Cohort"]}) for row in rows]
    bid = bid.model_copy(update={"payment_lines": table})
    stress_test(bid, draws=200)  # warm: imports and caches are not the lines' cost
    tracemalloc.start()
    stress_test(bid)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--stress-memory", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return 0
    if args.stress_memory:
        print(json.dumps(stress_memory(args.stress_memory)))
        return 0
    from scoring.limits import DEFAULT_LIMITS, MAX_PAYMENT_LINES

    failed = False
    with tempfile.TemporaryDirectory() as folder:
        limit = DEFAULT_LIMITS.max_file_bytes
        files = [
            ("the sample bid, as sent (4 payment lines): for reference",
             ROOT / "sample_tenders" / "northgate.xlsx"),
            (f"{MAX_PAYMENT_LINES} payment lines and targets, padded to the upload limit",
             write_bid(Path(folder) / "at_the_bounds.xlsx", MAX_PAYMENT_LINES,
                       int(limit * 0.93))),
            (f"{MAX_PAYMENT_LINES} payment lines and targets, no padding",
             write_bid(Path(folder) / "most_lines.xlsx", MAX_PAYMENT_LINES, 0)),
            ("4,999 payment lines (refused)",
             write_bid(Path(folder) / "thousands.xlsx", 4_999, 0)),
        ]
        for name, path in files:
            done = subprocess.run([sys.executable, __file__, "--measure", str(path)],
                                  capture_output=True, text=True, check=True, timeout=600)
            result = json.loads(done.stdout)
            ok = result["seconds"] < GOAL_SECONDS and result["peak_mb"] < GOAL_MB
            failed |= not ok
            steps = ", ".join(f"{step} {seconds:.2f} s"
                              for step, seconds in result["steps"].items())
            print(f"{'ok  ' if ok else 'SLOW'} {name} ({result['size_mb']:.1f} MB): "
                  f"{result['seconds']:.2f} s, peak {result['peak_mb']:.0f} MB "
                  f"[{steps}]" + ("" if result["accepted"] else
                                  f"; refused: {result['message']}"))
    peaks = {lines: json.loads(subprocess.run(
        [sys.executable, __file__, "--stress-memory", str(lines)], capture_output=True,
        text=True, check=True, timeout=600).stdout) for lines in (7, MAX_PAYMENT_LINES, 500)}
    print("stress test, peak Python allocations by payment lines (10,000 draws; 500 is past "
          "the limit, built without the reader, to show the memory does not grow): "
          + ", ".join(f"{lines} line{'s' * (lines > 1)} {mb:.1f} MB"
                      for lines, mb in peaks.items()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
