"""How safe is the decision: how close it is, and what would have changed it.

A challenge to an award usually turns on one criterion, one mark, one evaluator or one
misread answer (Braceurself: a one-mark correction changed the winner). `analyse` takes
an evaluation's frozen snapshot (and, for the answers, the bids as read) and says:

- the margin between the winner and the runner-up;
- every one-mark change of an agreed score that would change the winner (where nothing
  is agreed yet, the ranking uses the rules' score alone: the marks within one mark of
  it are tried), each exactly what `moderate` and the ranking would give;
- for each criterion, the smallest change of its weight (the others rescaled) that
  would change the winner, within ±20 points;
- the winner with each evaluator's scores left out (the agreed score replaced by the
  median of the others' own scores wherever that evaluator scored), and how closely
  the evaluators agreed (Krippendorff's alpha, ordinal);
- the single workbook answers whose change to another allowed value would change the
  winner through the rules' half of the score (`scoring.answers`);
- the criteria where the rules and the panel are 25 points or more apart on a bid
  ranked first or second;
- and a plain reading: "The decision holds unless ...".

`analyse_rules` does the same for the quick look's rules-only scores (margin, weights,
decisive answers). Everything here is pure: no store, no files.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from statistics import median
from typing import Any

import krippendorff
import numpy as np

from documents.snapshot import Criterion, Snapshot
from documents.standings import Board, leaders, ranked, rule_score
from scoring.answers import answer_changes
from scoring.engine import Scorecard, score_bid
from scoring.models import Bid as Workbook
from scoring.rulebook import Severity

WEIGHT_RANGE = 20.0  # points either way of a criterion's weight
WEIGHT_STEP = 0.1
DISAGREEMENT = 25.0  # points between the rules' and the panel's score
CLOSE_AGREEMENT = 0.8  # Krippendorff's own thresholds for relying on coded data
LOOSE_AGREEMENT = 0.667


@dataclass(frozen=True)
class OneMarkChange:
    bid: str
    criterion: str
    from_: float  # the agreed mark, or the rules' score in marks when nothing is agreed
    to: int
    winner_then: str | None  # None: no single bid would come first (a tie)
    agreed: bool = True


@dataclass(frozen=True)
class WeightChange:
    criterion: str
    weight: float  # its share of the overall score now, in points out of 100
    change: float | None  # points; None when nothing within ±20 changes the winner
    winner_then: str | None = None


@dataclass(frozen=True)
class EvaluatorEffect:
    member: str
    winner_without: str | None


@dataclass(frozen=True)
class Agreement:
    """Krippendorff's alpha (ordinal) overall and per criterion; None where it cannot be
    measured (fewer than two evaluators on any bid, or every mark the same)."""

    overall: float | None
    criteria: dict[str, float | None]

    @property
    def reading(self) -> str:
        return agreement_words(self.overall)


@dataclass(frozen=True)
class DecisiveAnswer:
    bid: str
    sheet: str
    cell: str
    question: str
    answer: str  # as read, in words
    alternative: str  # the allowed value that would change the winner
    winner_then: str | None

    @property
    def asked(self) -> str:
        """The question in a sentence: quoted when it is one, else the table cell in words."""
        if self.question.endswith("?"):
            return f"“{self.question}”"
        return "the " + self.question[:1].lower() + self.question[1:]

    @property
    def clarification(self) -> str:
        """A question to confirm the answer with the provider, without leading them."""
        return (f"Please confirm your answer to {self.asked} ({self.sheet} sheet, cell "
                f"{self.cell.split('!')[-1]}). We read it as “{self.answer}”. Is that the "
                "answer you intended? Please do not change any other part of your bid.")


@dataclass(frozen=True)
class Disagreement:
    bid: str
    criterion: str
    rules: float  # 0-100
    panel: float  # 0-100 (the agreed mark, or the evaluators' median, ÷ 4 × 100)

    @property
    def gap(self) -> float:
        return round(abs(self.rules - self.panel), 1)


@dataclass(frozen=True)
class Robustness:
    winner: str | None
    runner_up: str | None
    margin: float | None
    one_mark_changes: tuple[OneMarkChange, ...] = ()
    weights: tuple[WeightChange, ...] = ()
    evaluators: tuple[EvaluatorEffect, ...] = ()
    agreement: Agreement | None = None
    decisive_answers: tuple[DecisiveAnswer, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    providers: dict[str, str] = field(default_factory=dict)  # reference → provider
    titles: dict[str, str] = field(default_factory=dict)  # criterion id → title
    tied: tuple[str, ...] = ()  # the bids level at the top, when there is no single winner
    rules_only: bool = False  # the quick look: the rules' scores alone

    @property
    def reading(self) -> str:
        return plain_reading(self)

    def comes_first(self, reference: str | None) -> str:
        """'Northgate would come first', or that no single bid would (a tie)."""
        if reference is None:
            return "no single bid would come first (a tie)"
        return f"{self.name(reference)} would come first"

    def name(self, reference: str | None) -> str:
        if reference is None:
            return "no single bid (a tie)"
        return self.providers.get(reference, reference)

    def to_json(self) -> dict[str, Any]:
        return {
            "winner": self.winner, "runner_up": self.runner_up, "margin": self.margin,
            "one_mark_changes": [{"bid": c.bid, "criterion": c.criterion, "from": c.from_,
                                  "to": c.to, "winner_then": c.winner_then}
                                 for c in self.one_mark_changes],
            "weights": [{"criterion": w.criterion, "change": w.change,
                         "winner_then": w.winner_then} for w in self.weights],
            "evaluators": [{"member": e.member, "winner_without": e.winner_without}
                           for e in self.evaluators],
            "agreement": (None if self.agreement is None else
                          {"overall": self.agreement.overall,
                           "criteria": dict(self.agreement.criteria),
                           "reading": self.agreement.reading}),
            "decisive_answers": [{"bid": d.bid, "cell": d.cell, "answer": d.answer,
                                  "alternative": d.alternative, "winner_then": d.winner_then,
                                  "clarification": d.clarification}
                                 for d in self.decisive_answers],
            "disagreements": [{"bid": d.bid, "criterion": d.criterion, "rules": d.rules,
                               "panel": d.panel, "gap": d.gap} for d in self.disagreements],
            "reading": self.reading,
        }


# ------------------------------------------------------------------------- the analysis


def analyse(snapshot: Snapshot, workbooks: Mapping[str, Workbook] | None = None
            ) -> Robustness:
    """The whole analysis of an evaluation; decisive answers only for the bids in
    `workbooks` (reference → the bid as read)."""
    board = Board.of(snapshot)
    gates = tuple(gate.rule for gate in snapshot.scheme.gates)
    base = _margin(board)
    return replace(
        base,
        one_mark_changes=tuple(one_mark_changes(board)),
        weights=tuple(weight_changes(board)),
        evaluators=tuple(evaluator_effects(snapshot, board)),
        agreement=agreement(snapshot),
        decisive_answers=tuple(decisive_answers(board, workbooks or {}, gates)),
        disagreements=tuple(disagreements(snapshot, board)),
        providers={bid.reference: bid.provider for bid in snapshot.bids},
        titles={c.id: c.title for c in snapshot.scheme.criteria})


def analyse_rules(scorecards: Sequence[Scorecard], weights: Mapping[str, float],
                  gates: Iterable[str], workbooks: Mapping[str, Workbook] | None = None,
                  titles: Mapping[str, str] | None = None) -> Robustness:
    """The quick look's analysis: the rules' scores alone, each area a criterion weighted
    as `weights` say (margin, weights and decisive answers)."""
    criteria = tuple(Criterion(id=area, title=(titles or {}).get(area, area), weight=weight,
                               rule_areas=(area,), panel_share=0.0)
                     for area, weight in weights.items())
    gates = tuple(gates)
    board = Board(
        criteria=criteria, bids=tuple(card.reference for card in scorecards),
        rules={(card.reference, area): card.areas.get(area)
               for card in scorecards for area in weights},
        panel={}, gates_failed={card.reference: _gates_failed(card, gates)
                                for card in scorecards})
    return replace(_margin(board), weights=tuple(weight_changes(board)),
                   decisive_answers=tuple(decisive_answers(board, workbooks or {}, gates)),
                   providers={card.reference: card.provider for card in scorecards},
                   titles={c.id: c.title for c in criteria}, rules_only=True)


def _margin(board: Board) -> Robustness:
    standings = board.standings()
    order = ranked(standings)
    top = leaders(standings)
    winner = top[0] if len(top) == 1 else None
    if not order:
        return Robustness(None, None, None)
    first = winner or (top[0] if top else order[0])
    runner_up = next((bid for bid in order if bid != first), None)
    margin = None
    if runner_up is not None and standings[first][1] is not None \
            and standings[runner_up][1] is not None:
        margin = round(standings[first][1] - standings[runner_up][1], 1)
    return Robustness(winner, runner_up, margin, tied=top if len(top) > 1 else ())


def _outcome(top: tuple[str, ...]) -> str | None:
    return top[0] if len(top) == 1 else None


def one_mark_changes(board: Board) -> list[OneMarkChange]:
    """Every (bid, criterion) where one mark up or down changes who comes first."""
    now = board.leaders()
    found = []
    for bid in board.bids:
        for criterion in board.criteria:
            if criterion.kind == "scored" and criterion.share == 0:
                continue  # rules only: the panel does not score it
            start, agreed = _starting_mark(board, bid, criterion)
            if start is None:
                continue
            allowed = (0, 1) if criterion.kind == "pass_fail" else (0, 1, 2, 3, 4)
            for mark in allowed:
                if mark == start or abs(mark - start) > 1 + 1e-9:
                    continue
                top = board.with_panel(bid, criterion.id, mark).leaders()
                if top != now:
                    found.append(OneMarkChange(bid, criterion.id, start, mark, _outcome(top),
                                               agreed))
    return found


def _starting_mark(board: Board, bid: str, criterion: Criterion) -> tuple[float | None, bool]:
    """The mark the ranking uses now, and whether the panel agreed it."""
    agreed = board.panel.get((bid, criterion.id))
    if agreed is not None:
        return agreed, True
    if criterion.kind == "pass_fail":
        return 1, False  # nothing agreed counts as met
    rules = board.rules.get((bid, criterion.id))
    return (None if rules is None else round(rules / 25, 2)), False


def weight_changes(board: Board) -> list[WeightChange]:
    """For each scored criterion, the smallest change of its share of the overall score
    (the others rescaled to keep their proportions) that changes who comes first."""
    scored = [c for c in board.criteria if c.kind == "scored"]
    total = sum(c.weight for c in scored)
    if not total or not board.bids:
        return []
    shares = np.array([100 * c.weight / total for c in scored])
    scores = np.array([[_nan(board.criterion_scores(bid)[c.id]) for c in scored]
                       for bid in board.bids])
    present = ~np.isnan(scores)
    filled = np.where(present, scores, 0.0)
    passing = np.array([board.passes(bid) for bid in board.bids])
    now = board.leaders()
    steps = np.arange(1, round(WEIGHT_RANGE / WEIGHT_STEP) + 1) * WEIGHT_STEP
    deltas = np.ravel(np.column_stack([-steps, steps]))  # nearest first, down before up
    results = []
    for index, criterion in enumerate(scored):
        share = shares[index]
        trial = share + deltas
        usable = (trial >= 0) & (trial <= 100) if share < 100 else np.zeros_like(trial, bool)
        rest = np.where(share < 100, (100 - trial) / max(100 - share, 1e-12), 0.0)
        matrix = np.outer(rest, shares)  # trials × criteria
        matrix[:, index] = trial
        weighted = matrix @ filled.T
        counted = matrix @ present.T.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            overall = np.round(weighted / counted, 1)
        found = None
        for row in np.flatnonzero(usable):
            top = _leaders_of(board.bids, overall[row], passing)
            if top != now:
                found = WeightChange(criterion.id, round(float(share), 1),
                                     round(float(deltas[row]), 1), _outcome(top))
                break
        results.append(found or WeightChange(criterion.id, round(float(share), 1), None))
    return results


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def _leaders_of(bids: Sequence[str], overall: np.ndarray, passing: np.ndarray
                ) -> tuple[str, ...]:
    return leaders({bid: (bool(passing[i]), None if math.isnan(overall[i]) else
                          float(overall[i])) for i, bid in enumerate(bids)})


def evaluator_effects(snapshot: Snapshot, board: Board) -> list[EvaluatorEffect]:
    """The winner with each evaluator's scores left out: wherever they scored and a score
    was agreed, the agreed score becomes the median of the others' own scores."""
    effects = []
    for member in _evaluators(snapshot):
        without = board
        for score in snapshot.panel_scores:
            if score.evaluator != member or (score.bid, score.criterion) not in board.panel:
                continue
            others = [s.score for s in snapshot.scores_for(score.bid, score.criterion)
                      if s.evaluator != member]
            if others:
                without = without.with_panel(score.bid, score.criterion, median(others))
        effects.append(EvaluatorEffect(member, _outcome(without.leaders())))
    return effects


