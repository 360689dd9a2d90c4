"""Ranking bids under a scheme, and the panel's question about weights.

Would a small change of weights put another bid on top? Each area weight is moved on
its own, one point at a time, up to `spread` points either way; every bid's overall
score is recomputed by the scheme from its area scores (no rule runs again), and any
weight at which a different bid comes first is reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from scoring.batch import BidReport
from scoring.engine import Scorecard
from scoring.rulebook import Area
from scoring.scheme import DEFAULT_SCHEME, EvaluationScheme


@dataclass(frozen=True)
class RankedBid:
    """An accepted bid under the scheme, with its place in the ranking (1 is best)."""

    rank: int
    report: BidReport
    scorecard: Scorecard


def ranking(reports: Sequence[BidReport], scheme: EvaluationScheme) -> list[RankedBid]:
    """The accepted bids scored under `scheme`, best first; equal scores share a rank."""
    cards = [
        (report, report.scorecard.reweighted(scheme))
        for report in reports
        if report.scorecard is not None
    ]
    cards.sort(key=lambda pair: (-_sortable(pair[1].overall), pair[1].provider))
    ranked: list[RankedBid] = []
    for position, (report, card) in enumerate(cards, start=1):
        tied = ranked and _sortable(ranked[-1].scorecard.overall) == _sortable(card.overall)
        ranked.append(RankedBid(ranked[-1].rank if tied else position, report, card))
    return ranked


def _sortable(overall: float | None) -> float:
    return -1.0 if overall is None else overall


@dataclass(frozen=True)
class TopChange:
    """At this weight for the area, these bids (by position in the ranking) come first."""

    weight: float
    leaders: tuple[int, ...]


@dataclass(frozen=True)
class AreaSensitivity:
    area: Area
    weight: float
    lowest: float  # the range tested
    highest: float
    changes: tuple[TopChange, ...]  # the weights nearest the current one where the top changes

    @property
    def top_holds(self) -> bool:
        return not self.changes


def leaders(ranked: Sequence[RankedBid], weights: Mapping[Area, float]) -> tuple[int, ...] | None:
    """Positions (in `ranked`) of the bids with the best overall score under `weights`."""
    try:
        scheme = DEFAULT_SCHEME.with_area_weights(weights)
    except ValidationError:
        return None  # every weight zero: no ranking at all
    overall = [scheme.overall(entry.scorecard.areas) for entry in ranked]
    scored = [score for score in overall if score is not None]
    if not scored:
        return None
    best = max(scored)
    return tuple(index for index, score in enumerate(overall) if score == best)


def top_bid_sensitivity(
    ranked: Sequence[RankedBid], weights: Mapping[Area, float], spread: float = 10
) -> list[AreaSensitivity]:
    """For each area, whether the top bid changes within ±`spread` points of its weight."""
    now = leaders(ranked, weights)
    results = []
    for area in Area:
        weight = weights.get(area, 0.0)
        lowest, highest = max(0.0, weight - spread), weight + spread
        changes = []
        for direction in (-1, 1):
            step = 1
            while lowest <= weight + direction * step <= highest:
                trial = weight + direction * step
                top = leaders(ranked, {**weights, area: trial})
                if top is not None and top != now:
                    changes.append(TopChange(trial, top))
                    break
                step += 1
        results.append(AreaSensitivity(area, weight, lowest, highest, tuple(changes)))
    return results
