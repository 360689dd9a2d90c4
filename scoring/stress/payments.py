"""From the bid's payment table to the provider's income under each strategy.

Each payment line pays for one kind of outcome among one cohort, in its unit (the
Payment sheet's `Paid`). Its price per outcome is its share of the contract value
divided by the outcomes expected under the person-paced strategy (the commissioner's
baseline), so under that strategy every line earns its share; under the target-driven
strategy it earns that price times the outcomes that strategy produces. Block lines pay
the same under both.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import numpy as np

from scoring.models import (
    PAID_WHEN,
    Bid,
    Cohort,
    FailureEvent,
    PaidUnit,
    PaidWhen,
    PaymentCategory,
    PaymentLine,
)
from scoring.stress.model import (
    LONG_TERM,
    LONG_TERM_HELD,
    LONG_TERM_PUSHED,
    LOW_DOSE_PUSHED,
    NEWER,
    NEWER_HELD,
    NON_OPIATE,
    Course,
)

PERSON_PACED, TARGET_DRIVEN, HOLDING = "person_paced", "target_driven", "holding"
STRATEGIES = (PERSON_PACED, TARGET_DRIVEN)  # the push test; HOLDING is its opposite
RE_PRESENTATION_MONTHS = 6  # the national completion measure looks six months ahead

# What a line pays for, as the model counts it, by when it is earned and in what unit.
PRESENTATIONS = "presentations"  # starts of treatment: people coming back, and new people
EPISODES = "episodes"  # people treated: those in treatment at the start, and every start
HELD_EXITS = "held_exits"  # drug-free exits where nothing that counts as failed followed
MONTHS_IN_TREATMENT = "months_in_treatment"
BY_UNIT: dict[PaidUnit, str] = {
    PaidUnit.per_month_in_treatment: MONTHS_IN_TREATMENT,
    PaidUnit.per_review: MONTHS_IN_TREATMENT,  # reviews come at a steady pace in treatment
    PaidUnit.on_caseload: MONTHS_IN_TREATMENT,  # caseload held: a retention payment
}


def counted(line: PaymentLine) -> str | None:
    """What the model counts for a line; None for a fixed block.

    Exit lines pay once per drug-free exit that holds; safety lines for months lived.
    Other lines go by their unit: once per person counts each start of treatment (entry
    lines) or each person treated (outcomes paid once per client); per month, per review
    and on caseload count months in treatment.
    """
    when = PAID_WHEN[line.category]
    if when == PaidWhen.fixed:
        return None
    if when == PaidWhen.on_leaving:
        return HELD_EXITS
    if when == PaidWhen.on_safety:
        return "months_alive"  # fewer drug-related deaths: paid for months lived
    if line.unit == PaidUnit.once_per_person:
        return PRESENTATIONS if when == PaidWhen.on_entry else EPISODES
    return BY_UNIT[line.unit]


@dataclass(frozen=True)
class Caseload:
    """The people in treatment at the start, by how they move."""

    long_term_ost: float
    short_term_opiate: float  # opiate clients on OST for under two years
    low_dose: np.ndarray  # of whom on low doses and pushed too (one figure per draw)
    non_opiate: float

    @classmethod
    def of(cls, bid: Bid, low_dose_share: np.ndarray) -> Caseload:
        overview = bid.overview
        short_term = overview.cohort_opiate_clients - overview.cohort_long_term_ost_clients
        return cls(overview.cohort_long_term_ost_clients, short_term,
                   short_term * low_dose_share / 100,
                   overview.cohort_in_treatment - overview.cohort_opiate_clients)

    def central(self) -> Caseload:
        """The same caseload at the figures' central values alone (the first column)."""
        return replace(self, low_dose=self.low_dose[:1])

    def size(self, cohort: Cohort) -> float:
        """How many people of a line's cohort are in treatment at the start.

        New presentations cannot be told apart in a cohort followed from the start, so
        lines for them count everyone.
        """
        opiate = self.long_term_ost + self.short_term_opiate
        return {Cohort.opiate: opiate, Cohort.long_term_ost: self.long_term_ost,
                Cohort.non_opiate: self.non_opiate, Cohort.alcohol: self.non_opiate,
                }.get(cohort, opiate + self.non_opiate)

    def count(self, per_person: np.ndarray, cohort: Cohort, strategy: str) -> np.ndarray:
        """People-weighted total of a per-person figure (pace x draw) among a cohort.

        Alcohol clients are counted with non-opiate ones; lines for new presentations
        count everyone (see `size`).
        """
        pushing, holding = strategy == TARGET_DRIVEN, strategy == HOLDING
        long_term = self.long_term_ost * per_person[
            LONG_TERM_PUSHED if pushing else LONG_TERM_HELD if holding else LONG_TERM]
        newer = per_person[NEWER_HELD] if holding else per_person[NEWER]
        low_dose = per_person[LOW_DOSE_PUSHED] if pushing else newer
        opiate = (long_term + self.low_dose * low_dose
                  + (self.short_term_opiate - self.low_dose) * newer)
        others = self.non_opiate * per_person[NON_OPIATE]
        if cohort == Cohort.long_term_ost:
            return long_term
        if cohort == Cohort.opiate:
            return opiate
        if cohort in (Cohort.non_opiate, Cohort.alcohol):
            return others
        return opiate + others