def _evaluators(snapshot: Snapshot) -> list[str]:
    scored = {s.evaluator for s in snapshot.panel_scores}
    named = [m.name for m in snapshot.members if m.name in scored]
    return named + sorted(scored - set(named))


def agreement(snapshot: Snapshot) -> Agreement:
    """Krippendorff's alpha, ordinal: each (bid, criterion) a unit, each evaluator's own
    score a coding; scores missing through declared conflicts are simply missing."""
    evaluators = _evaluators(snapshot)
    per_criterion = {}
    overall_units = []
    for criterion in snapshot.scheme.criteria:
        units = [_unit(snapshot, evaluators, bid.reference, criterion.id)
                 for bid in snapshot.bids]
        domain = (0, 1) if criterion.kind == "pass_fail" else (0, 1, 2, 3, 4)
        if not any(not math.isnan(v) for unit in units for v in unit):
            continue
        per_criterion[criterion.id] = alpha(units, domain)
        if criterion.kind == "scored":
            overall_units += units
    return Agreement(alpha(overall_units, (0, 1, 2, 3, 4)), per_criterion)


def _unit(snapshot: Snapshot, evaluators: list[str], bid: str, criterion: str) -> list[float]:
    marks = {s.evaluator: s.score for s in snapshot.scores_for(bid, criterion)}
    return [float(marks.get(name, math.nan)) for name in evaluators]


