"""Changes that would stop a payment design paying a provider to push people out.

Each family is a pure function from a design to candidate designs, each with what it
changes in words and how much of the design it changes; a family offers nothing where
it does not apply. `suggest` runs every candidate through the rules and the stress test
and keeps those the model shows doing some good, ranked: first those that remove the
reward for pushing robustly, then by how little they change the design.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scoring.design.check import DesignCheck, check_designs, design_rules
from scoring.models import (
    EXIT_CATEGORIES,
    PAID_WHEN,
    Consequence,
    Design,
    PaidWhen,
    PaymentCategory,
    PaymentLine,
    Target,
)
from scoring.rulebook import words
from scoring.stress import DEFAULT_ASSUMPTIONS, Assumptions
from scoring.stress.results import Variation
from scoring.stress.run import EXIT_MEASURES
from scoring.stress.summary import gbp

HOLD_MONTHS = (6, 12)  # six: the national completion measure; twelve: the pilots' measure
EXIT_SHARE_LIMIT_PCT = 10  # INC-02 flags more than this paid on exits
MOVED_TO = (PaymentCategory.retention, PaymentCategory.harm_reduction, PaymentCategory.safety)
NEW_LINE_NAMES = {
    PaymentCategory.block: "Block payment",
    PaymentCategory.retention: "Retention in treatment",
    PaymentCategory.harm_reduction: "Harm reduction",
    PaymentCategory.safety: "Fewer drug-related deaths",
}
MATERIAL_GAIN_PCT = 0.05  # a fall in the gain smaller than this share of value is no effect
_RULE_TITLES = {rule.id: rule.title for rule in design_rules()}


@dataclass(frozen=True)
class Candidate:
    """A changed design, what changed in words, and how much of the design changed."""

    change: str
    design: Design
    share_moved_pct: float = 0.0  # share of the contract value moved between lines
    cells_changed: int = 0  # other answers changed (windows, clawbacks, Yes/No, consequences)


@dataclass(frozen=True)
class Suggestion:
    """A candidate change, checked: what it does, as the rules and the stress test show."""

    change: str
    effect: str
    check: DesignCheck
    share_moved_pct: float
    cells_changed: int
    fixes_push_reward: bool  # the design rewarded pushing (or might) and this stops it

    @property
    def design(self) -> Design:
        return self.check.design

    @property
    def removes_push_reward(self) -> bool:
        return self.check.removes_push_reward


# ---------------------------------------------------------------- the families


def hold_exit_payments(design: Design) -> list[Candidate]:
    """Pay exit-linked lines only for exits that hold, with clawback on an early return."""
    candidates = []
    for months in HOLD_MONTHS:
        changed = [line for line in _exit_lines(design)
                   if (line.window_months or 0) < months or not line.clawback]
        if not changed:
            continue
        cells = sum(((line.window_months or 0) < months) + (not line.clawback)
                    for line in changed)
        lines = [line.model_copy(update={"window_months": max(months, line.window_months or 0),
                                         "clawback": True}) if line in changed else line
                 for line in design.payment_lines]
        candidates.append(Candidate(
            f"Pay {_quoted(changed)} only for exits that hold {months} months, and claw the "
            f"payment back from anyone who returns to treatment within them",
            _with_lines(design, lines), cells_changed=cells))
    return candidates


def cap_exit_share(design: Design) -> list[Candidate]:
    """Pay at most a tenth of the value on exits; the rest goes into the block."""
    exits = _exit_lines(design)
    share = sum(line.share_pct for line in exits)
    if share <= EXIT_SHARE_LIMIT_PCT:
        return []
    scale = EXIT_SHARE_LIMIT_PCT / share
    lines = [line.model_copy(update={"share_pct": round(line.share_pct * scale, 2)})
             if line in exits else line for line in design.payment_lines]
    freed = share - sum(line.share_pct for line in lines if line.category in EXIT_CATEGORIES)
    lines = _add_share(lines, PaymentCategory.block, freed)
    return [Candidate(
        f"Pay at most {EXIT_SHARE_LIMIT_PCT}% of the value on exits: scale {_quoted(exits)} "
        f"down from {_pct(share)} to {_pct(EXIT_SHARE_LIMIT_PCT)} and put the "
        f"{_pct(freed)} into the block payment",
        _with_lines(design, lines), share_moved_pct=freed)]


def move_exit_share(design: Design) -> list[Candidate]:
    """Move what is paid on exits (and on entry, which pays again for a return) elsewhere.

    To retention, harm reduction or safety. A person pushed out who relapses and comes
    back is paid for again on entry, so entry lines are offered for moving too.
    """
    exits = _exit_lines(design)
    entry = [line for line in design.payment_lines
             if PAID_WHEN[line.category] == PaidWhen.on_entry]
    groups = {"on exits": exits, "on exits and on entry": exits + entry} if exits else {
        "on entry": entry}
    offered = []
    for paid_on, moved in groups.items():
        share = sum(line.share_pct for line in moved)
        if not share or (paid_on == "on exits and on entry" and not entry):
            continue
        kept = [line for line in design.payment_lines if line not in moved]
        offered += [Candidate(
            f"Move the {_pct(share)} paid {paid_on} ({_quoted(moved)}) to {words(category)}: "
            f"a line paid for {_PAID_FOR[category]}",
            _with_lines(design, _add_share(kept, category, share)), share_moved_pct=share)
            for category in MOVED_TO]
    return offered


def stepped_triggers(design: Design) -> list[Candidate]:
    """Pay outcomes in steps rather than all-or-nothing at a threshold."""
    return _answer_yes(design, "payment_stepped_triggers",
                       "Pay outcomes in steps rather than all-or-nothing at a threshold")


def case_mix_adjustment(design: Design) -> list[Candidate]:
    """Adjust outcome prices for how complex the clients are."""
    return _answer_yes(design, "payment_case_mix_adjusted",
                       "Adjust outcome prices for how complex the clients are")


def remove_exit_penalties(design: Design) -> list[Candidate]:
    """A missed exit target leads to a review, not money, jobs or the contract."""
    pressing = [target for target in design.targets if _presses_exits(target)]
    if not pressing:
        return []
    targets = [target.model_copy(update={"consequence": Consequence.review})
               if target in pressing else target for target in design.targets]
    named = _and([f"'{target.kpi}'" for target in pressing])
    return [Candidate(
        f"Make a miss on {named} lead to a review, not a penalty on money, jobs or the "
        "contract", design.model_copy(update={"targets": targets}),
        cells_changed=len(pressing))]


FAMILIES: tuple[Callable[[Design], list[Candidate]], ...] = (
    hold_exit_payments, cap_exit_share, move_exit_share, stepped_triggers,
    case_mix_adjustment, remove_exit_penalties)


def candidates(design: Design) -> list[Candidate]:
    """Every change the families offer for this design."""
    return [candidate for family in FAMILIES for candidate in family(design)]


# ---------------------------------------------------------------- checking and ranking


def suggest(design: Design, assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
            before: DesignCheck | None = None) -> tuple[Suggestion, ...]:
    """The changes the model shows doing good, best first.

    Those that remove the reward for pushing robustly come first, then by how little
    they change the design (share moved, then answers changed), then by flags left.
    """
    offered = candidates(design)
    checks = check_designs([design] * (before is None) + [c.design for c in offered],
                           assumptions=assumptions)
    before = before or checks.pop(0)
    suggestions = [Suggestion(candidate.change, effect(before, after), after,
                              candidate.share_moved_pct, candidate.cells_changed,
                              after.removes_push_reward and not before.removes_push_reward)
                   for candidate, after in zip(offered, checks, strict=True)
                   if _does_good(before, after)]
    return tuple(sorted(suggestions, key=lambda s: (
        not s.removes_push_reward, s.share_moved_pct, s.cells_changed,
        s.check.count("red"), s.check.count("amber"))))


def effect(before: DesignCheck, after: DesignCheck) -> str:
    """What a change does, as far as the stress test and the rules show: no further."""
    was, now = before.stress.income_gain_pct.central, after.stress.income_gain_pct.central
    gain = f"the gain from pushing goes from {_signed(was)} to {_signed(now)} of the value"
    unchanged = (abs(now - was) < MATERIAL_GAIN_PCT and after.stress.verdict ==
                 before.stress.verdict and after.stress.robust == before.stress.robust)
    if unchanged:
        money = ("The stress test does not change: pushing people out would "
                 + (f"pay as before (about {gbp(after.stress.income_gain_gbp.central)} over "
                    "the term)." if after.rewards_push else "not pay, as before."))
    elif after.removes_push_reward and before.removes_push_reward:
        money = f"Pushing people out did not pay before and still does not ({gain})."
    elif after.removes_push_reward and before.rewards_push:
        money = (f"Pushing people out would no longer pay ({gain}), at both ends of the "
                 "range of every figure that is our own assumption.")
    elif after.removes_push_reward:
        money = (f"Pushing people out would not pay at both ends of the range of every "
                 f"figure that is our own assumption ({gain}); before, it could with "
                 f"{_flip(before.stress.flipped_by[0])}.")
    elif not after.rewards_push:
        money = (f"At the central figures pushing would not pay ({gain}), but this rests "
                 f"on our assumptions: it would pay with {_flip(after.stress.flipped_by[0])}.")
    elif now < was:
        money = f"Pushing people out would still pay, but less: {gain}."
    else:
        money = f"Pushing people out would still pay: {gain}."
    answered, raised = _flag_changes(before, after)
    if answered:
        money += f" It answers {_flags(answered)}."
    if raised:
        money += f" It raises {_flags(raised)}."
    return money


def _does_good(before: DesignCheck, after: DesignCheck) -> bool:
    """The model shows the change doing something: less reward for pushing, or fewer flags."""
    return ((after.removes_push_reward and not before.removes_push_reward)
            or after.stress.income_gain_pct.central
            < before.stress.income_gain_pct.central - MATERIAL_GAIN_PCT
            or bool(_flag_changes(before, after)[0]))


def _flag_changes(before: DesignCheck, after: DesignCheck) -> tuple[Counter, Counter]:
    """Flags the change answers and flags it raises, counted by rule and severity.

    A flag whose wording changes (its figures) but not its severity is neither.
    """
    was = Counter((flag.rule, flag.severity) for flag in before.flags)
    now = Counter((flag.rule, flag.severity) for flag in after.flags)
    return was - now, now - was


def _flags(counted: Counter) -> str:
    """'3 red flags, on: share paid on drug-free exits; ...' in the rules' own titles."""
    by_severity = Counter()
    for (_, severity), count in counted.items():
        by_severity[severity] += count
    how_many = " and ".join(f"{count} {severity}" for severity, count in sorted(
        by_severity.items(), key=lambda item: item[0] != "red"))
    total = sum(by_severity.values())
    titles = dict.fromkeys(_RULE_TITLES[rule] for rule, _ in counted)
    return (f"{how_many} flag{'s' * (total > 1)}, on: "
            + "; ".join(title[:1].lower() + title[1:] for title in titles))