@dataclass(frozen=True)
class Contract:
    """The bid's term and value, as the model needs them."""

    months: int
    value_gbp: float  # over the whole term

    @classmethod
    def of(cls, bid: Bid) -> Contract:
        years = bid.overview.contract_term_years
        return cls(round(years * 12), bid.overview.contract_annual_value_gbp * years)


def failures(line: PaymentLine) -> frozenset[str]:
    """What within an exit line's window undoes it.

    As the line says; with nothing said, a window means the exit must hold: a return to
    treatment within it undoes the payment, as a clawback does.
    """
    given = line.failures
    if line.counts_as_failed is None and (line.window_months or 0) > 0:
        given = given | {FailureEvent.re_presentation}
    return frozenset(event.value for event in given)


def window_months(line: PaymentLine, contract: Contract) -> int:
    """How long a drug-free exit must hold, in whole months, before the line keeps paying.

    A clawback with no window, and a payment for non-re-presentation, look six months
    ahead as the national measure does.
    """
    window = math.ceil(line.window_months or 0)
    if window == 0 and (line.clawback or line.category == PaymentCategory.non_representation):
        window = RE_PRESENTATION_MONTHS
    return min(window, contract.months)


def checkpoints(bid: Bid) -> tuple[set[int], set[int]]:
    """The months whose every total the bid needs (its term's end), and those whose exit
    totals it needs (the end less each window)."""
    contract = Contract.of(bid)
    windows = {window_months(line, contract) for line in bid.payment_lines
               if counted(line) == HELD_EXITS}
    return {contract.months}, {contract.months - w for w in windows}


# (window, failures, pushed) -> the chance an exit fails within the window (pace x draw)
FailedWithin = Callable[[int, frozenset[str], bool], np.ndarray]


def outcomes(line: PaymentLine, contract: Contract, caseload: Caseload, course: Course,
             new_presentations_rate: np.ndarray, strategy: str,
             failed_within: FailedWithin) -> np.ndarray:
    """How many of what a line pays for happen over the term, per draw."""
    kind = counted(line)
    end = contract.months
    if kind == HELD_EXITS:
        window, undo = window_months(line, contract), failures(line)
        exits_at = end - window
        pushed = course.at("pushed_drug_free_exits", exits_at)
        chosen = course.at("drug_free_exits", exits_at) - pushed
        if window and undo:
            chosen = chosen * (1 - failed_within(window, undo, False))
            pushed = pushed * (1 - failed_within(window, undo, True))
        return caseload.count(chosen + pushed, line.cohort, strategy)
    if kind in (PRESENTATIONS, EPISODES):
        # a line for new presentations pays for first presentations only: no returns
        returns = (0.0 if line.cohort == Cohort.new_presentations else
                   caseload.count(course.at("re_presentations", end), line.cohort, strategy))
        newcomers = (0.0 if line.cohort == Cohort.long_term_ost else
                     caseload.size(line.cohort) * new_presentations_rate / 100 * end / 12)
        at_start = caseload.size(line.cohort) if kind == EPISODES else 0.0
        return returns + newcomers + at_start
    return caseload.count(course.at(kind, end), line.cohort, strategy)


@dataclass(frozen=True)
class LineIncome:
    """What one payment line pays the provider under each strategy, per draw."""

    index: int  # position in bid.payment_lines
    line: PaymentLine
    person_paced: np.ndarray
    target_driven: np.ndarray
    holding: np.ndarray  # with people held in treatment longer than they would choose


def line_incomes(bid: Bid, course: Course, caseload: Caseload,
                 new_presentations_rate: np.ndarray, failed_within: FailedWithin
                 ) -> Iterator[LineIncome]:
    """Each line's income, one at a time: the caller keeps what it needs of each, so
    memory does not grow with the number of lines."""
    contract = Contract.of(bid)
    for index, line in enumerate(bid.payment_lines):
        money = np.full(caseload.low_dose.shape, line.share_pct / 100 * contract.value_gbp)
        if counted(line) is None:
            yield LineIncome(index, line, money, money, money)
            continue
        paced, pushed, held = (outcomes(line, contract, caseload, course,
                                        new_presentations_rate, s, failed_within)
                               for s in (*STRATEGIES, HOLDING))
        # A line whose outcome cannot happen at all has no price and pays nothing.
        price = np.divide(money, paced, out=np.zeros_like(money), where=paced > 0)
        yield LineIncome(index, line, price * paced, price * pushed, price * held)