def alpha(units: Sequence[Sequence[float]], domain: Sequence[int]) -> float | None:
    """Krippendorff's ordinal alpha over units (each a list of codings, NaN if missing),
    to three places; None when it cannot be measured."""
    pairable = [[v for v in unit if not math.isnan(v)] for unit in units]
    values = {v for unit in pairable if len(unit) >= 2 for v in unit}
    if len(values) < 2:
        return None  # no unit with two codings, or every mark the same: nothing to measure
    data = np.array(units, dtype=float).T  # coders × units
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        value = krippendorff.alpha(reliability_data=data, value_domain=list(domain),
                                   level_of_measurement="ordinal")
    return None if math.isnan(value) else round(float(value), 3)


def agreement_words(value: float | None) -> str:
    """Krippendorff's alpha in words, on his own thresholds (0.8 and 0.667)."""
    if value is None:
        return "cannot be measured (too few scores side by side, or every mark the same)"
    if value >= CLOSE_AGREEMENT:
        return "the panel agreed closely"
    if value >= LOOSE_AGREEMENT:
        return "the panel agreed loosely"
    if value > 0:
        return "the panel agreed too little to rely on"
    return "the panel did not agree at all: no better than chance"


def decisive_answers(board: Board, workbooks: Mapping[str, Workbook], gates: Sequence[str]
                     ) -> list[DecisiveAnswer]:
    """The single list answers whose change would change who comes first through the
    rules' scores or a rival's gates.

    A change that would make the winner itself fail a minimum requirement is left out:
    every winner's gate answers would qualify, and the lead confirms those anyway.
    """
    standings = board.standings()
    now = leaders(standings)
    if not now:
        return []
    found = []
    for bid in board.bids:
        if bid not in workbooks or not _could_change(board, standings, bid, now):
            continue
        card = score_bid(workbooks[bid])
        worth_trying = _worth_trying(board, standings, bid, now, card)
        seen = set()
        for change in answer_changes(workbooks[bid], card=card, worth_trying=worth_trying):
            if change.answer.cell in seen:
                continue
            failed = _gates_failed(change.scorecard, gates)
            if bid in now and failed:
                continue  # the winner failing a minimum requirement: see above
            changed = _with_rules(board, bid, change.scorecard, failed)
            top = leaders({**standings, bid: (changed.passes(bid), changed.overall(bid))})
            if top != now:
                seen.add(change.answer.cell)
                found.append(DecisiveAnswer(
                    bid=bid, sheet=change.answer.sheet, cell=change.answer.cell,
                    question=change.answer.question, answer=change.answer.read,
                    alternative=change.words, winner_then=_outcome(top)))
    return found