# ---------------------------------------------------------------- helpers

_PAID_FOR = {
    PaymentCategory.retention: "keeping people in treatment",
    PaymentCategory.harm_reduction: "harm reduction while people are in treatment",
    PaymentCategory.safety: "safety outcomes such as fewer drug-related deaths",
}


def _flip(variation: Variation) -> str:
    unit = variation.unit if variation.unit.startswith("%") else f" {variation.unit}"
    return f"{variation.label.lower()} at {variation.value:g}{unit}"


def _exit_lines(design: Design) -> list[PaymentLine]:
    return [line for line in design.payment_lines if line.category in EXIT_CATEGORIES]


def _presses_exits(target: Target) -> bool:
    return target.measure in EXIT_MEASURES and target.costs_money_jobs_or_contract


def _add_share(lines: Sequence[PaymentLine], category: PaymentCategory,
               share: float) -> list[PaymentLine]:
    """The lines with `share` added to the first line of `category` (a new one if none)."""
    lines = list(lines)
    for index, line in enumerate(lines):
        if line.category == category and line.cohort == "all":
            lines[index] = line.model_copy(update={"share_pct": line.share_pct + share})
            return lines
    return [*lines, PaymentLine(outcome=NEW_LINE_NAMES[category], category=category,
                                share_pct=share)]


def _with_lines(design: Design, lines: list[PaymentLine]) -> Design:
    return design.model_copy(update={"payment_lines": lines})


def _answer_yes(design: Design, field: str, change: str) -> list[Candidate]:
    outcome_lines = [line for line in design.payment_lines
                     if line.category != PaymentCategory.block]
    if getattr(design.overview, field) or not outcome_lines:
        return []
    overview = design.overview.model_copy(update={field: True})
    return [Candidate(change, design.model_copy(update={"overview": overview}), cells_changed=1)]


def _quoted(lines: Sequence[PaymentLine]) -> str:
    return _and([f"'{line.outcome}'" for line in lines])


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _pct(value: float) -> str:
    return f"{value:g}%"


def _signed(value: float) -> str:
    return f"{round(value, 1) + 0.0:+.1f}%"  # + 0.0: never "-0.0%"
