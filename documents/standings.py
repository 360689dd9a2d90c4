"""The ranking's arithmetic on plain data: blended scores, overall scores, who comes first.

The evaluations store ranks with these same functions (`evaluations.criteria` calls
them), so an analysis of a frozen snapshot gives exactly what `moderate` and the ranking
would give. A bid failing a gate (or a pass/fail criterion) ranks below every bid that
passes; within each group the higher overall score ranks first; equal scores share a
rank, so two bids level at the top means no single winner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from documents.snapshot import Criterion, Snapshot


def rule_score(area_scores: Iterable[float | None]) -> float | None:
    """The rules' score for a criterion: the mean of the rule areas feeding it, 0-100."""
    scored = [score for score in area_scores if score is not None]
    return round(sum(scored) / len(scored), 1) if scored else None


def blended_score(share: float, panel_only: bool, rules: float | None,
                  panel: float | None) -> float | None:
    """(1 − panel share) × rule score + panel share × (panel score ÷ 4 × 100).

    `panel` is the agreed 0-4 score; without one yet the rule score stands alone, and a
    panel-only criterion has no score until the panel agrees one.
    """
    if panel is None:
        return None if panel_only else rules
    panel_100 = panel / 4 * 100
    if rules is None:
        return round(panel_100, 1)
    return round((1 - share) * rules + share * panel_100, 1)


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """The overall score: the weighted mean of (weight, score) pairs, 0-100 to one place."""
    pairs = list(pairs)
    total = sum(weight for weight, _ in pairs)
    return round(sum(weight * score for weight, score in pairs) / total, 1) if total else None


Cell = tuple[str, str]  # (bid reference, criterion id)


@dataclass(frozen=True)
class Board:
    """What the ranking reads: per bid and criterion the rules' score and the agreed mark,
    and the gates each bid fails. Criteria carry their weights (headings multiplied out).
    """

    criteria: tuple[Criterion, ...]
    bids: tuple[str, ...]
    rules: Mapping[Cell, float | None]
    panel: Mapping[Cell, float | None]
    gates_failed: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, snapshot: Snapshot) -> Board:
        criteria = snapshot.scheme.criteria
        bids = tuple(bid.reference for bid in snapshot.bids)
        return cls(
            criteria=criteria, bids=bids,
            rules={(bid.reference, c.id): bid.rule_scores.get(c.id)
                   for bid in snapshot.bids for c in criteria},
            panel={(agreed.bid, agreed.criterion): agreed.score
                   for agreed in snapshot.consensus},
            gates_failed={bid.reference: bid.gates_failed for bid in snapshot.bids})

    def with_panel(self, bid: str, criterion: str, mark: float | None) -> Board:
        return replace(self, panel={**self.panel, (bid, criterion): mark})

    def with_weights(self, weights: Mapping[str, float]) -> Board:
        return replace(self, criteria=tuple(c.model_copy(update={"weight": weights[c.id]})
                                            if c.id in weights else c
                                            for c in self.criteria))

    def criterion_scores(self, bid: str) -> dict[str, float | None]:
        """The scored criteria's blended scores for one bid."""
        return {c.id: blended_score(c.share, not c.rule_areas, self.rules.get((bid, c.id)),
                                    self.panel.get((bid, c.id)))
                for c in self.criteria if c.kind == "scored"}

    def passes(self, bid: str) -> bool:
        """Meets every gate and no pass/fail criterion is agreed as a fail."""
        return not self.gates_failed.get(bid) and not any(
            self.panel.get((bid, c.id)) == 0 for c in self.criteria if c.kind == "pass_fail")

    def overall(self, bid: str) -> float | None:
        scores = self.criterion_scores(bid)
        return weighted_mean((c.weight, scores[c.id]) for c in self.criteria
                             if c.kind == "scored" and scores[c.id] is not None)

    def standings(self) -> dict[str, tuple[bool, float | None]]:
        """Every bid's (passes, overall)."""
        return {bid: (self.passes(bid), self.overall(bid)) for bid in self.bids}

    def leaders(self) -> tuple[str, ...]:
        return leaders(self.standings())


def ranked(standings: Mapping[str, tuple[bool, float | None]]) -> list[str]:
    """Bids best first, as the store ranks them: passing first, then by overall score."""
    return sorted(standings, key=lambda bid: (not standings[bid][0],
                                              -(standings[bid][1] or -1), bid))


def leaders(standings: Mapping[str, tuple[bool, float | None]]) -> tuple[str, ...]:
    """The bids ranked first among those that pass; two or more is a tie; none, none pass."""
    passing = {bid: overall for bid, (passes, overall) in standings.items()
               if passes and overall is not None}
    if not passing:
        return ()
    best = max(passing.values())
    return tuple(sorted(bid for bid, overall in passing.items() if overall == best))