def _gates_failed(card: Scorecard, gates: Iterable[str]) -> tuple[str, ...]:
    """The gate rules that raised a red flag (or could not run), as the store reads them."""
    gates = set(gates)
    failed = {flag.rule for flag in card.flags
              if flag.severity == Severity.red and flag.rule in gates}
    failed |= {o.rule.id for o in card.rule_errors if o.rule.id in gates}
    return tuple(sorted(failed))


def _with_rules(board: Board, bid: str, card: Scorecard, failed: tuple[str, ...]) -> Board:
    rules = dict(board.rules)
    for criterion in board.criteria:
        if criterion.rule_areas:
            rules[bid, criterion.id] = rule_score(card.areas.get(area)
                                                  for area in criterion.rule_areas)
    return replace(board, rules=rules, gates_failed={**board.gates_failed, bid: failed})


def _could_change(board: Board, standings: Mapping[str, tuple[bool, float | None]], bid: str,
                  now: tuple[str, ...]) -> bool:
    """Whether any rules' scores at all for this bid could change who comes first."""
    best_other = max((overall for other, (passes, overall) in standings.items()
                      if other not in now and passes and overall is not None), default=None)
    top_score = standings[now[0]][1]
    if bid in now:
        worst = _with_all_rules(board, bid, 0.0).overall(bid)
        return len(now) > 1 or (best_other is not None and worst is not None
                                and worst <= best_other)
    best = _with_all_rules(board, bid, 100.0).overall(bid)
    return best is not None and top_score is not None and best >= top_score


