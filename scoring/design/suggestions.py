"""Changes that would stop a payment design paying a provider to push people out.

Each family is a pure function from a design to candidate changes, each a function that
makes the change to any design, with what it changes in words and how much of the design
it changes; a family offers nothing where it does not apply. Pairs of changes from
different families are offered too. `suggest` runs every candidate through the rules and
the stress test and keeps those the model shows doing some good without rewarding
another harm, ranked by the harm they remove, then by how little they change.

Some changes are never offered, because the model cannot see what they would reward:
money moved to a deaths measure (a provider can lower deaths among its own clients by
discharging those at highest risk), retention so large that it pays to hold people who
want to leave (checked as its own verdict), and entry money moved without saying that
the model holds new entrants fixed and cannot see what the change does to access.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

from scoring.design.check import DesignCheck, check_designs, design_rules
from scoring.limits import MAX_PAYMENT_LINES, MAX_TARGETS
from scoring.models import (
    EXIT_CATEGORIES,
    PAID_WHEN,
    Cohort,
    Consequence,
    Design,
    FailureEvent,
    PaidWhen,
    PaymentCategory,
    PaymentLine,
    Target,
)
from scoring.rulebook import words
from scoring.stress import DEFAULT_ASSUMPTIONS, DRAWS, PENALISES_PUSH, Assumptions
from scoring.stress.run import EXIT_MEASURES
from scoring.stress.summary import gbp, pct_of_value

HOLD_MONTHS = (6, 12)  # six: the national completion measure; twelve: the pilots' measure
EXIT_SHARE_LIMIT_PCT = 10  # INC-02 flags this much paid on exits
AT_RISK_LIMIT_PCT = 10  # INC-01 scores this much at risk, or less, as safe
# Where money taken off exits may go: lines paid for people staying in treatment or kept
# safe while in it. Not safety (a deaths measure): see the module's docstring.
MOVED_TO = (PaymentCategory.retention, PaymentCategory.harm_reduction)
PARTS = (1.0, 0.5)  # all of a share moved, or half of it
NEW_LINE_NAMES = {
    PaymentCategory.block: "Block payment",
    PaymentCategory.retention: "Retention in treatment",
    PaymentCategory.harm_reduction: "Harm reduction",
}
ALL_FAILURES = tuple(FailureEvent)
MATERIAL_GAIN_PCT = 0.05  # a fall in the gain smaller than this share of value is no effect
MOST_PAIRED = 6  # pairs are made from the best single changes that do not fix it alone
ACCESS_WARNING = (
    "The model holds the number of new people starting treatment fixed, so it cannot see "
    "what this does to access: check that entry money moved does not make it harder to "
    "start treatment (the pilots saw fewer people start)")
LEVEL_RANK = {"red": 2, "amber": 1, None: 0}
_RULE_TITLES = {rule.id: rule.title for rule in design_rules()}


@dataclass(frozen=True)
class Candidate:
    """A change to a design: what it changes in words, and how much of the design.

    `apply` makes the change to the design it was offered for (or, in a pair, to that
    design with the other change already made).
    """

    change: str
    apply: Callable[[Design], Design]
    family: str
    share_moved_pct: float = 0.0  # share of the contract value moved between lines
    cells_changed: int = 0  # other answers changed (windows, clawbacks, Yes/No, targets)
    moves_entry_money: bool = False

    def design(self, design: Design) -> Design:
        return self.apply(design)


@dataclass(frozen=True)
class Suggestion:
    """A candidate change, checked: what it does, as the rules and the stress test show."""

    change: str
    effect: str
    check: DesignCheck
    share_moved_pct: float
    cells_changed: int
    fixes_push_reward: bool  # the design rewarded pushing and, changed, robustly does not

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

        def held(line: PaymentLine, months: int = months) -> PaymentLine:
            return line.model_copy(update={"window_months": max(months, line.window_months or 0),
                                           "clawback": True})

        candidates.append(Candidate(
            f"Pay {_quoted(changed)} only for exits that hold {months} months, and claw the "
            f"payment back from anyone who returns to treatment within them",
            _on_exit_lines(held), "hold", cells_changed=cells))
    return candidates


def count_failures(design: Design) -> list[Candidate]:
    """Count a death, custody or an unplanned exit within the window as a failure."""
    changed = [line for line in _exit_lines(design)
               if not set(ALL_FAILURES) <= line.failures]
    if not changed:
        return []

    def failing(line: PaymentLine) -> PaymentLine:
        return line.model_copy(update={"counts_as_failed": ALL_FAILURES,
                                       "window_months": max(HOLD_MONTHS[0],
                                                            line.window_months or 0)})

    return [Candidate(
        f"Count a death, custody, an unplanned exit or a return to treatment within "
        f"{HOLD_MONTHS[0]} months (or the line's longer window) as a failure that undoes "
        f"{_quoted(changed)}: a person who dies after leaving never comes back, and must "
        f"not count as a success",
        _on_exit_lines(failing), "failures",
        cells_changed=len(changed) + sum(not line.window_months for line in changed))]


def cap_exit_share(design: Design) -> list[Candidate]:
    """Pay at most a tenth of the value on exits; the rest goes into the block."""
    share = sum(line.share_pct for line in _exit_lines(design))
    if share <= EXIT_SHARE_LIMIT_PCT:
        return []
    freed = share - EXIT_SHARE_LIMIT_PCT

    def capped(design: Design) -> Design:
        exits = _exit_lines(design)
        total = sum(line.share_pct for line in exits)
        if total <= EXIT_SHARE_LIMIT_PCT:
            return design
        scale = EXIT_SHARE_LIMIT_PCT / total
        lines = [line.model_copy(update={"share_pct": line.share_pct * scale})
                 if line in exits else line for line in design.payment_lines]
        return _with_lines(design, _add_share(lines, PaymentCategory.block,
                                              total - EXIT_SHARE_LIMIT_PCT))

    return [Candidate(
        f"Pay at most {EXIT_SHARE_LIMIT_PCT}% of the value on exits: scale "
        f"{_quoted(_exit_lines(design))} down from {_pct(share)} to "
        f"{_pct(EXIT_SHARE_LIMIT_PCT)} and put the {_pct(freed)} into the block payment",
        capped, "cap", share_moved_pct=freed)]


def lower_total_at_risk(design: Design) -> list[Candidate]:
    """Put less of the value at risk: every outcome line scaled down, the rest in the block."""
    at_risk = [line for line in design.payment_lines if line.at_risk]
    share = sum(line.share_pct for line in at_risk)
    if share <= AT_RISK_LIMIT_PCT:
        return []

    def lowered(design: Design) -> Design:
        risky = [line for line in design.payment_lines if line.at_risk]
        total = sum(line.share_pct for line in risky)
        if total <= AT_RISK_LIMIT_PCT:
            return design
        scale = AT_RISK_LIMIT_PCT / total
        lines = [line.model_copy(update={"share_pct": line.share_pct * scale})
                 if line.at_risk else line for line in design.payment_lines]
        return _with_lines(design, _add_share(lines, PaymentCategory.block,
                                              total - AT_RISK_LIMIT_PCT))

    return [Candidate(
        f"Put at most {AT_RISK_LIMIT_PCT}% of the value at risk on results: scale every "
        f"outcome line down in proportion, from {_pct(share)} in all to "
        f"{_pct(AT_RISK_LIMIT_PCT)}, and put the {_pct(share - AT_RISK_LIMIT_PCT)} into the "
        f"block payment",
        lowered, "at_risk", share_moved_pct=share - AT_RISK_LIMIT_PCT)]


def move_exit_share(design: Design) -> list[Candidate]:
    """Move what is paid on exits, all or half of it, to retention or harm reduction.

    Entry lines are offered for moving too where a design pays on entry (a person pushed
    out who relapses and comes back is paid for again), always with the access warning.
    """
    exits = _exit_lines(design)
    entry = _entry_lines(design)
    groups = {}
    if exits:
        groups["on exits"] = exits
    if entry:
        groups["on exits and on entry" if exits else "on entry"] = exits + entry
    offered = []
    for paid_on, moved in groups.items():
        share = sum(line.share_pct for line in moved)
        if not share:
            continue
        for part in PARTS:
            for category in MOVED_TO:
                offered.append(_moving(moved, paid_on, share, part, category,
                                       any(line in entry for line in moved)))
    return offered


def first_presentations_only(design: Design) -> list[Candidate]:
    """Pay entry fees for first presentations only, so that a return after a push pays nothing."""
    entry = [line for line in _entry_lines(design) if line.cohort != Cohort.new_presentations]
    if not entry:
        return []

    def first_only(line: PaymentLine) -> PaymentLine:
        return line.model_copy(update={"cohort": Cohort.new_presentations})

    return [Candidate(
        f"Pay {_quoted(entry)} for first presentations only, so that a person who returns "
        f"after leaving earns no second entry fee. {ACCESS_WARNING}",
        _on_lines(first_only, lambda line: PAID_WHEN[line.category] == PaidWhen.on_entry),
        "first_presentations", cells_changed=len(entry), moves_entry_money=True)]


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

    def reviewed(design: Design) -> Design:
        return design.model_copy(update={"targets": [
            target.model_copy(update={"consequence": Consequence.review})
            if _presses_exits(target) else target for target in design.targets]})

    return [Candidate(
        f"Make a miss on {_kpis(pressing)} lead to a review, not a penalty on money, jobs or "
        "the contract", reviewed, "penalties",
        cells_changed=len(pressing))]


def remove_exit_targets(design: Design) -> list[Candidate]:
    """Drop targets that count exits from treatment outright."""
    counting = [target for target in design.targets if target.measure in EXIT_MEASURES]
    if not counting:
        return []

    def removed(design: Design) -> Design:
        return design.model_copy(update={"targets": [
            target for target in design.targets if target.measure not in EXIT_MEASURES]})

    return [Candidate(
        f"Remove the targets that count exits ({_kpis(counting)}): "
        "set ambitions on retention, safety and people's own goals instead", removed,
        "targets", cells_changed=len(counting))]


FAMILIES: tuple[Callable[[Design], list[Candidate]], ...] = (
    hold_exit_payments, count_failures, cap_exit_share, lower_total_at_risk, move_exit_share,
    first_presentations_only, stepped_triggers, case_mix_adjustment, remove_exit_penalties,
    remove_exit_targets)


def candidates(design: Design) -> list[Candidate]:
    """Every single change the families offer for this design, within a workbook's bounds."""
    return [candidate for candidate, _ in _made(_singles(design), design)]


