"""Discover the rules, run them over a bid, and turn their findings into scores.

Scoring is a pure function: a `Bid` and an `EvaluationScheme` in, a `Scorecard` out.
A rule that raises becomes an error outcome for that rule; the scorecard still renders
(and a gate whose rule could not run is failed: it was not shown to be met).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from scoring.evidence import EVIDENCE
from scoring.models import Bid
from scoring.rulebook import RULE_ID, Area, Finding, Rule, Severity
from scoring.scheme import DEFAULT_SCHEME, EvaluationScheme, Gate


class RuleRegistryError(Exception):
    """A rule module is malformed: a developer's mistake, found at start-up."""


@dataclass(frozen=True)
class RuleOutcome:
    """One rule applied to one bid: its finding, or the error it raised."""

    rule: Rule
    finding: Finding | None
    error: str | None = None

    @property
    def score(self) -> float | None:
        return None if self.finding is None else self.finding.score


@dataclass(frozen=True)
class RaisedFlag:
    """A flag with the rule and area that raised it."""

    rule: str
    area: Area
    severity: Severity
    message: str
    cells: tuple[str, ...]
    answered: bool = True


@dataclass(frozen=True)
class GateFailure:
    """A minimum requirement the bid does not meet, and what was found, in words."""

    rule: str
    requirement: str
    found: tuple[str, ...]  # the rule's red flags, or that it could not run

    @property
    def words(self) -> str:
        return "; ".join(self.found)


@dataclass(frozen=True)
class Scorecard:
    provider: str
    reference: str
    outcomes: tuple[RuleOutcome, ...]
    areas: dict[Area, float | None]
    overall: float | None
    gate_failures: tuple[GateFailure, ...] = ()

    @property
    def gates_failed(self) -> tuple[str, ...]:
        """The rule ids of the gates this bid fails, under the scheme it was scored with."""
        return tuple(failure.rule for failure in self.gate_failures)

    @property
    def passes_gates(self) -> bool:
        return not self.gate_failures

    @property
    def flags(self) -> tuple[RaisedFlag, ...]:
        return tuple(
            RaisedFlag(o.rule.id, o.rule.area, flag.severity, flag.message, flag.cells,
                       flag.answered)
            for o in self.outcomes
            if o.finding is not None
            for flag in o.finding.flags
        )

    @property
    def rule_errors(self) -> tuple[RuleOutcome, ...]:
        """The rules that raised instead of checking the bid: their flags may be missing."""
        return tuple(o for o in self.outcomes if o.error is not None)

    def count(self, severity: Severity) -> int:
        return sum(1 for flag in self.flags if flag.severity == severity)

    def outcomes_in(self, area: Area) -> tuple[RuleOutcome, ...]:
        return tuple(o for o in self.outcomes if o.rule.area == area)

    def reweighted(self, scheme: EvaluationScheme) -> Scorecard:
        """The same findings under another scheme (no rule runs again)."""
        return _scorecard(self.provider, self.reference, self.outcomes, scheme)