def _worth_trying(board: Board, standings: Mapping[str, tuple[bool, float | None]], bid: str,
                  now: tuple[str, ...], card: Scorecard):
    """Whether an answer read by these rules could change who comes first, at the most:
    the areas those rules feed at 0 for the winner, at 100 for a rival (which may then
    pass the gates it fails, if these rules are those gates)."""
    area_of = {o.rule.id: o.rule.area.value for o in card.outcomes}
    top_score = standings[now[0]][1]
    best_other = max((overall for other, (passes, overall) in standings.items()
                      if other not in now and passes and overall is not None), default=None)

    def worth_trying(rules: frozenset[str]) -> bool:
        if bid in now and len(now) > 1:
            return True
        areas = {area_of[rule] for rule in rules if rule in area_of}
        extreme = 0.0 if bid in now else 100.0
        scores = {area: (extreme if area in areas else score)
                  for area, score in card.areas.items()}
        moved = replace(board, rules={**board.rules, **{
            (bid, c.id): rule_score(scores.get(area) for area in c.rule_areas)
            for c in board.criteria if c.rule_areas and set(c.rule_areas) & areas}})
        overall = moved.overall(bid)
        if overall is None:
            return False
        if bid in now:
            return best_other is not None and overall <= best_other
        could_pass = set(board.gates_failed.get(bid, ())) <= rules or board.passes(bid)
        return could_pass and top_score is not None and overall >= top_score

    return worth_trying