def _singles(design: Design) -> list[Candidate]:
    return [candidate for family in FAMILIES for candidate in family(design)]


def _made(changes: list[Candidate], design: Design) -> list[tuple[Candidate, Design]]:
    """Each change with the design it makes, where a workbook could hold that design: a
    change that adds a line to a design already at the most a workbook may hold could
    never be typed in, so it is not offered."""
    made = ((change, change.design(design)) for change in changes)
    return [(change, changed) for change, changed in made
            if len(changed.payment_lines) <= MAX_PAYMENT_LINES
            and len(changed.targets) <= MAX_TARGETS]


def paired(first: Candidate, second: Candidate) -> Candidate:
    """Two changes made one after the other."""
    return Candidate(
        f"{first.change}; and {second.change[:1].lower()}{second.change[1:]}",
        lambda design: second.apply(first.apply(design)), f"{first.family}+{second.family}",
        first.share_moved_pct + second.share_moved_pct,
        first.cells_changed + second.cells_changed,
        first.moves_entry_money or second.moves_entry_money)


# ---------------------------------------------------------------- checking and ranking


def suggest(design: Design, assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
            before: DesignCheck | None = None, draws: int = DRAWS) -> tuple[Suggestion, ...]:
    """The changes the model shows doing good, best first; pairs of changes among them.

    Nothing is suggested for a design that already penalises pushing and does not reward
    holding people. A change is kept only if it lowers the reward for pushing, answers a
    flag, or lowers a reward for holding people, and never if it makes holding people pay
    more than before. Where a design rewards pushing, pairs of changes are tried among the
    best singles that do not remove the reward alone, and kept where together they do
    better. Ranked by the harm left (how sure a reward for pushing is, then for holding),
    then by the smallest change (share of the value moved, then answers changed), then by
    the flags left.
    """
    before = before or check_designs([design], assumptions=assumptions, draws=draws)[0]
    if before.stress.verdict == PENALISES_PUSH and before.stress.holding_level is None:
        return ()
    singles = _made(_singles(design), design)
    single_checks = check_designs([changed for _, changed in singles],
                                  assumptions=assumptions, draws=draws)
    good = [(c, after) for (c, _), after in zip(singles, single_checks, strict=True)
            if _does_good(before, after)]
    if before.stress.level is not None:  # pairs, where no single change removes the reward
        partial = sorted((pair for pair in good if pair[1].stress.level is not None),
                         key=lambda pair: _rank(*pair))[:MOST_PAIRED]
        pairs = _made([paired(a, b) for (a, _), (b, _) in combinations(partial, 2)
                       if a.family != b.family], design)
        pair_checks = check_designs([changed for _, changed in pairs],
                                    assumptions=assumptions, draws=draws)
        good += [(c, after) for (c, _), after in zip(pairs, pair_checks, strict=True)
                 if LEVEL_RANK[after.stress.level] < LEVEL_RANK[before.stress.level]
                 and _does_good(before, after)]
    suggestions = [Suggestion(candidate.change, effect(before, after), after,
                              candidate.share_moved_pct, candidate.cells_changed,
                              before.rewards_push and after.removes_push_reward)
                   for candidate, after in sorted(good, key=lambda pair: _rank(*pair))]
    return tuple(_unique(suggestions))


