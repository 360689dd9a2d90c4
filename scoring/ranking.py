"""Ranking bids under a scheme, and the panel's question about weights.

A bid that fails a gate (a minimum requirement of the scheme) ranks below every bid
that passes, whatever its overall score: strengths elsewhere cannot buy back a red on
a minimum requirement. Within each group, the higher overall score ranks first.

Would a small change of weights put another bid on top? Each area weight is moved on
its own, one point at a time, up to `spread` points either way; every bid's overall
score is recomputed by the scheme from its area scores (no rule runs again), and any
weight at which a different bid comes first is reported. Weights never move a gate, so
a bid failing one can come first only when no bid passes them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

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

    def to_json(self) -> dict[str, Any]:
        """The bid's entry in the CLI's JSON, scored under the ranking's scheme, with its rank."""
        return {**replace(self.report, scorecard=self.scorecard).to_json(), "rank": self.rank}


def minimum_requirements(card: Scorecard) -> str:
    """In words: whether the bid meets every gate, and if not, what was found."""
    if card.passes_gates:
        return "Meets every minimum requirement"
    return "Fails a minimum requirement: " + "; ".join(
        failure.words for failure in card.gate_failures)


def ranking(reports: Sequence[BidReport], scheme: EvaluationScheme) -> list[RankedBid]:
    """The accepted bids scored under `scheme`, best first; equal standing shares a rank.

    Bids that pass every gate come first, by overall score; then bids that fail one.
    """
    cards = [
        (report, report.scorecard.reweighted(scheme))
        for report in reports
        if report.scorecard is not None
    ]
    cards.sort(key=lambda pair: (*_standing(pair[1]), pair[1].provider))
    ranked: list[RankedBid] = []
    for position, (report, card) in enumerate(cards, start=1):
        tied = ranked and _standing(ranked[-1].scorecard) == _standing(card)
        ranked.append(RankedBid(ranked[-1].rank if tied else position, report, card))
    return ranked


def _standing(card: Scorecard) -> tuple[bool, float]:
    """Sorts best first: passing every gate, then the higher overall score."""
    return (not card.passes_gates, -(-1.0 if card.overall is None else card.overall))


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
    """Positions (in `ranked`) of the bids that would come first under `weights`.

    The best overall score among the bids passing every gate, or among all bids if
    none passes.
    """
    try:
        scheme = DEFAULT_SCHEME.with_area_weights(weights)
    except ValidationError:
        return None  # every weight zero: no ranking at all
    overall = [scheme.overall(entry.scorecard.areas) for entry in ranked]
    passing = {index for index, entry in enumerate(ranked) if entry.scorecard.passes_gates}
    contenders = passing or set(range(len(ranked)))
    scored = [overall[index] for index in contenders if overall[index] is not None]
    if not scored:
        return None
    best = max(scored)
    return tuple(index for index in sorted(contenders) if overall[index] == best)


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