def _with_all_rules(board: Board, bid: str, score: float) -> Board:
    rules = dict(board.rules)
    for criterion in board.criteria:
        if criterion.rule_areas:
            rules[bid, criterion.id] = score
    return replace(board, rules=rules)


def disagreements(snapshot: Snapshot, board: Board) -> list[Disagreement]:
    """Criteria where rules and panel are 25 points or more apart on a bid ranked first
    or second (the agreed mark, or the evaluators' median before one is agreed)."""
    order = ranked(board.standings())[:2]
    found = []
    for bid in order:
        for criterion in snapshot.scheme.criteria:
            if criterion.kind != "scored" or not criterion.rule_areas or criterion.share == 0:
                continue
            rules = board.rules.get((bid, criterion.id))
            mark = board.panel.get((bid, criterion.id))
            if mark is None:
                own = [s.score for s in snapshot.scores_for(bid, criterion.id)]
                mark = median(own) if own else None
            if rules is None or mark is None:
                continue
            panel = round(mark / 4 * 100, 1)
            if abs(rules - panel) >= DISAGREEMENT:
                found.append(Disagreement(bid, criterion.id, rules, panel))
    return found


# ----------------------------------------------------------------------- in plain words


def plain_reading(report: Robustness) -> str:
    """One paragraph: whether the decision holds, and the one or two things most likely
    to change it."""
    subject = "the top bid" if report.rules_only else "the decision"
    if report.winner is None:
        if report.tied:
            names = " and ".join(report.name(bid) for bid in report.tied)
            return (f"There is no single winner: {names} are level at the top. "
                    "Look again at the scores that separate them before deciding.")
        return "No bid meets every minimum requirement, so there is no winner to test."
    threats = _threats(report)
    winner = report.name(report.winner)
    margin = ""
    if report.margin is not None and report.runner_up is not None:
        margin = (f" {winner} leads {report.name(report.runner_up)} by "
                  f"{report.margin:.1f} points out of 100.")
    if not threats:
        tested = ["no one-mark change"] if not report.rules_only else []
        tested += ["no single answer chosen from a list in a bid"]
        tested += [] if report.rules_only else ["no single evaluator"]
        tested += [f"no change of a weight within ±{WEIGHT_RANGE:.0f} points"]
        return (f"{subject.capitalize()} holds: {winner} comes first, and "
                + ", ".join(tested[:-1]) + f" and {tested[-1]} would change that.{margin}"
                + _agreement_sentence(report))
    more = len(threats) - 2
    return (f"{subject.capitalize()} holds unless " + ", or ".join(threats[:2]) + "."
            + (f" Other single changes would change it too ({more} more)." if more > 0 else "")
            + margin + _agreement_sentence(report))


def _then(report: Robustness, reference: str | None) -> str:
    return "then " + report.comes_first(reference)