def _harm(check: DesignCheck) -> tuple[float, ...]:
    """What harm a design still carries, worst first, for ranking: how sure a reward for
    pushing is, then for holding people, the expected gain from pushing (to 0.1% of the
    value), then red and amber flags."""
    return (LEVEL_RANK[check.stress.level], LEVEL_RANK[check.stress.holding_level],
            round(max(check.stress.mean_gain_pct, 0), 1), check.count("red"),
            check.count("amber"))


def _rank(candidate: Candidate, after: DesignCheck) -> tuple:
    """The harm left, then the smallest change (share moved, then answers changed)."""
    return (*_harm(after), round(candidate.share_moved_pct, 6), candidate.cells_changed)


def _unique(suggestions: list[Suggestion]) -> list[Suggestion]:
    """One suggestion per resulting design (a pair may land where a single change does)."""
    seen, kept = set(), []
    for suggestion in suggestions:
        key = suggestion.design.model_dump_json()
        if key not in seen:
            seen.add(key)
            kept.append(suggestion)
    return kept


def effect(before: DesignCheck, after: DesignCheck) -> str:
    """What a change does, as far as the stress test and the rules show: no further."""
    was, now = before.stress, after.stress
    gain = (f"the expected gain from pushing goes from {_signed(was.mean_gain_pct)} to "
            f"{_signed(now.mean_gain_pct)} of the value, and pushing pays in "
            f"{_share(now.p_gain)} of the joint draws")
    if after.rewards_push:
        if now.mean_gain_pct < was.mean_gain_pct - MATERIAL_GAIN_PCT:
            text = f"Pushing people out would still pay, but less: {gain}."
        elif abs(now.mean_gain_pct - was.mean_gain_pct) < MATERIAL_GAIN_PCT:
            text = ("The stress test hardly changes: pushing people out would pay as before "
                    f"(about {gbp(now.mean_gain_gbp)} over the term).")
        else:
            text = f"Pushing people out would still pay: {gain}."
    elif after.removes_push_reward:
        text = (f"Pushing people out would not pay ({gain}), and that holds at both ends "
                "of the range of every figure that is our own assumption.")
    elif now.verdict == PENALISES_PUSH:
        text = (f"Pushing people out would not pay on average ({gain}), but at the far end "
                f"of one of our own assumptions it could.")
    elif was.verdict == now.verdict:
        text = f"There is still no material incentive to push people out ({gain})."
    else:
        text = f"No material incentive to push people out is left ({gain})."
    if before.stress.holding_level and not now.holding_level:
        text += " It no longer pays to hold people in treatment longer than they choose."
    answered, raised = _flag_changes(before, after)
    if answered:
        text += f" It answers {_flags(answered)}."
    if raised:
        text += f" It raises {_flags(raised)}."
    return text


