"""Benchmark: checking a payment design and its suggestions, as the page and the CLI do.

Not a test (these machines are shared and noisy): run
`python benchmarks/bench_design.py [--rounds 20]` and read the figures. Goals: one design
recomputed after an edit, with its suggestions, in under 300 ms; `python -m scoring
design` on 10 designs (interpreter start included) in under 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import extra_payment_tables  # noqa: E402

from app_pages.design.views import (  # noqa: E402
    design_from_tables,
    payment_table,
    targets_table,
    terms_of,
)
from sample_tenders.designs.designs import EXIT_TARGETS, SAMPLE_DESIGNS  # noqa: E402
from scoring.design import check_design, suggest  # noqa: E402
from scoring.reader import read_design  # noqa: E402
from templates.bid_workbook import build_design_workbook  # noqa: E402

GOAL_EDIT_MS, GOAL_CLI_S = 300, 3.0
EXTRA_TABLES = extra_payment_tables()


def write_designs(folder: Path, count: int = 10) -> None:
    for index in range(count):
        sample = SAMPLE_DESIGNS[index % len(SAMPLE_DESIGNS)]
        tables = dict(sample.tables)
        if index >= len(SAMPLE_DESIGNS):
            tables["Payment"] = EXTRA_TABLES[index % len(EXTRA_TABLES)]
        build_design_workbook(sample.answers, tables).save(folder / f"design_{index}.xlsx")


def edit_and_recompute(rounds: int) -> list[float]:
    """The page's work after an edit: tables to a design, the check and the suggestions."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / EXIT_TARGETS.file
        build_design_workbook(EXIT_TARGETS.answers, EXIT_TARGETS.tables).save(path)
        design = read_design(path).design
    terms, payments, targets = terms_of(design), payment_table(design), targets_table(design)
    check_design(design)  # the first call builds the model's shared course
    times = []
    for round_ in range(rounds):
        edited = payments.copy()
        shift = (round_ % 20) / 2  # a different share each round: nothing is cached
        edited.loc[0, "Share %"] = 60 - shift
        edited.loc[1, "Share %"] = 30 + shift
        start = time.perf_counter()
        changed, problems = design_from_tables(terms, edited, targets)
        assert not problems, problems
        check = check_design(changed)
        suggest(changed, before=check)
        times.append(time.perf_counter() - start)
    return times


def cli_on_ten(rounds: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        write_designs(Path(folder))
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "scoring", "design", folder, "--json"],
                           cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    edit = edit_and_recompute(args.rounds)
    print(f"one design after an edit, with its suggestions: median "
          f"{statistics.median(edit) * 1000:.0f} ms, worst {max(edit) * 1000:.0f} ms "
          f"over {args.rounds} edits (goal < {GOAL_EDIT_MS} ms)")
    cli = cli_on_ten(max(1, args.rounds // 5))
    print(f"python -m scoring design on 10 designs: median {statistics.median(cli):.2f} s, "
          f"worst {max(cli):.2f} s (goal < {GOAL_CLI_S:.0f} s)")


if __name__ == "__main__":
    main()
