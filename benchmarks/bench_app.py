"""Benchmark: how long until the comparison page first renders, and how much is scoring.

Not a test (these machines are shared and noisy): run
`python benchmarks/bench_app.py [--repeats 3]` and read the figures. Through AppTest,
each trial uploads the bids on the start page (which reads and scores them) and then
opens the comparison page. Scoring is the time inside the reader and the engine; the
rest is Streamlit running the pages and building their elements and charts. Targets:
under 2 s for the six sample bids, under 5 s for 30 bids. (AppTest logs a harmless
"missing ScriptRunContext" warning per trial.)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from app_pages.quick import state  # noqa: E402
from sample_tenders.bids import SAMPLE_BIDS  # noqa: E402
from templates.bid_workbook import build_workbook  # noqa: E402

TARGETS = {6: 2.0, 30: 5.0}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_bids(folder: Path, count: int) -> list[Path]:
    """`count` distinct bids: the samples, then variants of them under new names."""
    paths = []
    for index in range(count):
        sample = SAMPLE_BIDS[index % len(SAMPLE_BIDS)]
        if index >= len(SAMPLE_BIDS):
            round_ = index // len(SAMPLE_BIDS) + 1
            answers = {**sample.answers,
                       "provider.name": f"{sample.answers['provider.name']} ({round_})",
                       "bid.reference": f"{sample.answers['bid.reference']}-{round_}"}
            sample = replace(sample, answers=answers)
        path = folder / f"bid_{index:02d}.xlsx"
        build_workbook(sample.answers, sample.tables, sample.percent_format).save(path)
        paths.append(path)
    return paths


class ScoringClock:
    """Wraps the reader and the engine as the app calls them, adding up their time."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.read_bid_bytes, self.report_for = state.read_bid_bytes, state.report_for

    def timed(self, work):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return work(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
        return run

    def __enter__(self) -> ScoringClock:
        state.read_bid_bytes = self.timed(self.read_bid_bytes)
        state.report_for = self.timed(self.report_for)
        return self

    def __exit__(self, *exc: object) -> None:
        state.read_bid_bytes, state.report_for = self.read_bid_bytes, self.report_for


def first_render(paths: list[Path], trial: str) -> tuple[float, float]:
    """Seconds from opening the app to the comparison on screen, and of those, scoring.

    The cache is keyed by content and file name, so a name new to each trial makes
    every trial read and score from cold, as a fresh upload does.
    """
    files = [(f"{trial}_{path.name}", path.read_bytes(), XLSX) for path in paths]
    with ScoringClock() as clock:
        start = time.perf_counter()
        app = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=120).run()
        app.file_uploader[0].set_value(files).run()
        app.switch_page("app_pages/quick/compare.py").run()
        total = time.perf_counter() - start
    shown = len(app.subheader)
    if app.exception or shown != len(paths):
        raise SystemExit(f"the comparison did not render {len(paths)} bids: {app.exception}")
    return total, clock.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"{'bids':>5} {'first render':>13} {'scoring':>9} {'rendering':>10} {'target':>7}")
    with tempfile.TemporaryDirectory() as folder:
        warm_up = Path(folder) / "warm_up"
        warm_up.mkdir()
        first_render(write_bids(warm_up, 2), "warm_up")  # imports and rule discovery, once
        for count, target in TARGETS.items():
            bids = Path(folder) / str(count)
            bids.mkdir()
            paths = write_bids(bids, count)
            trials = [first_render(paths, f"trial{n}") for n in range(args.repeats)]
            total = statistics.median(t for t, _ in trials)
            scoring = statistics.median(s for _, s in trials)
            verdict = "ok" if total < target else "MISSED"
            print(f"{count:>5} {total:>12.2f}s {100 * scoring / total:>8.0f}% "
                  f"{100 * (total - scoring) / total:>9.0f}% {target:>5.0f} s {verdict}")


if __name__ == "__main__":
    main()