def _does_good(before: DesignCheck, after: DesignCheck) -> bool:
    """Less reward for pushing (or for holding people), or fewer flags; never a new harm."""
    was, now = before.stress, after.stress
    if LEVEL_RANK[now.holding_level] > LEVEL_RANK[was.holding_level]:
        return False  # it rewards holding people who want to leave
    if now.holding_gain_pct > max(was.holding_gain_pct, 0) + MATERIAL_GAIN_PCT \
            and now.holding_level is not None:
        return False
    less_push = (LEVEL_RANK[now.level] < LEVEL_RANK[was.level]
                 or (before.rewards_push
                     and now.mean_gain_pct < was.mean_gain_pct - MATERIAL_GAIN_PCT))
    less_holding = LEVEL_RANK[now.holding_level] < LEVEL_RANK[was.holding_level]
    return less_push or less_holding or bool(_flag_changes(before, after)[0])


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
    return f"{how_many} flag{'s' * (total > 1)}, on: " + "; ".join(map(_in_sentence, titles))


# ---------------------------------------------------------------- helpers

_PAID_FOR = {
    PaymentCategory.retention: "keeping people in treatment",
    PaymentCategory.harm_reduction: "harm reduction while people are in treatment",
}


def _moving(moved: list[PaymentLine], paid_on: str, share: float, part: float,
            category: PaymentCategory, entry_money: bool) -> Candidate:
    names = {line.outcome for line in moved}
    amount = share * part

    def moving(design: Design) -> Design:
        lines = []
        for line in design.payment_lines:
            if line.outcome in names and line.category != category:
                if part < 1:
                    lines.append(line.model_copy(update={"share_pct": line.share_pct * (1 - part)}))
            else:
                lines.append(line)
        taken = sum(line.share_pct for line in design.payment_lines
                    if line.outcome in names and line.category != category) * part
        return _with_lines(design, _add_share(lines, category, taken))

    how_much = f"the {_pct(share)}" if part == 1 else f"half of the {_pct(share)} ({_pct(amount)})"
    text = (f"Move {how_much} paid {paid_on} ({_quoted(moved)}) to {words(category)}: a line "
            f"paid for {_PAID_FOR[category]}")
    if entry_money:
        text += f". {ACCESS_WARNING}"
    return Candidate(text, moving, f"move_{paid_on}", share_moved_pct=amount,
                     moves_entry_money=entry_money)


