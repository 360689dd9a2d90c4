"""Stress-test many workbooks at once; a refused file is listed with its errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from scoring.batch import FileReport, read_files
from scoring.stress.assumptions import DEFAULT_ASSUMPTIONS, Assumptions
from scoring.stress.results import StressResult
from scoring.stress.run import DRAWS, SEED, stress_many

RESULT_KEYS = tuple(field.name for field in fields(StressResult))


@dataclass(frozen=True)
class StressReport(FileReport):
    """One file's outcome: its stress result if the workbook was accepted, and its problems."""

    result: StressResult | None

    def to_json(self) -> dict[str, Any]:
        """The bid's entry in `python -m scoring stress --json`; nulls for a refused file."""
        found = self.result.to_json() if self.result else dict.fromkeys(RESULT_KEYS)
        return {
            "source": self.source,
            **found,
            **self.problems_json(),
        }


def stress_files(paths: Sequence[Path], assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
                 draws: int = DRAWS, seed: int = SEED) -> list[StressReport]:
    """Read every file, and stress-test the accepted bids together on the same draws."""
    reads = list(read_files(paths))
    results = iter(stress_many([r.bid for r in reads if r.bid], assumptions, draws, seed))
    return [StressReport(r, next(results) if r.bid else None) for r in reads]


def stress_document(reports: list[StressReport], assumptions: Assumptions, draws: int,
                    seed: int = SEED) -> dict[str, Any]:
    """The whole JSON document: the run's settings, then one entry a file."""
    return {
        "draws": draws,
        "seed": seed,
        "assumptions": assumptions.values(),
        "bids": [report.to_json() for report in reports],
    }