def _threats(report: Robustness) -> list[str]:
    """What would change the winner, most likely first: a mark on the first two bids, an
    answer, an evaluator, then the nearest weight."""
    threats = []
    by_cell: dict[tuple[str, str], OneMarkChange] = {}
    for change in report.one_mark_changes:
        by_cell.setdefault((change.bid, change.criterion), change)
    ordered = sorted(by_cell.values(), key=lambda change: (
        change.bid not in (report.winner, report.runner_up), not change.agreed))
    for change in ordered:
        where = (f"{report.name(change.bid)}'s score on "
                 f"{report.titles.get(change.criterion, change.criterion)}")
        if change.agreed:
            threats.append(f"{where} should be {change.to} rather than the agreed "
                           f"{change.from_:g} ({_then(report, change.winner_then)})")
        else:
            threats.append(f"{where} is agreed at {change.to} (nothing is agreed yet; "
                           f"{_then(report, change.winner_then)})")
    for answer in report.decisive_answers:
        threats.append(
            f"{report.name(answer.bid)}'s answer to {answer.asked} ({answer.cell}) is "
            f"really “{answer.alternative}”, not “{answer.answer}” as read "
            f"({_then(report, answer.winner_then)})")
    for effect in report.evaluators:
        if effect.winner_without != report.winner:
            threats.append(f"one evaluator's scores are set aside "
                           f"({_then(report, effect.winner_without)})")
            break
    for weight in sorted((w for w in report.weights if w.change is not None),
                         key=lambda w: abs(w.change)):
        direction = "more" if weight.change > 0 else "less"
        threats.append(
            f"{report.titles.get(weight.criterion, weight.criterion)} counts "
            f"{abs(weight.change):.1f} points {direction} than its {weight.weight:.1f} of 100 "
            f"({_then(report, weight.winner_then)})")
        break
    return threats


def _agreement_sentence(report: Robustness) -> str:
    if report.agreement is None or report.agreement.overall is None:
        return ""
    return (f" Across the criteria {report.agreement.reading} (Krippendorff's alpha "
            f"{report.agreement.overall:.2f}).")


def describe(report: Robustness) -> list[str]:
    """The analysis as lines of plain text, reading first (the command line prints this)."""
    name, title = report.name, (lambda c: report.titles.get(c, c))
    lines = [report.reading, ""]
    if report.winner or report.tied:
        lines.append(f"Winner: {name(report.winner)}; runner-up: {name(report.runner_up)}; "
                     + ("margin: none" if report.margin is None
                        else f"margin {report.margin:.1f} points out of 100"))
    lines.append("One mark up or down that would change the winner:")
    lines += [f"  {name(c.bid)}, {title(c.criterion)}: "
              + (f"agreed {c.from_:g}" if c.agreed else f"nothing agreed (rules {c.from_:g})")
              + f" → {c.to}: {report.comes_first(c.winner_then)}"
              for c in report.one_mark_changes] or [
        "  none"]
    lines.append(f"Weights (each criterion's share of 100, the others rescaled; ±"
                 f"{WEIGHT_RANGE:.0f} points tried):")
    lines += [f"  {title(w.criterion)} ({w.weight:.1f}): "
              + ("the winner holds" if w.change is None else
                 f"{w.change:+.1f} points: {report.comes_first(w.winner_then)}")
              for w in report.weights] or ["  none"]
    if not report.rules_only:
        lines.append("Each evaluator's scores left out (agreed score → median of the others):")
        lines += [f"  without {e.member}: {name(e.winner_without)}"
                  for e in report.evaluators] or ["  no evaluator's scores"]
        if report.agreement is not None:
            overall = report.agreement.overall
            lines.append("Agreement between evaluators (Krippendorff's alpha, ordinal): "
                         + ("cannot be measured" if overall is None else f"{overall:.2f}")
                         + f", {report.agreement.reading}")
            lines += [f"  {title(c)}: " + ("cannot be measured" if a is None else f"{a:.2f}")
                      for c, a in report.agreement.criteria.items()]
    lines.append("Answers to confirm with the provider (one change would change the winner):")
    lines += [line for d in report.decisive_answers for line in (
        f"  {name(d.bid)}, {d.cell}: “{d.answer}”; if “{d.alternative}”, "
        f"{report.comes_first(d.winner_then)}", f"    Ask: {d.clarification}")] or ["  none"]
    if not report.rules_only:
        lines.append(f"Rules and panel {DISAGREEMENT:.0f} points or more apart (first and "
                     "second bids):")
        lines += [f"  {name(d.bid)}, {title(d.criterion)}: rules {d.rules:.1f}, panel "
                  f"{d.panel:.1f}" for d in report.disagreements] or ["  none"]
    return lines
