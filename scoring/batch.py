"""Read and score many workbooks at once; one bad file never stops the others."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.engine import RuleOutcome, Scorecard, score_bid
from scoring.reader import Problem, ReadResult, read_bid
from scoring.rulebook import Area
from scoring.scheme import DEFAULT_SCHEME, EvaluationScheme


@dataclass(frozen=True)
class FileReport:
    """One file read: its source and problems, for whatever was done with the bid."""

    read: ReadResult

    @property
    def source(self) -> str:
        return self.read.source

    @property
    def errors(self) -> tuple[Problem, ...]:
        return self.read.errors

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return self.read.warnings

    def problems_json(self) -> dict[str, list[dict[str, str | None]]]:
        """The file's errors and warnings, as the CLI's JSON lists them."""
        return {
            "errors": [problem.to_json() for problem in self.errors],
            "warnings": [problem.to_json() for problem in self.warnings],
        }


@dataclass(frozen=True)
class BidReport(FileReport):
    """One file's outcome: its scorecard if it was accepted, and its problems."""

    scorecard: Scorecard | None

    @property
    def provider(self) -> str | None:
        return self.scorecard.provider if self.scorecard else None

    def to_json(self) -> dict[str, Any]:
        """The bid's entry in the CLI's JSON (shared/scoring-cli.md)."""
        card = self.scorecard
        return {
            "source": self.source,
            "provider": card.provider if card else None,
            "reference": card.reference if card else None,
            "overall": card.overall if card else None,
            "areas": {area.value: card.areas[area] for area in Area} if card else None,
            "flags": [
                {"rule": flag.rule, "area": flag.area.value, "severity": flag.severity.value,
                 "message": flag.message, "cells": list(flag.cells)}
                for flag in (card.flags if card else ())
            ],
            "gates_failed": list(card.gates_failed) if card else None,
            "rule_errors": [
                {"rule": outcome.rule.id, "message": rule_error_message(outcome)}
                for outcome in (card.rule_errors if card else ())
            ],
            **self.problems_json(),
        }


def rule_error_message(outcome: RuleOutcome) -> str:
    """A rule that could not run, said so: never shown as a bid with nothing flagged."""
    return (f"rule {outcome.rule.id} could not be checked on this bid ({outcome.error}), "
            "so any flag it would raise is missing: check this by hand")


def report_for(result: ReadResult, scheme: EvaluationScheme = DEFAULT_SCHEME) -> BidReport:
    """Score a read workbook if it was accepted."""
    return BidReport(result, score_bid(result.bid, scheme) if result.bid else None)


def score_files(
    paths: Sequence[Path], scheme: EvaluationScheme = DEFAULT_SCHEME
) -> list[BidReport]:
    return [report_for(read, scheme) for read in read_files(paths)]


FILES_PER_WORKER = 8  # fewer, and starting a worker costs more than it saves
READERS_NICENESS = 10


def read_files(paths: Sequence[Path]) -> Iterator[ReadResult]:
    """Each file read, in order. Reading is most of a batch's time, so a large batch is
    read on every core, by workers forked from this process (nothing to import again);
    the caller works on each result as it arrives. Where forking is not possible, or a
    worker dies, the files not yet read are read here, one after another."""
    workers = min(os.cpu_count() or 1, len(paths) // FILES_PER_WORKER)
    done = 0
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("fork")
        # As the gc module's documentation advises before forking: the objects this
        # process holds now (its modules, mostly) are shared with the workers rather than
        # copied, and no collection here or in a worker walks them again while the batch
        # runs (for 100 bids: 30 ms of collections in the workers and 20 ms here).
        gc.freeze()
        try:
            # Readers yield the processor to this process, which scores what they read:
            # otherwise it waits its turn while results queue up (10% of a batch's time).
            with ProcessPoolExecutor(workers, mp_context=context, initializer=os.nice,
                                     initargs=(READERS_NICENESS,)) as pool:
                for read in pool.map(read_bid, paths, chunksize=4):
                    done += 1
                    yield read
        except BrokenProcessPool:
            pass
        finally:
            gc.unfreeze()
    for path in paths[done:]:
        yield read_bid(path)


def find_workbooks(paths: Iterable[Path]) -> list[Path]:
    """Files as given, and the .xlsx files inside folders (not Excel's ~$ lock files)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir()
                if p.is_file() and p.suffix.lower() == ".xlsx" and not p.name.startswith("~$")
            )
            if not inside:
                raise FileNotFoundError(f"no .xlsx bids in the folder {path}")
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            raise FileNotFoundError(f"no such file or folder: {path}")
    return found