def _exit_lines(design: Design) -> list[PaymentLine]:
    return [line for line in design.payment_lines if line.category in EXIT_CATEGORIES]


def _entry_lines(design: Design) -> list[PaymentLine]:
    return [line for line in design.payment_lines
            if PAID_WHEN[line.category] == PaidWhen.on_entry]


def _on_lines(change: Callable[[PaymentLine], PaymentLine],
              which: Callable[[PaymentLine], bool]) -> Callable[[Design], Design]:
    def changed(design: Design) -> Design:
        return _with_lines(design, [change(line) if which(line) else line
                                    for line in design.payment_lines])
    return changed


def _on_exit_lines(change: Callable[[PaymentLine], PaymentLine]) -> Callable[[Design], Design]:
    return _on_lines(change, lambda line: line.category in EXIT_CATEGORIES)


def _presses_exits(target: Target) -> bool:
    return target.measure in EXIT_MEASURES and target.costs_money_jobs_or_contract


def _add_share(lines: Sequence[PaymentLine], category: PaymentCategory,
               share: float) -> list[PaymentLine]:
    """The lines with `share` added to the first line of `category` (a new one if none).

    Shares are kept to two decimals, and the last line takes what rounding leaves, so
    they still add up to 100.
    """
    lines = list(lines)
    for index, line in enumerate(lines):
        if line.category == category and line.cohort == "all":
            lines[index] = line.model_copy(update={"share_pct": line.share_pct + share})
            break
    else:
        lines.append(PaymentLine(outcome=NEW_LINE_NAMES[category], category=category,
                                 share_pct=share))
    lines = [line.model_copy(update={"share_pct": round(line.share_pct, 2)}) for line in lines]
    rest = round(100 - sum(line.share_pct for line in lines), 2)
    if rest:
        last = lines[-1]
        lines[-1] = last.model_copy(update={"share_pct": round(last.share_pct + rest, 2)})
    return [line for line in lines if line.share_pct > 0 or not line.at_risk]


def _with_lines(design: Design, lines: list[PaymentLine]) -> Design:
    return design.model_copy(update={"payment_lines": lines})


def _answer_yes(design: Design, field: str, change: str) -> list[Candidate]:
    outcome_lines = [line for line in design.payment_lines
                     if line.category != PaymentCategory.block]
    if getattr(design.overview, field) or not outcome_lines:
        return []

    def answered(design: Design) -> Design:
        overview = design.overview.model_copy(update={field: True})
        return design.model_copy(update={"overview": overview})

    return [Candidate(change, answered, field, cells_changed=1)]


def _in_sentence(title: str) -> str:
    """A title inside a sentence: first letter small, unless it starts an acronym (OST)."""
    return title if title[:2].isupper() else title[:1].lower() + title[1:]


def _quoted(lines: Sequence[PaymentLine]) -> str:
    return _and([f"'{line.outcome}'" for line in lines])


def _kpis(targets: Sequence[Target]) -> str:
    return _and([f"'{target.kpi}'" for target in targets])


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _pct(value: float) -> str:
    return f"{round(value, 2):g}%"


def _signed(value: float) -> str:
    """A signed share of the value to two decimals; never '+0.00%' for a real change."""
    if value and abs(value) < 0.005:
        return f"{'+' if value > 0 else '-'}{pct_of_value(value)}"
    return f"{round(value, 2) + 0.0:+.2f}%"  # + 0.0: never "-0.00%"


def _share(p_gain: float | None) -> str:
    return "(no draws)" if p_gain is None else f"{p_gain:.0%}"