@cache
def load_rules(package: str = "rules") -> tuple[Rule, ...]:
    """Every rule declared in the modules of `package`, checked, in id order."""
    rules: list[Rule] = []
    root = importlib.import_module(package)
    for info in pkgutil.iter_modules(root.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        rules.extend(_declared_rules(module))
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleRegistryError(f"rule id {rule.id} is declared twice")
        seen.add(rule.id)
    return tuple(sorted(rules, key=lambda rule: rule.id))


def requirement(rule_id: str) -> str:
    """A gate rule's minimum requirement in words (the published one, else its title)."""
    for gate in DEFAULT_SCHEME.gates:
        if gate.rule == rule_id and gate.requirement:
            return gate.requirement
    titles = {rule.id: rule.title for rule in load_rules()}
    return titles.get(rule_id, rule_id)


def _declared_rules(module: ModuleType) -> list[Rule]:
    declared = getattr(module, "RULES", None)
    if declared is None:
        declared = [module.RULE] if hasattr(module, "RULE") else []
    if not declared:
        raise RuleRegistryError(f"{module.__name__} declares no RULE or RULES")
    for rule in declared:
        _check_metadata(rule, module.__name__)
    return list(declared)


def _check_metadata(rule: object, where: str) -> None:
    if not isinstance(rule, Rule):
        raise RuleRegistryError(f"{where}: {rule!r} is not a Rule")
    if not RULE_ID.match(rule.id):
        raise RuleRegistryError(f"{where}: rule id {rule.id!r} is not like 'INC-03'")
    if not isinstance(rule.area, Area):
        raise RuleRegistryError(f"{where}: {rule.id} has no known area")
    for name in ("title", "rationale", "stronger_bid"):
        if not getattr(rule, name, "").strip():
            raise RuleRegistryError(f"{where}: {rule.id} has no {name}")
    if not rule.evidence:
        raise RuleRegistryError(f"{where}: {rule.id} cites no evidence")
    unknown = [key for key in rule.evidence if key not in EVIDENCE]
    if unknown:
        raise RuleRegistryError(f"{where}: {rule.id} cites unknown evidence {unknown}")
    if not callable(rule.check):
        raise RuleRegistryError(f"{where}: {rule.id} has no check function")


def score_bid(
    bid: Bid,
    scheme: EvaluationScheme = DEFAULT_SCHEME,
    rules: Iterable[Rule] | None = None,
) -> Scorecard:
    """Run every rule over a bid and score it under the scheme."""
    outcomes = tuple(_apply(rule, bid) for rule in (load_rules() if rules is None else rules))
    return _scorecard(bid.provider, bid.overview.bid_reference, outcomes, scheme)


def rescored(card: Scorecard, bid: Bid, rule_ids: Iterable[str],
             scheme: EvaluationScheme = DEFAULT_SCHEME) -> Scorecard:
    """`card` with these rules run again over `bid` (a changed copy of the bid it scored)."""
    again = set(rule_ids)
    outcomes = tuple(_apply(o.rule, bid) if o.rule.id in again else o for o in card.outcomes)
    moved = {o.rule.area for o in outcomes if o.rule.id in again}
    return _scorecard(card.provider, card.reference, outcomes, scheme,
                      {area: score for area, score in card.areas.items() if area not in moved})


def _apply(rule: Rule, bid: Bid) -> RuleOutcome:
    try:
        return RuleOutcome(rule, rule.check(bid))
    except Exception as error:  # a broken rule must not break the scorecard
        return RuleOutcome(rule, None, f"{type(error).__name__}: {error}")


def _scorecard(
    provider: str,
    reference: str,
    outcomes: tuple[RuleOutcome, ...],
    scheme: EvaluationScheme,
    known: dict[Area, float | None] | None = None,
) -> Scorecard:
    """The scorecard of these outcomes; `known` are area scores that did not change."""
    known = known or {}
    areas = {area: known[area] if area in known else _area_score(outcomes, area, scheme)
             for area in Area}
    by_rule = {outcome.rule.id: outcome for outcome in outcomes}
    failures = tuple(
        failure
        for gate in scheme.gates
        if gate.rule in by_rule and (failure := _gate_failure(gate, by_rule[gate.rule]))
    )
    return Scorecard(provider, reference, outcomes, areas, scheme.overall(areas), failures)


def _gate_failure(gate: Gate, outcome: RuleOutcome) -> GateFailure | None:
    """The gate's failure if its rule raised a red flag or could not run; else None."""
    requirement = gate.requirement or outcome.rule.title
    if outcome.finding is None:
        return GateFailure(gate.rule, requirement, (
            f"the check of “{requirement}” could not run on this bid, so the requirement is "
            "not shown to be met",))
    reds = tuple(flag.message for flag in outcome.finding.flags if flag.severity == Severity.red)
    return GateFailure(gate.rule, requirement, reds) if reds else None


def _area_score(
    outcomes: tuple[RuleOutcome, ...], area: Area, scheme: EvaluationScheme
) -> float | None:
    """The weighted mean of the area's rule scores, 0-100; None if no rule applied."""
    scored = [
        (scheme.rule_weight(o.rule.id), o.score)
        for o in outcomes
        if o.rule.area == area and o.score is not None
    ]
    total = sum(weight for weight, _ in scored)
    if not total:
        return None
    return round(100 * sum(weight * score for weight, score in scored) / total, 1)
