"""Check many design workbooks at once, for `python -m scoring design`.

Each design's own figures come with their 80% ranges (one stress-test run for all the
designs); its suggestions are checked on the central figures and the robustness ends
alone, which is all their ranking needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scoring.design.check import DesignCheck, check_designs, summary
from scoring.design.suggestions import Suggestion, suggest
from scoring.reader import DesignRead, read_design
from scoring.stress import DEFAULT_ASSUMPTIONS, DRAWS, Assumptions


@dataclass(frozen=True)
class DesignReport:
    """One file: its check and suggestions if it was read as a design, and its problems."""

    read: DesignRead
    check: DesignCheck | None
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def source(self) -> str:
        return self.read.source

    def to_json(self) -> dict[str, Any]:
        """The design's entry in `python -m scoring design --json`; nulls if refused."""
        check = self.check
        stress = check.stress if check else None
        return {
            "source": self.source,
            "verdict": stress.verdict if stress else None,
            "level": stress.level if stress else None,
            "p_gain": stress.p_gain if stress else None,
            "mean_gain_pct": stress.mean_gain_pct if stress else None,
            "holding_level": stress.holding_level if stress else None,
            "p_hold": stress.p_hold if stress else None,
            "holding_gain_pct": stress.holding_gain_pct if stress else None,
            "robust": stress.robust if stress else None,
            "flipped_by": [asdict(v) for v in stress.flipped_by] if stress else None,
            "income_gain_gbp": asdict(stress.income_gain_gbp) if stress else None,
            "income_gain_pct": asdict(stress.income_gain_pct) if stress else None,
            "extra_deaths": asdict(stress.extra_deaths) if stress else None,
            "headline": summary(check) if check else None,
            "flags": [{"rule": flag.rule, "severity": flag.severity.value,
                       "message": flag.message, "cells": list(flag.cells)}
                      for flag in (check.flags if check else ())],
            "suggestions": [suggestion_json(s) for s in self.suggestions],
            "errors": [problem.to_json() for problem in self.read.errors],
            "warnings": [problem.to_json() for problem in self.read.warnings],
        }


def suggestion_json(suggestion: Suggestion) -> dict[str, Any]:
    """A suggestion as the JSON lists it: figures at the assumptions' central values."""
    stress = suggestion.check.stress
    return {
        "change": suggestion.change,
        "effect": suggestion.effect,
        "removes_push_reward": suggestion.removes_push_reward,
        "fixes_push_reward": suggestion.fixes_push_reward,
        "verdict": stress.verdict,
        "level": stress.level,
        "p_gain": stress.p_gain,
        "mean_gain_pct": stress.mean_gain_pct,
        "holding_level": stress.holding_level,
        "robust": stress.robust,
        "income_gain_pct": stress.income_gain_pct.central,
        "extra_deaths": stress.extra_deaths.central,
        "share_moved_pct": suggestion.share_moved_pct,
        "cells_changed": suggestion.cells_changed,
    }


def design_files(paths: Iterable[Path], assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
                 draws: int = DRAWS) -> list[DesignReport]:
    """Read every file as a design, check the accepted ones together, and suggest changes."""
    reads = [read_design(path) for path in paths]
    accepted = [r for r in reads if r.design]
    checks = iter(check_designs([r.design for r in accepted], [r.source for r in accepted],
                                assumptions, draws, ranges=True))
    reports = []
    for read in reads:
        check = next(checks) if read.design else None
        suggestions = suggest(read.design, assumptions, before=check, draws=draws) if check else ()
        reports.append(DesignReport(read, check, suggestions))
    return reports


def design_document(reports: list[DesignReport], assumptions: Assumptions,
                    draws: int) -> dict[str, Any]:
    """The whole JSON document: the run's settings, then one entry a design."""
    return {"draws": draws, "assumptions": assumptions.values(),
            "designs": [report.to_json() for report in reports]}
